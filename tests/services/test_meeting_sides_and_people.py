"""One meeting told by its sides in one report and by its people in another is one record after both
reports go through the real pipeline (extractor, gazetteer, write path, PostgreSQL); the same people
meeting on the next day stay another record. Reports written here in wire and translation styles."""

import datetime as dt

import pytest

from events.models import Evidence, Meeting
from events.services.reports import report_process
from tests.services.conftest import report_processed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

SIDES = {
    "url": "https://newswire.example.org/geneva-round-one",
    "outlet": "Newswire",
    "published_at": "2025-10-09T18:00:00Z",
    "title": "Russian and Ukrainian delegations meet in Geneva",
    "text": "GENEVA, Oct 9 (Newswire) - Russian and Ukrainian delegations met in Geneva on Thursday for a new "
    "round of direct talks, officials said.\n"
    "(Reporting by Newswire staff; Editing by the Europe desk)",
}
PEOPLE = {
    "url": "https://ua-news.example.org/en/umerov-geneva-results",
    "outlet": "UA News (English service)",
    "published_at": "2025-10-11T08:00:00Z",
    "title": "Umerov on the results of the Geneva negotiations",
    "text": "Translated from Ukrainian.\nKyiv, 11 October. The head of the Ukrainian delegation, Rustem Umerov, "
    "reported on the results of the negotiations with the Russian side held in Geneva on 9 and 10 October.\n"
    '"Our priority remains the return of our people," Umerov said.',
}
NEXT_DAY = {
    "url": "https://newswire.example.org/geneva-round-two",
    "outlet": "Newswire",
    "published_at": "2025-10-10T18:00:00Z",
    "title": "Umerov and Medinsky meet again in Geneva",
    "text": "GENEVA, Oct 10 (Newswire) - Ukrainian negotiator Rustem Umerov and Russian presidential aide "
    "Vladimir Medinsky met again in Geneva on Friday, a day after the first session.",
}
FIRST_DAY = {
    "url": "https://newswire.example.org/geneva-umerov-medinsky",
    "outlet": "Newswire",
    "published_at": "2025-10-09T19:00:00Z",
    "title": "Umerov and Medinsky meet in Geneva",
    "text": "GENEVA, Oct 9 (Newswire) - Ukrainian negotiator Rustem Umerov and Russian presidential aide "
    "Vladimir Medinsky met in Geneva on Thursday, officials said.",
}


def told_by(meeting: Meeting) -> list[str]:
    return sorted(Evidence.objects.filter(meeting=meeting).values_list("report__url", flat=True))


def test_it_stores_a_meeting_told_by_its_sides_and_by_its_people_as_one_record():
    report_processed(SIDES)
    report_processed(PEOPLE)
    meetings = list(Meeting.objects.order_by("date_from"))
    assert [(m.date_from, m.place_name) for m in meetings] == [
        (dt.date(2025, 10, 9), "Geneva"),
        (dt.date(2025, 10, 10), "Geneva"),
    ]
    assert told_by(meetings[0]) == sorted([SIDES["url"], PEOPLE["url"]])
    assert told_by(meetings[1]) == [PEOPLE["url"]]
    assert sorted(p.name for p in meetings[0].people.all()) == ["Rustem Umerov"]


def test_it_keeps_the_same_people_on_consecutive_days_as_two_meetings():
    report_processed(FIRST_DAY)
    report_processed(NEXT_DAY)
    meetings = list(Meeting.objects.order_by("date_from"))
    assert [(m.date_from, sorted(p.name for p in m.people.all())) for m in meetings] == [
        (dt.date(2025, 10, 9), ["Rustem Umerov", "Vladimir Medinsky"]),
        (dt.date(2025, 10, 10), ["Rustem Umerov", "Vladimir Medinsky"]),
    ]
    assert [told_by(m) for m in meetings] == [[FIRST_DAY["url"]], [NEXT_DAY["url"]]]


def test_it_keeps_the_listed_days_two_meetings_when_the_report_is_processed_again():
    report = report_processed(PEOPLE)
    report_process(report_id=report.id)
    assert sorted(Meeting.objects.values_list("date_from", flat=True)) == [dt.date(2025, 10, 9), dt.date(2025, 10, 10)]
    assert Evidence.objects.filter(report=report, meeting__isnull=False).count() == 2
