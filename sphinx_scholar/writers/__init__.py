"""Visitors for every builder; registered in sphinx_scholar.setup()."""

from docutils import nodes
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, parallel_available

from ..nodes import deferred_entry, realise, release_subtree
from . import html, latex, text

logger = logging.getLogger(__name__)

# In a ``-j N`` build, a list of at least this many entries is written in up to
# N parts: forked helpers write the later parts while the writer does the first.
SPLIT_FROM = 500
_PROCESSES = [1]  # the build's -j, set at builder-inited; forked writers inherit it

_written: dict[int, str] = {}  # maker -> HTML of an entry a helper wrote
_helpers: dict[int, ParallelTasks] = {}  # maker of a helper's first entry -> the helper


def use_processes(count: int) -> None:
    _PROCESSES[0] = count


def visit_deferred_entry(self, node: deferred_entry) -> None:
    """The same for every builder: make the entry, write it, drop it."""
    maker = node["maker"]
    if maker in _helpers:
        _helpers.pop(maker).join()  # the helper's half starts here
    if maker in _written:
        self.body.append(_written.pop(maker))
        raise nodes.SkipNode
    body = getattr(self, "body", None)
    if isinstance(body, list):
        _split(self, node)
        start = len(body)
        _write(self, node)
        # One string per entry instead of some fifty small ones: on a
        # 5,000-entry page that is about 15 MB less when the page is assembled.
        body[start:] = ["".join(body[start:])]
    else:
        _write(self, node)
    raise nodes.SkipNode


def _write(translator, node: deferred_entry) -> None:
    entry = realise(node)
    entry.walkabout(translator)
    release_subtree(entry)


def _split(translator, node: deferred_entry) -> None:
    """At the first entry of a long list in a -j build: fork a helper for each later part.

    A helper starts from this writer's state, and entries leave none behind
    (each one's tags are balanced), so its HTML is what this writer would make.
    """
    if node.get("list_size", 0) < max(SPLIT_FROM, 2) or _PROCESSES[0] < 2 or not parallel_available:
        return
    if getattr(translator.builder, "format", "") != "html":
        return
    siblings = [child for child in node.parent.children if isinstance(child, deferred_entry)]
    parts = min(_PROCESSES[0], len(siblings) * 2 // SPLIT_FROM)
    bounds = [len(siblings) * number // parts for number in range(parts + 1)]
    logger.info(f"[scholar] writing {len(siblings)} entries in {parts} processes")
    for start, end in zip(bounds[1:-1], bounds[2:], strict=True):
        part = siblings[start:end]
        helper = ParallelTasks(2)
        helper.add_task(_write_in_helper, (translator, part), lambda _arg, result: _collect(translator, result))
        _helpers[part[0]["maker"]] = helper


def _write_in_helper(work) -> tuple[dict[int, str], bool]:
    translator, entries = work
    written = {}
    for node in entries:
        start = len(translator.body)
        _write(translator, node)
        written[node["maker"]] = "".join(translator.body[start:])
        del translator.body[start:]
    return written, bool(getattr(translator, "_has_maths_elements", False))


def _collect(translator, result: tuple[dict[int, str], bool]) -> None:
    written, has_math = result
    _written.update(written)
    if has_math:
        translator._has_maths_elements = True  # Sphinx loads MathJax on pages that set it


def stop_helpers(app, exception) -> None:
    """build-finished: a helper is only left over when writing its page failed."""
    for helper in _helpers.values():
        helper.terminate()
    _helpers.clear()
    _written.clear()


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
