"""Frozen JSON contract for a few detail responses (tests/api/golden/*.json).

Ids, uuids and timestamps differ between runs, so they are normalised: an id
becomes the fixture's name for that row (<thani>), a timestamp <timestamp>.
After an intended contract change, regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

import json
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
TIMESTAMPS = {"created_at", "updated_at", "status_changed_at", "processed_at"}
RESOURCES = {
    "negotiations": "negotiation",
    "actors": "actor",
    "people": "person",
    "participations": "participation",
    "meetings": "meeting",
    "statements": "statement",
    "reports": "report",
}
API_URL = re.compile(r"^http://testserver/api/v1/(?P<resource>[a-z]+)/(?P<pk>[0-9]+)/(?P<action>[a-z_]+/)?$")


def _names(world) -> dict[tuple[str, int], str]:
    names = {}
    for key, obj in world.items():
        resource = next(r for r, label in RESOURCES.items() if obj._meta.model_name == label)
        names[(resource, obj.pk)] = key
    return names


def normalise(value, names, parent_key=""):
    if isinstance(value, dict):
        match = API_URL.match(value.get("api_url") or "")
        out = {}
        for key, item in value.items():
            if key in TIMESTAMPS and item is not None:
                out[key] = "<timestamp>"
            elif key == "uid":
                out[key] = "<uuid>"
            elif key == "id" and match:
                out[key] = f"<{names.get((match['resource'], item), 'unknown')}>"
            else:
                out[key] = normalise(item, names, key)
        return out
    if isinstance(value, list):
        return [normalise(item, names, parent_key) for item in value]
    if isinstance(value, str):
        match = API_URL.match(value)
        if match:
            name = names.get((match["resource"], int(match["pk"])), "unknown")
            return f"/api/v1/{match['resource']}/<{name}>/{match['action'] or ''}"
    if parent_key == "id" and isinstance(value, int):
        return "<id>"  # Evidence rows have no fixture name.
    return value


CASES = [
    ("statement_detail", "statements", "s_thani"),
    ("meeting_detail", "meetings", "meeting_doha"),
    ("report_detail", "reports", "report_b"),
    ("negotiation_detail", "negotiations", "talks"),
    ("person_detail", "people", "thani"),
]


@pytest.mark.parametrize("name,resource,key", CASES)
def test_it_matches_the_golden_json(anon, world, name, resource, key):
    response = anon.get(f"/api/v1/{resource}/{world[key].pk}/")
    assert response.status_code == 200
    actual = normalise(response.json(), _names(world))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert path.exists(), f"missing {path}: run with UPDATE_GOLDEN=1 once and review it"
    assert actual == json.loads(path.read_text())
