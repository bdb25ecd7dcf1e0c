import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.gazetteer import gazetteer_build, gazetteer_cache_clear
from negotiations.models import ActorAlias, ActorKind, NegotiationAlias, Person, PersonAlias, ReviewStatus, Role
from tests.factories import ActorFactory, NegotiationFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


def test_it_reflects_live_actors_people_and_negotiations():
    israel = ActorFactory(name="Israel", iso_code="IL")
    ActorAlias.objects.create(actor=israel, name="Israeli")
    hamas = ActorFactory(name="Hamas", kind=ActorKind.ARMED_GROUP)
    qatar = ActorFactory(name="Qatar", iso_code="QA")
    person = PersonFactory(name="Recep Tayyip Erdoğan", title="President", affiliation=qatar)
    PersonAlias.objects.create(person=person, name="Erdogan")
    negotiation = NegotiationFactory(title="Gaza talks", topic="cease-fire")
    ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
    ParticipationFactory(negotiation=negotiation, actor=hamas, role=Role.PARTY)
    ParticipationFactory(negotiation=negotiation, actor=qatar, role=Role.MEDIATOR)

    gazetteer = gazetteer_build()

    actors = {a.name: a for a in gazetteer.actors}
    assert set(actors) == {"Israel", "Hamas", "Qatar"}
    assert (actors["Israel"].id, actors["Israel"].iso_code, actors["Israel"].aliases) == (israel.pk, "IL", ("Israeli",))
    assert actors["Hamas"].kind == "armed_group"
    [known] = gazetteer.people
    assert (known.id, known.name, known.title, known.affiliation, known.aliases) == (
        person.pk,
        "Recep Tayyip Erdoğan",
        "President",
        "Qatar",
        ("Erdogan",),
    )
    [talks] = gazetteer.negotiations
    assert (talks.id, talks.title, talks.topic) == (negotiation.pk, "Gaza talks", "cease-fire")
    assert (set(talks.parties), talks.mediators) == ({"Israel", "Hamas"}, ("Qatar",))


def test_it_excludes_merged_rows_and_names_the_kept_actor():
    kept = ActorFactory(name="Türkiye", iso_code="TR")
    merged = ActorFactory(name="Turkey", merged_into=kept)
    person = PersonFactory(name="Hakan Fidan", affiliation=merged)
    PersonFactory(name="H. Fidan", merged_into=person, affiliation=kept)
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=merged, role=Role.MEDIATOR)

    gazetteer = gazetteer_build()

    assert [a.name for a in gazetteer.actors] == ["Türkiye"]
    assert [(p.name, p.affiliation) for p in gazetteer.people] == [("Hakan Fidan", "Türkiye")]
    assert gazetteer.negotiations[0].mediators == ("Türkiye",)


def test_it_leaves_out_rejected_participations():
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=ActorFactory(name="Egypt"), role=Role.MEDIATOR)
    ParticipationFactory(
        negotiation=negotiation,
        actor=ActorFactory(name="Oman"),
        role=Role.MEDIATOR,
        review_status=ReviewStatus.REJECTED,
    )
    assert gazetteer_build().negotiations[0].mediators == ("Egypt",)


def test_it_costs_a_constant_number_of_queries():
    for i in range(3):
        actor = ActorFactory(name=f"State {i}")
        ActorAlias.objects.create(actor=actor, name=f"Alias {i}")
        PersonAlias.objects.create(person=PersonFactory(name=f"Person {i}", affiliation=actor), name=f"P {i}")
        ParticipationFactory(actor=actor)
    with CaptureQueriesContext(connection) as few:
        gazetteer_build(use_cache=False)
    for i in range(3, 30):
        actor = ActorFactory(name=f"State {i}")
        ActorAlias.objects.create(actor=actor, name=f"Alias {i}")
        PersonAlias.objects.create(person=PersonFactory(name=f"Person {i}", affiliation=actor), name=f"P {i}")
        ParticipationFactory(actor=actor)
        NegotiationAlias.objects.create(negotiation=NegotiationFactory(), name=f"Talks {i}")
    with CaptureQueriesContext(connection) as many:
        gazetteer = gazetteer_build(use_cache=False)
    assert len(gazetteer.people) == 30
    # The 7th: negotiation aliases; the 8th: usual mediators.
    assert len(many.captured_queries) == len(few.captured_queries) <= 8


def test_it_serves_a_cached_copy_until_the_database_changes():
    actor = ActorFactory(name="Egypt")
    first = gazetteer_build()
    with CaptureQueriesContext(connection) as cached:
        second = gazetteer_build()
    assert second is first
    assert len(cached.captured_queries) == 1  # the version check only

    ActorAlias.objects.create(actor=actor, name="Cairo")
    assert gazetteer_build().actors[0].aliases == ("Cairo",)

    actor.name = "Arab Republic of Egypt"
    actor.save()
    assert gazetteer_build().actors[0].name == "Arab Republic of Egypt"

    ActorAlias.objects.filter(actor=actor).delete()
    assert gazetteer_build().actors[0].aliases == ()


def test_it_sees_deleted_and_merged_rows_through_their_tombstones():
    israel = ActorFactory(name="Israel")
    person = PersonFactory(name="Hakan Fidan", affiliation=israel)
    negotiation = NegotiationFactory()
    participation = ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
    assert [p.name for p in gazetteer_build().people] == ["Hakan Fidan"]

    person.delete()
    assert gazetteer_build().people == []

    participation.delete()
    assert gazetteer_build().negotiations[0].parties == ()


def test_it_leaves_out_a_negotiation_merged_into_another():
    kept = NegotiationFactory(title="Gaza cease-fire talks")
    merged = NegotiationFactory(title="Hostage deal talks")
    NegotiationAlias.objects.create(negotiation=merged, name="the hostage deal")
    assert {n.title for n in gazetteer_build().negotiations} == {"Gaza cease-fire talks", "Hostage deal talks"}

    merged.merged_into = kept
    merged.save()
    assert [n.title for n in gazetteer_build().negotiations] == ["Gaza cease-fire talks"]
    assert [n.title for n in gazetteer_build(use_cache=False).negotiations] == ["Gaza cease-fire talks"]


def test_it_gives_negotiations_their_aliases_and_refreshes_on_an_alias_edit():
    negotiation = NegotiationFactory(title="Gaza cease-fire talks")
    alias = NegotiationAlias.objects.create(negotiation=negotiation, name="Gaza truce talks")
    assert gazetteer_build().negotiations[0].aliases == ("Gaza truce talks",)

    NegotiationAlias.objects.create(negotiation=negotiation, name="the hostage deal")
    assert gazetteer_build().negotiations[0].aliases == ("Gaza truce talks", "the hostage deal")

    alias.name = "Cairo talks"
    alias.save()
    assert gazetteer_build().negotiations[0].aliases == ("Cairo talks", "the hostage deal")

    alias.delete()  # leaves no tombstone: the count of aliases tells
    assert gazetteer_build().negotiations[0].aliases == ("the hostage deal",)
    _same(gazetteer_build(), gazetteer_build(use_cache=False))


def test_it_rebuilds_after_the_ttl_even_when_the_version_cannot_see_a_change(monkeypatch):
    from events import gazetteer as gazetteer_module

    actor = ActorFactory(name="Egypt")
    first = gazetteer_build()
    # A queryset.update() leaves updated_at alone: invisible to the version check.
    type(actor).objects.filter(pk=actor.pk).update(name="Arab Republic of Egypt")
    assert gazetteer_build() is first

    monkeypatch.setattr(gazetteer_module, "CACHE_TTL_SECONDS", 0.0)
    assert gazetteer_build().actors[0].name == "Arab Republic of Egypt"


def _same(cached, fresh):
    assert cached.actors == fresh.actors
    assert cached.people == fresh.people
    assert cached.negotiations == fresh.negotiations


def test_it_patches_the_cached_copy_to_what_a_full_read_gives():
    israel = ActorFactory(name="Israel", iso_code="IL")
    turkey = ActorFactory(name="Turkey", iso_code="TR")
    people = [PersonFactory(name=f"Person {i}", affiliation=israel if i % 2 else turkey) for i in range(6)]
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=turkey, role=Role.MEDIATOR)
    gazetteer_build()

    PersonFactory(name="Hakan Fidan", title="Foreign Minister", affiliation=turkey)  # insert
    _same(gazetteer_build(), gazetteer_build(use_cache=False))

    people[0].name = "Aaron Renamed"  # update that moves the person in the order
    people[0].save()
    _same(gazetteer_build(), gazetteer_build(use_cache=False))

    PersonAlias.objects.create(person=people[1], name="P. One")  # alias only
    _same(gazetteer_build(), gazetteer_build(use_cache=False))

    people[2].delete()  # deletion (tombstone)
    people[3].merged_into = people[4]  # merge
    people[3].save()
    _same(gazetteer_build(), gazetteer_build(use_cache=False))

    turkey.name = "Türkiye"  # an actor renamed: affiliations and mediators follow
    turkey.save()
    patched = gazetteer_build()
    _same(patched, gazetteer_build(use_cache=False))
    assert {p.affiliation for p in patched.people} == {"Israel", "Türkiye"}
    assert patched.negotiations[0].mediators == ("Türkiye",)
    assert "Person 2" not in {p.name for p in patched.people}
    assert "Person 3" not in {p.name for p in patched.people}

    kept = ActorFactory(name="State of Israel")
    israel.merged_into = kept  # an actor merged: its people now belong to the kept one
    israel.save()
    patched = gazetteer_build()
    _same(patched, gazetteer_build(use_cache=False))
    assert {p.affiliation for p in patched.people} == {"State of Israel", "Türkiye"}


def test_it_reads_only_the_changed_people_when_one_is_added():
    actor = ActorFactory(name="Qatar")
    for i in range(40):
        PersonFactory(name=f"Person {i}", affiliation=actor)
    gazetteer_build()
    PersonFactory(name="Majed al-Ansari", affiliation=actor)
    with CaptureQueriesContext(connection) as queries:
        gazetteer = gazetteer_build()
    assert "Majed al-Ansari" in {p.name for p in gazetteer.people}
    person_reads = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "negotiations_person"' in q["sql"] and "max(" not in q["sql"] and "COUNT(*)" not in q["sql"]
    ]
    # Which people changed (by id or by time), then only those rows: no row of the others is read
    # (one count checks that none vanished unseen).
    bounds = (
        "p.id IN (",
        '"negotiations_person" WHERE id >',
        '"negotiations_person" WHERE updated_at >=',
    )
    assert person_reads
    assert all(any(bound in sql for bound in bounds) for sql in person_reads), person_reads
    assert len(gazetteer.people) == 41
    # The 40 saved a moment ago are within the late-commit margin, but were seen by the last read at
    # the same updated_at: only the new one is read again.
    [read] = [sql for sql in person_reads if "p.id IN (" in sql]
    new = Person.objects.get(name="Majed al-Ansari")
    # The person and their aliases, in one query.
    assert f"p.id IN ({new.pk})" in read and f"a.person_id IN ({new.pk})" in read, read
    assert "IN (" not in read.replace(f"p.id IN ({new.pk})", "").replace(f"a.person_id IN ({new.pk})", ""), read


def test_it_rereads_everything_when_rows_vanish_without_a_tombstone():
    # A rolled-back transaction or a TRUNCATE leaves no tombstone; between tests this is the norm.
    actor = ActorFactory(name="Egypt")
    PersonFactory(name="Badr Abdelatty", affiliation=actor)
    newest = PersonFactory(name="Hassan Rashad", affiliation=actor)
    assert len(gazetteer_build().people) == 2

    Person.objects.filter(pk=newest.pk)._raw_delete(using="default")  # no signal, no tombstone

    assert [p.name for p in gazetteer_build().people] == ["Badr Abdelatty"]


def test_it_drops_a_person_that_vanished_while_newer_ones_arrived():
    # E.g. the cache was built inside a transaction that later rolled back, then a new person came.
    actor = ActorFactory(name="Qatar")
    PersonFactory(name="Majed al-Ansari", affiliation=actor)
    phantom = PersonFactory(name="Rolled Back", affiliation=actor)
    assert len(gazetteer_build().people) == 2
    Person.objects.filter(pk=phantom.pk)._raw_delete(using="default")
    PersonFactory(name="Mohammed Al-Khulaifi", affiliation=actor)

    assert {p.name for p in gazetteer_build().people} == {"Majed al-Ansari", "Mohammed Al-Khulaifi"}


def test_it_never_hands_one_threads_snapshot_to_another():
    import threading

    ActorFactory(name="Oman")
    mine = gazetteer_build()
    theirs = []

    def build():
        # Same database, another thread: its own cache (a snapshot may hold uncommitted rows).
        from events import gazetteer as gazetteer_module

        theirs.append(gazetteer_module._thread_cache().snapshots.get(connection.settings_dict["NAME"] or ""))

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    assert theirs == [None]
    assert gazetteer_build() is mine


def test_it_records_what_a_refresh_changed():
    israel = ActorFactory(name="Israel", iso_code="IL")
    hamas = ActorFactory(name="Hamas", kind=ActorKind.ARMED_GROUP)
    kept = PersonFactory(name="Ron Dermer", title="", affiliation=israel)
    PersonFactory(name="Khalil al-Hayya", title="", affiliation=hamas)
    first = gazetteer_build()
    assert first.change is None  # a full read: nothing to compare with

    PersonFactory(name="Steve Witkoff", title="", affiliation=None)
    kept.title = "Minister of Strategic Affairs"
    kept.save()
    negotiation = NegotiationFactory(title="Gaza talks")
    ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
    second = gazetteer_build()

    change = second.change
    assert change.since == id(first)
    assert change.actors is False
    assert sorted((p.name, p.title) for p in change.people) == [
        ("Ron Dermer", ""),
        ("Ron Dermer", "Minister of Strategic Affairs"),
        ("Steve Witkoff", ""),
    ]
    # As it was, and as it is: what the extractor patches its person index with.
    assert [(p.name, p.title) for p in change.people_left] == [("Ron Dermer", "")]
    assert sorted((p.name, p.title) for p in change.people_entered) == [
        ("Ron Dermer", "Minister of Strategic Affairs"),
        ("Steve Witkoff", ""),
    ]
    assert change.base() is first
    assert [(n.title, n.parties) for n in change.negotiations] == [("Gaza talks", ("Israel",))]

    egypt = ActorFactory(name="Egypt", iso_code="EG")
    third = gazetteer_build().change
    assert third.actors is True
    # Only added: the new actor is named, so an extraction that does not name it still holds.
    assert [a.name for a in third.actors_entered] == ["Egypt"]

    egypt.name = "Arab Republic of Egypt"
    egypt.save()
    renamed = gazetteer_build().change
    assert renamed.actors is True and renamed.actors_entered == ()


def test_it_rereads_only_the_negotiations_that_changed():
    israel, hamas, qatar = (ActorFactory(name=n) for n in ("Israel", "Hamas", "Qatar"))
    gaza = NegotiationFactory(title="Gaza talks")
    other = NegotiationFactory(title="Other talks")
    ParticipationFactory(negotiation=gaza, actor=israel, role=Role.PARTY)
    ParticipationFactory(negotiation=other, actor=hamas, role=Role.PARTY)
    gazetteer_build()

    ParticipationFactory(negotiation=gaza, actor=qatar, role=Role.MEDIATOR)
    with CaptureQueriesContext(connection) as queries:
        gazetteer = gazetteer_build()

    by_title = {n.title: n for n in gazetteer.negotiations}
    assert by_title["Gaza talks"].mediators == ("Qatar",)
    assert by_title["Other talks"].parties == ("Hamas",)
    # One read: the negotiation, its aliases, participations and usual mediators, each bounded to it.
    [read] = [q["sql"] for q in queries.captured_queries if "SELECT 0, n.id" in q["sql"]]
    for bound in ("n.id", "l.negotiation_id", "p.negotiation_id", "u.negotiation_id"):
        assert f"{bound} IN ({gaza.pk})" in read, read
    assert read.count(" IN (") == 5, read  # the four, and the roles


def test_it_rereads_the_negotiations_when_a_participation_is_deleted():
    israel, hamas = ActorFactory(name="Israel"), ActorFactory(name="Hamas")
    gaza = NegotiationFactory(title="Gaza talks")
    ParticipationFactory(negotiation=gaza, actor=israel, role=Role.PARTY)
    gone = ParticipationFactory(negotiation=gaza, actor=hamas, role=Role.PARTY)
    assert set(gazetteer_build().negotiations[0].parties) == {"Israel", "Hamas"}

    gone.delete()  # leaves a tombstone, which does not say the negotiation

    assert gazetteer_build().negotiations[0].parties == ("Israel",)


@pytest.mark.django_db(transaction=True)
def test_it_drops_a_person_read_inside_a_transaction_that_rolled_back():
    from django.db import transaction

    actor = ActorFactory(name="Qatar")
    PersonFactory(name="Majed al-Ansari", affiliation=actor)
    gazetteer_cache_clear()
    gazetteer_build()  # outside any transaction: what it read is committed

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        PersonFactory(name="Rolled Back", affiliation=actor)
        assert "Rolled Back" in {p.name for p in gazetteer_build().people}  # its own transaction's row
        raise RolledBack
    PersonFactory(name="Mohammed Al-Khulaifi", affiliation=actor)  # a newer person: max(id) did not go back

    assert {p.name for p in gazetteer_build().people} == {"Majed al-Ansari", "Mohammed Al-Khulaifi"}


@pytest.mark.django_db(transaction=True)
def test_it_checks_only_the_people_it_read_inside_a_transaction_not_every_person():
    from django.db import transaction

    actor = ActorFactory(name="Egypt")
    PersonFactory.create_batch(30, affiliation=actor)
    gazetteer_cache_clear()
    gazetteer_build()
    PersonFactory(name="Badr Abdelatty", affiliation=actor)
    with transaction.atomic():  # as under the pipeline's write lock
        inside = gazetteer_build()
    assert "Badr Abdelatty" in {p.name for p in inside.people}
    newcomer = PersonFactory(name="Hassan Rashad", affiliation=actor)

    with CaptureQueriesContext(connection) as queries:
        gazetteer = gazetteer_build()

    assert len(gazetteer.people) == 32
    counts = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "negotiations_person"')
    ]
    badr = Person.objects.get(name="Badr Abdelatty")
    # One look-up of the person read inside the transaction, by id; no count of all 32.
    assert len(counts) == 1 and f'"negotiations_person"."id" IN ({badr.pk})' in counts[0], counts
    assert newcomer.pk in {p.id for p in gazetteer.people}

    PersonFactory(name="Ahmed Aboul Gheit", affiliation=actor)
    with CaptureQueriesContext(connection) as queries:
        gazetteer_build()  # the last refresh, outside any transaction, confirmed him: nothing to check
    assert not [q for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "negotiations_person"')]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_checking_a_doubtful_person_until_a_refresh_has_looked_them_up():
    # A refresh that finds no person changed (here: only a negotiation did) must not take the people
    # it read inside a rolled-back transaction as confirmed: it never looked them up.
    import psycopg2
    from django.db import transaction

    actor = ActorFactory(name="Qatar")
    PersonFactory(name="Majed al-Ansari", affiliation=actor)
    gazetteer_cache_clear()
    gazetteer_build()
    s = connection.settings_dict
    other = psycopg2.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
    )
    other.autocommit = True

    class RolledBack(Exception):
        pass

    try:
        with pytest.raises(RolledBack), transaction.atomic():
            PersonFactory(name="Rolled Back", affiliation=actor)
            # Another worker commits a newer person meanwhile: after the rollback max(id) and
            # max(updated_at) are still the ones this cache saw, so nothing looks gone.
            other.cursor().execute(
                "INSERT INTO negotiations_person (created_at, updated_at, review_status, uid, name, normalized_name, "
                "title)"
                " VALUES (now(), now() + interval '1 second', 'auto', gen_random_uuid(), 'Mohammed Al-Khulaifi',"
                " 'mohammed al-khulaifi', '')"
            )
            assert {"Rolled Back", "Mohammed Al-Khulaifi"} <= {p.name for p in gazetteer_build().people}
            raise RolledBack
    finally:
        other.close()
    NegotiationFactory(title="Gaza talks")
    assert "Rolled Back" in {p.name for p in gazetteer_build().people}  # no person changed: not looked at yet
    PersonFactory(name="Hassan Rashad", affiliation=actor)

    assert {p.name for p in gazetteer_build().people} == {"Majed al-Ansari", "Mohammed Al-Khulaifi", "Hassan Rashad"}
