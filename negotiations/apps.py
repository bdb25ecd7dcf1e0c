from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Negotiations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from negotiations import connections, signals

        signals.connect()
        connections.connect()
