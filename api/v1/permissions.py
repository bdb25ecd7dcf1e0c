from rest_framework.permissions import DjangoModelPermissions, DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writes need the Django model permission (add/change/delete) for the resource."""

    def has_permission(self, request, view):
        # A method that needs no model permission (GET, HEAD, OPTIONS) is allowed as DRF would allow it,
        # without DRF's first step: building the view's queryset only to learn its model.
        if request.user and self.perms_map.get(request.method) == []:
            return True
        return super().has_permission(request, view)


class CanChangeModel(DjangoModelPermissions):
    """For POST actions that change an existing row (e.g. retry): require change_<model>, not add_<model>."""

    perms_map = {**DjangoModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}
