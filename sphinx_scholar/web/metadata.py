"""Write stage for an entry page's head: Highwire Press, Dublin Core, Open Graph, JSON-LD.

Google Scholar's inclusion guidelines read the Highwire ``citation_*`` tags:
one ``citation_author`` per author in order, the date, the venue by kind,
pages, DOI, and ``citation_pdf_url`` only for a PDF on the site itself.
Everything returned is plain text; :func:`meta_tags` escapes it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ..bib.identifiers import arxiv_id
from ..model import Publication, publication_kind
from ..select import split_keywords
from .export import csl_item, date_parts, date_text, doi_of, field_text, page_range, zotero_item_type

if TYPE_CHECKING:
    from collections.abc import Callable


def _name(author) -> str:
    return f"{author.family}, {author.given}" if author.given else author.family or author.text


def creators(publication: Publication) -> tuple:
    """Whom metadata names as the work's makers: its authors, or an edited volume's editors.

    Google Scholar indexes a page only with a ``citation_author``; for a
    ``@proceedings`` or an edited ``@book`` without authors, the editors are
    the people a reader looks the volume up by, and Scholar lists edited books
    under their editors too.
    """
    authors = tuple(a for a in publication.authors if not a.is_others)
    return authors or tuple(e for e in publication.editors if not e.is_others)


def highwire(publication: Publication, pdf_url: str = "", page_url: str = "") -> list[tuple[str, str]]:
    """(name, content) pairs in the order Google Scholar's guidelines list them."""
    kind = publication_kind(publication)

    def text(field: str) -> str:
        return field_text(publication, field)

    tags = [("citation_title", text("title"))]
    tags += [("citation_author", _name(a)) for a in creators(publication)]
    parts = date_parts(publication)
    if parts:
        # "2024/07/15", "2024/07" or "2024", as Google Scholar's guidelines write dates
        tags.append(("citation_publication_date", date_text(parts, "/")))
    entry_type = publication.entry_type
    if kind in ("article", "preprint") and (publication.get("journal") or publication.get("howpublished")):
        tags.append(("citation_journal_title", text("journal") or text("howpublished")))
    elif entry_type in ("inproceedings", "conference"):
        tags.append(("citation_conference_title", text("booktitle")))
    elif entry_type in ("inbook", "incollection") and publication.get("booktitle"):
        # Google Scholar's name for a chapter's book, and Highwire's (which Zotero reads)
        tags.append(("citation_inbook_title", text("booktitle")))
        tags.append(("citation_book_title", text("booktitle")))
    if kind == "thesis" and publication.get("school"):
        tags.append(("citation_dissertation_institution", text("school")))
    if kind == "report":
        if publication.get("institution"):
            tags.append(("citation_technical_report_institution", text("institution")))
        if publication.get("number"):
            tags.append(("citation_technical_report_number", text("number")))
    issue = "number" if publication.get("number") else "issue"  # biblatex's issue where number is absent
    for field, name in (("volume", "citation_volume"), (issue, "citation_issue")):
        if publication.get(field) and not (field == "number" and kind == "report"):
            tags.append((name, text(field)))
    first, last = page_range(publication)
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    for field, name in (
        ("publisher", "citation_publisher"),
        ("isbn", "citation_isbn"),
        ("issn", "citation_issn"),
        ("language", "citation_language"),
    ):
        if publication.get(field):
            tags.append((name, text(field)))
    doi = doi_of(publication)
    if doi:
        tags.append(("citation_doi", doi))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    keywords = split_keywords(publication.get("keywords"))
    if keywords:
        tags.append(("citation_keywords", "; ".join(keywords)))
    return [(name, value) for name, value in tags if value]


def dublin_core(publication: Publication) -> list[tuple[str, str]]:
    item = csl_item(publication)
    tags = [("DC.title", item.get("title", ""))]
    tags += [("DC.creator", _name(a)) for a in creators(publication)]
    parts = date_parts(publication)
    if parts:
        tags.append(("DC.issued", date_text(parts)))
    # Zotero's item type: its Embedded Metadata translator takes it before any other guess
    # (a @proceedings volume would otherwise be a journal article, from citation_title alone)
    tags.append(("DC.type", zotero_item_type(publication)))
    if item.get("DOI"):
        tags.append(("DC.identifier", f"doi:{item['DOI']}"))
    if item.get("container-title"):
        tags.append(("DC.source", item["container-title"]))
    if item.get("publisher"):
        tags.append(("DC.publisher", item["publisher"]))
    if item.get("abstract"):
        tags.append(("DC.description", item["abstract"]))
    if item.get("language"):
        tags.append(("DC.language", item["language"]))
    return [(name, value) for name, value in tags if value]


def open_graph(publication: Publication, page_url: str, site_name: str) -> list[tuple[str, str]]:
    item = csl_item(publication)
    og_type = "book" if item["type"] == "book" else "article"
    tags = [("og:type", og_type), ("og:title", item.get("title", publication.key))]
    abstract = item.get("abstract", "")
    if abstract:
        tags.append(("og:description", abstract if len(abstract) <= 300 else abstract[:297].rsplit(" ", 1)[0] + "…"))
    if page_url:
        tags.append(("og:url", page_url))
    if site_name:
        tags.append(("og:site_name", site_name))
    parts = date_parts(publication)
    if parts:
        tags.append(("article:published_time", date_text(parts)))
    return [(name, value) for name, value in tags if value]


# BibTeX entry type -> the closest schema.org type (ScholarlyArticle when none is closer)
SCHEMA_TYPES = {
    "book": "Book",
    "proceedings": "Book",  # an edited volume; its papers are ScholarlyArticles that are part of it
    "inbook": "Chapter",
    "incollection": "Chapter",
    "techreport": "Report",
    "report": "Report",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "thesis": "Thesis",
    "software": "SoftwareSourceCode",
    "dataset": "Dataset",
    "online": "WebPage",
    "patent": "CreativeWork",
    "unpublished": "CreativeWork",
}


def schema_type(publication: Publication) -> str:
    kind = publication_kind(publication)
    if kind in ("article", "inproceedings", "preprint"):
        return "ScholarlyArticle"
    if kind == "patent":
        return "CreativeWork"
    if publication.entry_type == "misc":
        # a talk, a poster, a note: a work, not an article
        return "CreativeWork"
    return SCHEMA_TYPES.get(publication.entry_type, "ScholarlyArticle")


def _person(author, orcid_of: Callable[..., str]) -> dict:
    person: dict = {"@type": "Person", "name": author.text}
    if author.given:
        person["givenName"], person["familyName"] = author.given, author.family
    orcid = orcid_of(author)
    if orcid:
        person["sameAs"] = f"https://orcid.org/{orcid}"
    return person


def scholarly_article(
    publication: Publication, orcid_of: Callable[..., str], page_url: str = "", pdf_url: str = ""
) -> dict:
    """The entry as schema.org JSON-LD (ScholarlyArticle, Book, Chapter, Report, Thesis, ...);
    ``orcid_of(author)`` gives an author's ORCID iD or ""."""
    item = csl_item(publication)
    data: dict = {"@context": "https://schema.org", "@type": schema_type(publication)}
    title = item.get("title", publication.key)
    data["name"] = title
    data["headline"] = title if len(title) <= 110 else title[:109] + "…"
    authors = [_person(a, orcid_of) for a in publication.authors if not a.is_others]
    if authors:
        data["author"] = authors
    editors = [_person(e, orcid_of) for e in publication.editors if not e.is_others]
    if editors:
        data["editor"] = editors
    parts = date_parts(publication)
    if parts:
        data["datePublished"] = date_text(parts)
    if item.get("container-title"):
        container_type = "Periodical" if item["type"] == "article-journal" else "CreativeWork"
        if item["type"] in ("paper-conference", "chapter"):
            container_type = "Book"  # proceedings and edited books are books
        data["isPartOf"] = {"@type": container_type, "name": item["container-title"]}
    if item.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    identifiers, same_as = [], []
    doi = doi_of(publication)
    if doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": doi})
        same_as.append(f"https://doi.org/{doi}")
    arxiv = arxiv_id(publication)
    if arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": f"arXiv:{arxiv}"})
        same_as.append(f"https://arxiv.org/abs/{arxiv}")
    isbn = field_text(publication, "isbn")
    if isbn and data["@type"] == "Book":
        data["isbn"] = isbn
    if identifiers:
        data["identifier"] = identifiers[0] if len(identifiers) == 1 else identifiers
        data["sameAs"] = same_as[0] if len(same_as) == 1 else same_as
    if page_url:
        data["url"] = page_url
    if item.get("abstract"):
        data["abstract"] = item["abstract"]
    keywords = split_keywords(publication.get("keywords"))
    if keywords:
        data["keywords"] = keywords
    if pdf_url:
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": pdf_url}
    return data


def meta_tags(pairs: list[tuple[str, str]], attribute: str = "name") -> str:
    return "".join(
        f'<meta {attribute}="{html.escape(name)}" content="{html.escape(value)}" />\n' for name, value in pairs
    )
