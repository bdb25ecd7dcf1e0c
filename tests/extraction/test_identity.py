"""The negotiation-identity rule on hand-made inputs: one process per set of parties, mediators never parties."""

import pytest

from events.pipeline.identity import (
    ACTS,
    HOST,
    MEDIATOR,
    MENTIONED,
    PARTY,
    ActorCue,
    IdentityInput,
    fold,
    negotiation_identify,
    reference_negotiations,
    reference_slugs,
)
from events.pipeline.types import KnownNegotiation

GAZA = KnownNegotiation(
    id=1,
    title="Israel-Hamas talks on Gaza",
    parties=("Israel", "Hamas"),
    mediators=("Qatar", "Egypt", "United States", "Türkiye"),
    aliases=("Gaza truce talks", "hostage deal", "hostage talks"),
)
UKRAINE = KnownNegotiation(
    id=2,
    title="Russia-Ukraine peace talks",
    parties=("Russia", "Ukraine"),
    mediators=("Türkiye", "United States", "Saudi Arabia", "United Arab Emirates"),
    aliases=("Istanbul talks", "Black Sea ceasefire"),
)
IRAN = KnownNegotiation(
    id=3,
    title="US-Iran nuclear talks",
    parties=("United States", "Iran"),
    mediators=("Oman", "Italy", "Qatar"),
    aliases=("Iran nuclear talks",),
)
TALIBAN = KnownNegotiation(
    id=4,
    title="US-Taliban talks",
    parties=("United States", "Taliban"),
    mediators=("Qatar", "Pakistan"),
    aliases=("Doha agreement",),
)
LEBANON = KnownNegotiation(
    id=5,
    title="Israel-Hezbollah cease-fire",
    parties=("Israel", "Hezbollah", "Lebanon"),
    mediators=("United States", "France"),
    aliases=("Lebanon ceasefire",),
)
KNOWN = (GAZA, UKRAINE, IRAN, TALIBAN, LEBANON)


def identify(*actors, names=(), known=KNOWN):
    return negotiation_identify(
        report=IdentityInput(actors=tuple(ActorCue(*a) for a in actors), names=names), known=known
    )


def test_it_matches_the_process_between_two_named_parties():
    result = identify(("Israel", PARTY), ("Hamas", PARTY), ("Qatar", MEDIATOR))
    assert result.negotiation == GAZA
    assert result.parties == ("Israel", "Hamas")
    assert result.mediators == ("Qatar",)
    assert not result.is_new


def test_it_never_makes_a_mediator_a_party_even_when_the_report_says_it_is_talking():
    # "Witkoff met Putin": the US is cued as a side in the talk, but it mediates Russia-Ukraine.
    result = identify(("United States", PARTY), ("Russia", PARTY), ("Ukraine", MENTIONED))
    assert result.negotiation == UKRAINE
    assert "United States" not in result.parties
    assert result.mediators == ("United States",)


def test_it_attaches_egypt_and_hamas_to_israel_hamas_rather_than_a_new_negotiation():
    result = identify(("Egypt", PARTY), ("Hamas", PARTY))
    assert result.negotiation == GAZA
    assert not result.is_new
    assert result.parties == ("Israel", "Hamas")
    assert result.mediators == ("Egypt",)


def test_it_resolves_the_hostage_deal_with_only_qatar_named_to_israel_hamas():
    result = identify(("Qatar", MEDIATOR), names=("Qatar says the hostage deal is close",))
    assert result.negotiation == GAZA
    assert result.mediators == ("Qatar",)
    assert result.parties == ("Israel", "Hamas")


def test_it_matches_a_process_by_one_of_its_names_alone():
    result = identify(names=("Gaza Truce Talks Resume in Cairo",))
    assert result.negotiation == GAZA


def test_it_creates_a_new_negotiation_for_an_unknown_pair_of_parties():
    result = identify(("Thailand", PARTY), ("Cambodia", PARTY), ("Malaysia", HOST), ("Malaysia", MEDIATOR))
    assert result.is_new
    assert result.negotiation is None
    assert result.parties == ("Thailand", "Cambodia")
    assert result.mediators == ("Malaysia",)
    assert result.title == "Thailand-Cambodia talks"


def test_it_makes_a_host_state_a_mediator_not_a_party():
    result = identify(("Russia", PARTY), ("Ukraine", PARTY), ("Türkiye", HOST), names=("talks in Istanbul",))
    assert result.negotiation == UKRAINE
    assert "Türkiye" not in result.parties
    assert result.mediators == ("Türkiye",)


def test_it_keeps_a_host_out_of_the_parties_of_a_new_negotiation():
    result = identify(("Serbia", PARTY), ("Kosovo", PARTY), ("Belgium", HOST), ("Belgium", PARTY))
    assert result.is_new
    assert result.parties == ("Serbia", "Kosovo")
    # The venue of the talks, not shown mediating: no mediator either.
    assert result.mediators == ()


def test_it_keeps_an_international_organisation_out_of_the_parties_of_a_new_negotiation():
    result = identify(("Ethiopia", PARTY), ("African Union", PARTY, "international_organisation"), ("Eritrea", PARTY))
    assert result.parties == ("Ethiopia", "Eritrea")


def test_it_makes_no_negotiation_from_a_party_and_a_usual_mediator_when_the_process_is_ambiguous():
    # The US is a party of two processes both mediated by Qatar: the report does not say which.
    result = identify(("United States", PARTY), ("Qatar", PARTY))
    assert not result.found
    assert result.reason.startswith("ambiguous")


def test_it_makes_no_negotiation_from_a_single_party():
    result = identify(("Colombia", PARTY), ("Norway", MEDIATOR))
    assert not result.found
    assert not result.is_new


def test_two_parties_beat_one_party_with_a_mediator():
    # Israel with the US could be Gaza; Israel with Lebanon and the US is the Lebanon process.
    result = identify(("Israel", PARTY), ("Lebanon", PARTY), ("United States", MEDIATOR))
    assert result.negotiation == LEBANON
    assert result.parties == ("Israel", "Hezbollah", "Lebanon")


def test_a_party_the_report_names_only_as_a_mediator_is_no_evidence_for_its_process():
    dam = KnownNegotiation(id=6, title="Nile dam talks", parties=("Ethiopia", "Egypt", "Sudan"))
    war = KnownNegotiation(
        id=7,
        title="Sudan war talks",
        parties=("Sudanese Armed Forces", "Rapid Support Forces"),
        mediators=("Egypt", "Saudi Arabia"),
    )
    # Egypt's president receives Sudan's army chief: Egypt and the RSF are named, Sudan "mediates".
    result = identify(("Egypt", PARTY), ("Rapid Support Forces", PARTY), ("Sudan", MEDIATOR), known=(dam, war))
    assert result.negotiation == war
    assert result.mediators == ("Egypt", "Sudan")


def test_it_leaves_a_side_with_no_role_in_the_matched_process_for_review():
    result = identify(("Israel", PARTY), ("Hamas", PARTY), ("Palestinian Authority", PARTY))
    assert result.negotiation == GAZA
    assert result.unplaced == ("Palestinian Authority",)
    assert "Palestinian Authority" not in result.parties + result.mediators


def test_it_keeps_the_parties_of_the_known_record_when_only_one_is_named_with_a_name_of_the_process():
    result = identify(("Hamas", PARTY), names=("Hamas responds to the hostage deal",))
    assert result.negotiation == GAZA
    assert result.parties == ("Israel", "Hamas")


def test_it_prefers_the_process_named_by_the_report_among_two_with_the_same_parties():
    talks = KnownNegotiation(
        id=8, title="DRC-M23 talks", parties=("DR Congo", "M23"), mediators=("Qatar",), aliases=("Doha framework",)
    )
    accord = KnownNegotiation(
        id=9,
        title="DRC-Rwanda peace deal",
        parties=("DR Congo", "Rwanda"),
        mediators=("United States",),
        aliases=("Washington accords",),
    )
    actors = (("DR Congo", PARTY), ("M23", MENTIONED), ("Rwanda", MENTIONED))
    assert identify(*actors, names=("the Washington accords",), known=(talks, accord)).negotiation == accord
    assert identify(*actors, names=("the Doha framework",), known=(talks, accord)).negotiation == talks


def test_it_rejects_an_unknown_cue():
    with pytest.raises(ValueError, match="unknown cue"):
        identify(("Israel", "negotiator"))


def test_fold_ignores_case_accents_and_dashes():
    assert fold("Israel–Hamas Cease-Fire") == fold("israel hamas cease fire")
    assert fold("Türkiye") == "turkiye"


# --- the reference data ---------------------------------------------------------------------


REFERENCE = reference_negotiations()
SLUGS = reference_slugs()


def slug_of(*actors, names=()):
    result = identify(*actors, names=names, known=REFERENCE)
    return SLUGS[result.negotiation.title] if result.negotiation else None


def test_the_reference_covers_the_main_processes_with_unique_slugs_and_no_party_as_mediator():
    assert 25 <= len(REFERENCE) <= 40
    assert len(SLUGS) == len(REFERENCE)
    for negotiation in REFERENCE:
        assert len(negotiation.parties) >= 2, negotiation.title
        assert not set(negotiation.parties) & set(negotiation.mediators), negotiation.title


@pytest.mark.parametrize(
    ("actors", "names", "slug"),
    [
        ((("Israel", PARTY), ("Hamas", PARTY)), (), "israel-hamas"),
        ((("Egypt", PARTY), ("Hamas", PARTY)), (), "israel-hamas"),
        ((("Qatar", MEDIATOR),), ("Qatar hopes the hostage deal holds",), "israel-hamas"),
        ((("Russia", PARTY), ("Ukraine", PARTY), ("Türkiye", HOST)), (), "russia-ukraine"),
        (
            (("United States", PARTY), ("Russia", PARTY), ("Saudi Arabia", HOST), ("Ukraine", MENTIONED)),
            (),
            "russia-ukraine",
        ),
        ((("United States", PARTY), ("Iran", PARTY), ("Oman", MEDIATOR)), (), "us-iran-nuclear"),
        ((("Armenia", PARTY), ("Azerbaijan", PARTY), ("Russia", MENTIONED)), (), "armenia-azerbaijan"),
        (
            (("Sudanese Armed Forces", PARTY), ("Rapid Support Forces", PARTY), ("Switzerland", HOST)),
            (),
            "sudan-saf-rsf",
        ),
        ((("Houthis", PARTY), ("Saudi Arabia", PARTY), ("Oman", MEDIATOR)), (), "yemen"),
        ((("Israel", PARTY), ("Hezbollah", PARTY), ("France", MEDIATOR)), (), "israel-hezbollah"),
        ((("Serbia", PARTY), ("Kosovo", PARTY), ("European Union", MEDIATOR)), (), "serbia-kosovo"),
        ((("Egypt", PARTY), ("Ethiopia", PARTY)), ("GERD talks end without a deal",), "gerd"),
    ],
)
def test_the_reference_data_resolves_typical_reports(actors, names, slug):
    assert slug_of(*actors, names=names) == slug


# --- applying the identity to an extraction -------------------------------------------------


def _extraction(parties, mediators=(), actors=(), host=None, title="", topic=""):
    from events.pipeline.types import ExtractedActor, ExtractedMeeting, ExtractedNegotiation, Extraction, Span

    meetings = [ExtractedMeeting(kind="talks", span=Span(0, 1, "x"), place_country=host)] if host else []
    return Extraction(
        negotiation=ExtractedNegotiation(title=title, topic=topic, parties=list(parties), mediators=list(mediators)),
        actors=[ExtractedActor(name=name, kind=kind) for name, kind in actors],
        meetings=meetings,
    )


def test_identity_input_from_an_extraction_carries_the_cues():
    from events.pipeline.identity import identity_input_from_extraction

    extraction = _extraction(
        ["Russia", "Türkiye"],
        ["Qatar"],
        actors=[("Ukraine", "state")],
        host="Türkiye",
        title="talks",
        topic="prisoner swap",
    )
    report = identity_input_from_extraction(extraction, title="Istanbul talks resume")
    assert report.actors == (
        ActorCue("Russia", PARTY),
        ActorCue("Türkiye", PARTY),
        ActorCue("Qatar", MEDIATOR),
        ActorCue("Türkiye", HOST),
        ActorCue("Ukraine", MENTIONED, "state"),
    )
    assert report.names == ("Istanbul talks resume", "talks", "prisoner swap")


def test_identity_apply_points_the_extraction_at_the_known_process():
    from events.pipeline.identity import identity_apply

    extraction = identity_apply(_extraction(["Egypt", "Hamas"]), known=KNOWN)
    assert extraction.negotiation.known_id == GAZA.id
    assert extraction.negotiation.parties == ["Israel", "Hamas"]
    assert extraction.negotiation.mediators == ["Egypt"]
    assert extraction.negotiation.title == GAZA.title


def test_identity_apply_proposes_a_new_process_with_only_its_parties():
    from events.pipeline.identity import identity_apply

    extraction = identity_apply(_extraction(["Thailand", "Cambodia"], ["Malaysia"], topic="border"), known=KNOWN)
    assert extraction.negotiation.known_id is None
    assert (extraction.negotiation.parties, extraction.negotiation.mediators) == (
        ["Thailand", "Cambodia"],
        ["Malaysia"],
    )
    assert extraction.negotiation.topic == "border"


def test_identity_apply_leaves_no_negotiation_when_the_process_cannot_be_told():
    from events.pipeline.identity import identity_apply

    assert identity_apply(_extraction(["United States", "Qatar"]), known=KNOWN).negotiation is None


def test_reference_processes_have_negative_ids_that_never_become_a_known_id():
    from events.pipeline.identity import identity_apply

    assert all(n.id < 0 for n in REFERENCE)
    extraction = identity_apply(_extraction(["Israel", "Hamas"]), known=REFERENCE)
    assert extraction.negotiation.known_id is None
    assert extraction.negotiation.title == "Israel-Hamas talks on Gaza"


def test_a_side_hosting_talks_in_its_own_capital_stays_a_side_of_a_new_negotiation():
    result = identify(("Ecuador", PARTY), ("Peru", PARTY), ("Peru", HOST))
    assert result.is_new
    assert result.parties == ("Ecuador", "Peru")
    assert result.mediators == ()


def test_the_record_gets_the_usual_mediators_that_act_in_the_report_not_those_only_mentioned():
    # Russia and Ukraine meet in Istanbul with Türkiye's minister; earlier rounds "in Saudi Arabia" and
    # a venue that never mediated (a conference in Vilnius) are no mediators of this report.
    result = identify(
        ("Russia", PARTY),
        ("Ukraine", PARTY),
        ("Türkiye", ACTS),
        ("Türkiye", HOST),
        ("Saudi Arabia", MENTIONED),
        ("Lithuania", HOST),
    )
    assert result.negotiation == UKRAINE
    assert result.mediators == ("Türkiye",)


def test_a_usual_mediator_named_as_talking_is_a_mediator_of_the_record():
    result = identify(("Egypt", PARTY), ("Hamas", PARTY), ("Qatar", ACTS))
    assert result.negotiation == GAZA
    assert result.mediators == ("Egypt", "Qatar")
