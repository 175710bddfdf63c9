"""Actor resolution with the real model: every actor class, metonyms, aliases, coreference,
date-restricted codes, and users' dictionaries (kg's own format and PETRARCH's)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.actors import DocumentActors, load_gazetteer, load_petrarch_actors
from kg.extract.clauses import argument


def _subject(nlp, text, when=date(2025, 11, 8), gaz=None):
    doc = nlp(text)
    root = [t for t in doc if t.dep_ == "ROOT"][0]
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")][0]
    da = DocumentActors(gaz or load_gazetteer(), doc, when)
    return da.resolve(argument(subj)), da, doc


@pytest.mark.parametrize("text,key,kind,country,sector", [
    ("Pakistan closed the border.", "PAK", "State", "PAK", None),
    ("Islamabad accused Kabul.", "PAK", "State", "PAK", None),
    ("The Kremlin denied the report.", "RUS", "State", "RUS", None),
    ("Afghan authorities rejected the claim.", "AFG-GOV", "Government", "AFG", "GOV"),
    ("Pakistan's military launched strikes.", "PAK-MIL", "Military", "PAK", "MIL"),
    ("Turkish police detained the suspects.", "TUR-COP", "Police", "TUR", "COP"),
    ("Hamas fired rockets.", "org/hamas", "ArmedGroup", "PSE", "REB"),
    ("Colombian rebels ambushed a patrol.", "COL-REB", "Rebels", "COL", "REB"),
    ("Peruvian insurgents attacked a convoy.", "PER-INS", "Insurgents", "PER", "REB"),
    ("NATO condemned the attack.", "org/nato", "IGO", "IGO", "MIL"),
    ("Amnesty International criticized the verdict.", "org/amnesty", "NGO", "NGO", None),
    ("Afghan civilians fled the fighting.", "AFG-CVL", "Civilians", "AFG", "CVL"),
    ("Syrian refugees crossed the border.", "SYR-REF", "Refugees", "SYR", "REF"),
    ("Egyptian journalists protested.", "EGY-JRN", "Media", "EGY", "JRN"),
    ("Chinese companies signed contracts.", "CHN-BUS", "Business", "CHN", "BUS"),
    ("Afghan government spokesperson Zabiullah Mujahid blamed Islamabad.", "person/zabiullah-mujahid", "Person", "AFG", "GOV"),
    ("The Rapid Support Forces shelled the city.", "org/rsf", "ArmedGroup", "SDN", "PRM"),
])
def test_actors_resolve_classes_and_codes(nlp, text, key, kind, country, sector):
    actors, _, _ = _subject(nlp, text)
    assert actors, text
    a = actors[0]
    assert (a.key, a.kind, a.country, a.sector) == (key, kind, country, sector)


def test_actors_date_restricted_codes(nlp):
    before, _, _ = _subject(nlp, "The Taliban attacked the convoy.", when=date(2015, 3, 1))
    after, _, _ = _subject(nlp, "The Taliban attacked the convoy.", when=date(2024, 3, 1))
    assert before[0].key == "org/taliban" and before[0].sector == "REB"
    assert after[0].key == "AFG-GOV"


def test_actors_coreference_within_an_article(nlp):
    text = ("Afghan government spokesperson Zabiullah Mujahid spoke on Saturday. Mujahid said the group had "
            "left. Islamabad has long accused Kabul of sheltering the Tehreek-e-Taliban Pakistan (TTP). "
            "The TTP denied it. Pakistan and Afghanistan met in Doha, and both sides accused each other.")
    doc = nlp(text)
    da = DocumentActors(load_gazetteer(), doc, date(2025, 11, 8))
    mujahid = [t for t in doc if t.text == "Mujahid"][1]
    assert da.resolve([mujahid])[0].key == "person/zabiullah-mujahid"
    ttp = [t for t in doc if t.text == "TTP"][1]
    assert da.resolve(argument(ttp))[0].key == "org/ttp"
    sides = [t for t in doc if t.text == "sides"][0]
    assert {a.key for a in da.resolve(argument(sides))} == {"PAK", "AFG"}
    assert da.dyad is not None and {a.key for a in da.dyad} == {"PAK", "AFG"}


def test_actors_pronoun_is_the_speaker(nlp):
    doc = nlp("Pakistan's military said it had launched airstrikes.")
    da = DocumentActors(load_gazetteer(), doc, None)
    mil = DocumentActors(load_gazetteer(), doc, None).resolve(doc[0:3])[0]
    it = [t for t in doc if t.lower_ == "it"][0]
    assert da.resolve([it], speaker=mil)[0].key == "PAK-MIL"


def test_actors_acronym_defined_in_text_for_unknown_group(nlp):
    doc = nlp("The Northern Liberation Front (NLF) claimed the attack. The NLF said it would fight on.")
    da = DocumentActors(load_gazetteer(), doc, None)
    nlf = [t for t in doc if t.text == "NLF"][1]
    a = da.resolve([nlf])
    assert a and a[0].label == "Northern Liberation Front"


def test_actors_user_dictionary_and_petrarch_format(nlp, tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("names\tkey\tlabel\tkind\tcodes\twikidata\nBlue Lotus Brigade|BLB\torg/blb\tBlue Lotus Brigade\t"
                    "ArmedGroup\tMMR:REB\t-\n", encoding="utf-8")
    pet = tmp_path / "actors.txt"
    pet.write_text("FREEDONIA_ [FRD]\n+FREEDONIAN_\nSYLVANIA_LIBERATION_ARMY [SYLREB]\n"
                   "RUFUS_FIREFLY [FRDGOV >900101]\n", encoding="utf-8")
    gaz = load_gazetteer([mine], [pet])
    a, _, _ = _subject(nlp, "The Blue Lotus Brigade attacked the town.", gaz=gaz)
    assert a[0].key == "org/blb" and a[0].country == "MMR"
    a, _, _ = _subject(nlp, "Freedonia declared war.", gaz=gaz)
    assert a[0].country == "FRD"
    gaz2 = load_gazetteer()
    assert load_petrarch_actors(gaz2.__class__(), pet) >= 3


def test_actors_petrarch_agent_dictionary(nlp, tmp_path):
    from kg.actors import load_petrarch_agents

    agents = tmp_path / "agents.txt"
    agents.write_text("!MINISTER! = MINISTER, SECRETARY\n"
                      "ZOUAVE {ZOUAVES} [~MIL]  # an old kind of soldier\n"
                      "FISHERIES_!MINISTER! [~GOV]\n"
                      "HARBOUR_PILOT {HARBOUR_PILOTS} [BUS~]\n", encoding="utf-8")
    gaz = load_gazetteer(petrarch_agent_files=[agents])
    assert ("fisheries", "secretary") in gaz.agents and gaz.agents[("zouaves",)].sector == "MIL"
    a, _, _ = _subject(nlp, "Moroccan zouaves crossed the river.", gaz=gaz)
    assert a[0].key == "MAR-MIL"
    assert load_petrarch_agents(load_gazetteer().__class__(), agents) == 6
