"""Run past reports through the pipeline again, so a gazetteer edit or a better extractor reaches them."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from events.models import Meeting, Report, Statement
from events.selectors import reports_for_reprocessing
from events.services.reports import REPROCESSABLE, ReportNotReprocessableError, report_process, report_reprocess
from negotiations.models import Negotiation


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Process reports again with the current gazetteer and extractor (all processed and failed ones unless "
        "filtered). Curator decisions stay: rejected facts are not recreated, reviewed ones not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            action="append",
            choices=[str(s) for s in REPROCESSABLE],
            help="only reports with this status (repeatable; default: processed and failed)",
        )
        parser.add_argument("--negotiation", metavar="SLUG", help="only reports evidencing this negotiation's facts")
        parser.add_argument("--since", type=_date, help="only reports published on or after this date (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="only reports published on or before this date, inclusive")
        parser.add_argument(
            "--enqueue", action="store_true", help="hand them to the workers instead of processing here"
        )

    def handle(self, *args, status, negotiation, since, until, enqueue, **options):
        if negotiation and not Negotiation.objects.filter(slug=negotiation).exists():
            raise CommandError(f"no negotiation with the slug {negotiation!r}")
        if since and until and since > until:
            raise CommandError("--since is after --until")
        ids = list(
            reports_for_reprocessing(
                statuses=status or [str(s) for s in REPROCESSABLE],
                negotiation_slug=negotiation,
                since=since,
                until=until,
            ).values_list("id", flat=True)
        )
        facts_before = (Statement.objects.count(), Meeting.objects.count())
        outcome = {"processed": 0, "failed": 0, "enqueued": 0, "skipped": 0}
        failures: list[str] = []
        with self._progress(len(ids)) as progress:
            task = progress.add_task("reprocessing", total=len(ids))
            for report_id in ids:
                outcome_key, reason = self._one(report_id, enqueue=enqueue)
                outcome[outcome_key] += 1
                if reason:
                    failures.append(f"report {report_id}: {reason}")
                progress.advance(task)
        for line in failures:
            self.stderr.write(line)
        statements, meetings = Statement.objects.count() - facts_before[0], Meeting.objects.count() - facts_before[1]
        self.stdout.write(
            f"selected {len(ids)}, processed {outcome['processed']}, failed {outcome['failed']}, "
            f"enqueued {outcome['enqueued']}, skipped {outcome['skipped']} (already pending or processing); "
            f"new statements {statements}, new meetings {meetings}"
        )

    def _one(self, report_id: int, *, enqueue: bool) -> tuple[str, str]:
        report = Report.objects.filter(id=report_id).first()
        if report is None:
            return "skipped", ""  # deleted since it was selected
        try:
            report_reprocess(report=report, enqueue=enqueue)
        except ReportNotReprocessableError:
            return "skipped", ""  # picked up by a worker (or the sweep) since it was selected
        if enqueue:
            return "enqueued", ""
        report = report_process(report_id=report_id)
        if report is None:
            return "skipped", ""
        if report.status == Report.Status.FAILED:
            return "failed", report.failure_reason
        return ("processed", "") if report.status == Report.Status.PROCESSED else ("skipped", "")

    def _progress(self, total: int) -> Progress:
        # A bar on a terminal; rich prints nothing animated to a log or a pipe.
        return Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stderr._out),
            transient=False,
        )
