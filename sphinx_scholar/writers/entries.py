"""Writing deferred entries (nodes.deferred_entry), the same for every builder.

Each entry is made when the writer reaches it, walked, and dropped; with
``-j N`` forked helpers write the later parts of a long list.
"""

from __future__ import annotations

import glob
import itertools
import os
import pickle
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator
from sphinx.util.parallel import ParallelTasks, parallel_available

from ..render.nodes import deferred_entry, make_part, realise, release_subtree, repeated_part, set_aside

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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
        _helpers.pop(maker).join()  # the helper's part starts here
    if maker in _written:
        self.body.append(_written.pop(maker))
        raise nodes.SkipNode
    if isinstance(getattr(self, "body", None), list):
        _split(self, node)
        # One string per entry instead of some fifty small ones: on a
        # 5,000-entry page that is about 15 MB less when the page is assembled.
        self.body.append(_output_of(self, lambda: _write(self, node)))
    else:
        _write(self, node)
    raise nodes.SkipNode


def _output_of(translator, write) -> str:
    """What ``write()`` adds to the translator's body, as one string taken out of it."""
    start = len(translator.body)
    write()
    written = "".join(translator.body[start:])
    del translator.body[start:]
    return written


def _walk_part(translator, node: repeated_part) -> None:
    for made in make_part(node):
        made.walkabout(translator)


def visit_repeated_part(self, node: repeated_part) -> None:
    """HTML: write the part's node once per key and page, then reuse that output.

    Inline nodes' HTML does not depend on where they stand; other formats
    (which never get these from expand.py) just write the node.
    """
    if getattr(self.builder, "format", "") != "html":
        _walk_part(self, node)
        raise nodes.SkipNode
    written = self.__dict__.setdefault("_scholar_parts", {})
    key = node["key"]
    output = written.get(key)
    if output is None:
        output = written[key] = _output_of(self, lambda: _walk_part(self, node))
    self.body.append(output)
    raise nodes.SkipNode


def _write(translator, node: deferred_entry) -> None:
    entry = realise(node)
    if _plain_dispatch(translator):
        remembering = _remembering_starttag(translator)
        if remembering is not None:
            translator.starttag = remembering
        try:
            _walkabout(entry, translator, translator.__dict__.setdefault("_scholar_methods", {}))
        finally:
            if remembering is not None:
                del translator.starttag
    else:
        entry.walkabout(translator)
    release_subtree(entry)


_STARTTAGS_KEPT = 2048  # a layout makes a few dozen distinct tags; this bounds odd ones


def _remembering_starttag(translator):
    """docutils' ``starttag`` for this translator, remembering the tags it made.

    An entry's fifteen tags are mostly the same from entry to entry (``<p
    class="scholar-authors">``), and docutils builds each one anew: a fifth of
    writing a long list.  A tag depends only on what the key holds when the
    element has no ids, is no table and is not inside a mailto link; None when
    the translator has a ``starttag`` of its own (a theme's).
    """
    stock = type(translator).starttag
    if stock is not HTMLTranslator.starttag or "starttag" in translator.__dict__:
        return None
    remembering = translator.__dict__.get("_scholar_starttag")
    if remembering is not None:
        return remembering
    made: dict[tuple, str] = {}

    def starttag(node, tagname, suffix="\n", empty=False, **attributes):
        if (
            node.get("ids")
            or "ids" in attributes
            or "href" in attributes
            or translator.in_mailto
            or isinstance(node, nodes.table)
        ):
            return stock(translator, node, tagname, suffix, empty, **attributes)  # links differ from entry to entry
        key = (tagname, suffix, empty, *node.get("classes", ()), None, *attributes.items())
        try:
            tag = made.get(key)
        except TypeError:  # a list among the attribute values
            return stock(translator, node, tagname, suffix, empty, **attributes)
        if tag is None:
            tag = stock(translator, node, tagname, suffix, empty, **attributes)
            if len(made) < _STARTTAGS_KEPT:
                made[key] = tag
        return tag

    translator.__dict__["_scholar_starttag"] = starttag
    return starttag


def _plain_dispatch(translator) -> bool:
    """Whether the translator finds its methods the way Sphinx does, without debug output."""
    kind = type(translator)
    return (
        kind.dispatch_visit is SphinxTranslator.dispatch_visit
        and kind.dispatch_departure is SphinxTranslator.dispatch_departure
        and not translator.document.reporter.debug_flag
    )


def _walkabout(node: nodes.Node, translator, methods: dict) -> bool:
    """``node.walkabout(translator)``: the same visitor methods in the same order.

    docutils formats two debug messages per node even when they are not
    shown, and Sphinx looks each method up along the node's class hierarchy;
    for an entry's fifty nodes both are done once per node class instead
    (a tenth of writing a long list).
    """
    kind = type(node)
    found = methods.get(kind)
    if found is None:
        found = methods[kind] = (_method(translator, kind, "visit_"), _method(translator, kind, "depart_"))
    visit, depart = found
    call_depart = True
    stop = False
    try:
        try:
            visit(node)
        except nodes.SkipNode:
            return stop
        except nodes.SkipDeparture:
            call_depart = False
        try:
            for child in node.children[:]:
                if _walkabout(child, translator, methods):
                    stop = True
                    break
        except nodes.SkipSiblings:
            pass
    except nodes.SkipChildren:
        pass
    except nodes.StopTraversal:
        stop = True
    if call_depart:
        depart(node)
    return stop


def _method(translator, kind: type, prefix: str):
    # SphinxTranslator.dispatch_visit / dispatch_departure, looked up once
    for node_class in kind.__mro__:
        method = getattr(translator, prefix + node_class.__name__, None)
        if method:
            return method
    return translator.unknown_visit if prefix == "visit_" else translator.unknown_departure


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
    for start, end in itertools.pairwise(bounds[1:]):
        part = siblings[start:end]
        helper = ParallelTasks(2)
        helper.add_task(_write_in_helper, (translator, part), lambda _arg, result: _collect(translator, result))
        _helpers[part[0]["maker"]] = helper


def _part_file(builder, pid: int | str) -> str:
    return os.path.join(str(builder.doctreedir), f"scholar-part-{pid}.pickle")


def _write_in_helper(work) -> tuple[str, bool]:
    """Write a part and hand its entries' HTML over in a file in the doctree folder.

    Read back in pickle's frames, the strings cost the writer 1.9 MB less at its
    peak than the same strings sent through Sphinx's result pipe, which arrive
    as one message (iridia's list with -j 2).
    """
    translator, entries = work
    written = {node["maker"]: _output_of(translator, lambda node=node: _write(translator, node)) for node in entries}
    path = _part_file(translator.builder, os.getpid())
    with open(path, "wb") as handle:
        pickle.dump(written, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path, bool(getattr(translator, "_has_maths_elements", False))


def _collect(translator, result: tuple[str, bool]) -> None:
    path, has_math = result
    with open(path, "rb") as handle:
        _written.update(pickle.load(handle))
    os.remove(path)
    if has_math:
        translator._has_maths_elements = True  # Sphinx loads MathJax on pages that set it


def stop_helpers(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: a helper (or its file) is only left over when writing its page failed."""
    for helper in _helpers.values():
        helper.terminate()
    _helpers.clear()
    _written.clear()
    for path in glob.glob(_part_file(app.builder, "*")):
        os.remove(path)


def visit_html_only(self, node: nodes.Element) -> None:
    """Builders without HTML's pictures and pages leave out previews and entry-page navigation."""
    raise nodes.SkipNode


def visit_set_aside(self, node: set_aside) -> None:
    """Nodes a page left aside when no resolving put them in place (glue.expand does, always)."""
    for made in node["made"]:
        made.walkabout(self)
    raise nodes.SkipNode


def depart_skipped(self, node: nodes.Element) -> None:
    pass  # never reached: the node's visitor raises SkipNode
