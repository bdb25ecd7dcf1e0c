from events.pipeline.extraction.segment import segment, split_sentences


def test_it_keeps_abbreviations_inside_a_sentence():
    sentences = split_sentences("The U.S. on Monday said talks with Mr. Lavrov went well. Dec. 16 was busy.")
    assert [s.text for s in sentences] == [
        "The U.S. on Monday said talks with Mr. Lavrov went well.",
        "Dec. 16 was busy.",
    ]


def test_it_starts_a_sentence_at_its_opening_quote():
    sentences = split_sentences('Miller noted the challenges. "It is hard," he said.')
    assert [s.text for s in sentences] == ["Miller noted the challenges.", '"It is hard," he said.']


def test_it_gives_offsets_into_the_whole_text():
    text = "First line here.\n\nSecond one. Third one."
    paragraphs = segment(text)
    assert len(paragraphs) == 2
    third = paragraphs[1].sentences[1]
    assert text[third.start : third.end] == "Third one."
    assert third.paragraph == 1
