"""Query: SPARQL over the store, with results as Python rows or in standard result formats.

`query(out, sparql)` returns a `QueryResult`: its `rows` are dicts of plain Python values (str,
int, float, bool, date; None where unbound), ready for ``pandas.DataFrame(result.rows)``.
`format_result` writes the SPARQL 1.1 Query Results JSON/CSV/TSV formats or a text table.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from .errors import UsageError
from .resources import query_path
from .store import GraphStore, open_store

__all__ = ["QueryResult", "query", "format_result", "ResultFormat", "read_query"]

XSD = "http://www.w3.org/2001/XMLSchema#"


class ResultFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


@dataclass
class QueryResult:
    variables: list[str]
    terms: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]
    boolean: bool | None = None

    @property
    def rows(self) -> list[dict[str, object]]:
        return [{v: _py(t) for v, t in zip(self.variables, row)} for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)


def _py(term) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        v = term.value
        try:
            if dt in (XSD + "integer", XSD + "int", XSD + "long"):
                return int(v)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(v)
            if dt == XSD + "boolean":
                return v == "true"
            if dt == XSD + "date":
                return date.fromisoformat(v)
        except ValueError:
            return v
        return v
    return term.value


def read_query(q: str) -> str:
    """SPARQL text from `q`: a .rq path, the name of a shipped query (``events``), or the text itself."""
    p = Path(q)
    if q.endswith(".rq") or (len(q) < 200 and "\n" not in q and p.is_file()):
        if p.is_file():
            return p.read_text(encoding="utf-8")
        shipped = query_path(p.name)
        if shipped.is_file():
            return shipped.read_text(encoding="utf-8")
        raise UsageError("E041", f"no query file {q}", "give a path to a .rq file or SPARQL text")
    if len(q) < 60 and re.fullmatch(r"[A-Za-z0-9_-]+", q) and query_path(f"{q}.rq").is_file():
        return query_path(f"{q}.rq").read_text(encoding="utf-8")
    return q


def query(out: str | Path | GraphStore, sparql: str, *, substitutions: dict | None = None) -> QueryResult:
    """Run SPARQL (text, a .rq path or a shipped query name) over the store in `out`."""
    if isinstance(out, str) and out.startswith(("http://", "https://")):
        from .store import RemoteStore

        store = RemoteStore(out)
    else:
        store = out if hasattr(out, "query") and not isinstance(out, (str, Path)) else open_store(out)
    res = store.query(read_query(sparql), substitutions=substitutions)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult([], [], bool(res))
    if isinstance(res, ox.QueryTriples):
        terms = [[t.subject, t.predicate, t.object] for t in res]
        return QueryResult(["subject", "predicate", "object"], terms)
    variables = [v.value for v in res.variables]
    return QueryResult(variables, [[sol[v] for v in variables] for sol in res])


def _cell(term) -> str:
    if term is None:
        return ""
    return str(term.value)


def format_result(result: QueryResult, fmt: ResultFormat | str = ResultFormat.table, *, max_width: int = 60) -> str:
    fmt = ResultFormat(fmt)
    if result.boolean is not None:
        if fmt is ResultFormat.json:
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt is ResultFormat.json:
        bindings = []
        for row in result.terms:
            b = {}
            for v, t in zip(result.variables, row):
                if t is None:
                    continue
                if isinstance(t, ox.NamedNode):
                    b[v] = {"type": "uri", "value": t.value}
                elif isinstance(t, ox.BlankNode):
                    b[v] = {"type": "bnode", "value": t.value}
                else:
                    d = {"type": "literal", "value": t.value}
                    if t.language:
                        d["xml:lang"] = t.language
                    elif t.datatype is not None and t.datatype.value != XSD + "string":
                        d["datatype"] = t.datatype.value
                    b[v] = d
            bindings.append(b)
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
    if fmt in (ResultFormat.csv, ResultFormat.tsv):
        import csv

        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt is ResultFormat.csv else "\t", lineterminator="\n")
        w.writerow(result.variables)
        for row in result.terms:
            w.writerow([_cell(t).replace("\t", " ").replace("\n", " ") if fmt is ResultFormat.tsv else _cell(t) for t in row])
        return buf.getvalue()
    return table([[_short(_cell(t), max_width) for t in row] for row in result.terms], result.variables)


def _short(s: str, width: int) -> str:
    for prefix, short in (("https://w3id.org/newskg/id/actor/", ""), ("https://w3id.org/newskg/ontology#", "kg:"),
                          ("https://w3id.org/newskg/id/", "id:")):
        if s.startswith(prefix):
            s = short + s[len(prefix):]
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [len(h) for h in header]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"
