"""sphinx-scholar's own doctree nodes.  Every builder gets a visitor (writers/)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes

from ..bib.mathml import bib_math

if TYPE_CHECKING:
    from collections.abc import Callable


class publication_list(nodes.General, nodes.Element):
    """A publication list (one per group); ``layout`` names the arrangement,
    ``list_id`` ties the groups of one directive together, ``facets`` names the
    facet bar's menus.

    The directive leaves it empty with a plan of what to show, and the
    ``doctree-resolved`` handler in expand.py fills it when a page is written,
    so pickled doctrees stay small.  Plan attributes (removed on expansion):

    - ``scholar_plan``: ``[(key, entry id, number or None), ...]``
    - ``scholar_options``: ``{"show_abstract": bool, "show_bibtex": bool, "max_authors": int}``
    - ``scholar_files``: ``{"key\0field": download file name}`` for local files
    """


class publication_entry(nodes.General, nodes.Element):
    """One entry; ``ids`` carries the BibTeX key so that page.html#key deep-links."""


class scholar_badge(nodes.Inline, nodes.TextElement):
    """A venue or award badge.  ``color`` (validated) overrides the default tone."""


class scholar_preview(nodes.General, nodes.Element):
    """al-folio's ``preview``: a thumbnail image or a video, from a file of the project.

    ``filename`` is its download file name; ``width`` and ``height`` are the
    image's own (0 for a video), so the page keeps its place while it loads;
    ``media`` is "image" or "video".  Only HTML shows it.
    """


class scholar_details(nodes.General, nodes.Element):
    """A collapsible panel: ``<details>`` in HTML.

    ``summary`` is the toggle text; ``print_heading`` says what other builders
    show before the content, and an empty value means they leave it out.
    """


class publication_downloads(nodes.General, nodes.Element):
    """Where a list offers its entries as files; ``keys`` lists them.  Replaced
    when the page is written: links for HTML, nothing for other builders."""


class scholar_entry_nav(nodes.General, nodes.Element):
    """An entry page's links to the lists that show it and to its neighbours:
    ``<nav>`` named by ``label`` in HTML; other builders have no entry pages."""


class bibtex_source(nodes.literal_block):
    """An entry's BibTeX as pre-formatted text, never highlighted (one Pygments
    formatter per block once dominated writing).  Builders without a visitor
    of their own write it as the literal block it is."""


class facet_bar(nodes.General, nodes.Element):
    """The facet bar of the list ``list_id`` (menus for ``facets``, a search box): written
    with the page in HTML, so its room is there from the first paint, and shown and filled
    by sphinx-scholar.js (hidden without scripts); nothing in other builders."""


class set_aside(nodes.General, nodes.Element):
    """Nodes made when a page is read, kept out of the tree (in ``made``) until it is resolved.

    Sphinx runs some sixty transforms over a page as it is read, each walking every
    node, and a CV's entries need none of them (a 100-entry CV is some 3,000 nodes,
    and a fifth of a second of transforms).  ``glue.expand`` puts the nodes in place
    for every builder; a writer that meets one anyway writes what it holds.
    """


def aside(made: list[nodes.Node]) -> set_aside:
    return set_aside("", made=made)


def put_in_place(node: set_aside) -> None:
    made = node["made"]
    del node["made"]
    node.replace_self(made)


class deferred_entry(nodes.General, nodes.Element):
    """An entry made only when a writer reaches it, then dropped (HTML builders).

    A 5,000-entry list is some 200,000 nodes; made one entry at a time, a page
    never holds them all.  Its one Text child is the entry's words, for
    Sphinx's search index (which reads the page before it is written);
    ``maker`` names the callable in ``_MAKERS`` that renders the entry; the
    first entry of a list carries ``list_size``.
    """


# maker number -> callable returning the rendered publication_entry.  Filled
# when a page is resolved (forked parallel writers inherit it), emptied when
# the build ends.
_MAKERS: dict[int, Callable[[], nodes.Element]] = {}
_NUMBERS = itertools.count()


def defer(make: Callable[[], nodes.Element], search_text: str) -> deferred_entry:
    number = next(_NUMBERS)
    _MAKERS[number] = make
    return deferred_entry("", nodes.Text(search_text), maker=number)


def realise(node: deferred_entry) -> nodes.Element:
    """The rendered entry, attached where the placeholder is (not among its parent's children)."""
    entry = _MAKERS[node["maker"]]()
    entry.parent = node.parent
    entry.document = node.document  # type: ignore[assignment]  # in a document when written
    return entry


def forget_deferred() -> None:
    _MAKERS.clear()


def release_subtree(node: nodes.Element) -> None:
    """Break the parent/child cycles below ``node``, so that reference counting
    frees it at once (a full collection would be far slower)."""
    # Emptying every children list is enough: what is left points only upwards.
    stack = [node]
    while stack:
        element = stack.pop()
        children, element.children = element.children, []
        stack.extend(child for child in children if isinstance(child, nodes.Element))


class repeated_part(nodes.Inline, nodes.Element):
    """A small part that recurs across a list's entries, such as an author's name.

    ``key`` is ``(kind, *arguments)``: the maker registered for ``kind``, given
    the arguments, returns the part's node (or inline nodes).  Writers make
    them once per key and page and reuse what they wrote; entries made for an
    HTML writer (``deferred_entry``) hold these instead of the nodes themselves.
    """


_PART_MAKERS: dict[str, Callable[..., nodes.Node | list[nodes.Node]]] = {}


def part_maker(kind: str) -> Callable[[Callable], Callable]:
    """Register the function that makes the node(s) of a ``repeated_part`` of this kind."""

    def register(make):
        _PART_MAKERS[kind] = make
        return make

    return register


def _made(kind: str, *arguments) -> list[nodes.Node]:
    made = _PART_MAKERS[kind](*arguments)
    return made if isinstance(made, list) else [made]


@part_maker("after")
def _after(separator: str, kind: str, *arguments) -> list[nodes.Node]:
    """A part preceded by a separator (", " before a name)."""
    return [nodes.Text(separator), *_made(kind, *arguments)]


def make_part(node: repeated_part) -> list[nodes.Node]:
    """The part's nodes, attached where ``node`` is (not among its parent's children)."""
    made = _made(*node["key"])
    for child in made:
        child.parent = node.parent
        child.document = node.document  # type: ignore[assignment]
    return made


ALL_NODES = (
    facet_bar,
    set_aside,
    bib_math,
    publication_list,
    publication_entry,
    scholar_badge,
    scholar_details,
    scholar_preview,
    scholar_entry_nav,
    bibtex_source,
    deferred_entry,
    repeated_part,
)
