"""What makes one meeting told by several outlets comparable: listed days are one meeting each, a
meeting whose subject is an office keeps that office's state, and a delegation's leader is of its side."""

import datetime as dt

from events.pipeline.extraction.dates import find_dates
from tests.extraction.conftest import person


def days_and_people(e):
    return [(m.date_from, m.date_to, sorted(m.people), sorted(m.actors)) for m in e.meetings]


def test_it_reads_listed_days_as_days_not_a_range():
    (day_month,) = find_dates("held in Geneva on 9 and 10 October.", dt.date(2025, 10, 12))
    (month_day,) = find_dates("met on October 9 and 10 in Geneva", dt.date(2025, 10, 12))
    assert day_month.days == month_day.days == (dt.date(2025, 10, 9), dt.date(2025, 10, 10))
    (counted,) = find_dates("on October 9 and 10 hostages were freed", dt.date(2025, 10, 12))
    assert (counted.date, counted.days, counted.until) == (dt.date(2025, 10, 9), (), None)


def test_it_gives_one_meeting_per_listed_day(extract):
    e = extract(
        "Translated from Ukrainian.\nKyiv, 12 October. The head of the Ukrainian delegation, Rustem Umerov, "
        "reported on the results of the negotiations with the Russian side held in Geneva on 9 and 10 October.",
        published="2025-10-12",
    )
    assert days_and_people(e) == [
        (dt.date(2025, 10, 9), dt.date(2025, 10, 9), ["Rustem Umerov"], ["Russia"]),
        (dt.date(2025, 10, 10), dt.date(2025, 10, 10), ["Rustem Umerov"], ["Russia"]),
    ]


def test_it_gives_one_meeting_per_listed_day_after_the_month(extract):
    e = extract(
        "GENEVA, Oct 11 (Newswire) - Ukrainian negotiator Rustem Umerov and Russian presidential aide "
        "Vladimir Medinsky met in Geneva on October 9 and 10, officials said.",
        published="2025-10-11",
    )
    assert [(m.date_from, m.place_name) for m in e.meetings] == [
        (dt.date(2025, 10, 9), "Geneva"),
        (dt.date(2025, 10, 10), "Geneva"),
    ]


def test_it_keeps_an_office_subjects_meeting_with_the_outlets_state(extract):
    e = extract(
        "Transcript of the weekly press briefing, Cairo, 6 May 2025.\n"
        "SPOKESPERSON: Yesterday His Excellency the Minister of Foreign Affairs met the Hamas delegation headed "
        "by Khalil al-Hayya here in Cairo. The talks were constructive.",
        published="2025-05-06",
        outlet="Ministry of Foreign Affairs of Egypt",
    )
    assert days_and_people(e) == [(dt.date(2025, 5, 5), dt.date(2025, 5, 5), ["Khalil al-Hayya"], ["Egypt"])]
    assert e.meetings[0].place_name == "Cairo"


def test_it_keeps_an_office_subjects_meeting_with_the_state_it_names(extract):
    e = extract(
        "The Egyptian premier received a Hamas delegation headed by Khalil al-Hayya in Cairo on Monday, "
        "a government statement said.",
        published="2025-05-06",
        outlet="Regional Daily",
    )
    assert days_and_people(e) == [(dt.date(2025, 5, 5), dt.date(2025, 5, 5), ["Khalil al-Hayya"], ["Egypt"])]


def test_it_gives_no_state_to_an_office_subject_of_a_news_outlet(extract):
    e = extract(
        "SPOKESPERSON: Yesterday the Minister met Khalil al-Hayya here.",
        published="2025-05-06",
        outlet="Regional Daily",
    )
    assert e.meetings == []


def test_it_affiliates_a_delegations_leader_with_its_side_not_the_host_named_before(extract):
    e = extract(
        "ISTANBUL, June 2 (Newswire) - Russian and Ukrainian delegations met in Istanbul on Monday for talks "
        "hosted by Turkey. Ukraine's delegation was led by Rustem Umerov, the defence minister, and Russia's "
        "by Kremlin aide Vladimir Medinsky.",
        published="2025-06-02",
    )
    assert person(e, "Rustem Umerov").affiliation == "Ukraine"
    assert person(e, "Vladimir Medinsky").affiliation == "Russia"


def test_it_leaves_out_a_side_said_to_be_absent(extract):
    e = extract(
        "Rustem Umerov and Vladimir Medinsky held a second meeting in Istanbul on Tuesday, without Turkish "
        "officials in the room.",
        published="2025-06-04",
    )
    assert days_and_people(e) == [
        (dt.date(2025, 6, 3), dt.date(2025, 6, 3), ["Rustem Umerov", "Vladimir Medinsky"], [])
    ]
