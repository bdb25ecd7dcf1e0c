import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_generates_and_validates_the_openapi_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns any drf-spectacular warning (unresolvable field, enum collision) into an error.
    call_command("spectacular", "--api-version", "v1", "--fail-on-warn", "--validate", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/negotiations/{id}/timeline/",
        "/api/v1/parties/",
        "/api/v1/mediators/",
        "/api/v1/tombstones/",
        "/api/v1/reports/{id}/retry/",
    ):
        assert f"  {path}:" in text
    assert "updated_since" in text


def test_it_serves_the_schema_and_offline_docs(anon):
    response = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/statements/" in response.json()["paths"]
    docs = anon.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI assets are served from the sidecar package under /static/, not from a CDN.
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert anon.get("/api/v1/redoc/").status_code == 200


def test_it_ships_the_swagger_ui_assets():
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")


def test_it_throttles_the_schema_and_the_docs(anon, monkeypatch):
    from api.v1.throttling import V1AnonThrottle
    from tests.api.conftest import error_of

    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    codes = [anon.get(path).status_code for path in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/")]
    assert codes == [200, 200, 200]
    error_of(anon.get("/api/v1/schema/"), 429, "throttled")


def test_it_builds_the_schema_once_per_process(anon, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from api.v1 import urls

    monkeypatch.setattr(urls, "_SCHEMA_CACHE", {})
    built = []
    real = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, *a, **kw: built.append(1) or real(self, *a, **kw))
    first = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    second = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert first.json() == second.json()
    assert "/api/v1/actors/" in second.json()["paths"]
    assert len(built) == 1


@pytest.fixture
def schema(anon):
    return anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _response_ref(operation: dict, code: str) -> str:
    return operation["responses"][code]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def test_it_documents_writes_with_the_representation_they_answer(schema):
    paths = schema["paths"]
    assert _response_ref(paths["/api/v1/participations/"]["post"], "201") == "Participation"
    assert _response_ref(paths["/api/v1/people/{id}/"]["put"], "200") == "Person"
    assert _response_ref(paths["/api/v1/meetings/{id}/"]["patch"], "200") == "Meeting"
    # The request body stays the input serializer.
    body = paths["/api/v1/participations/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/ParticipationInput")


def test_it_documents_the_error_shape_on_every_operation(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "404", "429"):
                assert _response_ref(operation, code) == "Error", (method, path, code)
            if method in ("post", "put", "patch"):
                assert _response_ref(operation, "415") == "Error", (method, path)
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"status", "code", "message"}


def test_it_documents_anonymous_reads_and_authenticated_writes(schema):
    actors = schema["paths"]["/api/v1/actors/"]
    assert {} in actors["get"]["security"]
    assert {} not in actors["post"]["security"]
    assert {"tokenAuth": []} in actors["post"]["security"]


def test_it_documents_the_bounds_the_api_enforces(schema):
    components, paths = schema["components"]["schemas"], schema["paths"]
    assert components["Actor"]["properties"]["id"]["minimum"] == 1
    assert components["ParticipationInput"]["properties"]["actor"]["minimum"] == 1
    assert components["MeetingInput"]["properties"]["people"]["items"]["minimum"] == 1
    assert components["ActorInput"]["properties"]["name"]["minLength"] == 1
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/statements/{id}/"]["get"]["parameters"]}
    assert parameters["id"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    listing = {p["name"]: p for p in paths["/api/v1/statements/"]["get"]["parameters"]}
    assert listing["page_size"]["schema"]["minimum"] == 1
    assert listing["negotiation"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert listing["q"]["schema"]["maxLength"] == 200 and "10 words" in listing["q"]["description"]
    # Article addresses may hold non-ASCII characters: strings, not format: uri.
    for name in ("Report", "ReportAccepted", "Evidence"):
        assert "format" not in components[name]["properties"]["url"], name
