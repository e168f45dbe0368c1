"""CV dates: ISO dates, years and "present" are understood; anything else is shown as written."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..locale import _

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_PRESENT = frozenset({"present", "now", "current", "currently", "ongoing", "today"})
# a term or a month with its year is a date too, shown as written ("Fall 2023", "September 2021")
_TERMS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WORD_AND_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class CVDate:
    """A parsed date (year, month, day; 0 for unknown parts), "present", or text that is not a date."""

    year: int = 0
    month: int = 0
    day: int = 0
    present: bool = False
    text: str = ""  # as written, when it is not a date

    @property
    def parsed(self) -> bool:
        return bool(self.year) or self.present

    def sort_key(self) -> tuple[int, int, int]:
        if self.present:
            return (9999, 12, 31)
        return (self.year, self.month, self.day)

    def iso(self) -> str:
        """The date as RenderCV writes it ("2023-09"); "present"; or the text."""
        if self.present:
            return "present"
        if not self.year or self.text:
            return self.text
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def shown(self, day: bool = False) -> str:
        """ "Sep 2023" (with ``day``, "Sep 15, 2023" when the day is known), "present", or the text."""
        if self.present:
            return _("present")
        if not self.year or self.text:
            return self.text
        if not self.month:
            return str(self.year)
        month = _(_MONTHS[self.month - 1])
        return f"{month} {self.day}, {self.year}" if day and self.day else f"{month} {self.year}"


class DateProblem(ValueError):
    """A value that is not a date; the CVDate keeps it as text."""


def parse_date(value: object) -> CVDate:
    """A CVDate from what YAML or JSON gave.

    DateProblem when it is not a date; its ``args[1]`` is the text kept to show as written,
    or None for a value that is not text (a list, a mapping), which is left out.
    """
    if isinstance(value, datetime.date):
        return CVDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise DateProblem(f"{value!r} is not a date", CVDate(text=str(value)))
    if isinstance(value, int):
        if 1000 <= value <= 9999:
            return CVDate(value)
        raise DateProblem(f"{value!r} is not a year", CVDate(text=str(value)))
    if not isinstance(value, str):
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__
        raise DateProblem(f"expected a date such as 2023-09, got {kind}", None)
    text = value.strip()
    if text.lower() in _PRESENT:
        return CVDate(present=True)
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) if part else 0 for part in match.groups())
        try:
            if month:
                datetime.date(year, month, day or 1)
        except ValueError:
            raise DateProblem(f"{text!r} is not a valid date", CVDate(text=text)) from None
        return CVDate(year, month, day)
    words = _WORD_AND_YEAR.match(text)
    if words:
        word, year = words.group(1).lower(), int(words.group(2))
        if word in _MONTH_NAMES:
            return CVDate(year, _MONTH_NAMES[word])
        if word in _TERMS:
            return CVDate(year, _TERMS[word], text=text)
    raise DateProblem(f"{text!r} is not a date (write 2023, 2023-09, 2023-09-15 or present)", CVDate(text=text))


def date_range(start: CVDate | None, end: CVDate | None, single: CVDate | None) -> str:
    """What the date column shows: "Sep 2023 – present", "2021", or the text as written."""
    if single is not None and (start is None or not start.parsed):
        return single.shown()
    if start is None:
        return end.shown() if end else ""
    if end is None or end == start:
        return start.shown()
    return f"{start.shown()} – {end.shown()}"
