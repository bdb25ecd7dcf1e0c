from rest_framework.permissions import DjangoModelPermissions, DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writes need the Django model permission (add/change/delete) for the resource."""


class CanChangeModel(DjangoModelPermissions):
    """For POST actions that change an existing row (e.g. retry): require change_<model>, not add_<model>."""

    perms_map = {**DjangoModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}
