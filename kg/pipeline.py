"""The build: read → parse → extract → resolve actors → map to events → store → export.

`build()` streams articles (the corpus is never held in memory), parses them with `nlp.pipe`
in batches (optionally in several processes), skips articles whose content hash is already in
the store, replaces the named graph of changed ones, and reports what happened. A rejected
article is recorded in ``OUT/rejected.jsonl`` and never stops the batch.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import __version__
from .actors import DocumentActors, load_gazetteer
from .extract import extract
from .mapping import Event, map_events
from .nlp import default_model_name, load_nlp
from .ontology import load_lexicon, load_ontology
from .quantities import CasualtyReport, casualty_reports, conflicts
from .rdf import article_quads
from .reader import Article, Rejected, read_inputs
from .store import GraphStore, RemoteStore, write_lock

__all__ = ["BuildReport", "build", "Processor", "Analysis"]

# Text parsed together by one nlp.pipe batch. The parser and the entity recogniser precompute
# features for every token of a batch, so a process's peak memory grows with the batch's words:
# 64 long articles (190,000 characters) take a worker to 0.9 GB, 16 of them to 0.4 GB. Batches are
# cut at this many characters (and at most PARSE_BATCH articles), so short wire stories still go
# 64 at a time.
PARSE_CHARS = 50_000
PARSE_BATCH = 64


def _parse(nlp, items: list, text_of=lambda x: x):
    """(doc, item) for `items`, parsed in batches of bounded size."""
    batch: list = []
    size = 0
    for it in items:
        batch.append(it)
        size += len(text_of(it))
        if size >= PARSE_CHARS or len(batch) >= PARSE_BATCH:
            yield from zip(nlp.pipe([text_of(x) for x in batch], batch_size=len(batch)), batch)
            batch, size = [], 0
    if batch:
        yield from zip(nlp.pipe([text_of(x) for x in batch], batch_size=len(batch)), batch)


def _release_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise, and a long build's
    workers would sit at their high-water mark)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@dataclass
class BuildReport:
    """What a build did."""

    out: Path
    read: int = 0
    built: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    sentences: int = 0
    words: int = 0
    events: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "out": str(self.out), "read": self.read, "built": self.built, "skipped": self.skipped,
            "rejected": len(self.rejected), "sentences": self.sentences, "words": self.words,
            "events": self.events, "seconds": round(self.seconds, 2),
        }


@dataclass
class Analysis:
    events: list[Event]
    casualties: list[CasualtyReport]
    conflicts: list[tuple[CasualtyReport, CasualtyReport]]


@dataclass
class Processor:
    """Everything that turns a parsed Doc into quads, loaded once per process."""

    model: str
    lexicons: Sequence[Path] = ()
    actor_files: Sequence[Path] = ()
    petrarch_files: Sequence[Path] = ()
    petrarch_agent_files: Sequence[Path] = ()

    def __post_init__(self) -> None:
        self.ontology = load_ontology()
        self.lexicon = load_lexicon(self.lexicons, self.ontology)
        self.gazetteer = load_gazetteer(self.actor_files, self.petrarch_files, self.petrarch_agent_files)
        self.event_nouns = self.lexicon.nouns
        from .places import warm

        warm()

    def analyse(self, doc, article: Article) -> Analysis:
        """Events, casualty reports and conflicting reports of one parsed article."""
        triples = list(extract(doc, event_nouns=self.event_nouns, facts=False))
        actors = DocumentActors(self.gazetteer, doc, article.date)
        events = map_events(doc, triples, actors, self.ontology, self.lexicon, published=article.date)
        reports = casualty_reports(triples, actors)
        return Analysis(events, reports, conflicts(reports))

    def events(self, doc, article: Article) -> list[Event]:
        return self.analyse(doc, article).events

    def quads(self, doc, article: Article):
        a = self.analyse(doc, article)
        n_sents = sum(1 for _ in doc.sents)
        return article_quads(article, a.events, model=self.model, sentences=n_sents, tool_version=__version__,
                             state_of=self.gazetteer.state, casualties=a.casualties,
                             conflicts=a.conflicts), a.events, n_sents


def _to_build(inputs, report: BuildReport, known: dict[str, str], rejected_fh, default_date,
              on_progress) -> Iterator[Article]:
    """The articles to build, lazily: rejections are recorded, unchanged articles skipped."""
    for item in read_inputs(inputs, default_date=default_date):
        if isinstance(item, Rejected):
            report.rejected.append(item)
            rejected_fh.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
            rejected_fh.flush()
        else:
            report.read += 1
            if known.get(item.id) != item.content_hash:
                yield item
                continue
            report.skipped += 1
        if on_progress:
            on_progress(report, item)


def _batched(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for it in items:
        batch.append(it)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def build(
    inputs: Sequence[str | Path],
    *,
    out: str | Path = "out",
    default_date: date | None = None,
    model: str | None = None,
    lexicons: Sequence[Path] = (),
    actor_files: Sequence[Path] = (),
    petrarch_files: Sequence[Path] = (),
    petrarch_agent_files: Sequence[Path] = (),
    force: bool = False,
    workers: int = 1,
    batch_size: int = 64,
    exports: bool = True,
    render: bool = True,
    on_progress: Callable[[BuildReport, Article | Rejected], None] | None = None,
    lock_wait: float = 600.0,
    store_url: str | None = None,
    dask: str | bool | None = None,
) -> BuildReport:
    """Build (or update) the knowledge graph in `out` from `inputs`; see `kg.reader.read_inputs`.

    `store_url` writes to a remote SPARQL store (Graph Store HTTP Protocol) instead of
    ``OUT/store``; `dask` runs parsing and extraction on a Dask cluster (a scheduler address, or
    True for a local cluster of `workers` processes) while this process writes the store.
    """
    out = Path(out)
    report = BuildReport(out=out)
    t0 = time.perf_counter()
    model_name = model or default_model_name()
    with write_lock(out, wait=lock_wait):
        store = RemoteStore(store_url) if store_url else GraphStore(out)
        store.load_ontology()
        known = {} if force else store.hashes()
        if dask or workers > 1:
            _build_distributed(inputs, store, report, known, rejected_path=out / "rejected.jsonl",
                               default_date=default_date, model=model_name, lexicons=lexicons, actor_files=actor_files,
                               petrarch_files=petrarch_files, petrarch_agent_files=petrarch_agent_files,
                               address=dask if isinstance(dask, str) else None,
                               use_dask=bool(dask), workers=workers, batch_size=batch_size, on_progress=on_progress)
        else:
            _build_here(inputs, store, report, known, rejected_path=out / "rejected.jsonl", default_date=default_date,
                        load=lambda: (Processor(model_name, lexicons, actor_files, petrarch_files, petrarch_agent_files),
                                      load_nlp(model_name)),
                        batch_size=batch_size, on_progress=on_progress)
        if exports:
            from .export import export_rdf

            export_rdf(store, "trig", out / "graph.trig")
            export_rdf(store, "turtle", out / "graph.ttl")
        store.close()
        del store  # the last reference: the store is closed before anyone reads it
    if render and not store_url:
        from .render import render_graph

        try:
            render_graph(out, out / "graph.png")
        except ValueError:
            pass  # nothing to draw (no events)
    report.seconds = time.perf_counter() - t0
    (out / "build.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return report


def _build_here(inputs, store, report: BuildReport, known: dict, *, rejected_path: Path, default_date,
                load: Callable[[], tuple[Processor, object]], batch_size: int, on_progress) -> None:
    """One process parses, extracts and writes. The model is loaded when there is something to
    build: rebuilding unchanged input never loads it."""
    proc = nlp = None
    with rejected_path.open("w", encoding="utf-8") as rejected_fh:
        for batch in _batched(_to_build(inputs, report, known, rejected_fh, default_date, on_progress), batch_size):
            if proc is None:
                proc, nlp = load()
            pending = []
            for doc, article in _parse(nlp, batch, lambda a: a.text):
                try:
                    quads, events, n_sents = proc.quads(doc, article)
                except Exception as e:  # noqa: BLE001 - one article must never stop the batch
                    rej = Rejected(article.origin, f"internal error while extracting ({type(e).__name__}: {e})",
                                   "report this article to the kg developers", article.id)
                    report.rejected.append(rej)
                    rejected_fh.write(json.dumps(rej.as_dict(), ensure_ascii=False) + "\n")
                    continue
                pending.append((article.id, quads))
                report.built += 1
                report.sentences += n_sents
                report.words += sum(1 for t in doc if not t.is_space and not t.is_punct)
                report.events += len(events)
                if on_progress:
                    on_progress(report, article)
            store.replace_articles(pending)
            _release_memory()


# -- Dask: parse and extract on a cluster, write here -------------------------------------------

_WORKER_PROC: dict[tuple, Processor] = {}


def _dask_task(items: list[tuple[dict, str]], model: str, lexicons, actor_files, petrarch_files,
               petrarch_agent_files=()) -> list:
    """On a worker: parse and extract a batch; return (id, N-Quads, counts) per article."""
    import pyoxigraph as ox

    key = (model, *(tuple(map(str, x)) for x in (lexicons, actor_files, petrarch_files, petrarch_agent_files)))
    proc = _WORKER_PROC.get(key)
    if proc is None:
        proc = _WORKER_PROC[key] = Processor(model, lexicons, actor_files, petrarch_files, petrarch_agent_files)
    nlp = load_nlp(model)
    arts = [_article_from(d) for d, _ in items]
    out = []
    for doc, art in _parse(nlp, arts, lambda a: a.text):
        try:
            quads, events, n_sents = proc.quads(doc, art)
        except Exception as e:  # noqa: BLE001 - one article must never stop the batch
            out.append((art.id, None, f"{type(e).__name__}: {e}", art.origin, 0, 0, 0))
            continue
        words = sum(1 for t in doc if not t.is_space and not t.is_punct)
        out.append((art.id, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), None, art.origin, len(events), n_sents, words))
    _release_memory()
    return out


def _article_dict(a: Article) -> dict:
    return {"id": a.id, "text": a.text, "title": a.title, "date": a.date.isoformat() if a.date else None,
            "url": a.url, "source": a.source, "origin": a.origin, "date_from_input": a.date_from_input}


def _article_from(d: dict) -> Article:
    return Article(id=d["id"], text=d["text"], title=d["title"], date=date.fromisoformat(d["date"]) if d["date"] else None,
                   url=d["url"], source=d["source"], origin=d["origin"], date_from_input=d["date_from_input"])


def _build_distributed(inputs, store, report: BuildReport, known: dict, *, rejected_path: Path, default_date, model,
                       lexicons, actor_files, petrarch_files, petrarch_agent_files, address, use_dask, workers,
                       batch_size, on_progress) -> None:
    """Parse and extract in `workers` processes (or on a Dask cluster); this process only reads the
    input, hands out batches and writes the store, so it keeps up with the parsers."""
    args = (model, list(map(str, lexicons)), list(map(str, actor_files)), list(map(str, petrarch_files)),
            list(map(str, petrarch_agent_files)))
    with rejected_path.open("w", encoding="utf-8") as rej:
        def batches() -> Iterator[list[tuple[dict, str]]]:
            todo = _to_build(inputs, report, known, rej, default_date, on_progress)
            for batch in _batched(todo, batch_size):
                yield [(_article_dict(a), a.content_hash) for a in batch]

        todo = batches()
        first = next(todo, None)
        if first is None:
            return  # nothing to build: no model is loaded, no worker started
        todo = itertools.chain([first], todo)
        if use_dask:
            _run_dask(todo, args, store, report, rej, on_progress, address=address, workers=workers)
            return
        import multiprocessing as mp

        # load the models once here: forked workers share them (copy-on-write) instead of loading their own
        key = (args[0], *map(tuple, args[1:]))
        _WORKER_PROC.setdefault(key, Processor(*args))
        load_nlp(model)
        ctx = mp.get_context("fork")
        # workers are replaced now and then: spaCy's string store grows with every new word it sees
        with ctx.Pool(max(1, workers), maxtasksperchild=40) as pool:
            for result in pool.imap_unordered(_pool_task, ((b, args) for b in todo), chunksize=1):
                _collect(result, store, report, rej, on_progress)


def _pool_task(job: tuple) -> list:
    batch, args = job
    return _dask_task(batch, *args)


def _run_dask(batches, args, store, report, rej, on_progress, *, address, workers) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        pending = as_completed()
        limit, in_flight = 2 * max(1, workers), 0
        for b in batches:
            pending.add(client.submit(_dask_task, b, *args, pure=False))
            in_flight += 1
            while in_flight >= limit:
                _collect(next(pending).result(), store, report, rej, on_progress)
                in_flight -= 1
        for fut in pending:
            _collect(fut.result(), store, report, rej, on_progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(results: list, store, report: BuildReport, rej, on_progress) -> None:
    """Write one batch of worker results to the store (one transaction) and count them."""
    import pyoxigraph as ox

    batch = []
    for doc_id, nquads, error, origin, n_events, n_sents, words in results:
        if error is not None:
            r = Rejected(origin, f"internal error while extracting ({error})", "report this article to the kg developers", doc_id)
            report.rejected.append(r)
            rej.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
            continue
        batch.append((doc_id, list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))))
        report.built += 1
        report.events += n_events
        report.sentences += n_sents
        report.words += words
        if on_progress:
            on_progress(report, None)
    store.replace_articles(batch)
