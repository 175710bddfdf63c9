"""The build: read → parse → extract → resolve actors → map to events → store → export.

`build()` streams articles (the corpus is never held in memory), parses them with `nlp.pipe`
in batches (optionally in several processes), skips articles whose content hash is already in
the store, replaces the named graph of changed ones, and reports what happened. A rejected
article is recorded in ``OUT/rejected.jsonl`` and never stops the batch.
"""

from __future__ import annotations

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
from .store import GraphStore, write_lock

__all__ = ["BuildReport", "build", "Processor", "Analysis"]


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

    def __post_init__(self) -> None:
        self.ontology = load_ontology()
        self.lexicon = load_lexicon(self.lexicons, self.ontology)
        self.gazetteer = load_gazetteer(self.actor_files, self.petrarch_files)
        self.event_nouns = self.lexicon.nouns

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
    force: bool = False,
    workers: int = 1,
    batch_size: int = 64,
    exports: bool = True,
    render: bool = True,
    on_progress: Callable[[BuildReport, Article | Rejected], None] | None = None,
    lock_wait: float = 600.0,
) -> BuildReport:
    """Build (or update) the knowledge graph in `out` from `inputs`; see `kg.reader.read_inputs`."""
    out = Path(out)
    report = BuildReport(out=out)
    t0 = time.perf_counter()
    model_name = model or default_model_name()
    with write_lock(out, wait=lock_wait):
        store = GraphStore(out)
        store.load_ontology()
        known = {} if force else store.hashes()
        proc = Processor(model_name, lexicons, actor_files, petrarch_files)
        nlp = load_nlp(model_name)
        rejected_path = out / "rejected.jsonl"
        rejected_fh = rejected_path.open("w", encoding="utf-8")

        def todo() -> Iterator[Article]:
            for item in read_inputs(inputs, default_date=default_date):
                if isinstance(item, Rejected):
                    report.rejected.append(item)
                    rejected_fh.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
                    rejected_fh.flush()
                    if on_progress:
                        on_progress(report, item)
                    continue
                report.read += 1
                if known.get(item.id) == item.content_hash:
                    report.skipped += 1
                    if on_progress:
                        on_progress(report, item)
                    continue
                yield item

        try:
            for batch in _batched(todo(), max(batch_size, 1) * max(workers, 1)):
                texts = ((a.text, a) for a in batch)
                pending = []
                for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size,
                                             n_process=max(workers, 1)):
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
        finally:
            rejected_fh.close()
            store.flush()
        if exports:
            from .export import export_rdf

            export_rdf(store, "trig", out / "graph.trig")
            export_rdf(store, "turtle", out / "graph.ttl")
        del store
    if render:
        from .render import render_graph

        try:
            render_graph(out, out / "graph.png")
        except ValueError:
            pass  # nothing to draw (no events)
    report.seconds = time.perf_counter() - t0
    (out / "build.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return report
