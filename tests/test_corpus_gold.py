"""Our own gold events for ten conflict and diplomacy articles of the shared corpora (tests/gold/).

The articles are read from ../shared/corpus at test time (their text is never copied into the
project); the test skips when the corpora are absent. Floors are set below the measured figures
(see the issue notes) so a regression fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.evaluate.events import evaluate_store

from .conftest import SHARED

GOLD = Path(__file__).parent / "gold" / "corpus-events.tsv"
CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus not present")
def test_corpus_gold_precision_and_recall(tmp_path):
    ids = {line.split("\t")[0] for line in GOLD.read_text(encoding="utf-8").splitlines()
           if line and not line.startswith(("#", "doc\t"))}
    articles = tmp_path / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for name in ("reuters21578.jsonl", "isot_true_subset.jsonl"):
            with (CORPUS / name).open(encoding="utf-8") as fh:
                for line in fh:
                    if json.loads(line)["id"] in ids:
                        out.write(line)
    report = kg.build([articles], out=tmp_path / "out", render=False, exports=False)
    assert report.built == len(ids)
    score = evaluate_store(tmp_path / "out", GOLD)
    assert score.precision >= 0.6, score.report()
    assert score.recall("core") >= 0.5, score.report()
