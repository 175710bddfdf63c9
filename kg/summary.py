"""A short text summary of a built graph: counts and the top events."""

from __future__ import annotations

from pathlib import Path

from .sparql import query, table
from .store import open_store

__all__ = ["summarize", "counts"]

KG = "https://w3id.org/newskg/ontology#"

TOP_EVENTS = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actorLabel ?actionLabel ?targetLabel ?plover ?cameo ?date ?factuality ?claimedByLabel ?claimedByText ?confidence
WHERE {
  ?e a kg:Event ; kg:actor ?a ; kg:action ?act ; kg:ploverType ?plover ; kg:cameoCode ?cameo ;
     kg:factuality ?factuality ; kg:confidence ?confidence .
  ?a rdfs:label ?actorLabel . ?act rdfs:label ?actionLabel .
  OPTIONAL { ?e kg:target ?t . ?t rdfs:label ?targetLabel }
  OPTIONAL { ?e kg:date ?date }
  OPTIONAL { ?e kg:claimedBy ?c . ?c rdfs:label ?claimedByLabel }
  OPTIONAL { ?e kg:claimedByText ?claimedByText }
}
ORDER BY DESC(?confidence) ?actorLabel
"""


def counts(out: str | Path) -> dict[str, int]:
    store = open_store(out)
    one = lambda q: store.count(f"PREFIX kg: <{KG}> " + q)  # noqa: E731
    return {
        "articles": one("SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Article }"),
        "sentences": one("SELECT (SUM(?s) AS ?n) WHERE { ?a a kg:Article ; kg:sentenceCount ?s }"),
        "actors": one("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { { ?e kg:actor ?x } UNION { ?e kg:target ?x } }"),
        "events": one("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event }"),
    }


def summarize(out: str | Path, *, top: int = 15) -> str:
    c = counts(out)
    head = (f"{c['articles']} articles, {c['sentences']} sentences, {c['actors']} actors, {c['events']} events "
            f"in {out}\n\n")
    rows = query(out, TOP_EVENTS).rows[:top]
    body = table(
        [[str(r["actorLabel"]), str(r["actionLabel"]), str(r["targetLabel"] or ""), f"{r['plover']} {r['cameo']}",
          str(r["date"] or ""), str(r["factuality"]) + (f" by {r['claimedByLabel'] or r['claimedByText']}" if (r["claimedByLabel"] or r["claimedByText"]) else "")]
         for r in rows],
        ["actor", "action", "target", "PLOVER CAMEO", "date", "according to"],
    )
    return head + f"Top {len(rows)} events:\n" + body
