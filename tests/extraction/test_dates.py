import datetime as dt

from events.pipeline.extraction.dates import find_dates

TUESDAY = dt.date(2024, 12, 17)


def one(text, today=TUESDAY):
    refs = find_dates(text, today)
    assert len(refs) == 1, refs
    return refs[0].date, refs[0].precision


def test_it_resolves_a_weekday_to_the_last_one_before_publication():
    assert one("The U.S. on Monday described the talks") == (dt.date(2024, 12, 16), "day")
    assert one("Talks resumed on Friday") == (dt.date(2024, 12, 13), "day")


def test_it_resolves_last_week_to_its_monday_with_week_precision():
    assert one("Blinken visited Türkiye last week") == (dt.date(2024, 12, 9), "week")


def test_it_resolves_yesterday_and_today():
    assert one("The envoys met yesterday") == (dt.date(2024, 12, 16), "day")
    assert one("Kyiv said today") == (TUESDAY, "day")


def test_it_reads_explicit_dates_in_both_orders():
    assert one("signed on Dec. 16 in Doha") == (dt.date(2024, 12, 16), "day")
    assert one("met on 3 November") == (dt.date(2024, 11, 3), "day")
    assert one("on May 4, 2023 in Jeddah") == (dt.date(2023, 5, 4), "day")


def test_it_puts_a_date_after_publication_in_the_previous_year():
    assert one("talks held on December 20", today=dt.date(2025, 1, 5)) == (dt.date(2024, 12, 20), "day")


def test_it_keeps_month_precision():
    assert one("the Geneva talks last month") == (dt.date(2024, 11, 1), "month")
    assert one("Russia and Ukraine met in March", today=dt.date(2025, 6, 1)) == (dt.date(2025, 3, 1), "month")


def test_it_does_not_read_the_verb_may_as_a_month():
    assert find_dates("Tehran may return to talks", TUESDAY) == []


def test_it_counts_the_previous_day_and_a_day_later_from_the_date_told_before_them():
    refs = find_dates("He said on Friday that the talks the previous day had gone well", TUESDAY)
    assert [(r.date, r.precision) for r in refs] == [(dt.date(2024, 12, 13), "day"), (dt.date(2024, 12, 12), "day")]
    refs = find_dates("The envoy arrived on Friday and flew home a day later", TUESDAY)
    assert [r.date for r in refs] == [dt.date(2024, 12, 13), dt.date(2024, 12, 14)]
    assert find_dates("The envoy flew home a day later", TUESDAY) == []


def test_it_reads_from_one_weekday_to_another_as_one_range():
    [ref] = find_dates("a round of talks that ran from Saturday to Monday", TUESDAY)
    assert (ref.date, ref.date_to, ref.precision) == (dt.date(2024, 12, 14), dt.date(2024, 12, 16), "day")


def test_it_leaves_the_day_after_an_event_to_the_event():
    assert find_dates("on the day after the talks", TUESDAY) == []
