"""Extractors on hand-built parses (no trained model): each construction the extractor handles."""

from __future__ import annotations

import pytest

from kg.extract import Role, appositions, clause_triples, extract, nominal_events, possessives
from kg.extract.formats import carb_fields

from .conftest import make_doc


def _facts(doc, fn=clause_triples):
    return [(t.agent.text if t.agent else None, t.relation_text, t.patient.text if t.patient else None) for t in fn(doc)]


def test_extract_active_clause_with_n_ary_arguments():
    doc = make_doc("""
        Pakistan NNP nsubj 1 - GPE
        closed VBD ROOT 1 close
        border NN compound 3
        crossings NNS dobj 1 crossing
        on IN prep 1
        Oct. NNP pobj 4 - DATE
        12 CD nummod 5 - DATE
        . . punct 1
    """)
    [t] = list(clause_triples(doc))
    assert (t.agent.text, t.relation_text, t.patient.text) == ("Pakistan", "closed", "border crossings")
    [when] = t.extras
    assert when.text_with_prep == "on Oct. 12" and when.role is Role.TIME
    assert not t.passive and not t.negated


def test_extract_passive_with_agent_gives_logical_roles():
    doc = make_doc("""
        Soldiers NNS nsubjpass 2 soldier
        were VBD auxpass 2
        killed VBN ROOT 2 kill
        by IN agent 2
        militants NNS pobj 3 militant
        . . punct 2
    """)
    [t] = list(clause_triples(doc))
    assert t.passive
    assert t.agent.text == "militants" and t.patient.text == "Soldiers"
    assert carb_fields(t) == ("were killed by", "Soldiers", ["militants"])


def test_extract_agentless_passive_keeps_subject_as_object():
    doc = make_doc("""
        four CD nummod 1
        civilians NNS nsubjpass 3 civilian
        were VBD auxpass 3
        killed VBN ROOT 3 kill
        . . punct 3
    """)
    [t] = list(clause_triples(doc))
    assert t.agent is None and t.patient.text == "four civilians" and t.passive


def test_extract_distributes_conjoined_agents_of_reduced_relative():
    doc = make_doc("""
        The DT det 1
        talks NNS nsubj 8 talk
        , , punct 1
        mediated VBN acl 1 mediate
        by IN agent 3
        Turkey NNP pobj 4 - GPE
        and CC cc 5
        Qatar NNP conj 5 - GPE
        ended VBD ROOT 8 end
        . . punct 8
    """)
    mediated = [t for t in clause_triples(doc) if t.predicate.lemma_ == "mediate"]
    assert sorted(t.agent.text for t in mediated) == ["Qatar", "Turkey"]
    assert all(t.patient.text == "The talks" and t.passive for t in mediated)


def test_extract_conjoined_objects_become_separate_triples():
    doc = make_doc("""
        Iran NNP nsubj 1 - GPE
        attacked VBD ROOT 1 attack
        Iraq NNP dobj 1 - GPE
        and CC cc 2
        Kuwait NNP conj 2 - GPE
        . . punct 1
    """)
    assert sorted(_facts(doc)) == [("Iran", "attacked", "Iraq"), ("Iran", "attacked", "Kuwait")]


def test_extract_relative_clause_subject_is_antecedent():
    doc = make_doc("""
        They PRP nsubj 1
        sheltered VBD ROOT 1 shelter
        the DT det 3
        TTP NNP dobj 1 - ORG
        , , punct 3
        which WDT nsubj 8
        has VBZ aux 8
        carried VBN aux 8 carry
        out RP prt 8
        attacks NNS dobj 8 attack
        . . punct 1
    """.replace("carried VBN aux 8 carry\n        out RP prt 8\n        attacks NNS dobj 8 attack",
                "carried VBN relcl 3 carry\n        out RP prt 7\n        attacks NNS dobj 7 attack").replace(
        "which WDT nsubj 8", "which WDT nsubj 7").replace("has VBZ aux 8", "has VBZ aux 7"))
    rel = [t for t in clause_triples(doc) if t.predicate.lemma_ == "carry"]
    assert [(t.agent.text, t.relation_text, t.patient.text) for t in rel] == [("the TTP", "has carried out", "attacks")]


def test_extract_subject_control_keeps_embedded_verb_in_relation():
    doc = make_doc("""
        Afghanistan NNP nsubj 1 - GPE
        refused VBD ROOT 1 refuse
        to TO aux 3
        sign VB xcomp 1 sign
        an DT det 6
        written JJ amod 6
        agreement NN dobj 3
        . . punct 1
    """)
    [t] = list(clause_triples(doc))
    assert (t.agent.text, t.relation_text, t.patient.text) == ("Afghanistan", "refused to sign", "an written agreement")
    assert t.negated and t.control.lemma_ == "refuse" and t.predicate.lemma_ == "sign"


def test_extract_object_control_makes_object_the_subject():
    doc = make_doc("""
        The DT det 1
        violence NN nsubj 2
        led VBD ROOT 2 lead
        Qatar NNP dobj 2 - GPE
        to TO aux 5
        mediate VB xcomp 2 mediate
        a DT det 7
        ceasefire NN dobj 5
        . . punct 2
    """)
    [t] = [t for t in clause_triples(doc) if t.predicate.lemma_ == "mediate"]
    assert (t.agent.text, t.patient.text) == ("Qatar", "a ceasefire")
    assert "led" not in t.relation_text


def test_extract_vow_is_recorded_as_intent():
    doc = make_doc("""
        Kabul NNP nsubj 1 - GPE
        vowed VBD ROOT 1 vow
        to TO aux 3
        retaliate VB xcomp 1 retaliate
        . . punct 1
    """)
    [t] = list(clause_triples(doc))
    assert t.relation_text == "vowed to retaliate" and t.modality == "vow"


def test_extract_reported_speech_is_attributed():
    doc = make_doc("""
        Mujahid NNP nsubj 1 - PERSON
        said VBD ROOT 1 say
        Afghanistan NNP nsubj 5 - GPE
        does VBZ aux 5
        not RB neg 5
        want VB ccomp 1 want
        insecurity NN dobj 5
        . . punct 1
    """)
    triples = {t.predicate.lemma_: t for t in clause_triples(doc)}
    want = triples["want"]
    assert (want.agent.text, want.relation_text, want.patient.text) == ("Afghanistan", "does not want", "insecurity")
    assert want.negated and want.attribution.source.text == "Mujahid" and want.attribution.cue.text == "said"
    assert triples["say"].attribution is None


def test_extract_speaker_after_quote_is_attributed():
    doc = make_doc("""
        There EX expl 1
        is VBZ ccomp 6
        no DT det 3
        scope NN attr 1
        , , punct 6
        he PRP nsubj 6
        said VBD ROOT 6 say
        . . punct 6
    """)
    is_ = [t for t in clause_triples(doc) if t.predicate.lemma_ == "be"]
    assert is_ and is_[0].attribution.source.text == "he"


@pytest.mark.parametrize("modal,expected", [("will", "will"), ("would", "would"), ("may", "may")])
def test_extract_modality_is_recorded(modal, expected):
    doc = make_doc(f"""
        Pakistan NNP nsubj 2 - GPE
        {modal} MD aux 2
        allow VB ROOT 2 allow
        trade NN dobj 2
        . . punct 2
    """)
    [t] = list(clause_triples(doc))
    assert t.modality == expected and not t.negated


def test_extract_conditional_is_hypothetical():
    doc = make_doc("""
        if IN mark 2
        war NN nsubj 2
        breaks VBZ advcl 6 break
        out RP prt 2
        , , punct 6
        we PRP nsubj 6
        defend VBP ROOT 6 defend
        ourselves PRP dobj 6
        . . punct 6
    """)
    t = {t.predicate.lemma_: t for t in clause_triples(doc)}
    assert t["break"].hypothetical and not t["defend"].hypothetical


def test_extract_copula():
    doc = make_doc("""
        Hamas NNP nsubj 1 - ORG
        is VBZ ROOT 1
        a DT det 3
        group NN attr 1
        . . punct 1
    """)
    [t] = list(clause_triples(doc))
    assert (t.agent.text, t.relation_text, t.patient.text) == ("Hamas", "is", "a group") and t.kind == "copula"


def test_extract_apposition_is_an_is_fact():
    doc = make_doc("""
        Zabiullah NNP compound 1 - PERSON
        Mujahid NNP nsubj 6 - PERSON
        , , punct 1
        the DT det 4
        spokesperson NN appos 1
        , , punct 1
        spoke VBD ROOT 6 speak
        . . punct 6
    """)
    [t] = list(appositions(doc))
    assert (t.agent.text, t.relation_text, t.patient.text) == ("Zabiullah Mujahid", "is", "the spokesperson")
    [s] = list(clause_triples(doc))
    assert s.agent.text == "Zabiullah Mujahid"  # the apposition is not part of the subject


def test_extract_title_and_possessive():
    doc = make_doc("""
        Pakistan NNP poss 4 - GPE
        's POS case 0
        Defense NNP compound 3
        Minister NNP compound 5
        Khawaja NNP compound 5 - PERSON
        Asif NNP nsubj 6 - PERSON
        spoke VBD ROOT 6 speak
        . . punct 6
    """.replace("Khawaja NNP compound 5 - PERSON", "Khawaja NNP compound 5 - PERSON").replace(
        "Minister NNP compound 5", "Minister NNP compound 5"))
    titles = [(t.agent.text, t.patient.text) for t in appositions(doc)]
    assert ("Khawaja Asif", "Defense Minister") in titles
    owns = [(t.agent.text, t.relation_text) for t in possessives(doc)]
    assert ("Pakistan", "has") in owns


def test_extract_nominal_events():
    doc = make_doc("""
        talks NNS nsubj 5 talk
        between IN prep 0
        Pakistan NNP pobj 1 - GPE
        and CC cc 2
        Afghanistan NNP conj 2 - GPE
        ended VBD ROOT 5 end
        . . punct 5
    """)
    [t] = list(nominal_events(doc))
    assert (t.agent.text, t.predicate.text, t.patient.text) == ("Pakistan", "talks", "Afghanistan")
    doc = make_doc("""
        airstrikes NNS nsubj 4 airstrike
        on IN prep 0
        TTP NNP compound 3 - ORG
        hideouts NNS pobj 1 hideout
        continued VBD ROOT 4 continue
        . . punct 4
    """)
    [t] = list(nominal_events(doc))
    assert t.agent is None and t.patient.text == "TTP hideouts" and t.patient.prep.text == "on"


def test_extract_offsets_point_into_the_text():
    doc = make_doc("""
        Qatar NNP nsubj 1 - GPE
        mediated VBD ROOT 1 mediate
        talks NNS dobj 1 talk
        . . punct 1
    """)
    for t in extract(doc):
        for a in t.arguments:
            assert doc.text[a.start_char:a.end_char] == a.text
        assert doc.text[t.start_char:t.end_char] == "Qatar mediated talks"
