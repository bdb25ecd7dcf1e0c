from django.core.management.base import BaseCommand

from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.reference import negotiation_reference_load


class Command(BaseCommand):
    help = (
        "Load the general gazetteers (states, organisations, offices) into actors and their aliases, then the "
        "reference peace processes into negotiations. Idempotent."
    )

    def handle(self, *args, **options):
        result = gazetteer_load()
        self.stdout.write(
            f"actors created: {result.actors_created}, already present: {result.actors_matched}, "
            f"aliases added: {result.aliases_created}"
        )
        # After the actors: the reference processes name them as parties and mediators.
        reference = negotiation_reference_load()
        self.stdout.write(
            f"reference negotiations created: {reference.created}, updated: {reference.updated}, "
            f"unchanged: {reference.unchanged}, left as curators edited them: {reference.curated}"
        )
        if reference.missing_actors:
            self.stderr.write("reference actors not found: " + ", ".join(reference.missing_actors))
