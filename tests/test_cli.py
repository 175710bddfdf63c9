"""The `kg` command end to end: build, query, export, render, summary, extract; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


KG = [sys.executable, "-m", "kg.cli"]


def run(*args, input: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, input=input, cwd=cwd, timeout=300)


def test_cli_query_formats(seed_out):
    r = run("query", seed_out, "events", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert "actorCountry" in data["head"]["vars"] and data["results"]["bindings"]
    r = run("query", seed_out, "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/newskg/ontology#Event> }", "-f", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "n" and int(r.stdout.splitlines()[1]) > 10
    r = run("query", seed_out, "dyads", "-f", "tsv")
    assert r.returncode == 0 and r.stdout.startswith("actorLabel\tplover\ttargetLabel\tevents")
    r = run("query", seed_out, "SELEKT nonsense")
    assert r.returncode == 2 and "does not parse" in r.stderr


def test_cli_build_from_stdin_with_date_and_rejections(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Iran accused Iraq of attacking its border posts."}\n{oops\n', encoding="utf-8")
    r = run("build", bad, "--out", out, "--date", "1987-02-26", "-q", "--no-render")
    assert r.returncode == 1 and "bad.jsonl:2" in r.stderr
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rejected[0]["origin"].endswith("bad.jsonl:2") and rejected[0]["fix"]
    r = run("build", "-", "--out", out, "--date", "2024-05-01", "-q", "--no-render",
            input="Russia threatened Ukraine with new sanctions.")
    assert r.returncode == 0, r.stderr
    r = run("query", out, "events", "-f", "json")
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert {b["docId"]["value"] for b in rows} >= {"a"}
    acc = [b for b in rows if b["plover"]["value"] == "ACCUSE"]
    assert acc and acc[0]["actorCountry"]["value"] == "IRN" and acc[0]["targetCountry"]["value"] == "IRQ"
    assert acc[0]["date"]["value"] == "1987-02-26"


def test_cli_usage_errors_exit_2(tmp_path):
    assert run("query", tmp_path / "none", "events").returncode == 2
    assert run("render", tmp_path / "none", "--layout", "wobbly").returncode == 2
    r = run("export", tmp_path, "--format", "xls")
    assert r.returncode == 2 and "turtle" in r.stderr


@pytest.mark.parametrize("fmt", ["turtle", "graphml", "csv"])
def test_cli_export_to_file(seed_out, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    r = run("export", seed_out, "--format", fmt, "--out", path)
    assert r.returncode == 0, r.stderr
    assert path.stat().st_size > 500


def test_cli_render_and_summary(seed_out, tmp_path):
    png = tmp_path / "x.png"
    r = run("render", seed_out, "--out", png, "--actor", "qatar", "--layout", "circular")
    assert r.returncode == 0, r.stderr
    assert png.stat().st_size > 5000
    r = run("summary", seed_out)
    assert r.returncode == 0 and "1 articles" in r.stdout and "Top" in r.stdout and "mediates" in r.stdout


def test_cli_extract_carb_keeps_sentence_verbatim(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("Mr. Baker found an opening under the house .\nThe talks were mediated by Turkey and Qatar .\n",
                   encoding="utf-8")
    r = run("extract", src, "--format", "carb", "--pretokenized")
    assert r.returncode == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert rows and all(row[0] in src.read_text().splitlines() for row in rows)
    assert any(row[2] == "found" and row[3] == "Mr. Baker" and row[4].startswith("an opening") for row in rows)
    assert any(row[2] == "were mediated by" and row[3] == "The talks" and row[4] == "Qatar" for row in rows)
    r = run("extract", src, "--format", "jsonl")
    assert all(json.loads(line)["sentence"] for line in r.stdout.splitlines())
