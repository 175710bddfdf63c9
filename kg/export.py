"""Export: the store as RDF files (pyoxigraph's serialisers), written atomically.

Formats that keep named graphs (TriG, N-Quads) write every article graph; the others (Turtle,
N-Triples, JSON-LD, RDF/XML) write the union of all graphs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import UsageError
from .store import GraphStore

__all__ = ["RdfExport", "export_rdf", "atomic_write"]


class RdfExport(str, Enum):
    turtle = "turtle"
    nt = "nt"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
PREFIXES = {
    "kg": "https://w3id.org/newskg/ontology#",
    "id": "https://w3id.org/newskg/id/",
    "cameo": "https://w3id.org/newskg/cameo/",
    "plover": "https://w3id.org/newskg/plover/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
}


@contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside `path`, then rename it over `path`: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # as a plain open() would have made it
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_rdf(store: GraphStore, fmt: str, path: Path | None = None) -> None:
    """Serialise the store as `fmt` to `path` (standard output when None)."""
    try:
        rdf_format = _FORMATS[str(fmt.value if isinstance(fmt, Enum) else fmt)]
    except KeyError:
        raise UsageError("E050", f"unknown RDF format {fmt!r}", f"use one of: {', '.join(_FORMATS)}") from None

    def write(fh: IO[bytes]) -> None:
        if not isinstance(store, GraphStore):  # a remote store: its whole dataset over the protocol
            store.dump(fh, rdf_format)
            return
        if rdf_format.supports_datasets:
            store.store.dump(fh, rdf_format, prefixes=PREFIXES if rdf_format is ox.RdfFormat.TRIG else None)
        else:
            triples = store.store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            kw = {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
            ox.serialize(triples, fh, rdf_format, **kw)

    if path is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with atomic_write(Path(path)) as fh:
            write(fh)
