"""Load stage: read bib files once, report every problem with file and line.

Sphinx-independent on purpose: the same loader serves the extension, the
command-line checker and the benchmarks.  A parsed bibliography is memoised in
memory and on disk, keyed by the content hash of its files, so an unchanged
bib is never parsed twice.
"""

from __future__ import annotations

import bisect
import gc
import glob
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pybtex.errors
from pybtex import textutils
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import DuplicateField, LowLevelParser, Parser
from pybtex.exceptions import PybtexError

from ..fileio import open_atomic
from ..model import Publication
from .latex import latex_to_text, repair_exported_latex
from .lint import lint_publication
from .names import author_from_person, normalise_name
from .preamble import expand_macros, preamble_macros

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from pybtex.database import Person

    from ..model import Publication

# Bump when the records produced here change shape, to invalidate disk caches.
LOADER_VERSION = "6"  # bump when parsing, decoding or linting changes what is cached

# Fields that only steer the homepage; never shown in the visitor's BibTeX.
PRESENTATION_FIELDS = frozenset(
    [
        "abbr",
        "abstract",
        "additional_info",
        "altmetric",
        "annotation",
        "annote",
        "arxiv",
        "award",
        "award_name",
        "bibtex_show",
        "blog",
        "code",
        "codecoming",
        "dimensions",
        "file",
        "google_scholar_id",
        "hal",
        "hidden",
        "html",
        "img",
        "inspirehep_id",
        "mendeley-groups",
        "mendeley-tags",
        "openreview",
        "pdf",
        "poster",
        "preview",
        "selected",
        "slides",
        "supp",
        "video",
        "website",
    ]
)


# Problems that lose or garble data (the others are advice).  The
# ``sphinx-scholar check`` command exits with 1 when it finds one.
ERROR_SUBTYPES = frozenset({"encoding", "syntax", "macro", "duplicate_key", "names", "crossref", "lost_entry"})


@dataclass(frozen=True, slots=True)
class BibProblem:
    """Something wrong in a bib file, located to a line."""

    subtype: str  # the suppress_warnings subtype: scholar.<subtype>
    message: str
    source: str
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.subtype in ERROR_SUBTYPES

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(slots=True)
class Bibliography:
    publications: dict[str, Publication]  # case-folded key -> record, in file order
    files: tuple[tuple[str, str], ...]  # (path, sha256 of the bytes)
    digest: str
    problems: tuple[BibProblem, ...] = ()
    # fingerprint -> lint findings [(subtype, message)], reused when the bib changes
    findings: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def get(self, key: str) -> Publication | None:
        return self.publications.get(key.casefold())

    def __iter__(self):
        return iter(self.publications.values())

    def __len__(self) -> int:
        return len(self.publications)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.publications.values()]


def resolve_bibfiles(patterns: Iterable[str], base_dir: str) -> tuple[list[str], list[str]]:
    """Expand ``scholar_bibfiles`` (globs allowed) -> (existing files, unmatched patterns)."""
    found: list[str] = []
    unmatched: list[str] = []
    for pattern in patterns:
        full = os.path.normpath(os.path.join(base_dir, os.path.expanduser(str(pattern))))
        matches = sorted(glob.glob(full, recursive=True)) if glob.has_magic(full) else [full]
        matches = [m for m in matches if os.path.isfile(m)]
        if not matches:
            unmatched.append(str(pattern))
        for match in matches:
            if match not in found:
                found.append(match)
    return found, unmatched


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str) -> str:
    """sha256 of a file's bytes; "" when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return _sha256(handle.read())
    except OSError:
        return ""


def bibliography_digest(files: list[tuple[str, str]], encoding: str, exclude: Iterable[str] = frozenset()) -> str:
    text = "\n".join([LOADER_VERSION, encoding, ",".join(sorted(exclude))] + [f"{path}\0{sha}" for path, sha in files])
    return _sha256(text.encode("utf-8"))


# Parsed bibliographies by digest, shared with forked parallel workers.
_MEMORY: dict[str, Bibliography] = {}
_MEMORY_LIMIT = 4


def load_bibliography(
    paths: list[str], encoding: str = "utf-8-sig", cache_dir: str | None = None, exclude: Iterable[str] = frozenset()
) -> Bibliography:
    """Parse ``paths`` as one bibliography (macros and crossrefs span files).

    ``exclude`` names extra fields to keep out of the visitor's BibTeX.
    """
    contents = []
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        contents.append((path, data))
    files = tuple((path, _sha256(data)) for path, data in contents)
    exclude = frozenset(exclude)
    digest = bibliography_digest(list(files), encoding, exclude)

    if digest in _MEMORY:
        return _MEMORY[digest]
    cached = _read_disk_cache(cache_dir)
    bibliography = cached if cached is not None and cached.digest == digest else None
    if bibliography is None:
        # The previous version of the bib, if any: its unchanged entries are reused.
        previous = cached or next(reversed(_MEMORY.values()), None)
        # Parsing allocates many long-lived objects; the cyclic collector would
        # rescan them repeatedly while finding nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            bibliography = _parse(contents, files, digest, encoding, PRESENTATION_FIELDS | exclude, previous)
        finally:
            if collecting:
                gc.enable()
        _write_disk_cache(cache_dir, bibliography)
    remember(bibliography)
    return bibliography


def remember(bibliography: Bibliography) -> None:
    _MEMORY[bibliography.digest] = bibliography
    while len(_MEMORY) > _MEMORY_LIMIT:
        del _MEMORY[next(iter(_MEMORY))]


def memorised(digest: str) -> Bibliography | None:
    return _MEMORY.get(digest)


_CACHE_NAME = "scholar-bibcache.pickle"


def _read_disk_cache(cache_dir: str | None) -> Bibliography | None:
    """The bibliography the last build in this folder used (any version of the files)."""
    if not cache_dir:
        return None
    try:
        with open(os.path.join(cache_dir, _CACHE_NAME), "rb") as handle:
            version, cached = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return cached if version == LOADER_VERSION and isinstance(cached, Bibliography) else None


def _write_disk_cache(cache_dir: str | None, bibliography: Bibliography) -> None:
    if not cache_dir:
        return
    try:
        with open_atomic(os.path.join(cache_dir, _CACHE_NAME), binary=True) as handle:
            pickle.dump((LOADER_VERSION, bibliography), handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _decode(path: str, data: bytes, encoding: str, problems: list[BibProblem]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(
            BibProblem(
                "encoding",
                f"cannot decode byte 0x{data[error.start]:02x} at offset {error.start} as {encoding}; "
                f"undecodable bytes are shown as \ufffd. Set scholar_bib_encoding (for example "
                f'"latin-1") to the file\'s encoding',
                path,
                line,
            )
        )
        return data.decode(encoding, errors="replace")
    except LookupError:
        problems.append(BibProblem("encoding", f"unknown encoding {encoding!r} in scholar_bib_encoding", path))
        return data.decode("utf-8-sig", errors="replace")


class _LineIndex:
    def __init__(self, text: str) -> None:
        self._starts = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) + 1


class _LocatingParser(Parser):
    """pybtex's parser, remembering where each entry starts and what went wrong."""

    def __init__(self) -> None:
        super().__init__()
        self.locations: dict[str, tuple[str, int]] = {}
        self.problems: list[BibProblem] = []
        self.texts: dict[str, str] = {}
        self._persons: dict[str, Person] = {}
        self._line = 0

    def _syntax_error(self, error: PybtexError) -> None:
        line = getattr(error, "lineno", None) or self._line
        message = error.args[0] if error.args else str(error)
        key = getattr(getattr(error, "parser", None), "current_entry_key", None)
        where = f" in entry {key!r}" if key else ""
        if type(error).__name__ == "UndefinedMacro":
            self.problems.append(
                BibProblem(
                    "macro",
                    f"undefined @string macro {message.split(':')[-1].strip()!r}{where}; its text is left out",
                    self.filename,
                    line,
                )
            )
        else:
            kept = "; the fields before it are kept" if key else ""
            self.problems.append(
                BibProblem("syntax", f"BibTeX syntax error{where}: {message}{kept}", self.filename, line)
            )

    def parse_text(self, text: str, filename: str) -> None:
        self.filename = filename
        self.texts[filename] = text
        self.unnamed_entry_counter = 1
        line_of = _LineIndex(text)
        scanner = LowLevelParser(
            text,
            keyless_entries=self.keyless_entries,
            handle_error=self._syntax_error,
            want_entry=self.data.want_entry,
            filename=filename,
            macros=self.macros,
        )
        for command, body in scanner:
            self._line = line_of(scanner.command_start)
            kind = command.lower()
            if kind == "string":
                continue
            if kind == "preamble":
                self.process_preamble(*body)
                continue
            self.process_entry(command, *body)

    def process_entry(self, entry_type, key, fields):
        if key is not None and key in self.data.entries:
            first_file, first_line = self.locations[key.casefold()]
            self.problems.append(
                BibProblem(
                    "duplicate_key",
                    f"duplicate key {key!r}: kept the first definition"
                    f" ({os.path.basename(first_file)}:{first_line}), ignored this one",
                    self.filename,
                    self._line,
                )
            )
            return
        with pybtex.errors.capture() as errors:
            self._assemble_entry(entry_type, key, fields)
        for error in errors:  # name errors are handled by _check_name_lists
            if type(error).__name__ == "DuplicateField":
                message = error.args[0] if error.args else str(error)
                self.problems.append(
                    BibProblem("duplicate_field", f"{message}; kept the first", self.filename, self._line)
                )
        if key is not None:
            self.locations[key.casefold()] = (self.filename, self._line)
            self._check_name_lists(key, fields)

    def _assemble_entry(self, entry_type, key, fields) -> None:
        """pybtex's ``Parser.process_entry``, with one Person per distinct name.

        The same author recurs across hundreds of entries and pybtex's name
        splitting is the costliest step of reading them.  Persons are not
        changed after parsing, so entries share them.
        """
        entry = Entry(entry_type)
        if key is None:
            key = f"unnamed-{self.unnamed_entry_counter}"
            self.unnamed_entry_counter += 1
        seen_fields = set()
        for field_name, field_value_list in fields:
            if field_name.lower() in seen_fields:
                self.handle_error(DuplicateField(key, field_name))
                continue
            field_value = textutils.normalize_whitespace(self.flatten_value_list(field_value_list))
            if field_name in self.person_fields:
                for written in split_name_list(field_value):
                    name = written
                    if name.endswith(",") or name.startswith(","):
                        name = self._stray_comma(key, field_name, written)
                        if not name:
                            continue
                    person = self._persons.get(name)
                    if person is None:
                        person = self._persons[name] = Person(normalise_name(name))
                    entry.add_person(person, field_name)
            else:
                entry.fields[field_name] = field_value
            seen_fields.add(field_name.lower())
        self.data.add_entry(key, entry)

    def _stray_comma(self, key: str, field_name: str, name: str) -> str:
        """ "Alice Trevail, and Bob": pybtex would read "Alice Trevail," as a last name only."""
        repaired = name.strip(", ")
        self.problems.append(
            BibProblem(
                "names",
                f"{field_name} of entry {key!r}: the name {name!r} has a stray comma before or after 'and'; "
                + (f"read as {repaired!r}" if repaired else "left out"),
                self.filename,
                self._line,
            )
        )
        return repaired

    def _check_name_lists(self, key: str, fields) -> None:
        """Re-read name lists written with commas instead of "and" (pybtex: "Too many commas").

        pybtex rejects three or more commas in one name; two commas are its
        "Last, Jr, First" form, so they are only a list when the middle part is
        not a suffix.  A single comma is left to pybtex: "Saenz Cavazos, Paola".
        """
        entry = self.data.entries.get(key)
        for field_name, value_list in fields:
            if field_name not in self.person_fields or entry is None:
                continue
            value = textutils.normalize_whitespace(self.flatten_value_list(value_list))
            # A quick look first: pybtex's own split is slow, and most lists are fine.
            if not any(chunk.count(",") >= 2 for chunk in _ROUGH_AND.split(value)):
                continue
            chunks = [chunk.strip(", ") for chunk in split_name_list(value)]
            if any(_is_comma_list(chunk) for chunk in chunks):
                names = [
                    name
                    for chunk in chunks
                    for name in (_comma_separated_names(chunk) if _is_comma_list(chunk) else [chunk])
                ]
                entry.persons[field_name.lower()] = [Person(normalise_name(name)) for name in names if name]
                shown = ", ".join(repr(name) for name in names[:4]) + (", ..." if len(names) > 4 else "")
                self.problems.append(
                    BibProblem(
                        "names",
                        f"{field_name} of entry {key!r} has too many commas for BibTeX: read as {len(names)} "
                        f"names ({shown}) in every output; write 'and' between names",
                        self.filename,
                        self._line,
                    )
                )


_ROUGH_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_LINEAGE = re.compile(r"^(jr|sr|jnr|snr|[ivx]+|\d+(st|nd|rd|th))\.?$", re.IGNORECASE)


# "Wall W.A.", "Gravemeier V", "van der Berg J.-P.": words, then only initials
_FAMILY_THEN_INITIALS = re.compile(r"^(\S.*?)\s+((?:[A-Z]\.?(?:-?[A-Z]\.?)*\s?)+)$")


def _is_comma_list(chunk: str) -> bool:
    """Whether one pybtex name chunk is really several names separated by commas."""
    commas = chunk.count(",")
    return commas >= 3 or (commas == 2 and not _LINEAGE.match(chunk.split(",")[1].strip()))


def _comma_separated_names(chunk: str) -> list[str]:
    """Split "A. Smith, B. Jones" or "Smith, A., Jones, B." into names for pybtex."""
    parts = [part.strip() for part in chunk.split(",") if part.strip()]
    if all(_FAMILY_THEN_INITIALS.match(part) for part in parts):
        # "Rasthofer U., Wall W.A.": Scopus' and Web of Science's family name first, initials after
        return [_FAMILY_THEN_INITIALS.sub(r"\1, \2", part) for part in parts]
    if all(" " in part for part in parts):
        return parts  # "First Last, First Last, ..."
    if len(parts) % 2 == 0:
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]  # "Last, First, Last, First"
    return parts


# Where an entry seems to start, to catch entries that a syntax error swallowed.
_ENTRY_START = re.compile(r"^[ \t]*(%?)[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^\s,{}()]+)[ \t]*,", re.MULTILINE)
_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})


def _safety_net(parser: _LocatingParser) -> list[BibProblem]:
    """Entries that look present in the text but were not read, and "%@entries"."""
    problems = []
    for path, text in parser.texts.items():
        line_of = _LineIndex(text)
        for match in _ENTRY_START.finditer(text):
            commented, entry_type, key = match.groups()
            if entry_type.lower() in _NOT_ENTRIES:
                continue
            line = line_of(match.start(2))
            where = parser.locations.get(key.casefold())
            if where is None:
                problems.append(
                    BibProblem(
                        "lost_entry", f"entry {key!r} was not read: an earlier syntax error swallowed it", path, line
                    )
                )
            elif commented and where == (path, line):
                problems.append(
                    BibProblem(
                        "commented_entry",
                        f"entry {key!r} is commented out with %, but BibTeX ignores % outside fields and reads it; "
                        "it is listed (use @comment{...} or hidden = {true} to leave it out)",
                        path,
                        line,
                    )
                )
    return problems


def _parse(
    contents, files, digest: str, encoding: str, hidden_fields: frozenset[str], previous: Bibliography | None = None
) -> Bibliography:
    decode_problems: list[BibProblem] = []
    parser = _LocatingParser()
    for path, data in contents:
        parser.parse_text(_decode(path, data, encoding, decode_problems), path)
    problems = decode_problems + parser.problems + _safety_net(parser)
    entries = parser.data.entries
    macros = preamble_macros(" ".join(parser.data.preamble_list))
    publications: dict[str, Publication] = {}
    findings: dict[str, tuple[tuple[str, str], ...]] = {}
    reusable = {p.fingerprint: p for p in previous} if previous is not None else {}
    persons = _PersonMemos()
    for key, entry in entries.items():
        source, line = parser.locations.get(key.casefold(), ("", 0))
        fields = {name.lower(): value for name, value in entry.fields.items()}
        if "journaltitle" in fields:  # biblatex's name for journal
            fields.setdefault("journal", fields["journaltitle"])
        if macros:
            for name in _DISPLAYED_FIELDS:
                if name in fields:
                    fields[name] = expand_macros(fields[name], macros)
        problems.extend(_repair_exports(key, fields, source, line))
        parent_key = fields.get("crossref")
        parent = None
        if parent_key:
            parent = entries.get(parent_key)
            if parent is None:
                problems.append(
                    BibProblem("crossref", f"entry {key!r} has crossref to unknown key {parent_key!r}", source, line)
                )
            else:
                for name, value in parent.fields.items():
                    fields.setdefault(name.lower(), value)
                if not entry.persons.get("editor") and parent.persons.get("editor"):
                    entry.persons["editor"] = parent.persons["editor"]
        fingerprint = _fingerprint(key, entry, fields, hidden_fields, persons)
        earlier = reusable.get(fingerprint)
        if earlier is not None:
            # Unchanged entry: skip name decoding, BibTeX writing and linting.
            publication = replace(earlier, source=source, line=line)
            found = previous.findings.get(fingerprint, ()) if previous is not None else ()
        else:
            publication = _publication(key, entry, fields, source, line, hidden_fields, fingerprint, persons, parent)
            found = tuple(lint_publication(publication))
        publications[key.casefold()] = publication
        findings[fingerprint] = found
        problems.extend(BibProblem(subtype, message, source, line) for subtype, message in found)
    return Bibliography(
        publications=publications, files=tuple(files), digest=digest, problems=tuple(problems), findings=findings
    )


# Fields a visitor reads, where Mendeley's and Zotero's escaping is read back.
_DISPLAYED_FIELDS = (
    "title",
    "abstract",
    "journal",
    "booktitle",
    "howpublished",
    "note",
    "series",
    "publisher",
    "school",
    "institution",
    "organization",
    "annotation",
    "additional_info",
)


def _repair_exports(key: str, fields: dict[str, str], source: str, line: int) -> list[BibProblem]:
    problems = []
    for name in _DISPLAYED_FIELDS:
        value = fields.get(name)
        if not value or ("\\" not in value and "$" not in value):
            continue
        repaired, what = repair_exported_latex(value)
        if what:
            fields[name] = repaired
            shown = latex_to_text(repaired)
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            problems.append(
                BibProblem(
                    "latex",
                    f"the {name} of entry {key!r} has LaTeX escaped by its exporter ({'; '.join(what)});"
                    f" read as {shown!r}",
                    source,
                    line,
                )
            )
    return problems


class _IdentityMemo:
    """``function(item)`` once per object: the parser shares one Person per
    distinct name among entries, so each is decoded and written once.  The
    item is kept with its result, so its id cannot be reused meanwhile."""

    def __init__(self, function) -> None:
        self._function = function
        self._results: dict[int, tuple[object, object]] = {}

    def __call__(self, item):
        hit = self._results.get(id(item))
        if hit is not None and hit[0] is item:
            return hit[1]
        result = self._function(item)
        self._results[id(item)] = (item, result)
        return result


class _PersonMemos:
    """What one parse derives from each Person."""

    def __init__(self) -> None:
        self.author = _IdentityMemo(author_from_person)
        self.text = _IdentityMemo(str)
        self.for_visitors = _IdentityMemo(_for_visitors)


_MARKS_RE = re.compile(r"[*†‡§¶]+")
_DBLP_NUMBER = re.compile(r"^\d{4}$")


def _for_visitors(person: Person) -> Person:
    """The person without contribution marks or DBLP disambiguation numbers."""
    parts = (
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    )
    if not any(_MARKS_RE.search(p) or _DBLP_NUMBER.match(p) for p in parts):
        return person  # the common case: nothing to clean, no re-parsing

    def clean(parts):
        cleaned = (_MARKS_RE.sub("", p).strip() for p in parts)
        return [p for p in cleaned if p and not _DBLP_NUMBER.match(p)]

    first = clean(person.first_names) + clean(person.middle_names)
    last = clean(person.last_names)
    if not last and first:
        last = [first.pop()]
    return Person(
        first=" ".join(first),
        prelast=" ".join(clean(person.prelast_names)),
        last=" ".join(last),
        lineage=" ".join(clean(person.lineage_names)),
    )


def _bibtex_value(value: str) -> str:
    """A parsed value written back as BibTeX, quoted as pybtex's writer quotes.

    Parsed values are BibTeX source already (``50\\%`` stays as it is) and
    pybtex's parser only yields values with balanced braces, so nothing is
    re-encoded or checked; pybtex's writer would also import latexcodec's
    tables (1.4 MB in every build) for the encoding it does not need here.
    """
    return f"{{{value}}}" if '"' in value else f'"{value}"'


def entry_text(
    key: str,
    entry_type: str,
    persons: Iterable[tuple[str, list[Person]]],
    fields: Iterable[tuple[str, str]],
    name_text: Callable[[Person], str] = str,
) -> str:
    """One entry as BibTeX: ``persons`` are (role, [Person]) pairs, ``fields``
    (name, value) pairs.  Names are written "von Last, Jr, First" by pybtex's
    ``Person.__str__`` (``name_text`` memoises it per parse)."""
    parts = [f"@{entry_type}{{{key}"]
    for role, people in persons:
        if people:
            parts.append(f",\n    {role} = {_bibtex_value(' and '.join(name_text(person) for person in people))}")
    parts.extend(f",\n    {name} = {_bibtex_value(value)}" for name, value in fields)
    parts.append("\n}")
    return "".join(parts)


# Presentation fields that are bibliographic data all the same: downloads keep them.
EXPORTED_PRESENTATION_FIELDS = ("abstract",)


def export_bibtex(publication: Publication) -> str:
    """The visitor's BibTeX plus the abstract: what a downloaded .bib holds.

    The field is appended to the written entry as text (no second parse: a
    list of thousands of entries is exported on every write); pybtex only
    yields values with balanced braces, so ``{value}`` is safe.
    """
    extra = [(name, publication.fields[name]) for name in EXPORTED_PRESENTATION_FIELDS if publication.fields.get(name)]
    written = publication.bibtex.rstrip()
    if not extra or not written.endswith("}"):
        return publication.bibtex
    body = written[:-1].rstrip()
    return body + "".join(f",\n    {name} = {{{value}}}" for name, value in extra) + "\n}"


def visitor_bibtex(
    key: str,
    entry: Entry,
    hidden_fields: frozenset[str] = PRESENTATION_FIELDS,
    for_visitors: Callable[[Person], Person] = _for_visitors,
    name_text: Callable[[Person], str] = str,
    parent: Entry | None = None,
) -> str:
    """The entry as BibTeX without presentation-only fields or name marks.

    A ``crossref`` is resolved: the parent's fields that the entry lacks are
    written into it and the field is left out, so a downloaded entry compiles
    with BibTeX and biber on its own (a parent that is not in the file is
    reported when the bib is loaded).
    """
    own = [(name, value) for name, value in entry.fields.items() if name.lower() not in hidden_fields]
    fields = [(name, value) for name, value in own if name.lower() != "crossref"]
    if parent is not None:
        present = {name.lower() for name, _value in own}
        fields += [
            (name, value)
            for name, value in parent.fields.items()
            if name.lower() not in present and name.lower() not in hidden_fields and name.lower() != "crossref"
        ]
    try:
        return entry_text(
            key,
            entry.type,
            [(role, [for_visitors(person) for person in people]) for role, people in entry.persons.items()],
            fields,
            name_text,
        )
    except PybtexError:
        return ""


def _fingerprint(
    key: str, entry: Entry, fields: dict[str, str], hidden_fields: frozenset[str], persons: _PersonMemos
) -> str:
    """Everything a Publication is made from: equal fingerprints, equal records."""
    persons_text = "|".join(
        f"{role}={'; '.join(persons.text(p) for p in people)}" for role, people in sorted(entry.persons.items())
    )
    material = (key, entry.type.lower(), sorted(fields.items()), persons_text, sorted(hidden_fields))
    return hashlib.sha1(repr(material).encode("utf-8", "surrogatepass")).hexdigest()


# howpublished = {\url{https://...}} (or the bare URL): a link, not a venue name
_HOWPUBLISHED_URL = re.compile(r"\s*(?:\\url\s*)?\{?\s*(https?://[^\s{}]+)\s*\}?\s*")


def _with_url_from_howpublished(fields: dict[str, str]) -> dict[str, str]:
    howpublished = fields.get("howpublished", "")
    match = _HOWPUBLISHED_URL.fullmatch(howpublished) if howpublished else None
    if match is None:
        return fields
    moved = {name: value for name, value in fields.items() if name != "howpublished"}
    moved.setdefault("url", match.group(1))
    return moved


def _publication(
    key: str,
    entry: Entry,
    fields: dict[str, str],
    source: str,
    line: int,
    hidden_fields: frozenset[str],
    fingerprint: str,
    persons: _PersonMemos,
    parent: Entry | None = None,
) -> Publication:
    authors = tuple(persons.author(person) for person in entry.persons.get("author", ()))
    editors = tuple(persons.author(person) for person in entry.persons.get("editor", ()))
    return Publication(
        key=key,
        entry_type=entry.type.lower(),
        fields=_with_url_from_howpublished(fields),
        authors=authors,
        editors=editors,
        bibtex=visitor_bibtex(key, entry, hidden_fields, persons.for_visitors, persons.text, parent),
        source=source,
        line=line,
        fingerprint=fingerprint,
    )
