"""Ontology mapping data: the actions of ``ontologies/kg.ttl`` and the lexicon that maps to them.

`load_ontology()` reads the actions (with CAMEO code, PLOVER type and mode, quad class) from the
Turtle file itself, so the ontology is the single source of truth. `load_lexicon()` reads
``ontologies/lexicon.tsv`` plus users' files (their rows first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .resources import ontology_path

__all__ = [
    "KG", "ID", "CAMEO", "PLOVER", "Action", "Ontology", "LexRule", "Lexicon", "load_ontology", "load_lexicon",
    "QUANTITY_NOUNS",
]

KG = "https://w3id.org/newskg/ontology#"
ID = "https://w3id.org/newskg/id/"
CAMEO = "https://w3id.org/newskg/cameo/"
PLOVER = "https://w3id.org/newskg/plover/"
ONTOLOGY_GRAPH = "https://w3id.org/newskg/ontology"

# nouns looked through to reach the real head: "a series of attacks" → attack
QUANTITY_NOUNS = frozenset({
    "series", "wave", "number", "string", "spate", "barrage", "round", "dozen", "hundred", "thousand",
    "set", "flurry", "volley", "campaign", "surge", "rash", "spree", "kind", "type", "couple", "pair",
    "part", "portion", "worth", "kg", "kilogram", "ton", "tonne", "shipment", "consignment", "load", "batch",
})


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    label: str
    cameo: str
    plover: str
    mode: str | None
    quad: int
    symmetric: bool
    definition: str = ""

    @property
    def iri(self) -> str:
        return KG + self.name


@dataclass(frozen=True, slots=True, eq=False)
class Ontology:
    actions: dict[str, Action]
    path: Path

    def action(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            raise KgError("E020", f"unknown action {name!r}",
                          f"use one of: {', '.join(sorted(self.actions))}") from None


@lru_cache(maxsize=2)
def load_ontology(path: Path | None = None) -> Ontology:
    import pyoxigraph as ox

    p = path or ontology_path("kg.ttl")
    g = ox.Store()
    g.load(path=str(p), format=ox.RdfFormat.TURTLE)
    q = f"""
    PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
    SELECT ?a ?label ?cameo ?plover ?mode ?quad ?sym ?def WHERE {{
      ?a a kg:Action ; rdfs:label ?label ; kg:cameoCode ?cameo ; kg:ploverType ?plover ; kg:quadClass ?quad .
      OPTIONAL {{ ?a kg:ploverMode ?mode }}
      OPTIONAL {{ ?a skos:definition ?def }}
      BIND(EXISTS {{ ?a a owl:SymmetricProperty }} AS ?sym)
    }}"""
    actions = {}
    for row in g.query(q):
        name = row["a"].value[len(KG):]
        mode, definition = row["mode"], row["def"]
        actions[name] = Action(name, row["label"].value, row["cameo"].value, row["plover"].value,
                               mode.value if mode is not None else None, int(row["quad"].value),
                               row["sym"].value == "true", definition.value if definition is not None else "")
    return Ontology(actions, p)


@dataclass(frozen=True, slots=True)
class LexRule:
    """One lexicon row: a lemma with its frame, mapped to an action."""

    pos: str
    lemma: str
    objects: frozenset[str] | None  # None = any; empty = must have no object
    action: str
    targets: tuple[tuple[str, frozenset[str]], ...]  # (kind, prepositions)
    cameo: str | None
    source: str  # "file:line"
    optional: bool = False  # the frame may have no target ('-' among the target specs)

    def object_fits(self, obj_lemma: str | None) -> bool:
        if self.objects is None:
            return True
        if not self.objects:
            return obj_lemma is None
        return obj_lemma is not None and obj_lemma in self.objects


@dataclass
class Lexicon:
    rules: dict[tuple[str, str], list[LexRule]] = field(default_factory=dict)

    def add(self, rule: LexRule, *, first: bool = False) -> None:
        lst = self.rules.setdefault((rule.pos, rule.lemma), [])
        if first:
            lst.insert(0, rule)
        else:
            lst.append(rule)

    def candidates(self, pos: str, lemma: str) -> list[LexRule]:
        return self.rules.get((pos, lemma), [])

    @property
    def nouns(self) -> frozenset[str]:
        return frozenset(lemma for (pos, lemma) in self.rules if pos == "N")

    def read(self, path: Path, ontology: Ontology, *, first: bool = False) -> None:
        rows: list[LexRule] = []
        with Path(path).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.startswith("#") or not line.strip() or line.startswith("pos\t"):
                    continue
                cols = [c.strip() for c in line.rstrip("\n").split("\t")]
                if len(cols) < 5:
                    raise KgError("E021", f"{path}:{n}: lexicon row has {len(cols)} columns, expected 5 or 6",
                                  "write pos, lemma, object, action, target[, cameo] separated by tabs")
                pos, lemma, obj, action, target = cols[:5]
                cameo = cols[5] if len(cols) > 5 and cols[5] not in ("", "-") else None
                if pos not in ("V", "N"):
                    raise KgError("E022", f"{path}:{n}: part of speech {pos!r}", "use V (verb) or N (noun)")
                ontology.action(action)  # unknown action names fail here, with the list
                objects = None if obj == "-" else frozenset() if obj == "none" else frozenset(obj.split("|"))
                targets = []
                optional = False
                for spec in target.split(","):
                    spec = spec.strip()
                    if spec in ("-", ""):
                        optional = optional or spec == "-"
                        continue
                    kind, _, preps = spec.partition(":")
                    if kind not in ("obj", "prep", "objprep", "dyad", "dative", "ccomp", "owngov"):
                        raise KgError("E023", f"{path}:{n}: target {spec!r}",
                                      "use obj, dative, ccomp, prep:P|Q, objprep:P|Q, dyad, owngov or -")
                    targets.append((kind, frozenset(preps.split("|")) if preps else frozenset()))
                rows.append(LexRule(pos, lemma.lower(), objects, action, tuple(targets), cameo, f"{Path(path).name}:{n}",
                                    optional=optional and bool(targets)))
        for r in reversed(rows) if first else rows:
            self.add(r, first=first)


def load_lexicon(extra: Sequence[Path] = (), ontology: Ontology | None = None) -> Lexicon:
    """The shipped lexicon, with users' files tried first."""
    ont = ontology or load_ontology()
    lex = _base_lexicon(ont)
    if not extra:
        return lex
    out = Lexicon({k: list(v) for k, v in lex.rules.items()})
    for p in reversed(list(extra)):
        out.read(Path(p), ont, first=True)
    return out


@lru_cache(maxsize=2)
def _base_lexicon(ont: Ontology) -> Lexicon:
    lex = Lexicon()
    lex.read(ontology_path("lexicon.tsv"), ont)
    return lex
