"""Every registered model's list and change page renders for a curator; anonymous users go to login."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Report, ReportBand, Statement
from negotiations.models import Participation, Tombstone

pytestmark = pytest.mark.django_db

OURS = {"negotiations", "events"}
REGISTERED = sorted((m for m in admin.site._registry if m._meta.app_label in OURS), key=lambda m: m._meta.label)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_it_registers_every_model_of_the_domain():
    from django.apps import apps

    # simple_history's Historical* models are shown through each object's History page instead.
    models = {m for app in OURS for m in apps.get_app_config(app).get_models() if not hasattr(m, "instance_type")}
    assert models - set(admin.site._registry) == set()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_it_renders_the_changelist_and_change_page(curator_client, world, model):
    response = curator_client.get(_url(model, "changelist"))
    assert response.status_code == 200
    obj = model.objects.order_by("pk").first()
    assert obj is not None
    response = curator_client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert str(obj.pk) in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_it_sends_anonymous_users_to_the_login_page(client, world, model):
    for url in (_url(model, "changelist"), _url(model, "change", model.objects.order_by("pk").first().pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


WITH_HISTORY = ["actor", "person", "negotiation", "participation", "statement", "meeting", "report"]


@pytest.mark.parametrize("key", WITH_HISTORY)
def test_it_shows_a_history_page_with_the_changes(curator_client, world, key):
    obj = world[key]
    response = curator_client.get(_url(type(obj), "history", obj.pk))
    assert response.status_code == 200
    assert "Change reason" in response.content.decode()


def test_it_renders_the_add_page_of_editable_models(curator_client):
    for model in REGISTERED:
        # Written only by services and the pipeline: no add page.
        if model in {Tombstone, ReportBand, Report}:
            response = curator_client.get(_url(model, "add"))
            assert response.status_code == 403
            continue
        response = curator_client.get(_url(model, "add"))
        assert response.status_code == 200, model


def test_it_lists_the_curator_tools_on_the_index(curator_client):
    body = curator_client.get(reverse("admin:index")).content.decode()
    assert reverse("curator:review_queue") in body
    assert reverse("curator:recent_changes") in body


def test_it_explains_fields_to_curators(curator_client, world):
    statement_page = curator_client.get(_url(Statement, "change", world["statement"].pk)).content.decode()
    participation_page = curator_client.get(_url(Participation, "change", world["participation"].pk)).content.decode()

    assert "Reported speech: what they said, paraphrased by the reporter." in statement_page
    assert "Rejected: wrong, the pipeline will not recreate it." in statement_page
    assert "Mediator: brokers between the parties." in participation_page
