"""Every action of the ontology, and every actor class, produced from a sentence with the real model.

The sentences are written for these tests (not taken from any corpus); each names its actor and
target so the test checks the whole path: extraction, actor resolution, lexicon, ontology.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.ontology import load_ontology
from kg.pipeline import Processor
from kg.reader import Article

CASES = [
    ("mediates", "Norway mediated between Colombia and Venezuela.", "NOR", "COL"),
    ("negotiatesWith", "Iran negotiated with France over the nuclear deal.", "IRN", "FRA"),
    ("meetsWith", "Chile met with Peru in Lima on Tuesday.", "CHL", "PER"),
    ("visits", "Kenya's president visited Uganda last week.", "KEN", "UGA"),
    ("hosts", "Egypt hosted the Jordanian foreign minister.", "EGY", "JOR"),
    ("phones", "The French president telephoned the Indian prime minister.", "FRA", "IND"),
    ("offersToNegotiateWith", "Venezuela offered to negotiate with Guyana.", "VEN", "GUY"),
    ("agreesTo", "Vietnam agreed to cooperate with Laos on border security.", "VNM", "LAO"),
    ("signsAgreementWith", "Ghana signed a trade agreement with Togo.", "GHA", "TGO"),
    ("praises", "Brazil praised Argentina for its economic reforms.", "BRA", "ARG"),
    ("supports", "Poland backed Lithuania in the dispute.", "POL", "LTU"),
    ("apologizesTo", "Japan apologized to South Korea for the incident.", "JPN", "KOR"),
    ("concedesTo", "The Bolivian government conceded to the miners' union.", "BOL", None),
    ("declaresCeasefire", "Armenia declared a ceasefire with Azerbaijan.", "ARM", "AZE"),
    ("releases", "Iran released three French citizens.", "IRN", "FRA"),
    ("withdrawsFrom", "Russian troops withdrew from Georgia.", "RUS", "GEO"),
    ("easesBlockadeOf", "Israel lifted the blockade on Lebanon.", "ISR", "LBN"),
    ("easesRestrictionsOn", "Serbia lifted the curfew in Kosovo.", "SRB", "KOS"),
    ("allowsAccessTo", "Belarus received a mission of observers from the OSCE.", "BLR", "IGO"),
    ("cooperatesWith", "Spain cooperated with Morocco on migration.", "ESP", "MAR"),
    ("extradites", "Colombia extradited the suspect to the United States.", "COL", "USA"),
    ("aids", "Canada sent food aid to Haiti.", "CAN", "HTI"),
    ("grantsAsylumTo", "Ecuador granted asylum to two Venezuelan dissidents.", "ECU", "VEN"),
    ("demands", "Germany demanded that Belarus release the journalists.", "DEU", "BLR"),
    ("appealsTo", "Somalia appealed to Ethiopia for help.", "SOM", "ETH"),
    ("accuses", "Serbia accused Croatia of provoking the clashes.", "SRB", "HRV"),
    ("criticizes", "Sweden condemned Turkey for the arrests.", "SWE", "TUR"),
    ("investigates", "Italian prosecutors investigated Albanian officials.", "ITA", "ALB"),
    ("sues", "Mexico sued the United States over the border wall.", "MEX", "USA"),
    ("denies", "Rwanda denied the allegations made by Congo.", "RWA", None),
    ("rejects", "Greece rejected the Turkish proposal.", "GRC", "TUR"),
    ("vetoes", "China vetoed a resolution against Myanmar.", "CHN", None),
    ("threatens", "North Korea threatened Japan with missile tests.", "PRK", "JPN"),
    ("protests", "Thousands of Chilean students protested against the government.", "CHL", "CHL"),
    ("sanctions", "The European Union imposed sanctions on Belarus.", "IGO", "BLR"),
    ("cutsTiesWith", "Qatar severed ties with Bahrain.", "QAT", "BHR"),
    ("haltsNegotiationsWith", "Ukraine suspended talks with Russia.", "UKR", "RUS"),
    ("expels", "Poland expelled Russian diplomats.", "POL", "RUS"),
    ("mobilizes", "India deployed troops along the border with China.", "IND", None),
    ("imposesRestrictionsOn", "The Thai army imposed a curfew on Bangkok.", "THA", None),
    ("arrests", "Turkish police arrested Syrian smugglers.", "TUR", "SYR"),
    ("deports", "Germany deported Afghan migrants.", "DEU", "AFG"),
    ("closesBorderWith", "Algeria closed its border with Morocco.", "DZA", "MAR"),
    ("blockades", "Saudi Arabia blockaded Qatar.", "SAU", "QAT"),
    ("seizes", "Iran seized a British tanker.", "IRN", "GBR"),
    ("cyberattacks", "Russian hackers hacked into the computers of the Estonian parliament.", "RUS", "EST"),
    ("occupies", "Morocco occupied Western Sahara.", "MAR", None),
    ("attacks", "Houthi rebels attacked Saudi Arabia.", "YEM", "SAU"),
    ("bombs", "Israeli jets bombed Gaza.", "ISR", "PSE"),
    ("shells", "Ukrainian artillery shelled Russian positions.", "UKR", "RUS"),
    ("kills", "Nigerian soldiers killed Boko Haram fighters.", "NGA", None),
    ("wounds", "Somali gunmen wounded two Kenyan policemen.", "SOM", "KEN"),
    ("abducts", "Boko Haram kidnapped Nigerian schoolgirls.", "NGA", "NGA"),
    ("assassinates", "Mercenaries from Colombia assassinated the Haitian president.", "COL", "HTI"),
    ("fightsWith", "Sudanese troops clashed with Chadian rebels.", "SDN", "TCD"),
    ("violatesCeasefireWith", "Azerbaijan violated the ceasefire with Armenia.", "AZE", None),
]


@pytest.fixture(scope="module")
def proc():
    from kg.nlp import default_model_name

    return Processor(default_model_name())


def _events(nlp, proc, text):
    doc = nlp(text)
    return proc.events(doc, Article(id="t", text=text, date=date(2024, 5, 1)))


def test_actions_every_action_has_a_case():
    named = {c[0] for c in CASES}
    assert named == set(load_ontology().actions)


@pytest.mark.parametrize("action,text,actor,target", [c for c in CASES if c[1]], ids=[c[0] for c in CASES if c[1]])
def test_actions_sentence_produces_action(nlp, proc, action, text, actor, target):
    events = _events(nlp, proc, text)
    hits = [e for e in events if e.action.name == action]
    assert hits, f"{action}: got {[(e.actor.key, e.action.name, e.target.key if e.target else None) for e in events]}"
    if actor:
        assert any(e.actor.country == actor for e in hits), [(e.actor.key, e.target) for e in hits]
    if target:
        assert any(e.target is not None and e.target.country == target for e in hits), [(e.actor.key, e.target) for e in hits]
