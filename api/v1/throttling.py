from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


# Own classes (same scopes as settings' DEFAULT_THROTTLE_RATES) so a later version can throttle differently.
class V1AnonThrottle(AnonRateThrottle):
    scope = "anon"


class V1UserThrottle(UserRateThrottle):
    scope = "user"
