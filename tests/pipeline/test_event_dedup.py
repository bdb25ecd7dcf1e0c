import datetime as dt
from dataclasses import replace

import pytest

from events.pipeline.event_dedup import (
    MeetingCandidate,
    MeetingFacts,
    PersonCandidate,
    StatementCandidate,
    edited_run,
    meeting_match,
    meeting_match_in_report,
    more_precise,
    person_match,
    person_names_match,
    statement_match,
    statement_match_other_speaker,
)

QUOTE = (
    "We are not leaving anything. We are pushing as hard as we know how to do at this point, and we believe we "
    "can get to a deal"
)


@pytest.mark.parametrize(
    ("text", "how"),
    [
        (QUOTE, "same"),
        ("\u201c" + QUOTE.upper() + ", \u201d", "same"),
        ("We are pushing as hard as we know how to do at this point", "fragment"),
        (
            "We are not leavng anything. We are pushing as hard as we know how to do at this point, and we believe "
            "we can get to a deal",
            "fuzzy",
        ),
        ("We are not leavng anything. We are pushing as hard as we know how", "fuzzy"),
    ],
)
def test_it_matches_the_same_statement(text, how):
    match = statement_match(
        text, [StatementCandidate(1, "Something else entirely was said here."), StatementCandidate(2, QUOTE)]
    )
    assert (match.id, match.how) == (2, how)


def test_it_matches_a_longer_quote_to_its_stored_fragment():
    match = statement_match(QUOTE, [StatementCandidate(4, "we believe we can get to a deal")])
    assert (match.id, match.how) == (4, "contains")


@pytest.mark.parametrize(
    "text",
    [
        "productive",  # a key phrase, not a statement
        "get to a",  # three words inside the quote
        "We want to see it done as soon as possible",
        "We are not leaving anything on the table in Cairo, and we will not",
    ],
)
def test_it_does_not_match_other_words(text):
    assert statement_match(text, [StatementCandidate(2, QUOTE)]) is None


def test_it_prefers_the_exact_statement_over_a_fragment():
    candidates = [
        StatementCandidate(1, "very small number of differences that remain"),
        StatementCandidate(2, "very small number of differences"),
    ]
    assert statement_match("very small number of differences", candidates).id == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abbas Araghchi", "Abbas Araqchi"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Recep Tayyip Erdoğan", "Tayyip Erdogan"),
        ("Steve Witkoff", "Steven Witkoff"),
        ("Mike Waltz", "Michael Waltz"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Ilham Aliyev", "Ilham Aliev"),
    ],
)
def test_it_matches_spellings_of_one_name(a, b):
    assert person_names_match(a, b) is not None
    assert person_names_match(b, a) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Matthew Miller", "Miller"),  # a surname alone never matches
        ("Matthew Miller", "Stephen Miller"),
        ("Dmitry Peskov", "Dmitry Medvedev"),
        ("Dmitry Peskov", "Dmitry Petkov"),
        ("John Kerry", "John Kelly"),
        ("Ali Khamenei", "Ali Larijani"),
    ],
)
def test_it_does_not_match_different_people(a, b):
    assert person_names_match(a, b) is None


def test_it_picks_the_person_a_spelling_belongs_to():
    candidates = [PersonCandidate(1, ("Abbas Akhoundi",)), PersonCandidate(2, ("Abbas Araghchi", "Abbas Araqchi"))]
    assert person_match("Abbas Araqchi", candidates) == 2
    assert person_match("Araghchi", candidates) is None


def facts(people=(), actors=(), sides=(), place="", country=None, start=None, end=None, precision="day", kind="talks"):
    return MeetingFacts(
        kind=kind,
        people=frozenset(people),
        actors=frozenset(actors),
        sides=frozenset(sides),
        place_name=place,
        place_country=country,
        date_from=start,
        date_to=end or start,
        date_precision=precision,
    )


D = dt.date
US, TR, JO, RU, UA = 1, 2, 3, 4, 5
BLINKEN, ERDOGAN, FIDAN, WITKOFF, LAVROV, UMEROV = 10, 11, 12, 13, 14, 15


def test_it_merges_the_same_meeting_reported_with_other_participants_and_precision():
    stored = MeetingCandidate(
        1,
        facts(
            {BLINKEN, ERDOGAN, FIDAN},
            sides={US, TR},
            country=TR,
            start=D(2024, 12, 9),
            end=D(2024, 12, 15),
            precision="week",
        ),
    )
    new = facts({BLINKEN, FIDAN}, sides={US, TR}, place="ankara", country=TR, start=D(2024, 12, 12))
    assert meeting_match(new, [stored]) == 1
    assert more_precise(new, stored.facts)


def test_it_keeps_meetings_in_other_places_apart():
    turkey = MeetingCandidate(
        1, facts({BLINKEN, FIDAN}, sides={US, TR}, country=TR, start=D(2024, 12, 9), end=D(2024, 12, 15))
    )
    aqaba = MeetingCandidate(
        2, facts({BLINKEN, FIDAN}, sides={US, TR}, place="aqaba", country=JO, start=D(2024, 12, 9), end=D(2024, 12, 15))
    )
    new = facts({BLINKEN, FIDAN}, sides={US, TR}, place="aqaba jordan", country=JO, start=D(2024, 12, 14))
    assert meeting_match(new, [turkey, aqaba]) == 2


def test_it_keeps_meetings_on_other_days_apart():
    monday = MeetingCandidate(1, facts({WITKOFF, LAVROV}, sides={US, RU}, place="riyadh", start=D(2025, 2, 17)))
    tuesday = facts({WITKOFF, LAVROV}, sides={US, RU}, place="riyadh", start=D(2025, 2, 18))
    assert meeting_match(tuesday, [monday]) is None


def test_it_keeps_the_same_envoy_meeting_other_sides_apart():
    with_russia = MeetingCandidate(1, facts({WITKOFF, LAVROV}, sides={US, RU}, place="riyadh", start=D(2025, 3, 11)))
    with_ukraine = facts({WITKOFF, UMEROV}, sides={US, UA}, place="riyadh", start=D(2025, 3, 11))
    assert meeting_match(with_ukraine, [with_russia]) is None


def test_it_keeps_a_call_apart_from_a_meeting_in_person():
    visit = MeetingCandidate(1, facts({BLINKEN, FIDAN}, sides={US, TR}, start=D(2024, 12, 12), kind="visit"))
    call = facts({BLINKEN, FIDAN}, sides={US, TR}, start=D(2024, 12, 12), kind="call")
    assert meeting_match(call, [visit]) is None


def test_it_needs_two_shared_people_to_merge_an_undated_meeting():
    stored = MeetingCandidate(1, facts({BLINKEN, FIDAN}, sides={US, TR}, start=D(2024, 12, 12)))
    assert meeting_match(facts({BLINKEN, FIDAN}, sides={US, TR}), [stored]) == 1
    assert meeting_match(facts({BLINKEN}, sides={US}), [stored]) is None


AIDE_QUOTE = "Both delegations engaged seriously and we expect them to return to Muscat with answers next week"


@pytest.mark.parametrize(
    "text",
    [
        # Another outlet's edits: a comma, an article, one word translated otherwise, a trimmed start.
        "Both delegations engaged seriously, and we expect them to return to Muscat with the answers next week",
        "Both delegations engaged seriously and we expect them to come back to Muscat with answers next week",
        "engaged seriously and we expect them to return to Muscat with replies next week",
        # Inside a longer answer of a transcript.
        "Good afternoon. " + AIDE_QUOTE + ". We will publish nothing before then.",
    ],
)
def test_it_matches_a_quote_as_another_outlet_edited_it(text):
    day = D(2025, 4, 13)
    match = statement_match(text, [StatementCandidate(7, AIDE_QUOTE, said_on=day)], said_on=day + dt.timedelta(1))
    assert match is not None and match.id == 7


def test_it_takes_a_replaced_word_for_another_statement_unless_told_of_the_same_occasion():
    stored = "We are prepared to postpone the arrangement that leaves the question of the border open"
    replaced = stored.replace("postpone", "suspend")
    day = D(2025, 4, 13)
    assert (
        statement_match(replaced, [StatementCandidate(7, stored, said_on=day)], said_on=day + dt.timedelta(6)) is None
    )
    assert statement_match(replaced, [StatementCandidate(7, stored)], said_on=day) is None  # one undated
    assert statement_match(replaced, [StatementCandidate(7, stored, said_on=day)], said_on=day).id == 7
    # A word left out is an outlet's trim whenever said.
    trimmed = stored.replace(" of the border", " of border").replace("prepared to", "prepared now to")
    assert statement_match(trimmed, [StatementCandidate(7, stored, said_on=day)], said_on=day + dt.timedelta(6))


@pytest.mark.parametrize(
    "text",
    [
        "We are not prepared to postpone the arrangement that leaves the question of the border open",
        "We are prepared to postpone the arrangement that leaves the question of the 2 borders open",
    ],
)
def test_it_never_takes_a_negation_or_a_number_for_an_outlets_edit(text):
    stored = "We are prepared to postpone the arrangement that leaves the question of the borders open"
    day = D(2025, 4, 13)
    assert statement_match(text, [StatementCandidate(7, stored, said_on=day)], said_on=day) is None


@pytest.mark.parametrize(
    "text",
    [
        "Both delegations engaged seriously but nobody should expect them to sign anything in Muscat before summer",
        "we expect them to return to Geneva with answers",  # too short to allow an edited word
        "Both delegations engaged seriously and we expect them to return to Geneva with a signed text next month",
    ],
)
def test_it_keeps_a_different_quote_of_the_same_speaker_apart(text):
    assert statement_match(text, [StatementCandidate(7, AIDE_QUOTE)]) is None


def test_it_matches_a_quote_credited_to_another_speaker_only_by_its_words():
    candidates = [StatementCandidate(1, "We will not comment on that today"), StatementCandidate(2, AIDE_QUOTE)]
    match = statement_match_other_speaker(AIDE_QUOTE.replace(" answers", ""), candidates)
    assert (match.id, match.how) == (2, "edited")
    # A short phrase two people both say is not one statement.
    assert statement_match_other_speaker("We will not comment on that today", candidates) is None


def test_it_merges_a_meeting_one_report_tells_twice_on_the_same_day_only():
    by_states = MeetingCandidate(1, facts(actors={RU, UA}, sides={RU, UA}, place="istanbul", start=D(2025, 7, 23)))
    by_people = facts({UMEROV}, sides={UA}, place="istanbul", start=D(2025, 7, 23))
    assert meeting_match_in_report(by_people, [by_states]) == 1
    next_day = facts({UMEROV}, sides={UA}, place="istanbul", start=D(2025, 7, 24))
    assert meeting_match_in_report(next_day, [by_states]) is None
    undated = facts({UMEROV}, sides={UA}, place="istanbul")
    assert meeting_match_in_report(undated, [by_states]) is None
    # The same people told twice by one report: two sessions.
    session = MeetingCandidate(2, facts({UMEROV}, sides={UA}, place="istanbul", start=D(2025, 7, 23)))
    assert meeting_match_in_report(by_people, [session]) is None


def test_it_merges_an_undated_meeting_told_in_the_days_after_it():
    stored = MeetingCandidate(1, facts({WITKOFF, LAVROV}, sides={US, RU}, place="riyadh", start=D(2025, 2, 18)))
    undated = facts({WITKOFF}, sides={US})
    assert meeting_match(undated, [stored], report_day=D(2025, 2, 19)) == 1
    assert meeting_match(undated, [stored], report_day=D(2025, 3, 19)) is None  # a month later
    assert meeting_match(undated, [stored]) is None  # no day to place it


def test_it_merges_delegations_named_by_other_members_only_on_the_same_day_and_place():
    stored = MeetingCandidate(1, facts({WITKOFF, LAVROV}, sides={US, RU}, place="riyadh", start=D(2025, 2, 18)))
    others = facts({BLINKEN, 16}, sides={US, RU}, place="riyadh", start=D(2025, 2, 18))
    assert meeting_match(others, [stored]) == 1
    assert meeting_match(replace(others, place_name=""), [stored]) is None
    assert meeting_match(replace(others, sides=frozenset({US})), [stored]) is None


def test_it_finds_where_a_longer_answer_tells_a_quote():
    answer = "Good afternoon. " + AIDE_QUOTE.replace("answers", "their answers") + ". We will publish nothing."
    start, end = edited_run(answer, AIDE_QUOTE)
    assert answer[start:end] == AIDE_QUOTE.replace("answers", "their answers")
    assert edited_run(answer, "Nothing in the answer tells these words about the talks in Geneva at all") is None
