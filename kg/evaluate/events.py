"""Scoring events against a gold list (``kg eval events``).

Gold rows (TSV, see ``shared/seed/gold-events.tsv``): id, level (core|extra), actor, plover,
cameo, target, symmetric (y|n), evidence. Actor and target are ISO alpha-3 codes or names of
non-state actors, alternatives separated by ``|``. A predicted event is correct when its PLOVER
type, actor and target match a gold row (either direction for symmetric rows). Negated events
(the text says they did not happen) are not counted as found events. An ISO code
matches an actor whose country is that code and which belongs to the state (the state itself,
its government, military, police, people or officials); a name matches an actor's label.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..sparql import query

__all__ = ["GoldEvent", "EventScore", "read_gold", "score_events", "evaluate_store"]

STATE_KINDS = {"State", "Government", "Military", "Police", "Civilians", "Refugees", "Person", "Media", "Business"}

EVAL_QUERY = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?event ?docId ?plover ?cameo ?actorLabel ?actorCountry ?actorKind ?targetLabel ?targetCountry ?targetKind
       ?factuality ?sentence WHERE {
  ?event a kg:Event ; kg:docId ?docId ; kg:ploverType ?plover ; kg:cameoCode ?cameo ; kg:actor ?a ;
         kg:factuality ?factuality ; kg:sentence ?s .
  ?s nif:anchorOf ?sentence .
  ?a rdfs:label ?actorLabel ; a ?ak . FILTER(STRSTARTS(STR(?ak), STR(kg:)))
  BIND(STRAFTER(STR(?ak), "#") AS ?actorKind)
  OPTIONAL { ?a kg:country ?actorCountry }
  OPTIONAL { ?event kg:target ?t . ?t rdfs:label ?targetLabel ; a ?tk . FILTER(STRSTARTS(STR(?tk), STR(kg:)))
             BIND(STRAFTER(STR(?tk), "#") AS ?targetKind) OPTIONAL { ?t kg:country ?targetCountry } }
}"""


@dataclass(frozen=True)
class GoldEvent:
    id: str  # "doc/id" when the gold covers several articles
    level: str
    actor: frozenset[str]
    plover: str
    cameo: str
    target: frozenset[str]
    symmetric: bool
    evidence: str


@dataclass(frozen=True)
class Predicted:
    event: str
    plover: str
    actor: tuple[str, str | None, str]  # label, country, kind
    target: tuple[str, str | None, str] | None
    sentence: str
    factuality: str
    doc: str = ""


def read_gold(path: Path) -> list[GoldEvent]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#") and line.strip()]
    reader = csv.DictReader(lines, delimiter="\t")
    for r in reader:
        rows.append(GoldEvent(
            (f"{r['doc']}/" if r.get("doc") else "") + r["id"], r["level"], frozenset(x.strip() for x in r["actor"].split("|")), r["plover"].strip().upper(),
            r["cameo"], frozenset(x.strip() for x in r["target"].split("|")), r["symmetric"].strip() == "y",
            r.get("evidence", ""),
        ))
    return rows


def _matches(names: frozenset[str], actor: tuple[str, str | None, str] | None) -> bool:
    if actor is None:
        return False
    label, country, kind = actor
    for n in names:
        if len(n) == 3 and n.isupper() and n.isalpha() and country == n and kind in STATE_KINDS:
            return True
        if n.lower() == label.lower():
            return True
    return False


def _fits(g: GoldEvent, p: Predicted) -> bool:
    if g.plover != p.plover:
        return False
    if g.target == frozenset({"-"}):
        return p.target is None and _matches(g.actor, p.actor)
    if _matches(g.actor, p.actor) and _matches(g.target, p.target):
        return True
    return g.symmetric and _matches(g.target, p.actor) and _matches(g.actor, p.target)


@dataclass
class EventScore:
    gold: list[GoldEvent]
    predicted: list[Predicted]
    found: dict[str, list[str]] = field(default_factory=dict)  # gold id -> predicted events
    correct: list[Predicted] = field(default_factory=list)
    wrong: list[Predicted] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return len(self.correct) / len(self.predicted) if self.predicted else 0.0

    def recall(self, level: str | None = None) -> float:
        rows = [g for g in self.gold if level is None or g.level == level]
        return sum(1 for g in rows if self.found.get(g.id)) / len(rows) if rows else 0.0

    def report(self) -> str:
        lines = [
            f"events predicted: {len(self.predicted)}, correct: {len(self.correct)}",
            f"precision: {self.precision:.3f}",
            f"core recall: {self.recall('core'):.3f} ({sum(1 for g in self.gold if g.level == 'core' and self.found.get(g.id))}/{sum(1 for g in self.gold if g.level == 'core')})",
            f"all recall: {self.recall():.3f} ({sum(1 for g in self.gold if self.found.get(g.id))}/{len(self.gold)})",
            "missed:",
        ]
        lines += [f"  {g.id} {g.level} {'|'.join(sorted(g.actor))} {g.plover} {'|'.join(sorted(g.target))}: {g.evidence}"
                  for g in self.gold if not self.found.get(g.id)]
        lines.append("not in gold:")
        lines += [f"  {p.doc}: {p.actor[0]} {p.plover} {p.target[0] if p.target else '-'} ({p.factuality}): {p.sentence[:90]}"
                  for p in self.wrong]
        return "\n".join(lines) + "\n"


def score_events(gold: list[GoldEvent], predicted: list[Predicted]) -> EventScore:
    s = EventScore(gold, predicted)
    for p in predicted:
        hits = [g for g in gold if ("/" not in g.id or g.id.split("/")[0] == p.doc) and _fits(g, p)]
        if hits:
            s.correct.append(p)
            for g in hits:
                s.found.setdefault(g.id, []).append(p.event)
        else:
            s.wrong.append(p)
    return s


def evaluate_store(out: str | Path, gold_path: Path, *, doc_id: str | None = None) -> EventScore:
    rows = query(out, EVAL_QUERY).rows
    gold = read_gold(gold_path)
    docs = {g.id.split("/")[0] for g in gold if "/" in g.id}
    seen: dict[str, Predicted] = {}
    for r in rows:
        if (doc_id and r["docId"] != doc_id) or (docs and r["docId"] not in docs):
            continue
        if r["factuality"] == "negated":
            continue  # the article says it did not happen: not an event found
        tgt = (r["targetLabel"], r["targetCountry"], r["targetKind"]) if r["targetLabel"] else None
        seen.setdefault(r["event"], Predicted(r["event"], r["plover"], (r["actorLabel"], r["actorCountry"], r["actorKind"]),
                                              tgt, r["sentence"], r["factuality"], r["docId"]))
    return score_events(gold, list(seen.values()))
