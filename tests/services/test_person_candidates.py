"""The stored people a report's new names could be (dedup_selectors.person_candidates_many)."""

import pytest

from events import dedup_selectors
from events.dedup_selectors import person_candidates_many
from negotiations.models import Person, PersonAlias

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ansari = Person.objects.create(name="Majed al-Ansari")
    PersonAlias.objects.create(person=ansari, name="Majid al-Ansari")
    PersonAlias.objects.create(person=ansari, name="Majed Al Ansari")
    araghchi = Person.objects.create(name="Abbas Araghchi")
    PersonAlias.objects.create(person=araghchi, name="Abbas Araqchi")
    merged = Person.objects.create(name="Majed Ansari", merged_into=ansari)
    witkoff = Person.objects.create(name="Steve Witkoff")
    return {"ansari": ansari, "araghchi": araghchi, "merged": merged, "witkoff": witkoff}


def _as_ids(found):
    return {key: [(c.id, c.names) for c in candidates] for key, candidates in found.items()}


def test_it_finds_people_by_a_stem_of_their_name_or_an_alias(people):
    found = person_candidates_many(names=["Majid Ansary", "Abbas Arakchi", "Hamas"])
    ansari, araghchi = people["ansari"], people["araghchi"]
    assert _as_ids(found) == {
        # Stems of the last word: "ans" in the name and both aliases, aliases in name order.
        "majid ansary": [(ansari.id, ("Majed al-Ansari", "Majed Al Ansari", "Majid al-Ansari"))],
        "abbas arakchi": [(araghchi.id, ("Abbas Araghchi", "Abbas Araqchi"))],
    }


def test_it_finds_a_person_through_an_alias_alone(people):
    araghchi = people["araghchi"]
    araghchi.name = "Abbas Erakat"  # the stem "ara" is now in the alias only
    araghchi.save()
    assert [c.id for c in person_candidates_many(names=["Abbas Araqchi"])["abbas araqchi"]] == [araghchi.id]


def test_it_reads_what_the_orm_read(people, monkeypatch):
    names = ["Majid Ansary", "Abbas Arakchi", "Steven Witkof", "Someone Unknown"]
    prepared = _as_ids(person_candidates_many(names=names))
    monkeypatch.setattr(dedup_selectors, "_person_candidate_rows", dedup_selectors._person_candidate_rows_orm)
    assert _as_ids(person_candidates_many(names=names)) == prepared
    assert len(prepared["steven witkof"]) == 1 and prepared["someone unknown"] == []


def test_a_stem_is_matched_as_text_not_as_a_pattern(people):
    # Folded names hold no LIKE wildcards today; were a stem to carry one, it is escaped: "b_c" is not "bxc".
    Person.objects.create(name="Test Abxc")
    rows, _ = dedup_selectors._person_candidate_rows(["b_c", "x%"])
    assert rows == []
    rows, _ = dedup_selectors._person_candidate_rows(["bxc"])
    assert [name for _, name, _ in rows] == ["Test Abxc"]
