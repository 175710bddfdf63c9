"""Numbers: casualties and counts as structured values, keeping vague quantities vague.

`casualty_reports(triples, actors)` reads clauses whose verb reports harm or removal of people —
killed, injured, arrested, displaced or deported, and *losing* troops — and returns one
`CasualtyReport` per clause: how many (an exact number, a bound such as *more than a million*, or
a vague word such as *dozens* with no number), which group (*58 Pakistani soldiers*), who says so,
and the sentence. `conflicts(reports)` pairs reports by different sources about the same kind of
loss of the same side with different numbers (*Afghanistan says 58 soldiers were killed; Pakistan
acknowledges 23*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .actors import Actor, DocumentActors
from .extract.model import Argument, Triple

__all__ = ["Quantity", "CasualtyReport", "parse_quantity", "casualty_reports", "conflicts", "CASUALTY_VERBS"]

CASUALTY_VERBS = {
    "kill": "killed", "murder": "killed", "slay": "killed", "execute": "killed", "massacre": "killed",
    "lose": "killed", "die": "killed", "injure": "injured", "wound": "injured", "hurt": "injured",
    "arrest": "arrested", "detain": "arrested", "capture": "arrested", "jail": "arrested", "abduct": "abducted",
    "kidnap": "abducted", "displace": "displaced", "deport": "deported", "expel": "deported",
    "repatriate": "deported", "evacuate": "displaced", "uproot": "displaced",
}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"dozens", "hundreds", "thousands", "millions", "scores", "several", "many", "some", "numerous", "few",
          "a few", "a number", "countless", "tens of thousands", "hundreds of thousands"}
_BOUNDS = {"more than": ">", "over": ">", "at least": ">=", "nearly": "<", "almost": "<", "up to": "<=",
           "fewer than": "<", "less than": "<", "about": "~", "around": "~", "some": "~", "roughly": "~",
           "approximately": "~", "an estimated": "~"}


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount as the text gives it: `value` is None for vague amounts (*dozens*)."""

    text: str
    value: int | None
    qualifier: str | None = None  # ">", ">=", "<", "<=", "~"
    vague: str | None = None  # the vague word, when there is no number

    @property
    def exact(self) -> bool:
        return self.value is not None and self.qualifier is None


def parse_quantity(text: str) -> Quantity | None:
    """*58*, *four*, *more than a million*, *1,200*, *dozens of*, *at least 20* → a `Quantity`."""
    t = " ".join(text.lower().replace(",", "").split())
    qualifier = None
    for phrase, q in sorted(_BOUNDS.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(phrase + " "):
            qualifier, t = q, t[len(phrase) + 1:]
            break
    for v in sorted(_VAGUE, key=len, reverse=True):
        if t == v or t.startswith(v + " ") and not re.match(r"^\d", t):
            if t.split()[0] in ("some",) and len(t.split()) > 1 and re.match(r"^\d", t.split()[1]):
                break
            return Quantity(text, None, qualifier, v)
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(hundred|thousand|million|billion)?\b", t)
    if m:
        value = float(m[1]) * (_SCALE[m[2]] if m[2] else 1)
        return Quantity(text, int(value), qualifier)
    words = t.split()
    if words and words[0] in _WORDS:
        value = _WORDS[words[0]]
        if len(words) > 1 and words[1] in _SCALE:
            value *= _SCALE[words[1]]
        elif words[0] in ("a", "an"):
            return None
        return Quantity(text, value, qualifier)
    return None


@dataclass(frozen=True, slots=True)
class CasualtyReport:
    kind: str  # killed | injured | arrested | abducted | displaced | deported
    quantity: Quantity
    victims: str  # the group as written: "Pakistani soldiers"
    victim_actor: Actor | None
    source: Actor | None
    source_text: str | None
    triple: Triple

    @property
    def sentence(self):
        return self.triple.sentence


def _count_of(arg: Argument) -> tuple[Quantity | None, str]:
    """The amount and the group of a phrase: *58 Pakistani soldiers*, *dozens of militants*."""
    head = arg.head
    group, num = head, None
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    objs = [o for o in of[0].children if o.dep_ == "pobj"] if of else []
    if objs and (head.pos_ == "NUM" or head.lower_ in _VAGUE or head.lemma_.lower() in _SCALE or head.lemma_.lower() == "dozen"):
        num, group = head, objs[0]  # "dozens of militants", "hundreds of people"
    else:
        nummods = [c for c in head.children if c.dep_ == "nummod"]
        if nummods:
            num = nummods[0]
        elif head.pos_ == "NUM":
            num = head
    if num is None:
        return None, arg.text
    if num == group:
        qty_toks = [num]
    else:
        qty_toks = sorted((t for t in num.subtree if not (objs and t.i >= objs[0].left_edge.i - 1 and num == head)), key=lambda t: t.i)
    q = parse_quantity(" ".join(t.text for t in qty_toks))
    skip = {t.i for t in qty_toks}
    for c in group.children:
        if c.dep_ in ("prep", "relcl", "acl", "appos", "punct", "cc", "conj"):
            skip.update(t.i for t in c.subtree)
    words = [t.text for t in group.subtree if t.i not in skip and t.dep_ != "det"]
    return q, " ".join(words) or group.text


def casualty_reports(triples: Iterable[Triple], actors: DocumentActors) -> list[CasualtyReport]:
    out: list[CasualtyReport] = []
    for t in triples:
        if t.kind not in ("verbal",):
            continue
        lemma = t.predicate.lemma_.lower()
        kind = CASUALTY_VERBS.get(lemma)
        if kind is None:
            continue
        victims_arg = t.patient
        if (lemma == "die" or (victims_arg is None and t.predicate.tag_ == "VBN")) and t.agent is not None:
            victims_arg = t.agent  # "five injured": an elided passive
        if victims_arg is None:
            continue
        q, group = _count_of(victims_arg)
        if q is None:
            continue
        source_text = t.attribution.source.text if t.attribution else None
        speaker = None
        if t.attribution is not None:
            sp = actors.resolve(t.attribution.source)
            speaker = sp[0] if sp else None
        elif t.control is not None and t.control.lemma_ in ("acknowledge", "admit", "say", "claim", "report", "confirm",
                                                            "deny", "concede"):
            # "Pakistan acknowledged losing 23 troops": the subject reports its own loss
            if t.agent is not None:
                sp = actors.resolve(t.agent)
                speaker = sp[0] if sp else None
                source_text = t.agent.text
        victim_actor = None
        va = actors.resolve(victims_arg, speaker=speaker)
        if va:
            victim_actor = va[0]
        if lemma == "lose" and t.agent is not None:
            owner = actors.resolve(t.agent)
            if owner and owner[0].country:
                victim_actor = actors.gaz.sector_actor(owner[0].country, victim_actor.sector if victim_actor and victim_actor.sector else "MIL")
        prev = out[-1] if out and out[-1].sentence.start == t.sentence.start else None
        if prev is not None and group == q.text:
            # "four civilians were killed and five injured": the second verb shares the first's group
            group, victim_actor = prev.victims, victim_actor or prev.victim_actor
            speaker, source_text = speaker or prev.source, source_text or prev.source_text
        out.append(CasualtyReport(kind, q, group, victim_actor, speaker, source_text, t))
    return out


def conflicts(reports: list[CasualtyReport]) -> list[tuple[CasualtyReport, CasualtyReport]]:
    """Pairs of reports from different sources that disagree about the same loss."""
    pairs = []
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if a.kind != b.kind or a.quantity.value is None or b.quantity.value is None:
                continue
            if a.quantity.value == b.quantity.value:
                continue
            sa = a.source.country if a.source else None
            sb = b.source.country if b.source else None
            if not sa or not sb or sa == sb:
                continue
            va = a.victim_actor.country if a.victim_actor else None
            vb = b.victim_actor.country if b.victim_actor else None
            if va and va == vb:
                pairs.append((a, b))
    return pairs


