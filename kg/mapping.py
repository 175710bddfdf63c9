"""Ontology mapping: triples + actors → events (who did what to whom, according to whom).

For each extracted triple the lexicon picks an action from the predicate's lemma and frame; the
actor resolver turns the agent and the target phrase into canonical actors; control verbs,
negation, modality, conditions and attribution decide the event's factuality. Following CAMEO
and PETRARCH conventions: compound actors are multiplied out, *both sides … each other* becomes
two events, a mediator's targets are the parties, a future or vowed use of force is a threat,
a refusal is a rejection, and *A says B attacked* is also an accusation by A against B.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from .actors import Actor, DocumentActors, people_head
from .extract.model import Argument, Role, Triple
from .ontology import QUANTITY_NOUNS, Action, LexRule, Lexicon, Ontology
from .places import Place, find_place
from .temporal import TimeValue, normalize

__all__ = ["Event", "map_events"]

REFUSAL = {"refuse", "decline", "reject", "fail"}
INTENT_MODALS = {"will", "shall", "would", "promise", "pledge", "offer", "plan", "intend", "agree", "vow", "hope", "want", "seek", "aim", "prepare"}
INTENT_CONTROL = {"agree", "offer", "promise", "pledge", "plan", "intend", "prepare", "decide", "want", "hope", "seek",
                  "willing", "prepared", "ready", "committed", "determined", "eager", "keen"}
VOW = {"vow", "threaten", "warn", "swear"}
PROMISE = {"promise", "pledge", "offer", "agree", "commit"}
CONFLICT_PLOVER = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"}
RECIPIENT_REQUIRED = {"COOPERATE", "AID", "SANCTION", "CONSULT"}
COOPERATIVE = ("CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE")
RESTRICTING = {"suspend", "close", "shut", "stop", "halt", "cease", "leave", "evacuate", "disband", "dissolve", "vacate"}
RECIPROCAL_TYPES = {"CONSULT", "SUPPORT", "AGREE", "COOPERATE", "ASSAULT", "REJECT"}


def _conjoined(head: Token) -> list[Token]:
    """The other members of the conjunction `head` belongs to (*Czechia and Albania*)."""
    first = head
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    members = [first]
    todo = [first]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj":
                members.append(c)
                todo.append(c)
    return [m for m in members if m.i != head.i]  # PLOVER: these need someone on the other side


REFLEXIVE = {"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves", "oneself"}


def _untargeted_text(triple: Triple, agents: dict) -> str:
    """The words for whom the event was done to, when they name someone no actor could be resolved
    for (*dozens of militants*, *five people*); empty when they name a thing or a clause."""
    arg = triple.patient or next((a for a in triple.extras if a.prep is not None and a.role is Role.OTHER), None)
    if arg is None:
        return ""
    head = _object_head(arg) or arg.head
    if head.lower_ in REFLEXIVE:
        return ""
    someone = (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
               or (head.pos_ == "NOUN" and (head.lemma_.lower(),) in agents))
    return arg.text_with_prep if someone and arg is not triple.patient else arg.text if someone else ""


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event, with everything needed to trace it back to the text."""

    actor: Actor
    action: Action
    target: Actor | None
    triple: Triple
    cameo: str
    confidence: float
    rule: str
    factuality: str = "asserted"  # asserted | claimed | negated | refused | intended | hypothetical
    negated: bool = False
    modality: str | None = None
    hypothetical: bool = False
    claimed_by: Actor | None = None
    claimed_text: str | None = None
    cue: str | None = None
    actor_text: str = ""
    target_text: str = ""
    time: TimeValue | None = None
    place: Place | None = None
    place_text: str | None = None
    derived_from: str | None = None  # "attribution" for accusations derived from a claim

    @property
    def sentence(self) -> Span:
        return self.triple.sentence

    @property
    def start_char(self) -> int:
        return self.triple.start_char

    @property
    def end_char(self) -> int:
        return self.triple.end_char

    @property
    def asserted(self) -> bool:
        return self.factuality == "asserted"


@dataclass
class _Ctx:
    actors: DocumentActors
    ontology: Ontology
    lexicon: Lexicon
    published: date | None
    seen: dict[tuple, Event] = field(default_factory=dict)


def _verb_lemmas(tok: Token) -> list[str]:
    """The tagger's lemma, then the regular-inflection guesses for when it slips ("staged" → "stag")."""
    base, w, tag = tok.lemma_.lower(), tok.lower_, tok.tag_
    out = [base]
    if tag in ("VBD", "VBN") and w.endswith("ed"):
        out += [w[:-1], w[:-2]] + ([w[:-3] + "y"] if w.endswith("ied") else [])
    elif tag == "VBG" and w.endswith("ing"):
        out += [w[:-3] + "e", w[:-3]]
    elif tag == "VBZ" and w.endswith("s"):
        out += [w[:-1], w[:-2]] + ([w[:-3] + "y"] if w.endswith("ies") else [])
    return list(dict.fromkeys(x for x in out if len(x) > 1))


def _key_lemma(tok: Token, pos: str) -> list[str]:
    base = tok.lemma_.lower()
    if pos == "V":
        prts = [c.lower_ for c in tok.children if c.dep_ == "prt" or (
            # "forced UNHCR out of the country": a particle the parser took for a preposition
            c.dep_ == "prep" and c.lower_ in ("out", "off", "away", "back") and not any(x.dep_ == "pobj" for x in c.children))]
        lemmas = _verb_lemmas(tok)
        return [f"{b}_{prts[0]}" for b in lemmas] + lemmas if prts else lemmas
    mods = [c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    return ([f"{mods[0]} {base}"] if mods else []) + [base]


def _object_head(arg: Argument | None) -> Token | None:
    if arg is None:
        return None
    head = arg.head
    for _ in range(3):
        if head.lemma_.lower() in QUANTITY_NOUNS:
            of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
            objs = [o for p in of for o in p.children if o.dep_ == "pobj"]
            if objs:
                head = objs[0]
                continue
        break
    return head


LIGHT_VERBS = {"strengthen", "tighten", "toughen", "expand", "extend", "ramp_up", "renew", "stage", "hold", "launch", "begin", "start", "organize", "organise", "carry_out", "conduct", "impose",
               "lodge", "file", "issue", "make", "mount", "deliver", "express", "announce", "call", "declare",
               "unleash", "wage", "step_up", "intensify", "resume", "order", "go_on", "open", "initiate", "take",
               "speed_up", "accelerate", "complete", "continue", "pursue", "reiterate", "repeat", "voice"}


def _pick_rules(triple: Triple, lex: Lexicon) -> list[tuple[LexRule, Token | None]]:
    """Every lexicon rule whose lemma and object fit the triple, best first."""
    picked = _pick_direct(triple, lex)
    if picked:
        return picked
    # a light verb with an event noun as its object: "staged rallies", "imposed a curfew",
    # "lodged a protest with X", "launched artillery fire against Y" — the noun names the event
    pred = triple.predicate
    if triple.kind == "nominal" or pred.pos_ != "VERB":
        return []
    keys = _key_lemma(pred, "V")
    if not any(k in LIGHT_VERBS for k in keys):
        return []
    obj = _object_head(triple.patient)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
        return []
    for lemma in _key_lemma(obj, "N"):
        rules = lex.candidates("N", lemma)
        if rules:
            return [(r, obj) for r in rules]
    return []


def _pick_direct(triple: Triple, lex: Lexicon) -> list[tuple[LexRule, Token | None]]:
    pred = triple.predicate
    pos = "N" if triple.kind == "nominal" else "V"
    if pos == "V" and pred.pos_ not in ("VERB",):
        return []
    obj_arg = triple.patient if not triple.passive else triple.patient
    obj_head = _object_head(obj_arg) if pos == "V" else None
    if pos == "V" and triple.passive:
        obj_head = _object_head(triple.patient)
    obj_lemma = obj_head.lemma_.lower() if obj_head is not None else None
    if obj_lemma is not None and obj_head is not None:
        comp = [c.lemma_.lower() for c in obj_head.children if c.dep_ in ("compound",) and c.i == obj_head.i - 1]
        obj_lemmas = [f"{comp[0]}{obj_lemma}", f"{comp[0]} {obj_lemma}", obj_lemma] if comp else [obj_lemma]
    else:
        obj_lemmas = [None]
    out: list[tuple[LexRule, Token | None]] = []
    for lemma in _key_lemma(pred, pos):
        for rule in lex.candidates(pos, lemma):
            if any(rule.object_fits(ol) for ol in obj_lemmas):
                out.append((rule, obj_head))
        if out:
            break  # a phrasal verb's rules ("call_on") take precedence over the bare verb's
    return out


def _prep_arg(args: Iterable[Argument], preps: frozenset[str]) -> Argument | None:
    for a in args:
        if a.prep is not None and (not preps or a.prep.lower_ in preps):
            return a
    return None


def _objprep(obj_head: Token | None, preps: frozenset[str]) -> Argument | None:
    from .extract.clauses import argument

    if obj_head is None:
        return None
    for c in obj_head.children:
        if c.dep_ == "prep" and (not preps or c.lower_ in preps):
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return argument(objs[0], Role.OBJECT, c)
    return None


def _resolve(ctx: _Ctx, arg: Argument | None, speaker: Actor | None) -> list[Actor]:
    if arg is None:
        return []
    return ctx.actors.resolve(arg, speaker=speaker)


def _targets(ctx: _Ctx, triple: Triple, rule: LexRule, obj_head: Token | None, speaker: Actor | None,
             actor: Actor) -> tuple[list[Actor], str, bool]:
    """Target actors for the rule's target specs (first that resolves), their text, and whether
    they came from the article's principal dyad rather than the sentence."""
    extras = triple.extras
    for kind, preps in rule.targets:
        arg: Argument | None = None
        if kind == "obj":
            arg = triple.patient
            if arg is not None and obj_head is not None and triple.kind != "nominal" and obj_head != _object_head(arg):
                arg = None
            if arg is not None and rule.pos == "N" and obj_head is not None and triple.kind != "nominal":
                # light verb + event noun: the noun's own participants ("protest with X", "fire against Y")
                arg = _objprep(obj_head, frozenset({"against", "on", "with", "to", "at", "of", "into"}))
        elif kind == "ccomp":
            # "demanded that Hamas renounce ...", "urged that X ..." → the clause's subject
            heads = [triple.predicate] + ([obj_head] if obj_head is not None else [])
            for c in (c for h in heads for c in h.children):
                if c.dep_ in ("ccomp", "xcomp", "acl"):
                    subj = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        from .extract.clauses import argument

                        arg = argument(subj[0], Role.OBJECT)
                        break
        elif kind == "owngov":
            if ctx.ontology.action(rule.action).plover == "PROTEST":
                # what the protest is for names its target: "blocked roads to show disapproval of
                # X's policies", "marched in defiance of X"
                for parg in _purpose_args(triple.predicate):
                    # here a thing stands only for its owner ("X's policies"), never for a country
                    # it happens to mention ("settlement of Russian immigrants")
                    found_p, text = _resolve_phrase(ctx, parg, speaker, owner_only=True)
                    found_p = [t for t in found_p if t.key != actor.key]
                    if found_p:
                        return found_p, text, False
            # domestic protest, concession or restriction: the actor's own government
            if actor.country and actor.country not in ("IGO", "NGO", "IMG") and actor.sector != "GOV" and actor.kind != "State":
                return [ctx.actors.gaz.sector_actor(actor.country, "GOV")], "", False
            continue
        elif kind == "dative":
            arg = next((a for a in extras if a.role is Role.RECIPIENT), None)
        elif kind == "prep":
            arg = _prep_arg([a for a in extras if a.role is not Role.TIME], preps)
            later = [a for a in extras if a is not arg and a.role is not Role.TIME and a.prep is not None
                     and (not preps or a.prep.lower_ in preps)]
            if arg is not None and later and not _resolve(ctx, arg, speaker):
                arg = next((a for a in later if _resolve(ctx, a, speaker)), arg)  # "eased measures [on Wednesday] [in Montenegro]"
            if arg is None and triple.kind == "nominal":
                arg = triple.patient if triple.patient is not None and triple.patient.prep is not None and (
                    not preps or triple.patient.prep.lower_ in preps) else None
            if arg is None and preps and obj_head is not None and triple.kind != "nominal":
                # the parser hung the phrase on the object: "granted asylum [to X]", "delivered goods [to X]"
                arg = _objprep(obj_head, preps)
        elif kind == "objprep":
            arg = _objprep(obj_head, preps)
        elif kind == "dyad":
            dyad = ctx.actors.dyad
            if dyad:
                return [d for d in dyad], "", True
            continue
        if arg is None:
            continue
        if kind in ("obj", "prep", "objprep"):
            found, text = _resolve_phrase(ctx, arg, speaker)
        else:
            found, text = _resolve(ctx, arg, speaker), arg.text
        if found:
            return found, text, False
    return [], "", False


def _resolve_phrase(ctx: _Ctx, arg: Argument, speaker: Actor | None, *, owner_only: bool = False) -> tuple[list[Actor], str]:
    """The actors a phrase stands for, and the words that named them. A thing stands for whoever it
    belongs to: "against Sweden's decision", "war crimes by Croatian extremists" — its owner is
    tried first (with `owner_only`, only its owner); anyone else's phrase, then its owner."""
    owner = _owner(arg.head) if arg.head.pos_ == "NOUN" else None
    if _is_thing(ctx, arg.head):
        cands = [owner] if owner_only else [owner, arg]
    else:
        cands = [arg, owner]
    for cand in cands:
        if cand is not None and (found := _resolve(ctx, cand, speaker)):
            return found, cand.text
    return [], ""


def _purpose_args(verb: Token) -> Iterator[Argument]:
    """Phrases naming what an act is for or against: the objects of a purpose clause ("to protest
    X", "to show disapproval of X") and "in defiance of / in protest against X"."""
    from .extract.clauses import argument

    def objects(head: Token) -> Iterator[Argument]:
        for c in head.children:
            if c.dep_ in ("dobj", "attr"):
                yield argument(c, Role.OBJECT)
                yield from objects(c)
            elif c.dep_ == "prep":
                for o in c.children:
                    if o.dep_ == "pobj":
                        yield argument(o, Role.OBJECT, c)

    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp") and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
            yield from objects(c)
        elif c.dep_ == "prep" and c.lower_ == "in":
            for o in c.children:
                if o.dep_ == "pobj" and o.lemma_.lower() in ("defiance", "protest", "opposition", "response"):
                    yield from objects(o)


def _is_thing(ctx: _Ctx, tok: Token) -> bool:
    """A common noun that names no one: "decision", "crimes", "policies" (not "officials", "Kabul")."""
    return tok.pos_ == "NOUN" and not tok.ent_type_ and (tok.lemma_.lower(),) not in ctx.actors.gaz.agents


def _owner(head: Token) -> Argument | None:
    from .extract.clauses import argument

    for c in head.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
            return argument(c, Role.OBJECT)
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return argument(objs[0], Role.OBJECT, c)
    return None


def _implicit_agent(triple: Triple, lexicon: Lexicon | None = None) -> Argument | None:
    """The understood subject of a purpose clause: "Turks began a hunger strike to protest ...",
    "the army deployed to stop ..." — the subject of the clause it hangs on."""
    from .extract.clauses import argument

    pred = triple.predicate
    if triple.agent is not None:
        # "began a hunger strike to protest ...", "converged for a rally to protest ...": the parser makes
        # the event noun the subject; those who hold it are the subject of the verb it hangs on
        noun = triple.agent.head
        if (lexicon is not None and pred.dep_ == "relcl" and noun.pos_ == "NOUN" and noun == pred.head
                and any(lexicon.candidates("N", k) for k in _key_lemma(noun, "N"))):
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            subj = [c for c in verb.children if c.dep_ == "nsubj"] if verb.pos_ in ("VERB", "AUX") else []
            return argument(subj[0], Role.SUBJECT) if subj else None
        return None
    if triple.kind == "nominal":
        # "staged a hunger strike in protest against X", "converged for a rally": the verb's subject
        prep = pred.head if pred.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in ("in", "for", "during") or prep.head.pos_ != "VERB":
            return None
        verb = prep.head
        for _ in range(3):  # "youths resorted to throwing stones during demonstrations": up to the clause
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            if subj:
                return argument(subj[0], Role.SUBJECT)
            if verb.dep_ not in ("pcomp", "xcomp", "advcl", "conj") or verb.head == verb:
                break
            verb = verb.head if verb.head.pos_ in ("VERB", "AUX") else verb.head.head
        return None
    if triple.kind != "verbal" or pred.dep_ not in ("advcl", "xcomp"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children):
        return None
    subj = [c for c in pred.head.children if c.dep_ == "nsubj"]
    return argument(subj[0], Role.SUBJECT) if subj else None


def _has_target_phrase(triple: Triple) -> bool:
    return triple.patient is not None and triple.patient.head.pos_ in ("PROPN",)


def _time_of(ctx: _Ctx, triple: Triple) -> TimeValue | None:
    for a in triple.extras:
        if a.role is Role.TIME:
            tv = normalize(a.text_with_prep, ctx.published)
            if tv:
                return tv
    # a date inside the clause's arguments ("Oct. 9 explosions")
    for a in (triple.agent, triple.patient, *triple.extras):
        if a is None:
            continue
        for t in a.tokens:
            if t.ent_type_ == "DATE" and t.ent_iob_ == "B":
                ent = next((e for e in t.doc.ents if e.start == t.i), None)
                if ent is not None and (tv := normalize(ent.text, ctx.published)):
                    return tv
    # the governing clause's time ("officials said Saturday" dates what they said only)
    return None


PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "CONCEDE", "RETREAT", "THREATEN", "SANCTION", "AID"})
DOMESTIC_PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "CONCEDE", "THREATEN"})


def _place_of_object(obj_head: Token) -> tuple[Place | None, str | None]:
    """A place that the object carries: "a curfew in the town of Cizre", "shelling of Juba"."""
    for c in obj_head.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "of"):
            for o in c.children:
                if o.dep_ == "pobj":
                    words = [t.text for t in o.subtree if t.ent_type_ in ("GPE", "LOC", "FAC")]
                    if words and (p := find_place(" ".join(words))) is not None:
                        return p, " ".join(t.text for t in o.subtree)
    return None, None


def _place_of(triple: Triple) -> tuple[Place | None, str | None]:
    cands = [a for a in triple.extras if a.role is Role.PLACE]
    for a in (triple.agent, triple.patient):
        if a is not None:
            for t in a.tokens:
                if t.dep_ == "pobj" and t.head.lower_ in ("in", "inside", "at", "near") and t.ent_type_ in ("GPE", "LOC", "FAC"):
                    from .extract.clauses import argument

                    cands.append(argument(t, Role.PLACE, t.head))
    for a in cands:
        words = [t.text for t in a.tokens if t.ent_type_ in ("GPE", "LOC", "FAC")] or [a.text]
        p = find_place(" ".join(words))
        if p is not None:
            return p, a.text_with_prep
    return None, None


def _factuality(triple: Triple, claimed: bool) -> str:
    if triple.hypothetical:
        return "hypothetical"
    if triple.negated:
        if triple.control is not None and triple.control.lemma_ in REFUSAL:
            return "refused"
        return "negated"
    if triple.modality in ("vow", "pledge", "promise", "threaten", "plan", "intend", "want", "seek", "hope", "aim",
                           "willing", "prepared", "ready", "committed", "determined", "eager", "keen"):
        return "intended"
    if triple.modality in ("will", "would", "shall", "may", "might", "could", "can", "should", "must"):
        return "intended" if triple.modality in ("will", "shall") else "hypothetical"
    return "claimed" if claimed else "asserted"


OBLIGATION = {"must", "should", "ought", "need"}


def _date_by_anaphora(ctx: _Ctx, triples: list[Triple], events: list[Event]) -> list[Event]:
    """*Pakistan has closed its border … The closure, enforced on Oct. 12, …*: a definite event noun
    dated later in the text dates the last event of its kind that the text left undated."""
    out = list(events)
    for t in triples:
        when = next((a for a in t.extras if a.role is Role.TIME), None)
        if when is None:
            continue
        tv = normalize(when.text_with_prep, ctx.published)
        if tv is None:
            continue
        for arg in (t.agent, t.patient):
            if arg is None or arg.head.pos_ != "NOUN" or not any(c.lower_ in ("the", "this", "that") for c in arg.head.children):
                continue
            rules = ctx.lexicon.candidates("N", arg.head.lemma_.lower())
            if not rules:
                continue
            action = rules[0].action
            for k in range(len(out) - 1, -1, -1):
                e = out[k]
                if e.start_char < arg.start_char and e.action.name == action and e.time is None:
                    out[k] = replace(e, time=tv)
                    break
    return out


def _conditional(verb: Token) -> bool:
    """The clause carries a condition: *… unless Baghdad accepts*, *… if X does not*."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.lower_ in ("unless", "if") for m in c.children if m.dep_ == "mark"):
            return True
    return False


def _people_at_place(ctx: _Ctx, triple: Triple) -> list[Actor]:
    """Unnamed people are of the country where they act: "people blocked streets in Hong Kong"."""
    head = people_head(triple.agent.head)  # "hundreds of thousands of people"
    agent = ctx.actors.gaz.agents.get((head.lemma_.lower(),))
    if agent is None or agent.sector not in ("CVL", "EDU", "LAB", "OPP", "REF"):
        return []
    place, _ = _place_of(triple)
    if place is None:
        obj = _object_head(triple.patient)
        place = _place_of_object(obj)[0] if obj is not None else None
    return [ctx.actors.gaz.sector_actor(place.country, agent.sector)] if place is not None and place.country else []


def _condition_subject(verb: Token) -> Argument | None:
    from .extract.clauses import argument

    for c in verb.children:
        if c.dep_ == "advcl" and any(m.lower_ in ("unless", "if") for m in c.children if m.dep_ == "mark"):
            subj = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return argument(subj[0], Role.OBJECT)
    return None


def _obligation(ctx: _Ctx, triple: Triple) -> Iterator[Event]:
    """*Russia said Sudan must return the helicopter*: the speaker demands something of the subject
    (CAMEO 10, PLOVER REQUEST)."""
    if triple.attribution is None or triple.modality not in OBLIGATION or triple.negated or triple.kind != "verbal":
        return
    speakers = ctx.actors.resolve(triple.attribution.source)
    if not speakers or triple.agent is None:
        return
    speaker = speakers[0]
    for t in ctx.actors.resolve(triple.agent, speaker=speaker):
        if t.key == speaker.key:
            continue
        yield Event(actor=speaker, action=ctx.ontology.action("demands"), target=t, triple=triple, cameo="100",
                    confidence=round(triple.confidence * 0.9, 3), rule=f"obligation:{triple.modality}",
                    cue=triple.attribution.cue.text, actor_text=triple.attribution.source.text,
                    target_text=triple.agent.text, time=_time_of(ctx, triple))


def map_events(doc: Doc, triples: Iterable[Triple], actors: DocumentActors, ontology: Ontology, lexicon: Lexicon,
               *, published: date | None = None) -> list[Event]:
    """Code the triples of one article as events, in text order, without duplicates."""
    ctx = _Ctx(actors, ontology, lexicon, published)
    triples_list = list(triples)
    for triple in triples_list:
        for ev in _events_for(ctx, triple):
            k = (ev.actor.key, ev.action.name, ev.target.key if ev.target else None, ev.sentence.start, ev.factuality)
            prev = ctx.seen.get(k)
            if prev is None or prev.confidence < ev.confidence:
                ctx.seen[k] = ev
    out = sorted(ctx.seen.values(), key=lambda e: (e.start_char, e.action.name, e.actor.key))
    return _date_by_anaphora(ctx, triples_list, out)


def _events_for(ctx: _Ctx, triple: Triple) -> Iterator[Event]:
    yield from _obligation(ctx, triple)
    candidates = _pick_rules(triple, ctx.lexicon)
    control = triple.control
    if not candidates and not (control is not None and control.lemma_ in VOW | REFUSAL | PROMISE):
        return
    speaker: Actor | None = None
    claimed_text = cue = None
    if triple.attribution is not None:
        sp = ctx.actors.resolve(triple.attribution.source)
        speaker = sp[0] if sp else None
        claimed_text = triple.attribution.source.text
        cue = triple.attribution.cue.text
    implicit = _implicit_agent(triple, ctx.lexicon)
    if implicit is not None and (triple.kind == "nominal" or triple.agent is not None) and not any(
            ctx.ontology.action(r.action).plover in ("PROTEST", "CONSULT") for r, _ in candidates):
        implicit = None  # "soldiers died in an attack": the subject is not the attacker
    if implicit is not None:
        triple = replace(triple, agent=implicit)
    agents = _resolve(ctx, triple.agent, speaker)
    if not agents and triple.agent is not None and speaker is not None and any(
        t.lemma_.lower() in ("retaliatory", "retaliation") for t in triple.agent.tokens
    ):
        agents = [speaker]  # "X reported retaliatory strikes": X retaliated
    if not agents and triple.agent is None and ctx.actors.dyad and candidates and all(
        ctx.ontology.action(r.action).symmetric and ctx.ontology.action(r.action).plover in ("CONSULT", "ASSAULT")
        for r, _ in candidates[:1]
    ) and not _has_target_phrase(triple):
        # talks, rounds, clashes with no one named: in an article about two parties, theirs (CAMEO reciprocal)
        agents = [ctx.actors.dyad[0]]
        dyad_participants = True
    else:
        dyad_participants = False
    if not agents and triple.agent is not None:
        agents = _people_at_place(ctx, triple)
    if not agents:
        return
    tv = _time_of(ctx, triple)
    place, place_text = _place_of(triple)

    picked = None
    found: tuple = ([], "", False)
    for cand in candidates:
        # the first rule whose target frame is filled by the sentence; else the first rule that fits
        t = _targets(ctx, triple, cand[0], cand[1], speaker, agents[0])
        if (t[0] and not t[2]) or (cand[0].optional and not t[0]):
            picked, found = cand, t  # filled, or a frame that may go without a target
            break
        if picked is None or (t[0] and not found[0]):
            picked, found = cand, t
    if picked is None:
        # "vowed to retaliate", "refused to comply" with an embedded verb the lexicon does not know
        assert control is not None
        action = ctx.ontology.action(
            "threatens" if control.lemma_ in VOW else "agreesTo" if control.lemma_ in PROMISE else "rejects")
        rule = None
        cameo = "138" if control.lemma_ in VOW else action.cameo
        targets: list[Actor] = []
        from_dyad = True
        dyad = ctx.actors.dyad
        targets = list(dyad) if dyad else []
        target_text = ""
        rule_name = f"control:{control.lemma_}"
        obj_head = None
    else:
        rule, obj_head = picked
        action = ctx.ontology.action(rule.action)
        cameo = rule.cameo or action.cameo
        targets, target_text, from_dyad = found
        rule_name = rule.source
        if rule.action == "demands" and triple.predicate.lemma_.lower() in ("order", "force", "compel") and any(
                c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in RESTRICTING for c in triple.predicate.children):
            # "ordered the newspaper to suspend publication": an order to stop is a restriction (CAMEO 172)
            action, cameo = ctx.ontology.action("imposesRestrictionsOn"), "172"
            rule_name = f"restricting-order+{rule.source}"
        if control is not None and control.lemma_ in REFUSAL:
            embedded = action
            action = ctx.ontology.action("rejects")
            cameo = "127" if embedded.plover in ("SUPPORT", "AGREE") or embedded.name == "signsAgreementWith" else (
                "125" if embedded.plover == "CONSULT" else "120")
            if not targets and ctx.actors.dyad:
                targets, from_dyad = list(ctx.actors.dyad), True
            rule_name = f"control:{control.lemma_}+{rule.source}"
        elif control is not None and control.lemma_ in VOW and action.plover in CONFLICT_PLOVER:
            action = ctx.ontology.action("threatens")
            cameo = "138"
            rule_name = f"control:{control.lemma_}+{rule.source}"
        elif triple.negated and action.plover in (*COOPERATIVE, "CONCEDE", "RETREAT") and (
                triple.modality in ("will", "would", "shall", "can", "could")):
            # "Syria will not accept more refugees": a stated refusal (CAMEO 12)
            action = ctx.ontology.action("rejects")
            cameo = "125" if rule.action in ("meetsWith", "negotiatesWith") else "120"
            rule_name = f"refusal+{rule.source}"
        elif _conditional(triple.predicate) and action.plover not in ("THREATEN", *COOPERATIVE) and not triple.negated and (
                triple.modality in ("will", "shall", "would") or control is not None):
            # "will withdraw its force unless X arranges a ceasefire": a conditional act is a threat
            action = ctx.ontology.action("threatens")
            cameo = "138" if action.plover == "ASSAULT" else "130"
            rule_name = f"conditional+{rule.source}"
        elif ((triple.modality in ("will", "shall") or (triple.modality == "would" and triple.attribution is not None))
              and action.plover in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") and not triple.negated):
            cameo = "138" if action.plover == "ASSAULT" else {"COERCE": "1312", "SANCTION": "1312"}.get(action.plover, "130")
            action = ctx.ontology.action("threatens")
            rule_name = f"future+{rule.source}"
        elif (action.quad in (1, 2) and action.plover not in ("AGREE",) and not triple.negated
              and (triple.modality in INTENT_MODALS or (control is not None and control.lemma_ in INTENT_CONTROL))):
            # CAMEO: intentions and the future tense of cooperation are "express intent to cooperate" (03x)
            cameo = {"CONSULT": "036", "AID": "033", "COOPERATE": "031", "RETREAT": "035", "CONCEDE": "035",
                     "SUPPORT": "032"}.get(action.plover, "030")
            action = ctx.ontology.action("offersToNegotiateWith" if action.plover == "CONSULT" else "agreesTo")
            rule_name = f"intent+{rule.source}"
        elif (action.quad in (3, 4) and action.plover not in ("THREATEN",) and not triple.negated
              and (triple.modality in ("will", "shall") or (control is not None and control.lemma_ in VOW | {"plan", "prepare", "intend"}))):
            cameo = "138" if action.plover == "ASSAULT" else "130"
            action = ctx.ontology.action("threatens")
            rule_name = f"intent+{rule.source}"
    if not targets and action.plover == "THREATEN":
        # an ultimatum's target is whoever must meet the condition: "... unless Baghdad accepts"
        for verb in (triple.predicate, control):
            subj = _condition_subject(verb) if verb is not None else None
            found_c = _resolve(ctx, subj, speaker) if subj is not None else []
            found_c = [t for t in found_c if t.key not in {a.key for a in agents}]
            if found_c:
                targets, target_text = found_c, subj.text
                break
    if not targets and len(agents) >= 2 and action.plover in RECIPROCAL_TYPES:
        targets, target_text = list(agents), ""  # "the Turkish and Greek sides agreed": with each other
    if not targets and triple.agent is not None and action.plover in RECIPROCAL_TYPES:
        # "Czechia and Albania upgraded their ties", "Gaddafi and Zhivkov signed a treaty": each other
        partners = [a for c in _conjoined(triple.agent.head) for a in ctx.actors.resolve([c], speaker=speaker)]
        partners = [p for p in partners if p.key not in {a.key for a in agents}]
        if partners:
            targets, target_text = partners, ""
    if not targets and action.plover in PLACE_TARGETS:
        if place is None and obj_head is not None:
            place, place_text = _place_of_object(obj_head)
        if place is not None and place.country and (place.country != agents[0].country or (
                agents[0].kind != "State" and action.plover in DOMESTIC_PLACE_TARGETS)):
            # an act on a place is an act on its country (CAMEO): "explosions in Kabul were Pakistani
            # strikes", "lifted a curfew in Montenegro", "rebels shelled Juba"
            targets, target_text = [ctx.actors.gaz.state(place.country)], place_text or place.name
    needs_target = picked is None or bool(rule and rule.targets and not rule.optional)
    if needs_target and not targets and picked is None and action.plover == "AGREE":
        needs_target = False  # "promised to democratize the country": an intent with no one on the other side
    if needs_target and not targets:
        if picked is None or action.plover in RECIPIENT_REQUIRED or triple.kind == "nominal":
            return
        target_text = _untargeted_text(triple, ctx.actors.gaz.agents)
        if not target_text:
            return

    claimed = speaker is not None or triple.attribution is not None
    factuality = _factuality(triple, claimed)
    if action.name == "rejects" and ((control is not None and control.lemma_ in REFUSAL) or rule_name.startswith("refusal+")):
        factuality = "claimed" if claimed else "asserted"
    if action.name == "threatens" and factuality == "intended":
        factuality = "claimed" if claimed else "asserted"
    negated = triple.negated and action.name != "rejects"
    base_conf = triple.confidence * (0.75 if from_dyad else 1.0) * (0.8 if dyad_participants else 1.0)
    if dyad_participants and not targets:
        targets, from_dyad = [ctx.actors.dyad[1]], True

    for a in agents:
        tlist: list[Actor | None] = list(targets) if targets else [None]
        if action.name == "mediates" and from_dyad:
            tlist = [t for t in tlist if t is not None and t.country != a.country]
        for t in tlist:
            if t is not None and (t.key == a.key or (from_dyad and t.country and t.country == a.country)):
                continue
            if t is not None and from_dyad and a.country not in {d.country for d in (ctx.actors.dyad or ())} and action.name != "mediates":
                if action.plover not in ("CONSULT", "REJECT", "THREATEN", "REQUEST", "ACCUSE"):
                    continue
            ev = Event(
                actor=a, action=action, target=t, triple=triple, cameo=cameo, confidence=round(base_conf, 3),
                rule=rule_name, factuality=factuality, negated=negated, modality=triple.modality,
                hypothetical=triple.hypothetical, claimed_by=speaker, claimed_text=claimed_text, cue=cue,
                actor_text=triple.agent.text if triple.agent else "", target_text=target_text, time=tv,
                place=place, place_text=place_text,
            )
            yield ev
            # PETRARCH: "A says B attacked C" is also A accusing B (CAMEO 112)
            if (speaker is not None and action.quad == 4 and speaker.country and a.country
                    and speaker.country != a.country and factuality == "claimed"):
                yield replace(
                    ev, actor=speaker, action=ctx.ontology.action("accuses"), target=a, cameo="112",
                    factuality="asserted", claimed_by=None, claimed_text=None, cue=cue, derived_from="attribution",
                    time=None, place=None, place_text=None,
                    rule=f"attribution+{rule_name}", actor_text=claimed_text or "", target_text=ev.actor_text,
                    confidence=round(base_conf * 0.9, 3),
                )
