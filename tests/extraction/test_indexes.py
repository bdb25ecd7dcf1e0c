from events.pipeline.extract import _indexes
from events.pipeline.types import Gazetteer, KnownActor, KnownPerson


def test_it_builds_the_indexes_once_per_gazetteer_object(gazetteer):
    assert _indexes(gazetteer)[0] is _indexes(gazetteer)[0]


def test_it_reuses_the_actor_index_when_only_people_changed(gazetteer):
    first = Gazetteer(actors=list(gazetteer.actors), people=[KnownPerson(id=1, name="Hakan Fidan")])
    second = Gazetteer(
        actors=list(gazetteer.actors),
        people=[KnownPerson(id=1, name="Hakan Fidan"), KnownPerson(id=2, name="Rustem Umerov")],
    )
    actors1, people1 = _indexes(first)
    actors2, people2 = _indexes(second)
    assert actors1 is actors2
    assert people1.get("Rustem Umerov") is None and people2.get("Rustem Umerov").id == 2


def test_it_rebuilds_the_actor_index_when_actors_changed(gazetteer):
    changed = Gazetteer(
        actors=[*gazetteer.actors, KnownActor(id=None, name="Congo River Alliance 2", kind="armed_group")]
    )
    assert _indexes(changed)[0] is not _indexes(gazetteer)[0]
    assert _indexes(changed)[0].lookup("Congo River Alliance 2").kind == "armed_group"
