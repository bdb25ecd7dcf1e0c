from events.pipeline.gazetteer import title_lookup, title_of_patterns, title_variants


def test_it_reads_plain_titles_in_any_case():
    assert title_lookup("Foreign Minister").title.title == "Foreign Minister"
    assert title_lookup("foreign minister").title.title == "Foreign Minister"
    assert title_lookup("Minister of Foreign Affairs").title.title == "Foreign Minister"
    assert title_lookup("spokeswoman").title.title == "Spokesperson"
    assert title_lookup("Secretary of State").title.title == "Secretary of State"


def test_it_peels_prefixes_and_adjusts_rank():
    match = title_lookup("former Deputy Prime Minister")
    assert match.title.title == "Prime Minister"
    assert [p.prefix for p in match.prefixes] == ["Former", "Deputy"]
    assert match.rank == 3
    assert match.current is False
    assert match.speaks_for_state is False
    assert title_lookup("Vice-President").canonical == "Vice President"
    assert title_lookup("acting Defense Secretary").speaks_for_state is True


def test_it_reads_the_affiliation_inside_a_title():
    match = title_lookup("State Department spokesperson")
    assert (match.title.title, match.affiliation) == ("Spokesperson", "United States")
    assert title_lookup("Turkish Foreign Minister").affiliation == "Türkiye"
    assert title_lookup("Foreign Minister of Qatar").affiliation == "Qatar"
    assert title_lookup("Israeli Prime Minister").affiliation == "Israel"
    assert title_lookup("the Kremlin's spokesman").affiliation == "Russia"
    assert title_lookup("Hamas political chief").affiliation == "Hamas"


def test_it_ranks_senior_offices_above_aides():
    assert title_lookup("President").rank < title_lookup("Foreign Minister").rank < title_lookup("aide").rank
    assert title_lookup("President").title.senior is True
    assert title_lookup("aide").title.senior is False
    assert title_lookup("analyst").title.speaks_for_state is False


def test_it_rejects_words_that_are_not_titles():
    assert title_lookup("said") is None
    assert title_lookup("Blinken") is None
    assert title_lookup("Turkish") is None
    assert title_lookup("") is None


def test_it_offers_variants_longest_first_for_a_phrase_matcher():
    surfaces = [surface.casefold() for surface, _ in title_variants()]
    assert surfaces.index("national security adviser") < surfaces.index("adviser")
    assert "head of" in title_of_patterns()


def test_it_reads_portfolios_prefixes_before_actors_and_compounds():
    assert title_lookup("Energy Minister").canonical == "Energy Minister"
    assert title_lookup("Minister for Refugees").domain == "Refugees"
    senior = title_lookup("senior Hamas official")
    assert (senior.title.title, senior.affiliation, [p.prefix for p in senior.prefixes]) == (
        "Official",
        "Hamas",
        ["Senior"],
    )
    both = title_lookup("Qatari Prime Minister and Foreign Minister")
    assert (both.title.title, both.affiliation) == ("Prime Minister", "Qatar")
    assert title_lookup("spokesperson for the Qatari Foreign Ministry").affiliation == "Qatar"
    assert title_lookup("the foreign minister").title.title == "Foreign Minister"


def test_it_keeps_words_that_name_no_actor_as_the_qualifier():
    envoy = title_lookup("Trump's special envoy")
    assert (envoy.title.title, envoy.affiliation, envoy.qualifier) == ("Special Envoy", None, "Trump's")
    assert title_lookup("Special Envoy for the Middle East").qualifier == "for the Middle East"
    assert title_lookup("government spokesman").qualifier == "government"
    assert title_lookup("Secretary of the Security Council").title.title == "Secretary"  # not Secretary of State
    assert title_lookup("Egyptian security sources") is None
    assert title_lookup("Blinken's plane") is None


def test_it_names_the_state_a_title_implies_unless_another_is_named():
    assert title_lookup("Secretary of State").state == "United States"
    assert title_lookup("Taoiseach").state == "Ireland"
    assert title_lookup("Foreign Minister").state is None
    assert title_lookup("Turkish Foreign Minister").state == "Türkiye"
