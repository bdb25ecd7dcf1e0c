import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from negotiations.models import Role
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache; one test's requests must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def reader(db):
    """An authenticated user without any model permission."""
    user = User.objects.create_user("reader", password="pw-reader-123")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


@pytest.fixture
def editor(db):
    """A token-authenticated user with add/change/delete on every negotiations and events model."""
    user = User.objects.create_user("editor", password="pw-editor-123")
    perms = Permission.objects.filter(content_type__app_label__in=["negotiations", "events"]).exclude(
        codename__startswith="view_"
    )
    user.user_permissions.set(perms)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


def error_of(response, status: int, code: str | None = None) -> dict:
    """Assert the one stable error shape and return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()["error"]
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    if code is not None:
        assert body["code"] == code
    return body


@pytest.fixture
def world(db):
    """A small negotiation: two parties, one mediator, people, two meetings, three statements, reports.

    report_b is a syndicated copy of report_a (duplicate_of), report_c an independent outlet.
    """
    talks = NegotiationFactory(
        title="Gaza cease-fire talks", slug="gaza-cease-fire-talks", started_on=dt.date(2024, 1, 5)
    )
    other = NegotiationFactory(title="Sudan talks", slug="sudan-talks")
    israel = ActorFactory(name="Israel", iso_code="IL")
    hamas = ActorFactory(name="Hamas", kind="armed_group")
    qatar = ActorFactory(name="Qatar", iso_code="QA")
    egypt = ActorFactory(name="Egypt", iso_code="EG")
    p_israel = ParticipationFactory(negotiation=talks, actor=israel, role=Role.PARTY)
    p_hamas = ParticipationFactory(negotiation=talks, actor=hamas, role=Role.PARTY)
    p_qatar = ParticipationFactory(negotiation=talks, actor=qatar, role=Role.MEDIATOR)
    p_egypt = ParticipationFactory(negotiation=other, actor=egypt, role=Role.MEDIATOR)
    thani = PersonFactory(name="Mohammed bin Abdulrahman Al Thani", title="Prime Minister", affiliation=qatar)
    blinken = PersonFactory(name="Antony Blinken", title="Former Secretary of State", affiliation=None)
    report_a = ReportFactory(
        url="https://wire.example.org/a",
        outlet="Wire",
        title="Qatar says deal is close",
        published_at=dt.datetime(2024, 12, 16, 9, tzinfo=dt.UTC),
    )
    report_b = ReportFactory(
        url="https://paper.example.org/b",
        outlet="Paper",
        title="Qatar says deal is close (wire)",
        duplicate_of=report_a,
        published_at=dt.datetime(2024, 12, 16, 10, tzinfo=dt.UTC),
    )
    report_c = ReportFactory(
        url="https://other.example.org/c",
        outlet="Other",
        title="Mediators meet in Cairo",
        published_at=dt.datetime(2024, 12, 17, 8, tzinfo=dt.UTC),
    )
    meeting_doha = MeetingFactory(
        negotiation=talks,
        date_from=dt.date(2024, 12, 9),
        date_to=dt.date(2024, 12, 10),
        place_name="Doha",
        place_country=qatar,
        summary="Talks in Doha",
    )
    meeting_doha.people.set([thani, blinken])
    meeting_doha.actors.set([hamas])
    meeting_cairo = MeetingFactory(
        negotiation=talks,
        date_from=dt.date(2024, 12, 20),
        date_to=None,
        place_name="Cairo",
        place_country=egypt,
        kind="visit",
        summary="Visit to Cairo",
    )
    s_thani = StatementFactory(
        negotiation=talks,
        speaker_person=thani,
        speaker_title="Prime Minister",
        text="We are close to a deal.",
        said_on=dt.date(2024, 12, 16),
    )
    s_blinken = StatementFactory(
        negotiation=talks,
        speaker_person=blinken,
        speaker_title="Secretary of State",
        text="The ball is in Hamas's court.",
        said_on=dt.date(2024, 12, 12),
    )
    s_hamas = StatementFactory(
        negotiation=talks,
        speaker_person=None,
        speaker_actor=hamas,
        text="We reject the new conditions.",
        kind="reported",
        said_on=None,
    )
    s_other = StatementFactory(
        negotiation=other,
        speaker_person=None,
        speaker_actor=egypt,
        text="Talks resume next week.",
        said_on=dt.date(2024, 11, 1),
    )
    # s_thani: in the wire story, its syndicated copy and an independent outlet -> 3 outlets, 2 sources.
    EvidenceFactory(
        report=report_a, statement=s_thani, sentence="We are close to a deal, he said.", char_start=0, char_end=31
    )
    EvidenceFactory(
        report=report_b, statement=s_thani, sentence="We are close to a deal, he said.", char_start=5, char_end=36
    )
    EvidenceFactory(
        report=report_c, statement=s_thani, sentence="'We are close to a deal.'", char_start=100, char_end=125
    )
    # s_blinken: only in the syndicated copy; meeting_doha: in the wire story only.
    EvidenceFactory(
        report=report_b, statement=s_blinken, sentence="The ball is in Hamas's court.", char_start=40, char_end=69
    )
    EvidenceFactory(report=report_a, meeting=meeting_doha, sentence="They met in Doha.", char_start=50, char_end=67)
    EvidenceFactory(report=report_c, meeting=meeting_cairo, sentence="He visits Cairo.", char_start=10, char_end=26)
    return dict(
        talks=talks,
        other=other,
        israel=israel,
        hamas=hamas,
        qatar=qatar,
        egypt=egypt,
        p_israel=p_israel,
        p_hamas=p_hamas,
        p_qatar=p_qatar,
        p_egypt=p_egypt,
        thani=thani,
        blinken=blinken,
        report_a=report_a,
        report_b=report_b,
        report_c=report_c,
        meeting_doha=meeting_doha,
        meeting_cairo=meeting_cairo,
        s_thani=s_thani,
        s_blinken=s_blinken,
        s_hamas=s_hamas,
        s_other=s_other,
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]
