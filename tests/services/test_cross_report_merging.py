"""One statement, one meeting, whichever outlet told it: reports written here in the house styles of a
wire, a regional daily, a briefing transcript and a translation go through the real pipeline (extractor,
gazetteer, write path, PostgreSQL); what several of them tell is one row with evidence from each, and
what differs (another quote, another day, another city, a month later) stays apart."""

import pytest

from events.models import Meeting, Statement
from tests.services.conftest import report_processed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

QUOTE = "Both delegations engaged seriously and we expect them to return to Muscat with answers next week"

WIRE = {
    "url": "https://newswire.example.org/oman-iran-us-round",
    "outlet": "Newswire",
    "published_at": "2025-04-13",
    "text": "MUSCAT, April 13 (Newswire) - Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff "
    "held indirect talks in Muscat on Saturday, with Oman carrying messages between the two rooms.\n"
    f'"{QUOTE}," Omani Foreign Minister Badr Albusaidi told reporters on Sunday.\n'
    "(Reporting by Newswire staff; editing by the Gulf desk)",
}
DAILY = {
    "url": "https://gulf-daily.example.org/muscat-round-answers",
    "outlet": "Gulf Daily",
    "published_at": "2025-04-14",
    "title": "Oman expects answers from Tehran and Washington",
    "text": "Oman's foreign minister Badr Albusaidi said on Sunday that Iran and the United States had been serious "
    "in the nuclear talks. Abbas Araghchi and Steve Witkoff held indirect talks in Muscat on Saturday.\n"
    '"Both delegations engaged seriously, and we expect them to come back to Muscat with answers next week," '
    "Albusaidi said.",
}
TRANSCRIPT = {
    "url": "https://mofa-om.example.org/briefings/2025-04-13",
    "outlet": "Oman Ministry of Foreign Affairs",
    "published_at": "2025-04-13",
    "title": "Transcript: remarks of the Foreign Minister on the Muscat talks",
    "text": "Remarks on the nuclear talks between Iran and the United States.\n"
    "Q: Minister, what came out of yesterday's talks?\n"
    "Badr Albusaidi: Good afternoon. Both delegations engaged seriously and we expect them to return to "
    "Muscat with their answers next week. We will publish nothing before then.\n"
    "Q: Will the next round also be indirect?\n"
    "Badr Albusaidi: That is for the two parties to decide.",
}


def statements_telling(words: str) -> list[Statement]:
    return [s for s in Statement.objects.all() if words.lower() in s.text.lower()]


MISATTRIBUTED = {
    "url": "https://evening-post.example.org/iran-talks-next-week",
    "outlet": "Evening Post",
    "published_at": "2025-04-14",
    "text": "TEHRAN - The nuclear talks between Iran and the United States will resume next week, officials said. "
    f'"{QUOTE}," Iranian Foreign Minister Abbas Araghchi said.',
}
OTHER_QUOTE = {
    "url": "https://gulf-daily.example.org/muscat-no-deal-before-summer",
    "outlet": "Gulf Daily",
    "published_at": "2025-04-15",
    "text": "Oman's foreign minister Badr Albusaidi said on Tuesday the nuclear talks between Iran and the United "
    'States would take time. "Both delegations engaged seriously but nobody should expect them to sign anything '
    'in Muscat before the summer," Albusaidi said.',
}
DAY_TWO = {
    "url": "https://newswire.example.org/muscat-second-day",
    "outlet": "Newswire",
    "published_at": "2025-04-13",
    "text": "MUSCAT, April 13 (Newswire) - Abbas Araghchi and Steve Witkoff met again in Muscat on Sunday for a "
    "second day of the nuclear talks between Iran and the United States.",
}
MONTH_LATER = {
    "url": "https://newswire.example.org/muscat-may-round",
    "outlet": "Newswire",
    "published_at": "2025-05-11",
    "text": "MUSCAT, May 11 (Newswire) - Abbas Araghchi and Steve Witkoff held talks in Muscat on Sunday, the "
    "fourth round of the nuclear talks between Iran and the United States.",
}
OTHER_CITY = {
    "url": "https://evening-post.example.org/rome-same-day",
    "outlet": "Evening Post",
    "published_at": "2025-04-13",
    "text": "ROME - Abbas Araghchi and Steve Witkoff held talks in Rome on Saturday as part of the nuclear talks "
    "between Iran and the United States.",
}


def outlets(row) -> set[str]:
    return set(row.evidence.values_list("report__outlet", flat=True))


def test_it_stores_one_quote_that_three_outlets_edited_as_one_statement():
    for payload in (WIRE, DAILY, TRANSCRIPT):
        report_processed(payload)
    (statement,) = statements_telling("Both delegations engaged seriously")
    assert statement.speaker_person.name == "Badr Albusaidi"
    assert outlets(statement) == {"Newswire", "Gulf Daily", "Oman Ministry of Foreign Affairs"}
    # The transcript's evidence shows the words of its answer that tell the quote, not the whole answer.
    evidence = statement.evidence.select_related("report").get(report__outlet="Oman Ministry of Foreign Affairs")
    assert evidence.report.text[evidence.char_start : evidence.char_end] == (
        "Both delegations engaged seriously and we expect them to return to Muscat with their answers next week"
    )
    # The transcript's other answer is another statement.
    assert [s.text for s in statements_telling("for the two parties to decide")] == [
        "That is for the two parties to decide."
    ]


def test_it_keeps_another_quote_of_the_same_speaker_apart():
    report_processed(WIRE)
    report_processed(OTHER_QUOTE)
    statements = statements_telling("Both delegations engaged seriously")
    assert len(statements) == 2
    assert {s.speaker_person.name for s in statements} == {"Badr Albusaidi"}
    assert sorted(len(outlets(s)) for s in statements) == [1, 1]


def test_it_adds_a_quote_another_outlet_credits_to_the_wrong_person_to_the_stored_statement():
    report_processed(WIRE)
    report_processed(MISATTRIBUTED)
    (statement,) = statements_telling("Both delegations engaged seriously")
    assert statement.speaker_person.name == "Badr Albusaidi"
    assert outlets(statement) == {"Newswire", "Evening Post"}


def test_it_stores_one_meeting_that_two_outlets_told():
    report_processed(WIRE)
    report_processed(DAILY)
    (meeting,) = Meeting.objects.all()
    assert (str(meeting.date_from), meeting.place_name) == ("2025-04-12", "Muscat")
    assert set(meeting.people.values_list("name", flat=True)) == {"Abbas Araghchi", "Steve Witkoff"}
    assert outlets(meeting) == {"Newswire", "Gulf Daily"}


@pytest.mark.parametrize("other", [DAY_TWO, MONTH_LATER, OTHER_CITY], ids=["next-day", "month-later", "other-city"])
def test_it_keeps_the_same_people_meeting_another_day_or_elsewhere_apart(other):
    report_processed(WIRE)
    report_processed(other)
    meetings = list(Meeting.objects.order_by("date_from", "place_name"))
    assert len(meetings) == 2
    assert [outlets(m) for m in meetings] in (
        [{"Newswire"}, {other["outlet"]}],
        [{other["outlet"]}, {"Newswire"}],
    )
