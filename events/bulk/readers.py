"""Stream records out of JSON Lines and CSV files, one at a time, with their line numbers.

Memory stays flat with the file size: nothing but the current line is held. Byte offsets are
counted so that a progress bar can show the share of the file done.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

# Whole news articles sit in one CSV cell.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Line:
    number: int  # 1-based line of the file where the record starts
    raw: str  # the original text, for the rejects file
    data: dict = field(default_factory=dict)
    error: str = ""  # set when the line could not be parsed at all


class ByteCounter:
    """Iterate a binary file as decoded lines while counting the bytes consumed."""

    def __init__(self, handle):
        self.handle = handle
        self.bytes_read = 0

    def __iter__(self):
        for chunk in self.handle:
            self.bytes_read += len(chunk)
            yield chunk.decode("utf-8-sig" if self.bytes_read == len(chunk) else "utf-8", errors="replace")


def detect_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise ValueError(f"{path}: cannot tell the format from the extension; pass --format jsonl or csv")


def read_jsonl(counter: ByteCounter) -> Iterator[Line]:
    for number, text in enumerate(counter, start=1):
        raw = text.rstrip("\r\n")
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            yield Line(number, raw, error=f"invalid JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(data, dict):
            yield Line(number, raw, error="a line must be a JSON object")
            continue
        yield Line(number, raw, data)


def read_csv(counter: ByteCounter) -> Iterator[Line]:
    reader = csv.reader(counter)
    header = None
    next_line = 1
    for row in reader:
        number, next_line = next_line, reader.line_num + 1
        if header is None:
            header = [name.strip() for name in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        raw = _csv_text(row)
        if len(row) != len(header):
            yield Line(number, raw, error=f"expected {len(header)} cells, found {len(row)}")
            continue
        yield Line(number, raw, dict(zip(header, row, strict=False)))


def _csv_text(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(row)
    return out.getvalue().rstrip("\r\n")


def read_lines(handle, fmt: str) -> tuple[ByteCounter, Iterator[Line]]:
    counter = ByteCounter(handle)
    return counter, (read_csv(counter) if fmt == "csv" else read_jsonl(counter))
