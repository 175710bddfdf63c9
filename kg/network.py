"""The actor network: events from the store as a networkx multigraph, and filtered, merged views.

`to_networkx(out)` gives a `MultiDiGraph`: one node per actor (label, kind, country, sector),
one edge per event (action, CAMEO, PLOVER, quad class, date, factuality, claimant, sentence,
document). `merged(g)` collapses parallel edges of the same action into one with a count.
Filters are applied in SPARQL with bound parameters (never pasted into the query text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .sparql import query
from .store import GraphStore

__all__ = ["EventFilter", "to_networkx", "merged", "EDGE_QUERY"]

EDGE_QUERY = """
PREFIX kg:   <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif:  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?event ?actor ?actorLabel ?actorKind ?actorCountry ?actorSector
       ?target ?targetLabel ?targetKind ?targetCountry ?targetSector
       ?actionName ?actionLabel ?cameo ?plover ?quad ?date ?factuality ?claimedByLabel ?sentence ?docId ?confidence
       ?actorName ?actionFilter ?since ?until
WHERE {
  ?event a kg:Event ; kg:actor ?actor ; kg:target ?target ; kg:action ?action ; kg:cameoCode ?cameo ;
         kg:ploverType ?plover ; kg:quadClass ?quad ; kg:factuality ?factuality ; kg:docId ?docId ;
         kg:confidence ?confidence ; kg:sentence ?s .
  ?s nif:anchorOf ?sentence .
  ?action rdfs:label ?actionLabel .
  BIND(STRAFTER(STR(?action), "#") AS ?actionName)
  ?actor rdfs:label ?actorLabel ; a ?ak . FILTER(STRSTARTS(STR(?ak), STR(kg:)))
  ?target rdfs:label ?targetLabel ; a ?tk . FILTER(STRSTARTS(STR(?tk), STR(kg:)))
  BIND(STRAFTER(STR(?ak), "#") AS ?actorKind)
  BIND(STRAFTER(STR(?tk), "#") AS ?targetKind)
  OPTIONAL { ?actor kg:country ?actorCountry }  OPTIONAL { ?actor kg:sector ?actorSector }
  OPTIONAL { ?target kg:country ?targetCountry } OPTIONAL { ?target kg:sector ?targetSector }
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:claimedBy ?cb . ?cb rdfs:label ?claimedByLabel }
  %FILTERS%
}
"""
# Filters are fixed text; the user's values reach the query only as bound parameters (substitutions).
FILTER_CLAUSES = {
    "actorName": "FILTER(CONTAINS(LCASE(?actorLabel), LCASE(?actorName)) || CONTAINS(LCASE(COALESCE(?targetLabel, \"\")), LCASE(?actorName)))",
    "actionFilter": "FILTER(LCASE(?actionName) = LCASE(?actionFilter) || LCASE(?plover) = LCASE(?actionFilter) || LCASE(?actionLabel) = LCASE(?actionFilter))",
    "since": "FILTER(BOUND(?date) && ?date >= ?since)",
    "until": "FILTER(BOUND(?date) && ?date <= ?until)",
}


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, sparql: str, actor_nodes: list[str] | None = None) -> tuple[str, dict]:
        """`sparql` with the filter clauses this filter needs, and the values to bind.

        With `actor_nodes` (from `actor_nodes()`), the actor filter becomes a join on those nodes
        instead of a text test on every event's labels: on a large store that is what lets the
        query start from the actor's few events rather than all of them."""
        subs = self.substitutions()
        names = [v.value for v in subs if v.value in FILTER_CLAUSES]
        if actor_nodes is not None and self.actor:
            names.remove("actorName")
            values = " ".join(f"<{iri}>" for iri in actor_nodes)  # IRIs read from the store, not user text
            at = sparql.upper().index("WHERE")
            brace = sparql.index("{", at)
            sparql = (sparql[: brace + 1] + f"\n  VALUES ?named {{ {values} }}\n"
                      "  { ?event kg:actor ?named } UNION { ?event kg:target ?named }" + sparql[brace + 1:])
            sparql = sparql.replace("SELECT ", "SELECT DISTINCT ", 1)
        clauses = "\n  ".join(FILTER_CLAUSES[n] for n in names)
        return sparql.replace("%FILTERS%", clauses), subs

    def actor_nodes(self, out) -> list[str] | None:
        """The actor nodes whose label contains the actor filter's text (None without one)."""
        if not self.actor:
            return None
        from .rdf import SHARED_GRAPH

        q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?named ?actorName WHERE { "
             f"GRAPH <{SHARED_GRAPH}> {{ ?named rdfs:label ?l }} FILTER(CONTAINS(LCASE(?l), LCASE(?actorName))) }}")
        rows = query(out, q, substitutions={ox.Variable("actorName"): ox.Literal(self.actor)}).rows
        return [r["named"] for r in rows if r["named"] and r["named"].startswith(("http://", "https://"))]

    def substitutions(self) -> dict:
        xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
        subs = {}
        if self.actor:
            subs[ox.Variable("actorName")] = ox.Literal(self.actor)
        if self.action:
            subs[ox.Variable("actionFilter")] = ox.Literal(self.action)
        if self.since:
            subs[ox.Variable("since")] = ox.Literal(self.since.isoformat(), datatype=xsd_date)
        if self.until:
            subs[ox.Variable("until")] = ox.Literal(self.until.isoformat(), datatype=xsd_date)
        return subs


def to_networkx(out: str | Path | GraphStore, flt: EventFilter | None = None) -> nx.MultiDiGraph:
    """Actors and events from the store in `out` as a `MultiDiGraph` (one edge per event)."""
    flt = flt or EventFilter()
    text, subs = flt.apply(EDGE_QUERY, flt.actor_nodes(out))
    res = query(out, text, substitutions=subs)
    g = nx.MultiDiGraph()
    seen_events: set[tuple[str, str, str]] = set()
    for r in res.rows:
        key = (r["event"], r["actor"], r["target"])
        if key in seen_events:
            continue  # an actor typed with two classes
        seen_events.add(key)
        for side in ("actor", "target"):
            node = r[side]
            if node not in g:
                g.add_node(node, label=r[f"{side}Label"], kind=r[f"{side}Kind"] or "Actor",
                           country=r[f"{side}Country"] or "", sector=r[f"{side}Sector"] or "")
        g.add_edge(
            r["actor"], r["target"], key=r["event"], action=r["actionName"], label=r["actionLabel"],
            cameo=r["cameo"], plover=r["plover"], quad=int(r["quad"]), date=r["date"].isoformat() if r["date"] else "",
            factuality=r["factuality"], claimed_by=r["claimedByLabel"] or "", sentence=r["sentence"],
            doc=r["docId"], confidence=float(r["confidence"]),
        )
    return g


def merged(g: nx.MultiDiGraph, *, min_weight: int = 1) -> nx.DiGraph:
    """One edge per (actor, target) with the actions merged: ``label`` lists them with counts."""
    h = nx.DiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **d)
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for u, v, d in g.edges(data=True):
        by_pair.setdefault((u, v), []).append(d)
    for (u, v), evs in by_pair.items():
        if len(evs) < min_weight:
            continue
        counts: dict[str, int] = {}
        for e in evs:
            counts[e["label"]] = counts.get(e["label"], 0) + 1
        quads = [e["quad"] for e in evs]
        quad = max(set(quads), key=quads.count)
        label = "\n".join(f"{a} ×{c}" if c > 1 else a for a, c in sorted(counts.items(), key=lambda x: -x[1]))
        dates = sorted(e["date"] for e in evs if e["date"])
        h.add_edge(u, v, label=label, weight=len(evs), quad=quad, actions=";".join(sorted(counts)),
                   plover=";".join(sorted({e["plover"] for e in evs})), cameo=";".join(sorted({e["cameo"] for e in evs})),
                   first=dates[0] if dates else "", last=dates[-1] if dates else "",
                   claimed=sum(1 for e in evs if e["factuality"] != "asserted"))
    h.remove_nodes_from([n for n in list(h.nodes) if h.degree(n) == 0])
    return h
