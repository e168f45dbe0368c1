"""Translatable labels ("Abstract", "Conference papers", ...) through Sphinx's i18n."""

from sphinx.locale import get_translation

MESSAGE_CATALOG_NAME = "sphinx_scholar"
_translation = get_translation(MESSAGE_CATALOG_NAME)


def _(message: str) -> str:
    """The message in the project's language, as a plain string."""
    return str(_translation(message))
