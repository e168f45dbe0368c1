"""Author names: display form from pybtex persons, and matching of spellings.

pybtex splits the name into its parts; this module decodes LaTeX, peels off the
conventions homepages add on top of BibTeX (contribution marks, DBLP
disambiguation numbers, "others") and decides whether two spellings name the
same person.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from ..model import Author
from .latex import latex_to_text, repair_exported_latex

# Marks typed into names: al-folio's "Zhang*", "Sun†", also "^*" left over
# from "$^*$" and LaTeX's \dag/\ddag once decoded.
_MARK_CHARS = "*†‡§¶#^"
_DBLP_NUMBER = re.compile(r"^\d{4}$")
_GIVEN_SPLIT = re.compile(r"[\s.\-‐‑]+")


def _decode_part(part: str) -> str:
    return latex_to_text(part).strip()


def _split_marks(parts: list[str]) -> tuple[list[str], str]:
    """Remove contribution marks from the ends of name parts; return them separately."""
    cleaned, marks = [], ""
    for part in parts:
        core = part.strip(_MARK_CHARS + " ")
        if core != part:
            marks += "".join(c for c in part.replace(core, "", 1) if c in _MARK_CHARS and c != "^")
        if core:
            cleaned.append(core)
    return cleaned, marks


_BRACED_LETTER = re.compile(r"\{([^\W\d_])\}")


# APS's "Du\ifmmode \check{s}\else \v{s}\fi{}ek": a name is text, so the text branch, kept one word
_IFMMODE_TEXT = re.compile(r"\\ifmmode\s*.*?\\else\s*(.*?)\s*\\fi(?![A-Za-z])(?:\{\})?", re.S)


def normalise_name(name: str) -> str:
    """A name as pybtex should split it: APS's \\ifmmode read as text, exporters' escaping
    repaired, braces around single letters taken off (see unbrace_single_letters)."""
    if "\\ifmmode" in name:
        name = _IFMMODE_TEXT.sub(lambda m: "{" + m.group(1) + "}", name)
    if "\\" in name:
        name = repair_exported_latex(name)[0]
    return unbrace_single_letters(name)


def unbrace_single_letters(name: str) -> str:
    """ "{J}ohn {A}. {Z}u{H}one" -> "John A. ZuHone".

    BibTeX skips a brace group when it looks for a name part's case, so "{Z}u{H}one"
    would be a lowercase "von" part.  A brace around one letter protects nothing in
    a name; a macro's argument (``\\c{c}``, ``\\v{s}``) keeps its braces.
    """
    if "{" not in name:
        return name

    def unwrap(match: re.Match[str]) -> str:
        before = name[: match.start()].rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return match.group(0) if before.endswith("\\") else match.group(1)

    return _BRACED_LETTER.sub(unwrap, name)


@functools.lru_cache(maxsize=65536)
def author_from_string(name: str) -> Author:
    """An Author from one BibTeX name ("Zhang, Qiaozhe", "Q. Zhang", "{Google DeepMind}")."""
    try:
        return author_from_person(Person(normalise_name(name)))
    except PybtexError:  # e.g. "Too many commas": keep the spelling as written
        text = latex_to_text(name).strip()
        return Author(text=text, family=text)


def author_from_person(person: Person) -> Author:
    if [str(p) for p in person.last_names] == ["others"] and not person.first_names:
        return Author(text="et al.", is_others=True)
    given_raw = list(person.first_names) + list(person.middle_names)
    family_raw = list(person.prelast_names) + list(person.last_names)
    lineage_raw = list(person.lineage_names)

    given = [_decode_part(p) for p in given_raw]
    family = [_decode_part(p) for p in family_raw]
    lineage = [_decode_part(p) for p in lineage_raw]

    # DBLP disambiguation: "Ping Li 0001" -> family "0001"; "Li 0001, Ping".
    family = [p for p in family if not _DBLP_NUMBER.match(p)]
    if not family and given:
        family = [given.pop()]

    given, given_marks = _split_marks(given)
    family, family_marks = _split_marks(family)
    lineage, lineage_marks = _split_marks(lineage)
    marks = "".join(dict.fromkeys(given_marks + family_marks + lineage_marks))

    given_text = " ".join(p for p in given if p)
    family_text = " ".join(p for p in family if p)
    text = " ".join(p for p in (given_text, family_text) if p)
    if lineage:
        text += ", " + " ".join(lineage)
    return Author(text=text or str(person), given=given_text, family=family_text, marks=marks)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name part."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return without_accents.casefold().replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ß", "ss")


def family_key(family: str) -> str:
    return re.sub(r"[^\w]", "", fold(family))


@functools.cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def _is_known_name(token: str) -> bool:
    namer = _nicknamer()
    return bool(namer.nicknames_of(token) or namer.canonicals_of(token))


def nicknames_related(a: str, b: str) -> bool:
    """ "chris" ~ "christopher", "bob" ~ "robert" (folded given names), from the nicknames dataset."""
    namer = _nicknamer()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b)


def _token_readings(token: str) -> tuple[tuple[str, ...], ...]:
    """How one given-name token may be read: "AM" is the initials A. M.; "Am" may be either.

    A short capitalised token is read as initials too unless it is a known
    first name, so "Ed" and "Al" stay names.  ("ED" is the initials E. D.,
    which still match "Ed": one reading is initials only.)
    """
    word = re.sub(r"[^\w]", "", fold(token))
    if not word:
        return ((),)
    if not 2 <= len(word) <= 3 or not word.isalpha():
        return ((word,),)
    if token.isupper():
        return (tuple(word),)
    if token[:1].isupper() and not _is_known_name(word):
        return ((word,), tuple(word))
    return ((word,),)


@functools.lru_cache(maxsize=65536)
def _given_readings(given: str) -> tuple[tuple[str, ...], ...]:
    readings: list[tuple[str, ...]] = [()]
    for token in _GIVEN_SPLIT.split(given):
        readings = [done + more for done in readings for more in _token_readings(token)][:8]
    return tuple(dict.fromkeys(readings))


def _initials_only(tokens: tuple[str, ...]) -> bool:
    return all(len(t) == 1 for t in tokens)


def _prefix_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return bool(shorter) and longer[: len(shorter)] == shorter


def _tokens_compatible(tokens_a: tuple[str, ...], tokens_b: tuple[str, ...]) -> bool:
    if not tokens_a or not tokens_b:
        return not tokens_a and not tokens_b
    if "".join(tokens_a) == "".join(tokens_b):
        return True
    if _initials_only(tokens_a) or _initials_only(tokens_b):
        initials_a = tuple(t[0] for t in tokens_a)
        initials_b = tuple(t[0] for t in tokens_b)
        return _prefix_compatible(initials_a, initials_b)
    if tokens_a[0] != tokens_b[0] and not nicknames_related(tokens_a[0], tokens_b[0]):
        return False
    # Same first name: the middle initials must not disagree ("Albert" ~ "Albert B.").
    rest_a, rest_b = tuple(t[0] for t in tokens_a[1:]), tuple(t[0] for t in tokens_b[1:])
    shorter, longer = (rest_a, rest_b) if len(rest_a) <= len(rest_b) else (rest_b, rest_a)
    return longer[: len(shorter)] == shorter


def given_names_compatible(a: str, b: str) -> bool:
    """ "Qiaozhe" ~ "Q." ~ "Q.-Z."; "Qian-Yuan" ~ "Qianyuan" ~ "Q.-Y."; "AM" ~ "A. M."; "Chris" ~ "Christopher J."."""
    return any(_tokens_compatible(x, y) for x in _given_readings(a) for y in _given_readings(b))


def _splits(author: Author) -> list[tuple[str, str]]:
    """(family key, given) readings of a name: as written, and, for "Carlos Tomé Cortiñas"
    written without a comma, with a two-word family name, as Spanish and Portuguese
    names have ("Tomé Cortiñas, Carlos").  A middle initial is never a family name."""
    readings = [(family_key(author.family), author.given)]
    words = author.given.split()
    if len(words) >= 2 and len(words[-1].strip(".")) > 1 and "." not in words[-1]:
        readings.append((family_key(words[-1] + author.family), " ".join(words[:-1])))
    return readings


class NameMatcher:
    """Decides whether an author is one of a set of people (name plus aliases)."""

    def __init__(self, spellings) -> None:
        people: list[tuple[str, str]] = []
        for author in (author_from_string(s) for s in spellings if s.strip()):
            people.extend(_splits(author))
        self._people = tuple(dict.fromkeys(people))
        self._cache: dict[Author, bool] = {}

    def __bool__(self) -> bool:
        return bool(self._people)

    def matches(self, author: Author) -> bool:
        if author.is_others or not self._people:
            return False
        known = self._cache.get(author)
        if known is None:
            known = any(
                family == their_family and given_names_compatible(given, their_given)
                for family, given in _splits(author)
                for their_family, their_given in self._people
            )
            self._cache[author] = known
        return known


@functools.lru_cache(maxsize=256)
def matcher_for(spellings: tuple[str, ...]) -> NameMatcher:
    return NameMatcher(spellings)
