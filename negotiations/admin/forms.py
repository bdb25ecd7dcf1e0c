"""Admin forms that check every database constraint before saving, so a curator sees a message, not a 500.

Django's model forms skip the constraints that involve a field the form does not show: the
normalized name behind "one live actor per name", the text key behind "one statement per speaker
and words", the merged_into of the "live" conditions. Those columns are derived on save, so the
form derives them the same way and checks those constraints itself.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import InlineForeignKeyField

from events.models import Statement
from events.text import statement_text_key
from negotiations.models import Actor, ActorAlias, Person, PersonAlias, normalize_name

MESSAGES = {
    "actor_unique_live_name": "Another actor already has this name (ignoring accents, case and punctuation). "
    "Find it in the actor list; if they are the same, merge them instead.",
    "actor_unique_live_iso_code": "Another actor already has this ISO code.",
    "actor_alias_unique_per_actor": "This actor already has this other name.",
    "person_alias_unique_per_person": "This person already has this spelling.",
    "statement_unique_person_text": "This speaker already has a statement with these words in this negotiation. "
    "Add the evidence to that statement instead.",
    "statement_unique_actor_text": "This institution already has a statement with these words in this negotiation.",
}

# The column a derived column is computed from.
SOURCE_OF = {"normalized_name": "name", "text_key": "text"}


def derive(instance) -> set[str]:
    """Set the columns that save() derives; returns their names. Mirrors the models' save()."""
    derived = set()
    if isinstance(instance, (Actor, Person, ActorAlias, PersonAlias)):
        instance.normalized_name = normalize_name(instance.name)
        derived.add("normalized_name")
    if isinstance(instance, Actor):
        instance.iso_code = (instance.iso_code or "").upper()
    if isinstance(instance, Statement):
        instance.text_key = statement_text_key(instance.text)
        derived.add("text_key")
    return derived


def _referenced_fields(constraint) -> set[str]:
    names = set(getattr(constraint, "fields", ()) or ())

    def walk(node):
        for child in node.children:
            if isinstance(child, Q):
                walk(child)
            else:
                names.add(child[0].split(LOOKUP_SEP)[0])

    condition = getattr(constraint, "condition", None)
    if isinstance(condition, Q):
        walk(condition)
    return names


class ConstraintCheckingForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        instance = self.instance
        derive(instance)
        excluded = set(self._get_validation_exclusions())
        # An inline row of a parent not saved yet (the add page) gets its link only on save.
        unlinked = {
            name
            for name, field in self.fields.items()
            if isinstance(field, InlineForeignKeyField) and field.parent_instance._state.adding
        }
        for constraint in instance._meta.constraints:
            referenced = _referenced_fields(constraint)
            if not referenced & excluded or referenced & unlinked:
                continue  # Django's own validation already checked it, or it cannot be checked yet
            try:
                # The instance holds every value (derived, current or default), so nothing is excluded.
                constraint.validate(type(instance), instance)
            except ValidationError as exc:
                self.add_error(self._error_field(constraint), MESSAGES.get(constraint.name, exc.messages))

    def _error_field(self, constraint) -> str:
        """Show the error beside what the curator typed: the name behind a normalized name, ..."""
        fields = list(getattr(constraint, "fields", ()))
        for name in [SOURCE_OF[f] for f in fields if f in SOURCE_OF] + fields:
            if name in self.fields:
                return name
        return NON_FIELD_ERRORS


class _DistinctRowsFormSet(forms.BaseInlineFormSet):
    """Two rows of one inline that the database would see as the same: say so instead of failing on save."""

    def key(self, data: dict):
        raise NotImplementedError

    def message(self, data: dict) -> str:
        raise NotImplementedError

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key = self.key(data)
            if key is None:
                continue
            if key in seen:
                raise ValidationError(self.message(data))
            seen.add(key)


class AliasFormSet(_DistinctRowsFormSet):
    def key(self, data):
        return normalize_name(data["name"]) if data.get("name") else None

    def message(self, data):
        return f"“{data['name']}” is listed twice (names are compared ignoring accents, case and punctuation)."


class EvidenceFormSet(_DistinctRowsFormSet):
    def key(self, data):
        return data["report"].pk if data.get("report") else None

    def message(self, data):
        return f"The report “{data['report']}” is listed twice: one report supports a fact once."


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected option from the row already loaded.

    The stock widget runs one query per widget to label the selected value: on an inline with
    40 evidence rows that is 40 queries. Forms set `preloaded` from their instance's joined row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in sorted(selected):
            options.append(self.create_option(name, pk, self.preloaded[pk], True, len(options)))
        return [(None, options, 0)]


class PreloadedChoicesForm(ConstraintCheckingForm):
    """Labels its autocomplete fields from the instance's related rows (joined by the inline's queryset)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-widget wrapper
            if not isinstance(widget, PreloadedAutocompleteSelect) or self.instance.pk is None:
                continue
            descriptor = type(self.instance)._meta.get_field(name)
            if descriptor.is_cached(self.instance) and getattr(self.instance, name) is not None:
                related = getattr(self.instance, name)
                widget.preloaded = {str(related.pk): field.label_from_instance(related)}
