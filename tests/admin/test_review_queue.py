"""The review queue page: counts per model and the oldest rows awaiting review, with links."""

import pytest
from django.urls import reverse

from negotiations.models import ReviewStatus
from tests.factories import NegotiationFactory, PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = reverse("curator:review_queue")


def test_it_counts_and_lists_what_awaits_review_oldest_first(curator_client):
    negotiation = NegotiationFactory(review_status=ReviewStatus.REVIEWED)
    older = StatementFactory(
        negotiation=negotiation, text="The first words awaiting review.", review_status=ReviewStatus.AUTO
    )
    newer = StatementFactory(
        negotiation=negotiation, text="The second words awaiting review.", review_status=ReviewStatus.AUTO
    )
    StatementFactory(negotiation=negotiation, review_status=ReviewStatus.REVIEWED)
    StatementFactory(negotiation=negotiation, review_status=ReviewStatus.REJECTED)
    person = PersonFactory(name="Hakan Fidan", review_status=ReviewStatus.AUTO)

    response = curator_client.get(URL)

    assert response.status_code == 200
    sections = {s.model_name: s for s in response.context["sections"]}
    assert sections["statement"].count == 2
    assert [item.pk for item in sections["statement"].oldest] == [older.pk, newer.pk]
    assert sections["person"].count == 1
    assert sections["negotiation"].count == 0
    body = response.content.decode()
    assert reverse("admin:events_statement_change", args=[older.pk]) in body
    assert reverse("admin:negotiations_person_change", args=[person.pk]) in body
    assert reverse("admin:events_statement_changelist") + "?review_status__exact=auto" in body


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_shows_staff_only_the_models_they_may_view(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(staff)

    response = client.get(URL)

    assert [s.model_name for s in response.context["sections"]] == ["person"]
