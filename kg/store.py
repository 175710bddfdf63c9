"""Store: the embedded, persistent Oxigraph store under ``OUT/store``.

Each article is a named graph (its IRI is the article's); the ontology has its own graph.
Replacing an article drops its graph and writes the new one, so a rebuild never duplicates.
One writer at a time: a build holds ``OUT/.kg.lock``; a second build waits for it (or fails
after `wait` seconds with a clear message). Readers open the store read-only.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .ontology import KG
from .rdf import ONTOLOGY_GRAPH, article_iri, ontology_quads

__all__ = ["GraphStore", "RemoteStore", "open_store", "write_lock"]


@contextmanager
def write_lock(out: Path, *, wait: float = 600.0) -> Iterator[None]:
    """Hold the build lock of `out`; wait up to `wait` seconds for another build to finish."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / ".kg.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KgError("E030", f"another kg build is writing to {out}",
                                  "wait for it to finish, or build into another --out folder") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


class GraphStore:
    """A thin typed layer over `pyoxigraph.Store` for kg's graphs.

    Writes are flushed to disk every `flush_every` quads: RocksDB keeps what it has not flushed in
    in-memory tables, so without this a long build's memory grows with the corpus."""

    flush_every = 50_000

    def __init__(self, out: Path, *, read_only: bool = False) -> None:
        self.out = Path(out)
        path = self.out / "store"
        if read_only and not path.is_dir():
            raise KgError("E031", f"{self.out} holds no kg store", f"build one first: kg build INPUT --out {self.out}")
        try:
            self.store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise KgError("E032", f"cannot open the store in {path} ({e})",
                          "check that no other program holds it open for writing, and that the folder is a kg store") from e
        self._unflushed = 0

    # -- articles ------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        """Article id → content hash, for every article in the store."""
        q = f"SELECT ?id ?h WHERE {{ GRAPH ?g {{ ?g <{KG}docId> ?id ; <{KG}contentHash> ?h }} }}"
        return {s["id"].value: s["h"].value for s in self.store.query(q)}

    def replace_article(self, doc_id: str, quads: list[ox.Quad]) -> None:
        self.replace_articles([(doc_id, quads)])

    def replace_articles(self, batch: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Replace several article graphs in one transaction: their old graphs are dropped first, so
        a crash in between leaves them absent (and rebuilt next time), never half-written."""
        batch = list(batch)
        for doc_id, _ in batch:
            g = ox.NamedNode(article_iri(doc_id))
            if self.store.contains_named_graph(g):
                self.store.remove_graph(g)
        quads = [q for _, qs in batch for q in qs]
        self.store.extend(quads)
        self._unflushed += len(quads)
        if self._unflushed >= self.flush_every:
            self.flush()

    def load_ontology(self) -> None:
        g = ox.NamedNode(ONTOLOGY_GRAPH)
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        self.store.extend(ontology_quads())

    # -- reading -------------------------------------------------------------------------------

    def query(self, sparql: str, *, substitutions: dict | None = None):
        try:
            return self.store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
        except SyntaxError as e:
            raise KgError("E040", f"the SPARQL query does not parse: {e}", "check the query's syntax") from e

    def count(self, sparql: str) -> int:
        rows = list(self.query(sparql))
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def flush(self) -> None:
        self._unflushed = 0
        try:
            self.store.flush()
        except OSError:
            pass

    def close(self) -> None:
        """Flush and compact, so the next open (read-only servers included) does not replay a log."""
        try:
            self.store.flush()
            self.store.optimize()
        except OSError:
            pass


def open_store(out: Path | str, *, read_only: bool = True) -> GraphStore:
    return GraphStore(Path(out), read_only=read_only)


class RemoteStore:
    """Any SPARQL 1.1 store over HTTP: the Graph Store HTTP Protocol to write (one PUT per article
    graph, so rebuilding is idempotent) and the SPARQL 1.1 Protocol to read. `url` is the server's
    base (Oxigraph: ``/query``, ``/store``); other servers name their endpoints with `query_url`
    and `store_url` (Fuseki: ``/ds/sparql`` and ``/ds/data``)."""

    def __init__(self, url: str, *, query_url: str | None = None, store_url: str | None = None,
                 timeout: float = 60.0) -> None:
        base = url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise KgError("E033", f"--store {url!r} is not an http(s) URL", "give the server's base URL, e.g. http://127.0.0.1:7878")
        self.query_url = query_url or f"{base}/query"
        self.store_url = store_url or f"{base}/store"
        self.timeout = timeout

    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            detail = e.read()[:300].decode("utf-8", "replace")
            raise KgError("E034", f"the store at {url} answered {e.code} ({detail.strip()})",
                          "check the URL and that the server accepts writes") from e
        except OSError as e:
            raise KgError("E035", f"cannot reach the store at {url} ({e})", "check that the server is running") from e

    def _graph_url(self, graph: str) -> str:
        from urllib.parse import quote

        return f"{self.store_url}?graph={quote(graph, safe='')}"

    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self._request("PUT", self._graph_url(graph), body or b"", {"Content-Type": "application/n-triples"})

    def post_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        if body:
            self._request("POST", self._graph_url(graph), body, {"Content-Type": "application/n-triples"})

    def query(self, sparql: str, *, substitutions: dict | None = None):
        from urllib.parse import urlencode

        if substitutions:
            # bind the values in a VALUES block: the protocol has no parameters, the values stay data
            sparql = _with_values(sparql, substitutions)
        # kg's queries read the union of the article graphs; Oxigraph takes this parameter (other
        # servers: configure the union as the default graph, e.g. Fuseki's unionDefaultGraph)
        body = urlencode({"query": sparql, "union-default-graph": ""}).encode()
        data = self._request("POST", self.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def count(self, sparql: str) -> int:
        rows = list(self.query(sparql))
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def hashes(self) -> dict[str, str]:
        q = f"SELECT ?id ?h WHERE {{ GRAPH ?g {{ ?g <{KG}docId> ?id ; <{KG}contentHash> ?h }} }}"
        return {s["id"].value: s["h"].value for s in self.query(q)}

    def replace_article(self, doc_id: str, quads: list[ox.Quad]) -> None:
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name.value, []).append(q)
        own = article_iri(doc_id)
        self.put_graph(own, by_graph.pop(own, []))
        for graph, qs in by_graph.items():  # the shared graph of actors: added to, never replaced
            self.post_graph(graph, qs)

    def replace_articles(self, batch) -> None:
        for doc_id, quads in batch:
            self.replace_article(doc_id, quads)

    def load_ontology(self) -> None:
        self.put_graph(ONTOLOGY_GRAPH, ontology_quads())

    def dump(self, fh, fmt: ox.RdfFormat) -> None:
        data = self._request("GET", self.store_url, None, {"Accept": "application/n-quads"})
        quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
        if not fmt.supports_datasets:
            quads = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        ox.serialize(quads, fh, fmt)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _with_values(sparql: str, subs: dict) -> str:
    """`sparql` with a VALUES block binding the substitutions, inserted after the first WHERE {."""
    vars_ = list(subs)
    block = "VALUES (" + " ".join(f"?{v.value}" for v in vars_) + ") { (" + " ".join(str(subs[v]) for v in vars_) + ") }"
    i = sparql.upper().find("WHERE")
    j = sparql.find("{", i)
    if i < 0 or j < 0:
        raise KgError("E036", "cannot bind parameters in this query", "write the query with a WHERE clause")
    return sparql[: j + 1] + " " + block + " " + sparql[j + 1:]
