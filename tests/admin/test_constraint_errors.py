"""Edits that would break a database constraint come back as form errors (200), never a 500."""

import pytest
from django.urls import reverse

from events.models import Evidence, Statement
from negotiations.models import Actor, ActorAlias
from negotiations.services.merge import actor_merge
from tests.factories import ActorFactory, NegotiationFactory, PersonFactory, ReportFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _formset(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _actor_data(**fields):
    return {
        "name": "",
        "kind": "state",
        "iso_code": "",
        "description": "",
        "review_status": "reviewed",
        **_formset("aliases"),
        **fields,
    }


def _errors(response):
    assert response.status_code == 200
    form_errors = response.context["adminform"].form.errors
    inline_errors = [
        e
        for formset in response.context["inline_admin_formsets"]
        for e in list(formset.formset.non_form_errors())
        + [x for f in formset.formset.errors for x in f.get("__all__", []) + f.get("name", [])]
    ]
    return {key: list(value) for key, value in form_errors.items()}, inline_errors


def test_it_refuses_a_second_actor_with_the_same_folded_name(curator_client):
    ActorFactory(name="Türkiye")

    response = curator_client.post(reverse("admin:negotiations_actor_add"), _actor_data(name="TURKIYE"))

    form_errors, _ = _errors(response)
    assert form_errors["name"][0].startswith("Another actor already has this name")
    assert Actor.objects.count() == 1


def test_it_refuses_a_lowercase_copy_of_an_iso_code(curator_client):
    ActorFactory(name="Qatar", iso_code="QA")

    response = curator_client.post(
        reverse("admin:negotiations_actor_add"), _actor_data(name="State of Qatar", iso_code="qa")
    )

    form_errors, _ = _errors(response)
    assert form_errors["iso_code"] == ["Another actor already has this ISO code."]


def test_it_allows_the_name_of_a_merged_away_actor(curator_client):
    keep, gone = ActorFactory(name="Türkiye"), ActorFactory(name="Turkey")
    actor_merge(keep=keep, merge=[gone])

    response = curator_client.post(reverse("admin:negotiations_actor_add"), _actor_data(name="Turkey"))

    assert response.status_code == 302
    assert Actor.objects.filter(name="Turkey").count() == 2


def test_it_refuses_an_alias_the_actor_already_has(curator_client):
    actor = ActorFactory(name="United States")
    ActorAlias.objects.create(actor=actor, name="U.S.")

    response = curator_client.post(reverse("admin:negotiations_actoralias_add"), {"actor": actor.pk, "name": "u. s."})

    form_errors, _ = _errors(response)
    assert form_errors == {"name": ["This actor already has this other name."]}
    assert list(actor.aliases.values_list("name", flat=True)) == ["U.S."]


def test_it_refuses_a_name_listed_twice_in_the_aliases(curator_client):
    actor = ActorFactory(name="United States")
    alias = ActorAlias.objects.create(actor=actor, name="U.S.")
    data = {
        **_actor_data(name="United States"),
        **_formset(
            "aliases",
            [
                {"id": alias.pk, "actor": actor.pk, "name": "U.S."},
                {"actor": actor.pk, "name": "Washington"},
                {"actor": actor.pk, "name": "WASHINGTON"},
            ],
            initial=1,
        ),
    }

    response = curator_client.post(reverse("admin:negotiations_actor_change", args=[actor.pk]), data)

    _, inline_errors = _errors(response)
    assert inline_errors == [
        "“WASHINGTON” is listed twice (names are compared ignoring accents, case and punctuation)."
    ]
    assert list(actor.aliases.values_list("name", flat=True)) == ["U.S."]


def _statement_data(statement, **fields):
    return {
        "negotiation": statement.negotiation_id,
        "text": statement.text,
        "kind": "direct",
        "setting": "",
        "speaker_person": statement.speaker_person_id or "",
        "speaker_actor": "",
        "speaker_title": "",
        "said_on": "2024-12-16",
        "said_on_precision": "day",
        "review_status": "reviewed",
        **_formset("evidence"),
        **fields,
    }


def test_it_refuses_giving_a_speaker_the_same_words_twice(curator_client):
    negotiation, person = NegotiationFactory(), PersonFactory()
    StatementFactory(negotiation=negotiation, speaker_person=person, text="A deal is close.")
    other = StatementFactory(negotiation=negotiation, speaker_person=person, text="Talks will continue.")

    response = curator_client.post(
        reverse("admin:events_statement_change", args=[other.pk]), _statement_data(other, text="“A deal is close”")
    )

    form_errors, _ = _errors(response)
    assert form_errors["text"][0].startswith("This speaker already has a statement with these words")
    other.refresh_from_db()
    assert other.text == "Talks will continue."


def test_it_adds_a_statement_with_its_evidence_and_refuses_one_report_twice(curator_client):
    negotiation, person, report = NegotiationFactory(), PersonFactory(), ReportFactory()
    draft = Statement(negotiation=negotiation, speaker_person=person, text="We are ready to sign.")
    url = reverse("admin:events_statement_add")
    row = {"report": report.pk, "sentence": "We are ready to sign, he said.", "char_start": "0", "char_end": "10"}

    twice = curator_client.post(url, {**_statement_data(draft), **_formset("evidence-2", [row, row])})
    _, inline_errors = _errors(twice)
    assert inline_errors == [f"The report “{report}” is listed twice: one report supports a fact once."]
    assert not Statement.objects.exists()

    once = curator_client.post(url, {**_statement_data(draft), **_formset("evidence-2", [row])})
    assert once.status_code == 302
    statement = Statement.objects.get()
    assert list(Evidence.objects.values_list("statement_id", "report_id")) == [(statement.pk, report.pk)]
