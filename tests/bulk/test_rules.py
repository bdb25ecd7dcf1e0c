import datetime as dt

import pytest
from django.db.models import F, Q

from events.bulk.rules import UnsupportedLookup, check_constraints, q_value, unique_constraints
from events.models import Evidence, Meeting, Statement
from negotiations.models import Actor, Negotiation


def test_it_evaluates_conditions_with_sql_three_valued_logic():
    meeting = Meeting(date_from=dt.date(2024, 1, 2), date_to=None)
    ordered = Q(date_from__lte=F("date_to"))

    assert q_value(ordered, meeting) is None  # compared with NULL: unknown
    assert q_value(~ordered, meeting) is None
    assert q_value(ordered | Q(date_to__isnull=True), meeting) is True
    assert q_value(ordered & Q(date_to__isnull=False), meeting) is False
    meeting.date_to = dt.date(2024, 1, 1)
    assert q_value(ordered, meeting) is False


@pytest.mark.django_db
def test_it_applies_the_models_check_constraints_without_a_query(django_assert_num_queries):
    negotiation = Negotiation(title="N", started_on=dt.date(2024, 5, 1), ended_on=dt.date(2024, 4, 1))
    statement = Statement(text="x")  # no speaker at all
    evidence = Evidence(char_start=10, char_end=2)  # neither a statement nor a meeting, span reversed

    with django_assert_num_queries(0):
        assert check_constraints(negotiation) == [
            ("started_on", "Constraint “negotiation_starts_before_it_ends” is violated.")
        ]
        assert [name for name, _ in check_constraints(statement)] == ["speaker_person"]
        assert len(check_constraints(evidence)) == 2
        assert check_constraints(Negotiation(title="N", started_on=dt.date(2024, 5, 1))) == []
        # A new row has no id yet: "not merged into itself" is unknown, which a CHECK lets pass.
        assert check_constraints(Actor(name="A")) == []


def test_it_refuses_lookups_it_does_not_know_instead_of_guessing():
    with pytest.raises(UnsupportedLookup):
        q_value(Q(title__icontains="x"), Negotiation(title="X"))


def test_it_lists_unique_fields_and_partial_unique_constraints():
    rules = {name: (attnames, condition) for name, attnames, condition in unique_constraints(Statement)}

    assert rules["uid"] == (("uid",), None)
    attnames, condition = rules["statement_unique_person_text"]
    assert attnames == ("negotiation_id", "speaker_person_id", "text_key")
    assert condition == Q(speaker_person__isnull=False)
