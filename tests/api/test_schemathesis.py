"""Property-based run of every operation in the live OpenAPI schema (schemathesis), through the WSGI app.

Anonymous and with the token of a user who may only add rows, valid and invalid inputs: no answer may
be a server error, and every answer must be one the schema documents (status code, content type, body
and headers). The examples are derandomized and bounded so the run is repeatable and quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.contrib.auth.models import Permission, User
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.v1.throttling import V1AnonThrottle, V1UserThrottle

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 10


@pytest.fixture
def wsgi_app(monkeypatch):
    # The app runs inside the test's transaction: Django must not close the connection after each request
    # (it does when the connection is not in autocommit, as inside a test), just as its test client avoids.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Hundreds of requests a minute from one address: the throttle is tested elsewhere.
    rates = {"anon": "1000000/minute", "user": "1000000/minute"}
    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(V1UserThrottle, "THROTTLE_RATES", rates)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def adder_token(db) -> str:
    user = User.objects.create_user("adder", password="pw-adder-123")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["negotiations", "events"], codename__startswith="add_")
    )
    return Token.objects.create(user=user).key


def _existing_ids(world) -> dict[str, int]:
    # Detail operations are tried on a row that exists, so real representations are checked too.
    return {
        "negotiations": world["talks"].pk,
        "actors": world["qatar"].pk,
        "parties": world["p_israel"].pk,
        "mediators": world["p_qatar"].pk,
        "participations": world["p_hamas"].pk,
        "people": world["thani"].pk,
        "meetings": world["meeting_doha"].pk,
        "statements": world["s_thani"].pk,
        "reports": world["report_a"].pk,
        "sources": world["source"].pk,
    }


@pytest.fixture
def fuzz_world(world):
    from events.models import Source

    world["source"] = Source.objects.create(name="Wire feed", url="https://wire.example.org/feed.xml")
    return world


def _run_operation(operation, *, mode, headers, path_parameters, failures) -> int:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
    calls = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call(headers=headers)
        calls.append(1)
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as exc:  # schemathesis groups the failed checks; collected, reported below
            failures.append(
                f"{operation.label} [{mode.value}, {headers and 'token' or 'anonymous'}] "
                f"-> {response.status_code}: {'; '.join(str(e)[:1500] for e in exc.exceptions)}"
            )

    try:
        check()
    except Unsatisfiable:
        # Negative mode with nothing left to make invalid (e.g. only the fixed path id): no request.
        assert mode is GenerationMode.NEGATIVE, operation.label
    return len(calls)


def test_it_answers_every_generated_request_as_the_schema_documents(wsgi_app, adder_token, fuzz_world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    ids = _existing_ids(fuzz_world)
    failures: list[str] = []
    requests = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        resource = operation.path.split("/")[3]
        path_parameters = {"id": ids[resource]} if "{id}" in operation.path and resource in ids else None
        for headers in (None, {"Authorization": f"Token {adder_token}"}):
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                requests += _run_operation(
                    operation, mode=mode, headers=headers, path_parameters=path_parameters, failures=failures
                )
    assert requests > len(operations) * 4 * 3
    assert failures == [], "\n".join(failures[:40])
