"""Entry pages' way back: the lists that show the entry, and its previous and next entry.

The facts come from the domain (where each page lists which entries, in what
order) and are settled in the main process once pages are read
(``pages_with_new_navigation``), so an entry page is written again only when what its
navigation says has changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.errors import NoUri

from ..bib.latex import plain_text
from ..locale import _
from ..render.nodes import scholar_entry_nav
from .domain import scholar_domain
from .state import bibliography_for

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class Place(NamedTuple):
    docname: str
    anchor: str
    title: str  # the page's title, as text


class Neighbour(NamedTuple):
    docname: str  # its entry page
    key: str
    fingerprint: str  # so that an edit to its title writes this page again; the title stays in the bib


class EntryNavigation(NamedTuple):
    places: tuple[Place, ...]  # the home list's page first
    previous: Neighbour | None
    next: Neighbour | None


def _title(publication) -> str:
    return plain_text(publication.get("title")) or publication.key


def navigations(env: BuildEnvironment) -> dict[str, EntryNavigation]:
    """Entry page docname -> its navigation, for every entry page of the project."""
    domain = scholar_domain(env)
    pages: dict[str, str] = domain.data["pages"]
    if not pages:
        return {}
    page_of_key = {key.casefold(): docname for docname, key in pages.items()}
    bibliography = bibliography_for(env)
    listed_in: dict[str, list[tuple[str, str]]] = {}
    for docname, entries in sorted(domain.data["entries"].items()):
        for folded, (anchor, _full, _key) in entries.items():
            listed_in.setdefault(folded, []).append((docname, anchor))
    # folded key -> (previous key, next key) in the list it belongs to on its home page
    neighbours: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for docname, sequences in domain.data["sequences"].items():
        # full lists first: their order is the one a visitor steps through
        for _full, keys in sorted(sequences, key=lambda sequence: not sequence[0]):
            for index, key in enumerate(keys):
                before = keys[index - 1] if index else None
                after = keys[index + 1] if index + 1 < len(keys) else None
                neighbours.setdefault((docname, key.casefold()), (before, after))

    def titled(docname: str) -> str:
        title = env.titles.get(docname)
        return title.astext() if title is not None else docname

    def neighbour(key: str | None) -> Neighbour | None:
        if key is None:
            return None
        publication = bibliography.get(key)
        docname = page_of_key.get(key.casefold())
        if publication is None or docname is None:
            return None
        return Neighbour(docname, publication.key, publication.fingerprint)

    result = {}
    for page, key in pages.items():
        folded = key.casefold()
        home = domain.find_entry(key)
        places = sorted(listed_in.get(folded, []), key=lambda place: place != home)
        before, after = neighbours.get((home[0], folded), (None, None)) if home else (None, None)
        result[page] = EntryNavigation(
            tuple(Place(docname, anchor, titled(docname)) for docname, anchor in places),
            neighbour(before),
            neighbour(after),
        )
    return result


def pages_with_new_navigation(env: BuildEnvironment) -> list[str]:
    """Record every entry page's navigation; the pages whose navigation changed."""
    domain = scholar_domain(env)
    now = navigations(env)
    changed = [page for page, navigation in now.items() if domain.data["navigation"].get(page) != navigation]
    domain.data["navigation"] = now
    return changed


def navigation_node(builder: Builder, docname: str) -> scholar_entry_nav | None:
    """Links from an entry page to where it is listed and to its neighbours (HTML)."""
    # settled for every entry page before writing starts (env-get-updated)
    navigation = scholar_domain(builder.env).data["navigation"].get(docname)
    if navigation is None or not (navigation.places or navigation.previous or navigation.next):
        return None

    def link(target: str, anchor: str, text: str, classes: list[str]) -> nodes.reference | None:
        try:
            uri = builder.get_relative_uri(docname, target)
        except NoUri:
            return None
        return nodes.reference(text, text, refuri=f"{uri}#{anchor}" if anchor else uri, classes=classes)

    nav = scholar_entry_nav(label=_("Where this entry is listed"))
    linked = (link(place.docname, place.anchor, place.title, ["scholar-listed-in-link"]) for place in navigation.places)
    listed = [reference for reference in linked if reference is not None]
    if listed:
        paragraph = nodes.paragraph("", "", classes=["scholar-listed-in"])
        paragraph += nodes.inline(_("Listed in:"), _("Listed in:"), classes=["scholar-listed-in-label"])
        for index, reference in enumerate(listed):
            paragraph += nodes.Text(" " if index == 0 else ", ")
            paragraph += reference
        nav += paragraph
    bibliography = bibliography_for(builder.env)
    steps = nodes.paragraph("", "", classes=["scholar-entry-steps"])
    for neighbour, word, classes in (
        (navigation.previous, _("Previous"), "scholar-entry-previous"),
        (navigation.next, _("Next"), "scholar-entry-next"),
    ):
        publication = bibliography.get(neighbour.key) if neighbour is not None else None
        if neighbour is None or publication is None:
            continue
        step = link(neighbour.docname, "", "", ["scholar-entry-step", classes])
        if step is None:
            continue
        title = _title(publication)
        step += nodes.inline(word, word, classes=["scholar-entry-step-label"])
        step += nodes.inline(title, title, classes=["scholar-entry-step-title"])
        steps += step
    if steps.children:
        nav += steps
    return nav if nav.children else None
