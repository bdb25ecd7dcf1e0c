"""Publishing a Celery task from a service.

events.tasks imports the services it runs; the services reach the tasks only through task_publish,
which imports events.tasks here, at the first publish, and nowhere else. That one lazy import is what
keeps the import graph one way (tasks -> services).
"""

from __future__ import annotations


def task_publish(*, task_name: str, args: list) -> None:
    """Publish `events.tasks.<task_name>` with these arguments, without retrying the publish (callers
    decide what a broker failure means: a report stays pending for the sweep, a poll waits for the
    next beat tick). Raises whatever the broker raises."""
    from events import tasks  # lazy: events.tasks imports the services at module level

    getattr(tasks, task_name).apply_async(args=args, retry=False)
