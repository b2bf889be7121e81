"""Dates in a sentence, resolved against the article's publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"]
    )
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|Aug\.?)"
_DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+(?P<year>\d{{4}}))?\b")
_MONTH_ONLY = re.compile(rf"\b(?:in|since|during|early|late|mid|mid-)\s+(?:early |late |mid-)?{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RELATIVE = re.compile(r"\b(yesterday|today|last night|this morning|this afternoon|tonight|earlier today)\b", re.I)


def _month_number(token: str) -> int:
    key = token.lower().rstrip(".")
    for name, number in MONTHS.items():
        if name.startswith(key[:3]):
            return number
    raise ValueError(token)


def _with_year(month: int, day: int, year: str | None, published: date | None) -> date | None:
    if year:
        return date(int(year), month, day)
    if published is None:
        return None
    guess = date(published.year, month, day)
    # A date later than publication without a year is last year's.
    return guess if guess <= published + timedelta(days=1) else date(published.year - 1, month, day)


def _is_range_start(sentence: str, start: int) -> bool:
    """True when a date begins a span ("since September 30"), not a point in time."""
    return bool(re.search(r"\bsince\b[^.;]{0,80}$", sentence[:start], re.I))


def find_date(sentence: str, published: date | None) -> tuple[date | None, str]:
    """The first point-in-time date the sentence gives, with its precision (day/month/year)."""
    for regex in (_MONTH_DAY, _DAY_MONTH):
        for match in regex.finditer(sentence):
            if _is_range_start(sentence, match.start()):
                continue
            try:
                month = _month_number(match.group(1) if regex is _MONTH_DAY else match.group(2))
                found = _with_year(month, int(match.group("day")), match.group("year"), published)
            except ValueError:
                continue
            if found:
                return found, "day"
    if published is not None:
        relative = _RELATIVE.search(sentence)
        if relative:
            word = relative.group(1).lower()
            return (published - timedelta(days=1) if word in ("yesterday", "last night") else published), "day"
        weekday = _WEEKDAY.search(sentence)
        if weekday and not _is_range_start(sentence, weekday.start()):
            back = (published.weekday() - WEEKDAYS[weekday.group(1).lower()]) % 7
            return published - timedelta(days=back), "day"
    month_only = _MONTH_ONLY.search(sentence)
    if month_only and not sentence[month_only.start():].lower().startswith("since"):
        month = _month_number(month_only.group(1))
        year = int(month_only.group("year")) if month_only.group("year") else (published.year if published else None)
        if year:
            if published and not month_only.group("year") and month > published.month:
                year -= 1
            return date(year, month, 1), "month"
    return None, ""
