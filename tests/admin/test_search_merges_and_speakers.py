"""Searching without accents or hyphens, ranked pickers, merged-away rows, and the speaker/outlet filters."""

import pytest
from django.urls import reverse

from negotiations.admin.search import fold
from negotiations.models import ActorAlias
from negotiations.services.merge import person_merge
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def _results(client, name, params):
    response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    return [obj.pk for obj in response.context["cl"].result_list]


def test_it_folds_accents_case_and_hyphens():
    assert fold("Erdoğan") == "erdogan"
    assert fold("Cease-fire") == fold("ceasefire") == "ceasefire"
    assert fold("Łódź, Ørsted, ıstanbul") == "lodz, orsted, istanbul"


def test_it_finds_accented_names_when_typed_without_accents(curator_client):
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan")
    PersonFactory(name="Hakan Fidan")
    turkiye = ActorFactory(name="Türkiye")
    said = StatementFactory(speaker_person=erdogan, text="Türkiye is ready to host the talks.")

    assert _results(curator_client, "negotiations_person", {"q": "Erdogan"}) == [erdogan.pk]
    assert _results(curator_client, "negotiations_person", {"q": "ERDOĞAN"}) == [erdogan.pk]
    assert _results(curator_client, "negotiations_actor", {"q": "turkiye"}) == [turkiye.pk]
    assert _results(curator_client, "events_statement", {"q": "erdogan"}) == [said.pk]


def test_it_finds_cease_fire_however_it_is_hyphenated(curator_client):
    hyphenated = NegotiationFactory(title="Gaza cease-fire talks")
    joined = NegotiationFactory(title="Lebanon ceasefire")
    NegotiationFactory(title="Ukraine grain deal", topic="grain exports")

    for term in ("ceasefire", "cease-fire"):
        assert sorted(_results(curator_client, "negotiations_negotiation", {"q": term})) == [hyphenated.pk, joined.pk]


def test_it_treats_like_wildcards_in_a_search_as_plain_characters(curator_client):
    percent = StatementFactory(text="Turnout reached 100% in the vote.")
    StatementFactory(text="Turnout reached 1000 voters.")

    assert _results(curator_client, "events_statement", {"q": "100%"}) == [percent.pk]


def _names(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "negotiations", "model_name": "person", "field_name": "affiliation", "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_it_ranks_the_exact_name_then_prefixes_first_in_the_affiliation_picker(curator_client):
    mexico = ActorFactory(name="Mexico")
    ActorAlias.objects.create(actor=mexico, name="United Mexican States of America")
    ActorFactory(name="Coalition of the United States allies")
    ActorFactory(name="United States Institute of Peace")
    ActorFactory(name="United States")

    assert _names(curator_client, "United States") == [
        "United States",
        "United States Institute of Peace",
        "Coalition of the United States allies",
        "Mexico",
    ]


def test_it_ranks_an_exact_other_name_before_a_prefix(curator_client):
    ActorFactory(name="USAID")
    usa = ActorFactory(name="United States")
    ActorAlias.objects.create(actor=usa, name="USA")

    assert _names(curator_client, "usa") == ["United States", "USAID"]


def test_it_hides_merged_away_people_by_default_and_shows_them_on_request(curator_client):
    keep, dup = PersonFactory(name="Abbas Araghchi"), PersonFactory(name="Abbas Araqchi")
    person_merge(keep=keep, merge=[dup])

    assert _results(curator_client, "negotiations_person", {}) == [keep.pk]
    assert _results(curator_client, "negotiations_person", {"merged": "yes"}) == [dup.pk]
    assert sorted(_results(curator_client, "negotiations_person", {"merged": "all"})) == sorted([keep.pk, dup.pk])
    changelist = curator_client.get(reverse("admin:negotiations_person_changelist")).context["cl"]
    merge_state = next(spec for spec in changelist.filter_specs if spec.title == "merge state")
    assert [(c["display"], c["selected"]) for c in merge_state.choices(changelist)] == [
        ("Live", True),
        ("Merged away", False),
        ("All", False),
    ]


def test_it_shows_a_merged_away_person_read_only_with_a_link_to_the_kept_one(curator_client):
    keep, dup = PersonFactory(name="Abbas Araghchi"), PersonFactory(name="Abbas Araqchi")
    person_merge(keep=keep, merge=[dup])
    url = reverse("admin:negotiations_person_change", args=[dup.pk])

    page = curator_client.get(url)

    assert page.context["has_change_permission"] is False
    body = page.content.decode()
    kept_url = reverse("admin:negotiations_person_change", args=[keep.pk])
    assert f'was merged into <a href="{kept_url}">Abbas Araghchi</a>' in body
    assert 'name="name"' not in body
    refused = curator_client.post(
        url, {"name": "Someone else", "title": "", "affiliation": "", "review_status": "reviewed"}
    )
    assert refused.status_code == 403
    dup.refresh_from_db()
    assert dup.name == "Abbas Araqchi"


def test_it_follows_a_merge_when_filtering_statements_and_meetings_by_person(curator_client):
    keep, dup = PersonFactory(name="Abbas Araghchi"), PersonFactory(name="Abbas Araqchi")
    said = StatementFactory(speaker_person=dup)
    StatementFactory()
    meeting = MeetingFactory()
    meeting.participants.create(person=dup)
    MeetingFactory()
    person_merge(keep=keep, merge=[dup])

    assert _results(curator_client, "events_statement", {"person": dup.pk}) == [said.pk]
    assert _results(curator_client, "events_statement", {"person": keep.pk}) == [said.pk]
    assert _results(curator_client, "events_meeting", {"person": dup.pk}) == [meeting.pk]
    assert _results(curator_client, "events_statement", {"person": 987654}) == []
    assert _results(curator_client, "events_statement", {"person": "not-a-number"}) == []


def test_it_filters_statements_by_speaker_institution_and_by_outlet(curator_client):
    egypt = ActorFactory(name="Egypt")
    by_egypt = StatementFactory(speaker_person=None, speaker_actor=egypt)
    by_person = StatementFactory(speaker_person=PersonFactory(name="Majed al-Ansari"))
    wire, paper = ReportFactory(outlet="Wire"), ReportFactory(outlet="Daily Paper")
    EvidenceFactory(statement=by_egypt, report=wire)
    EvidenceFactory(statement=by_person, report=paper)
    EvidenceFactory(statement=by_person, report=ReportFactory(outlet="Daily Paper"))

    assert _results(curator_client, "events_statement", {"actor": egypt.pk}) == [by_egypt.pk]
    assert _results(curator_client, "events_statement", {"outlet": "Daily Paper"}) == [by_person.pk]
    assert _results(curator_client, "events_statement", {"outlet": "Wire"}) == [by_egypt.pk]

    filters = curator_client.get(reverse("admin:events_statement_changelist")).context["cl"].filter_specs
    by_title = {
        spec.title: [choice[1] for choice in spec.lookup_choices]
        for spec in filters
        if hasattr(spec, "lookup_choices") and spec.title in ("speaker (person)", "outlet")
    }
    assert by_title == {"speaker (person)": ["Majed al-Ansari (1)"], "outlet": ["Daily Paper", "Wire"]}


def test_it_searches_without_accents_on_sqlite_too():
    """The embedded default: the same lookup, with the column folded by a Python function on the connection."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from negotiations.models import Actor

    sqlite = DatabaseWrapper(
        {**connection_settings(), "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}, alias="fold_sqlite"
    )
    try:
        with sqlite.schema_editor(atomic=False) as editor:
            editor.create_model(Actor)
        with sqlite.cursor() as cursor:
            for name in ("Türkiye", "Egypt", "Gaza cease-fire monitors"):
                cursor.execute(
                    "INSERT INTO negotiations_actor (created_at, updated_at, review_status, name, normalized_name, "
                    "kind, iso_code, description) VALUES ('2024-01-01', '2024-01-01', 'reviewed', %s, %s, 'state', "
                    "'', '')",
                    [name, name.lower()],
                )
        found = {}
        for term in ("TURKIYE", "ceasefire", "gypt"):
            sql, params = (
                Actor.objects.filter(name__folded=term)
                .values_list("name")
                .query.get_compiler(connection=sqlite)
                .as_sql()
            )
            with sqlite.cursor() as cursor:
                cursor.execute(sql, params)
                found[term] = [row[0] for row in cursor.fetchall()]
    finally:
        sqlite.close()

    assert found == {"TURKIYE": ["Türkiye"], "ceasefire": ["Gaza cease-fire monitors"], "gypt": ["Egypt"]}


def connection_settings():
    from django.db import connection

    return dict(connection.settings_dict)
