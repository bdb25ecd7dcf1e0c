"""Review actions on the admin lists: mark reviewed, reject, back to the queue; filter by review status."""

import pytest
from django.urls import reverse

from events.models import Meeting, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, ReviewStatus
from negotiations.services.review import review_status_set
from tests.factories import (
    ActorFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    Actor: ActorFactory,
    Person: PersonFactory,
    Negotiation: NegotiationFactory,
    Participation: ParticipationFactory,
    Statement: StatementFactory,
    Meeting: MeetingFactory,
}


def _list(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m.__name__)
@pytest.mark.parametrize(("action", "status"), [("mark_reviewed", "reviewed"), ("mark_rejected", "rejected")])
def test_it_sets_the_review_status_of_the_selected_rows(curator_client, superuser, model, action, status):
    chosen = FACTORIES[model](review_status=ReviewStatus.AUTO)
    untouched = FACTORIES[model](review_status=ReviewStatus.AUTO)

    response = curator_client.post(_list(model), {"action": action, "_selected_action": [chosen.pk]}, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [f"1 row marked {status}."]
    chosen.refresh_from_db()
    untouched.refresh_from_db()
    assert (chosen.review_status, untouched.review_status) == (status, ReviewStatus.AUTO)
    record = chosen.history.latest()
    assert (record.review_status, record.history_user, record.history_change_reason) == (
        status,
        superuser,
        f"review: {status}",
    )


def test_it_filters_the_list_by_review_status(curator_client):
    waiting = StatementFactory(review_status=ReviewStatus.AUTO, text="Awaiting a curator's eye.")
    StatementFactory(review_status=ReviewStatus.REVIEWED, text="Already checked by a curator.")

    response = curator_client.get(_list(Statement), {"review_status__exact": "auto"})

    assert [s.pk for s in response.context["cl"].result_list] == [waiting.pk]


def test_it_leaves_rows_already_in_that_status_alone():
    done = StatementFactory(review_status=ReviewStatus.REVIEWED)
    versions = done.history.count()

    changed = review_status_set(model=Statement, ids=[done.pk], status=ReviewStatus.REVIEWED)

    assert changed == 0
    assert done.history.count() == versions


def test_it_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        review_status_set(model=Statement, ids=[], status="maybe")


def test_it_bumps_updated_at_for_syncing_clients():
    statement = StatementFactory(review_status=ReviewStatus.AUTO)
    before = statement.updated_at

    review_status_set(model=Statement, ids=[statement.pk], status=ReviewStatus.REJECTED)

    statement.refresh_from_db()
    assert statement.updated_at > before


def test_it_reviews_every_row_of_a_large_selection_with_history(curator_client):
    negotiation, person = NegotiationFactory(), PersonFactory()
    rows = Statement.objects.bulk_create(
        Statement(
            negotiation=negotiation,
            speaker_person=person,
            text=f"Words {i}.",
            text_key=f"{i:040d}",
            review_status=ReviewStatus.AUTO,
        )
        for i in range(1200)
    )

    # "Select all 1200" across pages: the admin sends select_across.
    response = curator_client.post(
        _list(Statement),
        {
            "action": "mark_reviewed",
            "select_across": "1",
            "index": "0",
            "_selected_action": [rows[0].pk],
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1200 rows marked reviewed."]
    assert Statement.objects.filter(review_status=ReviewStatus.REVIEWED).count() == 1200
    assert (
        Statement.history.filter(review_status=ReviewStatus.REVIEWED, history_change_reason="review: reviewed").count()
        == 1200
    )
