"""Running the extractors over lines of text (the `kg extract` command and the CaRB benchmark)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..nlp import load_nlp
from . import extract
from .model import Triple

__all__ = ["extract_lines", "parse_lines"]


def parse_lines(lines: Iterable[str], *, pretokenized: bool = False, model: str | None = None,
                batch_size: int = 256) -> Iterator[tuple[str, Doc]]:
    """(line, parsed Doc) for every non-empty line; with `pretokenized`, tokens are the line's words."""
    nlp = load_nlp(model)

    def docs() -> Iterator[tuple[Doc | str, str]]:
        for raw in lines:
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if pretokenized:
                yield Doc(nlp.vocab, words=line.split()), line
            else:
                yield line, line

    for doc, line in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        yield line, doc


def extract_lines(lines: Iterable[str], *, pretokenized: bool = False, model: str | None = None,
                  nominal: bool = False) -> Iterator[tuple[str, list[Triple]]]:
    """(line, triples) for every non-empty line of `lines`."""
    for line, doc in parse_lines(lines, pretokenized=pretokenized, model=model):
        yield line, list(extract(doc, nominal=nominal))
