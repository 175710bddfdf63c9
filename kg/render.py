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

__all__ = ["Layout", "render_graph", "draw_graph", "QUAD_COLORS", "KIND_COLORS", "QUAD_NAMES"]

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


def _clearance(g: nx.Graph, pos: dict) -> float:
    """How badly nodes sit on edges they do not belong to (lower is better)."""
    import numpy as np

    bad = 0.0
    nodes = list(g.nodes)
    P = {n: np.asarray(pos[n], dtype=float) for n in nodes}
    for u, v in g.edges():
        a, b = P[u], P[v]
        ab = b - a
        L2 = float(ab @ ab) or 1e-9
        for n in nodes:
            if n in (u, v):
                continue
            t = max(0.0, min(1.0, float((P[n] - a) @ ab) / L2))
            d = float(np.linalg.norm(P[n] - (a + t * ab)))
            if d < 0.12:
                bad += (0.12 - d) * 10
    for i, u in enumerate(nodes):  # and nodes that crowd each other
        for v in nodes[i + 1:]:
            d = float(np.linalg.norm(P[u] - P[v]))
            if d < 0.15:
                bad += (0.15 - d) * 10
    return bad


def _positions(g: nx.Graph, layout: Layout, seed: int = 7) -> dict:
    und = nx.Graph(g)
    n = und.number_of_nodes()
    if layout is Layout.circular:
        return nx.circular_layout(und)
    candidates = []
    if layout is Layout.kamada_kawai and n > 1 and nx.is_connected(und):
        candidates.append(nx.kamada_kawai_layout(und))
    tries = 12 if n <= 40 else 3
    for s in range(seed, seed + tries):
        candidates.append(nx.spring_layout(und, seed=s, k=2.2 / max(1, n) ** 0.5, iterations=300))
    if n > 60:
        return candidates[0]
    normed = [nx.rescale_layout_dict(c) for c in candidates]
    return min(normed, key=lambda p: _clearance(und, p))


def _place_edge_labels(ax, g: nx.DiGraph, pos: dict, fig) -> None:
    """Edge labels along their edges, each moved along its edge until it overlaps no other label."""
    import numpy as np

    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    placed = [t.get_window_extent(renderer).expanded(1.05, 1.1) for t in ax.texts]
    for coll in ax.collections:  # node circles are obstacles too
        if hasattr(coll, "get_sizes") and len(coll.get_sizes()) == len(pos):
            offsets = coll.get_offsets()
            for (x, y), size in zip(offsets, coll.get_sizes()):
                cx, cy = ax.transData.transform((x, y))
                r = (size ** 0.5) / 2 * fig.dpi / 72
                placed.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    for u, v, d in sorted(g.edges(data=True), key=lambda e: -e[2]["weight"]):
        if not d["label"]:
            continue
        a, b = np.asarray(pos[u], float), np.asarray(pos[v], float)
        vec = b - a
        norm = np.array([-vec[1], vec[0]]) / (np.linalg.norm(vec) or 1.0)
        offset = 0.035 if g.has_edge(v, u) else 0.0  # the two directions of a pair on either side
        lines = d["label"].split("\n")
        label = "\n".join(lines[:2]) + (f"\n+{len(lines) - 2} more" if len(lines) > 2 else "")
        text = ax.text(0, 0, label, fontsize=7.5, ha="center", va="center", zorder=4, color="#333",
                       bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
        side = 1.0 if offset >= 0 else -1.0
        best, best_hits = None, None
        for extra in (0.0, 0.05, 0.1, 0.16):  # along the edge first, then further to its side
            for t in (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8):
                xy = a + t * vec + (offset + side * extra) * norm
                text.set_position(tuple(xy))
                box = text.get_window_extent(renderer).expanded(1.05, 1.1)
                hits = sum(box.overlaps(p) for p in placed)
                if best_hits is None or hits < best_hits:
                    best, best_hits = tuple(xy), hits
                if hits == 0:
                    break
            if best_hits == 0:
                break
        text.set_position(best)
        placed.append(text.get_window_extent(renderer).expanded(1.05, 1.1))


def render_graph(out: str | Path | GraphStore, path: str | Path, *, flt: EventFilter | None = None,
                 min_weight: int = 1, layout: Layout | str = Layout.kamada_kawai, max_nodes: int = 40,
                 title: str | None = None) -> Path:
    """Draw the actor network of the store in `out` to `path` (.png, .svg or .pdf)."""
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ValueError(f"cannot render to {path.suffix!r}: use .png, .svg or .pdf")
    fig = draw_graph(out, flt=flt, min_weight=min_weight, layout=layout, max_nodes=max_nodes, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def draw_graph(out: str | Path | GraphStore, *, flt: EventFilter | None = None, min_weight: int = 1,
               layout: Layout | str = Layout.kamada_kawai, max_nodes: int = 40, max_labels: int = 30,
               title: str | None = None):
    """The actor network as a matplotlib Figure (the caller saves or inspects it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    g = merged(to_networkx(out, flt), min_weight=min_weight)
    if g.number_of_nodes() == 0:
        raise ValueError("no events with both an actor and a target to draw")
    if g.number_of_nodes() > max_nodes:
        # the busiest actors, then only the part of the network they form together
        keep = sorted(g.nodes, key=lambda n: (-g.degree(n, weight="weight"), str(n)))[:max_nodes]
        g = g.subgraph(keep).copy()
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
        if g.number_of_nodes():
            biggest = max(nx.weakly_connected_components(g), key=lambda c: (len(c), sorted(map(str, c))))
            g = g.subgraph(biggest).copy()
    if g.number_of_edges() > max_labels:
        ranked = sorted(g.edges(data=True), key=lambda e: (-e[2]["weight"], str(e[0]), str(e[1])))
        for u, v, d in ranked[max_labels:]:
            d["label"] = ""  # only the heaviest edges are labelled in a busy picture
    layout = Layout(layout)
    pos = _positions(g, layout)
    n = g.number_of_nodes()
    size = min(24, 9 + n * 0.4)
    fig, ax = plt.subplots(figsize=(size + 2.5, size * 0.72), dpi=110)
    deg = dict(g.degree(weight="weight"))
    top = max(deg.values()) or 1
    node_sizes = [350 + 1500 * (deg[v] / top) ** 0.5 for v in g.nodes]
    node_colors = [KIND_COLORS.get(g.nodes[v].get("kind", "Actor"), "#bdbdbd") for v in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=node_sizes, node_color=node_colors, edgecolors="#444444", linewidths=0.8)
    edge_colors = [QUAD_COLORS.get(d["quad"], "#888888") for _, _, d in g.edges(data=True)]
    wtop = max(d["weight"] for _, _, d in g.edges(data=True))
    widths = [1.0 + 5.0 * (d["weight"] / wtop) ** 0.5 for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=edge_colors, width=widths, arrows=True, arrowsize=18,
                           node_size=node_sizes, connectionstyle="arc3,rad=0.08", alpha=0.85)
    for v in g.nodes:  # names just below their node
        x, y = pos[v]
        r = (node_sizes[list(g.nodes).index(v)] ** 0.5) / 2
        ax.annotate(g.nodes[v].get("label", v), (x, y), xytext=(0, -r - 4), textcoords="offset points", ha="center",
                    va="top", fontsize=10, fontweight="bold", zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    kinds = sorted({g.nodes[v].get("kind", "Actor") for v in g.nodes})
    handles = [Patch(facecolor=KIND_COLORS.get(k, "#bdbdbd"), edgecolor="#444444", label=k) for k in kinds]
    handles += [Line2D([0], [0], color=QUAD_COLORS[q], lw=3, label=QUAD_NAMES[q])
                for q in sorted({d["quad"] for _, _, d in g.edges(data=True)})]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False,
              title="actors / actions (CAMEO quad)", title_fontsize=9)
    n_events = sum(d["weight"] for _, _, d in g.edges(data=True))
    ax.set_title(title or f"Who did what to whom — {n} actors, {n_events} events", fontsize=14)
    ax.margins(0.12)
    ax.axis("off")
    fig.tight_layout()
    ax.set_xlim(ax.get_xlim())  # freeze the view before placing labels in screen space
    ax.set_ylim(ax.get_ylim())
    fig.canvas.draw()
    _place_edge_labels(ax, g, pos, fig)
    return fig
