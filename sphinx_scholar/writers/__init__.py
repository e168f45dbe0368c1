"""Visitors for every builder; registered in sphinx_scholar.setup()."""

from docutils import nodes

from ..nodes import deferred_entry, realise, release_subtree
from . import html, latex, text


def visit_deferred_entry(self, node: deferred_entry) -> None:
    """The same for every builder: make the entry, write it, drop it."""
    entry = realise(node)
    body = getattr(self, "body", None)
    start = len(body) if isinstance(body, list) else None
    entry.walkabout(self)
    release_subtree(entry)
    if start is not None:
        # One string per entry instead of some fifty small ones: on a
        # 5,000-entry page that is about 15 MB less when the page is assembled.
        body[start:] = ["".join(body[start:])]
    raise nodes.SkipNode


def depart_deferred_entry(self, node: deferred_entry) -> None:
    pass  # never reached: the visitor skips the placeholder


_DEFERRED = {"deferred_entry": (visit_deferred_entry, depart_deferred_entry)}

VISITORS = {
    "html": html.VISITORS | _DEFERRED,
    "latex": latex.VISITORS | _DEFERRED,
    "text": text.VISITORS | _DEFERRED,
    "man": text.VISITORS_DOCUTILS | _DEFERRED,
    "texinfo": text.VISITORS_DOCUTILS | _DEFERRED,
}
