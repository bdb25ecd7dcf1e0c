"""Meetings that took place, with participants, place and dates; planned ones are not meetings."""

import datetime as dt

import pytest


def meetings(e):
    return [(m.kind, sorted(m.people), m.place_name, m.place_country) for m in e.meetings]


def test_it_finds_talks_with_participants_place_and_day(extract):
    e = extract("Ukrainian Foreign Minister Andrii Sybiha met Turkish Foreign Minister Hakan Fidan in Antalya on Friday.",
                published="2025-04-12")
    assert meetings(e) == [("talks", ["Andrii Sybiha", "Hakan Fidan"], "Antalya", "Türkiye")]
    m = e.meetings[0]
    assert (m.date_from, m.date_to, m.date_precision) == (dt.date(2025, 4, 11), dt.date(2025, 4, 11), "day")


@pytest.mark.parametrize("verb", [
    "will meet", "is expected to meet", "plans to meet", "could meet", "is due to meet", "did not meet",
])
def test_it_ignores_meetings_that_did_not_take_place(extract, verb):
    e = extract(f"Armenian Prime Minister Nikol Pashinyan {verb} Azerbaijani President Ilham Aliyev in Abu Dhabi.")
    assert e.meetings == []


def test_it_finds_a_phone_call(extract):
    e = extract("U.S. President Donald Trump spoke by phone with Russian President Vladimir Putin on Tuesday.")
    assert meetings(e) == [("call", ["Donald Trump", "Vladimir Putin"], "", None)]


def test_it_finds_a_visit_with_the_leaders_the_visitor_saw(extract):
    text = ("Secretary of State Antony Blinken visited Türkiye last week and told Turkish officials, including "
            "President Recep Tayyip Erdoğan, that the time had come.")
    e = extract(text, published="2024-12-17")
    assert meetings(e) == [("visit", ["Antony Blinken", "Recep Tayyip Erdoğan"], "", "Türkiye")]
    m = e.meetings[0]
    assert (m.date_from, m.date_to, m.date_precision) == (dt.date(2024, 12, 9), dt.date(2024, 12, 15), "week")


def test_it_finds_a_signing_between_sides_without_named_people(extract):
    e = extract("Rwanda and the Democratic Republic of Congo signed a peace agreement in Washington on Friday.",
                published="2025-06-28")
    assert [(m.kind, sorted(m.actors)) for m in e.meetings] == [
        ("signing", ["Democratic Republic of the Congo", "Rwanda"])]


def test_it_merges_two_mentions_of_one_meeting(extract):
    text = ("Blinken attended a conference on Syria in Jordan last week.\n"
            "Foreign Minister Hakan Fidan of Turkey saw Secretary of State Antony Blinken in Aqaba (Jordan).")
    e = extract(text, published="2024-12-17")
    assert meetings(e) == [("conference", ["Antony Blinken", "Hakan Fidan"], "Aqaba", "Jordan")]


def test_it_keeps_meetings_described_as_separate_apart(extract):
    text = ("Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Hamas negotiator Khalil al-Hayya and, "
            "separately, Mossad director David Barnea in Doha on Wednesday.")
    e = extract(text, published="2025-01-16")
    assert sorted(sorted(m.people) for m in e.meetings) == [
        ["David Barnea", "Mohammed bin Abdulrahman Al Thani"], ["Khalil al-Hayya", "Mohammed bin Abdulrahman Al Thani"]]


def test_it_gives_talks_between_sides_the_people_who_led_them(extract):
    text = ("Russian and Ukrainian officials held direct talks in Istanbul on Friday.\n"
            "Vladimir Medinsky, a Kremlin aide who led the Russian delegation, said Moscow was satisfied.\n"
            "Ukrainian Defence Minister Rustem Umerov, who headed Kyiv's delegation, said prisoners would be swapped.")
    e = extract(text, published="2025-05-16")
    assert meetings(e) == [("talks", ["Rustem Umerov", "Vladimir Medinsky"], "Istanbul", "Türkiye")]
