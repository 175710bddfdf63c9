"""The `kg` command line: a thin Typer layer over the library's typed functions.

Exit codes: 0 all inputs built (or the command succeeded); 1 some inputs were rejected (see
``OUT/rejected.jsonl``) or an evaluation missed its targets; 2 usage error (bad arguments,
missing store, unparseable query); 3 internal error.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import KgError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="kg: knowledge graphs from news text.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure kg against gold standards.")
app.add_typer(eval_app, name="eval")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    from .reader import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), folders, or - for standard input.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (store, exports, picture).")] = Path("out"),
    date_: Annotated[Optional[str], typer.Option("--date", help="Publication date for inputs without one (YYYY-MM-DD).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name (default: en_core_web_sm if installed).")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option("--lexicon", help="Extra lexicon file(s) (ontologies/lexicon.tsv format).")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Extra actor file(s) (ontologies/actors.tsv format).")] = None,
    petrarch: Annotated[Optional[list[Path]], typer.Option("--petrarch-actors", help="CAMEO/PETRARCH actor dictionary file(s).")] = None,
    petrarch_agents: Annotated[Optional[list[Path]], typer.Option("--petrarch-agents", help="CAMEO/PETRARCH agent dictionary file(s).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild articles even if unchanged.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parser processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 64,
    no_render: Annotated[bool, typer.Option("--no-render", help="Skip OUT/graph.png.")] = False,
    store: Annotated[Optional[str], typer.Option("--store", help="Write to a remote SPARQL 1.1 store (Graph Store Protocol) at this URL.")] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Run on a Dask cluster: a scheduler address, or 'local' for a local cluster of --workers processes.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Build or update the knowledge graph in OUT from news articles."""
    from .pipeline import build as run_build

    bar = None
    if not quiet:
        import time

        from tqdm import tqdm

        bar = tqdm(unit=" articles", disable=None, file=sys.stderr, total=_count_records(inputs))
        started = time.monotonic()

    def progress(report, item) -> None:
        if bar is not None:
            bar.update(1)
            rate = report.words / max(1e-6, time.monotonic() - started)
            bar.set_postfix(built=report.built, skipped=report.skipped, rejected=len(report.rejected),
                            words_s=f"{rate:,.0f}", refresh=False)

    report = run_build(inputs, out=out, default_date=_date(date_), model=model, lexicons=lexicon or (),
                       actor_files=actors or (), petrarch_files=petrarch or (), petrarch_agent_files=petrarch_agents or (),
                       force=force, workers=workers,
                       batch_size=batch_size, render=not no_render, on_progress=progress, store_url=store,
                       dask=(True if dask in ("", "local") else dask) if dask is not None else None)
    if bar is not None:
        bar.close()
    for r in report.rejected:
        _err(f"rejected: {r.message()}")
    if not quiet:
        rate = report.words / report.seconds if report.seconds else 0
        typer.echo(
            f"{report.read} read, {report.built} built, {report.skipped} unchanged, {len(report.rejected)} rejected; "
            f"{report.sentences} sentences, {report.events} events in {report.seconds:.1f} s ({rate:,.0f} words/s) → {out}"
        )
    raise typer.Exit(EXIT_REJECTED if report.rejected else EXIT_OK)


def _count_records(inputs: list[str]) -> int | None:
    """How many records the inputs hold (for the progress bar's ETA), when that is cheap to know."""
    from .reader import INPUT_SUFFIXES

    total = 0
    for item in inputs:
        p = Path(item)
        files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.suffix.lower() in INPUT_SUFFIXES) if p.is_dir() else None
        if files is None:
            return None  # standard input: no total
        for f in files:
            if f.suffix.lower() == ".jsonl":
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total


@app.command()
def query(
    out: Annotated[Optional[Path], typer.Argument(help="A kg output folder (omit with --store).")] = None,
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or a shipped query name (events, dyads, claims, actors, timeline, conflicting-claims, casualties).")] = "events",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv.")] = "table",
    store: Annotated[Optional[str], typer.Option("--store", help="Query a remote SPARQL 1.1 store at this URL instead.")] = None,
) -> None:
    """Run a SPARQL query over the graph."""
    if store is None and out is None:
        raise typer.BadParameter("give a kg output folder, or --store URL")
    from .sparql import ResultFormat, format_result
    from .sparql import query as run_query

    try:
        rf = ResultFormat(fmt)
    except ValueError:
        raise typer.BadParameter(f"format {fmt!r}: use one of {', '.join(f.value for f in ResultFormat)}") from None
    typer.echo(format_result(run_query(store or out, sparql), rf), nl=False)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="A kg output folder.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, nt, nquads, trig, jsonld, rdfxml, graphml, gexf, cytoscape, dot, csv.")] = "turtle",
    to: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (standard output if omitted).")] = None,
) -> None:
    """Export the graph as RDF or for graph tools."""
    from .export import RdfExport, export_rdf
    from .store import open_store

    if fmt in {f.value for f in RdfExport}:
        export_rdf(open_store(out), fmt, to)
        return
    from .graphs import GraphExport, export_graph

    try:
        gf = GraphExport(fmt)
    except ValueError:
        allowed = [f.value for f in RdfExport] + [f.value for f in GraphExport]
        raise typer.BadParameter(f"format {fmt!r}: use one of {', '.join(allowed)}") from None
    export_graph(out, gf, to)


@app.command()
def render(
    out: Annotated[Path, typer.Argument(help="A kg output folder.")],
    to: Annotated[Optional[Path], typer.Option("--out", "-o", help="Picture (.png, .svg, .pdf) or interactive page (.html).")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only events whose actor or target name contains this.")] = None,
    action: Annotated[Optional[str], typer.Option(help="Only this action (name, label or PLOVER type).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only events on or after this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only events on or before this date.")] = None,
    min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Hide actor pairs with fewer events.")] = 1,
    layout: Annotated[str, typer.Option(help="spring, kamada-kawai or circular.")] = "kamada-kawai",
) -> None:
    """Draw the actor network."""
    from .network import EventFilter
    from .render import Layout, render_graph

    try:
        lay = Layout(layout)
    except ValueError:
        raise typer.BadParameter(f"layout {layout!r}: use one of {', '.join(x.value for x in Layout)}") from None
    flt = EventFilter(actor=actor, action=action, since=_date(since), until=_date(until))
    path = to or out / "graph.png"
    try:
        if path.suffix.lower() in (".html", ".htm"):
            from .viewer import render_html

            render_html(out, path, flt=flt)
        else:
            render_graph(out, path, flt=flt, min_weight=min_weight, layout=lay)
    except ValueError as e:
        raise UsageError("E060", str(e), "loosen the filters, or build articles with events first") from None
    typer.echo(f"wrote {path}")


@app.command()
def timeline(
    out: Annotated[Path, typer.Argument(help="A kg output folder.")],
    to: Annotated[Optional[Path], typer.Option("--out", "-o", help="Picture file: .png, .svg or .pdf.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only events whose actor or target name contains this.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only events on or after this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only events on or before this date.")] = None,
) -> None:
    """Draw events on a time axis, one lane per actor pair."""
    from .network import EventFilter
    from .timeline import render_timeline

    path = to or out / "timeline.png"
    try:
        render_timeline(out, path, flt=EventFilter(actor=actor, since=_date(since), until=_date(until)))
    except ValueError as e:
        raise UsageError("E061", str(e), "loosen the filters, or build articles with dated events first") from None
    typer.echo(f"wrote {path}")


@app.command()
def serve(
    out: Annotated[Path, typer.Argument(help="A kg output folder.")],
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 30.0,
    limit: Annotated[int, typer.Option(help="Most results a query returns (kg engine).")] = 10_000,
    engine: Annotated[str, typer.Option(help="kg (timeout and result limit) or oxigraph (Oxigraph server, YASGUI page).")] = "kg",
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update (read-only otherwise).")] = False,
) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol (query page at /)."""
    from .serve import run_oxigraph, serve as run_serve

    if engine not in ("kg", "oxigraph"):
        raise typer.BadParameter(f"engine {engine!r}: use kg or oxigraph")
    typer.echo(f"SPARQL endpoint on http://{host}:{port}/query (query page: http://{host}:{port}/); Ctrl-C stops it", err=True)
    if engine == "oxigraph":
        proc = run_oxigraph(out, host, port, timeout=timeout, allow_update=allow_update)
        try:
            raise typer.Exit(proc.wait())
        except KeyboardInterrupt:
            proc.terminate()
        return
    try:
        run_serve(out, host, port, timeout=timeout, limit=limit, allow_update=allow_update)
    except KeyboardInterrupt:
        pass


@app.command()
def summary(out: Annotated[Path, typer.Argument(help="A kg output folder.")],
            top: Annotated[int, typer.Option(help="How many events to list.")] = 15) -> None:
    """What the graph holds: articles, sentences, actors, events, and the top events."""
    from .summary import summarize

    typer.echo(summarize(out, top=top), nl=False)


@app.command()
def extract(
    file: Annotated[Optional[Path], typer.Argument(help="Text file: one sentence per line (standard input if omitted).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, carb or table.")] = "table",
    pretokenized: Annotated[bool, typer.Option("--pretokenized", help="Keep the input's whitespace tokens.")] = False,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name.")] = None,
) -> None:
    """Raw triples, before ontology mapping."""
    from .extract.formats import lines
    from .extract.run import extract_lines

    if fmt not in ("jsonl", "carb", "table"):
        raise typer.BadParameter(f"format {fmt!r}: use jsonl, carb or table")
    src = file.open(encoding="utf-8") if file else sys.stdin
    with src:
        for sentence, triples in extract_lines(src, pretokenized=pretokenized, model=model):
            for line in lines(triples, fmt, sentence=sentence):
                typer.echo(line)


@eval_app.command("carb")
def eval_carb(
    gold: Annotated[Path, typer.Argument(help="CaRB gold tuples (sentence<TAB>relation<TAB>arg1…).")],
    pred: Annotated[Path, typer.Argument(help="Predictions (sentence<TAB>confidence<TAB>relation<TAB>arg1…).")],
) -> None:
    """Score OpenIE predictions with the CaRB scorer (and its 1-1 variant)."""
    from .evaluate.carb import evaluate_files

    typer.echo(evaluate_files(gold, pred).report())


@eval_app.command("events")
def eval_events(
    out: Annotated[Path, typer.Argument(help="A kg output folder built from the article.")],
    gold: Annotated[Path, typer.Argument(help="Gold events TSV (id, level, actor, plover, cameo, target, symmetric, evidence).")],
    doc: Annotated[Optional[str], typer.Option(help="Only events of this document id.")] = None,
) -> None:
    """Score events.rq against a gold event list (precision, recall of core and all events)."""
    from .evaluate.events import evaluate_store

    typer.echo(evaluate_store(out, gold, doc_id=doc).report())


@eval_app.command("plover")
def eval_plover(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON list).")],
) -> None:
    """Share of PLOVER gold records where the right event type (and actors) are found."""
    from .evaluate.plover import evaluate_file

    typer.echo(evaluate_file(gold).report())


def main() -> None:
    try:
        rv = app(standalone_mode=False)
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except KgError as e:
        _err(f"kg: error: {e.problem}.\n  fix: {e.fix}  [{e.code}]")
        sys.exit(EXIT_USAGE)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.BadParameter, typer.Abort) as e:
        _err(f"kg: {e}")
        sys.exit(EXIT_USAGE)
    except Exception as e:  # click usage errors and the like
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            sys.exit(EXIT_USAGE)
        if isinstance(e, click.exceptions.Exit):
            sys.exit(e.exit_code)
        import traceback

        traceback.print_exc()
        _err(f"kg: internal error ({type(e).__name__}: {e}); please report it with the traceback above")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
