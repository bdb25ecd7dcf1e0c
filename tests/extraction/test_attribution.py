"""Quote attribution: each form of attribution news copy uses, on inline texts about different talks."""

import pytest

from tests.extraction.conftest import speakers


def test_it_attributes_a_quote_followed_by_name_said(extract):
    e = extract(
        'Russian Foreign Minister Sergei Lavrov spoke in Moscow.\n"We are ready to continue the contacts in '
        'Istanbul," Lavrov said.'
    )
    assert speakers(e) == {"We are ready to continue the contacts in Istanbul": "Sergei Lavrov"}


def test_it_attributes_said_followed_by_title_and_name(extract):
    e = extract('"The presidents did not discuss a date for a summit at all," said Kremlin aide Yuri Ushakov.')
    assert speakers(e) == {"The presidents did not discuss a date for a summit at all": "Yuri Ushakov"}
    assert e.statements[0].speaker_title == "Kremlin aide"


def test_it_attributes_name_said_colon_before_the_quote(extract):
    e = extract(
        'Ukrainian Foreign Minister Andrii Sybiha said: "Nothing about Ukraine can be decided without Ukraine."'
    )
    assert speakers(e) == {"Nothing about Ukraine can be decided without Ukraine.": "Andrii Sybiha"}


def test_it_attributes_told_a_briefing(extract):
    e = extract(
        '"The door to diplomacy remains open to Tehran," State Department spokesperson Tammy Bruce told a press '
        "briefing."
    )
    assert speakers(e) == {"The door to diplomacy remains open to Tehran": "Tammy Bruce"}


def test_it_resolves_he_said_to_the_last_subject(extract):
    text = (
        "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Washington on Friday.\n"
        'Pashinyan thanked the hosts. "We are opening a new page in the history of the South Caucasus," he said.'
    )
    assert speakers(extract(text, published="2025-08-09")) == {
        "We are opening a new page in the history of the South Caucasus": "Nikol Pashinyan"
    }


def test_it_continues_the_previous_speaker_in_a_quote_paragraph(extract):
    text = (
        '"The Jeddah platform is the only way forward for Sudan," said Sudanese Foreign Minister Ali Youssef.\n'
        '"We will not sit at the same table as the militia until it leaves the homes it occupies."'
    )
    e = extract(text)
    assert set(speakers(e).values()) == {"Ali Youssef"}
    assert len(e.statements) == 2


def test_it_splits_a_quote_around_its_attribution_into_two_statements(extract):
    text = (
        'Congolese Foreign Minister Therese Kayikwamba Wagner welcomed the text. "This is a first step," she said. '
        '"The withdrawal of Rwandan troops must now follow without delay."'
    )
    e = extract(text)
    assert speakers(e) == {
        "This is a first step": "Therese Kayikwamba Wagner",
        "The withdrawal of Rwandan troops must now follow without delay.": "Therese Kayikwamba Wagner",
    }


def test_it_reads_titles_after_names(extract):
    text = 'Sergei Lavrov, Russia\'s foreign minister, said: "The Istanbul talks were useful for both sides."'
    e = extract(text)
    assert speakers(e) == {"The Istanbul talks were useful for both sides.": "Sergei Lavrov"}
    lavrov = next(p for p in e.people if p.name == "Sergei Lavrov")
    assert (lavrov.title.lower(), lavrov.affiliation) == ("foreign minister", "Russia")


def test_it_gives_a_relayed_quote_to_whoever_said_it(extract):
    text = (
        "State Department spokesperson Matthew Miller spoke on Monday. According to Miller, Secretary of State "
        "Antony Blinken "
        'told Turkish Foreign Minister Hakan Fidan that "any influence they have with Hamas, now is the time to use '
        'it."'
    )
    assert speakers(extract(text, published="2024-12-17")) == {
        "any influence they have with Hamas, now is the time to use it.": "Antony Blinken"
    }


def test_it_gives_told_y_that_to_the_subject_not_the_listener(extract):
    text = (
        "Omani Foreign Minister Badr Albusaidi hosted the talks. U.S. envoy Steve Witkoff told Iranian Foreign "
        "Minister "
        'Abbas Araghchi that "we are prepared to resolve our differences through dialogue."'
    )
    assert speakers(extract(text)) == {"we are prepared to resolve our differences through dialogue.": "Steve Witkoff"}


def test_it_lets_an_institution_speak(extract):
    text = (
        "Iran's Foreign Ministry said in a statement that the talks in Muscat were indirect.\n"
        '"The talks took place in a constructive atmosphere based on mutual respect," the ministry said.'
    )
    e = extract(text)
    st = e.statements[0]
    assert (st.speaker_person, st.speaker_actor) == (None, "Iran")


def test_it_resolves_the_host_country(extract):
    text = (
        "Delegations of Armenia and Azerbaijan held talks in Almaty on Friday.\n"
        '"The sides agreed to continue work on the draft peace treaty," the host country said in a statement.'
    )
    st = extract(text, published="2024-05-11").statements[0]
    assert st.speaker_actor == "Kazakhstan"


def test_it_does_not_give_a_quote_to_a_person_named_inside_it(extract):
    text = (
        "Deputy spokesperson Vedant Patel briefed reporters. Secretary of State Antony Blinken visited Cairo last "
        "week.\n"
        '"I can tell you that the foreign minister came back and told the Secretary (Blinken) that they were pushing '
        'for a deal," he continued.'
    )
    assert set(speakers(extract(text, published="2024-12-17")).values()) == {"Vedant Patel"}


def test_it_merges_words_said_by_the_institution_and_then_its_spokesperson(extract):
    text = (
        'The U.S. on Monday cautioned that "a very small number of differences" still remained.\n'
        'State Department spokesperson Matthew Miller emphasized that there is a "very small number of differences" '
        "between the parties."
    )
    e = extract(text, published="2024-12-17")
    direct = [s for s in e.statements if s.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].speaker_person == "Matthew Miller"


def test_it_skips_quotes_nobody_is_said_to_have_said(extract):
    e = extract('The so-called "coalition of the willing for Ukraine" met again in Paris.')
    assert [s for s in e.statements if s.kind == "direct"] == []


@pytest.mark.parametrize("mark_open,mark_close", [("\u201c", "\u201d"), ('"', '"')])
def test_it_records_the_span_of_the_quote_and_its_sentence(extract, mark_open, mark_close):
    text = (
        f"{mark_open}We want a just and lasting peace,{mark_close} Zelensky's chief of staff Andriy Yermak said "
        f"on Tuesday."
    )
    st = extract(text).statements[0]
    assert text[st.span.start : st.span.end] == "We want a just and lasting peace"
    assert st.span.sentence == text
    assert st.speaker_person == "Andriy Yermak"
    assert str(st.said_on) == "2025-03-18"


def test_it_prefers_the_speaker_the_paragraph_introduces_over_the_previous_paragraph(extract):
    text = (
        '"The door remains open," a senior U.S. official said.\n'
        "Sudan's army chief Abdel Fattah al-Burhan spoke in Port Sudan on Tuesday. "
        '"We will not go to Geneva under these conditions," the general told his troops.'
    )
    assert speakers(extract(text, published="2024-08-15")) == {
        "The door remains open": "United States",
        "We will not go to Geneva under these conditions": "Abdel Fattah al-Burhan",
    }


def test_it_resolves_a_surname_written_without_its_article(extract):
    text = (
        "Sudanese army chief Abdel Fattah al-Burhan addressed officers.\n"
        '"We will not go to Geneva under these conditions," Burhan said Tuesday.'
    )
    st = extract(text, published="2024-08-15").statements[0]
    assert (st.speaker_person, str(st.said_on)) == ("Abdel Fattah al-Burhan", "2024-08-13")


def test_it_does_not_date_a_quote_by_a_relative_clause_about_something_else(extract):
    text = (
        "KYIV — Ukrainian President Volodymyr Zelenskyy spoke on Thursday.\n"
        "Zelenskyy, who visited Washington last month, said he would not accept any deal. "
        "\u201cNothing about Ukraine can be decided without Ukraine,\u201d Zelenskyy wrote on X."
    )
    st = extract(text, published="2025-10-17").statements[0]
    assert (str(st.said_on), st.said_on_precision) == ("2025-10-16", "day")


def test_it_keeps_she_off_a_man_it_knows_as_mr(extract):
    text = (
        "EU foreign policy chief Kaja Kallas met Russian Foreign Minister Sergei Lavrov in Geneva. "
        "Mr. Lavrov spoke first.\n\u201cWe will keep up the pressure on Moscow,\u201d she said."
    )
    assert speakers(extract(text)) == {"We will keep up the pressure on Moscow": "Kaja Kallas"}


def test_it_resolves_the_kremlin_official(extract):
    text = (
        "Kremlin aide Yuri Ushakov briefed reporters after the talks with U.S. envoy Steve Witkoff.\n"
        '"The conversation was useful and constructive," the Kremlin official said.'
    )
    st = extract(text).statements[0]
    assert (st.speaker_person, st.speaker_title) == ("Yuri Ushakov", "Kremlin aide")


def test_it_records_the_setting_of_a_statement(extract):
    e = extract(
        '"The negotiations have been productive in recent days," State Department spokesperson Matthew Miller '
        "told a press briefing."
    )
    assert e.statements[0].setting == "press briefing"


def test_it_gives_an_anonymous_officials_words_to_their_side(extract):
    text = (
        "An Israeli official, who spoke on condition of anonymity, said Israel was studying the text. "
        "\u201cThere are still gaps on the number of prisoners to be released,\u201d the official said."
    )
    st = extract(text).statements[0]
    assert (st.speaker_person, st.speaker_actor) == (None, "Israel")


def test_it_leaves_a_quote_unattributed_rather_than_guess_the_previous_speaker(extract):
    text = (
        '"We are ready to sign," Armenian Foreign Minister Ararat Mirzoyan said.\n'
        'Meanwhile, a spokesperson\'s office said in a statement: "Nothing has been agreed until everything is agreed."'
    )
    assert speakers(extract(text)) == {"We are ready to sign": "Ararat Mirzoyan"}


def test_it_lets_a_government_described_with_modifiers_speak_through_its_ministry(extract):
    text = (
        "Sudan\u2019s army-aligned government said in a statement that it had not been consulted. "
        "\u201cNo conference on Sudan can succeed while excluding the Sudanese state,\u201d the foreign ministry said."
    )
    assert speakers(extract(text)) == {"No conference on Sudan can succeed while excluding the Sudanese state": "Sudan"}


def test_it_does_not_date_quotes_by_the_dateline(extract):
    text = (
        "ISTANBUL, May 16 (Reuters) - Russian Foreign Minister Sergei Lavrov arrived in Istanbul on Thursday.\n"
        'Lavrov was blunt. "The ball is in Kyiv\'s court, and everybody knows it," the Russian foreign minister said.'
    )
    st = extract(text, published="2025-05-16").statements[0]
    assert (st.speaker_person, str(st.said_on)) == ("Sergei Lavrov", "2025-05-15")


def test_it_gives_the_ministry_of_a_statement_from_it_and_not_a_group_named_before_a_leader(extract):
    text = (
        "M23 leader Bertrand Bisimwa said on X that the movement remained committed to peace.\n"
        "Qatar's Minister of State Mohammed Al-Khulaifi hosted the delegations, according to a statement from the "
        "Qatari foreign ministry. \u201cQatar will continue its mediation until a comprehensive agreement is "
        "reached,\u201d the ministry said."
    )
    assert speakers(extract(text)) == {
        "Qatar will continue its mediation until a comprehensive agreement is reached": "Qatar"
    }


def test_it_dates_what_is_said_about_ranged_talks_to_their_last_day(extract):
    text = (
        "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart met in Almaty on May 10-11.\n"
        '"We have made progress on a number of articles," Mirzoyan told journalists.'
    )
    st = extract(text, published="2024-05-12").statements[0]
    assert (str(st.said_on), st.said_on_precision) == ("2024-05-11", "day")


def test_it_dates_an_institutions_quote_by_the_sentence_where_it_spoke(extract):
    text = (
        "The ceasefire was signed in Jeddah on Saturday.\n"
        "The RSF said on Sunday that it was committed to the truce. \u201cWe affirm our full commitment to the "
        "ceasefire agreement,\u201d the group said in a statement."
    )
    st = extract(text, published="2023-05-22").statements[0]
    assert (st.speaker_actor, str(st.said_on)) == ("Rapid Support Forces", "2023-05-21")


def test_it_attributes_a_quote_followed_by_according_to(extract):
    text = (
        "Russian Foreign Minister Sergei Lavrov met the delegation.\n"
        '"We are ready to continue the contacts in Istanbul," according to Lavrov.'
    )
    assert speakers(extract(text)) == {"We are ready to continue the contacts in Istanbul": "Sergei Lavrov"}


def test_it_prefers_the_speaker_before_the_quote_to_the_source_after_it(extract):
    text = (
        "Egyptian Foreign Minister Badr Abdelatty spoke by phone with his Qatari counterpart. Abdelatty stressed "
        "that \u201call parties must abide by the agreement in all its phases\u201d, according to Egypt\u2019s "
        "Foreign Ministry."
    )
    assert speakers(extract(text)) == {"all parties must abide by the agreement in all its phases": "Badr Abdelatty"}
