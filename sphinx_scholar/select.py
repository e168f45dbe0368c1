"""Select stage: the ``:filter:`` language, sorting and grouping.

The filter language is a small subset of Python expression syntax, parsed
with :mod:`ast` and evaluated by walking a whitelist of node types, so no code
is ever executed:  ``year >= 2020 and type == "inproceedings"``,
``selected``, ``"Zhang" in author``, ``type in ["article", "book"]``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bib.identifiers import arxiv_id
from .bib.latex import latex_to_text
from .bib.venues import derived_abbreviation, venue_text
from .model import LINK_FIELDS, TYPE_ORDER, Publication, publication_kind

if TYPE_CHECKING:
    from .bib.bibdata import Bibliography
    from .bib.names import NameMatcher


class FilterError(ValueError):
    """The filter text is not a valid expression of the filter language."""


# Names with a computed meaning; every other name is a BibTeX field.
_COMPUTED_FIELDS = {
    "key": lambda p: p.key,
    "type": lambda p: p.entry_type,
    "kind": publication_kind,
    "year": lambda p: p.year,
    "month": lambda p: p.month,
    "selected": lambda p: p.selected,
    "hidden": lambda p: p.hidden,
    "author": lambda p: [a.text for a in p.authors if not a.is_others],
    "editor": lambda p: [a.text for a in p.editors if not a.is_others],
    "keywords": lambda p: split_keywords(p.get("keywords")),
    "tags": lambda p: split_keywords(p.get("keywords")),
    "tag": lambda p: split_keywords(p.get("keywords")),
    "venue": lambda p: [v for v in (derived_abbreviation(p), latex_to_text(p.get("abbr")), venue_text(p)) if v],
}
# Authorship roles of the researcher, read from the contribution marks typed
# into names (al-folio's convention: * equal contribution, † corresponding).
EQUAL_MARKS = frozenset("*#")
CORRESPONDING_MARKS = frozenset("†‡✉")
ROLE_FIELDS = ("own", "first_author", "last_author", "equal_contribution", "corresponding")
_CONSTANTS = {"true": True, "false": False, "True": True, "False": False, "none": None, "None": None}


def split_keywords(value: str) -> list[str]:
    return [k for k in (part.strip() for part in re.split(r"[,;]", latex_to_text(value))) if k]


def field_value(publication: Publication, name: str, researcher: NameMatcher | None = None) -> object:
    name = name.lower()
    computed = _COMPUTED_FIELDS.get(name)
    if computed is not None:
        return computed(publication)
    if name in ROLE_FIELDS:
        return researcher_role(publication, name, researcher)
    if name.startswith("has_"):
        return bool(publication.get(name[4:]).strip()) or (name == "has_arxiv" and bool(arxiv_id(publication)))
    return latex_to_text(publication.get(name))


def researcher_role(publication: Publication, role: str, researcher: NameMatcher | None) -> bool:
    """Whether the researcher (a NameMatcher) holds ``role`` on the entry."""
    if researcher is None or not researcher:
        return False
    if role == "own":
        return any(researcher.matches(a) for a in publication.authors + publication.editors)
    authors = [a for a in publication.authors if not a.is_others]
    positions = [i for i, author in enumerate(authors) if researcher.matches(author)]
    if not positions:
        return False
    position = positions[0]
    marks = set(authors[position].marks)
    if role == "first_author":
        # first, or sharing first authorship: everyone before them is marked equal too
        return position == 0 or (
            bool(marks & EQUAL_MARKS) and all(set(a.marks) & EQUAL_MARKS for a in authors[:position])
        )
    if role == "last_author":
        return position == len(authors) - 1 and not publication.authors[-1].is_others and len(authors) > 1
    if role == "equal_contribution":
        return bool(marks & EQUAL_MARKS)
    return bool(marks & CORRESPONDING_MARKS)


def _fold(value):
    return value.casefold() if isinstance(value, str) else value


def _contains(container, item) -> bool:
    if isinstance(item, (list, tuple)) and isinstance(container, (list, tuple)):
        return any(_contains(container, one) for one in item)  # tags in ["a", "b"]
    if isinstance(container, (list, tuple)):
        if isinstance(item, str) and all(isinstance(c, str) for c in container):
            needle = item.casefold()
            # Lists of names or keywords: a part of any element matches.
            return any(needle == c.casefold() or needle in c.casefold() for c in container)
        return item in container
    if isinstance(container, str) and isinstance(item, str):
        return item.casefold() in container.casefold()
    return False


def _equal(left, right) -> bool:
    if isinstance(left, list) and isinstance(right, str):
        return any(_fold(item) == _fold(right) for item in left)
    if isinstance(left, bool) and isinstance(right, str):
        return str(left).casefold() == right.casefold()
    if isinstance(left, int) and not isinstance(left, bool) and isinstance(right, str) and right.isdigit():
        return left == int(right)
    return _fold(left) == _fold(right)


def _order(op, left, right) -> bool:
    if left is None or right is None or left == "" or right == "":
        return False
    if isinstance(left, (int, float)) != isinstance(right, (int, float)):
        try:
            left, right = float(left), float(right)
        except (TypeError, ValueError):
            return False
    try:
        return op(left, right)
    except TypeError:
        return False


_COMPARATORS = {
    ast.Eq: _equal,
    ast.NotEq: lambda a, b: not _equal(a, b),
    ast.Lt: lambda a, b: _order(lambda x, y: x < y, a, b),
    ast.LtE: lambda a, b: _order(lambda x, y: x <= y, a, b),
    ast.Gt: lambda a, b: _order(lambda x, y: x > y, a, b),
    ast.GtE: lambda a, b: _order(lambda x, y: x >= y, a, b),
    ast.In: lambda a, b: _contains(b, a),
    ast.NotIn: lambda a, b: not _contains(b, a),
}


@dataclass(frozen=True)
class Filter:
    """A compiled filter expression."""

    text: str
    names: frozenset[str]  # field names the expression reads
    _test: Callable[[Publication], object]  # its result is used for its truth

    def __call__(self, publication: Publication) -> bool:
        return bool(self._test(publication))


def compile_filter(text: str, researcher: NameMatcher | None = None) -> Filter:
    """Parse ``text``; raise FilterError with a readable reason when it is invalid.

    ``researcher`` (a NameMatcher) gives meaning to first_author and the other roles.
    """
    source = text.strip()
    if not source:
        return Filter("", frozenset(), lambda p: True)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise FilterError(f"invalid filter {text!r}: {error.msg} at column {error.offset}") from None
    if isinstance(tree.body, ast.Constant) and isinstance(tree.body.value, str):
        raise FilterError(f"filter {text!r} is a quoted string, which would match everything; remove the outer quotes")
    names: set[str] = set()
    evaluate = _compile_node(tree.body, _Compiler(names, researcher))
    return Filter(source, frozenset(names), evaluate)


@dataclass
class _Compiler:
    names: set[str]  # field names the expression reads, filled while compiling
    researcher: NameMatcher | None


def _compile_node(node: ast.AST, compiler: _Compiler) -> Callable[[Publication], object]:
    names = compiler.names
    if isinstance(node, ast.BoolOp):
        parts = [_compile_node(value, compiler) for value in node.values]
        if isinstance(node.op, ast.And):
            return lambda p: all(part(p) for part in parts)
        return lambda p: any(part(p) for part in parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        operand = _compile_node(node.operand, compiler)
        return lambda p: not operand(p)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        number = node.operand.value
        if not isinstance(number, (int, float)) or isinstance(number, bool):
            raise FilterError(f"'-' needs a number, not {number!r}")
        negative = -number
        return lambda p: negative
    if isinstance(node, ast.Compare):
        left = _compile_node(node.left, compiler)
        steps = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            function = _COMPARATORS.get(type(op))
            if function is None:
                raise FilterError(f"operator {type(op).__name__} is not allowed in a filter")
            steps.append((function, _compile_node(comparator, compiler)))

        def compare(p: Publication) -> bool:
            current = left(p)
            for function, right in steps:
                value = right(p)
                if not function(current, value):
                    return False
                current = value
            return True

        return compare
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            constant = _CONSTANTS[node.id]
            return lambda p: constant
        name = node.id.lower()
        names.add(name)
        researcher = compiler.researcher
        return lambda p: field_value(p, name, researcher)
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        value = node.value
        return lambda p: value
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [_compile_node(element, compiler) for element in node.elts]
        return lambda p: [item(p) for item in items]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "matches":
        return _compile_matches(node, compiler)
    raise FilterError(
        f"{ast.unparse(node)!r} is not allowed in a filter (use fields, strings, numbers, comparisons, and/or/not)"
    )


def _compile_matches(node: ast.Call, compiler: _Compiler) -> Callable[[Publication], object]:
    """matches(field, "regular expression"): a case-insensitive search in the field's text."""
    if (
        len(node.args) != 2
        or node.keywords
        or not isinstance(node.args[1], ast.Constant)
        or not isinstance(node.args[1].value, str)
    ):
        raise FilterError('use matches(field, "regular expression")')
    try:
        pattern = re.compile(node.args[1].value, re.IGNORECASE)
    except re.error as error:
        raise FilterError(f"invalid regular expression {node.args[1].value!r}: {error}") from None
    value = _compile_node(node.args[0], compiler)

    def test(p):
        found = value(p)
        texts = found if isinstance(found, list) else [found]
        return any(pattern.search(str(text)) for text in texts if text is not None)

    return test


def known_field_names(publications: Iterable[Publication]) -> frozenset[str]:
    """Every name a filter may use: computed names plus fields present in the bib.

    Cached per bibliography (by its digest), as every list on every page asks.
    """
    digest = getattr(publications, "digest", None)
    if digest is not None and digest in _KNOWN_NAMES:
        return _KNOWN_NAMES[digest]
    names = _known_field_names(publications)
    if digest is not None:
        _KNOWN_NAMES.clear()  # one bibliography per build
        _KNOWN_NAMES[digest] = names
    return names


_KNOWN_NAMES: dict[str, frozenset[str]] = {}


def _known_field_names(publications: Iterable[Publication]) -> frozenset[str]:
    names = set(_COMPUTED_FIELDS) | set(ROLE_FIELDS)
    names.update(f"has_{name}" for name, _label in LINK_FIELDS)
    for publication in publications:
        names.update(publication.fields)
        names.update(f"has_{field}" for field in publication.fields)
    return frozenset(names)


# -- sorting ------------------------------------------------------------------

DEFAULT_SORT = "-year, -month, title"


class SortError(ValueError):
    pass


def parse_sort(text: str) -> list[tuple[str, bool]]:
    """ "-year, title" -> [("year", True), ("title", False)] (True = descending)."""
    order = []
    for written in text.split(","):
        part = written.strip()
        if not part:
            continue
        descending = part.startswith("-")
        name = part.lstrip("+-").strip().lower()
        if not re.fullmatch(r"[a-z_][\w\-]*", name):
            raise SortError(f"invalid sort field {part!r}")
        order.append((name, descending))
    return order


def _sort_value(publication: Publication, name: str):
    value = field_value(publication, name)
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return value.casefold()
    return value


def sort_publications(publications: list[Publication], order: list[tuple[str, bool]]) -> list[Publication]:
    result = list(publications)
    for name, descending in reversed(order):

        def key(p: Publication, name: str = name, descending: bool = descending) -> tuple:
            value = _sort_value(p, name)
            missing = value is None or value == ""
            value = (0, value, "") if isinstance(value, (int, float)) else (1, 0, value or "")
            # Missing values sort last in either direction.
            return (not missing, value) if descending else (missing, value)

        result.sort(key=key, reverse=descending)
    return result


# -- grouping -----------------------------------------------------------------

GROUPINGS = ("none", "year", "type", "venue", "tag")


class GroupingError(ValueError):
    pass


def parse_grouping(text: str) -> tuple[str, ...]:
    """ "type, year" -> ("type", "year"); "none" or "" -> ()."""
    levels = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [level for level in levels if level not in GROUPINGS]
    if unknown:
        raise GroupingError(
            f"cannot group by {', '.join(unknown)}; use {', '.join(GROUPINGS)} (one or two, comma-separated)"
        )
    levels = tuple(level for level in levels if level != "none")
    if len(levels) > 2:
        raise GroupingError("group by at most two levels, for example 'type, year'")
    return levels


def _group_keys(publication: Publication, level: str) -> list:
    if level == "year":
        return [publication.year]
    if level == "type":
        return [publication_kind(publication)]
    if level == "venue":
        venue = latex_to_text(publication.get("abbr")) or derived_abbreviation(publication) or venue_text(publication)
        return [venue or None]
    tags = split_keywords(publication.get("keywords"))
    return tags or [None]


def group_publications(
    publications: list[Publication], by: str | tuple[str, ...], type_order: tuple[str, ...] = TYPE_ORDER
) -> list[tuple[object, list]]:
    """Group by one level (a name) or by levels (a tuple of names).

    One level: [(group key, entries)].  Two levels: [(outer key, [(inner key, entries)])].
    Year and venue groups follow the list's order; type groups follow
    ``type_order``; tag groups are alphabetical, and an entry with several tags
    is in each of their groups.  Entries without a value gather last.
    """
    levels = (by,) if isinstance(by, str) else tuple(by)
    levels = tuple(level for level in levels if level != "none")
    if not levels:
        return [(None, list(publications))]
    level, rest = levels[0], levels[1:]
    groups: dict[object, list[Publication]] = {}
    for publication in publications:
        for key in _group_keys(publication, level):
            groups.setdefault(key, []).append(publication)
    items = list(groups.items())
    if level == "type":
        items.sort(key=lambda item: type_order.index(item[0]) if item[0] in type_order else len(type_order))
    elif level == "tag":
        items.sort(key=lambda item: (item[0] is None, str(item[0]).casefold()))
    else:
        items.sort(key=lambda item: item[0] is None)
    if rest:
        return [(key, group_publications(members, rest, type_order)) for key, members in items]
    return items


@dataclass(frozen=True)
class ListQuery:
    """Everything that decides which entries a list shows and in what order."""

    keys: tuple[str, ...] = ()
    filter: str = ""
    sort: str = ""
    group_by: tuple[str, ...] = ()
    limit: int | None = None
    offset: int = 0
    # whose roles own/first_author/... test: name and aliases, and ORCID
    researcher: tuple[str, ...] = ()
    orcid: str = ""


@dataclass
class Selection:
    publications: list[Publication]
    missing_keys: list[str]


def select(
    bibliography: Bibliography, query: ListQuery, compiled: Filter | None = None, researcher: NameMatcher | None = None
) -> Selection:
    """Apply a query to a bibliography (anything iterable with ``get(key)``)."""
    test = compiled or compile_filter(query.filter, researcher)
    missing: list[str] = []
    if query.keys:
        chosen = []
        for key in query.keys:
            publication = bibliography.get(key)
            if publication is None:
                missing.append(key)
            elif publication not in chosen and publication.has_title:  # an untitled one was reported when read
                chosen.append(publication)
        candidates = [p for p in chosen if test(p)]
    else:
        candidates = [p for p in bibliography if p.listed and test(p)]
    if query.sort or not query.keys:
        candidates = sort_publications(candidates, parse_sort(query.sort or DEFAULT_SORT))
    end = None if query.limit is None else query.offset + query.limit
    return Selection(candidates[query.offset : end], missing)
