#!/usr/bin/env python
"""Score the extractor on the seed report and the hand-annotated corpus in tests/data/reports/.

Runs the real normalize and extract steps (no database) with the general gazetteer, scores each
report against its *.expected.json with events.pipeline.evaluation and prints a per-report table and
micro-averaged precision / recall / F1 per category. Always exits 0: it reports, it does not judge.

    .venv/bin/python scripts/evaluate_extraction.py             # table and totals
    .venv/bin/python scripts/evaluate_extraction.py -v          # plus what was missed or extra
    .venv/bin/python scripts/evaluate_extraction.py -k istanbul # only reports whose name contains this
    .venv/bin/python scripts/evaluate_extraction.py --dir PATH  # another folder of annotated reports
    .venv/bin/python scripts/evaluate_extraction.py --json out.json  # the figures as JSON too
    .venv/bin/python scripts/evaluate_extraction.py --dir tests/data/identity --no-identity  # skip the write path

When the corpus has identity annotations (the folder's corpus.json, or tests/data/identity/annotations/
FOLDER.json; format in tests/data/identity/README.md) and DATABASE_URL names PostgreSQL, the reports
also go through the real write path (report_submit + report_process) into a throw-away database after
load_gazetteers' loaders, and the script prints what was stored: pairs of reports sharing a negotiation
record against the annotated process, parties and mediators per process, person rows that match no
annotated person and people split over rows, syndicated copies flagged, and the share of quotes and
meetings told by several reports that are one record. Not with -k (a subset's pairs mean little).

The per-report scores use the general gazetteer with the reference negotiations (ids negative), as a
deployed database has them: the extractor attaches each report to its known process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository keeps a copy of the seed; ../shared is the original, used when the copy is absent.
SEED = next(
    (
        p
        for p in (
            ROOT / "tests" / "data" / "seed" / "seed-report.json",
            ROOT.parent / "shared" / "fixtures" / "seed-report.json",
        )
        if p.exists()
    ),
    ROOT / "tests" / "data" / "seed" / "seed-report.json",
)
REPORTS = ROOT / "tests" / "data" / "reports"
IDENTITY = ROOT / "tests" / "data" / "identity"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

import django  # noqa: E402

django.setup()

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from events.pipeline import evaluation  # noqa: E402
from events.pipeline.extract import extract_report  # noqa: E402
from events.pipeline.normalize import normalize_report  # noqa: E402
from events.pipeline.types import Extraction, Gazetteer  # noqa: E402


def load_gazetteer() -> Gazetteer:
    from events.pipeline.gazetteer import default_gazetteer
    from events.pipeline.identity import reference_negotiations

    return Gazetteer(actors=default_gazetteer().actors, negotiations=list(reference_negotiations()))


def corpus(pattern: str, directory: Path | None = None) -> list[tuple[str, dict, dict]]:
    """(name, report, gold) for the seed and tests/data/reports, or for every annotated report in directory."""
    if directory is None:
        paths = ([SEED] if SEED.exists() else []) + _reports_in(REPORTS)
    else:
        paths = _reports_in(directory)
    items = []
    for path in paths:
        if pattern and pattern not in path.stem:
            continue
        gold_path = path.with_name(path.name.removesuffix(".json") + ".expected.json")
        if gold_path.exists():
            items.append((path.stem, json.loads(path.read_text()), json.loads(gold_path.read_text())))
    return items


def _reports_in(directory: Path) -> list[Path]:
    # corpus.json holds a folder's identity annotations, not a report.
    return sorted(
        p for p in directory.glob("*.json") if not p.name.endswith(".expected.json") and p.name != "corpus.json"
    )


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@dataclass
class Result:
    rows: list[tuple[str, evaluation.Score]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    details: list[tuple[str, list[str]]] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def totals(self) -> evaluation.Score:
        return evaluation.total(score for _, score in self.rows)


def evaluate(items, extract, gazetteer: Gazetteer, verbose: bool = False) -> Result:
    """Normalize, extract and score every (name, report, gold); NotImplementedError propagates."""
    result = Result()
    for name, report, gold in items:
        normalized = normalize_report(
            url=report["url"],
            text=report.get("text", ""),
            outlet=report.get("outlet", ""),
            title=report.get("title", ""),
            published_at=report.get("published_at"),
            language=report.get("language", ""),
        )
        started = time.perf_counter()
        try:
            extraction = extract(normalized, gazetteer)
        except NotImplementedError:
            raise
        except Exception as error:  # a crash on one report is a finding, scored as an empty extraction
            result.failures.append(f"{name}: {error!r}")
            result.details.append((name, traceback.format_exc().splitlines()[-3:]))
            extraction = Extraction()
        result.elapsed += time.perf_counter() - started
        result.rows.append((name, evaluation.score_report(extraction, gold)))
        if verbose:
            result.details.append(
                (
                    name,
                    evaluation.statement_mismatches(extraction, gold)
                    + evaluation.meeting_mismatches(extraction, gold)
                    + evaluation.people_mismatches(extraction, gold),
                )
            )
    return result


def cell(counts: evaluation.Counts) -> str:
    return f"{counts.tp}/{counts.tp + counts.fp}/{counts.tp + counts.fn}"


def ratio(value: evaluation.Ratio) -> str:
    return f"{value.correct}/{value.total}"


def print_result(console: Console, result: Result) -> None:
    table = Table(title="Per report (tp/predicted/gold; speaker and said_on: right / matched quotes)")
    for column in (
        "report",
        "statements",
        "speaker",
        "said_on",
        "people",
        "people+title+aff",
        "parties",
        "mediators",
        "meetings",
    ):
        table.add_column(column, overflow="fold")
    for name, score in result.rows:
        table.add_row(
            name,
            cell(score["statements"]),
            ratio(score["speaker"]),
            ratio(score["said_on"]),
            cell(score["people"]),
            cell(score["people_full"]),
            cell(score["parties"]),
            cell(score["mediators"]),
            cell(score["meetings"]),
        )
    console.print(table)

    totals = result.totals
    summary = Table(title=f"Totals over {len(result.rows)} reports (micro-averaged)")
    for column in ("category", "tp", "fp", "fn", "precision", "recall", "F1"):
        summary.add_column(column, justify="left" if column == "category" else "right")
    for category in evaluation.COUNT_CATEGORIES:
        c = totals[category]
        summary.add_row(category, str(c.tp), str(c.fp), str(c.fn), fmt(c.precision), fmt(c.recall), fmt(c.f1))
    console.print(summary)
    for category in evaluation.RATIO_CATEGORIES:
        r = totals[category]
        console.print(f"{category} accuracy over matched statements: {r.correct}/{r.total} = {fmt(r.value)}")
    if result.rows and result.elapsed:
        console.print(
            f"extraction time: {result.elapsed:.3f}s for {len(result.rows)} reports "
            f"({len(result.rows) / result.elapsed:.1f} reports/s)"
        )
    for failure in result.failures:
        console.print(f"extractor failed on {failure}", markup=False, highlight=False)
    for name, lines in result.details:
        if lines:
            console.print(f"\n{name}", markup=False, highlight=False)
            for line in lines:
                console.print(f"  {line}", markup=False, highlight=False)


def _figures(score: evaluation.Score) -> dict:
    figures = {}
    for name, value in score.items():
        if isinstance(value, evaluation.Counts):
            figures[name] = {
                "tp": value.tp,
                "fp": value.fp,
                "fn": value.fn,
                "precision": value.precision,
                "recall": value.recall,
                "f1": value.f1,
            }
        else:
            figures[name] = {"correct": value.correct, "total": value.total, "accuracy": value.value}
    return figures


def as_json(result: Result) -> dict:
    return {
        "reports": len(result.rows),
        "totals": _figures(result.totals),
        "per_report": {name: _figures(score) for name, score in result.rows},
        "failures": result.failures,
        "extraction_seconds": round(result.elapsed, 3),
    }


# --- identity through the write path ---------------------------------------------------------


def identity_annotations(directory: Path | None) -> dict | None:
    folder = directory or REPORTS
    for path in (folder / "corpus.json", IDENTITY / "annotations" / f"{folder.name}.json"):
        if path.exists():
            return json.loads(path.read_text())
    return None


def identity_items(directory: Path | None, annotations: dict) -> list[tuple[str, dict, dict]]:
    """(name, report, gold or {}) for every report the annotations name that is in the corpus."""
    folder = directory or REPORTS
    candidates = {p.stem: p for p in _reports_in(folder)}
    if directory is None and SEED.exists():
        candidates[SEED.stem] = SEED
    items = []
    for name in annotations.get("reports", {}):
        path = candidates.get(name)
        if path is None:
            continue
        gold_path = path.with_name(path.name.removesuffix(".json") + ".expected.json")
        gold = json.loads(gold_path.read_text()) if gold_path.exists() else {}
        items.append((name, json.loads(path.read_text()), gold))
    return items


@dataclass
class Stored:
    """What the write path stored, read back as plain data (ids are the throw-away database's)."""

    record_of: dict[str, int | None]  # report -> the negotiation row it was written to
    records: dict[int, dict]  # negotiation id -> {"title", "slug", "source", "parties", "mediators"}
    created: int  # negotiation rows the pipeline created (not reference rows)
    copies_flagged: set[frozenset[str]]
    person_rows: list[str]
    statements: dict[str, list[tuple[int, str, str]]]  # report -> (statement id, text, its words there) it evidences
    meetings: dict[str, list[tuple[int, object, object]]]  # report -> (meeting id, date_from, date_to)
    failed: dict[str, str]


def identity_store(items, *, reference: bool = True) -> Stored | None:
    """Import the reports into a throw-away PostgreSQL database through the real write path; read back."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop

    # Its own name: never the test database of whoever runs the script.
    connection.settings_dict.setdefault("TEST", {})
    connection.settings_dict["TEST"] = {**connection.settings_dict["TEST"], "NAME": f"evaluate_identity_{os.getpid()}"}
    old_name = throwaway_database_create(require_postgres=True)
    try:
        return _identity_run(items, reference=reference)
    finally:
        throwaway_database_drop(old_name)


def _identity_run(items, *, reference: bool) -> Stored:
    import events.services.reports as reports_service
    from events.models import Evidence, Report
    from events.services.reports import report_process, report_submit
    from negotiations.models import (
        Negotiation,
        NegotiationSource,
        Participation,
        Person,
        ReviewStatus,
    )
    from negotiations.services.gazetteer import gazetteer_load
    from negotiations.services.reference import negotiation_reference_load

    gazetteer_load()
    if reference:
        negotiation_reference_load()
    written: dict[int, int | None] = {}
    # report_process calls the name it imported; wrap that one.
    original = reports_service.facts_write

    def recording(*, report, extraction):
        # The write step's own answer: which negotiation row this report went to.
        result = original(report=report, extraction=extraction)
        written[report.pk] = result.negotiation_id
        return result

    ids: dict[str, int] = {}
    reports_service.facts_write = recording
    try:
        for name, report, _ in sorted(items, key=lambda item: (item[1].get("published_at") or "", item[0])):
            row, _ = report_submit(
                url=report["url"],
                text=report.get("text", ""),
                outlet=report.get("outlet", ""),
                title=report.get("title", ""),
                published_at=report.get("published_at"),
                language=report.get("language", ""),
                enqueue=False,
            )
            ids[name] = row.pk
            report_process(report_id=row.pk)
    finally:
        reports_service.facts_write = original
    name_of = {pk: name for name, pk in ids.items()}
    records: dict[int, dict] = {}
    for negotiation in Negotiation.objects.all():
        records[negotiation.pk] = {
            "title": negotiation.title,
            "slug": negotiation.slug,
            "source": negotiation.source,
            "parties": [],
            "mediators": [],
        }
    for negotiation_id, role, actor in Participation.objects.exclude(review_status=ReviewStatus.REJECTED).values_list(
        "negotiation_id", "role", "actor__name"
    ):
        if role in ("party", "mediator"):
            records[negotiation_id]["parties" if role == "party" else "mediators"].append(actor)
    statements: dict[str, list] = {name: [] for name in ids}
    meetings: dict[str, list] = {name: [] for name in ids}
    for report_id, statement_id, text, start, end, report_text in Evidence.objects.filter(
        statement__isnull=False
    ).values_list("report_id", "statement_id", "statement__text", "char_start", "char_end", "report__text"):
        # The stored row keeps one outlet's wording; the report's own words are at its evidence span.
        told = report_text[start:end] if start is not None and end else ""
        statements[name_of[report_id]].append((statement_id, text, told))
    for report_id, meeting_id, date_from, date_to in Evidence.objects.filter(meeting__isnull=False).values_list(
        "report_id", "meeting_id", "meeting__date_from", "meeting__date_to"
    ):
        meetings[name_of[report_id]].append((meeting_id, date_from, date_to))
    return Stored(
        record_of={name: written.get(pk) for name, pk in ids.items()},
        records=records,
        created=Negotiation.objects.exclude(source=NegotiationSource.REFERENCE).count(),
        copies_flagged={
            frozenset((name_of[a], name_of[b]))
            for a, b in Report.objects.filter(duplicate_of__isnull=False).values_list("id", "duplicate_of_id")
            if a in name_of and b in name_of
        },
        person_rows=list(Person.objects.filter(merged_into__isnull=True).values_list("name", flat=True)),
        statements=statements,
        meetings=meetings,
        failed=dict(Report.objects.filter(status=Report.Status.FAILED).values_list("url", "failure_reason")),
    )


def _canonical_actor(name: str) -> str:
    from events.pipeline.gazetteer import alias_entries

    actors = {entry.actor for entry in alias_entries(name)}
    return evaluation.normalize_name(actors.pop() if len(actors) == 1 else name)


@dataclass
class IdentityFigures:
    reports: int
    processes: int
    records: int  # distinct records the annotated reports went to
    created: int
    unattached: list[str]
    pairs: evaluation.Counts
    parties: evaluation.Counts
    mediators: evaluation.Counts
    copies: evaluation.Counts
    same_quote: evaluation.Ratio
    same_meeting: evaluation.Ratio
    different_meetings: evaluation.Ratio
    not_people: list[str]
    split: dict[str, list[str]]
    person_rows: int
    per_process: dict[str, dict] = field(default_factory=dict)


def identity_score(items, annotations: dict, stored: Stored) -> IdentityFigures:
    gold_process = {name: annotations["reports"][name].get("process") for name, _, _ in items}
    golds = {name: gold for name, _, gold in items}
    predicted = {name: stored.record_of.get(name) for name in gold_process}
    by_process = evaluation.process_records(gold=gold_process, predicted=predicted)
    parties = mediators = evaluation.Counts()
    per_process = {}
    for process, record in by_process.items():
        expected = (annotations.get("processes") or {}).get(process)
        if expected is None:  # the union of what the process's reports' gold names
            names = [n for n, p in gold_process.items() if p == process]
            expected = {
                role: sorted({a for n in names for a in (golds[n].get("negotiation") or {}).get(role, [])})
                for role in ("parties", "mediators")
            }
        found = (
            stored.records.get(record, {"parties": [], "mediators": []}) if record else {"parties": [], "mediators": []}
        )
        p = evaluation.name_counts(found["parties"], expected["parties"], key=_canonical_actor)
        m = evaluation.name_counts(found["mediators"], expected["mediators"], key=_canonical_actor)
        parties, mediators = parties + p, mediators + m
        reports_of = [n for n, g in gold_process.items() if g == process]
        per_process[process] = {
            "reports": len(reports_of),
            "records": len({predicted[n] for n in reports_of if predicted[n] is not None}),
            "record": stored.records[record]["title"] if record else None,
            "parties": p,
            "mediators": m,
        }
    people = annotations.get("people")
    if people is None:
        people = {}
        for gold in golds.values():
            aliases = gold.get("aliases") or {}
            for person in gold.get("people", []):
                people.setdefault(person["name"], set()).update(aliases.get(person["name"], []))
    not_people, split = evaluation.person_rows_check(stored.person_rows, people)
    copies_gold = {
        frozenset((name, entry["copy_of"]))
        for name, entry in annotations["reports"].items()
        if entry.get("copy_of") and name in golds and entry["copy_of"] in golds
    }

    def quote_candidates(member):
        # The record holding the quote as stored, or the one this report evidences where it tells these
        # words (another outlet's wording may be the stored one: "both sides" / "both parties").
        report, words_ = member
        wanted = " ".join(evaluation.words(words_))

        def tells(told: str) -> bool:
            return bool(wanted) and f" {wanted} " in f" {' '.join(evaluation.words(told))} "

        return {
            sid
            for sid, text, told in stored.statements.get(report, [])
            if evaluation.quote_similarity(text, words_) or tells(told)
        }

    def meeting_candidates(member):
        report, day = member
        day = dt.date.fromisoformat(day)
        return {mid for mid, start, end in stored.meetings.get(report, []) if start and start <= day <= (end or start)}

    in_corpus = [group for group in annotations.get("same_meeting", []) if all(m[0] in golds for m in group)]
    apart = [group for group in annotations.get("different_meetings", []) if all(m[0] in golds for m in group)]
    apart_sets = [[meeting_candidates(m) for m in group] for group in apart]
    return IdentityFigures(
        reports=len(gold_process),
        processes=len(by_process),
        records=len({r for r in predicted.values() if r is not None}),
        created=stored.created,
        unattached=sorted(n for n, r in predicted.items() if r is None),
        pairs=evaluation.pair_counts(gold=gold_process, predicted=predicted),
        parties=parties,
        mediators=mediators,
        copies=evaluation.copy_counts(gold=copies_gold, flagged=stored.copies_flagged),
        same_quote=evaluation.groups_one_record(
            [
                [quote_candidates(m) for m in group]
                for group in annotations.get("same_quote", [])
                if all(m[0] in golds for m in group)
            ]
        ),
        same_meeting=evaluation.groups_one_record([[meeting_candidates(m) for m in group] for group in in_corpus]),
        # Kept apart: every member found, and no record shared by all of them.
        different_meetings=evaluation.Ratio(
            correct=sum(1 for sets in apart_sets if all(sets) and not set.intersection(*sets)), total=len(apart_sets)
        ),
        not_people=sorted(not_people),
        split=split,
        person_rows=len(stored.person_rows),
        per_process=per_process,
    )


def print_identity(console: Console, figures: IdentityFigures) -> None:
    table = Table(title="Negotiation identity per annotated process (through the write path)")
    for column in (
        "process",
        "reports",
        "records",
        "record most reports went to",
        "parties tp/pred/gold",
        "mediators tp/pred/gold",
    ):
        table.add_column(column, overflow="fold")
    for process, row in figures.per_process.items():
        table.add_row(
            process,
            str(row["reports"]),
            str(row["records"]),
            row["record"] or "-",
            cell(row["parties"]),
            cell(row["mediators"]),
        )
    console.print(table)
    pairs = figures.pairs
    console.print(
        f"reports: {figures.reports} about {figures.processes} processes; records they went to: "
        f"{figures.records}; negotiation rows the pipeline created: {figures.created}; "
        f"reports with no record: {len(figures.unattached)}"
    )
    console.print(
        f"pairs of reports about one process sharing its record (recall): {pairs.tp}/{pairs.tp + pairs.fn}"
        f" = {fmt(pairs.recall)}; pairs on one record that are about one process (precision): "
        f"{pairs.tp}/{pairs.tp + pairs.fp} = {fmt(pairs.precision)}"
    )
    for label, counts in (
        ("parties per process", figures.parties),
        ("mediators per process", figures.mediators),
        ("syndicated copies flagged", figures.copies),
    ):
        console.print(
            f"{label}: tp {counts.tp}, fp {counts.fp}, fn {counts.fn}; precision {fmt(counts.precision)}, "
            f"recall {fmt(counts.recall)}"
        )
    for label, value in (
        ("quotes told by several reports that are one record", figures.same_quote),
        ("meetings told by several reports that are one record", figures.same_meeting),
        ("meetings of the same people on different days kept apart", figures.different_meetings),
    ):
        console.print(f"{label}: {ratio(value)} = {fmt(value.value)}")
    console.print(
        f"person rows matching no annotated person: {len(figures.not_people)}/{figures.person_rows}"
        + (f" ({', '.join(figures.not_people)})" if figures.not_people else ""),
        markup=False,
    )
    console.print(
        "annotated people split over rows: "
        + ("; ".join(f"{name}: {rows}" for name, rows in sorted(figures.split.items())) or "none"),
        markup=False,
    )
    if figures.unattached:
        console.print("reports with no record: " + ", ".join(figures.unattached), markup=False)


def identity_json(figures: IdentityFigures) -> dict:
    def counts(c):
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall}

    def share(r):
        return {"correct": r.correct, "total": r.total, "share": r.value}

    return {
        "reports": figures.reports,
        "processes": figures.processes,
        "records": figures.records,
        "created": figures.created,
        "unattached": figures.unattached,
        "pairs": counts(figures.pairs),
        "parties": counts(figures.parties),
        "mediators": counts(figures.mediators),
        "copies": counts(figures.copies),
        "same_quote": share(figures.same_quote),
        "same_meeting": share(figures.same_meeting),
        "different_meetings": share(figures.different_meetings),
        "not_people": figures.not_people,
        "split": figures.split,
        "person_rows": figures.person_rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed, extra and misattributed facts")
    parser.add_argument("-k", "--only", default="", help="only reports whose file name contains this")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="score the NAME.json + NAME.expected.json pairs in this folder instead (e.g. new real reports)",
    )
    parser.add_argument(
        "--no-identity", action="store_true", help="skip the identity run through the write path (it needs PostgreSQL)"
    )
    args = parser.parse_args()
    console = Console(width=160)
    items = corpus(args.only, args.dir)
    try:
        result = evaluate(items, extract_report, load_gazetteer(), verbose=args.verbose)
    except NotImplementedError:
        console.print(
            "The extractor is not implemented yet (extract_report raises NotImplementedError): nothing to score."
        )
        console.print(
            f"Corpus: {len(items)} reports, {sum(len(g['statements']) for _, _, g in items)} gold statements, "
            f"{sum(len(g['meetings']) for _, _, g in items)} gold meetings."
        )
        return 0
    print_result(console, result)
    figures = None
    annotations = None if args.only or args.no_identity else identity_annotations(args.dir)
    if annotations is not None:
        items = identity_items(args.dir, annotations)
        stored = identity_store(items)
        if stored is None:
            console.print("identity: needs PostgreSQL (DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations)")
        else:
            figures = identity_score(items, annotations, stored)
            print_identity(console, figures)
    if args.json:
        figures_json = as_json(result)
        if figures is not None:
            figures_json["identity"] = identity_json(figures)
        args.json.write_text(json.dumps(figures_json, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
