def actors(e):
    return {a.name: (a.kind, a.known_id) for a in e.actors}


def test_it_adds_an_unknown_organisation_whose_name_says_so(extract):
    e = extract("The Sudan Liberation Movement said on Monday that its fighters had repelled an attack.")
    assert actors(e)["Sudan Liberation Movement"] == ("armed_group", None)
    assert e.statements[0].speaker_actor == "Sudan Liberation Movement"


def test_it_leaves_a_states_own_body_to_the_state(extract):
    e = extract("The Russian Armed Forces and the UN Security Council were not involved.")
    names = set(actors(e))
    assert "Russian Armed Forces" not in names and "Russia" in names
    assert not any(" and " in name for name in names)


def test_it_does_not_invent_an_organisation_from_a_plain_capitalised_word(extract):
    e = extract("The Council met on Monday in Brussels to discuss the ceasefire.")
    assert all(kind != "armed_group" for kind, _ in actors(e).values())
    assert "Council" not in actors(e)
