from django.core.management.base import BaseCommand

from negotiations.services.gazetteer import gazetteer_load


class Command(BaseCommand):
    help = "Load the general gazetteers (states, organisations, offices) into actors and their aliases. Idempotent."

    def handle(self, *args, **options):
        result = gazetteer_load()
        self.stdout.write(
            f"actors created: {result.actors_created}, already present: {result.actors_matched}, "
            f"aliases added: {result.aliases_created}"
        )
