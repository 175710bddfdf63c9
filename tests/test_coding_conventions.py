"""CAMEO coding conventions the event coder follows, on sentences written for these tests:
unnamed officials and titled persons belong to the country the sentence names; people "in" a
place belong to its country; a protest against a thing targets whoever the thing belongs to; the
understood subject of a purpose clause; an act on a place with no one named targets its country."""

from __future__ import annotations

from datetime import date

import pytest

from kg.pipeline import Processor
from kg.reader import Article


@pytest.fixture(scope="module")
def proc():
    from kg.nlp import default_model_name

    return Processor(default_model_name())


def _coded(nlp, proc, text):
    doc = nlp(text)
    return {(e.actor.country, e.action.name, e.target.country if e.target else None)
            for e in proc.events(doc, Article(id="t", text=text, date=date(2024, 5, 1)))}


CODED = [
    # a titled person with no country of their own: the one country the sentence names
    ("Judge Maria Ortiz opened an investigation against Peruvian officials.", ("PER", "investigates", "PER")),
    # a protested thing stands for its owner; the purpose clause's subject is the main clause's
    ("Hundreds of Danish fishermen began a hunger strike to protest against Norway's quota policy.",
     ("DNK", "protests", "NOR")),
    # a domestic act on a place targets its country
    ("Kenyan authorities imposed a curfew in Mombasa after the riots.", ("KEN", "imposesRestrictionsOn", "KEN")),
    # conjoined nationalities are two actors acting on each other
    ("Chilean and Peruvian negotiators agreed on a new fishing treaty.", ("CHL", "agreesTo", "PER")),
    ("Chilean and Peruvian negotiators agreed on a new fishing treaty.", ("PER", "agreesTo", "CHL")),
    # an ultimatum targets whoever must meet the condition
    ("Ethiopia threatened to launch an offensive unless Eritrea withdrew its troops.", ("ETH", "threatens", "ERI")),
]


@pytest.mark.parametrize("text,event", CODED)
def test_coded_as_cameo_coders_would(nlp, proc, text, event):
    assert event in _coded(nlp, proc, text)


def test_people_in_a_place_belong_to_its_country(nlp, proc):
    got = _coded(nlp, proc, "Police in Nairobi arrested twenty students on Monday.")
    assert any(a == "KEN" and act == "arrests" for a, act, _ in got), got


def test_two_countries_in_the_sentence_leave_an_unnamed_official_unresolved(nlp, proc):
    # "the judge" could be Chilean or Peruvian: no country is guessed
    got = _coded(nlp, proc, "The judge ordered Chile and Peru to appear at the hearing.")
    assert not any(a in ("CHL", "PER") and act == "demands" for a, act, _ in got), got


def test_stated_refusal_to_cooperate_is_a_rejection(nlp, proc):
    got = _coded(nlp, proc, "Jordan said it will not accept Syrian refugees.")
    assert any(a == "JOR" and act == "rejects" for a, act, _ in got), got


def test_conditional_offer_to_meet_is_an_intent_not_a_threat(nlp, proc):
    got = _coded(nlp, proc, "Colombian rebels said they would meet Venezuelan mediators if the army halted its raids.")
    acts = {act for _, act, _ in got}
    assert "threatens" not in acts and acts & {"agreesTo", "offersToNegotiateWith"}, got


def test_order_to_stop_publishing_is_a_restriction(nlp, proc):
    got = _coded(nlp, proc, "The Egyptian government ordered an opposition newspaper to suspend publication.")
    assert any(a == "EGY" and act == "imposesRestrictionsOn" for a, act, _ in got), got


def test_plural_demonym_is_a_people_not_a_person(nlp, proc):
    got = _coded(nlp, proc, "Bosnian Croats demanded a ceasefire with Serbia.")
    assert any(a == "HRV" and act == "demands" for a, act, _ in got), got


def test_protest_target_from_what_it_is_for(nlp, proc):
    got = _coded(nlp, proc, "Students in Manila blocked roads to show their anger at Japan's trade policy.")
    assert ("PHL", "protests", "JPN") in got, got
    got = _coded(nlp, proc, "French farmers blocked roads in protest against the settlement of Algerian families.")
    assert got and not any(t == "DZA" for _, act, t in got if act == "protests"), got  # a thing, not its owner


def test_frame_that_may_go_without_a_target(nlp, proc, tmp_path):
    got = _coded(nlp, proc, "Venezuela deployed tanks near the coast on Friday.")
    assert ("VEN", "mobilizes", None) in got, got
    from kg.ontology import load_lexicon, load_ontology

    lex = tmp_path / "lex.tsv"
    lex.write_text("pos\tlemma\tobject\taction\ttarget\tcameo\nV\tstation\ttroop\tmobilizes\tprep:in,-\t154\n"
                   "V\tgarrison\ttroop\tmobilizes\tprep:in\t154\n", encoding="utf-8")
    rules = load_lexicon([lex], load_ontology())
    assert rules.candidates("V", "station")[0].optional and not rules.candidates("V", "garrison")[0].optional


def test_positions_stand_for_their_holders_and_drills_are_a_show_of_force(nlp, proc):
    got = _coded(nlp, proc, "Ethiopian forces shelled rebel positions in Tigray.")
    assert ("ETH", "shells", "ETH") in got, got  # the army against the country's rebels (ETH-MIL → ETH-REB)
    got = _coded(nlp, proc, "Chinese warships conducted drills near Taiwan.")
    assert ("CHN", "mobilizes", "TWN") in got, got
    got = _coded(nlp, proc, "The Indian army held military exercises along the border.")
    assert ("IND", "mobilizes", None) in got and not any(act == "arrests" for _, act, _ in got), got
