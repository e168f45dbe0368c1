"""Which researcher a list belongs to, and who the project's members are.

Researchers are declared by ``scholar_researcher`` and by ``researcher``
directives (recorded per page in the scholar domain).  A list's role filters
(``own``, ``first_author``...) are fixed when the page is read; whose name it
highlights is decided when the page is written, once every page is known:

1. the list's ``:researcher:`` option;
2. else the page's researcher, when the page declares exactly one;
3. else the site's researcher: ``scholar_researcher``, or the project's only
   declared researcher.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, cast

from ..bib.names import author_from_string, matcher_for
from ..model import Researcher
from .site import configured_researcher
from .stats import identity_spellings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment

    from ..bib.bibdata import Bibliography
    from ..model import Researcher

NOBODY = "none"  # :researcher: none -- a list that is nobody's in particular
_PAGE_KEY = "scholar_researchers"  # env.temp_data: researchers declared so far on the page


def note_on_page(env: BuildEnvironment, researcher: Researcher) -> None:
    on_page = cast("list[Researcher]", env.temp_data.setdefault(_PAGE_KEY, []))
    on_page.append(researcher)


def declared(env: BuildEnvironment) -> list[Researcher]:
    """scholar_researcher first, then every page's, in page order; one per name."""
    configured = configured_researcher(env.config)
    people = [configured] if configured is not None else []
    for docname in sorted(env.get_domain("scholar").data["researchers"]):
        people.extend(env.get_domain("scholar").data["researchers"][docname])
    unique: dict[str, Researcher] = {}
    for person in people:
        unique.setdefault(person.name.casefold(), person)
    return list(unique.values())


def by_name(name: str, candidates: Iterable[Researcher]) -> Researcher:
    """The declared researcher ``name`` refers to (any spelling), else a bare name."""
    author = author_from_string(name)
    for person in candidates:
        if matcher_for(person.spellings).matches(author):
            return person
    return Researcher(name=name)


def site_researcher(env: BuildEnvironment) -> Researcher | None:
    configured = configured_researcher(env.config)
    if configured is not None:
        return configured
    people = declared(env)
    return people[0] if len(people) == 1 else None


def read_time_researcher(env: BuildEnvironment, option: str | None) -> Researcher | None:
    """Whose roles a filter tests: the option, else the last researcher declared
    above on the page, else scholar_researcher."""
    on_page = cast("list[Researcher]", env.temp_data.get(_PAGE_KEY, []))
    if option is not None:
        if option.strip().lower() == NOBODY:
            return None
        return by_name(option, on_page + declared(env))
    if on_page:
        return on_page[-1]
    return configured_researcher(env.config)


def write_time_researcher(env: BuildEnvironment, docname: str, option: str | None) -> Researcher | None:
    """Whose name a list highlights (see the module's docstring)."""
    if option is not None:
        return None if option.strip().lower() == NOBODY else by_name(option, declared(env))
    on_page = env.get_domain("scholar").data["researchers"].get(docname, ())
    if len(on_page) == 1:
        return on_page[0]
    return site_researcher(env)


def member_spellings(env: BuildEnvironment, bibliography: Bibliography) -> tuple[str, ...]:
    """Every spelling of every declared researcher, for scholar-member."""
    spellings: list[str] = []
    for person in declared(env):
        spellings.extend(identity_spellings(person.spellings, person.orcid, bibliography))
    return tuple(spellings)


def people_digest(env: BuildEnvironment) -> str:
    """What write-time rendering depends on besides the page itself: whose name
    lists highlight, and their profile links (an entry's Google Scholar link
    uses the researcher's Scholar id)."""
    configured = configured_researcher(env.config)
    pages = env.get_domain("scholar").data["researchers"]
    text = repr(
        (
            (configured.identity, configured.links) if configured else None,
            sorted((docname, [(p.identity, p.links) for p in people]) for docname, people in pages.items()),
        )
    )
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


_SCHOLAR_USER = re.compile(r"[?&]user=([\w-]+)")
_SCHOLAR_ID = re.compile(r"[\w-]{6,20}")


def scholar_user_id(researcher: Researcher | None) -> str:
    """The Google Scholar user id of the researcher's ``scholar`` link, or ""."""
    for service, value in researcher.links if researcher is not None else ():
        if service == "scholar":
            if _SCHOLAR_ID.fullmatch(value):
                return value  # a bare id, as a profile may give it
            match = _SCHOLAR_USER.search(value)
            return match.group(1) if match else ""
    return ""
