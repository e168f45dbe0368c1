"""Render stage: one function per part of an entry (badge, title, authors, venue,
links, panels).  Layouts (layouts.py) arrange these parts.

Every value from the bib is untrusted: it only ever becomes docutils Text (which
writers escape) or a URL that passed :func:`urls.safe_url`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes

from ..bib.filecheck import CHECKED_FIELDS, local_url
from ..bib.identifiers import METRIC_FIELDS, arxiv_id, doi_url, identifier_url, metric_url
from ..bib.latex import latex_to_nodes, latex_to_text
from ..bib.lint import PREVIEW_SUFFIXES
from ..bib.localfiles import LocalFileRefused, link_path
from ..bib.names import NameMatcher
from ..bib.urls import is_relative, safe_url
from ..bib.venues import badge_label
from ..config import ScholarConfig, VenueStyle
from ..locale import _
from ..model import LINK_FIELDS, LOCAL_FILE_FIELDS, Author, Publication, is_talk, publication_kind
from .nodes import bibtex_source, part_maker, repeated_part, scholar_badge, scholar_details, scholar_preview
from .richtext import MARKDOWN_FIELDS, rich_text, rich_text_nodes

# Labels for publication kinds (compact layout, group headings).
KIND_LABELS = {
    "article": "Journal article",
    "inproceedings": "Conference paper",
    "preprint": "Preprint",
    "chapter": "Book chapter",
    "book": "Book",
    "thesis": "Thesis",
    "report": "Technical report",
    "patent": "Patent",
    "unpublished": "Unpublished",
    "misc": "Other",
}
KIND_GROUP_LABELS = {
    "article": "Journal articles",
    "inproceedings": "Conference papers",
    "preprint": "Preprints",
    "chapter": "Book chapters",
    "book": "Books",
    "thesis": "Theses",
    "report": "Technical reports",
    "patent": "Patents",
    "unpublished": "Unpublished work",
    "misc": "Other",
}

# Default badge tones (white text on each passes WCAG AA).
_BADGE_TONES = 8


def sentence_separator(text: str) -> str:
    """What goes between ``text`` and the next sentence: no second stop after
    "et al.", an abbreviated venue or a title's "?"."""
    return " " if text.rstrip().endswith((".", "?", "!")) else ". "


@dataclass
class Link:
    kind: str  # field name: pdf, code, ...
    label: str
    url: str = ""  # absolute or relative URL, as written
    download: str = ""  # for a local file: its name among the build's download files


@dataclass
class RenderContext:
    """What rendering needs beyond the entry itself."""

    config: ScholarConfig
    highlight: NameMatcher
    members: NameMatcher | None = None  # everyone declared in the project, for scholar-member
    coauthors: tuple[tuple[NameMatcher, str], ...] = ()
    # (publication, field, relative url) -> download file name of an existing local file, or None
    find_local_file: Callable[[Publication, str, str], str | None] = lambda p, f, v: None
    show_abstract: bool = True
    show_bibtex: bool = True
    max_authors: int = 0
    # publication -> relative URI of its own page (scholar_publication_pages), or None
    page_uri: Callable[[Publication], str | None] = lambda p: None
    # parts that recur across entries (author names) as nodes.repeated_part
    repeated_parts: bool = False
    # the researcher's Google Scholar user id, for entries' google_scholar_id links
    scholar_user: str = ""


# -- badge ----------------------------------------------------------------------


def _tone(abbreviation: str) -> str:
    return f"scholar-tone-{sum(abbreviation.encode('utf-8')) % _BADGE_TONES}"


# The badge of an entry whose venue has none: its kind, so no gutter is left empty.
KIND_BADGES = {
    "article": "Article",
    "inproceedings": "Conference",
    "preprint": "Preprint",
    "chapter": "Chapter",
    "book": "Book",
    "thesis": "Thesis",
    "report": "Report",
    "patent": "Patent",
    "unpublished": "Unpublished",
    "misc": "Misc",
}
_MISC_KINDS = {"software": "Software", "dataset": "Dataset", "online": "Web", "electronic": "Web", "www": "Web"}


def kind_badge_text(publication: Publication) -> str:
    """ "Thesis", "Patent", "Talk", "Software", ...: what a badge without a venue says."""
    kind = publication_kind(publication)
    if kind in ("misc", "unpublished"):
        if publication.entry_type in _MISC_KINDS:
            return _(_MISC_KINDS[publication.entry_type])
        if is_talk(publication):
            return _("Talk")
    return _(KIND_BADGES[kind])


def venue_badge(publication: Publication, context: RenderContext, kind_fallback: bool = False) -> nodes.Element | None:
    """The venue badge; with ``kind_fallback``, the kind ("Thesis 2019") when the venue has none."""
    policy = context.config.badge_year
    text, abbreviation = badge_label(publication, policy)
    if not text:
        if not kind_fallback:
            return None
        text = kind_badge_text(publication)
        if publication.year is not None and policy == "always":
            text += f" {publication.year}"
        if context.repeated_parts:
            return repeated_part(key=("kind-badge", text))
        return kind_badge_span(text)
    venues = context.config.venues
    style = venues.get(abbreviation) or venues.get(re.sub(r"\s*'?\d{2,4}$", "", abbreviation)) or VenueStyle()
    arguments = (text, _tone(abbreviation), style.color, safe_url(style.url) if style.url else None)
    if context.repeated_parts:  # a list has a few dozen distinct badges
        return repeated_part(key=("badge", *arguments))
    return badge_span(*arguments)


@part_maker("badge")
def badge_span(text: str, tone: str, color: str, url: str | None) -> scholar_badge:
    badge = scholar_badge("", classes=["scholar-venue-badge", tone], color=color)
    if url:
        badge += nodes.reference("", text, refuri=url, classes=["scholar-badge-link"])
    else:
        badge += nodes.Text(text)
    return badge


@part_maker("kind-badge")
def kind_badge_span(text: str) -> scholar_badge:
    return scholar_badge("", nodes.Text(text), classes=["scholar-venue-badge", "scholar-kind-badge"])


def kind_label(publication: Publication) -> str:
    return _(KIND_LABELS[publication_kind(publication)])


def kind_group_label(kind: str, overrides: dict[str, str] | None = None) -> str:
    """The heading of a group of one kind: scholar_type_names, else the translated default."""
    if overrides and kind in overrides:
        return overrides[kind]
    return _(KIND_GROUP_LABELS.get(kind, "Other"))


# -- title ------------------------------------------------------------------------


def title_url(publication: Publication) -> str | None:
    for name in ("html", "url"):
        value = publication.get(name)
        if value:
            url = safe_url(value)
            if url:
                return url
    doi = doi_url(publication.get("doi"))
    return doi


def title_nodes(publication: Publication, context: RenderContext | None = None) -> nodes.strong:
    # al-folio shows a title's HTML ("RuO<sub>2</sub>"): the same safe subset as notes
    title = rich_text_nodes(publication.get("title"), markdown=False) or [nodes.Text(_("(untitled)"))]
    strong = nodes.strong("", "", classes=["scholar-title-text"])
    # With publication pages, the title leads to the entry's own page.
    page = context.page_uri(publication) if context is not None else None
    url = page or title_url(publication)
    if url:
        classes = ["scholar-title-link"] + (["scholar-page-link"] if page else [])
        reference = nodes.reference("", "", refuri=url, classes=classes)
        reference.extend(title)
        strong += reference
    else:
        strong.extend(title)
    return strong


# -- authors ----------------------------------------------------------------------


def _coauthor_url(author: Author, context: RenderContext) -> str | None:
    for matcher, url in context.coauthors:
        if matcher.matches(author):
            return safe_url(url)
    return None


def author_node(author: Author, context: RenderContext) -> nodes.Element:
    if author.is_others:
        return nodes.inline("", _("et al."), classes=["scholar-author", "scholar-others"])
    is_self = context.highlight.matches(author)
    is_member = not is_self and context.members is not None and context.members.matches(author)
    url = None if is_self else _coauthor_url(author, context)
    if context.repeated_parts:  # the same few hundred names recur across a long list
        return repeated_part(key=("author", author.text, author.marks, is_self, is_member, url))
    return author_span(author.text, author.marks, is_self, is_member, url)


@part_maker("author")
def author_span(text: str, marks: str, is_self: bool, is_member: bool, url: str | None) -> nodes.inline:
    classes = ["scholar-author"] + (["scholar-self"] if is_self else []) + (["scholar-member"] if is_member else [])
    node = nodes.inline("", "", classes=classes)
    if is_self:
        node += nodes.strong("", text)
    elif url:
        node += nodes.reference("", text, refuri=url, classes=["scholar-coauthor"])
    else:
        node += nodes.Text(text)
    if marks:
        node += nodes.superscript("", marks, classes=["scholar-mark"])
    return node


def _joined(parts: list[nodes.Element]) -> list[nodes.Node]:
    """ "A", "A and B", "A, B, and C"; "et al." joins without "and"."""
    out: list[nodes.Node] = []
    count = len(parts)
    for index, part in enumerate(parts):
        if index:
            is_last = index == count - 1
            others = "scholar-others" in part.get("classes", [])
            if is_last and not others:
                separator = ", and " if count > 2 else " and "
            else:
                separator = ", " if not (is_last and others and count == 2) else " "
            if isinstance(part, repeated_part):
                part["key"] = ("after", separator, *part["key"])  # one node for ", " and the name
            else:
                out.append(nodes.Text(separator))
        out.append(part)
    return out


def author_nodes(authors: tuple[Author, ...], context: RenderContext) -> list[nodes.Node]:
    return _joined([author_node(a, context) for a in authors])


def visible_authors(
    authors: tuple[Author, ...], context: RenderContext, limit: int
) -> tuple[list[Author | None], bool]:
    """The authors shown before "all N authors"; None marks an ellipsis.

    The researcher is never hidden: when they come after the cut, they are
    shown after an ellipsis.
    """
    if not limit or len(authors) <= limit:
        return list(authors), False
    shown: list[Author | None] = list(authors[:limit])
    selves = [a for a in authors[limit:] if context.highlight.matches(a)]
    if selves:
        shown.append(None)
        shown.extend(selves)
    shown.append(None)
    return shown, True


def authors_parts(publication: Publication, context: RenderContext) -> tuple[list[nodes.Node], scholar_details | None]:
    """Inline author nodes, plus a panel with the full list when truncated."""
    authors = publication.authors or publication.editors
    if not authors:
        return [], None
    suffix = [nodes.Text(" " + _("(eds.)"))] if not publication.authors else []
    shown, truncated = visible_authors(authors, context, context.max_authors)
    if not truncated:
        return author_nodes(authors, context) + suffix, None
    parts: list[nodes.Node] = []
    for author in shown:
        if parts:
            parts.append(nodes.Text(", "))
        parts.append(
            nodes.inline("", "…", classes=["scholar-ellipsis"]) if author is None else author_node(author, context)
        )
    panel = scholar_details(
        "",
        summary=_("all {count} authors").format(count=len(authors)),
        print_heading="",
        classes=["scholar-authors-all"],
    )
    panel += nodes.paragraph("", "", *author_nodes(authors, context), classes=["scholar-authors"])
    return parts + suffix, panel


# -- venue line ---------------------------------------------------------------------

_THESIS_LABELS = {"phdthesis": "Ph.D. thesis", "mastersthesis": "Master's thesis", "masterthesis": "Master's thesis"}
# biblatex's patent types (its "type" field), as its English strings say them
_PATENT_TYPES = {
    "patent": "Patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "Patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Where an entry of another type says who published it, in the order shown.
_PUBLISHED_BY = ("howpublished", "organization", "publisher", "school", "institution")


def _text(value: str) -> str:
    return latex_to_text(value).strip()


def venue_nodes(
    publication: Publication, detailed: bool = False, context: RenderContext | None = None
) -> list[nodes.Node]:
    """The venue line: journal/booktitle/school/..., (volume and pages when detailed,) year."""
    spec = venue_spec(publication, detailed)
    if not spec:
        return []
    if context is not None and context.repeated_parts:  # "In Proc. of X, 2024" recurs across a list
        return [repeated_part(key=("venue", spec))]
    return venue_line(spec)


def _patent_segments(get) -> list[tuple[tuple[str, str], ...]]:
    """ "U.S. patent US 10,123,456", then its holder: biblatex's type/location/number/holder,
    and the BibTeX patent styles' nationality/assignee."""
    written_type = _text(get("type"))
    biblatex_type = written_type.lower().replace(" ", "")
    label = _(_PATENT_TYPES.get(biblatex_type, written_type or "Patent"))
    national = biblatex_type in _PATENT_TYPES and biblatex_type not in ("patent", "patreq")  # "U.S. patent"
    country = _text(get("location") or get("country") or get("nationality"))
    number = _text(get("number"))
    words = [label]
    if country and not national and not number.lower().startswith(country.lower()):
        words.append(country)
    if number:
        words.append(number)
    segments: list[tuple[tuple[str, str], ...]] = [(("text", " ".join(words)),)]
    holder = get("holder") or get("assignee")
    if holder:
        segments.append((("latex", holder),))
    return segments


def venue_spec(publication: Publication, detailed: bool = False) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The venue line as segments of ("text" | "latex" | "emphasis", value) pieces: cheap to make and compare."""
    get = publication.get
    entry_type = publication.entry_type
    is_patent = entry_type == "patent" or publication_kind(publication) == "patent"
    segments: list[tuple[tuple[str, str], ...]] = []
    if get("journal"):
        journal: tuple[tuple[str, str], ...] = (("emphasis", get("journal")),)
        if detailed:
            numbers = _text(get("volume")) + (
                f"({_text(get('number') or get('issue'))})" if get("number") or get("issue") else ""
            )
            if get("pages"):
                numbers += (":" if numbers else "") + _text(get("pages"))
            if numbers:
                journal += (("text", ", " + numbers),)
        segments.append(journal)
    elif get("booktitle"):
        segments.append((("text", _("In") + " "), ("emphasis", get("booktitle"))))
        if detailed and get("pages"):
            segments.append((("text", _("pages") + " " + _text(get("pages"))),))
    elif entry_type in _THESIS_LABELS or entry_type == "thesis":
        label = _text(get("type")) or _THESIS_LABELS.get(entry_type) or "Thesis"
        segments.append((("text", _(label)),))
        if get("school") or get("institution"):
            segments.append((("latex", get("school") or get("institution")),))
    elif entry_type in ("techreport", "report"):
        label = _text(get("type")) or _("Technical report")
        segments.append((("text", label + (" " + _text(get("number")) if get("number") else "")),))
        for name in ("institution", "publisher"):
            if get(name) and (name == "institution" or get(name) != get("institution")):
                segments.append((("latex", get(name)),))
    elif is_patent:
        segments.extend(_patent_segments(get))
    else:
        shown: set[str] = set()
        for name in _PUBLISHED_BY:
            # DBLP puts bare URLs into howpublished; those become links, not venues.
            value = get(name)
            if value and "://" not in value and value not in shown:
                shown.add(value)
                segments.append((("latex", value),))
    if get("version"):
        segments.append((("text", _("version") + " " + _text(get("version"))),))
    if detailed and get("publisher") and entry_type in ("book", "inbook", "incollection"):
        segments.append((("latex", get("publisher")),))
    if get("location") and not is_patent:  # a patent's location is its country
        segments.append((("latex", get("location")),))
    year = publication.year
    month = _(MONTH_NAMES[publication.month - 1]) + " " if publication.month and get("month") else ""
    if year is not None:
        segments.append((("text", f"{month}{year}"),))
    elif get("year"):
        segments.append((("latex", get("year")),))
    return tuple(segments)


@part_maker("venue")
def venue_line(spec: tuple[tuple[tuple[str, str], ...], ...]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for segment in spec:
        made: list[nodes.Node] = []
        for kind, value in segment:
            if kind == "text":
                made.append(nodes.Text(value))
            elif kind == "emphasis":
                made.append(nodes.emphasis("", "", *latex_to_nodes(value)))
            else:
                made.extend(latex_to_nodes(value))
        if not made:
            continue
        if out:
            out.append(nodes.Text(", "))
        out.extend(made)
    return out


# -- links --------------------------------------------------------------------------


def link_items(publication: Publication, context: RenderContext) -> list[Link]:
    """The link badges of an entry, deduplicated, in LINK_FIELDS order."""
    links: list[Link] = []
    seen: set[str] = set()

    def add(kind: str, label: str, url: str | None = None, download: str = "") -> None:
        if url and url not in seen:
            seen.add(url)
            links.append(Link(kind, _(label), url, download))

    title_target = title_url(publication)
    for kind, label in LINK_FIELDS:
        if kind == "arxiv":
            identifier = arxiv_id(publication)
            if identifier:
                add(kind, label, "https://arxiv.org/abs/" + identifier)
            continue
        value = publication.get(kind)
        if not value:
            continue
        if kind == "doi":
            add(kind, label, doi_url(value))  # a malformed DOI is reported by lint.py
            continue
        if kind in ("openreview", "hal"):
            add(kind, label, identifier_url(kind, value))
            continue
        url = safe_url(value)
        if url is None:
            continue  # reported by lint.py when the bib was loaded
        if kind == "url" and url == title_target:
            continue  # already the title's link
        if kind in LOCAL_FILE_FIELDS and is_relative(url):
            download = _local_file(publication, kind, url, context)
            if download is not None:
                add(kind, label, url, download=download)
            continue
        add(kind, label, url)
    for kind, label in METRIC_FIELDS:  # plain links where al-folio puts badge scripts
        add(kind, label, metric_url(kind, publication, context.scholar_user))
    return links


def _local_file(publication: Publication, kind: str, url: str, context: RenderContext) -> str | None:
    """The download name of the project's file at ``url``; None when there is none.

    A missing or refused file was reported when the bib was loaded (bib/filecheck.py).
    """
    try:
        return context.find_local_file(publication, kind, url)
    except LocalFileRefused:
        return None


def local_file_links(publication: Publication, context: RenderContext) -> list[Link]:
    """The entry's files in the project (a relative pdf, slides, ..., its preview), looked up.

    What :func:`link_items` and :func:`preview_node` look up, without the rest
    of their work: the pages register these when they are read, for every
    entry of every list.
    """
    links = []
    for kind in CHECKED_FIELDS:
        url = local_url(publication, kind)
        if url is not None:
            download = _local_file(publication, kind, url, context)
            if download is not None:
                links.append(Link(kind, kind, url, download))
    return links


PREVIEW_VIDEO_SUFFIXES = (".mp4", ".webm")


def preview_node(publication: Publication, context: RenderContext) -> scholar_preview | None:
    """al-folio's ``preview``: the project's image or video, or None (reported when the bib was loaded)."""
    url = local_url(publication, "preview")
    suffix = os.path.splitext(link_path(url or ""))[1].lower()
    if url is None or suffix not in PREVIEW_SUFFIXES:  # lint.py reported any other
        return None
    found = _local_file(publication, "preview", url, context)
    if not found:
        return None
    download, _sep, size = found.partition("\0")  # "name\0WxH", from the page that registered it
    width, _sep, height = size.partition("x")
    media = "video" if suffix in PREVIEW_VIDEO_SUFFIXES else "image"
    return scholar_preview(
        "", filename=download, width=int(width or 0), height=int(height or 0), media=media, classes=[]
    )


def link_node(link: Link, text: str, classes: list[str]) -> nodes.Element:
    classes = ["scholar-link", f"scholar-link-{link.kind}", *classes]
    if link.download:
        # Already registered with env.dlfiles when the page was read.
        node = addnodes.download_reference(
            "", "", reftarget=link.url, filename=link.download, refexplicit=True, classes=classes
        )
        node += nodes.Text(text)
        return node
    return nodes.reference("", text, refuri=link.url, classes=classes)


# -- extra lines and panels ------------------------------------------------------------


def note_nodes(publication: Publication) -> list[nodes.Node]:
    """``note`` (HTML subset) and al-folio's ``additional_info`` (Markdown), one after the other."""
    out: list[nodes.Node] = []
    for field in ("note", "additional_info"):
        text = publication.get(field)
        if not text.strip() or (field == "note" and _says_arxiv_preprint(publication, text)):
            continue
        if out:
            out.append(nodes.Text(" "))
        out += rich_text_nodes(text.lstrip(". "), markdown=field in MARKDOWN_FIELDS)
    return out


def _says_arxiv_preprint(publication: Publication, text: str) -> bool:
    """ "arXiv preprint arXiv:..." in a note repeats the preprint's badge and link."""
    return "arxiv" in text.lower() and publication_kind(publication) == "preprint"


def annotation_nodes(publication: Publication) -> list[nodes.Node]:
    """al-folio's ``annotation`` (a popover there; a small line here, so it works without script)."""
    text = publication.get("annotation")
    return rich_text_nodes(text, markdown=True) if text.strip() else []


def award_nodes(publication: Publication) -> list[nodes.Node]:
    award = publication.get("award")
    name = publication.get("award_name")
    if not award and not name:
        return []
    badge = scholar_badge("", classes=["scholar-award-badge"])
    badge += nodes.Text(rich_text(name, markdown=True) if name else _("Award"))
    out: list[nodes.Node] = [badge]
    if award and award.strip().lower() not in ("true", "yes"):
        out += [nodes.Text(" "), *rich_text_nodes(award, markdown=True)]
    return out


def abstract_nodes(abstract: str) -> list[nodes.Node]:
    """An abstract is LaTeX, its markup shown as text; one with a Markdown link
    ("[github.com/x](https://...)", as al-folio sites write) is read as Markdown."""
    if _MARKDOWN_LINK.search(abstract):
        return rich_text_nodes(abstract, markdown=True)
    return latex_to_nodes(abstract)


_MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:)[^)\s]+\)")


def abstract_panel(publication: Publication, summary: str, print_heading: str) -> scholar_details | None:
    abstract = publication.get("abstract")
    if not abstract.strip():
        return None
    panel = scholar_details("", summary=summary, print_heading=print_heading, classes=["scholar-abstract"])
    panel += nodes.paragraph("", "", *abstract_nodes(abstract))
    return panel


def bibtex_panel(publication: Publication) -> scholar_details | None:
    if not publication.bibtex:
        return None
    # "no-search": BibTeX source is noise in the search index.
    panel = scholar_details("", summary="BibTeX", print_heading="", classes=["scholar-bibtex", "no-search"])
    # An empty rawsource marks the block as pre-formatted text: builders that
    # write it as a literal_block do not run it through Pygments.
    panel += bibtex_source("", publication.bibtex, classes=["scholar-bibtex-source"])
    return panel


# -- search ------------------------------------------------------------------------------

# Fields of the award and note lines (the title and venue line come from their specs).
_LINE_FIELDS = ("award", "award_name", "note", "additional_info", "annotation")


def search_text(publication: Publication, context: RenderContext) -> str:
    """The words an entry shows, for Sphinx's search index, without making its nodes.

    The venue line's words (the year among them) come from the spec the entry
    is built from, with volume, pages and publisher as detailed layouts show
    them; the kind label is the one compact entries and entry pages show.
    """
    badge = badge_label(publication, context.config.badge_year)[0] or kind_badge_text(publication)
    words = [badge, kind_label(publication), rich_text(publication.get("title"), markdown=False)]
    for segment in venue_spec(publication, detailed=True):
        words += [value if kind == "text" else latex_to_text(value) for kind, value in segment]
    words += [rich_text(publication.get(name), markdown=name in MARKDOWN_FIELDS) for name in _LINE_FIELDS]
    words += [author.text for author in publication.authors or publication.editors]
    if context.show_abstract:
        abstract = publication.get("abstract")
        words.append(rich_text(abstract, markdown=True) if _MARKDOWN_LINK.search(abstract) else latex_to_text(abstract))
    return " ".join(word for word in words if word)
