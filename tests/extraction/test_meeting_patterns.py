"""Meetings as news reports tell them: one report per way of telling, with participants, place and date;
and the meetings that did not take place, which stay out."""

import datetime as dt

import pytest


def found(e):
    """(kind, sorted people, sorted actors, place name, country, first day) per meeting."""
    return [
        (m.kind, sorted(m.people), sorted(m.actors), m.place_name, m.place_country, m.date_from) for m in e.meetings
    ]


D = dt.date


def test_it_finds_talks_held_with_a_counterpart(extract):
    e = extract(
        "DOHA, March 4 (Newswire) - Qatari Prime Minister Mohammed bin Abdulrahman Al Thani held talks with Hamas "
        "political bureau member Khalil al-Hayya on Tuesday, the foreign ministry said.",
        published="2025-03-05",
    )
    assert found(e) == [
        ("talks", ["Khalil al-Hayya", "Mohammed bin Abdulrahman Al Thani"], [], "Doha", "Qatar", D(2025, 3, 4))
    ]


def test_it_finds_a_subject_whose_title_holds_of(extract):
    e = extract(
        "Prime Minister and Minister of Foreign Affairs Sheikh Mohammed bin Abdulrahman Al Thani met a Hamas "
        "delegation headed by Khalil al-Hayya in Doha on Monday, the ministry said.",
        published="2024-12-10",
    )
    assert found(e) == [
        ("talks", ["Khalil al-Hayya", "Mohammed bin Abdulrahman Al Thani"], [], "Doha", "Qatar", D(2024, 12, 9))
    ]


def test_it_finds_a_meeting_on_the_sidelines_of_a_summit(extract):
    e = extract(
        "Turkish Foreign Minister Hakan Fidan met Russian Foreign Minister Sergei Lavrov on the sidelines of the G20 "
        "meeting in Johannesburg on Thursday, Turkish diplomatic sources said.",
        published="2025-02-21",
    )
    [m] = e.meetings
    assert (sorted(m.people), m.place_name, m.date_from) == (
        ["Hakan Fidan", "Sergei Lavrov"],
        "Johannesburg",
        D(2025, 2, 20),
    )


def test_it_finds_a_visitor_received_and_not_a_document_received(extract):
    e = extract(
        "BEIRUT (Newswire) - US envoy Tom Barrack received Lebanon's written response from President Joseph Aoun "
        "on Monday. He later met Parliament Speaker Nabih Berri.",
        published="2025-07-08",
    )
    assert found(e) == [("talks", ["Nabih Berri", "Tom Barrack"], [], "Beirut", "Lebanon", D(2025, 7, 7))]
    e = extract(
        "Saudi Crown Prince Mohammed bin Salman received Ukrainian President Volodymyr Zelensky in Jeddah on Monday.",
        published="2025-03-11",
    )
    assert found(e) == [
        ("talks", ["Mohammed bin Salman", "Volodymyr Zelensky"], [], "Jeddah", "Saudi Arabia", D(2025, 3, 10))
    ]


def test_it_finds_a_guest_hosted(extract):
    e = extract(
        "Saudi Crown Prince Mohammed bin Salman hosted Ukrainian President Volodymyr Zelensky in Jeddah on Monday, "
        "a day before the talks with U.S. officials.",
        published="2025-03-11",
    )
    assert found(e) == [
        ("talks", ["Mohammed bin Salman", "Volodymyr Zelensky"], [], "Jeddah", "Saudi Arabia", D(2025, 3, 10))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ukrainian Foreign Minister Andrii Sybiha spoke by phone with Turkish Foreign Minister Hakan Fidan on Monday.",
        "Ukrainian Foreign Minister Andrii Sybiha spoke with Turkish Foreign Minister Hakan Fidan by phone on Monday.",
        "In a call with Turkish Foreign Minister Hakan Fidan on Monday, Ukrainian Foreign Minister Andrii Sybiha "
        "discussed the prisoner exchange.",
        "Ukrainian Foreign Minister Andrii Sybiha held a video call with Turkish Foreign Minister Hakan Fidan "
        "on Monday.",
    ],
)
def test_it_finds_phone_and_video_calls_without_a_place(extract, sentence):
    e = extract("KYIV (Newswire) - " + sentence, published="2025-05-13")
    assert found(e) == [("call", ["Andrii Sybiha", "Hakan Fidan"], [], "", None, D(2025, 5, 12))]


def test_it_reads_a_readout_that_spoke_today_as_a_call(extract):
    e = extract(
        "WASHINGTON - Secretary of State Marco Rubio spoke today with Ukrainian Foreign Minister Andrii Sybiha.",
        published="2025-03-07",
        title="Secretary Rubio's Call with Ukrainian Foreign Minister Sybiha",
    )
    assert found(e) == [("call", ["Andrii Sybiha", "Marco Rubio"], [], "", None, D(2025, 3, 7))]


def test_it_finds_separate_calls_one_per_counterpart(extract):
    e = extract(
        "U.S. Secretary of State Antony Blinken held separate calls with General Abdel Fattah al-Burhan and with "
        "General Mohamed Hamdan Dagalo on Sunday, the State Department said.",
        published="2023-05-22",
    )
    assert sorted(tuple(m.people) for m in e.meetings) == [
        ("Antony Blinken", "Abdel Fattah al-Burhan"),
        ("Antony Blinken", "Mohamed Hamdan Dagalo"),
    ]
    assert {m.kind for m in e.meetings} == {"call"}


def test_it_finds_a_signing_and_who_signed(extract):
    e = extract(
        "WASHINGTON, June 27 (Newswire) - Rwandan Foreign Minister Olivier Nduhungirehe and Congolese Foreign "
        "Minister Therese Kayikwamba Wagner signed a peace agreement at the State Department on Friday.",
        published="2025-06-28",
    )
    assert found(e) == [
        (
            "signing",
            ["Olivier Nduhungirehe", "Therese Kayikwamba Wagner"],
            [],
            "Washington",
            "United States",
            D(2025, 6, 27),
        )
    ]


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        (
            "JEDDAH (Newswire) - Representatives of the Sudanese Armed Forces and the Rapid Support Forces signed on "
            "Thursday night in Jeddah a declaration of commitment to protect civilians.",
            "2023-05-12",
            D(2023, 5, 11),
        ),
        (
            "The truce, signed late on Saturday by representatives of the Sudanese Armed Forces and the Rapid "
            "Support Forces in Jeddah, takes effect on Monday.",
            "2023-05-21",
            D(2023, 5, 20),
        ),
    ],
)
def test_it_finds_a_signing_by_sides_told_with_the_time_first_or_as_a_participle(extract, text, published, day):
    e = extract(text, published=published)
    assert found(e) == [
        ("signing", [], ["Rapid Support Forces", "Sudanese Armed Forces"], "Jeddah", "Saudi Arabia", day)
    ]


def test_it_takes_a_retold_signings_place_from_the_paragraph_before_and_leaves_out_a_relative_clause(extract):
    text = (
        "BRIDGETOWN (Newswire) - The government and the opposition signed an agreement in Bridgetown, Barbados, "
        "on Tuesday.\n"
        "The accord was signed by Jorge Rodriguez, who heads the delegation of President Nicolas Maduro, and by "
        "Gerardo Blyde for the opposition.\n"
        'Barbados Prime Minister Mia Mottley, who hosted the delegations, said: "This is a good day."'
    )
    e = extract(text, published="2023-10-18")
    [m] = e.meetings
    assert (m.kind, sorted(m.people), m.place_name, m.date_from) == (
        "signing",
        ["Gerardo Blyde", "Jorge Rodriguez", "Mia Mottley"],
        "Bridgetown",
        D(2023, 10, 17),
    )


def test_it_finds_a_round_with_its_mediator(extract):
    e = extract(
        "MUSCAT, April 12 (Newswire) - Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff held "
        "indirect talks in Muscat on Saturday, mediated by Omani Foreign Minister Badr Albusaidi.",
        published="2025-04-13",
    )
    assert found(e) == [
        ("talks", ["Abbas Araghchi", "Badr Albusaidi", "Steve Witkoff"], [], "Muscat", "Oman", D(2025, 4, 12))
    ]


def test_it_finds_a_summit_with_the_leaders_listed_and_a_conference_with_its_hosts(extract):
    e = extract(
        "Leaders of more than forty European countries, including French President Emmanuel Macron and Ukrainian "
        "President Volodymyr Zelensky, attended a summit of the European Political Community in Tirana on Friday.",
        published="2025-05-17",
    )
    assert found(e) == [
        ("conference", ["Emmanuel Macron", "Volodymyr Zelensky"], [], "Tirana", "Albania", D(2025, 5, 16))
    ]
    e = extract(
        "Norwegian Foreign Minister Espen Barth Eide opened an international conference on Sudan in Oslo on "
        "Tuesday. The conference was co-hosted by the African Union and Chile, with observers from Peru.",
        published="2025-04-16",
    )
    [m] = e.meetings
    assert (m.kind, m.people, sorted(m.actors), m.place_name) == (
        "conference",
        ["Espen Barth Eide"],
        ["African Union", "Chile"],
        "Oslo",
    )


def test_it_finds_one_meeting_per_side_of_a_shuttle_each_in_its_city(extract):
    e = extract(
        "US envoy Amos Hochstein, who shuttled between Beirut and Jerusalem last week, meeting Lebanese Parliament "
        "Speaker Nabih Berri and then Israeli Prime Minister Benjamin Netanyahu, said the gaps had narrowed.",
        published="2024-11-27",
    )
    assert found(e) == [
        ("talks", ["Amos Hochstein", "Nabih Berri"], [], "Beirut", "Lebanon", D(2024, 11, 18)),
        ("talks", ["Amos Hochstein", "Benjamin Netanyahu"], [], "Jerusalem", "Israel", D(2024, 11, 18)),
    ]
    assert {m.date_precision for m in e.meetings} == {"week"}


def test_it_finds_one_meeting_per_counterpart_met_at_its_own_place(extract):
    e = extract(
        "US envoy Tom Barrack met Lebanese Parliament Speaker Nabih Berri in Beirut and Prime Minister Nawaf "
        "Salam at the Grand Serail on Monday.",
        published="2025-07-08",
    )
    assert sorted(tuple(sorted(m.people)) for m in e.meetings) == [
        ("Nabih Berri", "Tom Barrack"),
        ("Nawaf Salam", "Tom Barrack"),
    ]
    assert {(m.place_name, m.place_country) for m in e.meetings} == {("Beirut", "Lebanon")}


@pytest.mark.parametrize(
    "text",
    [
        "JEDDAH, Oct 26 (Newswire) -- Delegations of the Sudanese Armed Forces and the Rapid Support Forces resumed "
        "negotiations in Jeddah on Thursday, five months after the talks were suspended.",
        "JEDDAH, Oct 26 (Newswire) -- The Sudanese Armed Forces and the Rapid Support Forces began a new round of "
        "talks in Jeddah on Thursday.",
    ],
)
def test_it_finds_talks_between_delegations_with_the_sides_as_participants(extract, text):
    e = extract(text, published="2023-10-26")
    assert found(e) == [
        ("talks", [], ["Rapid Support Forces", "Sudanese Armed Forces"], "Jeddah", "Saudi Arabia", D(2023, 10, 26))
    ]


def test_it_finds_the_two_sides_meeting_as_actors(extract):
    e = extract(
        "ISTANBUL (Newswire) - Russian and Ukrainian delegations met in Istanbul on Monday. The two sides agreed "
        "to exchange prisoners.",
        published="2025-06-02",
    )
    assert found(e) == [("talks", [], ["Russia", "Ukraine"], "Istanbul", "Türkiye", D(2025, 6, 2))]


def test_it_resolves_a_participant_named_by_title_only(extract):
    e = extract(
        "ISLAMABAD (Newswire) - Pakistan's army chief, Field Marshal Asim Munir, flew to Washington this week. "
        "On Wednesday the army chief met U.S. President Donald Trump at the White House.",
        published="2025-06-19",
    )
    assert found(e) == [("talks", ["Asim Munir", "Donald Trump"], [], "Washington", "United States", D(2025, 6, 18))]


def test_it_finds_a_meeting_named_only_inside_a_quote(extract):
    e = extract(
        'ANKARA, May 3 (Newswire) - "Our meeting today with Foreign Minister Sergei Lavrov was frank and useful," '
        "Turkish Foreign Minister Hakan Fidan told reporters in Ankara.",
        published="2025-05-03",
    )
    assert found(e) == [("talks", ["Hakan Fidan", "Sergei Lavrov"], [], "Ankara", "Türkiye", D(2025, 5, 3))]


def test_it_finds_a_meeting_told_only_in_the_headline_and_not_a_planned_one(extract):
    body = (
        "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan discussed the border and "
        "trade, officials said."
    )
    e = extract(body, published="2025-07-10", title="Aliyev meets Pashinyan in Abu Dhabi")
    assert found(e) == [
        ("talks", ["Ilham Aliyev", "Nikol Pashinyan"], [], "Abu Dhabi", "United Arab Emirates", D(2025, 7, 10))
    ]
    assert extract(body, published="2025-07-10", title="Aliyev to meet Pashinyan in Abu Dhabi").meetings == []


def test_it_takes_the_place_from_the_dateline_and_from_an_earlier_sentence(extract):
    e = extract(
        "MOSCOW, Aug 6 (Newswire) - Russian President Vladimir Putin met U.S. envoy Steve Witkoff on Wednesday, "
        "the Kremlin said.",
        published="2025-08-06",
    )
    assert found(e) == [("talks", ["Steve Witkoff", "Vladimir Putin"], [], "Moscow", "Russia", D(2025, 8, 6))]
    e = extract(
        "The foreign ministers of Armenia and Azerbaijan arrived in Almaty on Thursday for two days of talks. "
        "Armenian Foreign Minister Ararat Mirzoyan met Azerbaijani Foreign Minister Jeyhun Bayramov on Friday.",
        published="2024-05-11",
    )
    assert found(e) == [("talks", ["Ararat Mirzoyan", "Jeyhun Bayramov"], [], "Almaty", "Kazakhstan", D(2024, 5, 10))]


def test_it_dates_yesterday_against_the_publication_day(extract):
    e = extract(
        "WASHINGTON, March 16 (Newswire) - U.S. Secretary of State Marco Rubio spoke by phone with Russian Foreign "
        "Minister Sergey Lavrov yesterday, the State Department said.",
        published="2025-03-16",
    )
    assert found(e) == [("call", ["Marco Rubio", "Sergey Lavrov"], [], "", None, D(2025, 3, 15))]


def test_it_keeps_two_meetings_of_the_same_people_on_consecutive_days(extract):
    e = extract(
        "BEIRUT - US envoy Amos Hochstein met Lebanese Parliament Speaker Nabih Berri on Tuesday. Hochstein met "
        "Berri again on Wednesday.",
        published="2024-11-21",
    )
    assert [m.date_from for m in e.meetings] == [D(2024, 11, 19), D(2024, 11, 20)]
    assert {tuple(sorted(m.people)) for m in e.meetings} == {("Amos Hochstein", "Nabih Berri")}


def test_it_leaves_out_an_arrival_and_a_background_signing(extract):
    e = extract(
        "GENEVA (Newswire) - The Rapid Support Forces delegation arrived in Geneva on Wednesday. Ten years after "
        "Norway and Chile signed the fisheries agreement, the ministers praised it.",
        published="2024-08-15",
    )
    assert e.meetings == []


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian President Volodymyr Zelensky will meet U.S. President Donald Trump in Washington on Monday.",
        "Russian and Ukrainian delegations are expected to meet in Istanbul next week.",
        "Trump said he could meet Russian President Vladimir Putin in Budapest.",
        "Hamas refused to meet Israeli negotiators in Cairo on Tuesday.",
        "If Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan meet in Abu Dhabi, "
        "they may sign the text.",
        "Egyptian President Abdel Fattah el-Sisi called for talks between Israel and Hamas on Sunday.",
    ],
)
def test_it_leaves_out_planned_refused_hypothetical_and_called_for_meetings(extract, text):
    assert extract(text, published="2025-08-16").meetings == []


def test_it_dates_a_call_told_as_the_day_before_the_reports_occasion(extract):
    e = extract(
        "BRUSSELS (Newswire) - Norwegian Foreign Minister Espen Barth Eide spoke to reporters in Brussels on "
        "Wednesday, the day after U.S. President Donald Trump and Russian President Vladimir Putin agreed in a "
        "phone call on a pause in strikes.",
        published="2025-03-19",
    )
    assert found(e) == [("call", ["Donald Trump", "Vladimir Putin"], [], "", None, D(2025, 3, 18))]


def test_it_finds_a_call_told_twice_once_and_a_meeting_then_joined_apart(extract):
    text = (
        "KYIV, Aug 19 (Newswire) - Ukrainian President Volodymyr Zelensky said on Tuesday that his talks at the "
        "White House the previous day had been useful, after Trump broke off a meeting with European leaders to "
        "telephone Russian President Vladimir Putin.\n"
        "Zelensky first met U.S. President Donald Trump in the Oval Office on Monday, then joined a larger meeting "
        "with Trump and French President Emmanuel Macron.\n"
        "During the meeting with the Europeans, Trump called Putin."
    )
    e = extract(text, published="2025-08-19")
    assert found(e) == [
        ("call", ["Donald Trump", "Vladimir Putin"], [], "", None, D(2025, 8, 18)),
        ("talks", ["Donald Trump", "Volodymyr Zelensky"], [], "Washington", "United States", D(2025, 8, 18)),
        (
            "talks",
            ["Donald Trump", "Emmanuel Macron", "Volodymyr Zelensky"],
            [],
            "Washington",
            "United States",
            D(2025, 8, 18),
        ),
    ]


def test_it_finds_a_delegation_meeting_a_states_mediators(extract):
    e = extract(
        "CAIRO (Newswire) - An Israeli delegation held talks with Egyptian mediators in Cairo on Thursday on the "
        "second phase of the ceasefire, state media reported.",
        published="2025-02-28",
    )
    assert found(e) == [("talks", [], ["Egypt", "Israel"], "Cairo", "Egypt", D(2025, 2, 27))]


def test_it_gives_the_leaders_of_a_side_to_each_of_its_meetings_on_their_days(extract):
    text = (
        "RIYADH (Newswire) - U.S. and Russian delegations began talks in Riyadh, Saudi Arabia, on March 24, a day "
        "after U.S. officials met a Ukrainian delegation in the Saudi capital.\n"
        "The Ukrainian delegation, headed by Defense Minister Rustem Umerov, met the U.S. team yesterday. The U.S. "
        "side at both meetings was led by Andrew Peek, a senior director at the National Security Council."
    )
    e = extract(text, published="2025-03-24")
    assert [(sorted(m.people), m.date_from, m.place_country) for m in e.meetings] == [
        (["Andrew Peek"], D(2025, 3, 24), "Saudi Arabia"),
        (["Andrew Peek", "Rustem Umerov"], D(2025, 3, 23), "Saudi Arabia"),
    ]
    assert e.meetings[0].actors == ["Russia"]


def test_it_finds_a_round_over_several_days_with_who_led_it(extract):
    text = (
        "ADDIS ABABA (Newswire) - Talks between Chile and Peru ended on Tuesday after a final round in Addis "
        "Ababa that ran from Sunday to Tuesday.\n"
        "The round was led by Chilean Foreign Minister Alberto van Klaveren and Peruvian Foreign Minister Elmer "
        "Schialer."
    )
    e = extract(text, published="2023-12-20")
    [m] = e.meetings
    assert (sorted(m.people), m.place_name, m.date_from, m.date_to) == (
        ["Alberto van Klaveren", "Elmer Schialer"],
        "Addis Ababa",
        D(2023, 12, 17),
        D(2023, 12, 19),
    )


def test_it_finds_indirect_talks_through_a_mediator_and_a_meeting_before_them_apart(extract):
    text = (
        "ROME, April 19 (Newswire) - Iran and the United States agreed on Saturday to keep talking after a second "
        "round of talks mediated by Oman in Rome.\n"
        "Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff negotiated for four hours through "
        "Omani Foreign Minister Badr Albusaidi, who carried messages between rooms at the Omani embassy.\n"
        "Before the talks, Araghchi met Italian Foreign Minister Antonio Tajani."
    )
    e = extract(text, published="2025-04-19")
    assert found(e) == [
        ("talks", ["Abbas Araghchi", "Badr Albusaidi", "Steve Witkoff"], [], "Rome", "Italy", D(2025, 4, 19)),
        ("talks", ["Abbas Araghchi", "Antonio Tajani"], [], "Rome", "Italy", D(2025, 4, 19)),
    ]


def test_it_finds_the_sides_round_with_its_opener_and_the_leaders_of_each_side(extract):
    text = (
        "ISTANBUL (Newswire) - Russia and Ukraine agreed on Monday to swap prisoners at their second round of "
        "direct talks in Istanbul.\n"
        "The talks at the Ciragan Palace were opened by Turkish Foreign Minister Hakan Fidan.\n"
        "Ukraine's delegation was led by Defense Minister Rustem Umerov."
    )
    e = extract(text, published="2025-06-02")
    [m] = e.meetings
    assert (sorted(m.people), m.actors, m.place_name, m.date_from) == (
        ["Hakan Fidan", "Rustem Umerov"],
        ["Russia"],
        "Istanbul",
        D(2025, 6, 2),
    )


def test_it_gives_a_pronoun_in_an_opening_phrase_to_the_one_named_after_it(extract):
    e = extract(
        "VILNIUS (Newswire) - Speaking in Vilnius, where he attended a summit of Nordic and Baltic leaders, "
        "Ukrainian President Volodymyr Zelensky said on Monday that Russia was stalling.",
        published="2025-06-02",
    )
    assert found(e) == [("conference", ["Volodymyr Zelensky"], [], "Vilnius", "Lithuania", D(2025, 6, 2))]


def test_it_dates_the_previous_day_from_the_occasion_told_before(extract):
    text = (
        "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan held talks in Abu Dhabi "
        "on July 10.\n"
        "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov, who had met "
        "in Abu Dhabi the previous day, also took part in the talks."
    )
    e = extract(text, published="2025-07-11")
    assert [(sorted(m.people), m.date_from) for m in e.meetings] == [
        (["Ararat Mirzoyan", "Ilham Aliyev", "Jeyhun Bayramov", "Nikol Pashinyan"], D(2025, 7, 10)),
        (["Ararat Mirzoyan", "Jeyhun Bayramov"], D(2025, 7, 9)),
    ]


def test_it_leaves_out_a_meeting_told_as_a_condition(extract):
    e = extract(
        "Rubio said on Thursday that he did not expect a breakthrough until U.S. President Donald Trump and "
        "Russian President Vladimir Putin met in person.",
        published="2025-05-16",
    )
    assert e.meetings == []


def test_it_finds_commissions_met_with_the_people_who_chair_them(extract):
    e = extract(
        "BAKU, April 26 (Newswire) -- The state commissions on the border, chaired by Azerbaijani Deputy Prime "
        "Minister Shahin Mustafayev and Armenian Deputy Prime Minister Mher Grigoryan, met last week.",
        published="2024-04-26",
    )
    assert [(sorted(m.people), m.date_from, m.date_precision) for m in e.meetings] == [
        (["Mher Grigoryan", "Shahin Mustafayev"], D(2024, 4, 15), "week")
    ]


def test_it_keeps_a_handshake_and_the_talks_that_followed_as_one_meeting(extract):
    text = (
        "PANMUNJOM (Newswire) - U.S. President Donald Trump crossed the border on Sunday after meeting the "
        "North's leader Kim Jong Un.\n"
        "The two men shook hands in the truce village of Panmunjom, South Korea. Mr Trump then sat down with Mr Kim."
    )
    e = extract(text, published="2019-06-30")
    assert [(sorted(m.people), m.date_from) for m in e.meetings] == [(["Donald Trump", "Kim Jong Un"], D(2019, 6, 30))]


def test_it_keeps_an_earlier_summit_of_the_same_leaders_apart_in_its_month(extract):
    text = (
        "PANMUNJOM (Newswire) - U.S. President Donald Trump met North Korean leader Kim Jong Un in Panmunjom, "
        "South Korea, on Sunday.\n"
        "The two leaders first met in Singapore in June last year, where they signed a short statement."
    )
    e = extract(text, published="2019-07-01")
    assert [(m.place_name, m.date_from, m.date_to) for m in e.meetings] == [
        ("Panmunjom", D(2019, 6, 30), D(2019, 6, 30)),
        ("Singapore", D(2018, 6, 1), D(2018, 6, 30)),
    ]
