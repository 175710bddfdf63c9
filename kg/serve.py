"""Serve: a SPARQL 1.1 Protocol endpoint over a kg store.

Two engines:

* ``kg`` (default): a small server on the standard library whose queries run in a pool of
  processes, each with a read-only view of the store; a query that runs past the timeout has its
  process killed (and replaced), so it is stopped for good, and results past the limit are cut (the response says so in the
  ``X-KG-Truncated`` header). Read-only unless started with ``allow_update``; binds to 127.0.0.1
  unless told otherwise. ``GET /`` is an offline query page.
* ``oxigraph``: the Oxigraph server from the `oxigraph` package (``oxigraph serve-read-only``) with
  its built-in offline YASGUI page and its own query timeout; it has no result limit.
"""

from __future__ import annotations

import html
import json
import multiprocessing as mp
import shutil
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from .errors import KgError

__all__ = ["make_server", "serve", "run_oxigraph", "QueryPool", "wait_until_up"]

_SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json", "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


def _pick(accept: str, types: dict, default: str) -> str:
    for part in (accept or "").split(","):
        t = part.split(";")[0].strip().lower()
        if t in types:
            return t
    return default


def _answer(store: ox.Store, sparql: str, accept: str, limit: int) -> tuple:
    """Run one query and serialise at most `limit` results: (status, content type, body, truncated)."""
    from .sparql import QueryResult, format_result

    try:
        res = store.query(sparql, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return (200, "application/sparql-results+json", json.dumps({"head": {}, "boolean": bool(res)}).encode(), False)
        if isinstance(res, ox.QueryTriples):
            ctype = _pick(accept, _GRAPH_TYPES, "application/n-triples")
            triples, truncated = [], False
            for t in res:
                if len(triples) >= limit:
                    truncated = True
                    break
                triples.append(t)
            return (200, ctype, ox.serialize(triples, format=_GRAPH_TYPES[ctype]) or b"", truncated)
        ctype = _pick(accept, _SELECT_TYPES, "application/sparql-results+json")
        variables = [v.value for v in res.variables]
        rows, truncated = [], False
        for sol in res:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append([sol[v] for v in variables])
        text = format_result(QueryResult(variables, rows), _SELECT_TYPES[ctype])
        return (200, ctype + "; charset=utf-8", text.encode("utf-8"), truncated)
    except SyntaxError as e:
        return (400, "text/plain; charset=utf-8", f"the SPARQL query does not parse: {e}".encode(), False)
    except Exception as e:  # noqa: BLE001 - reported to the client, never crashes the server
        return (500, "text/plain; charset=utf-8", f"query failed: {type(e).__name__}: {e}".encode(), False)


def _worker_loop(store_path: str, conn) -> None:
    """A query process: opens the store read-only once, then answers queries until told to stop."""
    store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        sparql, accept, limit = job
        conn.send(_answer(store, sparql, accept, limit))


class _Worker:
    def __init__(self, store_path: str) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_loop, args=(store_path, child), daemon=True)
        self.proc.start()
        child.close()
        # the store is opened before the first query: its opening never counts against a timeout
        if not self.conn.poll(300) or self.conn.recv() != "ready":
            self.stop()
            raise KgError("E082", f"a query process could not open the store {store_path}",
                          "check that the folder is a kg store and that no build is writing to it")

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(1)
        self.conn.close()


class QueryPool:
    """Long-lived query processes. A query that overruns the timeout gets its process killed (and a
    fresh one started), so no query can hold the server; the others keep their open store."""

    def __init__(self, store_path: str, size: int = 2) -> None:
        import queue

        self.store_path = store_path
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(max(1, size)):
            self.idle.put(_Worker(store_path))

    def run(self, sparql: str, accept: str, *, limit: int, timeout: float) -> tuple:
        w = self.idle.get()
        try:
            w.conn.send((sparql, accept, limit))
            if w.conn.poll(timeout):
                return w.conn.recv()
            w.stop()
            w = _Worker(self.store_path)
            return (503, "text/plain; charset=utf-8",
                    f"query stopped after the {timeout:g} s timeout; narrow it or add a LIMIT".encode(), False)
        except (EOFError, OSError):
            w.stop()
            w = _Worker(self.store_path)
            return (500, "text/plain; charset=utf-8", b"query process ended without an answer", False)
        finally:
            self.idle.put(w)

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().stop()


_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:20px;max-width:1100px}textarea{width:100%;height:180px;font:13px monospace}
table{border-collapse:collapse;margin-top:12px;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
#msg{color:#a00;margin-top:8px}</style></head><body>
<h1>kg SPARQL endpoint</h1><p>Read-only; queries stop after %TIMEOUT% s; at most %LIMIT% results. POST or GET <code>/query</code> with <code>query=</code>.</p>
<textarea id="q">%QUERY%</textarea><br><button id="run">Run</button><div id="msg"></div><div id="out"></div>
<script>
document.getElementById('run').onclick = async function () {
  const msg = document.getElementById('msg'), out = document.getElementById('out'); msg.textContent = ''; out.textContent = '';
  const r = await fetch('/query', {method: 'POST', headers: {'Content-Type': 'application/sparql-query', 'Accept': 'application/sparql-results+json'}, body: document.getElementById('q').value});
  const text = await r.text();
  if (!r.ok) { msg.textContent = text; return; }
  const data = JSON.parse(text);
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const t = document.createElement('table'), h = t.insertRow();
  data.head.vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; h.appendChild(th); });
  data.results.bindings.forEach(b => { const row = t.insertRow(); data.head.vars.forEach(v => { row.insertCell().textContent = b[v] ? b[v].value : ''; }); });
  out.appendChild(t);
  if (r.headers.get('X-KG-Truncated') === 'true') msg.textContent = 'Results cut at the limit.';
};
</script></body></html>"""

_DEFAULT_QUERY = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?action ?target ?date WHERE {
  ?e a kg:Event ; kg:actor/rdfs:label ?actor ; kg:action/rdfs:label ?action .
  OPTIONAL { ?e kg:target/rdfs:label ?target } OPTIONAL { ?e kg:date ?date }
} LIMIT 50"""


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                limit: int = 10_000, allow_update: bool = False, processes: int = 2) -> ThreadingHTTPServer:
    """A ready-to-run endpoint server over the store in `out` (call `serve_forever()`)."""
    store_path = str(Path(out) / "store")
    if not Path(store_path).is_dir():
        raise KgError("E080", f"{out} holds no kg store", f"build one first: kg build INPUT --out {out}")
    pool = QueryPool(store_path, processes)
    page = _PAGE.replace("%TIMEOUT%", f"{timeout:g}").replace("%LIMIT%", str(limit)).replace(
        "%QUERY%", html.escape(_DEFAULT_QUERY))

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/0.1"

        def log_message(self, *args) -> None:  # quiet: the library never prints
            pass

        def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _query(self, sparql: str | None) -> None:
            if not sparql:
                self._send(400, "text/plain; charset=utf-8", b"missing the 'query' parameter")
                return
            status, ctype, body, truncated = pool.run(sparql, self.headers.get("Accept", ""), limit=limit, timeout=timeout)
            self._send(status, ctype, body, {"X-KG-Truncated": "true" if truncated else "false"})

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
            elif url.path in ("/query", "/sparql"):
                self._query(parse_qs(url.query).get("query", [None])[0])
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found: use / or /query")

        def do_POST(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            if n > 1_000_000:
                self._send(413, "text/plain; charset=utf-8", b"request too large")
                return
            body = self.rfile.read(n).decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if url.path in ("/update",):
                if not allow_update:
                    self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only (start it with --allow-update)")
                    return
                text = body if ctype == "application/sparql-update" else parse_qs(body).get("update", [""])[0]
                try:
                    ox.Store(store_path).update(text)
                except (SyntaxError, OSError) as e:
                    self._send(400, "text/plain; charset=utf-8", str(e).encode())
                    return
                self._send(204, "text/plain", b"")
                return
            if url.path not in ("/query", "/sparql"):
                self._send(404, "text/plain; charset=utf-8", b"not found: use /query")
                return
            sparql = body if ctype == "application/sparql-query" else parse_qs(body).get("query", [None])[0]
            self._query(sparql)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def server_close(self) -> None:
            super().server_close()
            pool.close()

    return Server((host, port), Handler)


def serve(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
          limit: int = 10_000, allow_update: bool = False) -> None:
    server = make_server(out, host, port, timeout=timeout, limit=limit, allow_update=allow_update)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def oxigraph_binary() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        raise KgError("E081", "the oxigraph server is not installed", "pip install oxigraph (it is a dependency of kg)")
    return exe


def run_oxigraph(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                 allow_update: bool = False) -> subprocess.Popen:
    """Start the Oxigraph server over the store in `out`; the caller waits on or stops the process."""
    cmd = [oxigraph_binary(), "serve" if allow_update else "serve-read-only", "--location", str(Path(out) / "store"),
           "--bind", f"{host}:{port}", "--union-default-graph"]
    if not allow_update:
        cmd += ["--timeout-s", f"{max(1, int(timeout))}"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(url: str, seconds: float = 20.0) -> bool:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False
