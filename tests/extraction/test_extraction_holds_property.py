"""extraction_holds against extracting again: whenever it says an extraction holds on a gazetteer with one
more known person, extracting on that gazetteer gives the very same extraction."""

import itertools

import pytest

from events.pipeline.extract import extract_report, extraction_holds
from events.pipeline.gazetteer import default_gazetteer
from events.pipeline.normalize import normalize_report
from events.pipeline.types import Gazetteer, GazetteerChange, KnownPerson

REPORTS = [
    (
        "CAIRO, May 6 (Wire) - Egypt's intelligence chief Hassan Rashad met a Hamas delegation led by Khalil "
        "al-Hayya in Cairo on Tuesday, two officials briefed on the talks said.\n"
        '"The gaps are narrowing on the exchange of prisoners," Rashad told reporters after the meeting.\n'
        "Hayya said the movement would answer the mediators' proposal within days. Israeli negotiator Ron "
        "Dermer is expected in the Egyptian capital later this week, Dermer's office said."
    ),
    (
        "DOHA - Qatar's foreign ministry spokesman Majed al-Ansari said on Monday that mediators were working "
        "to bring both sides back to the table.\n"
        '"We remain hopeful," Ansari told a weekly briefing, adding that U.S. envoy Steve Witkoff would '
        "travel to the region. Witkoff met Prime Minister Mohammed bin Abdulrahman Al Thani in Doha last "
        "month."
    ),
    (
        "ADDIS ABABA, June 2 - Sudan's army chief Abdel Fattah al-Burhan and the Rapid Support Forces "
        "did not send delegations to talks hosted by the African Union, a spokesman said.\n"
        "Burhan has rejected any truce while the RSF holds cities in Darfur, said Mohamed Hamdan Dagalo's "
        "adviser, who asked not to be named."
    ),
]

# Known people added one at a time: the same names, the same surnames with other first names, names
# whose surname only appears inside another full name, and strangers.
PEOPLE = [
    "Hassan Rashad",
    "Omar Rashad",
    "Khalil al-Hayya",
    "Nabil Hayya",
    "Ron Dermer",
    "Majed al-Ansari",
    "Sara Ansari",
    "Steve Witkoff",
    "Sheikh Tamim Al Thani",
    "Tamim Abdulrahman",
    "Abdel Fattah al-Burhan",
    "Yasir Burhan",
    "Mohamed Hamdan Dagalo",
    "Ali Dagalo",
    "Mohammed bin Abdulrahman Al Thani",
    "Antony Blinken",
    "Ahmed Haddad",
]


@pytest.fixture(scope="module")
def reports():
    return [normalize_report(url=f"https://wire.example/{i}", text=text) for i, text in enumerate(REPORTS)]


@pytest.mark.parametrize("title", ["", "foreign minister"])
def test_an_extraction_that_holds_is_the_extraction_made_again(reports, title):
    base = default_gazetteer()
    before = Gazetteer(actors=base.actors, people=[], negotiations=base.negotiations)
    held = 0
    for report, (n, name) in itertools.product(reports, enumerate(PEOPLE)):
        person = KnownPerson(id=n + 1, name=name, title=title)
        after = Gazetteer(
            actors=before.actors,
            people=[person],
            negotiations=before.negotiations,
            change=GazetteerChange(since=id(before), actors=False, people=(person,), people_entered=(person,)),
        )
        extraction = extract_report(report, before)
        if extraction_holds(report.text, extraction, before, after):
            held += 1
            assert extract_report(report, after) == extraction, (name, report.text[:40])
    # Strangers and surnames only inside other full names hold: the check is not always "extract again".
    assert held >= 30, held
