"""Extraction: sentences → subject–relation–object triples that keep their spans.

`extract(doclike)` runs every extractor over a `Doc` or `Span` and yields `Triple` records in
sentence order. Each extractor is a pure generator over the parse; see `clauses` (verbal
clauses) and `nominal` (appositions, possessives, nominal events).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.tokens import Doc, Span

from .clauses import SPEECH_VERBS, clause_triples
from .model import Argument, Attribution, Role, Triple
from .nominal import EVENT_NOUNS, appositions, modifiers, nominal_events, possessives

__all__ = [
    "extract", "Triple", "Argument", "Attribution", "Role", "clause_triples", "appositions",
    "possessives", "modifiers", "nominal_events", "EVENT_NOUNS", "SPEECH_VERBS",
]


def extract(doclike: Doc | Span, *, event_nouns: Collection[str] = EVENT_NOUNS, nominal: bool = True,
            facts: bool = True) -> Iterator[Triple]:
    """All triples of `doclike`, sentence by sentence.

    `facts` adds the static facts noun phrases state (appositions, titles, possessives,
    modifiers); `nominal` adds events named by nouns (*talks between X and Y*).
    """
    sents = list(doclike.sents) if isinstance(doclike, Doc) else [doclike]
    for sent in sents:
        found: list[Triple] = list(clause_triples(sent))
        if facts:
            found += appositions(sent)
            found += possessives(sent)
            found += modifiers(sent)
        if nominal:
            found += nominal_events(sent, event_nouns)
        found.sort(key=lambda t: (t.predicate.i, t.kind))
        yield from found
