"""Select stage for people: whose entries are whose, and what a profile counts.

Identity is a name plus aliases, widened by ORCID: an entry exported with
``orcid-numbers`` (Web of Science) or ``orcid`` fields names the spelling that
goes with each iD, and that spelling becomes one more alias.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bib.latex import latex_to_text
from ..bib.names import NameMatcher, author_from_string, family_key, given_names_compatible, matcher_for
from ..bib.venues import badge_label, venue_text
from ..model import Author, Publication, publication_kind
from ..select import researcher_role

if TYPE_CHECKING:
    from ..bib.bibdata import Bibliography
    from ..model import Publication, Researcher

# "Zhang, Qiaozhe/0000-0002-1825-0097; Smith, J/0000-..." (Web of Science),
# also "Qiaozhe Zhang: 0000-..." as hand-written.
ORCID_PAIR = re.compile(r"([^/;:\n]+?)\s*[/:]\s*(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
ORCID_FIELDS = ("orcid-numbers", "orcid", "orcids")


def orcid_pairs(publication: Publication) -> list[tuple[str, str]]:
    """(spelling, ORCID iD) pairs of the entry's ORCID fields."""
    pairs = []
    for field in ORCID_FIELDS:
        value = publication.get(field)
        if value:
            pairs += [(name.strip(" ,"), orcid) for name, orcid in ORCID_PAIR.findall(latex_to_text(value))]
    return [(name, orcid) for name, orcid in pairs if name]


def orcid_spellings(bibliography: Bibliography, orcid: str) -> tuple[str, ...]:
    """Every spelling the bib pairs with ``orcid``, cached per bibliography."""
    if not orcid:
        return ()
    digest = getattr(bibliography, "digest", None)
    cache_key = (digest, orcid)
    if digest is not None and cache_key in _ORCID_CACHE:
        return _ORCID_CACHE[cache_key]
    found: dict[str, None] = {}
    for publication in bibliography:
        if any(orcid in publication.get(field) for field in ORCID_FIELDS):
            found.update((name, None) for name, identifier in orcid_pairs(publication) if identifier == orcid)
    spellings = tuple(found)
    if digest is not None:
        if len(_ORCID_CACHE) > 64:
            _ORCID_CACHE.clear()
        _ORCID_CACHE[cache_key] = spellings
    return spellings


_ORCID_CACHE: dict[tuple, tuple[str, ...]] = {}


def identity_spellings(spellings: tuple[str, ...], orcid: str, bibliography: Bibliography) -> tuple[str, ...]:
    """Name and aliases, plus what the bib's ORCID fields add."""
    extra = tuple(s for s in orcid_spellings(bibliography, orcid) if s not in spellings)
    return spellings + extra


def researcher_matcher(researcher: Researcher | None, bibliography: Bibliography) -> NameMatcher:
    """A matcher for a Researcher (or None: matches nobody)."""
    if researcher is None:
        return matcher_for(())
    return matcher_for(identity_spellings(researcher.spellings, researcher.orcid, bibliography))


def is_named(publication: Publication, matcher: NameMatcher) -> bool:
    """Whether the person is among the entry's authors or editors."""
    return any(matcher.matches(a) for a in publication.authors) or any(matcher.matches(a) for a in publication.editors)


def works_of(bibliography: Bibliography, matcher: NameMatcher) -> list[Publication]:
    """Visible entries that name the person."""
    return [p for p in bibliography if p.listed and is_named(p, matcher)]


@dataclass(frozen=True)
class ProfileStats:
    works: int
    by_kind: tuple[tuple[str, int], ...]  # (kind, count), most first
    first_author: int
    coauthors: int
    venues: int
    first_year: int | None
    last_year: int | None


def profile_stats(works: list[Publication], matcher: NameMatcher) -> ProfileStats:
    kinds = Counter(publication_kind(p) for p in works)
    # A venue is its badge abbreviation (NeurIPS 2023 and 2024 are one venue), else its name.
    venues = {(badge_label(p)[1] or venue_text(p)).casefold() for p in works if publication_kind(p) != "preprint"} - {
        ""
    }
    years = [p.year for p in works if p.year]
    return ProfileStats(
        works=len(works),
        by_kind=tuple(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        first_author=sum(researcher_role(p, "first_author", matcher) for p in works),
        coauthors=len(coauthor_counts(works, matcher)),
        venues=len(venues),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
    )


@dataclass(frozen=True)
class Coauthor:
    name: str  # the fullest spelling seen
    count: int  # entries shared
    author: Author  # that spelling, for matching co-author links


def coauthor_counts(works: list[Publication], matcher: NameMatcher) -> list[Coauthor]:
    """Distinct co-authors, most shared entries first.

    Spellings of one person ("J. Smith", "John Smith") are merged when the
    family names agree and the given names are compatible; "Jane Smith" and
    "John Smith" stay two people.
    """
    # family key -> [[spellings Counter, entry keys]]
    people: dict[str, list[tuple[Counter, set[str]]]] = {}
    for publication in works:
        for author in publication.authors:
            if author.is_others or matcher.matches(author) or not author.family:
                continue
            clusters = people.setdefault(family_key(author.family), [])
            for spellings, keys in clusters:
                fullest = max(spellings, key=lambda a: (len(a.given), spellings[a]))
                if given_names_compatible(author.given, fullest.given):
                    spellings[author] += 1
                    keys.add(publication.key)
                    break
            else:
                clusters.append((Counter({author: 1}), {publication.key}))
    result = []
    for clusters in people.values():
        for spellings, keys in clusters:
            fullest = max(spellings, key=lambda a: (len(a.given), spellings[a], a.text))
            plain = author_from_string(fullest.text) if fullest.marks else fullest
            result.append(Coauthor(name=plain.text, count=len(keys), author=plain))
    result.sort(key=lambda c: (-c.count, c.author.family.casefold(), c.name.casefold()))
    return result
