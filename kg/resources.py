"""Where shipped data lives: the ontology folder and the example queries.

In an installed wheel they are inside the package (``kg/ontologies``, ``kg/queries``); in a
source checkout (editable install) they are the top-level ``ontologies/`` and ``data/queries``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_path", "query_path", "ONTOLOGY_DIR", "QUERY_DIR"]

_PKG = Path(__file__).resolve().parent
_ROOT = _PKG.parent


def _first(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


ONTOLOGY_DIR = _first(_PKG / "ontologies", _ROOT / "ontologies")
QUERY_DIR = _first(_PKG / "queries", _ROOT / "data" / "queries")


def ontology_path(name: str) -> Path:
    return ONTOLOGY_DIR / name


def query_path(name: str) -> Path:
    return QUERY_DIR / name
