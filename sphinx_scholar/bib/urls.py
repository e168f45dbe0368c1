"""The one place that decides whether a URL read from a bib file may be linked."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers ignore ASCII whitespace and control characters inside a scheme
# ("java\tscript:"), so they are removed before the scheme is judged.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
# LaTeX escapes that DBLP, Zotero and Mendeley put into URL fields.
_LATEX_URL_ESCAPE = re.compile(r"\\([_%&#$~])")


@functools.lru_cache(maxsize=16384)
def clean_url_field(value: str) -> str:
    """Undo the LaTeX escaping that bib exporters apply to URLs."""
    value = _LATEX_URL_ESCAPE.sub(r"\1", value.strip())
    value = value.replace("{", "").replace("}", "")
    value = value.replace("$\\backslash$", "")
    return value.strip()


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


@functools.lru_cache(maxsize=16384)  # an entry's DOI or URL is judged for its title, its badges and its exports
def safe_url(value: str) -> str | None:
    """The URL if it is http(s), mailto or relative; None for anything else."""
    value = clean_url_field(value)
    if not value or "\\" in value:
        return None
    compact = _IGNORED_BY_BROWSERS.sub("", value)
    scheme = _SCHEME.match(compact)
    if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return None
    # Inner spaces are legal in a pasted URL; control characters never are.
    value = re.sub(r"[\x00-\x1f\x7f]", "", value).replace(" ", "%20")
    return value


def is_relative(url: str) -> bool:
    if url.startswith(("https://", "http://")):  # most links; urlsplit is slow
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("#")
