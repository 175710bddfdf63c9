"""Interactive view: one self-contained HTML file that works offline.

The page inlines vis-network (the build shipped inside the `pyvis` package, installed with kg;
nothing is copied into this repository and nothing is fetched at view time — a Content Security
Policy forbids every network request). Node positions are computed here, physics is off, and edges
hide while panning large graphs, so the page stays usable with thousands of actors. Users can pan,
zoom, search an actor, filter by action type and date, and click a node or an edge to read the
events behind it, with their sentences and sources.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import networkx as nx

from .export import atomic_write
from .network import EventFilter, to_networkx
from .render import KIND_COLORS, QUAD_COLORS, QUAD_NAMES
from .store import GraphStore

__all__ = ["render_html", "vis_network_js"]

VIS_PATH = "lib/vis-9.1.2/vis-network.min.js"


def vis_network_js() -> str:
    """The vis-network script shipped in the installed `pyvis` package (read, never imported)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        from .errors import KgError

        raise KgError("E070", "the pyvis package (which carries vis-network) is not installed",
                      "reinstall kg (`make install` or `pip install -e .`)")
    return (Path(list(spec.submodule_search_locations)[0]) / VIS_PATH).read_text(encoding="utf-8")


def _layout(g: nx.Graph, seed: int = 7) -> dict:
    """Each connected component laid out on its own (sized by its node count), then packed in
    rows, biggest first: a few dense clusters never squeeze each other into a corner."""
    if g.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0])))
    placed: dict = {}
    x = y = row_h = 0.0
    width = 0.0
    boxes = []
    for comp in comps:
        n = len(comp)
        radius = 40.0 * n ** 0.5 + 30.0
        if n == 1:
            pos = {comp[0]: (0.0, 0.0)}
        elif n <= 3000:
            sub = g.subgraph(comp)
            iterations = 120 if n <= 300 else 50 if n <= 1000 else 25
            pos = nx.spring_layout(sub, seed=seed, iterations=iterations, k=1.5 / n ** 0.5, scale=radius)
        else:
            pos = nx.random_layout(g.subgraph(comp), seed=seed)  # filter first, or lay out in Gephi
            pos = {k: ((v[0] - 0.5) * 2 * radius, (v[1] - 0.5) * 2 * radius) for k, v in pos.items()}
        boxes.append((comp, pos, 2 * radius))
        width += (2 * radius) ** 2
    row_limit = max(boxes[0][2], width ** 0.5 * 1.2)
    for comp, pos, size in boxes:
        if x > 0 and x + size > row_limit:
            x, y, row_h = 0.0, y + row_h + 40, 0.0
        cx, cy = x + size / 2, y + size / 2
        for node, (px, py) in pos.items():
            placed[node] = (cx + float(px), cy + float(py))
        x += size + 40
        row_h = max(row_h, size)
    return placed


def _payload(g: nx.MultiDiGraph, title: str) -> dict:
    und = nx.Graph()
    und.add_nodes_from(g.nodes)
    und.add_edges_from((u, v) for u, v in g.edges() if u != v)
    pos = _layout(und)
    deg = dict(und.degree())
    ids = {n: i for i, n in enumerate(g.nodes)}
    nodes = []
    for n, d in g.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({"id": ids[n], "iri": n, "label": d.get("label", n), "kind": d.get("kind", "Actor"),
                      "country": d.get("country", ""), "sector": d.get("sector", ""),
                      "color": KIND_COLORS.get(d.get("kind", "Actor"), "#bdbdbd"), "size": 8 + 4 * deg.get(n, 0) ** 0.5,
                      "x": round(x, 1), "y": round(y, 1)})
    events = []
    for u, v, d in g.edges(data=True):
        events.append({"s": ids[u], "t": ids[v], "action": d["action"], "label": d["label"], "plover": d["plover"],
                       "cameo": d["cameo"], "quad": d["quad"], "date": d["date"], "factuality": d["factuality"],
                       "claimedBy": d["claimed_by"], "sentence": d["sentence"], "doc": d["doc"]})
    return {"title": title, "nodes": nodes, "events": events,
            "quadColors": {str(k): v for k, v in QUAD_COLORS.items()}, "quadNames": {str(k): v for k, v in QUAD_NAMES.items()}}


def _script_json(obj: dict) -> str:
    # safe inside <script>: no "</script>", no "<!--", no U+2028/2029 line breaks
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace(
        "\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(out: str | Path | GraphStore, path: str | Path, *, flt: EventFilter | None = None,
                title: str = "kg — who did what to whom") -> Path:
    """Write the interactive view of the store in `out` to `path` (one offline HTML file)."""
    g = to_networkx(out, flt)
    payload = _payload(g, title)
    html = _TEMPLATE.replace("%%TITLE%%", _escape(title)).replace("%%VIS%%", vis_network_js().replace("</script", "<\\/script")) \
        .replace("%%DATA%%", _script_json(payload))
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(html.encode("utf-8"))
    return path


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%%TITLE%%</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
  #app { display: flex; height: 100%; }
  #side { width: 340px; min-width: 260px; overflow-y: auto; padding: 12px 14px; border-right: 1px solid #ddd; background: #fafafa; }
  #net { flex: 1; position: relative; }
  h1 { font-size: 16px; margin: 0 0 8px; }
  h2 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
  input[type=search], input[type=date] { width: 100%; box-sizing: border-box; padding: 5px 6px; margin: 2px 0 6px; }
  .row { display: flex; gap: 6px; } .row > * { flex: 1; }
  .filters label { display: block; font-size: 13px; }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
  #matches button { display: block; width: 100%; text-align: left; margin: 2px 0; padding: 3px 6px; border: 1px solid #ccc; background: #fff; cursor: pointer; }
  #info .ev { border-top: 1px solid #e3e3e3; padding: 6px 0; font-size: 13px; }
  #info .ev q { display: block; color: #444; margin-top: 3px; font-style: italic; }
  #info .meta { color: #777; font-size: 12px; }
  .claimed { color: #8a5a00; }
  #stats { color: #666; font-size: 12px; }
</style>
<script>%%VIS%%</script>
</head>
<body>
<div id="app">
  <div id="side">
    <h1 id="title"></h1>
    <div id="stats"></div>
    <h2>Search an actor</h2>
    <input id="search" type="search" placeholder="e.g. Qatar" autocomplete="off">
    <div id="matches"></div>
    <h2>Actions</h2>
    <div class="filters" id="quads"></div>
    <div class="filters" id="actions"></div>
    <h2>Dates</h2>
    <div class="row"><input id="since" type="date" title="from"><input id="until" type="date" title="until"></div>
    <h2>Events</h2>
    <div id="info">Click an actor or an arrow to read its events.</div>
  </div>
  <div id="net"></div>
</div>
<script type="application/json" id="kg-data">%%DATA%%</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var big = data.nodes.length > 800;
  document.getElementById("title").textContent = data.title;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, value: n.size, shape: "dot",
             color: { background: n.color, border: "#555", highlight: { background: "#ffd54f", border: "#333" } },
             title: n.label + " (" + n.kind + (n.country ? ", " + n.country : "") + (n.sector ? " " + n.sector : "") + ")" };
  }));
  var edges = new vis.DataSet([]);
  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false },
    nodes: { scaling: { min: 8, max: 42, label: { enabled: true, min: 12, max: 22 } }, font: { size: 14, strokeWidth: 3, strokeColor: "#fff" } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, smooth: big ? false : { type: "curvedCW", roundness: 0.12 },
             font: { size: 10, align: "middle", strokeWidth: 3, strokeColor: "#fff" } }
  });

  // filters: quad classes and actions
  var actions = {};
  data.events.forEach(function (e) { actions[e.action] = actions[e.action] || { label: e.label, quad: e.quad, n: 0 }; actions[e.action].n++; });
  var quadBox = document.getElementById("quads");
  Object.keys(data.quadNames).forEach(function (q) {
    var l = document.createElement("label");
    var c = document.createElement("input"); c.type = "checkbox"; c.checked = true; c.dataset.quad = q;
    var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = data.quadColors[q];
    l.appendChild(c); l.appendChild(sw); l.appendChild(document.createTextNode(data.quadNames[q]));
    quadBox.appendChild(l);
  });
  var actBox = document.getElementById("actions");
  Object.keys(actions).sort().forEach(function (a) {
    var l = document.createElement("label");
    var c = document.createElement("input"); c.type = "checkbox"; c.checked = true; c.dataset.action = a;
    var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = data.quadColors[actions[a].quad];
    l.appendChild(c); l.appendChild(sw); l.appendChild(document.createTextNode(actions[a].label + " (" + actions[a].n + ")"));
    actBox.appendChild(l);
  });

  function visible() {
    var quads = {}, acts = {};
    quadBox.querySelectorAll("input").forEach(function (c) { quads[c.dataset.quad] = c.checked; });
    actBox.querySelectorAll("input").forEach(function (c) { acts[c.dataset.action] = c.checked; });
    var since = document.getElementById("since").value, until = document.getElementById("until").value;
    return data.events.filter(function (e) {
      if (!quads[String(e.quad)] || !acts[e.action]) return false;
      if (since && (!e.date || e.date < since)) return false;
      if (until && (!e.date || e.date > until)) return false;
      return true;
    });
  }
  var shown = [];
  function rebuild() {
    shown = visible();
    var pairs = {};
    shown.forEach(function (e, i) {
      var k = e.s + ">" + e.t;
      (pairs[k] = pairs[k] || { from: e.s, to: e.t, evs: [], counts: {}, quads: {} }).evs.push(i);
      pairs[k].counts[e.label] = (pairs[k].counts[e.label] || 0) + 1;
      pairs[k].quads[e.quad] = (pairs[k].quads[e.quad] || 0) + 1;
    });
    var list = Object.keys(pairs).map(function (k) {
      var p = pairs[k];
      var labels = Object.keys(p.counts).sort(function (a, b) { return p.counts[b] - p.counts[a]; });
      var quad = Object.keys(p.quads).sort(function (a, b) { return p.quads[b] - p.quads[a]; })[0];
      var text = labels.slice(0, 2).map(function (l) { return p.counts[l] > 1 ? l + " \\u00d7" + p.counts[l] : l; }).join(", ");
      if (labels.length > 2) text += ", \\u2026";
      return { id: k, from: p.from, to: p.to, label: big ? undefined : text, title: labels.join(", "), evs: p.evs,
               width: 1 + Math.min(6, p.evs.length), color: { color: data.quadColors[quad], highlight: "#222" } };
    });
    edges.clear(); edges.add(list);
    document.getElementById("stats").textContent = data.nodes.length + " actors \\u00b7 " + shown.length + " of " + data.events.length + " events shown";
  }
  document.getElementById("side").addEventListener("change", function (ev) { if (ev.target.matches("input[type=checkbox], input[type=date]")) rebuild(); });

  function showEvents(evIdx, heading) {
    var info = document.getElementById("info");
    info.textContent = "";
    var h = document.createElement("div"); h.textContent = heading + " \\u2014 " + evIdx.length + " event(s)"; info.appendChild(h);
    evIdx.slice(0, 300).forEach(function (i) {
      var e = shown[i], d = document.createElement("div"); d.className = "ev";
      var b1 = document.createElement("b"); b1.textContent = byId[e.s].label;
      var b2 = document.createElement("b"); b2.textContent = byId[e.t].label;
      d.appendChild(b1); d.appendChild(document.createTextNode(" " + e.label + " ")); d.appendChild(b2);
      var m = document.createElement("div"); m.className = "meta";
      m.textContent = (e.date || "undated") + " \\u00b7 " + e.plover + " " + e.cameo + " \\u00b7 " + e.doc;
      d.appendChild(m);
      if (e.factuality !== "asserted") {
        var c = document.createElement("div"); c.className = "claimed";
        c.textContent = e.factuality + (e.claimedBy ? " by " + e.claimedBy : ""); d.appendChild(c);
      }
      var q = document.createElement("q"); q.textContent = e.sentence; d.appendChild(q);
      info.appendChild(d);
    });
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = p.nodes[0], idx = [];
      shown.forEach(function (e, i) { if (e.s === id || e.t === id) idx.push(i); });
      showEvents(idx, byId[id].label);
    } else if (p.edges.length) {
      var ed = edges.get(p.edges[0]);
      showEvents(ed.evs, byId[ed.from].label + " \\u2192 " + byId[ed.to].label);
    }
  });

  var search = document.getElementById("search"), matches = document.getElementById("matches");
  function focusNode(id) {
    network.selectNodes([id]); network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    var idx = []; shown.forEach(function (e, i) { if (e.s === id || e.t === id) idx.push(i); });
    showEvents(idx, byId[id].label);
  }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    matches.textContent = "";
    if (!q) return;
    var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; }).slice(0, 12);
    hits.forEach(function (n) {
      var b = document.createElement("button"); b.className = "match"; b.textContent = n.label;
      b.addEventListener("click", function () { focusNode(n.id); });
      matches.appendChild(b);
    });
    if (hits.length) network.selectNodes(hits.map(function (n) { return n.id; }));
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var b = matches.querySelector("button"); if (b) b.click(); }
  });
  rebuild();
  window.kgReady = true;
})();
</script>
</body>
</html>
"""
