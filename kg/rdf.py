"""RDF: one article's events, actors, sentences and provenance as quads in the article's named graph.

Every event node keeps its document, sentence, character offsets, extractor rule, lexicon rule
and confidence (PROV-O and NIF terms). The direct triple `actor action target` is materialised
only for events the article asserts; claimed, negated, refused, intended and hypothetical events
stay on their event node, attributed, so simple SPARQL never mistakes a claim for a fact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox

from .actors import Actor
from .mapping import Event
from .ontology import ID, KG, ONTOLOGY_GRAPH
from .reader import Article

__all__ = ["article_iri", "actor_iri", "article_quads", "ontology_quads", "ONTOLOGY_GRAPH", "SHARED_GRAPH"]

# Canonical actors, places and extraction runs are shared by every article: they live once, in
# this graph, so a query over all graphs sees each description once.
SHARED_GRAPH = ID + "shared"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

_N = ox.NamedNode
_TYPE = _N(RDF + "type")
_LABEL = _N(RDFS + "label")


def _iri_part(s: str) -> str:
    """A string made safe for an IRI path segment (percent-encoded, never raw spaces or brackets)."""
    return quote(s, safe="-._~/")


def article_iri(doc_id: str) -> str:
    return f"{ID}doc/{_iri_part(doc_id)}"


def actor_iri(actor: Actor | str) -> str:
    key = actor.key if isinstance(actor, Actor) else actor
    return f"{ID}actor/{_iri_part(key)}"


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_N(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_N(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(f"{value:.3f}", datatype=_N(XSD + "decimal"))
    return ox.Literal(_clean(str(value)))


def _clean(s: str) -> str:
    # literals may hold any text, except unpaired surrogates, which no RDF syntax can write
    return s.encode("utf-8", "replace").decode("utf-8")


def _date(d) -> ox.Literal:
    return ox.Literal(d.isoformat(), datatype=_N(XSD + "date"))


def actor_quads(actor: Actor, g: ox.NamedNode) -> Iterator[ox.Quad]:
    s = _N(actor_iri(actor))
    yield ox.Quad(s, _TYPE, _N(KG + actor.kind if actor.kind != "IGO" else KG + "IntergovernmentalOrganisation"), g)
    yield ox.Quad(s, _LABEL, ox.Literal(_clean(actor.label), language="en"), g)
    if actor.country:
        yield ox.Quad(s, _N(KG + "country"), ox.Literal(actor.country), g)
        if actor.kind != "State" and _has_state(actor):
            yield ox.Quad(s, _N(KG + "partOf"), _N(actor_iri(actor.country)), g)
    if actor.sector:
        yield ox.Quad(s, _N(KG + "sector"), ox.Literal(actor.sector), g)
    if actor.wikidata:
        yield ox.Quad(s, _N(OWL + "sameAs"), _N(f"http://www.wikidata.org/entity/{actor.wikidata}"), g)
    if actor.geonames:
        yield ox.Quad(s, _N(OWL + "sameAs"), _N(f"https://sws.geonames.org/{actor.geonames}/"), g)


def article_quads(article: Article, events: Iterable[Event], *, model: str, sentences: int,
                  tool_version: str, state_of: Callable[[str], Actor] | None = None,
                  casualties: Iterable = (), conflicts: Iterable = ()) -> list[ox.Quad]:
    """All quads of one article's named graph."""
    g = _N(article_iri(article.id))
    shared = _N(SHARED_GRAPH)
    doc = g
    q: list[ox.Quad] = []
    add = q.append
    add(ox.Quad(doc, _TYPE, _N(KG + "Article"), g))
    add(ox.Quad(doc, _N(KG + "docId"), _lit(article.id), g))
    add(ox.Quad(doc, _N(KG + "contentHash"), _lit(article.content_hash), g))
    add(ox.Quad(doc, _N(KG + "sentenceCount"), _lit(sentences), g))
    if article.title:
        add(ox.Quad(doc, _N(SCHEMA + "headline"), _lit(article.title), g))
    if article.date:
        add(ox.Quad(doc, _N(SCHEMA + "datePublished"), _date(article.date), g))
    if article.url:
        add(ox.Quad(doc, _N(SCHEMA + "url"), _lit(article.url), g))
    if article.source:
        add(ox.Quad(doc, _N(SCHEMA + "publisher"), _lit(article.source), g))
    run = _N(f"{ID}run/{hashlib.sha1(f'{model}|{tool_version}'.encode()).hexdigest()[:12]}")
    add(ox.Quad(doc, _N(PROV + "wasGeneratedBy"), run, g))
    add(ox.Quad(run, _TYPE, _N(KG + "Extraction"), shared))
    add(ox.Quad(run, _N(PROV + "used"), _lit(f"spaCy pipeline {model}"), shared))
    add(ox.Quad(run, _N(PROV + "wasAssociatedWith"), _lit(f"kg {tool_version}"), shared))

    actors: dict[str, Actor] = {}
    sent_nodes: dict[int, ox.NamedNode] = {}

    def sentence_node(sent) -> ox.NamedNode:
        if sent.start not in sent_nodes:
            s_node = _N(f"{article_iri(article.id)}/sentence/{len(sent_nodes) + 1}")
            sent_nodes[sent.start] = s_node
            add(ox.Quad(s_node, _TYPE, _N(KG + "Sentence"), g))
            text = sent.text.strip()
            add(ox.Quad(s_node, _N(NIF + "anchorOf"), _lit(text), g))
            begin = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            add(ox.Quad(s_node, _N(NIF + "beginIndex"), _lit(begin), g))
            add(ox.Quad(s_node, _N(NIF + "endIndex"), _lit(begin + len(text)), g))
            add(ox.Quad(s_node, _N(NIF + "referenceContext"), doc, g))
        return sent_nodes[sent.start]

    event_nodes: dict[int, list[ox.NamedNode]] = {}
    for n, ev in enumerate(events):
        e = _N(f"{article_iri(article.id)}/event/{n + 1}")
        event_nodes.setdefault(ev.triple.predicate.i, []).append(e)
        s_node = sentence_node(ev.sentence)
        a = ev.action
        add(ox.Quad(e, _TYPE, _N(KG + "Event"), g))
        add(ox.Quad(e, _N(KG + "docId"), _lit(article.id), g))
        add(ox.Quad(e, _N(KG + "actor"), _N(actor_iri(ev.actor)), g))
        add(ox.Quad(e, _N(KG + "action"), _N(a.iri), g))
        add(ox.Quad(e, _N(KG + "cameoCode"), _lit(ev.cameo), g))
        add(ox.Quad(e, _N(KG + "ploverType"), _lit(a.plover), g))
        if a.mode:
            add(ox.Quad(e, _N(KG + "ploverMode"), _lit(a.mode), g))
        add(ox.Quad(e, _N(KG + "quadClass"), _lit(a.quad), g))
        add(ox.Quad(e, _N(KG + "sentence"), s_node, g))
        add(ox.Quad(e, _N(PROV + "wasDerivedFrom"), doc, g))
        add(ox.Quad(e, _N(PROV + "wasGeneratedBy"), run, g))
        add(ox.Quad(e, _N(NIF + "beginIndex"), _lit(ev.start_char), g))
        add(ox.Quad(e, _N(NIF + "endIndex"), _lit(ev.end_char), g))
        add(ox.Quad(e, _N(KG + "extractor"), _lit(ev.triple.rule), g))
        add(ox.Quad(e, _N(KG + "lexiconRule"), _lit(ev.rule), g))
        add(ox.Quad(e, _N(KG + "confidence"), _lit(float(ev.confidence)), g))
        add(ox.Quad(e, _N(KG + "factuality"), _lit(ev.factuality), g))
        add(ox.Quad(e, _N(KG + "negated"), _lit(bool(ev.negated)), g))
        add(ox.Quad(e, _N(KG + "hypothetical"), _lit(bool(ev.hypothetical)), g))
        if ev.modality:
            add(ox.Quad(e, _N(KG + "modality"), _lit(ev.modality), g))
        if ev.actor_text:
            add(ox.Quad(e, _N(KG + "actorText"), _lit(ev.actor_text), g))
        if ev.target_text:
            add(ox.Quad(e, _N(KG + "targetText"), _lit(ev.target_text), g))
        actors[ev.actor.key] = ev.actor
        if ev.target is not None:
            add(ox.Quad(e, _N(KG + "target"), _N(actor_iri(ev.target)), g))
            actors[ev.target.key] = ev.target
            if ev.asserted:
                add(ox.Quad(_N(actor_iri(ev.actor)), _N(a.iri), _N(actor_iri(ev.target)), g))
        if ev.claimed_by is not None:
            add(ox.Quad(e, _N(KG + "claimedBy"), _N(actor_iri(ev.claimed_by)), g))
            actors[ev.claimed_by.key] = ev.claimed_by
        if ev.claimed_text:
            add(ox.Quad(e, _N(KG + "claimedByText"), _lit(ev.claimed_text), g))
        if ev.cue:
            add(ox.Quad(e, _N(KG + "attributionCue"), _lit(ev.cue), g))
        if ev.time is not None:
            if ev.time.is_day:
                add(ox.Quad(e, _N(KG + "date"), _date(ev.time.start), g))
            else:
                add(ox.Quad(e, _N(KG + "dateStart"), _date(ev.time.start), g))
                add(ox.Quad(e, _N(KG + "dateEnd"), _date(ev.time.end), g))
            add(ox.Quad(e, _N(KG + "dateText"), _lit(ev.time.text), g))
            add(ox.Quad(e, _N(KG + "dateSource"), _lit("text"), g))
        elif article.date:
            add(ox.Quad(e, _N(KG + "date"), _date(article.date), g))
            add(ox.Quad(e, _N(KG + "dateSource"), _lit("publication"), g))
        if ev.place is not None:
            p = _N(f"{ID}place/{ev.place.geonames}" if ev.place.geonames else f"{ID}place/{_iri_part(ev.place.name)}")
            add(ox.Quad(e, _N(KG + "place"), p, g))
            add(ox.Quad(p, _TYPE, _N(KG + "Place"), shared))
            add(ox.Quad(p, _LABEL, ox.Literal(_clean(ev.place.name), language="en"), shared))
            if ev.place.country:
                add(ox.Quad(p, _N(KG + "country"), _lit(ev.place.country), shared))
            if ev.place.latitude is not None:
                add(ox.Quad(p, _N("http://www.w3.org/2003/01/geo/wgs84_pos#lat"), _lit(float(ev.place.latitude)), shared))
                add(ox.Quad(p, _N("http://www.w3.org/2003/01/geo/wgs84_pos#long"), _lit(float(ev.place.longitude)), shared))
            if ev.place.geonames:
                add(ox.Quad(p, _N(OWL + "sameAs"), _N(f"https://sws.geonames.org/{ev.place.geonames}/"), shared))
            if ev.place_text:
                add(ox.Quad(e, _N(KG + "placeText"), _lit(ev.place_text), g))
    report_nodes = {}
    for n, rep in enumerate(casualties):
        r = _N(f"{article_iri(article.id)}/casualties/{n + 1}")
        report_nodes[id(rep)] = r
        add(ox.Quad(r, _TYPE, _N(KG + "CasualtyReport"), g))
        add(ox.Quad(r, _N(KG + "casualtyKind"), _lit(rep.kind), g))
        add(ox.Quad(r, _N(KG + "quantityText"), _lit(rep.quantity.text), g))
        if rep.quantity.value is not None:
            add(ox.Quad(r, _N(KG + "count"), _lit(int(rep.quantity.value)), g))
        if rep.quantity.qualifier:
            add(ox.Quad(r, _N(KG + "countQualifier"), _lit(rep.quantity.qualifier), g))
        if rep.quantity.vague:
            add(ox.Quad(r, _N(KG + "vagueQuantity"), _lit(rep.quantity.vague), g))
        add(ox.Quad(r, _N(KG + "victims"), _lit(rep.victims), g))
        if rep.victim_actor is not None:
            add(ox.Quad(r, _N(KG + "victimActor"), _N(actor_iri(rep.victim_actor)), g))
            actors[rep.victim_actor.key] = rep.victim_actor
        if rep.source is not None:
            add(ox.Quad(r, _N(KG + "claimedBy"), _N(actor_iri(rep.source)), g))
            actors[rep.source.key] = rep.source
        if rep.source_text:
            add(ox.Quad(r, _N(KG + "claimedByText"), _lit(rep.source_text), g))
        add(ox.Quad(r, _N(KG + "sentence"), sentence_node(rep.sentence), g))
        add(ox.Quad(r, _N(NIF + "beginIndex"), _lit(rep.triple.start_char), g))
        add(ox.Quad(r, _N(NIF + "endIndex"), _lit(rep.triple.end_char), g))
        add(ox.Quad(r, _N(PROV + "wasDerivedFrom"), doc, g))
        for e in event_nodes.get(rep.triple.predicate.i, []):
            add(ox.Quad(e, _N(KG + "casualties"), r, g))
    for a, b in conflicts:
        ra, rb = report_nodes.get(id(a)), report_nodes.get(id(b))
        if ra is not None and rb is not None:
            add(ox.Quad(ra, _N(KG + "conflictsWith"), rb, g))
            add(ox.Quad(rb, _N(KG + "conflictsWith"), ra, g))
    if state_of is not None:
        for actor in list(actors.values()):
            if actor.kind != "State" and _has_state(actor):
                st = state_of(actor.country)  # type: ignore[arg-type]
                actors.setdefault(st.key, st)
    for actor in actors.values():
        q.extend(actor_quads(actor, shared))
    return q


def _has_state(actor: Actor) -> bool:
    return bool(actor.country) and actor.country not in ("IGO", "NGO", "IMG", "MNC", "UIS") and actor.kind in (
        "Government", "Military", "Police", "Civilians", "Refugees", "Person", "Media", "Business")


def ontology_quads() -> list[ox.Quad]:
    from .resources import ontology_path

    g = _N(ONTOLOGY_GRAPH)
    with ontology_path("kg.ttl").open("rb") as fh:
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(fh, ox.RdfFormat.TURTLE)]
