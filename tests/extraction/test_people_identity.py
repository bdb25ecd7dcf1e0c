"""People rows are real people, one per person: no institution, outlet, document, feast or place read as a
name, no name cut short, and the forms one report gives a person's name resolved to that person."""

from events.text import normalize_name
from tests.extraction.conftest import person


def names(extraction) -> list[str]:
    return sorted(p.name for p in extraction.people)


# --- not people ----------------------------------------------------------------------------------


def test_it_never_reads_a_ministry_speaking_as_a_person(extract):
    e = extract(
        "RIYADH, Sept. 2 (Newswire) - Saudi Arabia and the United States urged both Sudanese sides to return "
        "to Jeddah, the Ministry of Foreign Affairs said in a statement.\n"
        "The Federal Department of Foreign Affairs said on Wednesday it was ready to host a new round, and "
        "Egypt's Ministry of Water Resources and Irrigation said talks on the dam had stalled."
    )
    assert names(e) == []


def test_it_never_reads_the_end_of_a_documents_title_as_a_person(extract):
    e = extract(
        "JEDDAH, May 21 - Mediators said the Jeddah Declaration of Commitment to Protect Civilians remained "
        "the basis for any truce.\n"
        "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War said 84 soldiers had come home."
    )
    assert names(e) == []


def test_it_never_reads_an_outlet_or_a_platform_as_a_person(extract):
    e = extract(
        '"We will not give the occupation more time," Osama Hamdan told Al Jazeera from Beirut.\n'
        "A senior official told the Saudi daily Asharq Al-Awsat that gaps remained, and Le Monde reported "
        "that a draft was circulating. Ukrinform said the talks would resume on Monday.\n"
        "Foreign Minister Andrii Sybiha wrote on Telegram that Kyiv was ready."
    )
    assert names(e) == ["Andrii Sybiha", "Osama Hamdan"]


def test_it_never_reads_a_feast_or_a_place_named_after_someone_as_a_person(extract):
    e = extract(
        "KYIV, Aug. 20 - Officials hope for a truce by Aug. 24, the country's Independence Day, and a new round "
        "is expected in Riyadh after Eid al-Fitr.\n"
        "The blast hit Iran's Shahid Rajaee port near Bandar Abbas on Saturday, officials said."
    )
    assert names(e) == []


def test_it_keeps_a_middle_initial_inside_the_name(extract):
    e = extract(
        "PARIS, Jan. 28 - CIA Director William J. Burns, Mossad Director David Barnea and Qatar's prime minister "
        "met in Paris on Sunday, people familiar with the talks said."
    )
    assert "William J. Burns" in names(e)
    assert not any(n.endswith(" J") for n in names(e))


def test_it_reads_a_korean_given_name_with_its_hyphen_whole(extract):
    e = extract(
        "SEOUL, June 30 (Newswire) - South Korean President Moon Jae-in welcomed the meeting with the North's "
        "leader Kim Jong-un in the Demilitarised Zone."
    )
    assert names(e) == ["Kim Jong-un", "Moon Jae-in"]


def test_it_still_reads_a_person_whose_surname_follows_a_dash(extract):
    e = extract(
        "Secretary of State Antony Blinken met Turkish officials in Ankara.\n"
        "According to the spokesman, Blinken-who visited Jordan last week-pressed for a deal."
    )
    assert names(e) == ["Antony Blinken"]


def test_it_drops_a_plural_title_from_two_names(extract):
    e = extract(
        "BAKU, Jan. 14 - Deputy Prime Ministers Mher Grigoryan and Shahin Mustafayev chaired the border "
        "commission's meeting on Tuesday."
    )
    assert names(e) == ["Mher Grigoryan", "Shahin Mustafayev"]


# --- one row per person ----------------------------------------------------------------------------


def test_it_takes_a_shorter_patronymic_form_as_the_person_named_in_full(extract):
    e = extract(
        "DOHA, March 4 (Newswire) - Sheikh Mohammed bin Abdulrahman Al Thani, Qatar's prime minister, received "
        "the Hamas delegation on Monday.\n"
        "According to the foreign ministry, Sheikh Mohammed bin Abdulrahman also called Egypt's intelligence "
        'chief. "We are in a decisive week," Al Thani said.'
    )
    qatari = person(e, "Mohammed bin Abdulrahman Al Thani")
    assert [p.name for p in e.people] == ["Mohammed bin Abdulrahman Al Thani"]
    assert "Mohammed bin Abdulrahman" in qatari.aliases


def test_it_upgrades_a_surname_read_first_to_the_full_name_read_later(extract):
    e = extract(
        '"We will not allow anyone to drag us back," Galvez told reporters after the meeting in Manila.\n'
        "On Monday, Carlito Galvez Jr., the presidential adviser on the peace process, met rebel leaders."
    )
    assert [normalize_name(p.name) for p in e.people] == ["carlito galvez jr"]


def test_it_takes_a_transliteration_as_the_same_person(extract):
    e = extract(
        "KYIV, May 3 (Newswire) - President Volodymyr Zelensky said on Saturday Ukraine was ready for a "
        "30-day truce.\n"
        "(Translated from Ukrainian) The exchange will go ahead, Volodymyr Zelenskyy said in his evening address, "
        "after a call with Saudi Crown Prince Mohammed bin Salman. Muhammad bin Salman told him Riyadh would host."
    )
    assert names(e) == ["Mohammed bin Salman", "Volodymyr Zelensky"]
    assert "Volodymyr Zelenskyy" in person(e, "Volodymyr Zelensky").aliases


def test_it_keeps_two_people_who_share_a_surname_apart(extract):
    e = extract(
        "DOHA, Feb. 2 - Emir Tamim bin Hamad Al Thani received the envoy on Sunday, and Prime Minister Mohammed "
        "bin Abdulrahman Al Thani briefed him on the talks. Al Thani said the gaps were narrowing."
    )
    assert names(e) == ["Mohammed bin Abdulrahman Al Thani", "Tamim bin Hamad Al Thani"]


def test_it_keeps_a_generation_after_a_middle_initial(extract):
    e = extract(
        "HOUSTON, Nov. 2 - Former Secretary of State James A. Baker III said on Saturday the talks deserved time."
    )
    assert names(e) == ["James A. Baker III"]


def test_it_reads_a_name_after_the_conjunction_that(extract):
    e = extract("KYIV, May 14 (Newswire) - The presidential office said in a statement that Andriy Yermak would lead.")
    assert names(e) == ["Andriy Yermak"]


def test_it_never_reads_a_place_listed_after_another_as_a_person(extract):
    e = extract(
        "GAZA, Nov. 3 - Strikes hit Rafah, Khan Younis and Deir al-Balah overnight, and talks were held in "
        "Bandar Abbas and Ras Laffan, officials said. A meeting between Donald Trump and Vladimir Putin is planned."
    )
    assert names(e) == ["Donald Trump", "Vladimir Putin"]


def test_it_never_reads_a_headlines_run_of_capitalised_words_as_a_person(extract):
    e = extract(
        "LIVE: Israel Hamas Ceasefire Talks Resume In Cairo\n"
        "12:05 Egyptian Intelligence Chief Hassan Rashad Meets Hamas Delegation\n"
        "Egypt's intelligence chief Hassan Rashad met the Hamas delegation in Cairo, state media said.\n"
        "Read More: Trump Hails Great Progress In Ukraine Talks\n"
        "Sudan Army Chief Burhan Rejects Quad Truce Plan"
    )
    assert names(e) == ["Hassan Rashad"]


def test_it_never_reads_a_byline_with_the_reporters_title_as_a_person(extract):
    e = extract(
        "By Jane Doe, Senior Correspondent\n"
        "KINSHASA, July 20 - The framework signed in Doha sets out the next steps, government spokesman "
        "Patrick Muyaya said."
    )
    assert names(e) == ["Patrick Muyaya"]
