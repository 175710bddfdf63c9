"""Fuzzing the input readers and the extractors (`make fuzz`; not part of `make test`).

Hypothesis generates arbitrary bytes, JSON Lines and text; nothing may crash: readers yield
articles or clear rejections, extraction and mapping yield records or nothing. The run is bounded
by KG_FUZZ_EXAMPLES (default 300 per target).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.reader import Article, Rejected, read_inputs

pytestmark = pytest.mark.fuzz
N = int(os.environ.get("KG_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck))

_words = st.sampled_from(["Iran", "attacked", "Iraq", "the", "said", "not", "rebels", "killed", "58", "dozens", "of",
                          "\u201c", "\u201d", ",", ".", "if", "will", "talks", "between", "and", "Qatar", "mediated",
                          "(", ")", "TTP", "\n", "\u202e", "\U0001F4A3", "<", "#", "%"])


@SETTINGS
@given(st.binary(max_size=4000))
def test_fuzz_reader_bytes(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("f")
    for name in ("a.txt", "b.jsonl"):
        (d / name).write_bytes(data)
    for item in read_inputs([d], default_date=date(2024, 1, 1)):
        assert isinstance(item, (Article, Rejected))


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=200), st.dictionaries(st.sampled_from(["id", "text", "date", "title", "url"]),
                                                                 st.one_of(st.text(max_size=80), st.integers(), st.none()))),
                max_size=8))
def test_fuzz_reader_jsonl(tmp_path_factory, rows):
    import json

    d = tmp_path_factory.mktemp("j")
    p = d / "x.jsonl"
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows), encoding="utf-8")
    for item in read_inputs([p]):
        assert isinstance(item, (Article, Rejected))


@pytest.fixture(scope="module")
def proc():
    from kg.nlp import default_model_name, load_nlp
    from kg.pipeline import Processor

    return Processor(default_model_name()), load_nlp()


@SETTINGS
@given(st.lists(_words, min_size=1, max_size=60).map(" ".join))
def test_fuzz_extract_and_map(proc, text):
    p, nlp = proc
    doc = nlp(text)
    a = p.analyse(doc, Article(id="f", text=text, date=date(2024, 1, 1)))
    for e in a.events:
        assert 0 <= e.start_char <= e.end_char <= len(text)
