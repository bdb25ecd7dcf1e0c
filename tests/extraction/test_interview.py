def test_it_gives_interview_answers_to_the_interviewee(extract):
    text = (
        "Ukraine's Foreign Minister Andrii Sybiha spoke to the broadcaster in Brussels on Wednesday.\n"
        "Q: Do you trust Russia to respect the halt?\n"
        "A: We have no illusions about Russia. Words are not enough.\n"
        "Q: What do you expect from Europe?\n"
        "A: More air defence and more pressure on Moscow."
    )
    e = extract(text)
    assert [(s.text, s.speaker_person, str(s.said_on)) for s in e.statements] == [
        ("We have no illusions about Russia. Words are not enough.", "Andrii Sybiha", "2025-03-19"),
        ("More air defence and more pressure on Moscow.", "Andrii Sybiha", "2025-03-19"),
    ]
    assert "?" not in "".join(s.text for s in e.statements)
