"""Date expressions resolved against the publication date, keeping their precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from events.pipeline.extraction.document import Document

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|J"
    r"un|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

# "July 23 and 24 hostages", "May 5 and 6 percent": the second number counts something, it is no day.
_COUNTED = r"\s*(?:%|per\s*cent|percent|(?!(?:as|was|is|this|its|his|has)\b)[a-z]+s\b)"

PATTERN = re.compile(
    rf"(?P<md>\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<d1b>\d{{1,2}})\b"
    rf"|\s+and\s+(?P<d1c>\d{{1,2}})(?:st|nd|rd|th)?\b(?!{_COUNTED}))?(?:,?\s+(?P<y1>\d{{4}}))?\b)"
    rf"|(?P<dm>\b(?:(?P<d2a>\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?\b)"
    rf"|(?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)"
    r"|(?P<wd>\b(?:(?P<wdmod>[Ll]ast|[Tt]his|[Oo]n|[Pp]ast|[Pp]revious)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b)"
    r"|(?P<rel>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his morning|[Tt]his afternoon|[Tt]his evening|[Ee]arlier "
    r"today|[Ll]ast night)\b)"
    r"|(?P<week>\b(?:[Ll]ast|[Tt]his|[Pp]ast|[Pp]revious|[Ee]arlier this|[Ll]ater this)\s+week(?:end)?\b)"
    r"|(?P<month>\b(?:[Ll]ast|[Tt]his|[Pp]ast|[Pp]revious|[Ee]arlier this)\s+month\b)"
    rf"|(?P<monthname>\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<mn>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?P<mny>\d{{4}})|\s+(?P<mnly>last\s+year))?\b)",
)


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    date: dt.date
    precision: str  # day | week | month
    until: dt.date | None = None  # the last day of a range ("May 10-11")
    # Days listed one by one ("on 23 and 24 July", "July 23 and 24"): each its own occasion, not a range
    # (date and until are the first and the last of them).
    days: tuple[dt.date, ...] = ()

    @property
    def date_to(self) -> dt.date:
        if self.until is not None:
            return self.until
        if self.precision == "week":
            return self.date + dt.timedelta(days=6)
        if self.precision == "month":
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date


def _in_past(year: int, month: int, day: int, *, today: dt.date) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    # News reports past events: a date well after publication belongs to the previous year.
    if value > today + dt.timedelta(days=31):
        try:
            value = dt.date(year - 1, month, day)
        except ValueError:
            return None
    return value


def resolve(match: re.Match, today: dt.date) -> tuple[dt.date, str] | None:
    g = match.groupdict()
    if g["md"] or g["dm"]:
        month = MONTHS.get((g["m1"] or g["m2"]).lower().rstrip("."))
        day = int(g["d1"] or g["d2"])
        year = g["y1"] or g["y2"]
        if year:
            try:
                return dt.date(int(year), month, day), "day"
            except ValueError:
                return None
        value = _in_past(today.year, month, day, today=today)
        return (value, "day") if value else None
    if g["iso"]:
        try:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"])), "day"
        except ValueError:
            return None
    if g["wd"]:
        target = WEEKDAYS.index(g["weekday"].lower())
        back = (today.weekday() - target) % 7
        mod = (g["wdmod"] or "").lower()
        if mod in ("last", "past", "previous") and back == 0:
            back = 7
        return today - dt.timedelta(days=back), "day"
    if g["rel"]:
        word = g["rel"].lower()
        if word in ("yesterday", "last night"):
            return today - dt.timedelta(days=1), "day"
        return today, "day"
    if g["week"]:
        monday = today - dt.timedelta(days=today.weekday())
        if g["week"].lower().startswith(("last", "past", "previous")):
            monday -= dt.timedelta(days=7)
        return monday, "week"
    if g["month"]:
        first = today.replace(day=1)
        if g["month"].lower().startswith(("last", "past", "previous")):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first, "month"
    if g["monthname"]:
        month = MONTHS[g["mn"].lower()]
        year = int(g["mny"]) if g["mny"] else today.year - 1 if g["mnly"] else today.year
        value = dt.date(year, month, 1)
        if not g["mny"] and not g["mnly"] and value > today:
            value = dt.date(year - 1, month, 1)
        return value, "month"
    return None


# Words every date expression contains: the full pattern is tried only near them (speed).
_CUE = re.compile(
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day\b|week|month|night|\d{4}-\d\d-\d\d|"
    r"[Tt]oday|[Tt]onight|morning|afternoon|evening"
)


def _windows(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for cue in _CUE.finditer(text):
        start, end = max(0, cue.start() - 25), min(len(text), cue.end() + 25)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _matches(text: str):
    for start, end in _windows(text):
        # Widen to word edges so \b anchors behave as on the whole text.
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        yield from PATTERN.finditer(text, start, end)


def find_dates(text: str, today: dt.date | None, offset: int = 0) -> list[DateRef]:
    if today is None:
        return []
    out = []
    seen: set[int] = set()
    for m in _matches(text):
        if m.start() in seen:
            continue
        seen.add(m.start())
        # "May" alone is a verb far more often than a month: require a day or a year with it.
        if m.group("monthname") and m.group("mn").lower() == "may" and not (m.group("mny") or m.group("mnly")):
            continue
        resolved = resolve(m, today)
        if resolved:
            out.append(_dated(m, resolved, offset))
    return _with_day_ranges(_with_days_around(out, text, today, offset), text, offset)


def _dated(m: re.Match, resolved: tuple[dt.date, str], offset: int) -> DateRef:
    """The reference a date match makes: one day, a range ("May 10-11") or listed days ("23 and 24 July")."""
    date, precision = resolved
    start, end = offset + m.start(), offset + m.end()
    if m.group("d1b"):
        until = _same_month_day(date, m.group("d1b"))
        return DateRef(start, end, date, precision, until if until and until > date else None)
    listed = m.group("d1c") or m.group("d2a")
    other = _same_month_day(date, listed) if listed else None
    if other is None or other == date:
        return DateRef(start, end, date, precision)
    first, last = sorted((date, other))
    return DateRef(start, end, first, precision, last, days=(first, last))


def _same_month_day(date: dt.date, day: str) -> dt.date | None:
    try:
        return date.replace(day=int(day))
    except ValueError:
        return None


# "the previous day", "a day later": one day from the date told just before in the sentence (else publication).
# Not "the day after the talks": a preposition dating the clause around it by another event.
_DAY_AROUND = re.compile(
    r"\b(?:(?P<back>the\s+(?:previous|preceding)\s+day|a\s+day\s+earlier)"
    r"|(?P<on>the\s+(?:next|following)\s+day|a\s+day\s+later))\b"
)
# "from Sunday to Tuesday": one range.
_DAY_RANGE = re.compile(r"\bfrom\s+(?:[\w\s]{0,12}?)$")


def _with_days_around(found: list[DateRef], text: str, today: dt.date, offset: int) -> list[DateRef]:
    extra = []
    for m in _DAY_AROUND.finditer(text):
        start = offset + m.start()
        # The date told last before it, in its sentence or the ones just before ("on July 10 ... the previous day").
        before = [d for d in found if start - 1200 < d.start < start and d.precision == "day"]
        anchor = before[-1].date if before else None
        if anchor is None and m.group("on"):
            continue  # "a day later" than nothing told: not the day after publication
        anchor = anchor or today
        step = dt.timedelta(days=-1 if m.group("back") else 1)
        extra.append(DateRef(start, offset + m.end(), anchor + step, "day"))
    return sorted(found + extra, key=lambda d: d.start) if extra else found


def _with_day_ranges(found: list[DateRef], text: str, offset: int) -> list[DateRef]:
    """'ran from Sunday to Tuesday': the first weekday's date until the second's."""
    out: list[DateRef] = []
    for d in found:
        prev = out[-1] if out else None
        gap = text[prev.end - offset : d.start - offset] if prev is not None else ""
        if (
            prev is not None
            and prev.precision == d.precision == "day"
            and re.fullmatch(r"\s+(?:to|through|until|and)\s+", gap)
            and _DAY_RANGE.search(text, max(0, prev.start - offset - 20), prev.start - offset)
            and prev.date < d.date
        ):
            out[-1] = DateRef(prev.start, d.end, prev.date, "day", d.date)
            continue
        out.append(d)
    return out


@dataclass(frozen=True)
class ReportDates:
    """The dates stage's result."""

    dated: list[DateRef]  # every date after the dateline: the dateline's date is when the copy was filed
    default: DateRef | None  # the occasion the report is about, else its publication day


def report_dates(doc: Document) -> ReportDates:
    found = find_dates(doc.text, doc.published)
    default = _default_date(doc, found)
    if default is None and doc.published is not None:
        default = DateRef(0, 0, doc.published, "day")
    return ReportDates(dated=[d for d in found if d.start >= doc.dateline_end], default=default)


def _default_date(doc: Document, dates: list[DateRef]) -> DateRef | None:
    """The occasion the report is about: the first date in its first two paragraphs, after any dateline.

    A dateline ("DOHA, July 20 (Africanews) —") gives the filing date; the lead's "on Saturday" the event's.
    """
    paragraphs = doc.paragraphs
    if not paragraphs:
        return None
    lead_start = paragraphs[0].start
    body_start = doc.dateline_end or lead_start
    end = paragraphs[min(1, len(paragraphs) - 1)].end
    inside = [d for d in dates if body_start <= d.start < end]
    if inside:
        return inside[0]
    fallback = [d for d in dates if lead_start <= d.start < body_start]
    return fallback[0] if fallback else None
