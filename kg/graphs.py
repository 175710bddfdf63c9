"""Exports for graph tools: Gephi (GEXF), yEd/Cytoscape (GraphML, Cytoscape.js JSON), Graphviz
(DOT) and node/edge CSV tables, with the attributes of the picture (labels, kinds, countries,
sectors, actions, CAMEO/PLOVER codes, counts, dates). Written with networkx's writers, atomically.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path

import networkx as nx

from .export import atomic_write
from .network import EventFilter, merged, to_networkx

__all__ = ["GraphExport", "export_graph", "export_graph_text"]


class GraphExport(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    cytoscape = "cytoscape"
    dot = "dot"
    csv = "csv"


def _graph(out, flt: EventFilter | None) -> nx.DiGraph:
    g = merged(to_networkx(out, flt))
    for n, d in g.nodes(data=True):
        d["degree"] = g.degree(n, weight="weight")
    return g


def export_graph_text(out, fmt: GraphExport, flt: EventFilter | None = None) -> str:
    g = _graph(out, flt)
    if fmt is GraphExport.graphml:
        return "\n".join(nx.generate_graphml(g)) + "\n"
    if fmt is GraphExport.gexf:
        return "\n".join(nx.generate_gexf(g)) + "\n"
    if fmt is GraphExport.cytoscape:
        data = nx.cytoscape_data(g)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt is GraphExport.dot:
        import pydot  # noqa: F401 - networkx's DOT writer needs it

        dg = nx.DiGraph()
        for n, d in g.nodes(data=True):
            dg.add_node(_dot_id(n), **{k: _dot_val(v) for k, v in d.items()}, iri=_dot_val(n))
        for u, v, d in g.edges(data=True):
            dg.add_edge(_dot_id(u), _dot_id(v), **{k: _dot_val(x) for k, x in d.items()})
        return nx.nx_pydot.to_pydot(dg).to_string()
    if fmt is GraphExport.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["# nodes"])
        cols = ["id", "label", "kind", "country", "sector", "degree"]
        w.writerow(cols)
        for n, d in g.nodes(data=True):
            w.writerow([n] + [d.get(c, "") for c in cols[1:]])
        w.writerow([])
        w.writerow(["# edges"])
        ecols = ["label", "actions", "plover", "cameo", "weight", "quad", "first", "last", "claimed"]
        w.writerow(["source", "target"] + ecols)
        for u, v, d in g.edges(data=True):
            w.writerow([u, v] + [d.get(c, "") for c in ecols])
        return buf.getvalue()
    raise ValueError(fmt)


def _dot_id(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_val(v) -> str:
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def export_graph(out, fmt: GraphExport | str, path: Path | None = None, flt: EventFilter | None = None) -> None:
    text = export_graph_text(out, GraphExport(fmt), flt)
    if path is None:
        sys.stdout.write(text)
        return
    with atomic_write(Path(path)) as fh:
        fh.write(text.encode("utf-8"))
