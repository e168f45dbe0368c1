"""Identifiers in bib fields: DOIs, arXiv ids, OpenReview and HAL ids, al-folio's metric ids -> URLs."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from ..model import Publication
from .latex import latex_to_text
from .urls import clean_url_field, safe_url

ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)")
DOI = re.compile(r"10\.\d{4,9}/\S+")


@functools.lru_cache(maxsize=16384)  # asked for an entry's title link, its DOI badge and its exports
def doi_url(value: str) -> str | None:
    value = clean_url_field(value)
    match = DOI.search(value)
    if not match:
        return None
    return "https://doi.org/" + quote(match.group().rstrip(".,;"), safe="/:;()._-")


def arxiv_id(publication: Publication) -> str:
    """The arXiv id from ``arxiv``, an arXiv ``eprint``, or a DBLP "CoRR abs/..." volume; "" if none."""
    candidates = [clean_url_field(publication.get("arxiv"))]
    if (publication.get("archiveprefix") or publication.get("eprinttype")).lower() == "arxiv":
        candidates.append(publication.get("eprint"))
    for name in ("journal", "howpublished"):
        venue = publication.get(name)
        if "arxiv" in venue.lower() or venue.strip().lower() == "corr":
            candidates.append(venue + " " + publication.get("volume"))
    for candidate in candidates:
        match = ARXIV_ID.search(candidate) if candidate else None
        if match:
            return match.group()
    return ""


def identifier_url(kind: str, value: str) -> str | None:
    """URLs for fields that may hold a bare identifier instead of a URL."""
    value = clean_url_field(value)
    if "://" in value:
        return safe_url(value)
    if kind == "openreview":
        return "https://openreview.net/forum?id=" + quote(value, safe="-_")
    if kind == "hal":
        return "https://hal.science/" + quote(value, safe="-_.v")
    return None


_DIGITS = re.compile(r"^\d+$")
_SCHOLAR_CITATION = re.compile(r"^[\w-]{6,20}$")
_DIMENSIONS_ID = re.compile(r"^pub\.\d+$")
_TRUE = frozenset({"true", "yes", "1"})


def metric_url(kind: str, publication: Publication, scholar_user: str = "") -> str | None:
    """A plain link for al-folio's metric fields, which its template turns into third-party badge scripts.

    ``altmetric``: an Altmetric id, or ``true`` for the DOI's (or arXiv id's)
    page; ``dimensions``: ``true`` for the DOI's page, or a ``pub.`` id;
    ``inspirehep_id``: an INSPIRE literature record; ``google_scholar_id``: the
    citation on the researcher's Scholar profile (``scholar_user``), else a
    Scholar search for the exact title.  None when the field cannot make one.
    """
    value = clean_url_field(publication.get(kind)).strip()
    if not value or value.lower() in ("false", "no", "0"):
        return None
    doi = DOI.search(clean_url_field(publication.get("doi")))
    doi_path = quote(doi.group().rstrip(".,;"), safe="/:;()._-") if doi else ""
    if kind == "altmetric":
        if _DIGITS.match(value):
            return "https://www.altmetric.com/details/" + value
        if value.lower() in _TRUE:
            if doi_path:
                return "https://www.altmetric.com/details/doi/" + doi_path
            if arxiv_id(publication):
                return "https://www.altmetric.com/details/arxiv/" + arxiv_id(publication)
        return None
    if kind == "dimensions":
        if _DIMENSIONS_ID.match(value):
            return "https://app.dimensions.ai/details/publication/" + value
        if value.lower() in _TRUE and doi_path:
            return "https://badge.dimensions.ai/details/doi/" + doi_path
        return None
    if kind == "inspirehep_id":
        return "https://inspirehep.net/literature/" + value if _DIGITS.match(value) else None
    if kind == "google_scholar_id":
        if not _SCHOLAR_CITATION.match(value):
            return None
        if scholar_user:
            user = quote(scholar_user, safe="-_")
            return (
                "https://scholar.google.com/citations?view_op=view_citation&hl=en"
                f"&user={user}&citation_for_view={user}:{quote(value, safe='-_')}"
            )
        title = latex_to_text(publication.get("title")).strip()
        return "https://scholar.google.com/scholar?q=" + quote(f'"{title}"') if title else None
    return None


METRIC_FIELDS = (
    ("google_scholar_id", "Google Scholar"),
    ("altmetric", "Altmetric"),
    ("dimensions", "Dimensions"),
    ("inspirehep_id", "INSPIRE"),
)
