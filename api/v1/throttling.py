from array import array

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _ArrayHistory:
    # DRF keeps a client's request times as a list of floats, which the cache pickles and unpickles whole
    # on every request: under a high rate thousands of floats each way, a few percent of a list request.
    # The same history as an array of doubles pickles as one block of bytes. What is counted, and when a
    # client is refused, is DRF's (SimpleRateThrottle.allow_request, with the history read as an array).
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        history = self.cache.get(self.key)
        # A list: a history stored before this class (or by DRF's own throttle) counts the same.
        self.history = history if isinstance(history, array) else array("d", history or ())
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


# Own classes (same scopes as settings' DEFAULT_THROTTLE_RATES) so a later version can throttle differently.
class V1AnonThrottle(_ArrayHistory, AnonRateThrottle):
    scope = "anon"


class V1UserThrottle(_ArrayHistory, UserRateThrottle):
    scope = "user"
