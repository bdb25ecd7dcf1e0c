"""One person row per real person across reports: a new report's form of a stored name (honorific,
patronymic, surname with its particle, a shorter or fuller form, a transliteration) resolves to the
stored row when it is the only one that form fits; two people who share a surname stay two rows."""

import pytest

from events.models import Statement
from events.pipeline.types import ExtractedPerson, ExtractedStatement, Extraction, Span
from events.services.facts import facts_write
from negotiations.models import Person, PersonAlias, ReviewStatus
from tests.factories import PersonFactory, ReportFactory

pytestmark = pytest.mark.django_db

QUOTE = "We are in a decisive week and both sides know what is expected of them"


def write(*people: ExtractedPerson, speaker: str | None = None) -> None:
    """One report naming these people; the first (or `speaker`) says QUOTE."""
    said_by = speaker or people[0].name
    statement = ExtractedStatement(text=QUOTE, kind="direct", span=Span(0, len(QUOTE), QUOTE), speaker_person=said_by)
    facts_write(report=ReportFactory(), extraction=Extraction(people=list(people), statements=[statement]))


def stored(name: str, *, reviewed: bool = False) -> Person:
    status = ReviewStatus.REVIEWED if reviewed else ReviewStatus.AUTO
    return PersonFactory(name=name, title="Prime Minister", review_status=status)


def rows() -> list[str]:
    return sorted(Person.objects.values_list("name", flat=True))


def aliases(person: Person) -> list[str]:
    return sorted(PersonAlias.objects.filter(person=person).values_list("name", flat=True))


def test_it_attaches_a_shorter_patronymic_form_to_the_stored_full_name():
    thani = stored("Mohammed bin Abdulrahman Al Thani")
    write(ExtractedPerson(name="Mohammed bin Abdulrahman", title="premier", affiliation="Qatar"))
    assert rows() == ["Mohammed bin Abdulrahman Al Thani"]
    assert Statement.objects.get().speaker_person == thani
    assert aliases(thani) == ["Mohammed bin Abdulrahman"]


def test_it_gives_a_stored_shorter_row_the_fuller_name_and_keeps_the_shorter_as_alias():
    short = stored("Mohammed bin Abdulrahman")
    write(ExtractedPerson(name="Mohammed bin Abdulrahman Al Thani", title="Prime Minister", affiliation="Qatar"))
    short.refresh_from_db()
    assert rows() == ["Mohammed bin Abdulrahman Al Thani"]
    assert (short.name, short.normalized_name) == (
        "Mohammed bin Abdulrahman Al Thani",
        "mohammed bin abdulrahman al thani",
    )
    assert aliases(short) == ["Mohammed bin Abdulrahman"]
    assert Statement.objects.get().speaker_person == short


def test_it_keeps_a_curators_name_and_stores_the_fuller_one_as_alias():
    short = stored("Mohammed bin Abdulrahman", reviewed=True)
    write(ExtractedPerson(name="Mohammed bin Abdulrahman Al Thani"))
    short.refresh_from_db()
    assert rows() == ["Mohammed bin Abdulrahman"]
    assert aliases(short) == ["Mohammed bin Abdulrahman Al Thani"]


def test_it_attaches_a_name_with_honorifics_to_the_stored_name():
    thani = stored("Mohammed bin Abdulrahman Al Thani")
    write(ExtractedPerson(name="H.E. Sheikh Mohammed bin Abdulrahman Al Thani"))
    assert rows() == ["Mohammed bin Abdulrahman Al Thani"]
    assert Statement.objects.get().speaker_person == thani


@pytest.mark.parametrize(
    ("known", "variant"),
    [
        ("Muammar Gaddafi", "Muammar Qadhafi"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Mohammed bin Salman", "Muhammad bin Salman"),
    ],
)
def test_it_attaches_a_transliteration_and_keeps_it_as_alias(known, variant):
    person = stored(known)
    write(ExtractedPerson(name=variant))
    assert rows() == [known]
    assert aliases(person) == [variant]


def test_it_attaches_a_surname_with_its_particle_to_the_only_person_who_has_it():
    thani = stored("Mohammed bin Abdulrahman Al Thani")
    write(ExtractedPerson(name="Al Thani"))
    assert rows() == ["Mohammed bin Abdulrahman Al Thani"]
    assert Statement.objects.get().speaker_person == thani
    assert aliases(thani) == []  # a surname alone is never stored as a spelling


def test_it_attaches_a_surname_to_nobody_when_two_stored_people_share_it():
    stored("Mohammed bin Abdulrahman Al Thani")
    stored("Tamim bin Hamad Al Thani")
    write(ExtractedPerson(name="Al Thani"))
    assert rows() == ["Al Thani", "Mohammed bin Abdulrahman Al Thani", "Tamim bin Hamad Al Thani"]


def test_it_attaches_a_shorter_form_to_nobody_when_it_fits_two_stored_people():
    PersonFactory(name="Abdel Fattah al-Burhan", review_status=ReviewStatus.AUTO)
    PersonFactory(name="Abdel Fattah el-Sisi", review_status=ReviewStatus.AUTO)
    write(ExtractedPerson(name="Abdel Fattah"))
    assert rows() == ["Abdel Fattah", "Abdel Fattah al-Burhan", "Abdel Fattah el-Sisi"]


def test_it_keeps_two_people_with_the_same_surname_apart():
    emir = stored("Tamim bin Hamad Al Thani")
    write(ExtractedPerson(name="Mohammed bin Abdulrahman Al Thani", title="Prime Minister"))
    assert rows() == ["Mohammed bin Abdulrahman Al Thani", "Tamim bin Hamad Al Thani"]
    assert Statement.objects.get().speaker_person != emir


def test_it_keeps_a_father_and_a_son_of_one_name_apart():
    stored("Donald Trump")
    write(ExtractedPerson(name="Donald Trump Jr."))
    assert rows() == ["Donald Trump", "Donald Trump Jr."]


def test_it_never_stores_a_surname_with_its_particle_as_an_alias():
    write(ExtractedPerson(name="Majed al-Ansari", aliases=["Al Ansari", "Majed bin Mohammed Al-Ansari"]))
    ansari = Person.objects.get()
    assert aliases(ansari) == ["Majed bin Mohammed Al-Ansari"]


def test_it_attaches_a_lone_surname_to_the_only_stored_person_who_has_it():
    miller = stored("Matthew Miller")
    write(ExtractedPerson(name="Miller"))
    assert rows() == ["Matthew Miller"]
    assert Statement.objects.get().speaker_person == miller


def test_it_attaches_a_lone_surname_to_nobody_when_two_stored_people_share_it():
    stored("Matthew Miller")
    stored("Stephen Miller")
    write(ExtractedPerson(name="Miller"))
    assert rows() == ["Matthew Miller", "Miller", "Stephen Miller"]
