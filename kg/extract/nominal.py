"""Facts inside noun phrases: appositions and titles (`is`), possessives (`has`), nominal events.

*Zabiullah Mujahid, the spokesperson* → (Zabiullah Mujahid, is, the spokesperson);
*Pakistan's Defense Minister Khawaja Asif* → (Khawaja Asif, is, Defense Minister) and
(Pakistan, has, Defense Minister Khawaja Asif); *talks between Pakistan and Afghanistan* →
(Pakistan, talks, Afghanistan); *Pakistan's closure of the border* → (Pakistan, closure, the
border); *airstrikes on TTP hideouts* → (?, airstrikes, TTP hideouts).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.tokens import Doc, Span, Token

from .clauses import _attribution, _distribute, argument, conjuncts
from .model import Argument, Role, Triple

__all__ = ["appositions", "possessives", "modifiers", "nominal_events", "EVENT_NOUNS"]

EVENT_NOUNS = frozenset({
    "talk", "negotiation", "meeting", "summit", "dialogue", "visit", "mediation", "attack", "strike",
    "airstrike", "air strike", "bombing", "raid", "offensive", "assault", "invasion", "clash", "fighting",
    "shelling", "closure", "blockade", "deportation", "expulsion", "arrest", "sanction", "accusation",
    "allegation", "threat", "demand", "ceasefire", "truce", "agreement", "deal", "protest", "killing",
    "kidnapping", "abduction", "ambush", "crackdown", "condemnation", "criticism", "aid", "support",
    "cooperation", "withdrawal", "release", "incursion", "bombardment", "explosion", "occupation",
    "mobilization", "mobilisation", "deployment", "embargo", "boycott", "rejection", "denial", "appeal",
})
_BETWEEN = {"between"}
_TARGET_PREPS = {"on", "against", "of", "with", "to", "into", "in", "from"}
_TITLE_POS = {"NOUN", "PROPN"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mme", "m", "herr"}


def _sents(doclike: Doc | Span) -> Iterator[Span]:
    if isinstance(doclike, Doc):
        yield from doclike.sents
    else:
        yield doclike


def appositions(doclike: Doc | Span) -> Iterator[Triple]:
    """*X, the Y,* and *Title Name* as (X, is, Y)."""
    for sent in _sents(doclike):
        for tok in sent:
            if tok.dep_ == "appos" and tok.head.pos_ in _TITLE_POS:
                first, second = argument(tok.head, Role.SUBJECT, keep_conj=False), argument(tok, Role.OBJECT)
                if tok.head.pos_ != "PROPN" and tok.pos_ == "PROPN":
                    first, second = second, first  # the name first: (Kasim Hilas, is, one of the prisoners)
                yield Triple(
                    predicate=tok, relation=(), agent=first, patient=second, kind="apposition", rule="apposition",
                    words="is",
                ).scored()
            elif tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON" and tok.dep_ not in ("compound", "appos"):
                yield from _title(sent, tok)


def _title(sent: Span, tok: Token) -> Iterator[Triple]:
    """*Defense Minister Khawaja Asif* → (Khawaja Asif, is, Defense Minister)."""
    doc = sent.doc
    inside = {t.i for t in tok.subtree}
    j = tok.i
    while j - 1 >= sent.start and doc[j - 1].ent_type_ == "PERSON" and (j - 1) in inside:
        j -= 1
    k = j
    while (k - 1 >= sent.start and (k - 1) in inside and doc[k - 1].pos_ in _TITLE_POS
           and doc[k - 1].ent_type_ not in ("GPE", "NORP", "ORG", "PERSON") and doc[k - 1].dep_ not in ("poss", "case")):
        k -= 1
    if k == j or all(t.lower_.rstrip(".") in _HONORIFICS for t in doc[k:j]):
        return
    title = tuple(doc[k:j])
    name = tuple(doc[j: tok.i + 1])
    yield Triple(
        predicate=tok, relation=(), agent=Argument(tok, name, Role.SUBJECT),
        patient=Argument(title[-1], title, Role.OBJECT), kind="apposition", rule="title", words="is",
    ).scored()


def possessives(doclike: Doc | Span) -> Iterator[Triple]:
    """*Pakistan's demands*, *X of the University* as (Pakistan, has, demands)."""
    for sent in _sents(doclike):
        for tok in sent:
            if tok.dep_ == "poss" and tok.pos_ in ("PROPN", "NOUN") and tok.head.pos_ in ("NOUN", "PROPN"):
                owner = argument(tok, Role.SUBJECT)
                owner = Argument(tok, tuple(t for t in owner.tokens if t.dep_ != "case"), Role.SUBJECT)
                head = tok.head
                owned = tuple(t for t in argument(head, Role.OBJECT, keep_conj=False).tokens
                              if t.i > tok.right_edge.i or t.i > tok.i and t not in tok.subtree)
                owned = tuple(t for t in owned if t.dep_ != "case")
                if owned:
                    yield Triple(
                        predicate=head, relation=(), agent=owner, patient=Argument(head, owned, Role.OBJECT),
                        kind="possessive", rule="possessive", words="has",
                    ).scored()


def _relative_antecedent(tok: Token) -> Token:
    if tok.lower_ in ("which", "that", "who") :
        t = tok.head
        for _ in range(6):
            if t.dep_ == "relcl":
                return t.head
            if t.head == t:
                break
            t = t.head
    return tok


_LOC_PREPS = {"in", "at", "from", "near", "on", "inside", "outside", "with", "of"}


def modifiers(doclike: Doc | Span) -> Iterator[Triple]:
    """Facts a noun phrase states by modification: *insolvent thrifts* → (thrifts, is, insolvent);
    *the championships in Stockholm* → (the championships, is in, Stockholm)."""
    for sent in _sents(doclike):
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound",):
                continue
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in _LOC_PREPS and c.lower_ != "of":
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    if not objs:
                        continue
                    head_toks = tuple(t for t in argument(tok, Role.SUBJECT, keep_conj=False).tokens if t not in c.subtree)
                    if not head_toks:
                        continue
                    yield Triple(
                        predicate=c, relation=(c,), agent=Argument(tok, head_toks, Role.SUBJECT),
                        patient=argument(objs[0], Role.OBJECT, keep_conj=False), kind="modifier", rule="noun-prep",
                        words=f"is {c.text}",
                    ).scored()
                elif c.dep_ == "amod" and c.pos_ == "ADJ" and c.i < tok.i and not c.ent_type_ and c.lower_ not in _VAGUE_ADJ:
                    rest = tuple(t for t in argument(tok, Role.SUBJECT, keep_conj=False).tokens if t != c and t.i > c.i)
                    if rest:
                        yield Triple(
                            predicate=c, relation=(), agent=Argument(tok, rest, Role.SUBJECT),
                            patient=Argument(c, tuple(t for t in c.subtree), Role.OBJECT), kind="modifier",
                            rule="noun-adj", words="is",
                        ).scored()


_VAGUE_ADJ = {"other", "such", "many", "more", "most", "several", "same", "own", "few", "much", "first", "last",
              "next", "new", "former", "late", "recent", "certain", "main", "only", "very", "further", "previous"}


def nominal_events(doclike: Doc | Span, nouns: Collection[str] = EVENT_NOUNS) -> Iterator[Triple]:
    """Event nouns with their participants: possessor or modifier as agent, *on/against/of* as patient."""
    for sent in _sents(doclike):
        for tok in sent:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns:
                continue
            agent: list[Argument] = []
            patient: list[Argument] = []
            extras: list[Argument] = []
            mods = list(tok.children)
            # "Pakistani drone strikes": the nationality may modify the compound noun
            mods += [g for c in tok.children if c.dep_ == "compound" for g in c.children if g.dep_ in ("amod", "compound")]
            for c in mods:
                if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
                    agent += _distribute(c, Role.SUBJECT)
                elif c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN"):
                    agent.append(Argument(c, (c,), Role.SUBJECT))
                elif c.dep_ == "prep":
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    if not objs:
                        continue
                    p = c.lower_
                    if p in _BETWEEN:
                        parts = conjuncts(objs[0])
                        if len(parts) >= 2:
                            agent.append(argument(parts[0], Role.SUBJECT, keep_conj=False))
                            patient += [argument(x, Role.OBJECT, keep_conj=False) for x in parts[1:]]
                        else:
                            patient.append(argument(objs[0], Role.OBJECT, c))
                    elif p == "by":
                        agent += _distribute(objs[0], Role.AGENT)
                    elif p in _TARGET_PREPS and not patient and not (p == "in" and objs[0].ent_type_ in ("DATE", "TIME")):
                        if p == "in" and objs[0].ent_type_ in ("GPE", "LOC", "FAC"):
                            extras.append(argument(objs[0], Role.PLACE, c))
                        else:
                            patient += _distribute(objs[0], Role.OBJECT, c)
                    else:
                        role = Role.TIME if objs[0].ent_type_ in ("DATE", "TIME") else Role.OTHER
                        extras.append(argument(objs[0], role, c))
                elif c.dep_ in ("nmod", "compound") and c.ent_type_ in ("DATE",):
                    extras.append(Argument(c, tuple(sorted(c.subtree, key=lambda t: t.i)), Role.TIME))
            if tok.dep_ == "attr" and tok.head.pos_ == "AUX":
                # "explosions in Kabul, which ... were Pakistani drone strikes": the subject's place and date
                for subj in (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")):
                    subj = _relative_antecedent(subj)
                    for c in subj.children:
                        if c.dep_ == "prep":
                            for o in (x for x in c.children if x.dep_ == "pobj"):
                                role = Role.PLACE if o.ent_type_ in ("GPE", "LOC", "FAC") else Role.OTHER
                                extras.append(argument(o, role, c))
                        elif c.ent_type_ in ("DATE",) and c.dep_ in ("nmod", "compound", "npadvmod"):
                            extras.append(Argument(c, tuple(sorted(c.subtree, key=lambda t: t.i)), Role.TIME))
            if not agent and not patient:
                continue
            attribution = _attribution(tok)
            for a in agent or [None]:
                for p in patient or [None]:
                    yield Triple(
                        predicate=tok, relation=(tok,), agent=a, patient=p, extras=tuple(extras),
                        kind="nominal", rule="nominal", attribution=attribution,
                    ).scored()
