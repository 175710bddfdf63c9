"""The records extractors yield: arguments and triples that keep their tokens, so offsets survive."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from spacy.tokens import Span, Token

__all__ = ["Role", "Argument", "Triple", "Attribution"]


class Role(str, Enum):
    SUBJECT = "subject"
    OBJECT = "object"
    AGENT = "agent"
    RECIPIENT = "recipient"
    TIME = "time"
    PLACE = "place"
    CLAUSE = "clause"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Argument:
    """A phrase of the sentence: its head and the tokens that make it (in sentence order).

    `prep` is the preposition that introduces it (``on`` in *on Oct. 12*), or None.
    """

    head: Token
    tokens: tuple[Token, ...]
    role: Role = Role.OTHER
    prep: Token | None = None

    @property
    def text(self) -> str:
        return _join(self.tokens)

    @property
    def text_with_prep(self) -> str:
        return f"{self.prep.text} {self.text}" if self.prep is not None else self.text

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says so: the source phrase and the cue (``said``, ``according to``…)."""

    source: Argument
    cue: Token


@dataclass(frozen=True, slots=True)
class Triple:
    """One clause-level fact: (agent, relation, patient) plus n-ary arguments.

    Roles are logical: in *X was killed by Y*, `agent` is Y and `patient` is X, and `passive`
    is True. `relation` holds the relation's words (auxiliaries, negation, verb, particles,
    embedded verbs of control); `words` overrides them for facts whose relation is implicit
    (``is`` for an apposition, ``has`` for a possessive).
    """

    predicate: Token
    relation: tuple[Token, ...]
    agent: Argument | None
    patient: Argument | None
    extras: tuple[Argument, ...] = ()
    kind: str = "verbal"
    rule: str = "clause"
    passive: bool = False
    negated: bool = False
    modality: str | None = None
    hypothetical: bool = False
    control: Token | None = None
    attribution: Attribution | None = None
    confidence: float = 0.5
    words: str | None = field(default=None)

    def scored(self) -> "Triple":
        """This triple with its graded confidence (see `kg.extract.confidence`)."""
        from dataclasses import replace

        from .confidence import confidence

        return replace(self, confidence=confidence(self))

    @property
    def sentence(self) -> Span:
        return self.predicate.sent

    @property
    def relation_text(self) -> str:
        return self.words if self.words is not None else _join(self.relation)

    @property
    def arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in (self.agent, self.patient, *self.extras) if a is not None)

    @property
    def start_char(self) -> int:
        toks = [t for a in self.arguments for t in (a.tokens[0],)] + list(self.relation) + [self.predicate]
        return min(t.idx for t in toks)

    @property
    def end_char(self) -> int:
        ends = [a.end_char for a in self.arguments] + [t.idx + len(t.text) for t in (*self.relation, self.predicate)]
        return max(ends)

    def as_dict(self) -> dict[str, object]:
        def arg(a: Argument | None) -> dict[str, object] | None:
            if a is None:
                return None
            return {
                "text": a.text,
                "prep": a.prep.text if a.prep is not None else None,
                "role": a.role.value,
                "start": a.start_char,
                "end": a.end_char,
            }

        return {
            "sentence": self.sentence.text.strip(),
            "agent": arg(self.agent),
            "relation": self.relation_text,
            "patient": arg(self.patient),
            "extras": [arg(a) for a in self.extras],
            "lemma": self.predicate.lemma_,
            "kind": self.kind,
            "rule": self.rule,
            "passive": self.passive,
            "negated": self.negated,
            "modality": self.modality,
            "hypothetical": self.hypothetical,
            "attributed_to": self.attribution.source.text if self.attribution else None,
            "confidence": round(self.confidence, 3),
            "start": self.start_char,
            "end": self.end_char,
        }


def _join(tokens: tuple[Token, ...] | list[Token]) -> str:
    """Text of tokens in order; adjacent tokens keep the article's spacing, gaps become a space."""
    out: list[str] = []
    prev: Token | None = None
    for t in tokens:
        if prev is not None:
            out.append(prev.whitespace_ if t.i == prev.i + 1 else " ")
        out.append(t.text)
        prev = t
    return "".join(out).strip()
