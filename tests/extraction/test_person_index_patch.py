"""PersonIndex.patched: the index of a refreshed gazetteer built from the people who changed must be the
index a full build of that gazetteer gives (who holds each key, each surname's people in order), or None
when a patch cannot tell; and the extractor patches the previous index when it has it."""

import random
import weakref

from events.pipeline.extract import _indexes
from events.pipeline.extraction.actors import PersonIndex
from events.pipeline.types import Gazetteer, GazetteerChange, KnownPerson

FIRST = ["Ali", "Omar", "Anna", "Steve", "Hakan", "Maria", "Yusuf", "Dana"]
LAST = ["Haddad", "Fidan", "Witkoff", "Haddad", "Nasser", "Umerov", "Al Thani", "Kim"]


def _gazetteer(people: dict[int, KnownPerson]) -> Gazetteer:
    # As the database's: people by name, then id.
    return Gazetteer(people=sorted(people.values(), key=lambda p: (p.name, p.id)))


def _shape(index: PersonIndex) -> tuple:
    return (
        {key: person for key, person in index.by_key.items()},
        {surname: list(people) for surname, people in index.by_surname.items()},
    )


def _random_person(rng: random.Random, pk: int) -> KnownPerson:
    aliases = tuple(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.choice([0, 0, 1, 2])))
    return KnownPerson(
        id=pk, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", title=rng.choice(["", "envoy"]), aliases=aliases
    )


def _step(rng: random.Random, people: dict[int, KnownPerson], next_id: int) -> tuple[list, list, int]:
    """One refresh's worth of changes, as events.gazetteer records them."""
    left, entered = [], []
    for _ in range(rng.randint(1, 4)):
        action = rng.choice(["add", "add", "title", "alias", "rename", "remove"])
        if action == "add" or not people:
            person = _random_person(rng, next_id)
            next_id += 1
            people[person.id] = person
            entered.append(person)
            continue
        pk = rng.choice(sorted(people))
        if any(p.id == pk for p in left + entered):
            continue  # one version per person and refresh
        old = people[pk]
        if action == "remove":
            del people[pk]
            left.append(old)
            continue
        if action == "title":
            new = KnownPerson(id=pk, name=old.name, title="minister", aliases=old.aliases)
        elif action == "alias":
            new = KnownPerson(
                id=pk, name=old.name, title=old.title, aliases=(*old.aliases, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            )
        else:
            new = KnownPerson(
                id=pk, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", title=old.title, aliases=old.aliases
            )
        people[pk] = new
        left.append(old)
        entered.append(new)
    return left, entered, next_id


def test_it_equals_a_full_build_whenever_it_patches():
    rng = random.Random(20261125)
    patched_steps = fallbacks = 0
    for _ in range(60):
        people = {pk: _random_person(rng, pk) for pk in range(1, rng.randint(2, 30))}
        next_id = max(people) + 1
        index = PersonIndex(_gazetteer(people))
        for _ in range(15):
            left, entered, next_id = _step(rng, people, next_id)
            full = PersonIndex(_gazetteer(people))
            patched = PersonIndex.patched(index, left=left, entered=entered)
            if patched is None:
                fallbacks += 1
                index = full
                continue
            patched_steps += 1
            assert _shape(patched) == _shape(full)
            index = patched
    # Both paths taken many times (a rename or a removal mostly falls back: the name's key loses its holder).
    assert patched_steps > 100 and fallbacks > 100


def test_it_always_patches_what_the_pipeline_does_new_people_titles_and_aliases():
    rng = random.Random(7)
    people = {pk: _random_person(rng, pk) for pk in range(1, 40)}
    index = PersonIndex(_gazetteer(people))
    for step in range(200):
        pk = rng.choice(sorted(people))
        old = people[pk]
        changed = KnownPerson(
            id=pk,
            name=old.name,
            title="envoy" if step % 2 else "minister",
            aliases=(*old.aliases, f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
        )
        newcomer = _random_person(rng, 100 + step)
        people[pk], people[newcomer.id] = changed, newcomer
        index = PersonIndex.patched(index, left=[old], entered=[changed, newcomer])
        assert index is not None
    assert _shape(index) == _shape(PersonIndex(_gazetteer(people)))


def test_it_leaves_the_previous_index_as_it_was():
    people = {1: KnownPerson(id=1, name="Ali Haddad"), 2: KnownPerson(id=2, name="Omar Haddad")}
    before = PersonIndex(_gazetteer(people))
    shape = _shape(before)
    newcomer = KnownPerson(id=3, name="Anna Haddad")
    after = PersonIndex.patched(before, left=[], entered=[newcomer])
    assert [p.id for p in after.by_surname["haddad"]] == [1, 3, 2]  # Ali, Anna, Omar
    assert _shape(before) == shape


def test_it_hands_a_key_to_the_earlier_person_by_name_then_id():
    people = {5: KnownPerson(id=5, name="Omar Nasser", aliases=("Abu Omar",))}
    index = PersonIndex(_gazetteer(people))
    earlier = KnownPerson(id=9, name="Ali Nasser", aliases=("Abu Omar",))
    later = KnownPerson(id=2, name="Yusuf Kim", aliases=("Abu Omar",))
    patched = PersonIndex.patched(index, left=[], entered=[earlier, later])
    assert patched.get("Abu Omar").id == 9


def test_it_gives_up_when_a_key_loses_its_holder():
    people = {
        1: KnownPerson(id=1, name="Ali Haddad", aliases=("Abu Ali",)),
        2: KnownPerson(id=2, name="Dana Kim", aliases=("Abu Ali",)),
    }
    index = PersonIndex(_gazetteer(people))
    without_alias = KnownPerson(id=1, name="Ali Haddad")
    # "Abu Ali" now belongs to Dana Kim, which only a full build can tell.
    assert PersonIndex.patched(index, left=[people[1]], entered=[without_alias]) is None


def test_the_extractor_patches_the_index_of_the_gazetteer_it_came_from():
    people = {pk: KnownPerson(id=pk, name=f"Person {pk} Haddad") for pk in range(1, 50)}
    first = _gazetteer(people)
    _, index1 = _indexes(first)
    newcomer = KnownPerson(id=50, name="Anna Umerov")
    people[50] = newcomer
    second = _gazetteer(people)
    second.change = GazetteerChange(
        since=id(first), base=weakref.ref(first), actors=False, people=(newcomer,), people_entered=(newcomer,)
    )
    _, index2 = _indexes(second)
    assert index2.get("Anna Umerov") == newcomer
    assert index1.get("Anna Umerov") is None
    assert index2.by_surname["haddad"] is index1.by_surname["haddad"]  # shared, not rebuilt
    assert _shape(index2) == _shape(PersonIndex(second))
