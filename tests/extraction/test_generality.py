"""Rules added for reports unlike the dev corpus: naming customs, non-person capitalised phrases, scopes."""

from tests.extraction.conftest import person, speakers


def test_it_resolves_a_person_called_by_the_first_name(extract):
    e = extract("Ethiopian envoy Tesfaye Bekele and Kenyan mediator Musa Otieno met in Nairobi on Sunday. "
                "Bekele said the talks were hard.\n"
                "Musa told reporters on Monday that progress was made. \"We are closer than ever to a lasting deal,\" he said.")
    assert speakers(e)["We are closer than ever to a lasting deal"] == "Musa Otieno"


def test_it_does_not_use_a_first_name_two_people_share(extract):
    e = extract("Foreign Minister Ahmed Attaf met Prime Minister Ahmed Shah in Algiers on Monday.\n"
                "Ahmed told reporters the meeting went well.")
    names = {p.name for p in e.people}
    assert names == {"Ahmed Attaf", "Ahmed Shah"}
    assert not any(s.speaker_person for s in e.statements if s.kind == "reported")
