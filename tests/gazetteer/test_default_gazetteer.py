"""The general gazetteer as read from the data files (pure: no database)."""

import pycountry

from events.pipeline import gazetteer as g


def _actor(name):
    return next(a for a in g.default_gazetteer().actors if a.name == name)


def _resolve(alias):
    return {e.actor for e in g.alias_entries(alias)}


def test_it_names_states_as_journalists_do():
    names = {a.name for a in g.default_gazetteer().actors if a.kind == "state"}
    for name in [
        "Iran",
        "Russia",
        "Syria",
        "South Korea",
        "North Korea",
        "Türkiye",
        "United States",
        "United Kingdom",
        "Democratic Republic of the Congo",
        "Republic of the Congo",
        "Palestine",
        "Vietnam",
    ]:
        assert name in names
    assert not [n for n in names if ", " in n], "pycountry's inverted names must not be canonical"


def test_it_covers_every_inhabited_pycountry_country_once_with_its_iso_code():
    states = [a for a in g.default_gazetteer().actors if a.kind == "state"]
    isos = [a.iso_code for a in states if a.iso_code]
    assert len(isos) == len(set(isos))
    # De facto states that ISO 3166 lacks have no code.
    assert {a.name for a in states if not a.iso_code} >= {"Somaliland", "Transnistria", "Northern Cyprus"}
    assert {"US", "TR", "IL", "QA", "EG", "RU", "UA", "SD", "AM", "AZ", "CD", "RW", "XK"} <= set(isos)
    assert len(states) >= len(pycountry.countries) - 10
    assert "AQ" not in isos  # Antarctica is no party to talks


def test_it_has_unique_canonical_names():
    keys = [g.normalize_name(a.name) for a in g.default_gazetteer().actors]
    assert len(keys) == len(set(keys))


def test_it_resolves_the_aliases_reports_use():
    assert _resolve("U.S.") == {"United States"}
    assert _resolve("US") == {"United States"}
    assert _resolve("Washington") == {"United States"}
    assert _resolve("State Department") == {"United States"}
    assert _resolve("Turkey") == {"Türkiye"}
    assert _resolve("Turkish") == {"Türkiye"}
    assert _resolve("Ankara") == {"Türkiye"}
    assert _resolve("Kremlin") == {"Russia"}
    assert _resolve("the Kremlin") == {"Russia"}
    assert _resolve("Kiev") == {"Ukraine"}
    assert _resolve("Downing Street") == {"United Kingdom"}
    assert _resolve("Élysée") == {"France"}
    assert _resolve("Israelis") == {"Israel"}
    assert _resolve("Houthi") == {"Houthis"}
    assert _resolve("Ansar Allah") == {"Houthis"}
    assert _resolve("RSF") == {"Rapid Support Forces"}
    assert _resolve("Red Cross") == {"International Committee of the Red Cross"}
    assert _resolve("Congolese") == {"Democratic Republic of the Congo"}  # the Congo reports mean


def test_it_gives_organisations_their_kinds():
    assert _actor("Hamas").kind == "armed_group"
    assert _actor("Hezbollah").kind == "armed_group"
    assert _actor("United Nations").kind == "international_organisation"
    assert _actor("Fatah").kind == "political_party"
    assert _actor("International Committee of the Red Cross").kind == "ngo"
    assert _actor("Palestinian Authority").kind == "government_body"
    organisations = [a for a in g.default_gazetteer().actors if a.kind != "state"]
    assert len(organisations) >= 60


def test_it_tells_demonyms_from_names():
    assert g.alias_kind("Turkish") == g.DEMONYM
    assert g.is_demonym("Turkish")
    assert not g.is_demonym("Türkiye")
    assert not g.is_demonym("Turkey")
    assert g.alias_kind("Türkiye") == g.NAME
    assert g.alias_kind("Ankara") == g.CAPITAL
    assert g.alias_kind("Pentagon") == g.OFFICE
    assert g.is_demonym("U.S.")  # "U.S. officials"
    assert g.is_demonym("the Israelis")
    assert not g.is_demonym("Khan")  # no guessing from suffixes
    assert g.alias_kind("U.S.") == g.ABBREVIATION


def test_it_has_demonyms_for_the_newsworthy_states():
    with_demonyms = {e.name for e in g.state_entries() if any(a.kind == g.DEMONYM for a in e.aliases)}
    assert len(with_demonyms) >= 120


def test_it_marks_ambiguous_aliases():
    for alias in ["Georgia", "Jordan", "Chad", "Turkey", "Palestinian", "Congolese", "Dominican"]:
        assert g.is_ambiguous(alias), alias
    assert not g.is_ambiguous("Turkish")
    assert not g.is_ambiguous("Hamas")


def test_it_never_lists_an_actor_name_among_its_own_aliases():
    for actor in g.default_gazetteer().actors:
        keys = [g.normalize_name(a) for a in actor.aliases]
        assert g.normalize_name(actor.name) not in keys, actor.name
        assert len(keys) == len(set(keys)), actor.name


def test_it_ignores_a_leading_article_and_a_possessive():
    assert _resolve("the Pentagon's") == {"United States"}
    assert _resolve("Russia's") == {"Russia"}
    assert _resolve("the Houthis") == {"Houthis"}
    assert _resolve("Hamas'") == {"Hamas"}


def test_it_shares_an_alias_between_actors_only_when_marked_ambiguous():
    for key, entries in g._alias_index().items():
        if len({e.actor for e in entries}) > 1:
            assert all(e.ambiguous for e in entries), key


def test_it_keeps_generic_institution_names_out_of_any_one_state():
    # Every state has a "Prime Minister's Office" or a "Royal Court": they must not resolve to one state.
    for name in ["Prime Minister's Office", "Royal Court", "Foreign Ministry", "Chancellery", "government"]:
        assert _resolve(name) == set(), name


def test_it_knows_the_actors_of_other_negotiations():
    assert _resolve("Verkhovna Rada") == {"Ukraine"}
    assert _resolve("Kremlin") == {"Russia"}
    assert _resolve("Supreme National Security Council") == {"Iran"}
    assert _resolve("E3") == {"E3"}
    assert _resolve("Omani") == {"Oman"}
    assert _resolve("Sovereignty Council") == {"Sudan"}
    assert _resolve("SAF") == {"Sudanese Armed Forces"}
    assert _resolve("Azeri") == {"Azerbaijan"}
    assert _resolve("Armenian") == {"Armenia"}
    assert _resolve("FARDC") == {"Democratic Republic of the Congo"}
    assert _resolve("Rwanda Defence Force") == {"Rwanda"}
    assert _resolve("AFC/M23") == {"Congo River Alliance"}
    assert _resolve("Hamas political bureau") == {"Hamas"}
