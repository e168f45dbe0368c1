"""Load a CV file: RenderCV's YAML (``cv:`` with ``sections:``) or a JSON Resume.

Both are read into the same records (model.py).  A problem never stops the
load: it becomes a CVProblem with its line and the field's path, and the
value is kept as written, or the entry is shown without it.  Files are parsed
once per content (hash), so every page and the PDF share one reading.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import yaml

from ..bib.urls import safe_url
from .dates import CVDate, DateProblem, parse_date
from .model import CV, LINK_FIELDS, CVEntry, CVLink, CVProblem, CVProfile, CVSection, section_kind, section_title

_Parsed = TypeVar("_Parsed")

# RenderCV's networks and how their usernames become URLs (its SocialNetwork.url)
RENDERCV_NETWORK_URLS = {
    "linkedin": "https://linkedin.com/in/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "imdb": "https://imdb.com/name/{}",
    "instagram": "https://instagram.com/{}",
    "orcid": "https://orcid.org/{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "researchgate": "https://researchgate.net/profile/{}",
    "youtube": "https://youtube.com/@{}",
    "google scholar": "https://scholar.google.com/citations?user={}",
    "telegram": "https://t.me/{}",
    "leetcode": "https://leetcode.com/u/{}",
    "x": "https://x.com/{}",
}
RENDERCV_CV_KEYS = frozenset(
    {"name", "label", "headline", "location", "email", "photo", "phone", "website", "social_networks", "sections"}
    | {"sort_entries", "summary"}
)
RENDERCV_TOP_KEYS = frozenset({"cv", "design", "locale", "locale_catalog", "rendercv_settings"})
# JSON Resume's sections -> (our kind, how an entry of it reads)
JSON_RESUME_SECTIONS = {
    "work": "experience",
    "volunteer": "service",
    "education": "education",
    "awards": "awards",
    "certificates": "awards",
    "publications": "publications",
    "skills": "skills",
    "languages": "languages",
    "interests": "custom",
    "references": "custom",
    "projects": "custom",
}
# al-folio's cv.json and others add sections JSON Resume lacks; they are read like "work"
JSON_RESUME_EXTRA_SECTIONS = frozenset({"talks", "teaching", "grants", "service", "students", "mentoring"})


# sections whose entries are dated, so an entry without a date is reported
DATED_KINDS = frozenset({"education", "experience", "awards", "grants", "talks", "teaching", "service", "students"})


class _Located(dict):
    """A mapping that remembers its line and each key's line."""

    line = 0
    lines: dict[str, int]


class _LocatedList(list):
    line = 0
    lines: list[int]


# libyaml's parser when PyYAML has it: ten times faster on a 100-entry CV, with the same marks
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LocatedList:
    sequence = _LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def file_location(path: str, line: int | None) -> str:
    """A warning's location in a data file: its line, or its first line for the file as a whole
    (Sphinx reads a location without a line as a document name)."""
    return f"{path}:{line or 1}"


class CVFileError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _parse(text: str, path: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        if path.lower().endswith(".json"):  # JSON that YAML 1.1 does not read ("\/"): no lines then
            try:
                return json.loads(text)
            except json.JSONDecodeError as json_error:
                raise CVFileError(f"invalid JSON: {json_error.msg}", json_error.lineno) from None
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise CVFileError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None


def read_data_file(path: str, what: str, parse: Callable[[str, str], _Parsed]) -> _Parsed:
    """``parse(text, path)`` of a UTF-8 data file (a CV, news), once per path and content:
    every page and the PDF share one reading.  CVFileError when it cannot be read or decoded."""
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except OSError as error:
        raise CVFileError(f"cannot read the {what} file: {error.strerror}") from None
    return _parsed_content(parse, path, content, what)


@functools.lru_cache(maxsize=64)
def _parsed_content(parse: Callable[[str, str], _Parsed], path: str, content: bytes, what: str) -> _Parsed:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CVFileError(f"the {what} file is not UTF-8 ({error.reason} at byte {error.start})") from None
    return parse(text, path)


def read_cv(path: str) -> CV:
    """The CV in ``path``; CVFileError when the file cannot be read as either format at all."""
    return read_data_file(path, "CV", _read_cv_text)


def _read_cv_text(text: str, path: str) -> CV:
    data = _parse(text, path)
    if not isinstance(data, dict):
        raise CVFileError("a CV file holds a mapping: RenderCV's 'cv:' or a JSON Resume's 'basics', 'work', ...", 1)
    reader = _Reader(path)
    if "cv" in data:
        return reader.rendercv(data)
    if data.keys() & (set(JSON_RESUME_SECTIONS) | {"basics"}):
        return reader.json_resume(data)
    raise CVFileError(
        "neither a RenderCV file (no 'cv:' key) nor a JSON Resume (no 'basics', 'work', 'education', ...)",
        getattr(data, "line", 1),
    )


def _line(container: Any, key: str | int | None = None) -> int | None:
    if key is not None:
        lines = getattr(container, "lines", None)
        if isinstance(lines, dict) and key in lines:
            return lines[key]
        if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
            return lines[key]
    return getattr(container, "line", None) or None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[CVProblem] = []

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(CVProblem(message, line))

    # -- values ---------------------------------------------------------------------

    def text(self, mapping: dict, key: str, where: str) -> str:
        value = mapping.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(f"{where}.{key}: expected text, got {_type_name(value)}; it is left out", _line(mapping, key))
            return ""
        return str(value).strip()

    def texts(self, mapping: dict, key: str, where: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.problem(f"{where}.{key}: expected a list, got text; it is read as one item", _line(mapping, key))
            return (value.strip(),)
        if not isinstance(value, list):
            self.problem(
                f"{where}.{key}: expected a list, got {_type_name(value)}; it is left out", _line(mapping, key)
            )
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                items.append(str(item).strip())
            else:
                self.problem(
                    f"{where}.{key}[{index}]: expected text, got {_type_name(item)}; it is left out",
                    _line(value, index) or _line(mapping, key),
                )
        return tuple(item for item in items if item)

    def date(self, mapping: dict, key: str, where: str) -> CVDate | None:
        if key not in mapping or mapping[key] in (None, ""):
            return None
        try:
            return parse_date(mapping[key])
        except DateProblem as problem:
            message, kept = problem.args
            outcome = "it is shown as written" if kept is not None else "it is left out"
            self.problem(f"{where}.{key}: {message}; {outcome}", _line(mapping, key))
            return kept

    def url(self, value: str, where: str, line: int | None) -> str | None:
        url = safe_url(value) if value else None
        if value and url is None:
            self.problem(f"{where}: {value!r} is not an http(s), mailto or relative URL; it is not linked", line)
        return url

    def links(self, mapping: dict, where: str, skip: tuple[str, ...] = ()) -> tuple[CVLink, ...]:
        links = []
        for key, label in LINK_FIELDS.items():
            if key in skip or not mapping.get(key):
                continue
            value = self.text(mapping, key, where)
            if key == "doi" and value and not value.lower().startswith(("http://", "https://")):
                value = f"https://doi.org/{value.removeprefix('doi:').strip()}"
            url = self.url(value, f"{where}.{key}", _line(mapping, key))
            if url:
                links.append(CVLink(label, url))
        return tuple(links)

    def selected(self, mapping: dict, where: str) -> bool:
        value = mapping.get("selected", False)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
            return value.strip().lower() in ("true", "yes")
        self.problem(f"{where}.selected: expected true or false, got {value!r}", _line(mapping, "selected"))
        return False

    def dates(self, mapping: dict, where: str, start: str, end: str, single: str) -> dict[str, Any]:
        dates: dict[str, Any] = {
            "start": self.date(mapping, start, where),
            "end": self.date(mapping, end, where),
            "date": self.date(mapping, single, where),
        }
        if dates["start"] is not None and dates["end"] is None and single not in mapping:
            dates["end"] = CVDate(present=True) if end not in mapping else None
        return dates

    # -- RenderCV -------------------------------------------------------------------

    def rendercv(self, data: dict) -> CV:
        for key in data:
            if key not in RENDERCV_TOP_KEYS:
                self.problem(
                    f"unknown top-level key {key!r} (RenderCV has cv, design, locale, rendercv_settings)",
                    _line(data, key),
                )
        cv = data.get("cv")
        if not isinstance(cv, dict):
            raise CVFileError(f"'cv' must be a mapping, got {_type_name(cv)}", _line(data, "cv"))
        for key in cv:
            if key not in RENDERCV_CV_KEYS:
                self.problem(
                    f"cv.{key}: unknown key; RenderCV's are {', '.join(sorted(RENDERCV_CV_KEYS))}", _line(cv, key)
                )
        profile_links = []
        for index, network in enumerate(self.list_of(cv, "social_networks", "cv")):
            where = f"cv.social_networks[{index}]"
            name, username = self.text(network, "network", where), self.text(network, "username", where)
            template = RENDERCV_NETWORK_URLS.get(name.lower())
            if not name or not username:
                self.problem(f"{where}: needs a network and a username; it is left out", _line(network))
            elif template is None:
                self.problem(f"{where}.network: unknown network {name!r}; it is left out", _line(network, "network"))
            elif (url := self.url(template.format(username.removeprefix("@")), where, _line(network))) is not None:
                profile_links.append(CVLink(name, url))
        website = self.text(cv, "website", "cv")
        profile = CVProfile(
            name=self.text(cv, "name", "cv"),
            headline=self.text(cv, "headline", "cv") or self.text(cv, "label", "cv"),
            location=self.text(cv, "location", "cv"),
            email=self.text(cv, "email", "cv"),
            phone=self.text(cv, "phone", "cv"),
            website=self.url(website, "cv.website", _line(cv, "website")) or "",
            summary=self.text(cv, "summary", "cv"),
            links=tuple(profile_links),
        )
        sections = []
        raw_sections = cv.get("sections") or {}
        if not isinstance(raw_sections, dict):
            self.problem(
                f"cv.sections: expected a mapping of titles to lists, got {_type_name(raw_sections)}",
                _line(cv, "sections"),
            )
            raw_sections = {}
        for name, entries in raw_sections.items():
            where = f"cv.sections.{name}"
            if not isinstance(entries, list):
                self.problem(
                    f"{where}: expected a list of entries, got {_type_name(entries)}; the section is left out",
                    _line(raw_sections, name),
                )
                continue
            read = [self.rendercv_entry(entry, f"{where}[{i}]", _line(entries, i)) for i, entry in enumerate(entries)]
            self.check_dated(section_kind(name), read, where, "start_date and end_date, or date")
            sections.append(
                CVSection(
                    name,
                    section_title(name),
                    section_kind(name),
                    tuple(e for e in read if e),
                    _line(raw_sections, name) or 0,
                )
            )
        options = {
            key: _plain(data[key]) for key in ("design", "locale", "locale_catalog", "rendercv_settings") if key in data
        }
        return self.finish(
            CV(self.path, "rendercv", profile, tuple(sections), rendercv_options=options), _sort_order(cv, data)
        )

    def list_of(self, mapping: dict, key: str, where: str) -> list[dict]:
        value = mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                f"{where}.{key}: expected a list, got {_type_name(value)}; it is left out", _line(mapping, key)
            )
            return []
        kept = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                kept.append(item)
            else:
                self.problem(
                    f"{where}.{key}[{index}]: expected a mapping, got {_type_name(item)}; it is left out",
                    _line(value, index),
                )
        return kept

    def rendercv_entry(self, entry: Any, where: str, line: int | None) -> CVEntry | None:
        if isinstance(entry, str | int | float) and not isinstance(entry, bool):
            return CVEntry("text", title=str(entry).strip(), line=line or 0)
        if not isinstance(entry, dict):
            self.problem(f"{where}: expected an entry or a text, got {_type_name(entry)}; it is left out", line)
            return None
        line = _line(entry) or line or 0
        common: dict[str, Any] = {
            "location": self.text(entry, "location", where),
            "summary": self.text(entry, "summary", where),
            "highlights": self.texts(entry, "highlights", where),
            "selected": self.selected(entry, where),
            "line": line,
            **self.dates(entry, where, "start_date", "end_date", "date"),
        }
        if "institution" in entry:
            degree, area = self.text(entry, "degree", where), self.text(entry, "area", where)
            if not area:
                self.problem(f"{where}.area: RenderCV's education entries need an area", line)
            return CVEntry(
                "education",
                title=self.text(entry, "institution", where),
                subtitle=", ".join(part for part in (degree, area) if part),
                links=self.links(entry, where),
                raw=_raw(entry, ("degree", "area", "grade")),
                **common,
            )
        if "company" in entry or "position" in entry:
            for needed in ("company", "position"):
                if needed not in entry:
                    self.problem(f"{where}.{needed}: RenderCV's experience entries need a company and a position", line)
            return CVEntry(
                "experience",
                title=self.text(entry, "position", where),
                subtitle=self.text(entry, "company", where),
                links=self.links(entry, where),
                **common,
            )
        if "authors" in entry and "title" in entry:
            return CVEntry(
                "publication",
                title=self.text(entry, "title", where),
                subtitle=self.text(entry, "journal", where),
                authors=self.texts(entry, "authors", where),
                links=self.links(entry, where),
                **common,
            )
        for key, shape in (("bullet", "bullet"), ("number", "numbered"), ("reversed_number", "reversed_numbered")):
            if key in entry:
                return CVEntry(shape, title=self.text(entry, key, where), links=self.links(entry, where), line=line)
        if "label" in entry and "details" in entry:
            return CVEntry(
                "one_line",
                title=self.text(entry, "label", where),
                details=self.text(entry, "details", where),
                links=self.links(entry, where),
                line=line,
            )
        if "name" in entry:
            return CVEntry(
                "normal",
                title=self.text(entry, "name", where),
                subtitle=self.text(entry, "organization", where) or self.text(entry, "event", where),
                links=self.links(entry, where),
                **common,
            )
        self.problem(
            f"{where}: an entry needs the keys of one of RenderCV's entry types (institution and area; "
            "company and position; name; title and authors; label and details; bullet); it is left out",
            line,
        )
        return None

    # -- JSON Resume ----------------------------------------------------------------

    def json_resume(self, data: dict) -> CV:
        basics = data.get("basics") or {}
        if not isinstance(basics, dict):
            self.problem(f"basics: expected a mapping, got {_type_name(basics)}", _line(data, "basics"))
            basics = {}
        links = []
        for index, account in enumerate(self.list_of(basics, "profiles", "basics")):
            where = f"basics.profiles[{index}]"
            network = self.text(account, "network", where) or "Profile"
            url = self.url(self.text(account, "url", where), f"{where}.url", _line(account, "url"))
            if url:
                links.append(CVLink(network, url))
            else:
                self.problem(f"{where}: needs a url; it is left out", _line(account))
        location = basics.get("location") or {}
        place = ""
        if isinstance(location, dict):
            place = ", ".join(
                self.text(location, key, "basics.location")
                for key in ("city", "region", "countryCode")
                if location.get(key)
            )
        else:
            self.problem(f"basics.location: expected a mapping, got {_type_name(location)}", _line(basics, "location"))
        profile = CVProfile(
            name=self.text(basics, "name", "basics"),
            headline=self.text(basics, "label", "basics"),
            location=place,
            email=self.text(basics, "email", "basics"),
            phone=self.text(basics, "phone", "basics"),
            website=self.url(self.text(basics, "url", "basics"), "basics.url", _line(basics, "url")) or "",
            summary=self.text(basics, "summary", "basics"),
            links=tuple(links),
        )
        sections = []
        for name in data:
            if name in ("basics", "meta", "$schema"):
                continue
            kind = JSON_RESUME_SECTIONS.get(name)
            if kind is None:
                kind = section_kind(name)
                if name not in JSON_RESUME_EXTRA_SECTIONS:
                    self.problem(
                        f"{name}: unknown section (JSON Resume has {', '.join(JSON_RESUME_SECTIONS)}); "
                        f"it is shown as a custom section",
                        _line(data, name),
                    )
            entries = [
                self.json_resume_entry(name, kind, item, f"{name}[{index}]")
                for index, item in enumerate(self.list_of(data, name, ""))
            ]
            self.check_dated(kind, entries, name, "startDate and endDate, or date")
            sections.append(
                CVSection(name, section_title(name), kind, tuple(e for e in entries if e), _line(data, name) or 0)
            )
        return self.finish(CV(self.path, "jsonresume", profile, tuple(sections)), "reverse-chronological")

    def json_resume_entry(self, name: str, kind: str, item: dict, where: str) -> CVEntry | None:
        line = _line(item) or 0
        text = functools.partial(self.text, item, where=where)
        dates = self.dates(item, where, "startDate", "endDate", "date")
        if name in ("awards", "certificates"):
            dates["date"] = dates["date"] or self.date(item, "releaseDate", where)
        if name == "publications":
            dates["date"] = self.date(item, "releaseDate", where)
        if kind == "education":
            title, subtitle = (
                text(key="institution"),
                ", ".join(p for p in (text(key="studyType"), text(key="area")) if p),
            )
        elif name in ("awards", "certificates"):
            title, subtitle = text(key="title") or text(key="name"), text(key="awarder") or text(key="issuer")
        elif kind in ("skills", "languages") or name == "interests":
            label = text(key="name") or text(key="language")
            details = ", ".join(self.texts(item, "keywords", where)) or text(key="level") or text(key="fluency")
            if not label:
                self.problem(f"{where}: needs a name; it is left out", line)
                return None
            return CVEntry("one_line", title=label, details=details, line=line)
        elif name == "references":
            title, subtitle = text(key="name"), text(key="reference")
        else:
            title = text(key="position") or text(key="name") or text(key="title")
            subtitle = text(key="name") if text(key="position") else text(key="organization") or text(key="publisher")
            if name == "volunteer":
                subtitle = text(key="organization")
        if not title:
            self.problem(f"{where}: needs a name, title, position or institution; it is left out", line)
            return None
        return CVEntry(
            "education" if kind == "education" else "normal",
            title=title,
            subtitle=subtitle,
            location=text(key="location"),
            summary=text(key="summary") or text(key="description"),
            highlights=self.texts(item, "highlights", where) + self.texts(item, "courses", where),
            links=self.links(item, where),
            selected=self.selected(item, where),
            line=line,
            **dates,
        )

    def check_dated(self, kind: str, entries: list[CVEntry | None], where: str, fields: str) -> None:
        """Entries of a dated section without any date: said, and listed after the dated ones."""
        if kind not in DATED_KINDS:
            return
        for index, entry in enumerate(entries):
            if entry is None or entry.shape not in ("education", "experience", "normal"):
                continue
            if entry.start is None and entry.end is None and entry.date is None:
                self.problem(f"{where}[{index}]: no date ({fields}); it is listed after the dated entries", entry.line)

    def finish(self, cv: CV, order: str) -> CV:
        if order != "none":
            newest_first = order != "chronological"
            cv = CV(
                cv.source,
                cv.format,
                cv.profile,
                tuple(_sorted(section, newest_first) for section in cv.sections),
                rendercv_options=cv.rendercv_options,
            )
        return CV(cv.source, cv.format, cv.profile, cv.sections, tuple(self.problems), cv.rendercv_options)


def _sorted(section: CVSection, newest_first: bool) -> CVSection:
    if section.kind in ("skills", "languages") or not any(e.sort_key() != (0, 0, 0) for e in section.entries):
        return section
    entries = sorted(section.entries, key=CVEntry.sort_key, reverse=newest_first)
    return CVSection(section.name, section.title, section.kind, tuple(entries), section.line)


def _sort_order(cv: dict, data: dict) -> str:
    """RenderCV's sort_entries when the file sets it; newest first otherwise."""
    settings = data.get("rendercv_settings")
    for holder in (settings if isinstance(settings, dict) else {}, cv):
        value = holder.get("sort_entries")
        if value in ("reverse-chronological", "chronological", "none"):
            return value
    return "reverse-chronological"


def _raw(entry: dict, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((key, str(entry[key]).strip()) for key in keys if isinstance(entry.get(key), str | int | float))


def _plain(value: Any) -> Any:
    """Located containers as plain dicts and lists (picklable, and what RenderCV validates)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


ProblemReport = Callable[[str, int | None], None]
