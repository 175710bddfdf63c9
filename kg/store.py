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

__all__ = ["GraphStore", "open_store", "write_lock"]


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
    """A thin typed layer over `pyoxigraph.Store` for kg's graphs."""

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

    # -- articles ------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        """Article id → content hash, for every article in the store."""
        q = f"SELECT ?id ?h WHERE {{ GRAPH ?g {{ ?g <{KG}docId> ?id ; <{KG}contentHash> ?h }} }}"
        return {s["id"].value: s["h"].value for s in self.store.query(q)}

    def replace_article(self, doc_id: str, quads: list[ox.Quad]) -> None:
        g = ox.NamedNode(article_iri(doc_id))
        self.store.remove_graph(g) if self.store.contains_named_graph(g) else None
        self.store.extend(quads)

    def replace_articles(self, batch: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Replace several article graphs; each graph's content is written in one transaction."""
        for doc_id, quads in batch:
            self.replace_article(doc_id, quads)

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
        try:
            self.store.flush()
        except OSError:
            pass


def open_store(out: Path | str, *, read_only: bool = True) -> GraphStore:
    return GraphStore(Path(out), read_only=read_only)
