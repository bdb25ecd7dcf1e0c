"""The FilterSet is built only when the query string names one of its filters (api/v1/base.py)."""

import pytest
from django.http import QueryDict

from api.v1.base import filter_parameters_given
from api.v1.filters import NegotiationFilter, StatementFilter
from tests.api.conftest import error_of, ids

pytestmark = pytest.mark.django_db


def test_it_sees_no_filter_in_paging_search_and_ordering_parameters():
    query = QueryDict("page_size=100&page=2&cursor=&count=true&q=ceasefire&ordering=-said_on&format=json")
    assert filter_parameters_given(query, StatementFilter) is False


def test_it_sees_a_filter_by_its_name_or_a_suffixed_part_of_it():
    assert filter_parameters_given(QueryDict("page_size=5&kind=reported"), StatementFilter) is True
    assert filter_parameters_given(QueryDict("updated_since="), StatementFilter) is True
    assert filter_parameters_given(QueryDict("started_after=2024-01-01"), NegotiationFilter) is True
    # A range widget's parts are sent as name_min / name_max (name_after / name_before): the filter's
    # name and an underscore begin the parameter.
    assert filter_parameters_given(QueryDict("status_min=1"), NegotiationFilter) is True
    assert filter_parameters_given(QueryDict("statuses=1"), NegotiationFilter) is False


def test_it_still_filters_and_refuses_bad_values_when_a_filter_is_named(anon, world):
    everything = ids(anon.get("/api/v1/statements/", {"page_size": 200}))
    assert world["s_hamas"].pk in everything and len(everything) > 1
    assert ids(anon.get("/api/v1/statements/", {"page_size": 200, "kind": "reported"})) == [world["s_hamas"].pk]
    error_of(anon.get("/api/v1/statements/", {"said_after": "not a date"}), 400)
    # A parameter no filter reads lists everything, as before.
    assert ids(anon.get("/api/v1/statements/", {"page_size": 200, "colour": "blue"})) == everything
