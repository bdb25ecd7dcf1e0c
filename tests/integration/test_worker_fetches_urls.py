"""POST /api/v1/reports/ with only a URL: the real worker fetches the page (SSRF-safe) and processes it;
a URL pointing inside the network fails with the reason, visible in the API."""

import html
import json

from tests.integration.api import statuses, submitter
from tests.integration.conftest import DATA
from tests.integration.procs import wait_for
from tests.reliability.server import LocalServer


def test_it_fetches_and_processes_url_only_reports(cluster):
    seed = json.loads((DATA / "seed" / "seed-report.json").read_text())
    page = "<html><head><title>{}</title></head><body><article>{}</article></body></html>".format(
        html.escape(seed["title"]), "".join(f"<p>{html.escape(p)}</p>" for p in seed["text"].split("\n") if p.strip())
    )
    server = LocalServer().start()
    server.static("/news/seed", page)
    try:
        cluster.worker(name="w1")  # its environment allows 127.0.0.1 (FETCH_ALLOW_PRIVATE_HOSTS), not localhost
        client = submitter()

        fetched = client.post(
            "/api/v1/reports/", {"url": f"{server.base}/news/seed", "published_at": seed["published_at"]}, format="json"
        )
        refused = client.post("/api/v1/reports/", {"url": f"http://localhost:{server.port}/news/seed"}, format="json")
        assert (fetched.status_code, refused.status_code) == (202, 202)
        ids = [fetched.json()["id"], refused.json()["id"]]

        wait_for(
            lambda: set(statuses(client, ids).values()) <= {"processed", "failed"},
            timeout=120,
            message="both reports finished\n" + cluster.logs(),
        )
    finally:
        server.stop()

    ok = client.get(f"/api/v1/reports/{ids[0]}/").json()
    assert (ok["status"], ok["failure_reason"]) == ("processed", "")
    assert len(ok["statements"]) >= 9
    assert "Blinken" in ok["text"]
    bad = client.get(f"/api/v1/reports/{ids[1]}/").json()
    assert bad["status"] == "failed"
    # The public sees the category; the stored reason, naming the address, is for staff and the admin.
    assert bad["failure_reason"] == "fetch_refused: The article's address may not be fetched."
    assert [path for path, _ in server.hits] == ["/news/seed"]  # the refused one never connected
