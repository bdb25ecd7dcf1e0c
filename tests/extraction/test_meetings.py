"""Meetings that took place, with participants, place and dates; planned ones are not meetings."""

import datetime as dt

import pytest


def meetings(e):
    return [(m.kind, sorted(m.people), m.place_name, m.place_country) for m in e.meetings]


def test_it_finds_talks_with_participants_place_and_day(extract):
    e = extract(
        "Ukrainian Foreign Minister Andrii Sybiha met Turkish Foreign Minister Hakan Fidan in Antalya on Friday.",
        published="2025-04-12",
    )
    assert meetings(e) == [("talks", ["Andrii Sybiha", "Hakan Fidan"], "Antalya", "Türkiye")]
    m = e.meetings[0]
    assert (m.date_from, m.date_to, m.date_precision) == (dt.date(2025, 4, 11), dt.date(2025, 4, 11), "day")


@pytest.mark.parametrize(
    "verb",
    [
        "will meet",
        "is expected to meet",
        "plans to meet",
        "could meet",
        "is due to meet",
        "did not meet",
    ],
)
def test_it_ignores_meetings_that_did_not_take_place(extract, verb):
    e = extract(f"Armenian Prime Minister Nikol Pashinyan {verb} Azerbaijani President Ilham Aliyev in Abu Dhabi.")
    assert e.meetings == []


def test_it_finds_a_phone_call(extract):
    e = extract("U.S. President Donald Trump spoke by phone with Russian President Vladimir Putin on Tuesday.")
    assert meetings(e) == [("call", ["Donald Trump", "Vladimir Putin"], "", None)]


def test_it_finds_a_visit_with_the_leaders_the_visitor_saw(extract):
    text = (
        "Secretary of State Antony Blinken visited Türkiye last week and told Turkish officials, including "
        "President Recep Tayyip Erdoğan, that the time had come."
    )
    e = extract(text, published="2024-12-17")
    assert meetings(e) == [("visit", ["Antony Blinken", "Recep Tayyip Erdoğan"], "", "Türkiye")]
    m = e.meetings[0]
    assert (m.date_from, m.date_to, m.date_precision) == (dt.date(2024, 12, 9), dt.date(2024, 12, 15), "week")


def test_it_finds_a_signing_between_sides_without_named_people(extract):
    e = extract(
        "Rwanda and the Democratic Republic of Congo signed a peace agreement in Washington on Friday.",
        published="2025-06-28",
    )
    assert [(m.kind, sorted(m.actors)) for m in e.meetings] == [
        ("signing", ["Democratic Republic of the Congo", "Rwanda"])
    ]


def test_it_merges_two_mentions_of_one_meeting(extract):
    text = (
        "Blinken attended a conference on Syria in Jordan last week.\n"
        "Foreign Minister Hakan Fidan of Turkey saw Secretary of State Antony Blinken in Aqaba (Jordan)."
    )
    e = extract(text, published="2024-12-17")
    assert meetings(e) == [("conference", ["Antony Blinken", "Hakan Fidan"], "Aqaba", "Jordan")]


def test_it_keeps_meetings_described_as_separate_apart(extract):
    text = (
        "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Hamas negotiator Khalil al-Hayya and, "
        "separately, Mossad director David Barnea in Doha on Wednesday."
    )
    e = extract(text, published="2025-01-16")
    assert sorted(sorted(m.people) for m in e.meetings) == [
        ["David Barnea", "Mohammed bin Abdulrahman Al Thani"],
        ["Khalil al-Hayya", "Mohammed bin Abdulrahman Al Thani"],
    ]


def test_it_gives_talks_between_sides_the_people_who_led_them(extract):
    text = (
        "Russian and Ukrainian officials held direct talks in Istanbul on Friday.\n"
        "Vladimir Medinsky, a Kremlin aide who led the Russian delegation, said Moscow was satisfied.\n"
        "Ukrainian Defence Minister Rustem Umerov, who headed Kyiv's delegation, said prisoners would be swapped."
    )
    e = extract(text, published="2025-05-16")
    assert meetings(e) == [("talks", ["Rustem Umerov", "Vladimir Medinsky"], "Istanbul", "Türkiye")]


def test_it_reads_the_place_anywhere_in_the_sentence(extract):
    e = extract(
        "In Ankara, President Volodymyr Zelensky, who met President Recep Tayyip Erdogan of Turkey on Tuesday, "
        "said Ukraine would not accept the outcome.",
        published="2025-02-18",
    )
    assert meetings(e) == [("talks", ["Recep Tayyip Erdogan", "Volodymyr Zelensky"], "Ankara", "Türkiye")]


def test_it_reads_a_resort_of_a_country_and_keeps_initials_inside_the_clause(extract):
    e = extract(
        "President Recep Tayyip Erdoğan signed a document on the Gaza cease-fire together with U.S. President "
        "Donald Trump at a peace summit in Egypt's Red Sea resort of Sharm el-Sheikh.",
        published="2025-10-14",
    )
    assert meetings(e) == [("signing", ["Donald Trump", "Recep Tayyip Erdoğan"], "Sharm el-Sheikh", "Egypt")]


def test_it_takes_the_dateline_as_the_place_of_talks_the_sentence_does_not_place(extract):
    text = (
        "MUSCAT, Oman (AP) — Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff held talks on "
        "Saturday."
    )
    e = extract(text, published="2025-04-12")
    assert meetings(e) == [("talks", ["Abbas Araghchi", "Steve Witkoff"], "Muscat", "Oman")]


def test_it_reads_a_date_range_and_a_meeting_of_the_two_ministers_described_as_another(extract):
    text = (
        "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov met in Almaty "
        "on May 10-11.\nOn May 10, the two ministers were also received together by Kazakh President "
        "Kassym-Jomart Tokayev."
    )
    e = extract(text, published="2024-05-11")
    talks = next(m for m in e.meetings if "Kassym-Jomart Tokayev" not in m.people)
    assert (talks.date_from, talks.date_to) == (dt.date(2024, 5, 10), dt.date(2024, 5, 11))
    reception = next(m for m in e.meetings if "Kassym-Jomart Tokayev" in m.people)
    assert sorted(reception.people) == ["Ararat Mirzoyan", "Jeyhun Bayramov", "Kassym-Jomart Tokayev"]
    assert reception.date_from == dt.date(2024, 5, 10)


def test_it_keeps_a_meeting_on_the_sidelines_apart_from_the_summit(extract):
    text = (
        "Turkish President Recep Tayyip Erdoğan signed the declaration with U.S. President Donald Trump and "
        "Egyptian President Abdel Fattah el-Sisi at a summit in Sharm el-Sheikh on Monday.\n"
        "Erdoğan and Trump also held a brief meeting on the sidelines of the summit in Sharm el-Sheikh."
    )
    e = extract(text, published="2025-10-14")
    assert sorted(len(m.people) for m in e.meetings) == [2, 3]


def test_it_reads_the_two_leaders_as_the_pair_just_named_and_not_the_teller(extract):
    text = (
        "Russian President Vladimir Putin and U.S. President Donald Trump agreed to meet in Budapest in the coming "
        "weeks, Hungarian Prime Minister Viktor Orban said on Friday. The two leaders spoke by phone on Thursday."
    )
    e = extract(text, published="2025-10-17")
    assert meetings(e) == [("call", ["Donald Trump", "Vladimir Putin"], "", None)]
    assert e.meetings[0].date_from == dt.date(2025, 10, 16)


def test_it_leaves_the_teller_out_of_the_meeting_and_places_it_in_the_dateline_city(extract):
    text = (
        "MOSCOW (AP) — Russian President Vladimir Putin and U.S. envoy Steve Witkoff held three hours of talks in "
        "the Kremlin on Thursday, Kremlin spokesman Dmitry Peskov said."
    )
    e = extract(text, published="2025-10-17")
    assert meetings(e) == [("talks", ["Steve Witkoff", "Vladimir Putin"], "Moscow", "Russia")]


def test_it_keeps_a_later_reception_of_the_same_people_apart(extract):
    text = (
        "Washington (AFP) - Congolese Foreign Minister Therese Kayikwamba Wagner and Rwandan Foreign Minister "
        "Olivier Nduhungirehe signed the peace agreement at the State Department on Friday.\n"
        "The two ministers were later received by President Donald Trump in the Oval Office."
    )
    e = extract(text, published="2025-06-28")
    assert len(e.meetings) == 2
    reception = next(m for m in e.meetings if "Donald Trump" in m.people)
    assert sorted(reception.people) == ["Donald Trump", "Olivier Nduhungirehe", "Therese Kayikwamba Wagner"]
    assert reception.place_country == "United States"


def test_it_splits_separate_bilateral_meetings_and_keeps_them_apart_from_the_ceremony(extract):
    text = (
        "Azerbaijan's President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan shook hands with "
        "U.S. President Donald Trump in the East Room on Friday.\n"
        "Before the ceremony, Trump held separate bilateral meetings with Aliyev and with Pashinyan."
    )
    e = extract(text, published="2025-08-09")
    assert sorted(sorted(m.people) for m in e.meetings) == [
        ["Donald Trump", "Ilham Aliyev"],
        ["Donald Trump", "Ilham Aliyev", "Nikol Pashinyan"],
        ["Donald Trump", "Nikol Pashinyan"],
    ]


def test_it_finds_a_host_and_guests(extract):
    e = extract(
        "Omani Foreign Minister Badr Albusaidi hosted Iranian Foreign Minister Abbas Araghchi and U.S. envoy "
        "Steve Witkoff in Muscat on Saturday.",
        published="2025-04-12",
    )
    assert meetings(e) == [("talks", ["Abbas Araghchi", "Badr Albusaidi", "Steve Witkoff"], "Muscat", "Oman")]


def test_it_finds_a_phone_call_told_as_a_noun(extract):
    e = extract(
        "Russian President Vladimir Putin agreed to a pause after a lengthy phone call with U.S. President "
        "Donald Trump on Tuesday.",
        published="2025-03-19",
    )
    assert meetings(e) == [("call", ["Donald Trump", "Vladimir Putin"], "", None)]
    assert e.meetings[0].date_from == dt.date(2025, 3, 18)


@pytest.mark.parametrize(
    "sentence",
    [
        "Rwanda and the Democratic Republic of Congo are expected to sign a peace agreement in Washington next week.",
        "Rwanda and the Democratic Republic of Congo will sign a peace agreement in Washington.",
        "Rwandan President Paul Kagame could meet Congolese President Felix Tshisekedi in Doha.",
    ],
)
def test_it_ignores_signings_and_meetings_still_to_come(extract, sentence):
    assert extract(sentence, published="2025-06-20").meetings == []


def test_it_reads_spoke_with_as_a_call_when_the_report_calls_it_one(extract):
    text = (
        "WASHINGTON — Secretary of State Marco Rubio spoke with Ukrainian Foreign Minister Andrii Sybiha on Friday.\n"
        "The Secretary underscored the commitment to a durable peace, according to a readout of the call."
    )
    e = extract(text, published="2025-03-08")
    assert meetings(e) == [("call", ["Andrii Sybiha", "Marco Rubio"], "", None)]
