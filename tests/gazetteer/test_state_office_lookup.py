from events.pipeline.gazetteer import state_office_lookup


def test_it_attributes_a_state_office_to_its_state():
    assert state_office_lookup("the Turkish Foreign Ministry") == ("Türkiye", "Foreign Ministry")
    assert state_office_lookup("Foreign Ministry of Qatar") == ("Qatar", "Foreign Ministry")
    assert state_office_lookup("Egypt's Foreign Ministry") == ("Egypt", "Foreign Ministry")
    assert state_office_lookup("Iranian Ministry of Foreign Affairs") == ("Iran", "Ministry of Foreign Affairs")


def test_it_knows_named_offices():
    assert state_office_lookup("the Kremlin")[0] == "Russia"
    assert state_office_lookup("Quai d'Orsay")[0] == "France"
    assert state_office_lookup("U.S. State Department") == ("United States", "U.S. State Department")
    assert state_office_lookup("US State Department") == ("United States", "State Department")


def test_it_answers_none_for_non_offices():
    assert state_office_lookup("Hamas") is None
    assert state_office_lookup("the Foreign Ministry") is None
    assert state_office_lookup("Martian government") is None
    assert state_office_lookup("Congolese government") == ("Democratic Republic of the Congo", "government")
