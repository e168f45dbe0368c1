"""A news file: a YAML (or JSON) list of items with ``date``, ``text`` (Markdown) and
optional ``pub`` (BibTeX keys the item links) and ``url``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..bib.urls import safe_url
from ..cv.dates import CVDate, DateProblem, parse_date
from ..cv.load import CVFileError, _line, _parse, _type_name, read_data_file

NEWS_KEYS = frozenset({"date", "text", "pub", "url", "title"})


@dataclass(frozen=True, slots=True)
class NewsItem:
    date: CVDate | None
    text: str  # Markdown, untrusted
    pubs: tuple[str, ...] = ()
    url: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class NewsFile:
    items: tuple[NewsItem, ...]
    problems: tuple[tuple[str, int | None], ...]


def read_news(path: str) -> NewsFile:
    """The items of a news file; CVFileError when it cannot be read at all."""
    return read_data_file(path, "news", _read_news_text)


def _read_news_text(text: str, path: str) -> NewsFile:
    data: Any = _parse(text, path)
    if isinstance(data, dict) and isinstance(data.get("news"), list):
        data = data["news"]
    if not isinstance(data, list):
        raise CVFileError("a news file is a list of items, each with a date and a text", 1)
    problems: list[tuple[str, int | None]] = []
    items = []
    for index, raw in enumerate(data):
        where, line = f"news[{index}]", _line(data, index)
        if not isinstance(raw, dict):
            problems.append(
                (f"{where}: expected an item with a date and a text, got {_type_name(raw)}; it is left out", line)
            )
            continue
        line = _line(raw) or line
        for key in raw:
            if key not in NEWS_KEYS:
                problems.append(
                    (f"{where}.{key}: unknown field (an item has date, text, pub, url); it is ignored", _line(raw, key))
                )
        body = raw.get("text", raw.get("title"))
        if not isinstance(body, str | int | float) or isinstance(body, bool) or not str(body).strip():
            problems.append((f"{where}.text: an item needs a text; it is left out", _line(raw, "text") or line))
            continue
        date = None
        if raw.get("date") in (None, ""):
            problems.append((f"{where}.date: no date; the item is listed last", line))
        else:
            try:
                date = parse_date(raw["date"])
            except DateProblem as problem:
                message, kept = problem.args
                outcome = "it is shown as written" if kept is not None else "it is left out"
                problems.append((f"{where}.date: {message}; {outcome}", _line(raw, "date")))
                date = kept
        pubs = raw.get("pub") or []
        if isinstance(pubs, str):
            pubs = tuple(pubs.replace(",", " ").split())
        elif isinstance(pubs, list) and all(isinstance(key, str) for key in pubs):
            pubs = tuple(pubs)
        else:
            problems.append((f"{where}.pub: expected a BibTeX key or a list of them; it is ignored", _line(raw, "pub")))
            pubs = ()
        url = ""
        if raw.get("url"):
            vetted = safe_url(str(raw["url"]))
            if vetted is None:
                problems.append(
                    (
                        f"{where}.url: {raw['url']!r} is not an http(s), mailto or relative URL; it is not linked",
                        _line(raw, "url"),
                    )
                )
            url = vetted or ""
        items.append(NewsItem(date, str(body).strip(), pubs, url, line or 0))
    return NewsFile(tuple(items), tuple(problems))
