"""Shared fixtures: hand-built Docs for extractor tests (no trained model), and one real build of
the seed article for end-to-end tests (built once per session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.lang.en import English

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "data" / "pakistan-afghanistan-talks.jsonl"

_TAG_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX", "DT": "DET", "IN": "ADP", "JJ": "ADJ", "RB": "ADV",
    "PRP": "PRON", "PRP$": "PRON", "WDT": "PRON", "WP": "PRON", "CC": "CCONJ", "TO": "PART", "RP": "ADP",
    "CD": "NUM", ",": "PUNCT", ".": "PUNCT", "POS": "PART", "HYPH": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT",
    "AUX": "AUX", "EX": "PRON",
}
_VOCAB = English().vocab
_AUX = {"is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "does", "do", "did", "will", "would"}
_LEMMA = {"is": "be", "was": "be", "were": "be", "are": "be", "been": "be", "has": "have", "had": "have",
          "does": "do", "did": "do"}


def make_doc(spec: str) -> Doc:
    """A parsed Doc from lines 'word TAG dep head [lemma] [ENT]' (head is a 0-based index; ROOT points to itself).

    Auxiliaries (tag VB* with dep aux/auxpass/ROOT copula) get POS AUX. ENT is a label like GPE.
    """
    words, tags, deps, heads, lemmas, pos, ents = [], [], [], [], [], [], []
    for line in spec.strip().splitlines():
        parts = line.split()
        word, tag, dep, head = parts[0], parts[1], parts[2], int(parts[3])
        lemma = parts[4] if len(parts) > 4 and parts[4] != "-" else _LEMMA.get(word.lower(), word.lower())
        ent = parts[5] if len(parts) > 5 else "O"
        p = _TAG_POS.get(tag, "X")
        if tag.startswith("VB") and (dep in ("aux", "auxpass") or (word.lower() in _AUX and dep in ("ROOT", "ccomp", "relcl", "conj"))):
            p = "AUX"
        words.append(word); tags.append(tag); deps.append(dep); heads.append(head); lemmas.append(lemma); pos.append(p)
        ents.append(ent)
    iob = []
    prev = "O"
    for e in ents:
        if e == "O":
            iob.append("O")
        else:
            iob.append(("I-" if prev == e else "B-") + e)
        prev = e
    return Doc(_VOCAB, words=words, tags=tags, deps=deps, heads=heads, lemmas=lemmas, pos=pos, ents=iob)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    import kg

    out = tmp_path_factory.mktemp("seed") / "out"
    report = kg.build([SEED], out=out)
    assert report.built == 1 and not report.rejected
    return out
