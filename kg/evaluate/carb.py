"""The CaRB OpenIE scorer (Bhardwaj, Aggarwal & Mausam, EMNLP 2019), re-implemented.

Follows the reference `carb.py`/`matcher.py` ("binary lenient" tuple match): token-overlap
precision and recall between binarised tuples, which must share at least one relation word;
many-to-one recall and one-to-one greedy precision per sentence, accumulated over every
confidence threshold; the best F1 over thresholds, the area under the P/R curve, and the
OpenIE6 fork's CaRB(1-1) variant (one-to-one recall too). Gold `C:` (context) arguments are
dropped. A correct scorer gives the gold itself P = R = F1 = 1.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Tuple", "read_gold", "read_predictions", "match", "score", "CarbScore", "evaluate_files", "sentence_key"]

_BE = {"be", "is", "am", "are", "was", "were", "been", "being"}
_SAID = ("said", "told", "added", "adds", "says")
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PUNCT = str.maketrans("", "", string.punctuation)


@dataclass(frozen=True, slots=True)
class Tuple:
    relation: str
    args: tuple[str, ...]
    confidence: float = 1.0


def sentence_key(sentence: str) -> str:
    s = sentence.replace(" ", "")
    for k, v in _BRACKETS.items():
        s = s.replace(k, v)
    return s.translate(_PUNCT)


def read_gold(path: Path | str) -> dict[str, list[Tuple]]:
    gold: dict[str, list[Tuple]] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            f = line.split("\t")
            if len(f) < 2:
                continue
            args = tuple(a.strip() for a in f[2:] if "C: " not in a)
            gold.setdefault(sentence_key(f[0].strip()), []).append(Tuple(f[1].strip(), args))
    return gold


def read_predictions(path: Path | str) -> tuple[dict[str, list[Tuple]], list[float]]:
    """Predictions in CaRB's tabbed format, grouped by sentence key; and every confidence seen."""
    preds: dict[str, list[Tuple]] = {}
    raw_of: dict[str, str] = {}
    confs: list[float] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip("\n")
            if not line.strip():
                continue
            f = line.split("\t")
            if len(f) < 3:
                continue
            sent, conf = f[0].strip(), float(f[1])
            confs.append(conf)
            key = sentence_key(sent)
            if key in raw_of and raw_of[key] != sent:
                preds[key] = []  # the reference keeps only the last spelling of a sentence
            raw_of[key] = sent
            preds.setdefault(key, []).append(Tuple(f[2].strip(), tuple(a.strip() for a in f[3:]), conf))
    return preds, confs


def _binarize(args: tuple[str, ...]) -> list[str]:
    if len(args) >= 2:
        return [args[0], " ".join(args[1:])]
    return list(args)


def _overlap(gold: list[str], pred: list[str]) -> tuple[int, Counter]:
    left = Counter(pred)
    n = 0
    for t in gold:
        if left[t] > 0:
            n += 1
            left[t] -= 1
    return n, left


def _match_args(g_rel: list[str], p_rel: list[str], g_args: list[str], p_args: list[str]) -> tuple[float, float]:
    p_num = r_num = 0
    p_den, r_den = len(p_rel), len(g_rel)
    m, left = _overlap(g_rel, p_rel)
    if left["be"] > 0 and any(t in _BE for t in g_rel):
        m += 1
    if m == 0:
        return 0.0, 0.0
    p_num += m
    r_num += m
    for i, ga in enumerate(g_args):
        gt = ga.split()
        r_den += len(gt)
        if i >= len(p_args):
            if i < 2:
                return 0.0, 0.0
            continue
        pt = p_args[i].split()
        p_den += len(pt)
        ov, _ = _overlap(gt, pt)
        p_num += ov
        r_num += ov
    return (p_num / p_den if p_den else 0.0), (r_num / r_den if r_den else 0.0)


def match(gold: Tuple, pred: Tuple) -> tuple[float, float]:
    """(precision, recall) of `pred` against `gold`: CaRB's binary lenient tuple match."""
    g_rel, p_rel = gold.relation.split(), pred.relation.split()
    g_args, p_args = _binarize(gold.args), _binarize(pred.args)
    best = _match_args(g_rel, p_rel, g_args, p_args)
    if any(w in gold.relation for w in _SAID) and len(pred.args) >= 2:
        rev = [" ".join(pred.args[1:]), pred.args[0]]
        other = _match_args(g_rel, p_rel, g_args, rev)
        if other > best:
            best = other
    return best


def _greedy(S: list[list[tuple[float, float]]], cols: list[int], which: int) -> float:
    n = len(S)
    used_g: set[int] = set()
    used_p: set[int] = set()
    total = 0.0
    for _ in range(min(n, len(cols))):
        best, bi, bj = -1.0, -1, -1
        for i in range(n):
            if i in used_g:
                continue
            row = S[i]
            for j in cols:
                if j in used_p:
                    continue
                v = row[j][which]
                if v > best:
                    best, bi, bj = v, i, j
        if bi < 0:
            break
        used_g.add(bi)
        used_p.add(bj)
        total += best
    return total


@dataclass
class CarbScore:
    precision: float
    recall: float
    f1: float
    auc: float
    threshold: float
    precision_1to1: float
    recall_1to1: float
    f1_1to1: float
    auc_1to1: float
    gold_tuples: int
    predicted_tuples: int
    last_f1: float = 0.0

    def report(self) -> str:
        return (
            f"CaRB:      P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  AUC {self.auc:.3f}"
            f"  (best threshold {self.threshold:.3f}; all predictions F1 {self.last_f1:.3f})\n"
            f"CaRB(1-1): P {self.precision_1to1:.3f}  R {self.recall_1to1:.3f}  F1 {self.f1_1to1:.3f}  AUC {self.auc_1to1:.3f}\n"
            f"gold tuples {self.gold_tuples}, predictions on gold sentences {self.predicted_tuples}\n"
        )


def _curve(gold: dict[str, list[Tuple]], preds: dict[str, list[Tuple]], thresholds: list[float], one_to_one: bool):
    T = len(thresholds)
    index = {c: k for k, c in enumerate(thresholds)}
    p = [0.0] * T
    pl = [0] * T
    r = [0.0] * T
    rl = [0] * T
    for key, gts in gold.items():
        n = len(gts)
        ps = preds.get(key, [])
        if not ps:
            for k in range(T):
                rl[k] += n
            continue
        S = [[match(g, q) for q in ps] for g in gts]
        confs = sorted({q.confidence for q in ps})
        prev = -1
        for c in confs:
            K = [j for j, q in enumerate(ps) if q.confidence >= c]
            if one_to_one:
                rnum = _greedy(S, K, 1)
            else:
                rnum = sum(max((S[i][j][1] for j in K), default=0.0) for i in range(n))
            pnum = _greedy(S, K, 0)
            ci = index[c]
            for k in range(prev + 1, ci + 1):
                p[k] += pnum
                pl[k] += len(K)
                r[k] += rnum
                rl[k] += n
            prev = ci
        for k in range(prev + 1, T):
            rl[k] += n
    P = [p[k] / pl[k] if pl[k] else 1.0 for k in range(T)]
    R = [r[k] / rl[k] if rl[k] else 0.0 for k in range(T)]
    return P, R, pl


def _best(P: list[float], R: list[float], thresholds: list[float]) -> tuple[float, float, float, float, float]:
    best_f, bk = -1.0, 0
    for k in range(len(P)):
        f = 2 * P[k] * R[k] / (P[k] + R[k]) if P[k] + R[k] else 0.0
        if f > best_f:
            best_f, bk = f, k
    xs = R + [0.0]
    ys = P + [1.0]
    area = 0.0
    for k in range(1, len(xs)):
        area += (xs[k] - xs[k - 1]) * (ys[k] + ys[k - 1]) / 2
    return P[bk], R[bk], best_f, abs(area), thresholds[bk] if thresholds else 0.0


def score(gold: dict[str, list[Tuple]], preds: dict[str, list[Tuple]], confidences: Iterable[float]) -> CarbScore:
    thresholds = sorted(set(confidences))
    if not thresholds:
        n = sum(len(v) for v in gold.values())
        return CarbScore(0, 0, 0, 0, 0, 0, 0, 0, 0, n, 0)
    P, R, pl = _curve(gold, preds, thresholds, False)
    bp, br, bf, auc, th = _best(P, R, thresholds)
    P1, R1, _ = _curve(gold, preds, thresholds, True)
    bp1, br1, bf1, auc1, _ = _best(P1, R1, thresholds)
    last = 2 * P[0] * R[0] / (P[0] + R[0]) if P[0] + R[0] else 0.0
    return CarbScore(bp, br, bf, auc, th, bp1, br1, bf1, auc1, sum(len(v) for v in gold.values()), pl[0], last)


def evaluate_files(gold_path: Path | str, pred_path: Path | str) -> CarbScore:
    gold = read_gold(gold_path)
    preds, confs = read_predictions(pred_path)
    return score(gold, preds, confs)
