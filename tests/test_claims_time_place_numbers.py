"""Claims, factuality, time, place, numbers and conflicting claims, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

import kg
from kg.actors import DocumentActors, load_gazetteer
from kg.extract import extract
from kg.pipeline import Processor
from kg.quantities import casualty_reports, conflicts, parse_quantity
from kg.reader import Article

PUB = date(2025, 11, 8)


@pytest.fixture(scope="module")
def proc():
    from kg.nlp import default_model_name

    return Processor(default_model_name())


def _events(nlp, proc, text, when=PUB):
    return proc.events(nlp(text), Article(id="t", text=text, date=when))


def _one(events, action):
    hits = [e for e in events if e.action.name == action]
    assert hits, [(e.actor.key, e.action.name, e.target and e.target.key) for e in events]
    return hits[0]


def test_claims_speaker_is_the_claimant(nlp, proc):
    e = _one(_events(nlp, proc, "Pakistan's military said it had launched airstrikes on TTP hideouts in Afghanistan."), "bombs")
    assert e.factuality == "claimed" and e.claimed_by.key == "PAK-MIL" and e.actor.key == "PAK-MIL"
    assert e.target.key == "org/ttp" and e.cue == "said"


def test_claims_according_to_and_source_after_quote(nlp, proc):
    e = _one(_events(nlp, proc, "According to Iraqi officials, Iranian jets bombed Basra."), "bombs")
    assert e.factuality == "claimed" and e.claimed_by.country == "IRQ"
    e = _one(_events(nlp, proc, "\u201cIsrael attacked our positions,\u201d Syria's defence ministry said."), "attacks")
    assert e.factuality == "claimed" and e.claimed_by.country == "SYR"


def test_claims_a_says_b_attacked_is_also_an_accusation(nlp, proc):
    events = _events(nlp, proc, "The Taliban government said the explosions in Kabul were Pakistani drone strikes.")
    strike = _one(events, "bombs")
    assert strike.actor.key == "PAK" and strike.target.key == "AFG" and strike.cameo == "1952"
    acc = _one(events, "accuses")
    assert acc.actor.country == "AFG" and acc.target.key == "PAK" and acc.factuality == "asserted"


@pytest.mark.parametrize("text,action,factuality,negated", [
    ("Iran did not attack Iraq.", "attacks", "negated", True),
    ("Syria refused to sign the agreement with Turkey.", "rejects", "asserted", False),
    ("Iran vowed to retaliate against Israel.", "threatens", "asserted", False),
    ("If Turkey attacks Syria, Russia will respond.", "attacks", "hypothetical", False),
])
def test_claims_polarity_and_modality(nlp, proc, text, action, factuality, negated):
    e = _one(_events(nlp, proc, text), action)
    assert (e.factuality, e.negated) == (factuality, negated)


def test_time_attached_from_the_clause_else_publication(nlp, proc):
    e = _one(_events(nlp, proc, "On Oct. 9, Iraq bombed Iran."), "bombs")
    assert e.time is not None and e.time.start == date(2025, 10, 9)
    e = _one(_events(nlp, proc, "Iraq bombed Iran."), "bombs")
    assert e.time is None  # the store records the publication date, marked as such


def test_place_resolved_with_country_and_coordinates(nlp, proc):
    e = _one(_events(nlp, proc, "Israeli jets bombed targets in Damascus on Friday."), "bombs")
    assert e.place is not None and e.place.country == "SYR" and e.place.latitude is not None
    assert e.target is not None and e.target.key == "SYR"


@pytest.mark.parametrize("text,value,qualifier,vague", [
    ("58", 58, None, None), ("four", 4, None, None), ("more than a million", 1_000_000, ">", None),
    ("dozens", None, None, "dozens"), ("at least 1,200", 1200, ">=", None), ("nearly 25,000", 25000, "<", None),
])
def test_numbers_parse_quantities_and_keep_vague_ones_vague(text, value, qualifier, vague):
    q = parse_quantity(text)
    assert (q.value, q.qualifier, q.vague) == (value, qualifier, vague)


def test_numbers_casualty_reports_and_conflicts(nlp):
    text = ("Ukraine said its forces killed 300 Russian soldiers. Russia acknowledged losing 40 troops. "
            "Dozens of protesters were arrested, and four civilians were killed and five injured.")
    doc = nlp(text)
    actors = DocumentActors(load_gazetteer(), doc, PUB)
    reports = casualty_reports(list(extract(doc, facts=False)), actors)
    got = {(r.kind, r.quantity.value, r.quantity.vague, r.victim_actor.country if r.victim_actor else None) for r in reports}
    assert ("killed", 300, None, "RUS") in got and ("killed", 40, None, "RUS") in got
    assert ("arrested", None, "dozens", None) in {(k, v, q, None) for k, v, q, _ in got}
    assert ("injured", 5, None, None) in {(k, v, q, None) for k, v, q, _ in got}
    [(a, b)] = conflicts(reports)
    assert {a.source.country, b.source.country} == {"UKR", "RUS"}


def test_seed_timeline_and_conflicting_claims(seed_out):
    rows = kg.query(seed_out, "timeline").rows
    firsts = {}
    for r in rows:
        key = (r["actorLabel"], r["plover"], r["targetLabel"])
        firsts.setdefault(key, r["when"])
    assert firsts[("Pakistan", "ASSAULT", "Afghanistan")] == date(2025, 10, 9)
    assert firsts[("Pakistan", "COERCE", "Afghanistan")] == date(2025, 10, 12)
    assert firsts[("Qatar", "CONSULT", "Pakistan")] == date(2025, 10, 19)
    talks = [r for r in rows if r["plover"] == "CONSULT" and r["until"] == date(2025, 11, 7)]
    assert talks and talks[0]["when"] == date(2025, 11, 6)
    whens = [r["when"] for r in rows]
    assert whens == sorted(whens)
    [c] = kg.query(seed_out, "conflicting-claims").rows
    assert {c["countA"], c["countB"]} == {58, 23}
    assert {c["sourceA"], c["sourceB"]} == {"Afghanistan government", "Pakistan"}


@pytest.mark.parametrize("text,action,actor,target", [
    ("Syria is willing to withdraw its troops from Lebanon.", "agreesTo", "SYR", "LBN"),
    ("Czechia and Albania upgraded their diplomatic ties.", "supports", "CZE", "ALB"),
    ("Serbia's president promised to democratize the country.", "agreesTo", "SRB", None),
])
def test_intent_and_reciprocal_subjects(nlp, proc, text, action, actor, target):
    events = _events(nlp, proc, text)
    hits = [e for e in events if e.action.name == action and e.actor.country == actor]
    assert hits, [(e.actor.key, e.action.name, e.target and e.target.key) for e in events]
    if target:
        assert any(e.target is not None and e.target.country == target for e in hits)
