"""People: titles, affiliations, and later mentions resolved to them."""

from events.pipeline.types import Gazetteer, KnownPerson
from tests.extraction.conftest import person


def test_it_puts_an_office_in_the_title_and_its_state_in_the_affiliation(extract):
    e = extract('"We are close," State Department spokesperson Matthew Miller said.')
    miller = person(e, "Matthew Miller")
    assert (miller.title, miller.affiliation) == ("State Department spokesperson", "United States")


def test_it_takes_the_affiliation_from_a_demonym_but_keeps_it_out_of_the_title(extract):
    e = extract("Iranian Foreign Minister Abbas Araghchi arrived in Muscat on Saturday.")
    araghchi = person(e, "Abbas Araghchi")
    assert (araghchi.title, araghchi.affiliation) == ("Foreign Minister", "Iran")


def test_it_takes_the_affiliation_of_a_group_the_person_is_listed_in(extract):
    e = extract(
        "Blinken held discussions with Turkish officials, including President Recep Tayyip Erdoğan and "
        "Foreign Minister Hakan Fidan."
    )
    assert person(e, "Recep Tayyip Erdoğan").affiliation == "Türkiye"
    assert person(e, "Hakan Fidan").affiliation == "Türkiye"


def test_it_takes_the_only_state_of_the_sentence_for_a_titled_person_without_one(extract):
    e = extract("Many observers in Armenia blame the delay on Prime Minister Nikol Pashinyan.")
    assert person(e, "Nikol Pashinyan").affiliation == "Armenia"


def test_it_leaves_the_affiliation_empty_when_the_sentence_names_two_states(extract):
    e = extract("Talks between Russia and Ukraine stalled, said President Vladimir Putin.")
    assert person(e, "Vladimir Putin").affiliation is None


def test_it_reads_title_comma_name(extract):
    e = extract(
        "The Democratic Republic of Congo signed the text in Doha. Congo's government spokesman, Patrick Muyaya, "
        "said the text respected the red lines."
    )
    muyaya = person(e, "Patrick Muyaya")
    assert muyaya.title == "government spokesman"
    assert muyaya.affiliation == "Democratic Republic of the Congo"


def test_it_resolves_surnames_and_title_references_to_the_person(extract):
    text = (
        "Ukrainian Defence Minister Rustem Umerov led the delegation in Istanbul on Friday.\n"
        '"We agreed on a large exchange of prisoners of war," Umerov said.\n'
        '"This is only the first step," the defence minister added.'
    )
    e = extract(text, published="2025-05-16")
    assert {s.speaker_person for s in e.statements if s.kind == "direct"} == {"Rustem Umerov"}


def test_it_merges_a_shorter_spelling_into_the_full_name(extract):
    e = extract("President Recep Tayyip Erdoğan hosted the talks. Tayyip Erdogan said Ankara was ready to help.")
    assert [p.name for p in e.people] == ["Recep Tayyip Erdoğan"]


def test_it_uses_people_the_database_knows(extract):
    known = KnownPerson(
        id=42, name="Steven Witkoff", title="Special Envoy", affiliation="United States", aliases=("Steve Witkoff",)
    )
    from events.pipeline.gazetteer import default_gazetteer

    gaz = Gazetteer(actors=default_gazetteer().actors, people=[known])
    e = extract('"We had a productive meeting," Steve Witkoff told reporters.', gaz=gaz)
    witkoff = person(e, "Steven Witkoff")
    assert (witkoff.known_id, witkoff.affiliation) == (42, "United States")
    assert e.statements[0].speaker_person == "Steven Witkoff"


def test_it_does_not_take_places_or_media_for_people(extract):
    e = extract("Trump wrote on Truth Social that the leaders met in Sharm el-Sheikh and the Gaza Strip was calm.")
    names = {p.name for p in e.people}
    assert "Truth Social" not in names and "Gaza Strip" not in names and "Sharm el-Sheikh" not in names


def test_it_keeps_a_person_whose_surname_is_also_an_actor(extract):
    e = extract("Therese Kayikwamba Wagner, the Congolese foreign minister, signed the text.")
    wagner = person(e, "Therese Kayikwamba Wagner")
    assert wagner.affiliation == "Democratic Republic of the Congo"
    assert "Wagner Group" not in {a.name for a in e.actors}


def test_it_does_not_take_bylines_for_people(extract):
    e = extract("Kyiv said the talks went well.\nReporting by Olena Harmash; Editing by Kevin Liffey")
    assert e.people == []


def test_it_reads_of_state_after_a_name(extract):
    e = extract("Zelensky met President Recep Tayyip Erdogan of Turkey in Ankara.")
    assert person(e, "Recep Tayyip Erdogan").affiliation == "Türkiye"


def test_it_gives_a_counterpart_the_title_of_the_person_it_mirrors(extract):
    e = extract(
        "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun Bayramov met in Almaty."
    )
    bayramov = person(e, "Jeyhun Bayramov")
    assert (bayramov.title, bayramov.affiliation) == ("Foreign Minister", "Azerbaijan")


def test_it_gives_an_aide_the_side_of_the_leader_they_serve(extract):
    e = extract(
        "Kremlin spokesman Dmitry Peskov said Putin was ready. Yuri Ushakov, a foreign policy aide to "
        "Russian President Vladimir Putin, confirmed it."
    )
    assert person(e, "Yuri Ushakov").affiliation == "Russia"


def test_it_replaces_an_honorific_by_the_office(extract):
    e = extract(
        "Sheikh Mohammed bin Abdulrahman Al Thani spoke in Doha. Qatari Prime Minister Mohammed bin "
        "Abdulrahman Al Thani said the deal was done."
    )
    assert person(e, "Mohammed bin Abdulrahman Al Thani").title == "Prime Minister"


def test_it_keeps_an_office_alias_that_overlaps_the_title(extract):
    e = extract("Hamas political bureau member Basem Naim said the group had accepted the proposal.")
    naim = person(e, "Basem Naim")
    assert (naim.title, naim.affiliation) == ("Hamas political bureau member", "Hamas")


def test_it_reads_an_apposition_with_an_of_phrase(extract):
    e = extract('"We are here to work," said Vladimir Medinsky, the head of the Russian delegation.')
    medinsky = person(e, "Vladimir Medinsky")
    assert (medinsky.title, medinsky.affiliation) == ("head of the Russian delegation", "Russia")


def test_it_takes_a_one_word_speaker_seen_mid_sentence_but_not_capitalised_nouns(extract):
    text = (
        "Officials said the talks would resume. Putin, speaking in Moscow, said Russia was ready.\n"
        '"We are open to dialogue," Putin said. Analysts said little had changed; Reuters said the meeting was set.'
    )
    e = extract(text)
    assert [p.name for p in e.people] == ["Putin"]
    assert e.statements[0].speaker_person == "Putin"


def test_it_reads_title_to_place_comma_name_with_the_side_of_the_prefix(extract):
    e = extract("Ukraine's ambassador to the U.S., Oksana Markarova, said Kyiv welcomed the call.")
    markarova = person(e, "Oksana Markarova")
    assert (markarova.title, markarova.affiliation) == ("ambassador to the U.S.", "Ukraine")


def test_it_gives_people_representing_a_side_that_side(extract):
    e = extract(
        "Russia is represented by Grigory Karasin, the head of the Federation Council's international affairs "
        "committee, and Sergei Beseda, an adviser to the director of the Federal Security Service (FSB)."
    )
    assert person(e, "Grigory Karasin").affiliation == "Russia"
    beseda = person(e, "Sergei Beseda")
    assert (beseda.title, beseda.affiliation) == ("adviser to the director of the Federal Security Service", "Russia")


def test_it_reads_an_apposition_followed_by_and(extract):
    e = extract(
        "Also taking part were Kirill Dmitriev, the head of the Russian Direct Investment Fund and the "
        "Russian president's special envoy for investment."
    )
    dmitriev = person(e, "Kirill Dmitriev")
    assert (dmitriev.title, dmitriev.affiliation) == ("head of the Russian Direct Investment Fund", "Russia")


def test_it_accepts_a_titled_name_that_starts_with_a_states_name(extract):
    e = extract('Israeli Defense Minister Israel Katz said the army would stay. "We will not withdraw," Katz said.')
    assert [(p.name, p.affiliation) for p in e.people] == [("Israel Katz", "Israel")]
    assert e.statements[0].speaker_person == "Israel Katz"


def test_it_takes_the_office_named_just_before_for_a_person_with_only_an_honorific(extract):
    text = (
        "Israel and Hamas have agreed to a ceasefire deal, Qatar\u2019s prime minister announced on Wednesday.\n"
        "\u201cThe two warring parties have reached an agreement,\u201d Sheikh Mohammed bin Abdulrahman Al Thani "
        "told a news conference in Doha."
    )
    al_thani = person(extract(text, published="2025-01-16"), "Mohammed bin Abdulrahman Al Thani")
    assert (al_thani.title, al_thani.affiliation) == ("prime minister", "Qatar")


def test_it_gives_his_spokeswoman_the_side_of_the_person_she_speaks_for(extract):
    e = extract(
        "Armenian Foreign Minister Ararat Mirzoyan did not respond, but his spokeswoman Ani Badalyan said "
        "the minister had said everything."
    )
    badalyan = person(e, "Ani Badalyan")
    assert (badalyan.title, badalyan.affiliation) == ("spokeswoman", "Armenia")


def test_it_reads_an_apposition_followed_by_a_nickname(extract):
    e = extract(
        "Mohamed Hamdan Dagalo, the RSF commander widely known as Hemedti, had said his fighters would not stop."
    )
    dagalo = person(e, "Mohamed Hamdan Dagalo")
    assert (dagalo.title, dagalo.affiliation) == ("commander", "Rapid Support Forces")
