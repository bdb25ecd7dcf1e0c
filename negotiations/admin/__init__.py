"""The curator admin. Importing the modules registers the model admins (admin autodiscovery)."""

from negotiations.admin import domain  # noqa: F401
