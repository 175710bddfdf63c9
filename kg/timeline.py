"""Timeline picture: events on a time axis, one lane per dyad (actor → target), marked by CAMEO quad
class; claimed events are hollow, asserted ones filled; intervals (Nov. 6–7, last week) are bars."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from .network import EventFilter
from .render import QUAD_COLORS, QUAD_NAMES
from .sparql import query
from .store import GraphStore

__all__ = ["render_timeline", "TIMELINE_QUERY"]

TIMELINE_QUERY = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?actorLabel ?targetLabel ?actionLabel ?quad ?factuality ?day ?start ?end ?actorName ?since ?until
WHERE {
  ?event a kg:Event ; kg:actor ?a ; kg:action ?act ; kg:quadClass ?quad ; kg:factuality ?factuality .
  ?a rdfs:label ?actorLabel . ?act rdfs:label ?actionLabel .
  OPTIONAL { ?event kg:target ?t . ?t rdfs:label ?targetLabel }
  OPTIONAL { ?event kg:date ?day }
  OPTIONAL { ?event kg:dateStart ?start ; kg:dateEnd ?end }
  FILTER(BOUND(?day) || BOUND(?start))
  BIND(COALESCE(?day, ?start) AS ?date)
  %FILTERS%
}
"""


def render_timeline(out: str | Path | GraphStore, path: str | Path, *, flt: EventFilter | None = None,
                    max_lanes: int = 18, title: str | None = None) -> Path:
    """Draw the events of the store in `out` on a time axis to `path` (.png, .svg or .pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    flt = flt or EventFilter()
    flt = EventFilter(actor=flt.actor, since=flt.since, until=flt.until)
    text, subs = flt.apply(TIMELINE_QUERY, flt.actor_nodes(out))
    rows = query(out, text, substitutions=subs).rows
    if not rows:
        raise ValueError("no dated events to draw")
    lanes = Counter(f"{r['actorLabel']} → {r['targetLabel']}" if r["targetLabel"] else r["actorLabel"] for r in rows)
    keep = [k for k, _ in lanes.most_common(max_lanes)]
    order = {k: i for i, k in enumerate(sorted(keep))}
    fig_h = 1.6 + 0.42 * len(order)
    fig, ax = plt.subplots(figsize=(13, fig_h), dpi=110)
    days: list[date] = []
    for r in rows:
        lane = f"{r['actorLabel']} → {r['targetLabel']}" if r["targetLabel"] else r["actorLabel"]
        if lane not in order:
            continue
        y = order[lane]
        color = QUAD_COLORS.get(int(r["quad"]), "#888")
        claimed = r["factuality"] != "asserted"
        if r["day"]:
            days.append(r["day"])
            ax.plot([r["day"]], [y], marker="o", markersize=9, markeredgewidth=1.8, color=color,
                    markerfacecolor="white" if claimed else color, linestyle="none", zorder=3)
        else:
            s, e = r["start"], r["end"] or r["start"]
            days += [s, e]
            ax.plot([s, e + timedelta(days=1)], [y, y], color=color, linewidth=6, alpha=0.35 if claimed else 0.8,
                    solid_capstyle="butt", zorder=2)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(list(order))
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.invert_yaxis()
    if days:
        lo, hi = min(days), max(days)
        pad = max(timedelta(days=1), (hi - lo) / 20)
        ax.set_xlim(lo - pad, hi + pad)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y" if days and (max(days) - min(days)).days > 300 else "%d %b"))
    ax.grid(axis="x", color="#ddd")
    ax.grid(axis="y", color="#f0f0f0")
    quads = sorted({int(r["quad"]) for r in rows})
    handles = [Line2D([0], [0], marker="o", color=QUAD_COLORS[q], linestyle="none", markersize=8, label=QUAD_NAMES[q])
               for q in quads]
    handles += [Line2D([0], [0], marker="o", color="#555", markerfacecolor="#555", linestyle="none", label="asserted"),
                Line2D([0], [0], marker="o", color="#555", markerfacecolor="white", linestyle="none",
                       label="claimed / not asserted")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    ax.set_title(title or f"Timeline — {sum(lanes[k] for k in keep)} dated events", fontsize=13)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
