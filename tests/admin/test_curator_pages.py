"""What a curator sees on the admin pages: header, index, history, recent changes, evidence, participants."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import MeetingParticipant
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def _app_list(response):
    return {app["name"]: [model["object_name"] for model in app["models"]] for app in response.context["app_list"]}


def test_it_names_the_product_in_the_header_and_title(curator_client):
    body = curator_client.get(reverse("admin:index")).content.decode()

    assert '<a href="/admin/">Negotiations curator</a>' in body
    assert "<title>Records of peace and cease-fire talks | Negotiations curator</title>" in body
    assert "Django administration" not in body


def test_it_keeps_the_curator_tool_names_on_one_line(curator_client):
    body = curator_client.get(reverse("admin:index")).content.decode()

    # dashboard.css squeezes index "th" cells to nothing beside a nowrap description: undone here.
    assert '<th scope="row" class="curator-tool"><a href="/admin/review-queue/">Review queue</a></th>' in body
    assert "#curator-tools th.curator-tool { width: auto; white-space: nowrap; }" in body
    assert "#curator-tools td.curator-tool-help { white-space: normal; width: 100%; }" in body


def test_it_groups_internal_tables_apart_for_a_superuser(curator_client):
    apps = _app_list(curator_client.get(reverse("admin:index")))

    assert apps["Internal (written by the services)"] == ["ReportBand", "TokenProxy", "Tombstone"]
    assert "ReportBand" not in apps["Events and reports"] and "Tombstone" not in apps["Negotiations"]
    assert "Statement" in apps["Events and reports"]


def test_it_hides_internal_tables_from_other_staff(client):
    staff = get_user_model().objects.create_user("curator", password="pw", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_statement", "view_tombstone", "view_reportband"])
    )
    client.force_login(staff)

    apps = _app_list(client.get(reverse("admin:index")))

    assert apps == {"Events and reports": ["Statement"]}


def test_it_shows_an_empty_value_before_a_change_as_a_dash_in_the_history(curator_client):
    statement = StatementFactory(speaker_person=None, speaker_actor=ActorFactory(name="Türkiye"))
    statement.speaker_person = PersonFactory(name="Recep Tayyip Erdoğan")
    statement.save()

    response = curator_client.get(reverse("admin:events_statement_history", args=[statement.pk]))

    changes = [
        change for record in response.context["page_obj"] for change in getattr(record, "history_delta_changes", [])
    ]
    assert changes == [{"field": "Speaker person", "old": "—", "new": "Recep Tayyip Erdoğan"}]
    assert "pk=None" not in response.content.decode()


def test_it_names_fields_by_their_label_in_recent_changes_and_wraps_long_values(curator_client):
    person = PersonFactory(name="Hakan Fidan", title="Spokesman")
    statement = StatementFactory(speaker_person=None, speaker_actor=ActorFactory(name="Egypt"))
    statement.speaker_person = person
    statement.save()

    response = curator_client.get(reverse("curator:recent_changes"))

    row = response.context["rows"][0]
    assert [(c.field, c.label, c.old, c.new) for c in row.changes] == [
        ("speaker_person", "Speaker person", "—", f"Hakan Fidan (#{person.pk})")
    ]
    body = response.content.decode()
    assert '<strong title="speaker_person">Speaker person</strong>' in body
    assert "#recent-changes { table-layout: fixed; width: 100%; }" in body
    assert "#recent-changes td { overflow-wrap: anywhere; white-space: normal; }" in body


def test_it_labels_meeting_participants_by_person_and_meeting(curator_client):
    meeting = MeetingFactory(place_name="Doha")
    participant = MeetingParticipant.objects.create(meeting=meeting, person=PersonFactory(name="Majed al-Ansari"))

    assert str(participant) == "Majed al-Ansari at Talks in Doha (2024-12-09)"
    body = curator_client.get(reverse("admin:events_meeting_change", args=[meeting.pk])).content.decode()
    assert "Majed al-Ansari at Talks in Doha (2024-12-09)" in body
    assert "MeetingParticipant object" not in body
    listing = curator_client.get(reverse("admin:events_meetingparticipant_changelist")).content.decode()
    assert "Majed al-Ansari at Talks in Doha (2024-12-09)" in listing


def _report_with_quote():
    text = "Talks resumed in Doha on Monday. The minister said a deal was close. Mediators were hopeful."
    start = text.index("The minister")
    end = text.index("Mediators") - 1
    return ReportFactory(title="Talks resume", outlet="Wire", text=text), start, end


def test_it_shows_evidence_read_only_with_the_sentence_highlighted_and_the_report_in_a_new_tab(curator_client):
    report, start, end = _report_with_quote()
    statement = StatementFactory(text="A deal is close.")
    evidence = EvidenceFactory(
        report=report,
        statement=statement,
        char_start=start,
        char_end=end,
        sentence="The minister said a deal was close.",
    )
    report_url = reverse("admin:events_report_change", args=[report.pk])
    highlighted = (
        '<span class="evidence-context">Talks resumed in Doha on Monday. '
        '<mark class="evidence-sentence">The minister said a deal was close.</mark>'
        " Mediators were hopeful.</span>"
    )
    link = f'<a href="{report_url}" target="_blank" rel="noopener" class="report-link">Talks resume</a> (Wire)'

    page = curator_client.get(reverse("admin:events_evidence_change", args=[evidence.pk]))
    body = page.content.decode()
    assert highlighted in body and link in body
    assert 'name="sentence"' not in body and 'name="char_start"' not in body
    assert page.context["has_change_permission"] is False

    fact_page = curator_client.get(reverse("admin:events_statement_change", args=[statement.pk])).content.decode()
    assert highlighted in fact_page and link in fact_page
    # Only the blank "Add evidence" rows have inputs; the saved row has none.
    assert 'name="evidence-0-sentence"' not in fact_page
    assert 'name="evidence-2-0-sentence"' in fact_page


def test_it_refuses_to_rewrite_saved_evidence(curator_client):
    report, start, end = _report_with_quote()
    evidence = EvidenceFactory(
        report=report,
        statement=StatementFactory(),
        char_start=start,
        char_end=end,
        sentence="The minister said a deal was close.",
    )

    response = curator_client.post(
        reverse("admin:events_evidence_change", args=[evidence.pk]),
        {"sentence": "Something else", "char_start": "0", "char_end": "3"},
    )

    assert response.status_code == 403
    evidence.refresh_from_db()
    assert (evidence.sentence, evidence.char_start) == ("The minister said a deal was close.", start)


def test_it_keeps_the_add_evidence_rows_narrow_enough_for_the_window(curator_client):
    statement = StatementFactory()

    body = curator_client.get(reverse("admin:events_statement_change", args=[statement.pk])).content.decode()

    assert '<textarea name="evidence-2-0-sentence" cols="48" rows="2"' in body
