"""The raw baseline benchmarks/api_scale.py compares the API with: GET /api/v1/statements/?page_size=100 (page 1).

A WSGI app with no framework: two SQL queries through psycopg2 and orjson, answering the same JSON the
API does for page 1 (api_scale.py checks that before measuring). Served by gunicorn like the API:
    BENCH_DSN=... BENCH_BASE_URL=http://127.0.0.1:8001 gunicorn -w 2 benchmarks._api_baseline:application
BENCH_BASE_URL is the API's own address, so the links are the API's links.
"""

from __future__ import annotations

import os

import orjson
import psycopg2

_STATEMENTS = """
SELECT s.id, s.uid, s.text, s.kind, s.said_on, s.said_on_precision, s.setting, s.review_status, s.created_at,
       s.updated_at, s.speaker_title, s.speaker_person_id, n.id, n.title, n.slug, p.id, p.name, a.id, a.name
FROM events_statement s
JOIN negotiations_negotiation n ON n.id = s.negotiation_id
LEFT JOIN negotiations_person p ON p.id = s.speaker_person_id
LEFT JOIN negotiations_actor a ON a.id = s.speaker_actor_id
ORDER BY s.said_on DESC, s.id DESC
LIMIT %s
"""
_EVIDENCE = """
SELECT e.statement_id, e.id, e.report_id, r.outlet, r.url, r.published_at, r.duplicate_of_id, e.sentence,
       e.char_start, e.char_end
FROM events_evidence e JOIN events_report r ON r.id = e.report_id
WHERE e.statement_id = ANY(%s)
ORDER BY e.id
"""
_SIZE = 100
_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["BENCH_DSN"])
        _connection.autocommit = True
        with _connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
    return _connection.cursor()


def _dt(value):
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def page_one() -> dict:
    base = os.environ["BENCH_BASE_URL"].rstrip("/") + "/api/v1/"
    with _cursor() as cursor:
        cursor.execute(_STATEMENTS, [_SIZE + 1])
        rows = cursor.fetchall()
        more = len(rows) > _SIZE
        rows = rows[:_SIZE]
        cursor.execute(_EVIDENCE, [[row[0] for row in rows]])
        evidence: dict[int, list] = {}
        for e in cursor.fetchall():
            evidence.setdefault(e[0], []).append(e)
    results = []
    for (
        sid,
        uid,
        text,
        kind,
        said_on,
        precision,
        setting,
        review,
        created,
        updated,
        title,
        person_id,
        nid,
        ntitle,
        nslug,
        pid,
        pname,
        aid,
        aname,
    ) in rows:
        items = evidence.get(sid, [])
        if person_id:
            speaker = {"type": "person", "id": pid, "name": pname, "title": title, "api_url": f"{base}people/{pid}/"}
        else:
            speaker = {"type": "actor", "id": aid, "name": aname, "title": title, "api_url": f"{base}actors/{aid}/"}
        results.append(
            {
                "id": sid,
                "api_url": f"{base}statements/{sid}/",
                "uid": str(uid),
                "negotiation": {"id": nid, "title": ntitle, "slug": nslug, "api_url": f"{base}negotiations/{nid}/"},
                "speaker": speaker,
                "text": text,
                "kind": kind,
                "said_on": said_on.isoformat() if said_on else None,
                "said_on_precision": precision,
                "setting": setting,
                "evidence": [
                    {
                        "id": e[1],
                        "report": {"id": e[2], "api_url": f"{base}reports/{e[2]}/"},
                        "outlet": e[3],
                        "url": e[4],
                        "published_at": _dt(e[5]),
                        "duplicate_of": None if e[6] is None else {"id": e[6], "api_url": f"{base}reports/{e[6]}/"},
                        "sentence": e[7],
                        "char_start": e[8],
                        "char_end": e[9],
                    }
                    for e in items
                ],
                "corroboration": {
                    "outlets": len({e[3] for e in items if e[3]}),
                    "independent_sources": len({e[6] or e[2] for e in items}),
                },
                "review_status": review,
                "created_at": _dt(created),
                "updated_at": _dt(updated),
            }
        )
    return {
        "count": None,
        "next": f"{base}statements/?page=2&page_size={_SIZE}" if more else None,
        "previous": None,
        "results": results,
    }


def application(environ, start_response):
    body = orjson.dumps(page_one())
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
