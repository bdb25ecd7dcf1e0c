"""Import news reports (JSON Lines, CSV, or folders of .txt/.html/.json files) into the pipeline."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.bulk.reports import reports_import


class Command(BaseCommand):
    help = (
        "Import reports with the fields of POST /api/v1/reports/ (format: docs/bulk.md). Known reports "
        "(canonical URL or same text) are skipped; new ones are enqueued, or processed here with --sync."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, help=".jsonl, .csv, .txt, .html, .json files or folders of them"
        )
        parser.add_argument("--sync", action="store_true", help="run the pipeline in this process")
        parser.add_argument("--batch-size", type=int, default=200, help="reports per transaction")
        parser.add_argument("--rejects", type=Path, help="write rejected lines (with reasons) to this JSONL file")
        parser.add_argument("--progress-every", type=int, default=1000, help="plain progress line interval")

    def handle(self, *args, paths, sync, batch_size, rejects, progress_every, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        summary = reports_import(
            paths=paths,
            sync=sync,
            batch_size=batch_size,
            rejects_path=rejects,
            on_reject=lambda reject: self.stderr.write(reject.message()),
            on_skip=lambda path, reason: self.stderr.write(f"{path}: skipped: {reason}"),
            progress_stream=self.stderr._out,
            progress_every=progress_every,
        )
        self.stdout.write(summary.line())
        if summary.interrupted:
            raise CommandError("interrupted: committed batches are kept; rerun to complete", returncode=130)
