"""Scoring against PLOVER gold-standard records (``kg eval plover``).

Each record == a hand-coded sentence from the CAMEO manual with its event type, source actors
and target actors (country codes, or IGO/NGO/…). kg codes the sentence as an article dated as the
record and we report, per event type, the share of records where an event of the right type is
found, and where type, source and target all match. Old category names map to current ones:
DEMAND→REQUEST, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, FIGHT→ASSAULT. Reciprocal records
(sources and targets listed together) match in either direction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

__all__ = ["PloverRecord", "PloverScore", "read_records", "evaluate_records", "evaluate_file", "OLD_NAMES"]

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass(frozen=True)
class PloverRecord:
    id: str
    text: str
    event: str
    sources: frozenset[str]
    targets: frozenset[str]
    date: date | None


def _codes(value) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(str(v.get("code", "")).upper() for v in value if isinstance(v, dict) and v.get("code"))
    return frozenset()


def read_records(path: Path | str) -> list[PloverRecord]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for r in data:
        ev = str(r.get("event", "")).upper()
        try:
            d = date.fromisoformat(r.get("date", "")[:10])
        except ValueError:
            d = None
        out.append(PloverRecord(r["id"], r["text"], OLD_NAMES.get(ev, ev), _codes(r.get("source")),
                                _codes(r.get("target")), d))
    return out


@dataclass
class PloverScore:
    by_type: dict[str, list[tuple[bool, bool]]] = field(default_factory=lambda: defaultdict(list))
    misses: list[tuple[PloverRecord, list[str]]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(len(v) for v in self.by_type.values())

    def share(self, full: bool) -> float:
        hits = sum(1 for v in self.by_type.values() for t, f in v if (f if full else t))
        return hits / self.n if self.n else 0.0

    def report(self) -> str:
        lines = [f"records: {self.n}",
                 f"event type found:               {self.share(False):.3f}",
                 f"type, source and target match:  {self.share(True):.3f}",
                 "", f"{'type':10} {'n':>4} {'type':>6} {'full':>6}"]
        for k in sorted(self.by_type):
            v = self.by_type[k]
            lines.append(f"{k:10} {len(v):4} {sum(t for t, _ in v) / len(v):6.2f} {sum(f for _, f in v) / len(v):6.2f}")
        return "\n".join(lines) + "\n"


def _actor_codes(actor) -> set[str]:
    if actor is None:
        return set()
    codes = {actor.country} if actor.country else set()
    if actor.kind in ("IntergovernmentalOrganisation", "IGO"):
        codes.add("IGO")
    if actor.kind == "NGO":
        codes.add("NGO")
    return codes


def evaluate_records(records: list[PloverRecord], *, model: str | None = None) -> PloverScore:
    from ..nlp import load_nlp, default_model_name
    from ..pipeline import Processor
    from ..reader import Article

    name = model or default_model_name()
    nlp = load_nlp(name)
    proc = Processor(name)
    score = PloverScore()
    texts = ((r.text, r) for r in records)
    for doc, rec in nlp.pipe(texts, as_tuples=True):
        events = proc.events(doc, Article(id=rec.id, text=rec.text, date=rec.date))
        typed = [e for e in events if e.action.plover == rec.event]
        full = False
        for e in typed:
            a, t = _actor_codes(e.actor), _actor_codes(e.target)
            fwd = bool(a & rec.sources) and (not rec.targets or bool(t & rec.targets))
            back = bool(t & rec.sources) and (not rec.targets or bool(a & rec.targets))
            if fwd or back or (not rec.targets and bool((a | t) & rec.sources)):
                full = True
                break
        score.by_type[rec.event].append((bool(typed), full))
        if not full:
            score.misses.append((rec, [f"{e.actor.key} {e.action.plover} {e.target.key if e.target else '-'}" for e in events]))
    return score


def evaluate_file(path: Path | str, *, model: str | None = None) -> PloverScore:
    return evaluate_records(read_records(path), model=model)
