"""Write record files for the tests and snapshot what the database holds, independent of the exporter."""

import json

from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def snapshot() -> dict:
    """Every imported row as plain values, foreign keys replaced by the stable keys: comparable
    between two databases (ids and timestamps differ by design)."""
    skip = {"id", "created_at", "updated_at"}

    def rows(model, keyer, **refs):
        out = {}
        for obj in model._default_manager.all():
            values = {}
            for f in model._meta.concrete_fields:
                if f.name in skip:
                    continue
                if f.name in refs:
                    target = getattr(obj, f.name)
                    values[f.name] = refs[f.name](target) if target is not None else None
                elif not f.is_relation:
                    values[f.name] = getattr(obj, f.attname)
            out[keyer(obj)] = values
        return out

    actor = lambda a: a.name  # noqa: E731
    uid = lambda o: str(o.uid)  # noqa: E731
    return {
        "actor": rows(Actor, actor),
        "actor_alias": rows(ActorAlias, lambda o: (o.actor.name, o.name), actor=actor),
        "negotiation": rows(Negotiation, lambda o: o.slug),
        "participation": rows(
            Participation,
            lambda o: (o.negotiation.slug, o.actor.name, o.role),
            negotiation=lambda n: n.slug,
            actor=actor,
        ),
        "person": rows(Person, uid, affiliation=actor),
        "person_alias": rows(PersonAlias, lambda o: (str(o.person.uid), o.name), person=uid),
        "meeting": rows(Meeting, uid, negotiation=lambda n: n.slug, place_country=actor),
        "meeting_person": rows(
            MeetingParticipant, lambda o: (str(o.meeting.uid), str(o.person.uid)), meeting=uid, person=uid
        ),
        "meeting_actor": sorted((str(m.uid), a.name) for m in Meeting.objects.all() for a in m.actors.all()),
        "statement": rows(Statement, uid, negotiation=lambda n: n.slug, speaker_person=uid, speaker_actor=actor),
        "source": {
            r.canonical_url: (r.url, r.outlet, r.title, r.published_at, r.language) for r in Report.objects.all()
        },
        "evidence": rows(
            Evidence,
            lambda e: (e.report.canonical_url, e.statement and str(e.statement.uid), e.meeting and str(e.meeting.uid)),
            report=lambda r: r.canonical_url,
            statement=uid,
            meeting=uid,
        ),
    }


def wipe() -> None:
    for model in (
        Evidence,
        MeetingParticipant,
        Statement,
        Meeting,
        Report,
        PersonAlias,
        Person,
        Participation,
        ActorAlias,
        Negotiation,
        Actor,
    ):
        model._default_manager.all().delete()
    for model in (Statement, Meeting, Report, Person, Participation, Negotiation, Actor):
        model.history.all().delete()
