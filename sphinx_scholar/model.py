"""Small, picklable records that every later stage works on.

Field values stay as the raw BibTeX (LaTeX) strings; rendering converts them.
Names are decoded once at load time because matching needs plain text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar"),
            ("feb", "february", "février", "februar"),
            ("mar", "march", "mars", "märz"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin", "juni"),
            ("jul", "july", "juillet", "juli"),
            ("aug", "august", "août"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre", "oktober"),
            ("nov", "november", "novembre"),
            ("dec", "december", "décembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}
_TRUE_WORDS = frozenset({"true", "yes", "1", "on"})


@dataclass(frozen=True, slots=True)
class Author:
    """One person of an author or editor list, as displayed."""

    text: str  # display form, "Given von Family, Jr."; LaTeX decoded, marks removed
    given: str = ""
    family: str = ""
    marks: str = ""  # contribution marks typed into the name: "*", "†", ...
    is_others: bool = False  # BibTeX's "and others"


@functools.lru_cache(maxsize=4096)  # asked for by sorting, grouping, rendering and exports, for few distinct values
def _year_in(value: str) -> int | None:
    match = re.search(r"\d{4}", value)
    return int(match.group()) if match else None


@dataclass(frozen=True, slots=True)
class Publication:
    key: str
    entry_type: str  # lower case
    fields: dict[str, str]  # lower-case field name -> raw BibTeX value
    authors: tuple[Author, ...]
    editors: tuple[Author, ...]
    bibtex: str  # what visitors may copy: presentation-only fields removed
    source: str  # bib file path
    line: int  # line of the entry's "@" in that file
    fingerprint: str = field(default="", compare=False)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def year(self) -> int | None:
        return _year_in(self.fields.get("year") or self.fields.get("date", ""))

    @property
    def month(self) -> int:
        raw = self.fields.get("month", "").strip().lower().rstrip(".")
        if raw.isdigit():
            return int(raw) if 1 <= int(raw) <= 12 else 0
        if raw in _MONTHS:
            return _MONTHS[raw]
        date = re.match(r"\d{4}-(\d{1,2})", self.fields.get("date", ""))
        return int(date.group(1)) if date else 0

    def flag(self, name: str) -> bool:
        """A yes/no field such as ``selected`` or ``hidden``."""
        return self.fields.get(name, "").strip().strip("{}").lower() in _TRUE_WORDS

    @property
    def selected(self) -> bool:
        return self.flag("selected")

    @property
    def hidden(self) -> bool:
        return self.flag("hidden")

    @property
    def has_title(self) -> bool:
        return bool(self.fields.get("title", "").strip(" {}\t\n"))

    @property
    def listed(self) -> bool:
        """Shown in lists, entry pages and feeds: not hidden, and with a title (none is invented)."""
        return not self.hidden and self.has_title


@dataclass(frozen=True, slots=True)
class Researcher:
    """A person whose profile a site shows and whose name lists highlight.

    Built by profile.py from a directive, a metadata file or conf.py; every
    value is untrusted text until rendering escapes or vets it.
    """

    name: str
    aliases: tuple[str, ...] = ()
    orcid: str = ""  # bare identifier, 0000-0002-1825-0097
    position: str = ""
    affiliation: str = ""
    email: str = ""
    photo: str = ""  # a vetted URL, or the absolute path of an existing local file
    # (service, URL, identifier or absolute path of an existing local file)
    links: tuple[tuple[str, str], ...] = ()
    bio: str = ""  # reST or MyST source from a metadata file
    source: str = ""  # metadata file it came from, for warnings
    bio_line: int = 0  # 1-based line of the bio in ``source``, 0 when unknown

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def identity(self) -> tuple[str, tuple[str, ...], str]:
        """What decides whose name a list highlights."""
        return (self.name, self.aliases, self.orcid)


_PREPRINT_SERVERS = re.compile(
    r"\b(arxiv|corr|biorxiv|medrxiv|chemrxiv|ssrn|psyarxiv|eprint archive|preprints?)\b", re.IGNORECASE
)
_KIND_OF_TYPE = {
    "article": "article",
    "inproceedings": "inproceedings",
    "conference": "inproceedings",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "masterthesis": "thesis",  # a common misspelling
    "thesis": "thesis",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "techreport": "report",
    "report": "report",
    "patent": "patent",
    "unpublished": "unpublished",
    "preprint": "preprint",
}


# Every kind publication_kind() returns, in the default order of type groups.
TYPE_ORDER = (
    "article",
    "inproceedings",
    "preprint",
    "chapter",
    "book",
    "thesis",
    "report",
    "patent",
    "unpublished",
    "misc",
)


_TALK = re.compile(r"\b(talks?|keynote|seminar|colloquium|presentation|presented|invited lecture|lecture)\b", re.I)


def is_talk(publication: Publication) -> bool:
    """A ``@misc`` or ``@unpublished`` whose type, howpublished, note or event says it was a talk."""
    said = " ".join(publication.get(name) for name in ("type", "howpublished", "note", "eventtitle"))
    return bool(_TALK.search(said))


def publication_kind(publication: Publication) -> str:
    """A coarse kind for labels and grouping: article, inproceedings, preprint, thesis, ..."""
    kind = _KIND_OF_TYPE.get(publication.entry_type, "misc")
    if kind == "misc" and "patent" in publication.get("type").lower():
        return "patent"  # "@misc" with type = {Patent application}, as homepages store patents
    if kind in ("article", "misc", "unpublished", "report"):
        venue = " ".join(publication.get(name) for name in ("journal", "howpublished", "publisher", "note"))
        archive = (publication.get("archiveprefix") or publication.get("eprinttype")).lower()
        if _PREPRINT_SERVERS.search(venue) or (kind != "article" and (archive == "arxiv" or publication.get("arxiv"))):
            return "preprint"
    return kind


# -- the field vocabulary ---------------------------------------------------------

# Link fields in display order: (field, badge label); al-folio's vocabulary
# plus the identifiers that exporters write.
LINK_FIELDS = (
    ("html", "HTML"),
    ("pdf", "PDF"),
    ("arxiv", "arXiv"),
    ("doi", "DOI"),
    ("code", "Code"),
    ("slides", "Slides"),
    ("poster", "Poster"),
    ("supp", "Supp"),
    ("video", "Video"),
    ("blog", "Blog"),
    ("website", "Website"),
    ("openreview", "OpenReview"),
    ("hal", "HAL"),
    ("url", "URL"),
)
# Link fields whose relative values name files to copy into the built site.
LOCAL_FILE_FIELDS = frozenset({"pdf", "slides", "poster", "supp", "video"})
# Link fields that may hold a bare identifier rather than a URL.
IDENTIFIER_FIELDS = frozenset({"arxiv", "doi", "openreview", "hal"})

KNOWN_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "electronic",
        "www",
        "patent",
        "thesis",
        "report",
        "preprint",
        "software",
        "dataset",
        "collection",
        "mvbook",
        "mvcollection",
        "periodical",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "reference",
        "mvreference",
        "inreference",
        "bookinbook",
        "standard",
        "artwork",
        "audio",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "video",
    ]
)

KNOWN_FIELDS = frozenset(
    [
        "address",
        "annote",
        "author",
        "booktitle",
        "chapter",
        "crossref",
        "edition",
        "editor",
        "howpublished",
        "institution",
        "journal",
        "key",
        "month",
        "note",
        "number",
        "organization",
        "pages",
        "publisher",
        "school",
        "series",
        "title",
        "type",
        "volume",
        "year",
        "abstract",
        "addendum",
        "date",
        "doi",
        "eprint",
        "eprinttype",
        "eprintclass",
        "archiveprefix",
        "primaryclass",
        "isbn",
        "issn",
        "issue",
        "keywords",
        "language",
        "langid",
        "location",
        "url",
        "urldate",
        "file",
        "ids",
        "pubstate",
        "subtitle",
        "titleaddon",
        "journaltitle",
        "shorttitle",
        "shortjournal",
        "maintitle",
        "venue",
        "eventtitle",
        "eventdate",
        "origdate",
        "version",
        "copyright",
        "timestamp",
        "biburl",
        "bibsource",
        "mrclass",
        "mrnumber",
        "zbl",
        "pmid",
        "pmcid",
        "adsurl",
        "adsnote",
        "eid",
        "numpages",
        "articleno",
        "acmid",
        "lccn",
        "mendeley-groups",
        "mendeley-tags",
        "owner",
        "day",
        "nationality",
        "assignee",
        "holder",
        "country",
        "abbr",
        "selected",
        "hidden",
        "pdf",
        "code",
        "html",
        "slides",
        "poster",
        "supp",
        "video",
        "blog",
        "website",
        "arxiv",
        "openreview",
        "hal",
        "award",
        "award_name",
        "bibtex_show",
        "preview",
        "additional_info",
        "annotation",
        "google_scholar_id",
        "altmetric",
        "dimensions",
        "inspirehep_id",
        "data",
        "dataset",
        "project",
        "demo",
        "talk",
        "orcid",
        "orcid-numbers",
        "orcids",
        "researcherid-numbers",
    ]
)
