"""Time expressions normalised against the publication date (2025-11-08, a Saturday)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.temporal import normalize

PUB = date(2025, 11, 8)


@pytest.mark.parametrize("text,start,end", [
    ("Saturday", date(2025, 11, 8), date(2025, 11, 8)),
    ("late Friday", date(2025, 11, 7), date(2025, 11, 7)),
    ("Oct. 9", date(2025, 10, 9), date(2025, 10, 9)),
    ("on Oct. 19", date(2025, 10, 19), date(2025, 10, 19)),
    ("Nov. 6–7", date(2025, 11, 6), date(2025, 11, 7)),
    ("last week", date(2025, 10, 27), date(2025, 11, 2)),
    ("Earlier this month", date(2025, 11, 1), date(2025, 11, 8)),
    ("since 2023", date(2023, 1, 1), date(2025, 11, 8)),
    ("in recent weeks", date(2025, 10, 11), date(2025, 11, 8)),
    ("December 31, 2017", date(2017, 12, 31), date(2017, 12, 31)),
    ("2021", date(2021, 1, 1), date(2021, 12, 31)),
    ("yesterday", date(2025, 11, 7), date(2025, 11, 7)),
    ("Dec. 20", date(2024, 12, 20), date(2024, 12, 20)),
])
def test_temporal_normalize(text, start, end):
    tv = normalize(text, PUB)
    assert tv is not None and (tv.start, tv.end) == (start, end)


def test_temporal_unknown_is_none():
    assert normalize("at the same time", PUB) is None
