"""When two written forms of a name are one person (pure rules shared by the extractor and the writer)."""

import pytest

from events.pipeline.person_names import forms_of, name_core, shorter_form, shorter_keys, surname_spellings


def test_it_reduces_a_name_to_its_core_words():
    assert name_core("H.E. Sheikh Mohammed bin Abdulrahman Al Thani") == (("muhamad", "abdulrahman", "thani"), "")
    assert name_core("Carlito Galvez Jr.") == (("carlito", "galvez"), "jr")


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Mohammed bin Abdulrahman", "Mohammed bin Abdulrahman Al Thani"),
        ("Al Thani", "Mohammed bin Abdulrahman Al Thani"),
        ("Sheikh Mohammed bin Abdulrahman Al Thani", "Mohammed bin Abdulrahman Al Thani"),
        ("Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Muammar Qadhafi", "Muammar Gaddafi"),
        ("Muhammad bin Salman", "Mohammed bin Salman"),
        ("Galvez", "Carlito Galvez Jr."),
    ],
)
def test_it_takes_a_shorter_or_variant_form_as_the_same_name(short, long):
    assert shorter_form(short, long)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Matthew Miller", "Stephen Miller"),
        ("Tamim bin Hamad Al Thani", "Mohammed bin Abdulrahman Al Thani"),
        ("Donald Trump", "Donald Trump Jr."),
        ("Abdulrahman Smith", "Mohammed bin Abdulrahman Al Thani"),
    ],
)
def test_it_keeps_different_names_apart(short, long):
    assert not shorter_form(short, long)


def test_it_finds_no_one_for_a_form_that_fits_two_people():
    thanis = [("Mohammed bin Abdulrahman Al Thani",), ("Tamim bin Hamad Al Thani",)]
    assert forms_of("Al Thani", thanis) == [0, 1]
    assert forms_of("Tamim bin Hamad", thanis) == [1]


def test_it_prefers_the_same_name_over_a_shorter_form_of_another():
    assert forms_of("Abdel Fattah al-Burhan", [("Abdel Fattah",), ("Abdel Fattah al-Burhan",)]) == [1]


def test_it_lists_the_shorter_forms_a_stored_row_may_carry_but_not_a_surname_alone():
    keys = shorter_keys("Mohammed bin Abdulrahman Al Thani")
    assert {"mohammed bin abdulrahman", "mohammed thani"} <= keys
    assert "al thani" not in keys and "thani" not in keys


def test_it_spells_a_surnames_first_letter_the_other_ways():
    assert surname_spellings("Muammar Qadhafi") == ["muammar gadhafi", "muammar kadhafi"]
