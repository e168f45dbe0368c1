"""Visitors for every builder; registered in sphinx_scholar.setup()."""

from . import html, latex, text

VISITORS = {
    "html": html.VISITORS,
    "latex": latex.VISITORS,
    "text": text.VISITORS,
    "man": text.VISITORS_DOCUTILS,
    "texinfo": text.VISITORS_DOCUTILS,
}
