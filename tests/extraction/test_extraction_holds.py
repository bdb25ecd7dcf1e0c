"""extraction_holds: whether an extraction made on an older gazetteer still holds on the current one,
so that the worker extracts again under the write lock only when a change could alter the result."""

from events.pipeline.extract import extraction_holds
from events.pipeline.types import (
    ExtractedActor,
    ExtractedNegotiation,
    Extraction,
    Gazetteer,
    GazetteerChange,
    KnownActor,
    KnownNegotiation,
    KnownPerson,
)

TEXT = "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Israel's envoy in Doha on Tuesday."
ACTORS = [KnownActor(id=1, name="Qatar", kind="state"), KnownActor(id=2, name="Israel", kind="state")]
EXTRACTION = Extraction(negotiation=ExtractedNegotiation(title="Gaza talks", parties=["Israel", "Hamas"]))


def patched(old: Gazetteer, **change) -> Gazetteer:
    return Gazetteer(
        actors=old.actors, change=GazetteerChange(since=id(old), actors=change.pop("actors", False), **change)
    )


def test_it_holds_on_the_same_gazetteer():
    old = Gazetteer(actors=ACTORS)
    assert extraction_holds(TEXT, EXTRACTION, old, old) is True


def test_it_holds_when_only_people_the_text_does_not_name_changed():
    old = Gazetteer(actors=ACTORS)
    new = patched(old, people=(KnownPerson(id=7, name="Steve Witkoff", aliases=("Steven Witkoff",)),))
    assert extraction_holds(TEXT, EXTRACTION, old, new) is True


def test_it_fails_when_a_changed_person_s_surname_stands_alone_in_the_text():
    old = Gazetteer(actors=ACTORS)
    # A new person with a surname the text uses alone: the surname-only match of the extractor may change.
    new = patched(old, people=(KnownPerson(id=8, name="Sheikh Tamim Al Thani"),))
    assert extraction_holds(TEXT + ' "We are close," Thani said.', EXTRACTION, old, new) is False


def test_it_holds_when_the_surname_is_only_inside_another_full_name():
    old = Gazetteer(actors=ACTORS)
    # "Al Thani" is read as part of "Mohammed bin Abdulrahman Al Thani", never looked up as a surname.
    new = patched(old, people=(KnownPerson(id=8, name="Sheikh Tamim Al Thani"),))
    assert extraction_holds(TEXT, EXTRACTION, old, new) is True


def test_it_fails_when_a_changed_person_s_full_name_is_in_the_text():
    old = Gazetteer(actors=ACTORS)
    new = patched(old, people=(KnownPerson(id=8, name="Mohammed bin Abdulrahman Al Thani"),))
    assert extraction_holds(TEXT, EXTRACTION, old, new) is False


def test_it_reads_aliases_and_folds_accents_and_case():
    old = Gazetteer(actors=ACTORS)
    new = patched(old, people=(KnownPerson(id=9, name="Someone Else", aliases=("MOHAMMED BIN ABDULRAHMAN AL THANÍ",)),))
    assert extraction_holds(TEXT, EXTRACTION, old, new) is False


def test_it_fails_when_actors_changed():
    old = Gazetteer(actors=ACTORS)
    assert extraction_holds(TEXT, EXTRACTION, old, patched(old, actors=True)) is False


def test_it_holds_when_the_only_change_is_new_actors_the_text_does_not_name():
    old = Gazetteer(actors=ACTORS)
    sudan = KnownActor(id=5, name="Sudan", kind="state", aliases=("Sudanese",))
    rsf = KnownActor(id=6, name="Rapid Support Forces", kind="armed_group", aliases=("RSF",))
    new = patched(old, actors=True, actors_entered=(sudan, rsf))
    assert extraction_holds(TEXT, EXTRACTION, old, new) is True


def test_it_fails_when_a_new_actor_is_named_in_the_text():
    old = Gazetteer(actors=ACTORS)
    for entered in (
        KnownActor(id=5, name="Doha Forum", kind="organisation"),  # in the text as it stands
        KnownActor(id=6, name="Gulf Bloc", kind="organisation", aliases=("the Prime Minister Mohammed",)),
        KnownActor(id=7, name="Qatari prime minister", kind="organisation"),  # case aside
        KnownActor(id=8, name="Dóha", kind="organisation"),  # accents aside (wire copy drops them)
    ):
        text = TEXT.replace("in Doha", "at the Doha Forum") if entered.id == 5 else TEXT
        new = patched(old, actors=True, actors_entered=(entered,))
        assert extraction_holds(text, EXTRACTION, old, new) is False, entered.name


def test_it_fails_when_actors_changed_otherwise_than_by_additions():
    old = Gazetteer(actors=ACTORS)
    # actors changed, none entered: a rename, a merge, a new alias of a known actor.
    assert extraction_holds(TEXT, EXTRACTION, old, patched(old, actors=True, actors_entered=())) is False


def test_it_fails_when_a_negotiation_with_the_same_parties_changed():
    old = Gazetteer(actors=ACTORS)
    same = KnownNegotiation(id=3, title="Hostage talks", parties=("hamas", "Israel"))
    other = KnownNegotiation(id=4, title="Sudan talks", parties=("Sudan", "RSF"))
    assert extraction_holds(TEXT, EXTRACTION, old, patched(old, negotiations=(other,))) is True
    assert extraction_holds(TEXT, EXTRACTION, old, patched(old, negotiations=(same,))) is False


def test_it_fails_when_the_gazetteer_was_not_patched_from_the_one_used():
    old, unrelated = Gazetteer(actors=ACTORS), Gazetteer(actors=ACTORS)
    assert extraction_holds(TEXT, EXTRACTION, old, patched(unrelated)) is False
    assert extraction_holds(TEXT, EXTRACTION, old, Gazetteer(actors=ACTORS)) is False


def test_it_fails_when_a_negotiation_changed_that_has_an_actor_of_the_report_as_a_mediator():
    # Qatar became a mediator of a process: a report naming Qatar may now be identified as about it.
    old = Gazetteer(actors=ACTORS)
    extraction = Extraction(actors=[ExtractedActor(name="Qatar", kind="state")])
    mediated = KnownNegotiation(
        id=5, title="US-Taliban talks", parties=("United States", "Taliban"), mediators=("Qatar",)
    )
    other = KnownNegotiation(id=4, title="Sudan talks", parties=("Sudan", "RSF"))
    assert extraction_holds(TEXT, extraction, old, patched(old, negotiations=(other,))) is True
    assert extraction_holds(TEXT, extraction, old, patched(old, negotiations=(mediated,))) is False
