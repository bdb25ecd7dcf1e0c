def test_it_extracts_reported_speech_with_a_clear_speaker(extract):
    text = (
        "State Department spokesperson Matthew Miller spoke on Monday.\n"
        "Egypt and Qatar have also been actively working for an agreement, Miller said."
    )
    reported = [s for s in extract(text, published="2024-12-17").statements if s.kind == "reported"]
    assert [(s.text, s.speaker_person) for s in reported] == [
        ("Egypt and Qatar have also been actively working for an agreement", "Matthew Miller")
    ]


def test_it_does_not_report_speech_without_a_speaker(extract):
    text = "The negotiations come amid calls for a resolution, observers said."
    assert [s for s in extract(text).statements if s.kind == "reported"] == []


def test_it_skips_the_dateline_and_the_occasion_of_reported_speech(extract):
    text = (
        "GENEVA, Aug 14 (Reuters) - Sudan's army chief Abdel Fattah al-Burhan said in a speech on Tuesday that "
        "the army would not attend."
    )
    reported = [s for s in extract(text, published="2024-08-15").statements if s.kind == "reported"]
    assert [(s.text, s.speaker_person) for s in reported] == [("the army would not attend", "Abdel Fattah al-Burhan")]
