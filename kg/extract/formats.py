"""Writing raw triples: JSON Lines, CaRB's tab format, and a text table."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Argument, Role, Triple

__all__ = ["carb_fields", "carb_line", "jsonl_line", "table_line"]


def _arg_text(a: Argument) -> str:
    return a.text_with_prep


def carb_fields(t: Triple) -> tuple[str, str, list[str]] | None:
    """(relation, arg1, more args) in surface order, as CaRB's annotators wrote tuples."""
    rel = t.relation_text
    if t.words is not None and t.words.split()[0] == "is":
        # an implicit copula has no tense: its lemma, as CaRB's matcher expects for any form of "be"
        rel = "be" + t.words[2:]
    extras = list(t.extras)
    if t.passive:
        first = t.patient
        second = t.agent
        if second is not None:
            rel = f"{rel} by"
        args = [second.text] if second is not None else []
    else:
        first = t.agent
        second = t.patient
        args = [second.text] if second is not None else []
    if first is None:
        if t.kind == "nominal":
            return None
        # agentless passive keeps its subject as the first argument in surface form
        if not args:
            return None
        first_text = args.pop(0)
    else:
        first_text = first.text
    if not args and extras and extras[0].prep is not None:
        p = extras.pop(0)
        rel = f"{rel} {p.prep.text}"
        args.append(p.text)
    args += [_arg_text(a) for a in extras]
    if not args:
        return None  # every CaRB gold tuple has two arguments: a one-argument tuple never matches
    return rel, first_text, args


def carb_variants(t: Triple) -> list[tuple[float, str, str, list[str]]]:
    """The CaRB tuples for a triple: the n-ary tuple, then (at a lower confidence) one binary tuple
    per prepositional argument, as CaRB's annotators often split them (*plays | as a midfielder*,
    *plays | for the Jets*)."""
    f = carb_fields(t)
    if f is None:
        return []
    rel, a1, rest = f
    out = [(t.confidence, rel, a1, rest)]
    if t.kind in ("verbal", "copula") and len(rest) >= 2:
        base = t.relation_text + (" by" if t.passive and t.agent is not None else "")
        for a in t.extras:
            if a.prep is not None and a.role is not Role.TIME:
                out.append((max(0.01, t.confidence - VARIANT_DROP), f"{base} {a.prep.text}", a1, [a.text]))
    return out


VARIANT_DROP = 0.45


def carb_line(sentence: str, t: Triple) -> str | None:
    lines = carb_lines(sentence, t)
    return lines[0] if lines else None


def carb_lines(sentence: str, t: Triple) -> list[str]:
    clean = lambda s: " ".join(s.split())  # noqa: E731
    return ["\t".join([sentence, f"{c:.3f}", clean(rel), clean(a1), *[clean(x) for x in rest]])
            for c, rel, a1, rest in carb_variants(t)]


def jsonl_line(t: Triple) -> str:
    return json.dumps(t.as_dict(), ensure_ascii=False)


def table_line(t: Triple) -> str:
    d = t.as_dict()
    ag = d["agent"]["text"] if d["agent"] else "?"
    pa = d["patient"]["text"] if d["patient"] else "?"
    extras = " | ".join(
        (f"{a['prep']} " if a["prep"] else "") + a["text"] for a in d["extras"]  # type: ignore[index]
    )
    flags = ",".join(k for k in ("passive", "negated", "hypothetical") if d[k])
    if d["modality"]:
        flags = ",".join(x for x in (flags, f"modal={d['modality']}") if x)
    if d["attributed_to"]:
        flags = ",".join(x for x in (flags, f"says={d['attributed_to']}") if x)
    return f"{d['confidence']:.2f}\t{d['kind']}\t({ag}; {d['relation']}; {pa})" + (f" [{extras}]" if extras else "") + (
        f" {{{flags}}}" if flags else "")


def lines(triples: Iterable[Triple], fmt: str, sentence: str | None = None) -> Iterable[str]:
    for t in triples:
        if fmt == "carb":
            yield from carb_lines(sentence if sentence is not None else t.sentence.text.strip(), t)
        elif fmt == "jsonl":
            yield jsonl_line(t)
        else:
            yield table_line(t)
