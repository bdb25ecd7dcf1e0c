"""Extraction runs outside the write lock; under it the worker re-reads the gazetteer and extracts again
only when what changed meanwhile (another worker's report) could change what this report yields."""

import pytest

from events.gazetteer import gazetteer_cache_clear
from events.pipeline.extract import extract_report
from events.services.reports import report_process, report_submit
from negotiations.models import Person

# The pipeline runs on the database's gazetteer, which must hold the general one.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

TEXT = (
    "CAIRO (Reuters) - Egyptian and Qatari mediators met Hamas negotiators in Cairo on Monday. "
    '"We are close," Egyptian Foreign Minister Badr Abdelatty told reporters. Abdelatty added that talks '
    "would resume."
)
# The surname only inside the full name: never looked up as a surname alone.
FULL_NAME_ONLY = (
    "CAIRO (Reuters) - Egyptian and Qatari mediators met Hamas negotiators in Cairo on Monday. "
    '"We are close," Egyptian Foreign Minister Badr Abdelatty told reporters, adding that talks would resume.'
)


class MeanwhileExtractor:
    """The real extractor; on its first call another worker's report 'commits' a new person."""

    def __init__(self, name: str):
        self.name, self.calls = name, 0

    def __call__(self, normalized, gazetteer):
        self.calls += 1
        if self.calls == 1:
            Person.objects.create(name=self.name)
        return extract_report(normalized, gazetteer)


@pytest.fixture(autouse=True)
def _fresh_gazetteer_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


def process(url: str, name: str, text: str = TEXT) -> MeanwhileExtractor:
    report, _ = report_submit(url=url, text=text, enqueue=False)
    extractor = MeanwhileExtractor(name)
    assert report_process(report_id=report.id, extractor=extractor).status == "processed"
    return extractor


def test_it_extracts_once_when_the_new_person_is_not_named_in_the_report():
    assert process("https://example.org/a", "Steve Witkoff").calls == 1


def test_it_extracts_again_when_the_new_person_s_surname_stands_alone_in_the_report():
    # Surname-only matches of known people can change: the serial outcome needs a second look.
    assert process("https://example.org/b", "Hossam Abdelatty").calls == 2


def test_it_extracts_again_when_the_new_person_is_named_in_full():
    assert process("https://example.org/c", "Badr Abdelatty", FULL_NAME_ONLY).calls == 2


def test_it_extracts_once_when_the_surname_is_only_inside_another_full_name():
    assert process("https://example.org/d", "Hossam Abdelatty", FULL_NAME_ONLY).calls == 1
