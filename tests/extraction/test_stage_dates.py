"""The dates stage: every date after the dateline, and the report's default date."""

import datetime as dt

from events.pipeline.extraction.dates import report_dates
from tests.extraction.conftest import make_document


def test_it_keeps_dates_after_the_dateline_and_defaults_to_the_lead():
    text = "OSLO, May 6 (Wire) - Envoys met on Monday in Oslo.\nThey meet again on Tuesday."
    doc = make_document(text, published="2025-05-07")
    dates = report_dates(doc)
    assert [(text[d.start : d.end], d.date) for d in dates.dated] == [
        ("on Monday", dt.date(2025, 5, 5)),
        ("on Tuesday", dt.date(2025, 5, 6)),
    ]
    assert (dates.default.date, dates.default.precision) == (dt.date(2025, 5, 5), "day")


def test_it_falls_back_to_the_dateline_date_when_the_lead_has_none():
    text = "LIMA, May 6 (Wire) - No date stands in this lead.\nFerraro arrived."
    dates = report_dates(make_document(text, published="2025-05-07"))
    assert dates.dated == []
    assert dates.default.date == dt.date(2025, 5, 6)


def test_it_falls_back_to_the_publication_day():
    dates = report_dates(make_document("Envoys met in Lima to talk.", published="2025-05-07"))
    assert dates.dated == []
    assert (dates.default.start, dates.default.date, dates.default.precision) == (0, dt.date(2025, 5, 7), "day")
