"""Actors (states, organisations, armed groups) found through the gazetteer's names and aliases."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from events.pipeline.extraction.lexicon import ORG_WORDS
from events.pipeline.types import Gazetteer, KnownActor, KnownPerson
from events.text import normalize_name


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    surface: str
    actor: KnownActor

    @property
    def is_institution(self) -> bool:
        """An office that speaks for its actor ('State Department', 'the Kremlin'), not the actor's name."""
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", self.surface)}
        return bool(words & ORG_WORDS) and self.surface.lower() != self.actor.name.lower()


_WORD_START = re.compile(r"(?<![\w.])\w+")


def _fold_accents(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def _variants(surface: str) -> frozenset[str]:
    # Cached: the actor index is rebuilt whenever a report adds an actor, from names mostly seen before.
    out = {surface}
    # Wire copy often drops diacritics: "Elysee" for "Élysée", "Turkiye" for "Türkiye".
    folded = _fold_accents(surface)
    if folded != surface:
        out |= _variants(folded)
    if surface.startswith("the ") or surface.startswith("The "):
        out.add(surface[4:])
    if surface and surface[0].islower():
        out.add(surface[0].upper() + surface[1:])
    # "Democratic Republic of Congo" for "Democratic Republic of the Congo".
    if " of the " in surface:
        out.add(surface.replace(" of the ", " of "))
    # Plural demonyms used for people: "Israelis", "Iranians".
    if re.fullmatch(r"[A-Z][a-z]+(?:an|i)", surface):
        out.add(surface + "s")
    return frozenset(out)


def _surface_forms(actor: KnownActor) -> Iterable[str]:
    """What ActorIndex finds an actor by: its name and aliases (two characters at least) and their variants."""
    for surface in (actor.name, *actor.aliases):
        surface = surface.strip()
        if len(surface) >= 2:
            yield from _variants(surface)


def named_in(actor: KnownActor, folded_text: str) -> bool:
    """Whether any surface form ActorIndex.find could match for this actor occurs in the text, compared
    casefolded (`folded_text` is text.casefold()): when none does, the actor cannot be found in it."""
    return any(form.casefold() in folded_text for form in _surface_forms(actor))


class ActorIndex:
    """All surface forms of the gazetteer's actors in one compiled pattern (built once per gazetteer)."""

    def __init__(self, gazetteer: Gazetteer):
        self.by_surface: dict[str, KnownActor] = {}
        self.candidates: dict[str, list[KnownActor]] = {}
        self.by_name: dict[str, KnownActor] = {}
        for actor in gazetteer.actors:
            self.by_name[actor.name.casefold()] = actor
            for variant in _surface_forms(actor):
                # The first actor to claim a surface keeps it: curated names beat later aliases.
                self.by_surface.setdefault(variant, actor)
                claims = self.candidates.setdefault(variant, [])
                if actor not in claims:
                    claims.append(actor)
        surfaces = sorted(self.by_surface, key=len, reverse=True)
        # Surfaces by their first word, longest first: a dict probe at each capitalised word is far
        # faster than one alternation of thousands of aliases tried at every character.
        self.by_first: dict[str, list[str]] = {}
        for surface in surfaces:
            head = re.match(r"\w+", surface)
            if head:
                self.by_first.setdefault(head.group(), []).append(surface)

    def disambiguate(self, mentions: list[ActorMention], is_ambiguous=None) -> list[ActorMention]:
        """A surface several actors share ("Congolese"), or an ambiguous one ("Congo"), means the actor the
        report names unambiguously ("the Democratic Republic of Congo")."""
        if is_ambiguous is not None:
            is_ambiguous = self._cached(is_ambiguous)

        def ambiguous(m):
            return len(self.candidates.get(m.surface, ())) > 1 or (is_ambiguous is not None and is_ambiguous(m.surface))

        certain = {m.actor.name for m in mentions if not ambiguous(m)}
        out = []
        for m in mentions:
            claims = list(self.candidates.get(m.surface, ()))
            if is_ambiguous is not None and is_ambiguous(m.surface):
                # "Congo" inside a certain actor's longer name ("Democratic Republic of Congo").
                claims += [a for a in self._containing(m.surface) if a.name in certain and a not in claims]
            if len(claims) > 1 and m.actor.name not in certain:
                chosen = next((a for a in claims if a.name in certain), None)
                if chosen is not None:
                    m = ActorMention(m.start, m.end, m.surface, chosen)
            out.append(m)
        return out

    def _cached(self, fn):
        cache = self.__dict__.setdefault("_ambiguity", {})

        def wrapped(surface: str) -> bool:
            if surface not in cache:
                cache[surface] = bool(fn(surface))
            return cache[surface]

        return wrapped

    def _containing(self, surface: str) -> list[KnownActor]:
        """Actors whose name or an alias contains surface as a word (computed once per surface)."""
        cache = self.__dict__.setdefault("_containing_cache", {})
        if surface not in cache:
            word = re.compile(rf"\b{re.escape(surface)}\b")
            cache[surface] = [a for a in self.by_name.values() if any(word.search(x) for x in (a.name, *a.aliases))]
        return cache[surface]

    def get(self, name: str | None) -> KnownActor | None:
        if not name:
            return None
        return self.by_name.get(name.casefold()) or self.by_surface.get(name)

    def find(self, text: str, offset: int = 0) -> list[ActorMention]:
        out = []
        end = 0
        for word in _WORD_START.finditer(text):
            start = word.start()
            if start < end:
                continue
            for surface in self.by_first.get(word.group(), ()):
                if text.startswith(surface, start):
                    after = start + len(surface)
                    if after < len(text) and (text[after].isalnum() or text[after] == "_"):
                        continue
                    actor = self.by_surface[surface]
                    out.append(ActorMention(offset + start, offset + after, surface, actor))
                    end = after
                    break
        return out

    def lookup(self, phrase: str) -> KnownActor | None:
        """The actor a whole phrase names ('the Kremlin', "Russia's", 'Iranian')."""
        raw = phrase.strip().rstrip(",")
        phrase = re.sub(r"('s|\u2019s)$", "", raw.rstrip("."))
        # "U.S." keeps its final period; a sentence's full stop does not belong to a name.
        for candidate in (raw, phrase, re.sub(r"^(?:the|The)\s+", "", phrase)):
            if candidate in self.by_surface:
                return self.by_surface[candidate]
            if candidate.casefold() in self.by_name:
                return self.by_name[candidate.casefold()]
        return None


# Normalized keys of each known person, kept across gazetteer versions: a new version mostly adds people.
_PERSON_KEYS: dict[KnownPerson, tuple[tuple[str, ...], str]] = {}


def _person_keys(person: KnownPerson, normalize) -> tuple[tuple[str, ...], str]:
    keys = _PERSON_KEYS.get(person)
    if keys is None:
        if len(_PERSON_KEYS) > 500_000:
            _PERSON_KEYS.clear()
        surname = normalize(person.name).split()[-1:] if person.name else []
        keys = _PERSON_KEYS[person] = (
            tuple(k for k in (normalize(s) for s in (person.name, *person.aliases)) if k),
            surname[0] if surname else "",
        )
    return keys


def _position(person: KnownPerson) -> tuple[str, int]:
    """Where a person stands in the database's gazetteer, which lists people by name, then id."""
    return person.name, person.id or 0


class PersonIndex:
    """Known people (curated in the admin) by full name and aliases.

    A key (a folded name or alias) belongs to the first person listing it, in the gazetteer's order;
    a surname lists its people in that order.
    """

    def __init__(self, gazetteer: Gazetteer):
        self.normalize = normalize_name
        self.by_key: dict[str, KnownPerson] = {}
        self.by_surname: dict[str, list[KnownPerson]] = {}
        for person in gazetteer.people:
            keys, surname = _person_keys(person, normalize_name)
            for key in keys:
                self.by_key.setdefault(key, person)
            if surname:
                self.by_surname.setdefault(surname, []).append(person)

    @classmethod
    def patched(
        cls, previous: PersonIndex, *, left: Iterable[KnownPerson], entered: Iterable[KnownPerson]
    ) -> PersonIndex | None:
        """The index of a gazetteer that differs from `previous`'s by these people, built from the
        changes alone (a full build walks every known person: about 0.2 s at 10^5 people, paid
        once or twice by every report). Equal to a full build when the gazetteer lists its people by
        name, then id, as the database's does. None when a patch cannot tell: a key whose holder left
        with no new version of the same person to take it over (its next claimant is unknown), or a
        person not where expected.
        """
        left, entered = list(left), list(entered)
        index = cls.__new__(cls)
        index.normalize = normalize = previous.normalize
        index.by_key = by_key = dict(previous.by_key)
        index.by_surname = by_surname = dict(previous.by_surname)
        copied: set[str] = set()

        def surname_list(surname: str) -> list[KnownPerson]:
            if surname not in copied:  # copy on write: the previous index keeps its lists
                by_surname[surname] = list(by_surname.get(surname, ()))
                copied.add(surname)
            return by_surname[surname]

        successor = {p.id: p for p in entered}
        for person in left:
            keys, surname = _person_keys(person, normalize)
            after = successor.get(person.id)
            same_place = after is not None and _position(after) == _position(person)
            after_keys = set(_person_keys(after, normalize)[0]) if same_place else set()
            for key in keys:
                holder = by_key.get(key)
                if holder is None or holder.id != person.id:
                    continue
                if key not in after_keys:
                    return None
                by_key[key] = after
            if surname:
                people = surname_list(surname)
                at = bisect.bisect_left(people, _position(person), key=_position)
                if at == len(people) or people[at].id != person.id:
                    return None
                del people[at]
        for person in entered:
            keys, surname = _person_keys(person, normalize)
            for key in keys:
                holder = by_key.get(key)
                if holder is None or (holder.id != person.id and _position(person) < _position(holder)):
                    by_key[key] = person
            if surname:
                people = surname_list(surname)
                people.insert(bisect.bisect_left(people, _position(person), key=_position), person)
        for surname in copied:
            if not by_surname[surname]:
                del by_surname[surname]
        return index

    def get(self, name: str) -> KnownPerson | None:
        return self.by_key.get(self.normalize(name))
