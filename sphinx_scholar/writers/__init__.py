"""Write stage: visitors for our nodes in every builder (HTML, LaTeX, text, man, Texinfo).

May import ``render.nodes`` and the stages before it; registered in ``sphinx_scholar.setup()``.
Takes the node trees ``render`` made; hands markup to Sphinx's translators.
"""

from typing import Any

from . import html, latex, text
from .entries import (
    depart_skipped,
    stop_helpers,
    use_processes,
    visit_deferred_entry,
    visit_repeated_part,
    visit_set_aside,
)

__all__ = ["VISITORS", "stop_helpers", "use_processes"]

_DEFERRED: dict[str, Any] = {
    "deferred_entry": (visit_deferred_entry, depart_skipped),
    "repeated_part": (visit_repeated_part, depart_skipped),
    "set_aside": (visit_set_aside, depart_skipped),
}

VISITORS: dict[str, dict[str, Any]] = {
    "html": html.VISITORS | _DEFERRED,
    "latex": latex.VISITORS | _DEFERRED,
    "text": text.VISITORS | _DEFERRED,
    "man": text.VISITORS_DOCUTILS | _DEFERRED,
    "texinfo": text.VISITORS_DOCUTILS | _DEFERRED,
}
