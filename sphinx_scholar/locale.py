"""Translatable labels ("Abstract", "Conference papers", ...) through Sphinx's i18n."""

from sphinx.locale import get_translation, get_translator, is_translator_registered

MESSAGE_CATALOG_NAME = "sphinx_scholar"
_translation = get_translation(MESSAGE_CATALOG_NAME)


def _(message: str) -> str:
    """The message in the project's language, as a plain string."""
    return str(_translation(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, translated."""
    if not is_translator_registered(MESSAGE_CATALOG_NAME, "general"):
        return singular if count == 1 else plural
    return get_translator(MESSAGE_CATALOG_NAME, "general").ngettext(singular, plural, count)
