"""Locks by what a report's write step touches, so that reports sharing nothing write at the same time.

The write step of one report (deduplicating it, then writing its facts) must not interleave with
another report's write step over the same things: two copies of one story would each miss the other's
bands, two reports naming a new person would each create them (people have no unique name), two quotes
of one statement would each be written. So the step holds PostgreSQL transaction-level advisory locks
on each thing it may read to decide and then write:

- the negotiation it attaches to (its id), the parties of a new one, or "unassigned" (unassigned facts
  are deduplicated among themselves);
- the normalised name of every actor it may create;
- every person it names, by the last word of the name and of each alias (a surname-only mention and
  the full name resolve to one row, so they must not be written apart);
- each of its MinHash band hashes, those of the 5-word shingles and those of the stem pairs
  (report_dedup.band_hashes returns both: a copy of a story, edited or rewritten, shares bands with it).

All of them are taken in one statement in a fixed order (sorted keys), so two workers cannot deadlock:
each waits for the lowest key the other holds. Unique constraints remain the last line: a race they
catch retries, it never duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection

from events.pipeline.types import Extraction
from events.text import normalize_name
from negotiations.prepared import execute_prepared


def write_lock_keys(*, extraction: Extraction, bands: Iterable[tuple[int, int]] = ()) -> frozenset[int]:
    """The lock keys (64-bit) of what writing this extraction and these bands may touch."""
    names = [f"band:{band}:{value}" for band, value in bands]
    negotiation = extraction.negotiation
    if negotiation is None:
        names.append("negotiation:unassigned")
    else:
        if negotiation.known_id:
            names.append(f"negotiation:{negotiation.known_id}")
        # A record found or created by its parties, or by its title.
        names.append("parties:" + "|".join(sorted(normalize_name(p) for p in negotiation.parties)))
        names.append("negotiation-title:" + normalize_name(negotiation.title or negotiation.topic or ""))
    for actor in extraction.actors:
        if actor.known_id is None:
            names.append("actor:" + normalize_name(actor.name))
    for person in extraction.people:
        for name in (person.name, *person.aliases):
            last = normalize_name(name).split()[-1:]
            if last:
                names.append("person:" + last[0])
    return frozenset(_key(name) for name in names)


def write_locks_take(*, keys: Iterable[int]) -> None:
    """Take the advisory locks of these keys until the transaction ends, in key order, in one query."""
    ordered = sorted(set(keys))
    if not ordered or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # unnest returns the array in order and the scan calls the function row by row: key order.
        execute_prepared(cursor, "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [ordered])
        cursor.fetchall()


def _key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
