"""The admin over what the real pipeline writes: the seed report ingested, then curated."""

import pytest
from django.urls import reverse

from events.models import Evidence, Meeting, Report, Statement
from events.services.reports import report_process, report_submit
from negotiations.models import Person, ReviewStatus
from negotiations.services.gazetteer import gazetteer_load
from tests.services.conftest import load_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_report():
    gazetteer_load()
    report, _ = report_submit(enqueue=False, **load_report("seed/seed-report.json"))
    report = report_process(report_id=report.id)
    assert report.status == Report.Status.PROCESSED, report.failure_reason
    return report


def _url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_it_renders_the_pages_of_everything_the_pipeline_wrote(curator_client, seed_report):
    statements = list(Statement.objects.filter(evidence__report=seed_report))
    meetings = list(Meeting.objects.filter(evidence__report=seed_report))
    assert statements and meetings
    objects = [seed_report, *statements, *meetings, *Person.objects.filter(statements__in=statements).distinct()]
    for obj in objects:
        assert curator_client.get(_url(obj)).status_code == 200, obj
        assert curator_client.get(_url(obj, "history")).status_code == 200, obj
    report_page = curator_client.get(_url(seed_report)).content.decode()
    # The report page lists what was extracted from it, with links.
    for statement in statements:
        assert _url(statement) in report_page


def test_it_queues_the_pipelines_new_rows_for_review_and_shows_its_changes(curator_client, seed_report):
    queue = {s.model_name: s for s in curator_client.get(reverse("curator:review_queue")).context["sections"]}
    for name, model in (("statement", Statement), ("meeting", Meeting), ("person", Person)):
        assert queue[name].count == model.objects.filter(review_status=ReviewStatus.AUTO).count()
    assert queue["person"].count >= 1  # no person of the seed is known beforehand

    rows = curator_client.get(reverse("curator:recent_changes"), {"reason": f"pipeline: report {seed_report.pk}"})
    rows = rows.context["rows"]
    assert rows and all(r.reason.startswith(f"pipeline: report {seed_report.pk}") for r in rows)
    assert {"statement", "person"} <= {r.model_name for r in rows}


def test_it_merges_a_pipeline_person_into_a_curated_one_keeping_the_evidence(curator_client, seed_report):
    speaker = Person.objects.filter(statements__evidence__report=seed_report).distinct().order_by("pk").first()
    said = list(speaker.statements.values_list("pk", flat=True))
    evidence = Evidence.objects.filter(statement__in=said).count()
    curated = Person.objects.create(name=f"{speaker.name} (curated)", review_status=ReviewStatus.REVIEWED)

    response = curator_client.post(
        reverse("admin:negotiations_person_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [speaker.pk, curated.pk],
            "post": "yes",
            "keep": curated.pk,
        },
    )

    assert response.status_code == 302
    assert sorted(curated.statements.values_list("pk", flat=True)) == sorted(said)
    assert Evidence.objects.filter(statement__in=said).count() == evidence
    assert curated.aliases.filter(name=speaker.name).exists()
