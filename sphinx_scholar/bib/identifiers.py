"""Identifiers in bib fields: DOIs, arXiv ids, OpenReview and HAL ids -> URLs."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from ..model import Publication
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
