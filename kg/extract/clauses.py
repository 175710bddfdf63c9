"""Clause-level extraction over the dependency parse (ClearNLP labels, as spaCy's English models).

`clause_triples(doclike)` yields one `Triple` per predicate × distributed conjunct: active and
passive clauses, relative and reduced relative clauses, participial modifiers, control and
raising, reported speech (each `ccomp` its own triple, attributed to the speaker), prepositional
and n-ary arguments, copulas. Pure: it reads the parse and never changes the Doc.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from .model import Argument, Attribution, Role, Triple

__all__ = ["clause_triples", "argument", "SPEECH_VERBS", "conjuncts"]

SUBJ = {"nsubj", "csubj", "expl"}
SUBJPASS = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "attr", "oprd", "dative"}
CLAUSAL_PRED = {"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis", "csubjpass"}
REL_PRONOUNS = {"which", "who", "whom", "that", "whose", "where"}
MODALS = {"will", "would", "shall", "should", "may", "might", "can", "could", "must", "ought"}
SPEECH_VERBS = {
    "say", "claim", "allege", "report", "acknowledge", "deny", "confirm", "tell", "warn", "state",
    "announce", "insist", "assert", "add", "note", "argue", "suggest", "declare", "believe", "think",
    "reaffirm", "stress", "accuse", "charge", "admit", "maintain", "testify", "explain", "indicate",
    "write", "reveal", "predict", "estimate", "disclose", "contend", "agree", "emphasize", "emphasise",
    "reiterate", "complain", "concede", "quote", "tweet", "vow", "pledge", "promise", "threaten",
}
NEGATING_CONTROL = {"refuse", "decline", "fail", "reject", "deny", "avoid", "cease", "stop", "halt"}
INTENT_CONTROL = {"vow", "pledge", "promise", "threaten", "plan", "intend", "aim", "seek", "want", "hope",
                  "willing", "prepared", "ready", "committed", "determined", "eager", "keen",
                  "decide", "agree", "offer", "expect", "try", "attempt", "prepare", "wish", "mean", "ask"}
TIME_ENTS = {"DATE", "TIME"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
NEG_WORDS = {"not", "n't", "never", "no", "nt"}


def clause_triples(doclike: Doc | Span) -> Iterator[Triple]:
    """Yield the clause-level triples of every sentence in `doclike`."""
    sents = doclike.sents if isinstance(doclike, Doc) else ([doclike] if _is_sentence(doclike) else doclike.sents)
    for sent in sents:
        for tok in sent:
            if _is_predicate(tok):
                yield from _triples_for(tok)


def _is_sentence(span: Span) -> bool:
    try:
        return span.start == span.sent.start and span.end == span.sent.end
    except ValueError:
        return False


def _is_predicate(tok: Token) -> bool:
    if tok.pos_ == "VERB":
        if tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX") and _is_predicate(tok.head):
            return False  # merged into the governing verb's triple (control/raising)
        return tok.dep_ in CLAUSAL_PRED
    if tok.pos_ == "AUX" and tok.dep_ in CLAUSAL_PRED:
        # copula as main verb: "X is Y", "X was in London"
        return any(c.dep_ in ("attr", "acomp", "prep", "oprd") or c.dep_ in SUBJ for c in tok.children) and not any(
            c.pos_ == "VERB" and c.dep_ in ("xcomp",) for c in tok.children
        )
    return False


# ----------------------------------------------------------------------------------------------
# arguments


def argument(head: Token, role: Role = Role.OTHER, prep: Token | None = None, *, keep_conj: bool = True,
             cut: Token | None = None) -> Argument:
    """The phrase headed by `head`: its subtree minus relative clauses, appositions and edge punctuation.

    `cut` is a token whose subtree never belongs to the phrase (the predicate of a clause
    that modifies `head` itself, as in *talks mediated by Turkey*).
    """
    sub = list(head.subtree)
    if len(sub) == 1:
        return Argument(head=head, tokens=(head,), role=role, prep=prep)
    drop: set[int] = set()
    hi = head.i
    if cut is not None and cut.i != hi and sub[0].i <= cut.i <= sub[-1].i and head.is_ancestor(cut):
        drop.update(t.i for t in cut.subtree)
    for t in sub:
        if t.i in drop or t.i == hi:
            continue
        dep = t.dep_
        if t.head.i == hi:
            if dep in ("relcl", "appos", "advcl", "parataxis") or (not keep_conj and dep in ("conj", "cc", "preconj")):
                drop.update(x.i for x in t.subtree)
            elif dep == "acl" and t.tag_ in ("VBN", "VBG") and _has_comma_before(t):
                drop.update(x.i for x in t.subtree)
        elif dep == "relcl":  # deeper in the phrase: "a version of the language which is called X"
            drop.update(x.i for x in t.subtree)
    toks = [t for t in sub if t.i not in drop] if drop else sub
    # a comma left dangling by a dropped apposition or clause
    toks = [t for k, t in enumerate(toks) if not (t.dep_ == "punct" and t.text in (",", "--", "—", "–") and _dangling(toks, k))]
    toks = _drop_empty_brackets(toks)
    while toks and (toks[0].is_punct and toks[0].text not in ("``", "“", '"', "(", "$") or toks[0].dep_ == "cc"):
        toks.pop(0)
    while toks and (toks[-1].is_punct and toks[-1].text not in ("''", "”", '"', ")", "%") or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        toks = [head]
    return Argument(head=head, tokens=tuple(toks), role=role, prep=prep)


_OPEN = {"(": ")", "[": "]", "-LRB-": "-RRB-", "-LSB-": "-RSB-"}


def _drop_empty_brackets(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        if out and out[-1].text in _OPEN and t.text == _OPEN[out[-1].text]:
            out.pop()
            continue
        out.append(t)
    return out


def _has_comma_before(tok: Token) -> bool:
    i = tok.left_edge.i - 1
    return i >= tok.sent.start and tok.doc[i].text == ","


def _dangling(toks: list[Token], k: int) -> bool:
    if k == 0 or k == len(toks) - 1:
        return True
    prev, nxt = toks[k - 1], toks[k + 1]
    return nxt.i != toks[k].i + 1 or prev.i != toks[k].i - 1 or nxt.is_punct


_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "ADJ"}


def conjuncts(head: Token) -> list[Token]:
    """`head` and the tokens conjoined to it (``Turkey and Qatar`` → [Turkey, Qatar])."""
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and (c.pos_ in _NOMINAL) == (head.pos_ in _NOMINAL):
            out.extend(conjuncts(c))
    return out


def _inside_name(head: Token, other: Token) -> bool:
    """True when a conjunction is part of a name (*London, Midland and Scottish Railway Company*)."""
    for ent in head.doc.ents:
        if ent.start <= head.i < ent.end and ent.start <= other.i < ent.end:
            return True
    return head.dep_ == "compound" or other.dep_ == "compound"


def _distribute(head: Token, role: Role, prep: Token | None = None, cut: Token | None = None) -> list[Argument]:
    """One argument per conjunct: *Turkey and Qatar* → *Turkey*, *Qatar*."""
    conj = [c for c in conjuncts(head) if c != head and not _inside_name(head, c)]
    if not conj:
        return [argument(head, role, prep, cut=cut)]
    out = [argument(head, role, prep, keep_conj=False, cut=cut)]
    for c in conj:
        out.append(argument(c, role, prep, keep_conj=False, cut=cut))
    return out


# ----------------------------------------------------------------------------------------------
# subjects, objects, relation words


def _children(tok: Token, deps: set[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _antecedent(rel_pron: Token) -> Token | None:
    """The noun a relative pronoun stands for (*the TTP, which …* → TTP)."""
    t = rel_pron.head
    while t is not None:
        if t.dep_ == "relcl":
            return t.head
        if t.dep_ in ("ROOT",) or t.head == t:
            return None
        t = t.head
    return None


def _subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The grammatical subject of `verb` (its own or inherited) and whether it is passive."""
    if depth > 6:
        return None, False
    subj = _children(verb, SUBJ)
    if subj:
        s = subj[0]
        if s.dep_ == "expl":
            return None, False
        if s.lower_ in REL_PRONOUNS and (ante := _antecedent(s)) is not None:
            return ante, False
        return s, False
    subjpass = _children(verb, SUBJPASS)
    if subjpass:
        s = subjpass[0]
        if s.lower_ in REL_PRONOUNS and (ante := _antecedent(s)) is not None:
            return ante, True
        return s, True
    dep, head = verb.dep_, verb.head
    if dep == "conj" and head != verb and head.pos_ in ("VERB", "AUX"):
        return _subject_of(head, depth + 1)
    if dep == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "attr", "oprd"):
        return _subject_of(head.head, depth + 1)  # "Syria is willing to withdraw"
    if dep == "xcomp" or (dep == "advcl" and verb.tag_ in ("VBG", "VBN") and not _children(verb, ("mark",))):
        objs = _children(head, ("dobj",))
        if dep == "xcomp" and objs and head.lemma_ not in ("promise",):
            return objs[0], False  # object control: "led Qatar to mediate"
        return _subject_of(head, depth + 1)
    if dep == "relcl":
        # the relativiser is not the subject (it has one of its own or is passive): handled by caller
        return None, False
    if dep == "acl":
        if verb.tag_ == "VBN":
            return head, True  # reduced relative: "talks mediated by Turkey" → talks are mediated
        if verb.tag_ == "VBG":
            return head, False  # "a group carrying out attacks"
        if _children(verb, ("aux",)) and head.dep_ in ("dobj", "pobj", "attr"):
            return _subject_of(head.head, depth + 1) if head.dep_ == "dobj" else (None, False)
    if dep == "pcomp" and head.dep_ == "prep":
        return _subject_of(head.head, depth + 1) if head.head.pos_ in ("VERB", "AUX") else (None, False)
    return None, False


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _relation_words(verb: Token) -> list[Token]:
    words = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    words += [c for c in verb.children if c.dep_ == "advmod" and c.lower_ in NEG_WORDS]
    words.append(verb)
    return words


def _controlled(verb: Token) -> list[Token]:
    """The verb chain of control/raising: *refused to sign* → [refused, to, sign]."""
    chain = [verb]
    cur = verb
    for _ in range(4):
        nxt = [c for c in cur.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if not nxt:
            break
        cur = nxt[0]
        chain.append(cur)
    return chain


def _preps(verb: Token) -> list[tuple[Token, Token]]:
    """(preposition, object) pairs hanging off `verb`, including *by*-agents and *according to*."""
    out: list[tuple[Token, Token]] = []
    for c in verb.children:
        if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP":
            objs = _children(c, ("pobj", "pcomp"))
            if not objs:
                inner = _children(c, ("prep",))  # "according to X", "out of X"
                if inner:
                    objs = _children(inner[0], ("pobj",))
            for o in objs:
                out.append((c, o))
    return out


def _role_for(tok: Token, prep: Token | None) -> Role:
    if tok.ent_type_ in TIME_ENTS or tok.lemma_ in ("today", "yesterday", "tomorrow"):
        return Role.TIME
    if tok.ent_type_ in PLACE_ENTS and prep is not None and prep.lower_ in ("in", "at", "inside", "near", "into", "from", "across"):
        return Role.PLACE
    return Role.OTHER


def _attribution(tok: Token) -> Attribution | None:
    """The speaker when `tok` sits in what a speech verb reports (*X said [that] …*)."""
    child, t = tok, tok.head
    for _ in range(8):
        if t == child:
            return None
        if child.dep_ in ("ccomp", "dobj", "xcomp", "parataxis") and t.lemma_ in SPEECH_VERBS and t.pos_ == "VERB":
            subj, passive = _subject_of(t)
            if passive:
                ag = [o for p, o in _preps(t) if p.dep_ == "agent"]
                subj = ag[0] if ag else None
            if subj is not None and subj != tok:
                return Attribution(argument(subj, Role.SUBJECT), t)
            return None
        if child.dep_ == "prep" and child.lower_ == "according":
            return None
        child, t = t, t.head
    return None


def _according_to(verb: Token) -> Attribution | None:
    for c in verb.children:
        if c.lower_ == "according" and c.dep_ == "prep":
            to = _children(c, ("prep",))
            objs = _children(to[0], ("pobj",)) if to else []
            if objs:
                return Attribution(argument(objs[0], Role.SUBJECT), c)
    return None


def _hypothetical(verb: Token) -> bool:
    t = verb
    for _ in range(6):
        if any(m.lower_ in ("if", "unless") for m in _children(t, ("mark",))):
            return True
        if t.dep_ in ("ROOT",) or t.head == t:
            return False
        t = t.head
    return False


# ----------------------------------------------------------------------------------------------


def _controller_triple(verb: Token, obj: Token, subj: Token | None, embedded: Token) -> Iterator[Triple]:
    passive = _is_passive(verb)
    words = sorted(_relation_words(verb), key=lambda t: t.i)
    agent = argument(subj, Role.SUBJECT, cut=verb) if subj is not None and not passive else None
    clause = Argument(embedded, tuple(t for t in embedded.subtree), Role.CLAUSE)
    extras = [clause] + [argument(o, _role_for(o, p), p) for p, o in _preps(verb)]
    yield Triple(
        predicate=verb, relation=tuple(words), agent=agent, patient=argument(obj, Role.OBJECT), extras=tuple(extras),
        rule="control", negated=any(t.dep_ == "neg" for t in words), attribution=_attribution(verb),
        hypothetical=_hypothetical(verb), modality=next((t.lower_ for t in words if t.tag_ == "MD"), None),
    ).scored()


def _triples_for(verb: Token) -> Iterator[Triple]:
    chain = _controlled(verb)
    main = chain[-1]  # the verb whose arguments we take (the embedded one under control)
    subj_tok, _ = _subject_of(verb)
    control = chain[-2] if len(chain) > 1 else None
    if control is None and verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ":
        control = verb.head  # "willing to withdraw", "prepared to lift", "ready to negotiate"
    if len(chain) > 1:
        controller_obj = [c for c in chain[-2].children if c.dep_ == "dobj"]
        if controller_obj and chain[-2].lemma_ not in ("promise",):
            # object control: "warned Tehran not to use them" is Washington warning Tehran, and
            # Tehran (not) using them: two triples
            yield from _controller_triple(chain[-2], controller_obj[0], subj_tok, chain[-1])
            chain = chain[-1:]
            subj_tok = controller_obj[0]
            control = None
    relation_tokens: list[Token] = []
    for v in chain:
        relation_tokens.extend(_relation_words(v))
    relation_tokens.sort(key=lambda t: t.i)
    passive = _is_passive(main)
    negated = any(t.dep_ == "neg" or t.lower_ in NEG_WORDS for t in relation_tokens) or (
        control is not None and control.lemma_ in NEGATING_CONTROL
    )
    modal = next((t.lower_ for t in relation_tokens if t.tag_ == "MD"), None)
    if modal is None and control is not None and control.lemma_ in INTENT_CONTROL:
        modal = control.lemma_

    # relative clause whose relativiser is the object: "the deal which Iran signed" → Iran signed deal
    rel_obj: Token | None = None
    if verb.dep_ == "relcl":
        for c in main.children:
            if c.lower_ in REL_PRONOUNS and c.dep_ in ("dobj", "pobj", "attr"):
                rel_obj = verb.head
        if subj_tok is None and rel_obj is None and not _children(main, SUBJ | SUBJPASS):
            subj_tok = verb.head  # "the group that attacked" (relativiser dropped by the parser)

    objects: list[Token] = [c for c in main.children if c.dep_ in OBJ and not (c.lower_ in REL_PRONOUNS)]
    recipients = [c for c in objects if c.dep_ == "dative"]
    objects = [c for c in objects if c.dep_ != "dative"]
    if len(objects) >= 2 and objects[0].dep_ == "dobj" and objects[1].dep_ == "dobj":
        # "give Tanzania a grant": of two bare objects the first is the recipient
        recipients.append(objects.pop(0))
    if rel_obj is not None:
        objects.insert(0, rel_obj)
    acomps = [c for c in main.children if c.dep_ == "acomp"]
    ccomps = [c for c in main.children if c.dep_ in ("ccomp",) or (c.dep_ == "xcomp" and c.pos_ not in ("VERB", "AUX"))]
    preps = _preps(main)
    if main != verb:
        preps = _preps(verb) + preps if verb.lemma_ in ("help",) else preps

    # logical roles
    agent_heads: list[Token] = []
    patient_heads: list[Token] = []
    if passive:
        by = [(p, o) for p, o in preps if p.dep_ == "agent" or (p.lower_ == "by" and o.pos_ in ("PROPN", "NOUN", "PRON"))]
        if by:
            agent_heads = [by[0][1]]
            preps = [po for po in preps if po != by[0]]
        if subj_tok is not None:
            patient_heads = [subj_tok]
    else:
        if subj_tok is not None:
            agent_heads = [subj_tok]
    if not passive or not patient_heads:
        patient_heads = patient_heads or objects[:1]

    extras: list[Argument] = [argument(r, Role.RECIPIENT) for r in recipients]
    for o in objects[1:] if not passive else objects:
        extras.append(argument(o, Role.OBJECT))
    for a in acomps:
        extras.append(argument(a, Role.OBJECT))
    for cc in ccomps:
        extras.append(argument(cc, Role.CLAUSE))
    for p, o in preps:
        extras.append(argument(o, _role_for(o, p), p))
    for c in main.children:
        if c.dep_ == "npadvmod" or (c.dep_ == "advmod" and (any(x.dep_ == "npadvmod" for x in c.children) or c.ent_type_ in TIME_ENTS)):
            extras.append(argument(c, Role.TIME if c.ent_type_ in TIME_ENTS or c.dep_ == "advmod" else Role.OTHER))
    # a bare clause with a copula-like complement and no object
    if not patient_heads and extras and extras[0].role in (Role.OBJECT, Role.CLAUSE) and extras[0].prep is None:
        first = extras.pop(0)
        patient_heads = [first.head]
        patient_first: Argument | None = first
    else:
        patient_first = None
    extras.sort(key=lambda a: a.tokens[0].i)

    attribution = _attribution(verb) or _according_to(main)
    hypothetical = _hypothetical(verb)
    kind = "copula" if main.pos_ == "AUX" else "verbal"
    rule = "passive" if passive else ("relative" if verb.dep_ in ("relcl", "acl") else ("control" if control else "clause"))

    agents: list[Argument | None] = [
        a for h in agent_heads for a in _distribute(h, Role.AGENT if passive else Role.SUBJECT, cut=verb)
    ] or [None]
    if patient_first is not None:
        patients: list[Argument | None] = [patient_first]
    else:
        patients = [a for h in patient_heads for a in _distribute(h, Role.OBJECT, cut=verb)] or [None]
    ext = tuple(extras)
    for ag in agents:
        for pa in patients:
            if ag is None and pa is None and not ext:
                continue
            yield Triple(
                predicate=main,
                relation=tuple(relation_tokens),
                agent=ag,
                patient=pa,
                extras=ext,
                kind=kind,
                rule=rule,
                passive=passive,
                negated=negated,
                modality=modal,
                hypothetical=hypothetical,
                control=control,
                attribution=attribution,
            ).scored()
