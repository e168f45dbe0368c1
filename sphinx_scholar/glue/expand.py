"""Write-time expansion of publication lists (render stage).

The directive records a plan (see ``nodes.publication_list``); a
``doctree-resolved`` handler (for linkcheck, a post-transform) turns it into
entries with the current bibliography.  Doing it when a page is written keeps
the pickled doctree small and keeps Sphinx's transforms away from thousands of
entry nodes.
"""

from __future__ import annotations

import functools
import gc
import re
import weakref
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..bib.names import matcher_for
from ..bib.venues import badge_label
from ..config import ScholarConfig, scholar_config
from ..model import publication_kind
from ..people.researchers import member_spellings, scholar_user_id, write_time_researcher
from ..people.stats import is_named, researcher_matcher
from ..render.layouts import LAYOUTS
from ..render.nodes import (
    defer,
    deferred_entry,
    forget_deferred,
    publication_downloads,
    publication_list,
    put_in_place,
    release_subtree,
    set_aside,
)
from ..render.parts import RenderContext, search_text
from ..select import split_keywords
from .pages import expand_downloads, page_extras, page_uri_function
from .state import bibliography_for

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibdata import Bibliography
    from ..bib.names import NameMatcher
    from ..model import Publication

PLAN_ATTRIBUTES = ("scholar_plan", "scholar_options", "scholar_files")
LARGE_LIST = 500  # entries on one page from which rendering is reported
logger = logging.getLogger(__name__)


def render_context(
    settings: ScholarConfig,
    options: dict,
    find_local_file: Callable[[Publication, str, str], str | None] | None = None,
    highlight: NameMatcher | None = None,
    members: NameMatcher | None = None,
) -> RenderContext:
    """The context both the directive (to validate) and the expansion (to render) use."""
    context = RenderContext(
        config=settings,
        highlight=highlight if highlight is not None else matcher_for(()),
        members=members,
        coauthors=tuple((matcher_for(spellings), url) for spellings, url in settings.coauthors),
        show_abstract=options.get("show_abstract", True),
        show_bibtex=options.get("show_bibtex", True),
        max_authors=options.get("max_authors", settings.max_authors),
    )
    if find_local_file is not None:
        context.find_local_file = find_local_file
    return context


# Entries made for HTML writers hold recurring parts (names, badges, venue
# lines) as nodes.repeated_part, written once per page; tests turn it off to
# compare with parts made in place.
REUSE_PARTS = True


def expand_list(
    node: publication_list,
    bibliography: Bibliography,
    settings: ScholarConfig,
    env: BuildEnvironment,
    docname: str,
    builder: Builder | None = None,
) -> None:
    files = node["scholar_files"]
    options = node["scholar_options"]
    whose = write_time_researcher(env, docname, options.get("researcher"))
    highlight = researcher_matcher(whose, bibliography)
    members = matcher_for(member_spellings(env, bibliography)) if options.get("members") else None
    # Link problems were reported when the page was read; rendering is silent.
    context = render_context(
        settings,
        options,
        find_local_file=lambda p, field, url: files.get(f"{p.key}\0{field}"),
        highlight=highlight,
        members=members,
    )
    context.page_uri = page_uri_function(builder, docname)
    context.scholar_user = scholar_user_id(whose)
    # HTML writers make each entry when they reach it (see nodes.deferred_entry).
    deferred = builder is not None and builder.format == "html"
    context.repeated_parts = deferred and REUSE_PARTS
    if whose is not None and not options.get("page"):
        _warn_missing_researcher(node, whose, highlight, bibliography)
    layout = LAYOUTS[node["layout"]]
    with_facets = bool(node.get("facets"))
    children: list[nodes.Node] = []
    indexed: set[str] = set()  # words already given to the search index by this list
    for key, entry_id, number in node["scholar_plan"]:
        publication = bibliography.get(key)
        if publication is None:
            continue
        make = functools.partial(_entry, layout, publication, context, entry_id, number, with_facets)
        children.append(defer(make, _new_words(search_text(publication, context), indexed)) if deferred else make())
        if options.get("page"):
            children.extend(page_extras(publication, builder, docname, settings))
    if deferred and children:
        # where a -j writer may split the list
        cast(nodes.Element, children[0])["list_size"] = sum(isinstance(child, deferred_entry) for child in children)
    node.children = []
    node.extend(children)
    for attribute in PLAN_ATTRIBUTES:
        del node[attribute]


# A word with a letter: Sphinx's index splits words on \W and drops those made
# of digits only, so pages, volumes and years would only take up memory.
_INDEXABLE = re.compile(r"[^\W\d]")


def _new_words(text: str, indexed: set[str]) -> str:
    """The words of ``text`` not in ``indexed`` (which gains them).

    Sphinx's search index keeps a set of pages per word, so a word a list has
    already given it adds nothing.  (The 5,000-entry synthetic list shows
    540,000 words, 191 of them distinct; real lists repeat less, but names,
    venues and common words still repeat.)  Words without a letter are left out.
    """
    fresh = []
    for word in text.split():
        if word not in indexed:
            indexed.add(word)
            if _INDEXABLE.search(word):
                fresh.append(word)
    return " ".join(fresh)


def _entry(layout, publication, context: RenderContext, entry_id: str, number, with_facets: bool) -> nodes.Element:
    entry = layout(publication, context)
    entry["ids"] = [entry_id]
    entry["classes"].append(f"scholar-type-{publication.entry_type}")
    if publication.selected:
        entry["classes"].append("scholar-selected")
    if number is not None:
        title = entry.children[0]  # every layout starts with the title line
        title.insert(0, nodes.Text(" "))
        title.insert(0, nodes.inline("", f"[{number}]", classes=["scholar-number"]))
    if with_facets:
        entry["facet_values"] = facet_values(publication)
    return entry


def _warn_missing_researcher(node: publication_list, whose, highlight, bibliography) -> None:
    """The silent miss: entries in someone's list that do not name them."""
    missing = []
    for key, _entry_id, _number in node["scholar_plan"]:
        publication = bibliography.get(key)
        if publication is not None and not is_named(publication, highlight):
            missing.append(key)
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        logger.warning(
            f"{whose.name!r} is not found among the authors or editors of {len(missing)} entr"
            f"{'y' if len(missing) == 1 else 'ies'} of their list: {shown} (add the spelling used there to "
            "the researcher's aliases, or use :researcher: none for a list that is not theirs)",
            location=node,
            type="scholar",
            subtype="researcher_missing",
        )


def facet_values(publication: Publication) -> dict[str, str]:
    """What the browser-side facet bar filters on, as data attributes of the entry."""
    return {
        "year": str(publication.year or ""),
        "type": publication_kind(publication),
        "tag": "|".join(split_keywords(publication.get("keywords"))),
        "venue": badge_label(publication)[1],
    }


def expand_lists(
    doctree: nodes.document, env: BuildEnvironment, docname: str = "", builder: Builder | None = None
) -> None:
    for made_aside in list(doctree.findall(set_aside)):
        put_in_place(made_aside)
    for downloads in list(doctree.findall(publication_downloads)):
        expand_downloads(downloads, bibliography_for(env), builder, docname)
    lists = [node for node in doctree.findall(publication_list) if "scholar_plan" in node]
    if not lists:
        return
    count = sum(len(node["scholar_plan"]) for node in lists)
    if count >= LARGE_LIST:
        logger.info(f"[scholar] rendering {count} entries for {docname or 'a page'}")
    bibliography = bibliography_for(env)
    settings = scholar_config(env.config)
    # Building many small nodes triggers the cyclic collector again and again
    # (each node points to its parent); nothing here is garbage yet.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for node in lists:
            expand_list(node, bibliography, settings, env, docname, builder)
            _EXPANDED.append(weakref.ref(node))
        if count >= LARGE_LIST:
            # What lives until the page is written (the bibliography, the
            # placeholders, or for non-HTML builders the entries) is kept out
            # of the collector's scans; forked -j writers then also leave
            # its memory pages shared.  This pass's cyclic garbage is collected
            # first: pylatexenc leaves a cycle (an exception and the frames it
            # passed through, up to expand_list's) for some strings it reads.
            gc.collect(0)
            _COLLECTOR_FROZEN[:] = [True]
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


# Lists expanded in this process, released when the build ends.
_EXPANDED: list[weakref.ref] = []
_COLLECTOR_FROZEN: list[bool] = []  # [True] once expand_lists froze the collector in this build


def release_expanded_lists(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: break the parent/child cycles of rendered entries.

    Written pages are garbage by now, but cyclic garbage that only a full
    collection frees; freeing them here by reference counting is far cheaper
    (and keeps the interpreter's exit fast).
    """
    for reference in _EXPANDED:
        node = reference()
        if node is not None:
            release_subtree(node)
    _EXPANDED.clear()
    forget_deferred()
    if _COLLECTOR_FROZEN:
        _COLLECTOR_FROZEN.clear()
        gc.unfreeze()


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Expand after the post-transforms: none of them has work in our entries,
    and each would otherwise walk thousands of entry nodes."""
    expand_lists(doctree, app.env, docname, app.builder)


class ExpandForLinkcheck(SphinxPostTransform):
    """linkcheck collects links in a post-transform, so expand before it there."""

    builders = ("linkcheck",)
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        expand_lists(self.document, self.env, self.env.path2doc(self.document["source"]) or "")
