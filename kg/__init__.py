"""kg: knowledge graphs from news — who did what to whom, when, where, and who says so.

The public API (the CLI is a thin layer over it)::

    import kg
    report = kg.build(["data/"], out="out")          # articles → RDF store in out/store
    rows = kg.query("out", "events").rows            # SPARQL (text, .rq file or shipped name)
    g = kg.to_networkx("out")                        # actors and events as a MultiDiGraph
    for t in kg.extract_text("Qatar mediated between Pakistan and Afghanistan."):
        print(t.agent.text, t.relation_text, t.patient.text)

Stages, one module each: `reader` (input), `nlp` (spaCy), `extract` (triples), `actors` (actor
resolution), `mapping` (ontology/events), `rdf` + `store` (Oxigraph), `export`, `network` +
`render` (pictures), `query`, `cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["build", "query", "to_networkx", "extract_text", "__version__"]

if TYPE_CHECKING:
    from .pipeline import build
    from .sparql import query
    from .network import to_networkx


def __getattr__(name: str):
    # heavy dependencies (spaCy, pyoxigraph, networkx) load only when used
    if name == "build":
        from .pipeline import build

        return build
    if name == "query":
        from .sparql import query

        return query
    if name == "to_networkx":
        from .network import to_networkx

        return to_networkx
    raise AttributeError(name)


def extract_text(text: str, *, model: str | None = None):
    """Raw triples of `text` (before ontology mapping), as `kg.extract.Triple` records."""
    from .extract import extract
    from .nlp import load_nlp

    return list(extract(load_nlp(model)(text)))
