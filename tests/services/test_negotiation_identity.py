"""One record per real negotiation: reports about a known process attach to its reference record whatever
they call it and whichever mediator or host they are about; mediators and hosts never become parties;
a new record is created, for review, only for parties that match no known process; a report whose
process cannot be told keeps its facts unassigned. Real extractor, reference data, PostgreSQL."""

import pytest

from events.models import Statement
from negotiations.models import Negotiation, NegotiationSource, Participation, ReviewStatus, Role
from tests.services.conftest import report_processed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

# Written for these tests in the house styles of a wire, a regional daily and a state agency.
GAZA_WIRE = {
    "url": "https://newswire.example.org/gaza-truce-doha",
    "outlet": "Newswire",
    "title": "Mediators press on with Gaza truce talks in Doha",
    "published_at": "2025-03-04",
    "text": "DOHA, March 4 (Newswire) - Qatar's Prime Minister Mohammed bin Abdulrahman Al Thani met a Hamas "
    "delegation led by Khalil al-Hayya in Doha on Monday, as mediators pushed for a truce in Gaza.\n"
    '"We are working with our Egyptian partners to bring both sides back to the table," Al Thani told '
    "reporters after the meeting.",
}
CAIRO_DAILY = {
    "url": "https://nile-daily.example.org/hostage-deal-cairo",
    "outlet": "Nile Daily",
    "title": "Cairo hosts new round on the hostage deal",
    "published_at": "2025-03-06",
    "text": "CAIRO - Egypt's intelligence chief Hassan Rashad received a Hamas delegation in Cairo on Wednesday "
    "for talks on the hostage deal, an Egyptian official said.\n"
    '"The movement is ready for a serious exchange agreement," a Hamas spokesman said after the session.',
}
ISTANBUL_AGENCY = {
    "url": "https://state-agency.example.org/istanbul-round",
    "outlet": "State Agency",
    "title": "Istanbul talks: delegations meet at Dolmabahce",
    "published_at": "2025-05-16",
    "text": "ISTANBUL, May 16 - Russian and Ukrainian delegations met in Istanbul on Friday for their first direct "
    "talks in three years, hosted by Turkish Foreign Minister Hakan Fidan.\n"
    '"Türkiye will keep the door open for as long as both sides want to talk," Fidan said.',
}
BORDER_WIRE = {
    "url": "https://newswire.example.org/andean-border",
    "outlet": "Newswire",
    "title": "Ecuador and Peru open talks on river border",
    "published_at": "2025-10-02",
    "text": "LIMA, Oct 2 (Newswire) - Ecuador and Peru held talks in Lima on Wednesday on the demarcation of their "
    "river border, the two foreign ministries said.\n"
    '"Both delegations agreed to meet again next month," Peru\'s foreign ministry said in a statement.',
}
DOHA_BILATERAL = {
    "url": "https://gulf-times.example.org/qatar-us-ties",
    "outlet": "Gulf Times",
    "title": "Qatar and US discuss regional files",
    "published_at": "2025-04-02",
    "text": "DOHA - Qatar's Prime Minister Mohammed bin Abdulrahman Al Thani met U.S. envoy Steve Witkoff in Doha on "
    "Tuesday to discuss regional developments.\n"
    '"Our partnership with Washington has never been stronger," Al Thani said after the meeting.',
}


def roles(negotiation: Negotiation) -> set[tuple[str, str]]:
    return set(Participation.objects.filter(negotiation=negotiation).values_list("role", "actor__name"))


def test_it_attaches_reports_naming_the_process_differently_to_its_reference_record():
    report_processed(GAZA_WIRE)
    report_processed(CAIRO_DAILY)

    gaza = Negotiation.objects.get(slug="israel-hamas")
    assert set(Statement.objects.values_list("negotiation__slug", flat=True)) == {"israel-hamas"}
    assert Statement.objects.filter(text__startswith="We are working with our Egyptian partners").exists()
    assert Statement.objects.filter(text__startswith="The movement is ready").exists()
    assert not Negotiation.objects.exclude(source=NegotiationSource.REFERENCE).exists()
    # Qatar and Egypt mediate: they never become parties, and never make an "Egypt-Hamas" negotiation.
    assert {name for role, name in roles(gaza) if role == Role.PARTY} == {"Israel", "Hamas"}
    assert {("mediator", "Qatar"), ("mediator", "Egypt")} <= roles(gaza)


def test_a_host_is_a_mediator_of_the_process_it_hosts_never_a_party():
    report_processed(ISTANBUL_AGENCY)

    talks = Negotiation.objects.get(slug="russia-ukraine")
    assert Statement.objects.get().negotiation == talks
    assert ("mediator", "Türkiye") in roles(talks)
    assert ("party", "Türkiye") not in roles(talks)
    # The record lists the mediators its reports name, not every past mediator of the process.
    assert ("mediator", "Saudi Arabia") not in roles(talks)
    assert "Saudi Arabia" in set(talks.usual_mediators.values_list("name", flat=True))


def test_it_creates_a_record_for_review_only_for_parties_no_known_process_has():
    report_processed(BORDER_WIRE)

    created = Negotiation.objects.exclude(source=NegotiationSource.REFERENCE).get()
    assert created.review_status == ReviewStatus.AUTO
    assert {name for role, name in roles(created) if role == Role.PARTY} == {"Ecuador", "Peru"}
    assert Statement.objects.get().negotiation == created


def test_a_mediator_meeting_another_mediator_makes_no_negotiation_and_loses_no_fact():
    result = report_processed(DOHA_BILATERAL)

    assert result.status == "processed"
    assert not Negotiation.objects.exclude(source=NegotiationSource.REFERENCE).exists()
    statement = Statement.objects.get()
    assert statement.negotiation is None
    assert statement.review_status == ReviewStatus.AUTO
