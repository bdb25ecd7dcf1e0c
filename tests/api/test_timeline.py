import pytest

from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_it_merges_meetings_and_statements_in_date_order(anon, world):
    response = anon.get(f"/api/v1/negotiations/{world['talks'].pk}/timeline/", {"count": "true"})
    assert response.status_code == 200, response.content
    entries = response.json()["results"]
    assert [(e["type"], e["date"]) for e in entries] == [
        ("meeting", "2024-12-09"),
        ("statement", "2024-12-12"),
        ("statement", "2024-12-16"),
        ("meeting", "2024-12-20"),
        ("statement", None),  # Undated last.
    ]
    assert entries[0]["meeting"]["id"] == world["meeting_doha"].pk
    assert entries[0]["meeting"]["corroboration"] == {"outlets": 1, "independent_sources": 1}
    assert entries[2]["statement"]["speaker"]["name"] == "Mohammed bin Abdulrahman Al Thani"
    assert entries[4]["statement"]["id"] == world["s_hamas"].pk
    assert response.json()["count"] == 5


def test_it_paginates(anon, world):
    body = anon.get(
        f"/api/v1/negotiations/{world['talks'].pk}/timeline/", {"page_size": 2, "page": 2, "count": "true"}
    ).json()
    assert [(e["type"], e["date"]) for e in body["results"]] == [("statement", "2024-12-16"), ("meeting", "2024-12-20")]
    assert body["count"] == 5 and body["next"] and body["previous"]


def test_it_answers_404_for_an_unknown_negotiation(anon, db):
    error_of(anon.get("/api/v1/negotiations/999999/timeline/"), 404, "not_found")


def test_it_filters_by_type_and_date_range(anon, world):
    url = f"/api/v1/negotiations/{world['talks'].pk}/timeline/"
    body = anon.get(url, {"type": "meeting"}).json()
    assert [(e["type"], e["date"]) for e in body["results"]] == [("meeting", "2024-12-09"), ("meeting", "2024-12-20")]
    body = anon.get(url, {"date_after": "2024-12-10", "date_before": "2024-12-19"}).json()
    assert [(e["type"], e["date"]) for e in body["results"]] == [
        ("statement", "2024-12-12"),
        ("statement", "2024-12-16"),
    ]
    body = error_of(anon.get(url, {"date_after": "december", "type": "memo"}), 400, "invalid")
    assert set(body["fields"]) == {"date_after", "type"}
