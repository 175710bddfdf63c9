"""Time: normalise time expressions against the article's publication date.

`normalize(text, published)` turns *Saturday*, *Oct. 9*, *Nov. 6–7*, *last week*, *earlier this
month*, *since 2023*, *in recent weeks*, *2021* into a `TimeValue`: a day (start == end) or an
interval, with the words it came from. Weekdays are the latest such day on or before the
publication date (news reports the past); months without a year are in the publication year
unless that would put them after it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["TimeValue", "normalize"]

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS.update({"sept": 9})
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DASH = r"\s*(?:-|–|—|to|and)\s*"


@dataclass(frozen=True, slots=True)
class TimeValue:
    start: date
    end: date
    text: str

    @property
    def is_day(self) -> bool:
        return self.start == self.end


def _month_year(month: int, published: date) -> int:
    return published.year if month <= published.month else published.year - 1


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def normalize(text: str, published: date | None) -> TimeValue | None:
    """The date or interval `text` denotes, or None when it cannot be pinned down."""
    t = " ".join(text.lower().replace("’", "'").split())
    t = re.sub(r"^(on|in|since|from|by|during|at|late|early|earlier|later)\s+(?=\w)", lambda m: m.group(0) if m.group(1) in ("since", "earlier", "later") else "", t)
    orig = text.strip()
    # absolute: 2025-11-08
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m and (d := _safe(int(m[1]), int(m[2]), int(m[3]))):
        return TimeValue(d, d, orig)
    # Nov. 6–7 (2025)
    m = re.search(rf"\b{_MONTH_RE}\s+(\d{{1,2}}){_DASH}(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b", t)
    if m:
        mon = _MONTHS[m[1].rstrip(".")[:4] if m[1].startswith("sept") else m[1].rstrip(".")[:3]]
        y = int(m[4]) if m[4] else (_month_year(mon, published) if published else None)
        if y:
            a, b = _safe(y, mon, int(m[2])), _safe(y, mon, int(m[3]))
            if a and b and a <= b:
                return TimeValue(a, b, orig)
    # Oct. 9 (, 2025) / 9 October 2025
    m = re.search(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", t) or None
    if m:
        key = m[1].rstrip(".")
        mon = _MONTHS.get(key, _MONTHS.get(key[:3]))
        y = int(m[3]) if m[3] else (_month_year(mon, published) if published else None)
        if mon and y and (d := _safe(y, mon, int(m[2]))):
            return TimeValue(d, d, orig)
    m = re.search(rf"\b(\d{{1,2}})\s+{_MONTH_RE}(?:\s+(\d{{4}}))?\b", t)
    if m:
        key = m[2].rstrip(".")
        mon = _MONTHS.get(key, _MONTHS.get(key[:3]))
        y = int(m[3]) if m[3] else (_month_year(mon, published) if published else None)
        if mon and y and (d := _safe(y, mon, int(m[1]))):
            return TimeValue(d, d, orig)
    if published is None:
        m = re.search(r"\b(1[89]\d\d|20\d\d)\b", t)
        if m:
            y = int(m[1])
            return TimeValue(date(y, 1, 1), date(y, 12, 31), orig)
        return None
    p = published
    # weekdays: the latest such day on or before publication
    for name, wd in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t):
            back = (p.weekday() - wd) % 7
            if "last" in t.split() and back == 0:
                back = 7
            d = p - timedelta(days=back)
            return TimeValue(d, d, orig)
    if re.search(r"\btoday\b|\bthis morning\b|\btonight\b|\bthis evening\b", t):
        return TimeValue(p, p, orig)
    if re.search(r"\byesterday\b", t):
        d = p - timedelta(days=1)
        return TimeValue(d, d, orig)
    if re.search(r"\ba day (earlier|before)\b", t):
        d = p - timedelta(days=1)
        return TimeValue(d, d, orig)
    if re.search(r"\blast week\b", t):
        monday = p - timedelta(days=p.weekday() + 7)
        return TimeValue(monday, monday + timedelta(days=6), orig)
    if re.search(r"\bthis week\b", t):
        monday = p - timedelta(days=p.weekday())
        return TimeValue(monday, p, orig)
    if re.search(r"\b(earlier this|this) month\b", t):
        return TimeValue(p.replace(day=1), p, orig)
    if re.search(r"\blast month\b", t):
        last = p.replace(day=1) - timedelta(days=1)
        return TimeValue(last.replace(day=1), last, orig)
    if re.search(r"\b(recent|past|last|previous) (few )?weeks\b", t):
        return TimeValue(p - timedelta(days=28), p, orig)
    if re.search(r"\b(recent|past|last|previous) (few )?months\b", t):
        return TimeValue(p - timedelta(days=90), p, orig)
    m = re.search(r"\b(?:last|past) (\d+|two|three|four|five|six|seven) days\b", t)
    if m:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}.get(m[1]) or int(m[1])
        return TimeValue(p - timedelta(days=n), p, orig)
    if re.search(r"\b(earlier this|this) year\b", t):
        return TimeValue(date(p.year, 1, 1), p, orig)
    if re.search(r"\blast year\b", t):
        return TimeValue(date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), orig)
    m = re.search(r"\bsince (1[89]\d\d|20\d\d)\b", t)
    if m:
        return TimeValue(date(int(m[1]), 1, 1), p, orig)
    m = re.search(rf"\b{_MONTH_RE}(?:\s+(\d{{4}}))?\b", t)
    if m and m[1].rstrip(".") in _MONTHS or (m and m[1].rstrip(".")[:3] in _MONTHS):
        key = m[1].rstrip(".")
        mon = _MONTHS.get(key, _MONTHS.get(key[:3]))
        y = int(m[2]) if m[2] else _month_year(mon, p)
        last = calendar.monthrange(y, mon)[1]
        return TimeValue(date(y, mon, 1), date(y, mon, last), orig)
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", t)
    if m:
        y = int(m[1])
        return TimeValue(date(y, 1, 1), date(y, 12, 31), orig)
    return None
