"""Serving over SPARQL, a remote store over the Graph Store Protocol, and a Dask build."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.serve import make_server, oxigraph_binary, wait_until_up

from .conftest import SEED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, accept: str = "application/sparql-results+json", data: bytes | None = None,
         headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers={"Accept": accept, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture
def endpoint(seed_out):
    port = _free_port()
    server = make_server(seed_out, "127.0.0.1", port, timeout=2.0, limit=5)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def test_serve_queries_limits_timeouts_and_is_read_only(endpoint):
    q = "SELECT ?e WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }"
    status, headers, body = _get(f"{endpoint}/query?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and headers["X-KG-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, _, body = _get(f"{endpoint}/query", "text/csv", q.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and body.decode().splitlines()[0] == "e"
    status, _, body = _get(f"{endpoint}/query?query=SELEKT")
    assert status == 400
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    status, _, body = _get(f"{endpoint}/query?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and b"timeout" in body and time.monotonic() - t0 < 10
    status, _, _ = _get(f"{endpoint}/update", data=b"update=DROP%20ALL",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = _get(f"{endpoint}/", accept="text/html")
    assert status == 200 and b"<textarea" in body and b"http" not in body.split(b"<body>")[0].replace(b"http-equiv", b"")


def test_serve_cli_binds_loopback_and_answers(seed_out):
    port = _free_port()
    p = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(seed_out), "--port", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until_up(f"http://127.0.0.1:{port}/")
        q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        status, _, body = _get(f"http://127.0.0.1:{port}/query?{q}")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        p.terminate()
        p.wait(10)


@pytest.fixture
def oxigraph_server(tmp_path):
    try:
        exe = oxigraph_binary()
    except Exception:
        pytest.skip("oxigraph server not installed")
    port = _free_port()
    p = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_up(f"{url}/query?query=ASK%7B%7D")
        yield url
    finally:
        p.terminate()
        p.wait(10)


def test_remote_store_build_query_and_idempotent_rebuild(oxigraph_server, tmp_path):
    out = tmp_path / "out"
    report = kg.build([SEED], out=out, store_url=oxigraph_server, render=False)
    assert report.built == 1
    rows = kg.query(oxigraph_server, "events").rows
    assert any(r["actorLabel"] == "Qatar" and r["plover"] == "CONSULT" for r in rows)
    n = kg.query(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]
    report = kg.build([SEED], out=out, store_url=oxigraph_server, render=False, force=True)
    assert report.built == 1
    assert kg.query(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"] == n
    assert kg.build([SEED], out=out, store_url=oxigraph_server, render=False).skipped == 1
    r = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--store", oxigraph_server, "dyads", "-f", "csv"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Qatar" in r.stdout
    assert (out / "graph.trig").stat().st_size > 1000


def test_dask_build_matches_single_process(tmp_path):
    pytest.importorskip("dask.distributed")
    two = tmp_path / "two.jsonl"
    text = SEED.read_text(encoding="utf-8")
    rec = json.loads(text)
    rec2 = dict(rec, id="second", text="Iran accused Iraq of shelling Basra. Turkey mediated between them.")
    two.write_text(json.dumps(rec) + "\n" + json.dumps(rec2) + "\n", encoding="utf-8")
    a = kg.build([two], out=tmp_path / "single", render=False)
    b = kg.build([two], out=tmp_path / "dask", render=False, dask=True, workers=2, batch_size=1)
    assert (a.built, b.built, a.events) == (2, 2, b.events)

    def quads(p: Path) -> set[str]:
        ds = ox.Dataset(ox.parse(path=str(p / "graph.trig"), format=ox.RdfFormat.TRIG))
        return {str(q) for q in ds}

    assert quads(tmp_path / "single") == quads(tmp_path / "dask")


def test_serve_oxigraph_engine(seed_out):
    try:
        oxigraph_binary()
    except Exception:
        pytest.skip("oxigraph server not installed")
    port = _free_port()
    p = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(seed_out), "--port", str(port), "--engine", "oxigraph"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }"})
        assert wait_until_up(f"http://127.0.0.1:{port}/query?{q}")
        status, _, body = _get(f"http://127.0.0.1:{port}/query?{q}")
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 10
        status, _, body = _get(f"http://127.0.0.1:{port}/", accept="text/html")
        assert status == 200 and b"yasgui" in body.lower()
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(10)
