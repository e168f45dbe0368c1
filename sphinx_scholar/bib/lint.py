"""Load stage: checks on parsed entries that BibTeX itself does not make.

Each finding is a BibProblem with its own subtype, located at the entry's line,
so a user can silence one kind with ``suppress_warnings``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import IDENTIFIER_FIELDS, KNOWN_FIELDS, KNOWN_TYPES, LINK_FIELDS, Publication
from .identifiers import ARXIV_ID, DOI, METRIC_FIELDS, metric_url
from .latex import math_sources, unrenderable_commands
from .localfiles import link_path
from .mathml import mathml_problem
from .urls import is_relative, safe_url

if TYPE_CHECKING:
    from collections.abc import Iterable

_PERSON_TYPES_WITHOUT_AUTHORS = frozenset(
    {"proceedings", "periodical", "collection", "mvcollection", "manual", "misc", "online"}
)
_LINKS = tuple(name for name, _label in LINK_FIELDS if name not in IDENTIFIER_FIELDS)


def close_spelling(word: str, vocabulary: Iterable[str]) -> str | None:
    """A vocabulary word one edit (or one swap of neighbours) away from ``word``."""
    for known in sorted(vocabulary):
        if known != word and _within_one_edit(word, known):
            return known
    return None


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 1:
            return True
        return (
            len(differences) == 2
            and differences[1] == differences[0] + 1
            and a[differences[0]] == b[differences[1]]
            and a[differences[1]] == b[differences[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def lint_publication(publication: Publication) -> list[tuple[str, str]]:
    """[(subtype, message)] for one entry."""
    found: list[tuple[str, str]] = []
    get = publication.get
    key = publication.key

    if publication.entry_type not in KNOWN_TYPES:
        suggestion = close_spelling(publication.entry_type, KNOWN_TYPES)
        hint = f" (did you mean @{suggestion}?)" if suggestion else ""
        found.append(
            (
                "entry_type",
                f"entry {key!r} has unknown type @{publication.entry_type}{hint}; it is shown as a generic entry",
            )
        )

    missing = [] if publication.has_title else ["title"]
    if publication.year is None and not get("year").strip():
        missing.append("year")
    if (
        not publication.authors
        and not publication.editors
        and publication.entry_type not in _PERSON_TYPES_WITHOUT_AUTHORS
    ):
        missing.append("author")
    if missing:
        left_out = "; it is left out of every list, page and feed" if "title" in missing else ""
        found.append(("missing_field", f"entry {key!r} has no {', '.join(missing)}{left_out}"))

    for name in _LINKS:
        value = get(name)
        if value and safe_url(value) is None:
            found.append(
                (
                    "url",
                    f"{name} = {value.strip()[:80]!r} in entry {key!r} is not an http, https, mailto or relative URL;"
                    " the link is dropped",
                )
            )
    for name, _label in METRIC_FIELDS:
        value = get(name).strip()
        if value and value.lower() not in ("false", "no", "0") and metric_url(name, publication) is None:
            needs = "a doi (or arxiv)" if value.lower() in ("true", "yes", "1") else "an id of that service"
            found.append(("url", f"{name} = {value[:80]!r} in entry {key!r} needs {needs}; no {name} link"))
    preview = get("preview").strip()
    if preview:
        found.extend(_preview_problems(preview, key))
    if get("doi") and not DOI.search(get("doi")):
        found.append(
            ("doi", f"doi = {get('doi')[:80]!r} in entry {key!r} is not a DOI (10.prefix/suffix); no DOI link")
        )
    if get("arxiv") and not ARXIV_ID.search(get("arxiv")):
        found.append(("arxiv", f"arxiv = {get('arxiv')[:80]!r} in entry {key!r} is not an arXiv id; no arXiv link"))

    for name in publication.fields:
        if name not in KNOWN_FIELDS:
            suggestion = close_spelling(name, KNOWN_FIELDS)
            if suggestion:
                found.append(
                    (
                        "field_typo",
                        f"entry {key!r} has an unknown field {name!r} (did you mean {suggestion!r}?); it is ignored",
                    )
                )

    for name in ("title", "abstract"):
        leftovers = unrenderable_commands(get(name))
        if leftovers:
            commands = ", ".join(f"\\{c}" for c in leftovers)
            found.append(("latex", f"the {name} of entry {key!r} uses LaTeX that cannot be rendered: {commands}"))
        for source in math_sources(get(name)):
            problem = mathml_problem(source)
            if problem:
                found.append(
                    ("latex", f"the maths ${source}$ in the {name} of entry {key!r} is shown as text: {problem}")
                )
    return found


PREVIEW_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".mp4", ".webm")


def _preview_problems(value: str, key: str) -> list[tuple[str, str]]:
    url = safe_url(value)
    if url is None:
        return [("url", f"preview = {value[:80]!r} in entry {key!r} is not a relative path or URL; no preview")]
    if not is_relative(url):
        return [
            (
                "url",
                f"preview = {value[:80]!r} in entry {key!r} is on another host, and pages load nothing from"
                " other hosts; put the file in the project (beside the bib file or in"
                " assets/img/publication_preview); no preview",
            )
        ]
    if not link_path(url).lower().endswith(PREVIEW_SUFFIXES):
        return [
            (
                "url",
                f"preview = {value[:80]!r} in entry {key!r} is not an image (.png, .jpg, .gif, .webp, .avif, .svg)"
                " or a video (.mp4, .webm); no preview",
            )
        ]
    return []
