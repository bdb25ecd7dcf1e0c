"""The write service on its own: resolution of actors, people and negotiations; statement and meeting
deduplication; curators' decisions respected."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from events.models import Evidence, Meeting, Statement
from events.pipeline.types import (
    ExtractedActor,
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
    Span,
)
from events.services.facts import facts_write
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias
from tests.factories import ActorFactory, NegotiationFactory, ParticipationFactory, PersonFactory, ReportFactory

pytestmark = pytest.mark.django_db

D = dt.date
NEGOTIATION = ExtractedNegotiation(
    title="Russia-Ukraine cease-fire talks",
    topic="cease-fire",
    parties=["Russia", "Ukraine"],
    mediators=["United States"],
)
ACTORS = [ExtractedActor(name=n, kind="state") for n in ("Russia", "Ukraine", "United States", "Saudi Arabia")]


def span(text="sentence", start=0):
    return Span(start, start + len(text), text)


BRIEFING_DAY = D(2025, 3, 12)


def quote(text, speaker="Dmitry Peskov", start=0, said_on=BRIEFING_DAY, **kw):
    return ExtractedStatement(
        text=text, kind="direct", span=span(text, start), speaker_person=speaker, said_on=said_on, **kw
    )


def extraction(statements=(), meetings=(), people=None, negotiation=NEGOTIATION, actors=ACTORS):
    people = (
        people
        if people is not None
        else [ExtractedPerson(name="Dmitry Peskov", title="Kremlin spokesman", affiliation="Russia")]
    )
    return Extraction(
        negotiation=negotiation,
        actors=list(actors),
        people=people,
        statements=list(statements),
        meetings=list(meetings),
    )


def test_it_creates_the_rows_marked_for_review_with_evidence():
    report = ReportFactory()
    result = facts_write(
        report=report,
        extraction=extraction([quote("You are getting ahead of events here, we will not do that", start=5)]),
    )
    negotiation = Negotiation.objects.get()
    assert (negotiation.title, negotiation.review_status) == ("Russia-Ukraine cease-fire talks", "auto")
    assert sorted(Participation.objects.values_list("actor__name", "role")) == [
        ("Russia", "party"),
        ("Ukraine", "party"),
        ("United States", "mediator"),
    ]
    person = Person.objects.get()
    assert (person.name, person.title, person.affiliation.name, person.review_status) == (
        "Dmitry Peskov",
        "Kremlin spokesman",
        "Russia",
        "auto",
    )
    statement = Statement.objects.get()
    assert (statement.speaker_person, statement.said_on, statement.review_status) == (person, D(2025, 3, 12), "auto")
    assert statement.speaker_title == "Kremlin spokesman"
    evidence = Evidence.objects.get()
    assert (evidence.report, evidence.statement, evidence.char_start, evidence.char_end) == (report, statement, 5, 62)
    assert result.statement_ids == [statement.id]
    assert result.created["statements"] == 1


def test_it_writes_nothing_new_when_the_same_extraction_is_written_again():
    report = ReportFactory()
    data = extraction([quote("You are getting ahead of events here, we will not do that")])
    facts_write(report=report, extraction=data)
    snapshot = [m.objects.count() for m in (Actor, Person, Negotiation, Participation, Statement, Evidence)]
    result = facts_write(report=report, extraction=data)
    assert [m.objects.count() for m in (Actor, Person, Negotiation, Participation, Statement, Evidence)] == snapshot
    assert result.created == {}


def test_it_resolves_known_actors_by_alias_and_known_people_by_spelling():
    russia = ActorFactory(name="Russia", iso_code="RU")
    ActorAlias.objects.create(actor=russia, name="the Kremlin")
    araghchi = PersonFactory(name="Abbas Araghchi", title="Foreign Minister", affiliation=ActorFactory(name="Iran"))
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [quote("We will not negotiate under maximum pressure", speaker="Abbas Araqchi")],
            people=[ExtractedPerson(name="Abbas Araqchi", title="Iranian foreign minister", affiliation="Iran")],
            actors=[ExtractedActor(name="the Kremlin", kind="state")],
            negotiation=ExtractedNegotiation(title="US-Iran nuclear talks", parties=["the Kremlin", "Iran"]),
        ),
    )
    assert Actor.objects.filter(normalized_name="the kremlin").count() == 0
    assert Person.objects.count() == 1
    assert Statement.objects.get().speaker_person == araghchi
    assert list(PersonAlias.objects.filter(person=araghchi).values_list("name", flat=True)) == ["Abbas Araqchi"]
    araghchi.refresh_from_db()
    assert araghchi.title == "Foreign Minister"  # a curated row is not overwritten


def test_it_never_matches_a_person_on_the_surname_alone():
    PersonFactory(name="Stephen Miller")
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [quote("We want to see it done as soon as possible", speaker="Matthew Miller")],
            people=[ExtractedPerson(name="Matthew Miller", title="spokesperson")],
        ),
    )
    assert sorted(Person.objects.values_list("name", flat=True)) == ["Matthew Miller", "Stephen Miller"]
    assert Statement.objects.get().speaker_person.name == "Matthew Miller"


def test_it_resolves_a_nickname_to_the_known_person():
    witkoff = PersonFactory(name="Steven Witkoff")
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [quote("Yes, he has arrived, and contacts are planned", speaker="Steve Witkoff")],
            people=[ExtractedPerson(name="Steve Witkoff", title="special envoy")],
        ),
    )
    assert Person.objects.count() == 1
    assert Statement.objects.get().speaker_person == witkoff


def test_it_follows_a_curators_merge_to_the_surviving_person():
    kept = PersonFactory(name="Recep Tayyip Erdoğan")
    PersonFactory(name="Tayip Erdogan", merged_into=kept)
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [quote("Turkey stands ready to host the talks", speaker="Tayip Erdogan")],
            people=[ExtractedPerson(name="Tayip Erdogan")],
        ),
    )
    assert Statement.objects.get().speaker_person == kept


def test_it_gives_the_facts_of_a_known_negotiation_merged_away_since_the_snapshot_to_the_kept_one():
    kept = NegotiationFactory(title="Ukraine peace process")
    merged = NegotiationFactory(title="Russia-Ukraine cease-fire talks", merged_into=kept)
    known = ExtractedNegotiation(title=merged.title, parties=["Russia", "Ukraine"], known_id=merged.id)
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("We are ready to discuss a thirty day truce")], negotiation=known),
    )
    assert Statement.objects.get().negotiation == kept
    assert not Participation.objects.filter(negotiation=merged).exists()
    assert Participation.objects.filter(negotiation=kept).count() == 2


def test_it_matches_the_negotiation_by_its_parties_when_the_extractor_found_none():
    existing = NegotiationFactory(title="Ukraine peace process")
    for name in ("Russia", "Ukraine"):
        ParticipationFactory(negotiation=existing, actor=ActorFactory(name=name))
    facts_write(report=ReportFactory(), extraction=extraction([quote("We are ready to discuss a thirty day truce")]))
    assert Negotiation.objects.count() == 1
    assert Statement.objects.get().negotiation == existing
    assert Participation.objects.filter(negotiation=existing, role="mediator").get().actor.name == "United States"


def test_it_gives_a_statement_read_again_in_another_report_a_second_evidence():
    text = "It is too early to talk about a ceasefire in Ukraine"
    facts_write(report=ReportFactory(outlet="Reuters"), extraction=extraction([quote(text)]))
    facts_write(
        report=ReportFactory(outlet="TASS"), extraction=extraction([quote("\u201c" + text.upper() + ".\u201d")])
    )
    statement = Statement.objects.get()
    assert sorted(statement.evidence.values_list("report__outlet", flat=True)) == ["Reuters", "TASS"]


def test_it_takes_a_fragment_for_the_statement_it_belongs_to_and_keeps_the_full_quote():
    fragment = "a thirty day ceasefire is a good idea"
    full = "In principle a thirty day ceasefire is a good idea, but there are questions to discuss"
    facts_write(report=ReportFactory(), extraction=extraction([quote(fragment)]))
    facts_write(report=ReportFactory(), extraction=extraction([quote(full)]))
    facts_write(report=ReportFactory(), extraction=extraction([quote(fragment)]))
    statement = Statement.objects.get()
    assert statement.text == full
    assert statement.evidence.count() == 3


def test_it_compares_statements_said_months_apart_by_their_exact_words_only():
    full = "In principle a thirty day ceasefire is a good idea, but there are questions to discuss"
    facts_write(report=ReportFactory(), extraction=extraction([quote(full, said_on=D(2025, 3, 12))]))
    # Three months on, the very words are the same statement; a part of them is a statement of its own.
    facts_write(report=ReportFactory(), extraction=extraction([quote(full, said_on=D(2025, 6, 20))]))
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("a thirty day ceasefire is a good idea", said_on=D(2025, 6, 20))]),
    )
    # Within the window, the part is still read as the fragment it is.
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("but there are questions to discuss", said_on=D(2025, 3, 30))]),
    )
    rows = sorted(Statement.objects.values_list("text", "said_on"))
    assert rows == [
        ("In principle a thirty day ceasefire is a good idea, but there are questions to discuss", D(2025, 3, 12)),
        ("a thirty day ceasefire is a good idea", D(2025, 6, 20)),
    ]
    assert Statement.objects.get(said_on=D(2025, 3, 12)).evidence.count() == 3


@pytest.mark.parametrize("status", ["reviewed", "rejected"])
def test_it_takes_the_row_a_curator_wrote_meanwhile_when_the_bulk_insert_collides(monkeypatch, status):
    from events.services import facts

    text = "We will not sign anything before the prisoners are released"
    loaded = facts._statements_preload

    def preload_then_curator_writes(*, state, negotiation, extracted):
        loaded(state=state, negotiation=negotiation, extracted=extracted)  # the pool is read; then a
        # curator saves the same words
        Statement.objects.create(
            negotiation=negotiation,
            speaker_person=Person.objects.get(name="Dmitry Peskov"),
            text=text,
            review_status=status,
        )

    monkeypatch.setattr(facts, "_statements_preload", preload_then_curator_writes)
    report = ReportFactory()
    result = facts_write(
        report=report, extraction=extraction([quote(text), quote("Another statement of four words at least", start=80)])
    )

    curator_row = Statement.objects.get(text=text)
    assert (Statement.objects.count(), curator_row.review_status) == (2, status)
    other = Statement.objects.exclude(pk=curator_row.pk).get()
    assert result.created["statements"] == 1  # the other one, inserted on its own after the collision
    if status == "reviewed":
        assert sorted(Evidence.objects.filter(report=report).values_list("statement_id", flat=True)) == sorted(
            [curator_row.pk, other.pk]
        )
        assert result.statement_ids == [curator_row.pk, other.pk]
    else:
        assert list(Evidence.objects.filter(report=report).values_list("statement_id", flat=True)) == [other.pk]
        assert (result.statement_ids, result.skipped_rejected) == ([other.pk], 1)


def test_it_keeps_a_fragment_as_it_is_when_a_curator_wrote_the_full_quote_meanwhile(monkeypatch):
    from events.services import facts

    fragment = "a thirty day ceasefire is a good idea"
    full = "In principle a thirty day ceasefire is a good idea, but there are questions to discuss"
    facts_write(report=ReportFactory(), extraction=extraction([quote(fragment)]))
    stored = Statement.objects.get()
    loaded = facts._statements_preload

    def preload_then_curator_writes(*, state, negotiation, extracted):
        loaded(state=state, negotiation=negotiation, extracted=extracted)  # the pool holds the fragment only;
        # then a curator saves the full quote as its own row
        Statement.objects.create(
            negotiation=negotiation, speaker_person=stored.speaker_person, text=full, review_status="reviewed"
        )

    monkeypatch.setattr(facts, "_statements_preload", preload_then_curator_writes)
    report = ReportFactory()
    result = facts_write(report=report, extraction=extraction([quote(full)]))

    # Growing the fragment into the full quote would duplicate the curator's row: both stay as they are,
    # and the report is evidence of the fragment's row it matched.
    stored.refresh_from_db()
    assert stored.text == fragment
    assert Statement.objects.filter(text=full, review_status="reviewed").count() == 1
    assert Statement.objects.count() == 2
    assert list(Evidence.objects.filter(report=report).values_list("statement_id", flat=True)) == [stored.pk]
    assert result.statement_ids == [stored.pk]


def test_it_never_recreates_a_rejected_statement():
    text = "The Kremlin will not comment on the proposal today"
    facts_write(report=ReportFactory(), extraction=extraction([quote(text)]))
    Statement.objects.update(review_status="rejected")
    report = ReportFactory()
    result = facts_write(report=report, extraction=extraction([quote(text)]))
    assert Statement.objects.count() == 1
    assert Statement.objects.get().review_status == "rejected"
    assert not Evidence.objects.filter(report=report).exists()
    assert result.skipped_rejected == 1


def test_it_never_changes_a_reviewed_statement_but_adds_its_evidence():
    facts_write(
        report=ReportFactory(), extraction=extraction([quote("a thirty day ceasefire is a good idea", said_on=None)])
    )
    Statement.objects.update(review_status="reviewed")
    report = ReportFactory()
    facts_write(
        report=report,
        extraction=extraction(
            [quote("In principle a thirty day ceasefire is a good idea, but", said_on=D(2025, 3, 13))]
        ),
    )
    statement = Statement.objects.get()
    assert (statement.text, statement.said_on) == ("a thirty day ceasefire is a good idea", None)
    assert statement.evidence.filter(report=report).exists()


def test_it_keeps_a_short_key_phrase_apart_from_the_statement_containing_it():
    facts_write(
        report=ReportFactory(), extraction=extraction([quote("The talks were productive and useful for both sides")])
    )
    facts_write(report=ReportFactory(), extraction=extraction([quote("productive and useful")]))
    assert Statement.objects.count() == 2


def test_it_attributes_to_an_institution_when_no_person_speaks():
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [
                ExtractedStatement(
                    text="Moscow is open to dialogue on all issues", kind="direct", span=span(), speaker_actor="Russia"
                )
            ]
        ),
    )
    statement = Statement.objects.get()
    assert (statement.speaker_person, statement.speaker_actor.name) == (None, "Russia")


def test_it_writes_facts_unassigned_without_a_negotiation():
    report = ReportFactory()
    data = extraction(
        [quote("We are ready to discuss a thirty day truce")],
        meetings=[meeting(["Dmitry Peskov"], place="Ankara", start=D(2025, 3, 12))],
        negotiation=None,
    )
    result = facts_write(report=report, extraction=data)
    statement, met = Statement.objects.get(), Meeting.objects.get()
    assert (statement.negotiation_id, statement.review_status, statement.text) == (
        None,
        "auto",
        "We are ready to discuss a thirty day truce",
    )
    assert (met.negotiation_id, met.review_status, met.place_name) == (None, "auto", "Ankara")
    assert set(Evidence.objects.filter(report=report).values_list("statement_id", "meeting_id")) == {
        (statement.id, None),
        (None, met.id),
    }
    assert Negotiation.objects.count() == 0
    assert (result.negotiation_id, result.statement_ids, result.meeting_ids) == (None, [statement.id], [met.id])
    assert "unassigned" in result.note


def test_it_deduplicates_unassigned_facts_across_reports():
    first, second = ReportFactory(), ReportFactory()
    unassigned = dict(meetings=[meeting(["Dmitry Peskov"], place="Ankara", start=D(2025, 3, 12))], negotiation=None)
    facts_write(
        report=first, extraction=extraction([quote("We are ready to discuss a thirty day truce")], **unassigned)
    )
    result = facts_write(
        report=second, extraction=extraction([quote("we are ready to discuss a thirty-day truce.")], **unassigned)
    )
    statement, met = Statement.objects.get(), Meeting.objects.get()
    assert statement.negotiation_id is None and met.negotiation_id is None
    assert sorted(statement.evidence.values_list("report_id", flat=True)) == [first.id, second.id]
    assert sorted(met.evidence.values_list("report_id", flat=True)) == [first.id, second.id]
    assert result.created == {} and result.matched == {"people": 1, "statements": 1, "meetings": 1}


def test_it_keeps_an_unassigned_statement_apart_from_the_same_words_in_a_negotiation():
    said = "We are ready to discuss a thirty day truce"
    facts_write(report=ReportFactory(), extraction=extraction([quote(said)], negotiation=None))
    facts_write(report=ReportFactory(), extraction=extraction([quote(said)]))
    assert sorted(Statement.objects.values_list("negotiation__title", flat=True), key=str) == [
        None,
        "Russia-Ukraine cease-fire talks",
    ]


def test_it_refuses_a_second_unassigned_row_for_the_same_words_in_the_database():
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("We are ready to discuss a thirty day truce")], negotiation=None),
    )
    row = Statement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(speaker_person=row.speaker_person, text=row.text)


def meeting(people, place="", country=None, start=None, end=None, precision="day", kind="talks", at=0, actors=()):
    return ExtractedMeeting(
        kind=kind,
        span=Span(at, at + 10, "meeting sentence"),
        people=list(people),
        actors=list(actors),
        place_name=place,
        place_country=country,
        date_from=start,
        date_to=end or start,
        date_precision=precision,
    )


PEOPLE = [
    ExtractedPerson(name="Steve Witkoff", title="special envoy", affiliation="United States"),
    ExtractedPerson(name="Marco Rubio", title="Secretary of State", affiliation="United States"),
    ExtractedPerson(name="Sergei Lavrov", title="Foreign Minister", affiliation="Russia"),
    ExtractedPerson(name="Rustem Umerov", title="Defence Minister", affiliation="Ukraine"),
]


def test_it_merges_the_same_meeting_from_two_outlets_and_keeps_the_more_precise_date():
    first = ReportFactory()
    facts_write(
        report=first,
        extraction=extraction(
            meetings=[
                meeting(
                    ["Steve Witkoff", "Sergei Lavrov"], "Riyadh", "Saudi Arabia", D(2025, 2, 17), D(2025, 2, 23), "week"
                )
            ],
            people=PEOPLE,
        ),
    )
    second = ReportFactory()
    facts_write(
        report=second,
        extraction=extraction(
            meetings=[
                meeting(["Marco Rubio", "Sergei Lavrov", "Steven Witkoff"], "Riyadh", "Saudi Arabia", D(2025, 2, 18))
            ],
            people=PEOPLE,
        ),
    )
    row = Meeting.objects.get()
    assert (row.date_from, row.date_to, row.date_precision) == (D(2025, 2, 18), D(2025, 2, 18), "day")
    assert sorted(row.people.values_list("name", flat=True)) == ["Marco Rubio", "Sergei Lavrov", "Steve Witkoff"]
    assert sorted(row.evidence.values_list("report_id", flat=True)) == sorted([first.id, second.id])


def test_it_keeps_two_meetings_of_one_report_apart_and_reprocessing_maps_each_to_itself():
    report = ReportFactory()
    data = extraction(
        meetings=[
            meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", "Saudi Arabia", D(2025, 2, 18), at=0),
            meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", "Saudi Arabia", D(2025, 2, 18), at=100),
        ],
        people=PEOPLE,
    )
    facts_write(report=report, extraction=data)
    facts_write(report=report, extraction=data)
    assert Meeting.objects.count() == 2
    assert sorted(Evidence.objects.filter(meeting__isnull=False).values_list("char_start", flat=True)) == [0, 100]
    # Another outlet's copy naming both gains evidence on both, adding no meeting.
    copy = ReportFactory()
    facts_write(report=copy, extraction=data)
    assert Meeting.objects.count() == 2
    assert Evidence.objects.filter(report=copy, meeting__isnull=False).values("meeting").distinct().count() == 2


def test_it_reads_the_meeting_candidates_of_a_report_once_and_merges_a_meeting_told_by_its_sides_and_its_people():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 2, 18))], people=PEOPLE
        ),
    )
    report = ReportFactory()
    data = extraction(
        meetings=[
            # The delegations, then the people: one meeting told twice, which the stored one also is.
            meeting([], "Riyadh", None, D(2025, 2, 18), actors=["United States", "Russia"], at=0),
            meeting(["Marco Rubio", "Sergei Lavrov"], "Riyadh", None, D(2025, 2, 18), at=50),
            meeting(["Steve Witkoff", "Rustem Umerov"], "Riyadh", None, D(2025, 2, 19), at=100),
            meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 2, 20), at=150),
        ],
        people=PEOPLE,
    )
    with CaptureQueriesContext(connection) as ctx:
        facts_write(report=report, extraction=data)
    meeting_reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "events_meeting"."id"')]
    assert len(meeting_reads) == 1
    rows = list(Meeting.objects.order_by("date_from"))
    assert [str(m.date_from) for m in rows] == ["2025-02-18", "2025-02-19", "2025-02-20"]
    assert sorted(rows[0].people.values_list("name", flat=True)) == ["Marco Rubio", "Sergei Lavrov", "Steve Witkoff"]
    assert sorted(rows[0].actors.values_list("name", flat=True)) == ["Russia", "United States"]
    assert Evidence.objects.filter(report=report, meeting__isnull=False).count() == 3


def test_it_keeps_meetings_of_other_sides_and_other_days_apart():
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 3, 11))], people=PEOPLE
        ),
    )
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Rustem Umerov"], "Riyadh", None, D(2025, 3, 11))], people=PEOPLE
        ),
    )
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 3, 14))], people=PEOPLE
        ),
    )
    assert Meeting.objects.count() == 3


def test_it_never_recreates_a_rejected_meeting_nor_changes_a_reviewed_one():
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[
                meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 2, 17), D(2025, 2, 23), "week")
            ],
            people=PEOPLE,
        ),
    )
    row = Meeting.objects.get()
    Meeting.objects.update(review_status="reviewed")
    later = ReportFactory()
    facts_write(
        report=later,
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Sergei Lavrov", "Marco Rubio"], "Riyadh", None, D(2025, 2, 18))],
            people=PEOPLE,
        ),
    )
    row.refresh_from_db()
    assert (row.date_precision, row.people.count()) == ("week", 2)
    assert row.evidence.filter(report=later).exists()
    Meeting.objects.update(review_status="rejected")
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            meetings=[meeting(["Steve Witkoff", "Sergei Lavrov"], "Riyadh", None, D(2025, 2, 18))], people=PEOPLE
        ),
    )
    assert Meeting.objects.count() == 1


def test_it_gives_words_first_read_as_an_institutions_to_the_person_speaking_for_it():
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [
                ExtractedStatement(
                    text="You are getting ahead of events here", kind="direct", span=span(), speaker_actor="Russia"
                )
            ]
        ),
    )
    assert Statement.objects.get().speaker_actor.name == "Russia"
    facts_write(report=ReportFactory(), extraction=extraction([quote("You are getting ahead of events here")]))
    statement = Statement.objects.get()
    assert (statement.speaker_person.name, statement.speaker_actor) == ("Dmitry Peskov", None)
    assert statement.evidence.count() == 2
    # And the other way round: a later report giving them to the institution adds evidence only.
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [
                ExtractedStatement(
                    text="You are getting ahead of events here", kind="direct", span=span(), speaker_actor="Russia"
                )
            ]
        ),
    )
    assert Statement.objects.get().evidence.count() == 3


def test_it_does_not_give_an_institutions_words_to_a_person_of_another_side():
    facts_write(
        report=ReportFactory(),
        extraction=extraction(
            [
                ExtractedStatement(
                    text="Kyiv is ready for an unconditional ceasefire",
                    kind="direct",
                    span=span(),
                    speaker_actor="Ukraine",
                )
            ]
        ),
    )
    facts_write(report=ReportFactory(), extraction=extraction([quote("Kyiv is ready for an unconditional ceasefire")]))
    assert sorted(
        (s.speaker_person.name if s.speaker_person else s.speaker_actor.name) for s in Statement.objects.all()
    ) == ["Dmitry Peskov", "Ukraine"]


KREMLIN_LINE = "The conditions for a ceasefire have not changed and the president set them out very clearly in June"
BOTH = [
    ExtractedPerson(name="Dmitry Peskov", title="Kremlin spokesman", affiliation="Russia"),
    ExtractedPerson(name="Sergei Lavrov", title="Foreign Minister", affiliation="Russia"),
]


def test_it_adds_a_quote_with_no_speaker_or_another_speaker_to_the_stored_one_said_within_days():
    facts_write(report=ReportFactory(), extraction=extraction([quote(KREMLIN_LINE)]))
    # An outlet that names no speaker, one that names the wrong one, a day later and with its own edits.
    anonymous = ReportFactory()
    facts_write(
        report=anonymous,
        extraction=extraction([quote(KREMLIN_LINE.replace("very clearly", "clearly"), speaker=None)], people=[]),
    )
    wrong = ReportFactory()
    facts_write(
        report=wrong,
        extraction=extraction(
            [quote(KREMLIN_LINE, speaker="Sergei Lavrov", said_on=BRIEFING_DAY + dt.timedelta(days=1))], people=BOTH
        ),
    )
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("The conditions for a ceasefire have not changed", speaker="Sergei Lavrov")]),
    )
    (row,) = Statement.objects.filter(text=KREMLIN_LINE)
    assert row.speaker_person.name == "Dmitry Peskov"
    assert set(row.evidence.values_list("report_id", flat=True)) >= {anonymous.id, wrong.id}
    # The short line is a fragment only of Peskov's words: credited to Lavrov, it is Lavrov's own.
    assert list(Statement.objects.filter(speaker_person__name="Sergei Lavrov").values_list("text", flat=True)) == [
        "The conditions for a ceasefire have not changed"
    ]


def test_it_keeps_the_same_words_of_another_speaker_said_weeks_later_apart_and_skips_an_unknown_speakers_new_quote():
    facts_write(report=ReportFactory(), extraction=extraction([quote(KREMLIN_LINE)]))
    later = BRIEFING_DAY + dt.timedelta(days=10)
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote(KREMLIN_LINE, speaker="Sergei Lavrov", said_on=later)], people=BOTH),
    )
    facts_write(
        report=ReportFactory(),
        extraction=extraction([quote("Nobody in Moscow has seen the new text of the proposal yet", speaker=None)]),
    )
    assert sorted(Statement.objects.values_list("speaker_person__name", flat=True)) == [
        "Dmitry Peskov",
        "Sergei Lavrov",
    ]
