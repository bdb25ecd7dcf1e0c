"""Export structured records in the import format (JSON Lines or CSV), streamed."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from events.bulk.exporter import events_export


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = "Export records as JSON Lines or CSV (the import_events format), optionally one negotiation or dates."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--negotiation", help="negotiation slug")
        parser.add_argument("--since", help="first date (meetings by date_from, statements by said_on)")
        parser.add_argument("--until", help="last date, inclusive")

    def handle(self, *args, format, output, negotiation, since, until, **options):
        since_date = _date(since) if since else None
        until_date = _date(until) if until else None
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                counts = events_export(
                    out=handle, fmt=format, negotiation=negotiation, since=since_date, until=until_date
                )
        else:
            counts = events_export(
                out=self.stdout._out, fmt=format, negotiation=negotiation, since=since_date, until=until_date
            )
        summary = ", ".join(f"{name} {n}" for name, n in counts.items()) or "nothing"
        (self.stdout if output else self.stderr).write(f"exported {sum(counts.values())} records: {summary}")
