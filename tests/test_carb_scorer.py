"""The CaRB scorer on small hand-made cases, and on the dev gold itself when shared/ is present."""

from __future__ import annotations

import pytest

from kg.evaluate.carb import Tuple, evaluate_files, match, score, sentence_key

from .conftest import SHARED


def test_carb_match_needs_a_shared_relation_word():
    g = Tuple("attacked", ("Iran", "Iraq"))
    assert match(g, Tuple("bombed", ("Iran", "Iraq"))) == (0.0, 0.0)
    assert match(g, Tuple("attacked", ("Iran", "Iraq"))) == (1.0, 1.0)


def test_carb_match_token_overlap_and_binarisation():
    g = Tuple("closed", ("Pakistan", "its border", "on Oct. 12"))
    p = Tuple("has closed", ("Pakistan", "the border"))
    prec, rec = match(g, p)
    # relation 1/2 & 1/1, arg1 1/1 & 1/1, arg2 "the border" vs "its border on Oct. 12": 1 of 2 & 1 of 5
    assert prec == pytest.approx(3 / 5) and rec == pytest.approx(3 / 7)


def test_carb_match_missing_second_argument_scores_zero():
    assert match(Tuple("said", ("he", "it rained")), Tuple("said", ("he",))) == (0.0, 0.0)


def test_carb_be_rule_and_said_rule():
    assert match(Tuple("is", ("X", "Y")), Tuple("be", ("X", "Y")))[0] == 1.0
    g = Tuple("said", ("he", "it rained"))
    assert match(g, Tuple("said", ("it rained", "he"))) == (1.0, 1.0)


def test_carb_sentence_key_ignores_spacing_punctuation_and_ptb_brackets():
    assert sentence_key("A -LRB- b -RRB- , c .") == sentence_key("A (b), c")


def test_carb_score_thresholds_best_f1_and_auc():
    gold = {"s": [Tuple("r", ("a", "b")), Tuple("q", ("c", "d"))]}
    preds = {"s": [Tuple("r", ("a", "b"), 0.9), Tuple("x", ("y", "z"), 0.5), Tuple("q", ("c", "d"), 0.1)]}
    s = score(gold, preds, [0.9, 0.5, 0.1])
    # at 0.9: P 1, R .5 ; at 0.5: P .5, R .5 ; at 0.1: P 2/3, R 1
    assert (s.precision, s.recall) == (pytest.approx(2 / 3), 1.0)
    assert s.f1 == pytest.approx(0.8)
    # curve (R, P): (1, 2/3), (.5, .5), (.5, 1), then (0, 1)
    assert s.auc == pytest.approx((0.5 * (2 / 3 + 0.5) / 2) + 0 + 0.5 * 1.0)


def test_carb_one_to_one_recall_counts_each_prediction_once():
    gold = {"s": [Tuple("r", ("a", "b")), Tuple("r", ("a", "b"))]}
    preds = {"s": [Tuple("r", ("a", "b"), 1.0)]}
    s = score(gold, preds, [1.0])
    assert s.recall == 1.0 and s.recall_1to1 == 0.5


@pytest.mark.skipif(not (SHARED / "carb" / "dev.tsv").is_file(), reason="shared/carb not present")
def test_carb_gold_scores_itself_perfectly(tmp_path):
    pred = tmp_path / "gold.tsv"
    with (SHARED / "carb" / "dev.tsv").open(encoding="utf-8") as fh, pred.open("w", encoding="utf-8") as out:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            out.write("\t".join([f[0], "1.0", f[1], *[a for a in f[2:] if "C: " not in a]]) + "\n")
    s = evaluate_files(SHARED / "carb" / "dev.tsv", pred)
    assert (s.precision, s.recall, s.f1, s.f1_1to1) == (1.0, 1.0, 1.0, 1.0)
