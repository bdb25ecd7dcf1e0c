"""Ctrl-C during a bulk command: finish the batch in flight, then stop with an exact summary.

The first SIGINT only sets a flag that the import loop checks between batches, so the summary counts
exactly what was committed. A second SIGINT raises KeyboardInterrupt at once: the batch in flight is
rolled back by its transaction (as after a kill), committed batches stay.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class StopRequest:
    requested: bool = False


@contextmanager
def deferred_interrupt():
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request  # signal handlers can only be set from the main thread
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum, frame):
        if request.requested:
            raise KeyboardInterrupt
        request.requested = True

    signal.signal(signal.SIGINT, handler)
    try:
        yield request
    finally:
        signal.signal(signal.SIGINT, previous)
