"""Bad input, crashes, concurrency and hostile text lose nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from kg.errors import KgError
from kg.export import atomic_write
from kg.reader import MAX_ARTICLE_CHARS, Rejected, read_inputs
from kg.store import open_store, write_lock

from .conftest import SEED

SEED_TEXT = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]


def test_reliability_huge_article_and_long_sentence(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:  # 50 MB in one article
        chunk = "Iran accused Iraq of shelling Basra. " * 1000
        while fh.tell() < 50 * 2**20:
            fh.write(chunk)
    long = tmp_path / "long.txt"
    long.write_text("Iran accused Iraq " + " and ".join(f"village{i}" for i in range(3000)) + ".", encoding="utf-8")
    items = list(read_inputs([big, long]))
    assert isinstance(items[0], Rejected) and "split it into articles" in items[0].fix
    assert f"{MAX_ARTICLE_CHARS:,}" in items[0].reason
    report = kg.build([big, long], out=tmp_path / "out", render=False)
    assert report.built == 1 and len(report.rejected) == 1


def test_reliability_rejected_report_and_exit_code(tmp_path):
    bad = tmp_path / "in.jsonl"
    bad.write_text('{"id": "ok", "text": "Chile met with Peru."}\n[1, 2]\n{"id": "x", "text": ""}\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(bad), "--out", str(tmp_path / "o"), "-q", "--no-render"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    rows = [json.loads(x) for x in (tmp_path / "o" / "rejected.jsonl").read_text().splitlines()]
    assert [x["origin"].rsplit(":", 1)[1] for x in rows] == ["2", "3"] and all(x["fix"] for x in rows)
    assert kg.query(tmp_path / "o", "SELECT ?d WHERE { ?a <https://w3id.org/newskg/ontology#docId> ?d }").rows


def _articles(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"a{i:03d}", "date": "2025-11-08", "text": SEED_TEXT.replace("Qatar", f"Qatar{i}")}) + "\n")


def _graph_counts(out: Path) -> dict[str, int]:
    store = open_store(out)
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    return {s["g"].value: int(s["n"].value) for s in store.store.query(q)}


@pytest.mark.parametrize("delay", [4.0, 7.0])
def test_reliability_sigkill_leaves_a_consistent_store_and_rebuild_resumes(tmp_path, delay):
    src = tmp_path / "in.jsonl"
    _articles(src, 24)
    out = tmp_path / "out"
    p = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "-q", "--no-render",
                          "--batch-size", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    if (out / "store").is_dir():
        counts = _graph_counts(out)
        # every article graph that is there is complete: it has its hash and its events
        for g, n in counts.items():
            if "/doc/" in g:
                rows = open_store(out).store.query(
                    f"ASK {{ GRAPH <{g}> {{ <{g}> <https://w3id.org/newskg/ontology#contentHash> ?h . "
                    f"?e a <https://w3id.org/newskg/ontology#Event> }} }}")
                assert bool(rows), g
    report = kg.build([src], out=out, render=False)
    assert report.built + report.skipped == 24
    fresh = tmp_path / "fresh"
    kg.build([src], out=fresh, render=False)
    assert _graph_counts(out) == _graph_counts(fresh)


def test_reliability_second_writer_waits_then_fails_clearly(tmp_path):
    out = tmp_path / "out"
    with write_lock(out):
        with pytest.raises(KgError) as e:
            kg.build([SEED], out=out, render=False, lock_wait=0.5)
    assert "another kg build" in e.value.problem and e.value.fix
    assert kg.build([SEED], out=out, render=False).built == 1


def test_reliability_exports_are_atomic(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write(b"half a file")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


HOSTILE = [
    'The "Free <Republic> of #%20" (FRP) attacked Iran. FRP said it would attack Iraq.',
    "\u05d9\u05e9\u05e8\u05d0\u05dc attacked Gaza. \u0627\u0644\u0639\u0631\u0627\u0642 accused Iran.",
    "Cafe\u0301 Brigade \U0001F4A3 bombed Lebanon.\nThe Brigade\u200f said:\u2028 it killed 5 Lebanese soldiers.",
    "Mr. O'Brien-<script>alert(1)</script> met with France. \\\"Quoted\\\" rebels attacked Chad.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_reliability_hostile_text_makes_valid_rdf_and_round_trips(tmp_path, text):
    import rdflib
    from rdflib.compare import isomorphic

    src = tmp_path / "h.jsonl"
    src.write_text(json.dumps({"id": "h<1>#%", "text": text, "date": "2024-01-02"}) + "\n", encoding="utf-8")
    report = kg.build([src], out=tmp_path / "out", render=False)
    assert report.built == 1
    from kg.export import export_rdf

    for fmt, rf in [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")]:
        path = tmp_path / f"g.{fmt}"
        export_rdf(open_store(tmp_path / "out"), fmt, path)
        ds = rdflib.Dataset()
        ds.parse(path, format=rf)
        ref = rdflib.Dataset()
        ref.parse(tmp_path / "out" / "graph.trig", format="trig")
        for g in ref.graphs():
            if len(g):
                assert isomorphic(g, ds.graph(g.identifier))
    from kg.viewer import render_html

    html = render_html(tmp_path / "out", tmp_path / "v.html").read_text(encoding="utf-8")
    data = html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<script>" not in data and "</" not in data
    json.loads(data)
