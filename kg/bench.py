"""Benchmarks (`make bench`): figures printed as ratios measured in the same run.

1. extraction time as a fraction of spaCy parse time on the same sentences;
2. `kg build` throughput against bare `nlp.pipe` over the same articles with the same processes;
3. growth: time per word and peak memory (all processes of the build) for 1k and 5k articles,
   and with ``KG_BENCH_FULL=1`` the corpus's last 5k (longer) articles and the whole corpus;
4. latency of the shipped queries on the largest store built;
5. the SPARQL endpoint under a bounded loopback load: requests/s, p50/p99 latency, errors.

Reads the corpora in ``../shared/corpus`` (override with ``KG_CORPUS``); prints what it measured.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

CORPUS = Path(os.environ.get("KG_CORPUS", Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))
FILES = ["reuters21578.jsonl", "reuters_c50.jsonl", "bbc_2225.jsonl", "isot_true_subset.jsonl", "muc34_texts.jsonl"]
WORKERS = int(os.environ.get("KG_BENCH_WORKERS", "2"))


def _articles(n: int | None) -> list[str]:
    lines: list[str] = []
    for name in FILES:
        with (CORPUS / name).open(encoding="utf-8") as fh:
            for line in fh:
                lines.append(line)
                if n is not None and len(lines) >= n:
                    return lines
    return lines


def _tree_rss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants: the sum of their proportional set
    sizes (PSS), so pages that forked workers share with their parent count once."""
    total = 0
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        todo += children.get(p, [])
    return total


def _run_measured(cmd: list[str]) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while p.poll() is None:
        peak = max(peak, _tree_rss(p.pid))
        time.sleep(0.25)
    out, err = p.communicate()
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed: {err[-2000:]}")
    return time.perf_counter() - t0, peak, out


def bench_extraction() -> None:
    from .extract import extract
    from .nlp import load_nlp

    nlp = load_nlp()
    stock = load_nlp(compile_rules=False)
    texts = [json.loads(line)["text"] for line in _articles(300)]
    list(stock.pipe(texts[:20]))
    list(nlp.pipe(texts[:20]))
    t = time.perf_counter()
    list(stock.pipe(texts, batch_size=64))
    parse = time.perf_counter() - t  # spaCy's own pipeline: the reference
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    ours = time.perf_counter() - t
    t = time.perf_counter()
    n = sum(1 for d in docs for _ in extract(d))
    ext = time.perf_counter() - t
    from .pipeline import Processor
    from .reader import Article

    proc = Processor(nlp.meta.get("name", "model"))
    t = time.perf_counter()
    for i, d in enumerate(docs):
        proc.analyse(d, Article(id=str(i), text=d.text))
    full = time.perf_counter() - t
    words = sum(len(d) for d in docs)
    print(f"[extraction] {len(docs)} articles, {words:,} tokens: parse {parse:.2f} s (kg's pipeline, same "
          f"annotations: {ours:.2f} s); all extractors {ext:.2f} s "
          f"= {ext / parse:.1%} of parse time ({n:,} triples); extraction+actors+mapping as built {full:.2f} s "
          f"= {full / parse:.1%}")


def bench_throughput(n: int = 1000) -> None:
    from .nlp import default_model_name

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(_articles(n)), encoding="utf-8")
        def bare(stock: bool) -> tuple[float, float]:
            load = f"import spacy; nlp=spacy.load({default_model_name()!r})" if stock else \
                f"from kg.nlp import load_nlp; nlp=load_nlp({default_model_name()!r})"
            code = (
                f"import json,sys,time\n{load}\n"
                f"texts=[json.loads(l)['text'] for l in open({str(src)!r})]\n"
                "t=time.perf_counter()\n"
                f"n=sum(len(d) for d in nlp.pipe(texts,batch_size=64,n_process={WORKERS}))\n"
                "print(time.perf_counter()-t, n)\n"
            )
            secs, _, out = _run_measured([sys.executable, "-c", code])
            return secs, float(out.split()[0])

        stock, stock_parse = bare(True)
        ours, ours_parse = bare(False)
        build, build_rss, _ = _run_measured([sys.executable, "-m", "kg.cli", "build", str(src), "--out",
                                             str(Path(tmp) / "out"), "-w", str(WORKERS), "-q", "--no-render"])
        report = json.loads((Path(tmp) / "out" / "build.json").read_text())
        again, _, _ = _run_measured([sys.executable, "-m", "kg.cli", "build", str(src), "--out",
                                     str(Path(tmp) / "out"), "-w", str(WORKERS), "-q", "--no-render"])
        print(f"[throughput] {n} articles, {WORKERS} processes: bare nlp.pipe of the stock spaCy pipeline {stock:.1f} s "
              f"(parse {stock_parse:.1f} s); kg's parse alone (same model, attribute rules compiled) {ours:.1f} s "
              f"(parse {ours_parse:.1f} s); kg build {build:.1f} s (build {report['seconds']:.1f} s, {report['events']} events)")
        print(f"[throughput] ratio stock nlp.pipe / kg build {stock / build:.2f} (target >= 0.85); "
              f"kg's own parse / kg build {ours / build:.2f}; rebuild unchanged {again:.1f} s = {again / build:.0%} "
              f"of the first build (target <= 20%)")


def bench_growth(sizes: list[int | None]) -> Path | None:
    last = None
    keep = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    for n in sizes:
        # a negative size is the corpus's last articles: as many as the first ones, but longer, to
        # tell memory that grows with article length from memory that grows with corpus size
        lines = _articles(n) if n is None or n >= 0 else _articles(None)[n:]
        tag = "last " if n is not None and n < 0 else ""
        src = keep / f"in-{tag.strip()}{len(lines)}.jsonl"
        src.write_text("".join(lines), encoding="utf-8")
        out = keep / f"out-{tag.strip()}{len(lines)}"
        secs, peak, _ = _run_measured([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "-w",
                                       str(WORKERS), "-q", "--no-render"])
        report = json.loads((out / "build.json").read_text())
        words = max(1, report["words"])
        print(f"[growth] {tag}{len(lines):>6} articles {words:>10,} words: {secs:7.1f} s, {secs / words * 1e6:6.1f} us/word, "
              f"peak memory (PSS, all processes) {peak / 2**30:.2f} GB, {report['events']:,} events, {report['rejected']} rejected")
        if not tag:
            last = out
    return last


def _time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bench_queries(out: Path) -> None:
    from .resources import query_path
    from .sparql import query
    from .store import open_store

    store = open_store(out)
    events = query_path("events.rq").read_text().replace("ORDER BY ?docId ?event", "") + " LIMIT 100"
    top = query(store, "PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                       "SELECT ?l (COUNT(*) AS ?n) WHERE { ?e kg:actor ?a . ?a rdfs:label ?l } GROUP BY ?l ORDER BY DESC(?n) LIMIT 1").rows
    actor = top[0]["l"] if top else "United States"
    from .network import EventFilter
    from .timeline import TIMELINE_QUERY

    flt = EventFilter(actor=actor)

    def timeline() -> list:  # as `kg timeline --actor` runs it: the actor's nodes, then their events
        text, subs = flt.apply(TIMELINE_QUERY, flt.actor_nodes(store))
        return list(query(store, text, substitutions=subs).terms)

    for name, fn in [
        ("events.rq LIMIT 100", lambda: list(query(store, events).terms)),
        ("dyads.rq (per-dyad counts)", lambda: list(query(store, query_path("dyads.rq").read_text()).terms)),
        (f"timeline of {actor}", timeline),
    ]:
        print(f"[queries] {name}: {_time(fn):.3f} s (target < 1 s)")


def bench_endpoint(out: Path, seconds: float = 10.0, clients: int = 8) -> None:
    from .serve import make_server

    server = make_server(out, "127.0.0.1", 0, timeout=10, limit=1000)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    queries = [
        "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }",
        "PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?e ?a WHERE { ?e kg:actor ?a } LIMIT 50",
        "ASK { ?s ?p ?o }",
    ]
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(i: int) -> None:
        nonlocal errors
        for q in itertools.cycle(queries[i % len(queries):] + queries[: i % len(queries)]):
            if time.monotonic() > deadline:
                return
            url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": q})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=15) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            with lock:
                lat.append(time.perf_counter() - t)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    server.shutdown()
    server.server_close()
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    print(f"[endpoint] {clients} clients for {seconds:.0f} s on 127.0.0.1: {len(lat) / elapsed:.1f} requests/s, "
          f"p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, errors {errors} (target 0)")


def main() -> None:
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: set KG_CORPUS to a folder of the corpus .jsonl files")
        return
    bench_extraction()
    bench_throughput(1000)
    sizes: list[int | None] = [1000, 5000] + ([-5000, None] if os.environ.get("KG_BENCH_FULL") else [])
    out = bench_growth(sizes)
    if out is not None:
        bench_queries(out)
        bench_endpoint(out)
    print(f"(stores kept under {out.parent if out else '-'}; delete them when done)")


if __name__ == "__main__":
    main()
