"""Pictures and exports for graph tools on the seed: readable pictures, exports that read back."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.graphs import GraphExport, export_graph, export_graph_text
from kg.network import EventFilter, merged, to_networkx
from kg.render import draw_graph, render_graph
from kg.timeline import render_timeline


def test_render_seed_labels_never_overlap(seed_out):
    import matplotlib.pyplot as plt

    fig = draw_graph(seed_out)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    assert len(boxes) >= 10
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    plt.close(fig)
    assert overlaps == []


def test_render_is_deterministic_and_filters(seed_out, tmp_path):
    a = render_graph(seed_out, tmp_path / "a.png").read_bytes()
    b = render_graph(seed_out, tmp_path / "b.png").read_bytes()
    assert a == b
    svg = render_graph(seed_out, tmp_path / "q.svg", flt=EventFilter(actor="qatar")).read_text()
    assert "Qatar" in svg and "Tehreek" not in svg
    with pytest.raises(ValueError):
        render_graph(seed_out, tmp_path / "none.png", flt=EventFilter(action="vetoes"))


def test_render_timeline(seed_out, tmp_path):
    p = render_timeline(seed_out, tmp_path / "t.png")
    assert p.stat().st_size > 10_000


def test_render_filter_values_are_bound_not_pasted(seed_out):
    # a hostile actor filter is a literal: it matches nothing and breaks nothing
    g = to_networkx(seed_out, EventFilter(actor='") } DELETE WHERE { ?s ?p ?o } #'))
    assert g.number_of_edges() == 0
    assert to_networkx(seed_out).number_of_edges() > 10


@pytest.mark.parametrize("fmt", list(GraphExport))
def test_exports_read_back_with_the_same_graph(seed_out, tmp_path, fmt):
    expected = merged(to_networkx(seed_out))
    path = tmp_path / f"g.{fmt.value}"
    export_graph(seed_out, fmt, path)
    text = path.read_text(encoding="utf-8")
    if fmt is GraphExport.graphml:
        got = nx.read_graphml(path)
    elif fmt is GraphExport.gexf:
        got = nx.read_gexf(path)
    elif fmt is GraphExport.cytoscape:
        got = nx.cytoscape_graph(json.loads(text))
    elif fmt is GraphExport.dot:
        import pydot

        dot = pydot.graph_from_dot_data(text)[0]
        got = nx.DiGraph()
        for e in dot.get_edges():
            got.add_edge(e.get_source().strip('"'), e.get_destination().strip('"'), label=e.get("label").strip('"'))
        iris = {n.get_name().strip('"'): n.get("iri").strip('"') for n in dot.get_nodes() if n.get("iri")}
        got = nx.relabel_nodes(got, iris)
    else:
        nodes_part, edges_part = text.split("# edges")
        nodes = list(csv.DictReader(io.StringIO(nodes_part.split("\n", 1)[1])))
        edges = list(csv.DictReader(io.StringIO(edges_part.split("\n", 1)[1])))
        got = nx.DiGraph()
        got.add_nodes_from((r["id"], {"label": r["label"]}) for r in nodes if r.get("id"))
        got.add_edges_from((r["source"], r["target"], {"weight": int(r["weight"])}) for r in edges if r.get("source"))
    assert set(got.edges()) == set(expected.edges())
    if fmt in (GraphExport.graphml, GraphExport.gexf, GraphExport.cytoscape):
        for u, v, d in expected.edges(data=True):
            assert got.edges[u, v]["plover"] == d["plover"] and int(got.edges[u, v]["weight"]) == d["weight"]
        for n, d in expected.nodes(data=True):
            assert got.nodes[n]["label"] == d["label"] and got.nodes[n].get("country", "") == d["country"]


def test_exports_to_stdout(seed_out, capsys):
    export_graph(seed_out, GraphExport.csv)
    assert "# nodes" in capsys.readouterr().out
    assert export_graph_text(seed_out, GraphExport.graphml).startswith("<graphml") or "graphml" in export_graph_text(
        seed_out, GraphExport.graphml)[:200]


def test_actor_filter_joins_on_actor_nodes_and_matches_a_label_test(seed_out):
    """The actor filter finds the actor's nodes first, then their events: the same events as
    testing every event's actor and target labels."""
    everything = to_networkx(seed_out)
    want = {k for a, t, k, d in everything.edges(keys=True, data=True)
            if "afghan" in everything.nodes[a]["label"].lower() or "afghan" in everything.nodes[t]["label"].lower()}
    flt = EventFilter(actor="Afghan")
    assert flt.actor_nodes(seed_out)
    got = {k for _, _, k in to_networkx(seed_out, flt).edges(keys=True)}
    assert want and got == want
    assert not to_networkx(seed_out, EventFilter(actor="no such actor anywhere")).edges
