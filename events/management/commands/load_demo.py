"""Demo data: load the general gazetteers and ingest the seed report through the pipeline."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Report
from events.services.demo import demo_load


class Command(BaseCommand):
    help = "Load the gazetteers and ingest the seed report (or the given report JSON files) synchronously. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="report JSON files (default: the seed report)")

    def handle(self, *args, paths, **options):
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        result = demo_load(paths=paths or None)
        self.stdout.write(f"gazetteers: {result.actors_created} actors and {result.aliases_created} aliases created")
        for report, ingested in result.reports:
            counts = (
                f"{report.evidence.filter(statement__isnull=False).count()} statements, "
                f"{report.evidence.filter(meeting__isnull=False).count()} meetings evidenced"
            )
            state = "ingested" if ingested else "already there"
            reason = f" ({report.failure_reason})" if report.failure_reason else ""
            self.stdout.write(f"report {report.id} {state}: {report.status}{reason}; {counts}; {report.canonical_url}")
        if any(report.status == Report.Status.FAILED for report, _ in result.reports):
            raise CommandError("a demo report failed: see the reason above")
