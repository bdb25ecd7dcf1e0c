"""A curator's journey in a real browser: log in, reject a statement from the review queue, merge two
people, open a negotiation page, and keep a screenshot of it."""

import datetime as dt
import json
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from events.models import MeetingParticipant, Statement
from negotiations.models import Person, ReviewStatus
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def talks():
    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-test-password")
    negotiation = NegotiationFactory(
        title="Gaza cease-fire talks", slug="gaza-cease-fire-talks", topic="cease-fire and hostage exchange"
    )
    qatar = ActorFactory(name="Qatar")
    ParticipationFactory(negotiation=negotiation, actor=qatar, role="mediator")
    ParticipationFactory(negotiation=negotiation, actor=ActorFactory(name="Israel"), role="party")
    ParticipationFactory(negotiation=negotiation, actor=ActorFactory(name="Hamas"), role="party")
    keep = PersonFactory(name="Abbas Araghchi", affiliation=None)
    dup = PersonFactory(name="Abbas Araqchi", affiliation=None)
    ansari = PersonFactory(name="Majed al-Ansari", affiliation=qatar)
    meeting = MeetingFactory(
        negotiation=negotiation,
        place_name="Doha",
        place_country=qatar,
        date_from=dt.date(2024, 12, 9),
        date_to=dt.date(2024, 12, 9),
    )
    MeetingParticipant.objects.create(meeting=meeting, person=ansari)
    wrong = StatementFactory(
        negotiation=negotiation,
        speaker_person=ansari,
        said_on=dt.date(2024, 12, 10),
        text="A sentence the pipeline misread as a quote.",
        review_status=ReviewStatus.AUTO,
    )
    good = StatementFactory(
        negotiation=negotiation,
        speaker_person=ansari,
        said_on=dt.date(2024, 12, 10),
        text="We are cautiously optimistic about a deal.",
    )
    for outlet in ("Wire", "Daily Paper"):
        report = ReportFactory(title=f"Talks resume in Doha ({outlet})", outlet=outlet)
        EvidenceFactory(report=report, statement=good)
        EvidenceFactory(report=report, meeting=meeting)
    return {"negotiation": negotiation, "keep": keep, "dup": dup, "wrong": wrong, "good": good, "meeting": meeting}


def _api(live_server, path):
    with urllib.request.urlopen(f"{live_server.url}{path}", timeout=30) as response:
        return json.load(response)


def _message(browser) -> str:
    # A form submit returns before the next page has loaded: wait for its messages.
    return (
        WebDriverWait(browser, 30)
        .until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ul.messagelist")))
        .text
    )


def _tick(browser, pk):
    browser.find_element(By.CSS_SELECTOR, f'input.action-select[value="{pk}"]').click()


def _act(browser, action):
    Select(browser.find_element(By.NAME, "action")).select_by_value(action)
    browser.find_element(By.CSS_SELECTOR, 'button[name="index"]').click()


def test_it_rejects_merges_and_shows_a_negotiation_page(live_server, browser, artifacts, talks):
    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.NAME, "username").send_keys("curator")
    browser.find_element(By.NAME, "password").send_keys("a-long-test-password")
    browser.find_element(By.CSS_SELECTOR, 'input[type="submit"]').click()
    # Wait for the index itself: the login page has the same header, and is gone once the form is sent.
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "curator-tools")))
    assert browser.find_element(By.CSS_SELECTOR, "#site-name a").text == "Negotiations curator"
    # The index's link keeps its words together (it used to wrap into fragments at this width).
    link = browser.find_element(By.LINK_TEXT, "Review queue")
    assert link.size["height"] < 2 * int(link.value_of_css_property("line-height").rstrip("px"))

    # The review queue lists the statement awaiting review; its list, filtered on them, rejects it.
    link.click()
    statements = WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.ID, "queue-statement"))
    )
    assert statements.find_element(By.CLASS_NAME, "queue-count").text == "1"
    statements.find_element(By.CSS_SELECTOR, "caption a").click()
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "result_list")))
    _tick(browser, talks["wrong"].pk)
    _act(browser, "mark_rejected")
    assert "1 row marked rejected." in _message(browser)
    talks["wrong"].refresh_from_db()
    assert talks["wrong"].review_status == ReviewStatus.REJECTED

    # The public API: a rejected statement leaves the list (or, where the API still lists it, says rejected).
    listed = {row["id"]: row for row in _api(live_server, "/api/v1/statements/")["results"]}
    assert talks["good"].pk in listed
    if talks["wrong"].pk in listed:
        assert listed[talks["wrong"].pk]["review_status"] == "rejected"

    # Merge the two spellings of one person, keeping the first.
    browser.get(f"{live_server.url}/admin/negotiations/person/")
    _tick(browser, talks["keep"].pk)
    _tick(browser, talks["dup"].pk)
    _act(browser, "merge_selected")
    WebDriverWait(browser, 30).until(
        expected_conditions.element_to_be_clickable((By.ID, f"keep-{talks['keep'].pk}"))
    ).click()
    browser.find_element(By.CSS_SELECTOR, 'input[type="submit"][value="Merge into the one kept"]').click()
    assert "Merged Abbas Araqchi into Abbas Araghchi" in _message(browser)
    assert Person.objects.get(pk=talks["dup"].pk).merged_into_id == talks["keep"].pk
    # The merged-away row left the default list.
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#result_list th a")]
    assert "Abbas Araqchi" not in names and "Abbas Araghchi" in names

    # The negotiation page, from its row in the negotiations list.
    browser.get(f"{live_server.url}/admin/negotiations/negotiation/")
    browser.find_element(By.CSS_SELECTOR, "a.negotiation-page-link").click()
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "timeline")))
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#mediators li")] == ["Qatar"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tr.entry")
    assert [row.get_attribute("id") for row in rows] == [
        f"meeting-{talks['meeting'].pk}",
        f"statement-{talks['good'].pk}",
    ]
    assert "2 reports, 2 outlets" in rows[1].text
    assert Statement.objects.get(pk=talks["wrong"].pk).text not in browser.page_source
    # Nothing runs off the right edge of a 1366 px window.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1366

    shot = artifacts / "negotiation-page.png"
    browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
