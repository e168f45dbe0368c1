"""The scholar domain: per-document facts, :pub: cross-references, the inventory.

The environment holds only small facts: for each document the queries its
lists ran with a digest of what they showed, where it lists which entries, and
which entries its :pub: references quote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..bib import latex
from ..bib.latex import plain_text
from ..bib.venues import venue_text
from ..render.parts import sentence_separator
from ..select import ListQuery
from .state import READER_CONVERSIONS, bibliography_for

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils import nodes
    from sphinx import addnodes
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..model import Publication, Researcher

logger = logging.getLogger(__name__)


class PublicationReferenceRole(XRefRole):
    """:pub:`key` (or :pub:`text <key>`): a link to the entry where it is listed."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Also registered as the bare role :pub:, which carries no domain name.
        result, messages = super().run()
        for node in result:
            if isinstance(node, addnodes.pending_xref):
                node["refdomain"], node["reftype"] = "scholar", "pub"
        return result, messages

    def process_link(
        self, env: BuildEnvironment, refnode: nodes.Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        publication = bibliography_for(env).get(target.strip())
        if publication is not None and not has_explicit_title:
            title = short_title(publication)
        fingerprint = publication.fingerprint if publication is not None else ""
        scholar_domain(env).note_reference(env.docname, target.strip(), fingerprint)
        return title, target.strip()


def short_title(publication: Publication) -> str:
    """The title up to its first colon: "Sparse Rényi Attention" of "Sparse Rényi Attention: ..."."""
    title = plain_text(publication.get("title")) or publication.key
    return title.split(": ", 1)[0]


def citation_text(publication: Publication) -> str:
    """A one-line citation for tooltips: authors, title, venue, year."""
    authors = ", ".join(a.text for a in publication.authors[:6]) + (", et al." if len(publication.authors) > 6 else "")
    parts = [authors, plain_text(publication.get("title")), venue_text(publication), str(publication.year or "")]
    return joined_sentences(parts)


def joined_sentences(parts: list[str]) -> str:
    """ "A, B, et al." + "Title?" + "Venue" -> "A, B, et al. Title? Venue": no stop after a stop."""
    text = ""
    for part in parts:
        if not part:
            continue
        if text:
            text += sentence_separator(text)
        text += part
    return text


class ScholarDomain(Domain):
    name = "scholar"
    label = "sphinx-scholar"
    data_version = 10  # bump when the shape of ``data`` changes
    object_types: ClassVar[dict] = {"pub": ObjType("publication", "pub")}
    roles: ClassVar[dict] = {"pub": PublicationReferenceRole(innernodeclass=nodes.inline)}
    initial_data: ClassVar[dict] = {
        "files": {},  # bib path -> sha256 of its bytes
        # docname -> [(ListQuery, digest of what the list showed, digest of the bib then)]
        "lists": {},
        # docname -> {key: (anchor, whether the list is a full, unfiltered list)}
        "entries": {},
        # docname -> {key: fingerprint of the entry when the page was read}, for :pub:
        "refs": {},
        # docname -> [Researcher (without bio)] declared by researcher directives
        "researchers": {},
        # digest of everyone declared, when pages were last written (researchers.people_digest)
        "people_digest": "",
        # metadata file path -> sha256, for scholar_researcher files
        "metadata": {},
        # docname -> key of the entry the page is about (scholar_publication_pages)
        "pages": {},
        # docname -> [(whether the list is full, its keys in the order shown)], for previous/next
        "sequences": {},
        # entry page docname -> EntryNavigation, settled once pages are read (entrynav.py)
        "navigation": {},
        # docname -> [(CV file path, whether the directive shows the whole CV)], for the PDF and its check
        "cvs": {},
        # docname -> [(ISO date or "", plain text, anchor, whether the list shows every item)], for the news feed
        "news": {},
    }

    PER_DOCUMENT = ("lists", "entries", "refs", "researchers", "pages", "sequences", "cvs", "news")

    def clear_doc(self, docname: str) -> None:
        for kind in self.PER_DOCUMENT:
            self.data[kind].pop(docname, None)
        self._places = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict) -> None:
        latex.preload_conversions(otherdata.get(READER_CONVERSIONS, {}))
        for docname in docnames:
            for kind in self.PER_DOCUMENT:
                if docname in otherdata[kind]:
                    self.data[kind][docname] = otherdata[kind][docname]
        self._places = None

    def note_researcher(self, docname: str, researcher: Researcher) -> None:
        """A researcher the page declares; small: the bio stays in the doctree."""
        self.data["researchers"].setdefault(docname, []).append(researcher)

    def note_cv(self, docname: str, path: str, whole: bool) -> None:
        self.data["cvs"].setdefault(docname, []).append((path, whole))

    def note_news(self, docname: str, items: list[tuple[str, str, str, bool]]) -> None:
        self.data["news"].setdefault(docname, []).extend(items)

    def note_page(self, docname: str, key: str) -> None:
        self.data["pages"][docname] = key

    def note_reference(self, docname: str, key: str, fingerprint: str) -> None:
        """A :pub: reference; its text comes from the entry, so an edit re-reads the page."""
        self.data["refs"].setdefault(docname, {})[key.casefold()] = fingerprint

    def note_entry(self, docname: str, key: str, anchor: str, full: bool) -> None:
        """The first place a page lists an entry; cross-references point there."""
        self.data["entries"].setdefault(docname, {}).setdefault(key.casefold(), (anchor, full, key))
        self._places = None

    def note_sequence(self, docname: str, full: bool, keys: tuple[str, ...]) -> None:
        """The keys one list directive shows, in order, across its groups."""
        self.data["sequences"].setdefault(docname, []).append((full, keys))

    _places: dict[str, tuple[str, str, str]] | None = None  # folded key -> (docname, anchor, key)

    def find_entry(self, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the page that lists ``key``: a full list wins, then the first page."""
        if self._places is None:
            best: dict[str, tuple[bool, str, str, str]] = {}
            for docname, entries in self.data["entries"].items():
                for folded, (anchor, full, original) in entries.items():
                    candidate = (not full, docname, anchor, original)
                    if folded not in best or candidate < best[folded]:
                        best[folded] = candidate
            self._places = {folded: place[1:] for folded, place in best.items()}
        place = self._places.get(key.casefold())
        return place[:2] if place else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ != "pub":
            return None
        place = self.find_entry(target)
        publication = bibliography_for(env).get(target)
        if publication is None:
            logger.warning(f"unknown publication key {target!r}", location=node, type="scholar", subtype="unknown_key")
            return None
        if place is None:
            logger.warning(
                f"publication {target!r} is not listed on any page, so :pub: cannot link to it",
                location=node,
                type="scholar",
                subtype="unlisted",
            )
            return None
        docname, anchor = place
        reference = make_refnode(builder, fromdocname, docname, anchor, contnode, citation_text(publication))
        reference["classes"].append("scholar-pub-ref")
        return reference

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every listed entry, for the inventory (intersphinx)."""
        self.find_entry("")  # builds the index
        for docname, anchor, key in sorted((self._places or {}).values(), key=lambda place: place[2]):
            yield key, key, "pub", docname, anchor, 1

    def note_list(self, docname: str, query: ListQuery, digest: str, bib_digest: str) -> None:
        """What a list (or a pubcount) showed, to tell later whether a bib edit changes it."""
        self.data["lists"].setdefault(docname, []).append((query, digest, bib_digest))

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        place = self.find_entry(target)
        if place is None:
            return []
        resolved = self.resolve_xref(env, fromdocname, builder, "pub", target, node, contnode)
        return [("scholar:pub", resolved)] if resolved is not None else []


def scholar_domain(env: BuildEnvironment) -> ScholarDomain:
    """The project's ScholarDomain, typed as such."""
    return cast(ScholarDomain, env.get_domain("scholar"))
