"""The helpers that keep big lists cheap: the estimated count and the year filter."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from events.models import Statement
from negotiations.admin.mixins import EstimatedCountPaginator
from tests.factories import NegotiationFactory, PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _statements(n):
    negotiation, person = NegotiationFactory(), PersonFactory()
    for _ in range(n):
        StatementFactory(negotiation=negotiation, speaker_person=person)


def test_it_uses_the_planner_estimate_for_an_unfiltered_big_table(monkeypatch):
    _statements(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_statement")
    _statements(5)  # not analysed yet: the estimate still says 30
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)

    unfiltered = EstimatedCountPaginator(Statement.objects.order_by("pk"), 50)
    filtered = EstimatedCountPaginator(Statement.objects.filter(said_on__isnull=False).order_by("pk"), 50)

    assert unfiltered.count == 30
    assert filtered.count == 35


def test_it_counts_small_tables_exactly():
    _statements(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_statement")

    assert EstimatedCountPaginator(Statement.objects.order_by("pk"), 50).count == 3


def test_it_narrows_a_list_to_a_year_offered_from_the_columns_range(curator_client):
    old = StatementFactory(said_on=dt.date(2021, 3, 1))
    new = StatementFactory(said_on=dt.date(2023, 7, 9))
    url = reverse("admin:events_statement_changelist")

    everything = curator_client.get(url)
    in_2023 = curator_client.get(url, {"said_on_year": "2023"})

    year_filter = next(
        f for f in everything.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "said_on_year"
    )
    assert [value for value, _ in year_filter.lookup_choices] == ["2023", "2022", "2021"]
    assert [s.pk for s in in_2023.context["cl"].result_list] == [new.pk]
    assert old.pk not in [s.pk for s in in_2023.context["cl"].result_list]


@pytest.mark.parametrize("value", ["99999", "0", "abc", "-1"])
def test_it_ignores_a_year_no_date_can_hold(curator_client, value):
    StatementFactory(said_on=dt.date(2023, 7, 9))

    response = curator_client.get(reverse("admin:events_statement_changelist"), {"said_on_year": value})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1
