"""import_reports: news reports from JSON Lines, CSV or a folder of files into the pipeline.

Each record has the fields of POST /api/v1/reports/ and goes through the same service
(report_submit), so the rules are the API's. Per batch: one query finds the canonical URLs already
stored; those reports are skipped (a rerun is a no-op). The same text under another URL is another
outlet's copy: stored, counted apart, and linked to its original by the pipeline. New reports
are enqueued for the workers when the batch commits, or processed in this process (--sync).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from django.db import transaction
from django.db.models.functions import Substr

from events.bulk.interrupt import deferred_interrupt
from events.bulk.progress import Summary, make_progress
from events.bulk.readers import ByteCounter, Line, read_csv, read_jsonl
from events.models import Report
from events.pipeline.normalize import NormalizationError, canonical_url, clean_text, html_to_text, text_fingerprint
from events.services.reports import ReportInputError, report_process, report_submit

FIELDS = ("url", "outlet", "title", "published_at", "text", "html", "language")
FILE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".json": "json"}
# Files of many reports, one a line or row; read from a folder as when named.
STREAMED_SUFFIXES = (".jsonl", ".ndjson", ".csv")
SUPPORTED = ", ".join([*FILE_SUFFIXES, *STREAMED_SUFFIXES])
# Reports from files that carry no URL get one derived from their content: https (the only scheme the
# pipeline takes) on a reserved domain that never resolves (RFC 2606), so nothing is ever fetched.
# The same file imported again, from anywhere, is the same report; the file name rides in the
# fragment, which canonicalization drops, so the stored url still says where it came from.
DERIVED_URL = "https://imported-file.invalid/sha256/{digest}#{name}"


@dataclass
class ReportReject:
    where: str
    raw: str
    errors: list[tuple[str, str]]
    kind: str = "rejected"
    order: int = 0  # position in the batch: rejects are reported in file order

    def message(self) -> str:
        return f"{self.where}: {self.kind}: " + "; ".join(f"{name}: {reason}" for name, reason in self.errors)

    def as_json(self) -> str:
        errors = [{"field": name, "reason": reason} for name, reason in self.errors]
        return json.dumps({"where": self.where, "kind": self.kind, "errors": errors, "original": self.raw[:2000]})


@dataclass
class ReportSummary(Summary):
    processed: int = 0
    failed: int = 0
    # Created reports whose exact text is already stored (or earlier in the batch) under another canonical
    # URL: another outlet's copy, stored so that its outlet counts; processing links it (duplicate_of).
    copies: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file in a folder, why it was not read)

    def _imported_detail(self) -> str:
        detail = super()._imported_detail()
        return detail + (f", stored as copies {self.copies}" if self.copies else "")

    def line(self) -> str:
        text = super().line()
        text += f", processed {self.processed}, failed {self.failed}" if self.processed or self.failed else ""
        return text + (f", skipped files {len(self.skipped)}" if self.skipped else "")


@dataclass
class _Item:
    where: str
    line: Line


def derived_url(content: bytes, name: str) -> str:
    return DERIVED_URL.format(digest=hashlib.sha256(content).hexdigest(), name=name.replace("#", "%23"))


def _html_url(html: str) -> str:
    """The page's own canonical address (link rel=canonical, og:url), when it gives an http(s) one."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html[:200_000])
    except Exception:  # noqa: BLE001 - unparsable head: no URL from it, the body is still imported
        return ""
    for value in tree.xpath('//link[@rel="canonical"]/@href') + tree.xpath('//meta[@property="og:url"]/@content'):
        if value.startswith(("http://", "https://")):
            return value.strip()
    return ""


def _file_item(path: Path, root: Path) -> _Item:
    content = path.read_bytes()
    name = path.relative_to(root).as_posix() if path != root else path.name
    where = f"{path}:1"
    kind = FILE_SUFFIXES[path.suffix.lower()]
    text = content.decode("utf-8", errors="replace")
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            return _Item(where, Line(1, text, error=f"invalid JSON: {error.msg}"))
        if not isinstance(data, dict):
            return _Item(where, Line(1, text, error="a .json file must hold one JSON object"))
    elif kind == "html":
        data = {"html": text, "url": _html_url(text)}
    else:
        data = {"text": text}
    if not data.get("url"):
        data["url"] = derived_url(content, name)
    return _Item(where, Line(1, str(path), data))


def iter_items(
    paths: list[Path], counter_sink: list, on_skip: Callable[[Path, str], None] | None = None
) -> Iterator[_Item]:
    """Every record of every path, in order. counter_sink receives the byte counters (progress); on_skip hears
    of each file in a folder that is not read, with the reason."""
    for path in paths:
        if path.is_dir():
            for directory, subdirs, files in os.walk(path):
                subdirs.sort()
                for name in sorted(files):
                    file_path = Path(directory) / name
                    suffix = file_path.suffix.lower()
                    if suffix in FILE_SUFFIXES or suffix in STREAMED_SUFFIXES:
                        yield from _path_items(file_path, path, counter_sink)
                    elif on_skip:
                        kind = f"{suffix} files" if suffix else "files without an extension"
                        on_skip(file_path, f"{kind} are not read (supported: {SUPPORTED})")
        else:
            yield from _path_items(path, path, counter_sink)


def _path_items(path: Path, root: Path, counter_sink: list) -> Iterator[_Item]:
    if path.suffix.lower() in FILE_SUFFIXES and (path.suffix.lower() != ".json" or _one_document(path)):
        counter_sink.append(path.stat().st_size)
        yield _file_item(path, root)
        return
    with open(path, "rb") as handle:
        counter = ByteCounter(handle)
        counter_sink.append(counter)
        reader = read_csv(counter) if path.suffix.lower() == ".csv" else read_jsonl(counter)
        for line in reader:
            yield _Item(f"{path}:{line.number}", line)


def _one_document(path: Path) -> bool:
    """A .json file given by name is one report object (possibly pretty-printed), unless it is JSON Lines."""
    if path.stat().st_size > 20 * 1024 * 1024:
        return False  # an archive, not an article: stream it as JSON Lines
    try:
        return isinstance(json.loads(path.read_bytes()), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


def _bytes_done(sink: list) -> int:
    return sum(x.bytes_read if isinstance(x, ByteCounter) else x for x in sink)


def _total_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(
                p.stat().st_size
                for p in path.rglob("*")
                if (p.suffix.lower() in FILE_SUFFIXES or p.suffix.lower() in STREAMED_SUFFIXES) and p.is_file()
            )
        else:
            total += path.stat().st_size
    return total


def reports_import(
    *,
    paths: list[Path],
    sync: bool = False,
    batch_size: int = 200,
    on_reject: Callable[[ReportReject], None] | None = None,
    rejects_path: Path | None = None,
    progress_stream=None,
    progress_every: int = 1000,
    processor: Callable[[int], Report | None] | None = None,
    on_skip: Callable[[Path, str], None] | None = None,
) -> ReportSummary:
    """Import reports; enqueue them (default) or run the pipeline here (sync). Returns the counts."""
    process = processor or (lambda report_id: report_process(report_id=report_id))
    summary = ReportSummary()
    sink: list = []
    rejects_file = open(rejects_path, "w", encoding="utf-8") if rejects_path else None
    try:
        with (
            make_progress(progress_stream, total_bytes=_total_bytes(paths), every=progress_every) as progress,
            deferred_interrupt() as stop,
        ):

            def skipped(path: Path, reason: str) -> None:
                summary.skipped.append((str(path), reason))
                if on_skip:
                    on_skip(path, reason)

            batches = _chunks(iter_items(paths, sink, skipped), batch_size)
            try:
                for batch in batches:
                    counts = ReportSummary()  # merged only once the batch has committed
                    with transaction.atomic():
                        created, rejects = _submit_batch(batch, counts, enqueue=not sync)
                    summary.add(counts)
                    summary.read += len(batch)
                    summary.batches += 1
                    for reject in rejects:
                        if on_reject:
                            on_reject(reject)
                        if rejects_file:
                            rejects_file.write(reject.as_json() + "\n")
                    if sync:
                        _process(created, process, summary)
                    progress.update(records=summary.read, bytes_done=_bytes_done(sink))
                    if stop.requested:
                        summary.interrupted = True
                        break
            except KeyboardInterrupt:
                summary.interrupted = True
    finally:
        if rejects_file:
            rejects_file.close()
    return summary


def _chunks(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    while batch := list(islice(items, size)):
        yield batch


def _process(report_ids: list[int], process: Callable, summary: ReportSummary) -> None:
    """One transaction per report, as the workers do: a failure fails that report only."""
    for report_id in report_ids:
        report = process(report_id)
        if report is not None and report.status == Report.Status.PROCESSED:
            summary.processed += 1
        else:
            summary.failed += 1


def _fields(item: _Item) -> tuple[dict, list[tuple[str, str]]]:
    data = item.line.data
    values = {name: data.get(name) for name in FIELDS if data.get(name) not in (None, "")}
    errors = []
    for name, value in values.items():
        if not isinstance(value, str):
            errors.append((name, "must be a string"))
    if not values.get("url"):
        errors.append(("url", "This field is required."))
    if not values.get("text") and not values.get("html"):
        errors.append(("text", "text or html is required."))
    return values, errors


def _fingerprint(values: dict) -> str:
    try:
        if values.get("text"):
            return text_fingerprint(clean_text(values["text"]))
        if values.get("html"):
            return text_fingerprint(clean_text(html_to_text(values["html"])[0]))
    except NormalizationError:
        return ""  # too large or unparsable: report_submit or the pipeline says why
    return ""


def _complete_source(report_id: int, values: dict, *, enqueue: bool) -> None:
    """Give a text-less report (a source cited by imported facts) its text and send it through the
    pipeline, which adds what the text says to the facts already linked to it."""
    report = Report.objects.get(id=report_id)
    report.text, report.html = values.get("text", ""), values.get("html", "")
    for name in ("outlet", "title", "language"):
        if not getattr(report, name) and values.get(name):
            setattr(report, name, values[name])
    report.status, report.failure_reason = Report.Status.PENDING, ""
    report._change_reason = "bulk import: text of a cited source"
    report.save()
    if enqueue:
        from events.services.queue import report_enqueue

        transaction.on_commit(lambda: report_enqueue(report_id=report_id))


def _submit_batch(batch: list[_Item], summary: ReportSummary, *, enqueue: bool) -> tuple[list[int], list]:
    rejects: list[ReportReject] = []
    position = {id(item): i for i, item in enumerate(batch)}

    def reject(item, errors, kind="rejected"):
        rejects.append(ReportReject(item.where, item.line.raw, errors, kind, order=position[id(item)]))
        if kind == "duplicate":
            summary.duplicates += 1
        else:
            summary.rejected += 1

    candidates = []
    for item in batch:
        if item.line.error:
            reject(item, [("line", item.line.error)])
            continue
        values, errors = _fields(item)
        if not errors:
            try:
                values["_canonical"] = canonical_url(values["url"])
            except NormalizationError as error:
                errors.append(("url", str(error)))
        if errors:
            reject(item, errors)
            continue
        values["_fingerprint"] = _fingerprint(values)
        candidates.append((item, values))

    # What is already stored: one query by canonical URL, one by fingerprint.
    urls = {values["_canonical"] for _, values in candidates}
    prints = {values["_fingerprint"] for _, values in candidates} - {""}
    known_urls = {
        url: (report_id, status, bool(text or html))
        for url, report_id, status, text, html in Report.objects.filter(canonical_url__in=urls)
        .annotate(text_start=Substr("text", 1, 1), html_start=Substr("html", 1, 1))
        .values_list("canonical_url", "id", "status", "text_start", "html_start")
    }
    known_prints = (
        set(Report.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True)) if prints else set()
    )

    created: list[int] = []
    seen_urls: dict[str, str] = {}
    seen_prints: set[str] = set()
    for item, values in candidates:
        canonical, fingerprint = values.pop("_canonical"), values.pop("_fingerprint")
        if canonical in known_urls:
            report_id, status, has_body = known_urls[canonical]
            if not has_body:
                # Known only as a cited source (import_events writes no text): this record completes it.
                _complete_source(report_id, values, enqueue=enqueue)
                created.append(report_id)
                summary.updated += 1
                summary.imported += 1
                continue
            summary.unchanged += 1  # the same report: already imported
            if not enqueue and status == Report.Status.PENDING:
                created.append(report_id)  # a --sync run stopped before processing it: do it now
            continue
        if canonical in seen_urls:
            reject(item, [("url", f"same report as {seen_urls[canonical]}")], "duplicate")
            continue
        # The same text under another canonical URL is another outlet's copy, not the same report: stored
        # (its outlet counts for corroboration) and linked to its original when processed.
        is_copy = bool(fingerprint) and (fingerprint in known_prints or fingerprint in seen_prints)
        try:
            report, was_created = report_submit(**values, enqueue=enqueue)
        except ReportInputError as error:
            message = str(error)
            name = message.split(" ", 1)[0] if message.split(" ", 1)[0] in FIELDS else "__all__"
            reject(item, [(name, message)])
            continue
        seen_urls[canonical] = item.where
        if fingerprint:
            seen_prints.add(fingerprint)
        if was_created:
            created.append(report.id)
            summary.created += 1
            summary.imported += 1
            summary.copies += is_copy
        else:
            summary.unchanged += 1
    return created, sorted(rejects, key=lambda r: r.order)
