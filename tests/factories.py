"""factory-boy factories shared by every test package."""

import datetime as dt

import factory

from events.models import Evidence, Meeting, Report, Statement
from negotiations.models import Actor, ActorKind, Negotiation, Participation, Person, Role


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = ActorKind.STATE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Foreign Minister"
    affiliation = factory.SubFactory(ActorFactory)


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiation

    title = factory.Sequence(lambda n: f"Negotiation {n}")
    topic = "cease-fire"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    negotiation = factory.SubFactory(NegotiationFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Role.PARTY


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    url = factory.Sequence(lambda n: f"https://news.example.org/story/{n}")
    canonical_url = factory.LazyAttribute(lambda o: o.url)
    outlet = "Example News"
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "Talks continued on Monday."
    status = Report.Status.PROCESSED


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    negotiation = factory.SubFactory(NegotiationFactory)
    speaker_person = factory.SubFactory(PersonFactory)
    text = factory.Sequence(lambda n: f"We remain committed to the talks, number {n}.")
    said_on = dt.date(2024, 12, 16)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    negotiation = factory.SubFactory(NegotiationFactory)
    date_from = dt.date(2024, 12, 9)
    date_to = dt.date(2024, 12, 9)
    place_name = "Doha"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    report = factory.SubFactory(ReportFactory)
    char_start = 0
    char_end = 10
    sentence = "Talks continued on Monday."
