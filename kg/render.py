"""Render: the actor network as a picture (matplotlib; PNG, SVG or PDF).

Actors are nodes coloured by kind and sized by degree, labelled with their names; actions are
directed edges coloured by CAMEO quad class and labelled with the action (parallel events merged
with a count). The layout is seeded, so the same graph always draws the same way.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import networkx as nx

from .network import EventFilter, merged, to_networkx
from .store import GraphStore

__all__ = ["Layout", "render_graph", "QUAD_COLORS", "KIND_COLORS"]

QUAD_COLORS = {1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
KIND_COLORS = {
    "State": "#6baed6", "Government": "#9ecae1", "Military": "#fc9272", "Police": "#fcbba1",
    "ArmedGroup": "#a50f15", "Rebels": "#cb181d", "Insurgents": "#cb181d", "IntergovernmentalOrganisation": "#74c476",
    "NGO": "#a1d99b", "Person": "#fdd0a2", "Civilians": "#dadaeb", "Refugees": "#bcbddc", "Media": "#d9d9d9",
    "Business": "#c7e9c0", "Organisation": "#bdbdbd", "Actor": "#bdbdbd",
}


class Layout(str, Enum):
    spring = "spring"
    kamada_kawai = "kamada-kawai"
    circular = "circular"


def _positions(g: nx.Graph, layout: Layout, seed: int = 7) -> dict:
    if layout is Layout.circular:
        return nx.circular_layout(g)
    if layout is Layout.kamada_kawai and g.number_of_nodes() > 1:
        und = nx.Graph(g)
        if nx.is_connected(und):
            return nx.kamada_kawai_layout(und)
        return nx.spring_layout(und, seed=seed, k=2.5 / max(1, g.number_of_nodes()) ** 0.5, iterations=200,
                                pos=nx.circular_layout(und))
    return nx.spring_layout(nx.Graph(g), seed=seed, k=2.5 / max(1, g.number_of_nodes()) ** 0.5, iterations=200)


def render_graph(out: str | Path | GraphStore, path: str | Path, *, flt: EventFilter | None = None,
                 min_weight: int = 1, layout: Layout | str = Layout.kamada_kawai, max_nodes: int = 60,
                 title: str | None = None) -> Path:
    """Draw the actor network of the store in `out` to `path` (.png, .svg or .pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ValueError(f"cannot render to {path.suffix!r}: use .png, .svg or .pdf")
    g = merged(to_networkx(out, flt), min_weight=min_weight)
    if g.number_of_nodes() == 0:
        raise ValueError("no events with both an actor and a target to draw")
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: -g.degree(n, weight="weight"))[:max_nodes]
        g = g.subgraph(keep).copy()
    layout = Layout(layout)
    pos = _positions(g, layout)
    n = g.number_of_nodes()
    size = min(22, 9 + n * 0.35)
    fig, ax = plt.subplots(figsize=(size, size * 0.72), dpi=110)
    deg = dict(g.degree(weight="weight"))
    node_sizes = [900 + 260 * deg[v] for v in g.nodes]
    node_colors = [KIND_COLORS.get(g.nodes[v].get("kind", "Actor"), "#bdbdbd") for v in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=node_sizes, node_color=node_colors, edgecolors="#444444", linewidths=0.8)
    edge_colors = [QUAD_COLORS.get(d["quad"], "#888888") for _, _, d in g.edges(data=True)]
    widths = [1.2 + 0.9 * min(d["weight"], 6) for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=edge_colors, width=widths, arrows=True, arrowsize=18,
                           node_size=node_sizes, connectionstyle="arc3,rad=0.12", alpha=0.85)
    labels = {v: g.nodes[v].get("label", v) for v in g.nodes}
    nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=10, font_weight="bold",
                            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.75})
    edge_labels = {(u, v): d["label"] for u, v, d in g.edges(data=True)}
    nx.draw_networkx_edge_labels(g, pos, edge_labels=edge_labels, ax=ax, font_size=7.5, label_pos=0.42,
                                 connectionstyle="arc3,rad=0.12",
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    kinds = sorted({g.nodes[v].get("kind", "Actor") for v in g.nodes})
    handles = [Patch(facecolor=KIND_COLORS.get(k, "#bdbdbd"), edgecolor="#444444", label=k) for k in kinds]
    handles += [Line2D([0], [0], color=QUAD_COLORS[q], lw=3, label=QUAD_NAMES[q])
                for q in sorted({d["quad"] for _, _, d in g.edges(data=True)})]
    ax.legend(handles=handles, loc="lower left", fontsize=9, frameon=True, title="actors / actions (CAMEO quad)")
    n_events = sum(d["weight"] for _, _, d in g.edges(data=True))
    ax.set_title(title or f"Who did what to whom — {n} actors, {n_events} events", fontsize=14)
    ax.margins(0.12)
    ax.axis("off")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
