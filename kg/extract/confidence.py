"""Graded confidences for triples.

A triple's confidence is the precision its kind of triple has shown against hand-made gold (the
CaRB development split, measured per feature with `kg eval carb`), combined additively from
coarse features: where the predicate sits in the sentence (a main clause is more reliable than
a clause inside a prepositional phrase), whether the agent and n-ary arguments were found, how
long the first argument is, and whether the clause is reported speech. Coarse on purpose: the
weights must hold on text they were not measured on.
"""

from __future__ import annotations

from .model import Argument, Triple

__all__ = ["confidence"]

# precision by the predicate's dependency label (verbal and copular clauses)
_BY_DEP = {
    "ROOT": 0.72, "conj": 0.63, "xcomp": 0.68, "ccomp": 0.53, "relcl": 0.54, "parataxis": 0.45,
    "acl": 0.43, "advcl": 0.44, "pcomp": 0.32, "csubj": 0.3,
}
_BY_KIND = {"apposition": 0.62, "possessive": 0.2, "nominal": 0.3, "modifier": 0.42}
_BY_RULE = {"title": 0.75, "noun-adj": 0.40, "noun-prep": 0.46}
_OTHER_DEP = 0.25


def _len_penalty(a: Argument | None) -> float:
    if a is None:
        return 0.0
    n = len(a.tokens)
    return 0.0 if n <= 8 else 0.08 if n <= 12 else 0.16 if n <= 20 else 0.25


def confidence(t: Triple) -> float:
    if t.kind in _BY_KIND:
        c = _BY_RULE.get(t.rule, _BY_KIND[t.kind])
    else:
        c = _BY_DEP.get(t.predicate.dep_ if t.control is None else "xcomp", _OTHER_DEP)
        if t.control is not None and t.predicate.head != t.control:
            c = _BY_DEP.get(t.control.dep_, _OTHER_DEP)
    first = t.patient if t.passive else t.agent
    c += 0.05 if t.extras else -0.07
    c -= _len_penalty(first)
    if t.attribution is not None:
        c -= 0.08
    if t.passive:
        c += 0.03
    return round(max(0.01, min(0.99, c)), 3)
