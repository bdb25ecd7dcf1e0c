import pytest
from django.db import IntegrityError

from negotiations.models import Actor, normalize_name
from tests.factories import ActorFactory


def test_it_folds_accents_and_case():
    assert normalize_name("Recep Tayyip ERDOĞAN") == "recep tayyip erdogan"


@pytest.mark.django_db
def test_it_refuses_two_live_actors_with_one_name():
    ActorFactory(name="Türkiye")
    with pytest.raises(IntegrityError):
        Actor.objects.create(name="TÜRKIYE")
