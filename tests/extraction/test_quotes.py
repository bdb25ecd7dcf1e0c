from events.pipeline.extraction.quotes import find_quotes
from events.pipeline.extraction.segment import segment


def quotes(text):
    return find_quotes(segment(text), text)


def test_it_finds_curly_and_straight_quotes():
    text = '\u201cWe are ready to talk,\u201d Lavrov said. Peskov added: "Nothing has been decided yet."'
    found = quotes(text)
    assert [q.text for q in found] == ["We are ready to talk", "Nothing has been decided yet."]
    assert text[found[0].start : found[0].end] == "We are ready to talk"


def test_it_treats_fragments_under_four_words_as_key_phrases():
    found = quotes('Araghchi called the talks "constructive" and "a good first step forward".')
    assert [(q.text, q.is_statement) for q in found] == [("constructive", False), ("a good first step forward", True)]


def test_it_joins_a_quote_running_over_two_paragraphs():
    text = (
        '"The ceasefire must hold in Darfur and Kordofan.\n"We will not accept partition of the country," Burhan said.'
    )
    found = quotes(text)
    assert len(found) == 1
    assert (
        found[0].text == "The ceasefire must hold in Darfur and Kordofan. We will not accept partition of the country"
    )
    assert found[0].continued


def test_it_reads_single_curly_quotes_only_at_word_edges():
    found = quotes(
        "Pashinyan said the deal was \u2018a historic step for the region\u2019, and Aliyev\u2019s aides agreed."
    )
    assert [q.text for q in found] == ["a historic step for the region"]


def test_it_reads_straight_single_quotes_but_not_apostrophes():
    text = "'We're ready to sign the deal today,' Aliyev said. Armenia's leaders' talks resumed."
    found = quotes(text)
    assert [q.text for q in found] == ["We're ready to sign the deal today"]


def test_it_ignores_unbalanced_straight_single_quotes():
    assert quotes("The rebels' positions near Goma held, the army's spokesman said.") == []
