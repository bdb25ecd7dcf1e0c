"""Import structured records (negotiations, actors, people, meetings, statements, sources) from JSONL or CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.bulk.importer import events_import


class Command(BaseCommand):
    help = "Import records from JSON Lines or CSV (format: docs/bulk.md). Reruns update, never duplicate."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["jsonl", "csv"], help="default: from the file extension")
        parser.add_argument("--batch-size", type=int, default=1000, help="records per transaction")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
        parser.add_argument("--strict", action="store_true", help="write nothing if any line is rejected")
        parser.add_argument("--rejects", type=Path, help="write rejected lines (with reasons) to this JSONL file")
        parser.add_argument("--progress-every", type=int, default=10_000, help="plain progress line interval")

    def handle(self, *args, path, format, batch_size, dry_run, strict, rejects, progress_every, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            summary = events_import(
                path=path,
                fmt=format,
                batch_size=batch_size,
                dry_run=dry_run,
                strict=strict,
                rejects_path=rejects,
                on_reject=lambda reject: self.stderr.write(reject.message()),
                progress_stream=self.stderr._out,
                progress_every=progress_every,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{summary.line()}")
        if summary.aborted:
            raise CommandError("--strict: rejected lines found, nothing written")
        if summary.interrupted:
            raise CommandError("interrupted: committed batches are kept; rerun to complete", returncode=130)
        # Scripts and CI check the exit status, not the summary: an import that took nothing must fail.
        if strict and summary.rejected:
            raise CommandError(f"--strict: {summary.rejected} rejected lines found")
        if summary.read == 0:
            raise CommandError(f"{path}: no records to import")
        if summary.rejected == summary.read:
            raise CommandError(f"nothing imported: all {summary.read} lines were rejected")
