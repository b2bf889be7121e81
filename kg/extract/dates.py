"""Dates in a sentence, resolved against the article's publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable

from .text import folded_for

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
# Cheap pre-checks: every date pattern above needs a month token, or "day" (every weekday, "the next day").
_ANY_MONTH = re.compile(_MONTH)
_DAY = "day"
assert all(_DAY in d for d in WEEKDAYS) and all(_DAY in d.lower() for d in _WEEKDAY.pattern[3:-3].split("|"))
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "several": 0}
# Narrative time: "the next day", "two days later", "later that day" — relative to the last
# date the text gave before, not to the publication date.
_NARRATIVE = re.compile(
    r"\b(?:(?P<next>the\s+(?:next|following)\s+day)|(?P<prev>the\s+(?:previous\s+day|day\s+before))"
    r"|(?P<n>a|one|two|three|four|five|six|seven|\d)\s+days?\s+(?P<dir>later|after(?:wards)?|earlier|before)\b(?!\s+(?:the|a|an|\w+ing)\b)"
    r"|(?P<same>later\s+that\s+day|(?:that|the)\s+same\s+day|earlier\s+that\s+day))\b", re.I)
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


_SINCE_BEFORE = re.compile(r"\bsince\b[^.;]{0,80}$", re.I)  # "since September 30"
def _is_range_start(sentence: str, start: int) -> bool:
    """True when a date begins a span ("since September 30"), not a point in time."""
    return bool(_SINCE_BEFORE.search(sentence[:start]))


def last_date(text: str, published: date | None) -> date | None:
    """The last day-precision date written in ``text`` ("On 19 October, ..."), or None."""
    best: tuple[int, date] | None = None
    for regex in (_MONTH_DAY, _DAY_MONTH):
        for match in regex.finditer(text):
            try:
                month = _month_number(match.group(1) if regex is _MONTH_DAY else match.group(2))
                found = _with_year(month, int(match.group("day")), match.group("year"), published)
            except ValueError:
                continue
            if found and (best is None or match.end() > best[0]):
                best = (match.end(), found)
    return best[1] if best else None


def _narrative_date(sentence: str, anchor: Callable[[], date | None] | None) -> date | None:
    """"The next day", "two days later": a date relative to the narrative's last date."""
    if anchor is None or "day" not in sentence.lower():
        return None
    match = _NARRATIVE.search(sentence)
    if not match or _is_range_start(sentence, match.start()):
        return None
    base = anchor()
    if base is None:
        return None
    if match.group("next"):
        return base + timedelta(days=1)
    if match.group("prev"):
        return base - timedelta(days=1)
    if match.group("same"):
        return base
    word = match.group("n").lower()
    days = int(word) if word.isdigit() else _NUMBERS[word]
    return base + timedelta(days=days if match.group("dir").lower().startswith(("later", "after")) else -days)


NEWS_WEEK = 7  # a narrative date this close to publication is news of the week: weekdays count back from publication


def _weekday_in_narrative(weekday: int, published: date | None, anchor: Callable[[], date | None] | None) -> date | None:
    """"On Tuesday" in a story told by dates ("On 19 October, …"): the first such weekday on or
    after the narrative's last date — unless that date is within a week of publication
    (then it is news, and the weekday counts back from publication)."""
    if anchor is None:
        return None
    base = anchor()
    if base is None or (published is not None and (published - base).days <= NEWS_WEEK):
        return None
    return base + timedelta(days=(weekday - base.weekday()) % 7)


def _relative(sentence: str) -> re.Match[str] | None:
    """``_RELATIVE.search(sentence)``, on the lower-cased sentence when that is exact (faster than re.I)."""
    pattern, text = folded_for(_RELATIVE, sentence)
    return pattern.search(text)


def find_date(sentence: str, published: date | None,
              anchor: Callable[[], date | None] | None = None) -> tuple[date | None, str]:
    """The first point-in-time date the sentence gives, with its precision (day/month/year).
    ``anchor`` gives, only when asked, the narrative's last date before the sentence, for
    "the next day" and "two days later"."""
    has_month = _ANY_MONTH.search(sentence) is not None
    for regex in (_MONTH_DAY, _DAY_MONTH) if has_month else ():
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
    narrative = _narrative_date(sentence, anchor)
    if narrative is not None:
        return narrative, "day"
    weekday = _WEEKDAY.search(sentence) if _DAY in sentence else None
    if weekday and not _is_range_start(sentence, weekday.start()):
        in_story = _weekday_in_narrative(WEEKDAYS[weekday.group(1).lower()], published, anchor)
        if in_story is not None:
            return in_story, "day"
    if published is not None:
        relative = _relative(sentence)
        if relative:
            word = relative.group(1).lower()
            return (published - timedelta(days=1) if word in ("yesterday", "last night") else published), "day"
        if weekday and not _is_range_start(sentence, weekday.start()):
            back = (published.weekday() - WEEKDAYS[weekday.group(1).lower()]) % 7
            return published - timedelta(days=back), "day"
    month_only = _MONTH_ONLY.search(sentence) if has_month else None
    if month_only and not sentence[month_only.start():].lower().startswith("since"):
        month = _month_number(month_only.group(1))
        year = int(month_only.group("year")) if month_only.group("year") else (published.year if published else None)
        if year:
            if published and not month_only.group("year") and month > published.month:
                year -= 1
            return date(year, month, 1), "month"
    return None, ""
