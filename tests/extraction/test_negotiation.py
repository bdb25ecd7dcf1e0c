"""The negotiation: parties, mediators, topic, and matching a known one."""

from events.pipeline.types import Gazetteer, KnownNegotiation

SUDAN = (
    "Talks between the Sudanese Armed Forces and the Rapid Support Forces resumed in Jeddah on Monday. "
    "Saudi Arabia and the United States, which are mediating, urged both sides to respect the truce."
)


def test_it_reads_parties_from_between_x_and_y(extract):
    n = extract(SUDAN).negotiation
    assert n.parties == ["Sudanese Armed Forces", "Rapid Support Forces"]


def test_it_reads_mediators_from_mediation_cues_and_not_the_parties(extract):
    n = extract(SUDAN).negotiation
    assert sorted(n.mediators) == ["Saudi Arabia", "United States"]


def test_it_reads_parties_from_a_hyphenated_pair(extract):
    n = extract("The Armenia-Azerbaijan peace treaty is nearly agreed, officials said.").negotiation
    assert n.parties == ["Armenia", "Azerbaijan"]
    assert n.topic == "Armenia-Azerbaijan peace treaty"


def test_it_builds_the_topic_from_the_noun_phrase_before_between(extract):
    n = extract(
        "Qatar said a potential cease-fire and hostage exchange deal between Israel and Hamas was close."
    ).negotiation
    assert n.topic == "Israel-Hamas cease-fire and hostage exchange deal"


def test_it_does_not_count_a_place_as_a_mediator(extract):
    n = extract(
        "Talks between Russia and Ukraine were held in Istanbul, Türkiye, where the two sides "
        "pushed for a deal on prisoners."
    ).negotiation
    assert "Türkiye" not in n.mediators


def test_it_matches_a_known_negotiation_by_parties_and_topic(extract, gazetteer):
    gaz = Gazetteer(
        actors=gazetteer.actors,
        negotiations=[
            KnownNegotiation(id=7, title="Russia-Ukraine peace talks", parties=("Russia", "Ukraine")),
            KnownNegotiation(id=8, title="US-Iran nuclear talks", parties=("United States", "Iran")),
        ],
    )
    n = extract("Peace talks between Ukraine and Russia resumed in Istanbul.", gaz=gaz).negotiation
    assert n.known_id == 7


def test_it_makes_an_envoys_side_a_mediator_and_not_a_party(extract):
    text = (
        "U.S. special envoy for Sudan Tom Perriello said the talks had made progress.\n"
        "The Sudanese Armed Forces boycotted the talks with the Rapid Support Forces, co-hosted by Saudi Arabia "
        "and Switzerland."
    )
    n = extract(text).negotiation
    assert sorted(n.parties) == ["Rapid Support Forces", "Sudanese Armed Forces"]
    assert "United States" in n.mediators


def test_it_ignores_a_separate_deal_between_other_sides(extract):
    text = (
        "The Democratic Republic of Congo and the M23 rebels signed a declaration of principles in Doha on Saturday.\n"
        "Qatar hosted the talks.\nThe United States brokered a separate deal between Congo and Rwanda in June."
    )
    n = extract(text, published="2025-07-20").negotiation
    assert "Rwanda" not in n.parties


def test_it_does_not_make_a_side_meetings_host_a_mediator(extract):
    text = (
        "Iran and the United States held a second round of indirect talks in Rome on Saturday, mediated by Oman.\n"
        "Before the talks, Iranian Foreign Minister Abbas Araghchi met Italian Foreign Minister Antonio Tajani."
    )
    n = extract(text, published="2025-04-19").negotiation
    assert sorted(n.parties) == ["Iran", "United States"]
    assert n.mediators == ["Oman"]
