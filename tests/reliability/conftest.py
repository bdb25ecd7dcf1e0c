import pytest

from tests.reliability.server import ARTICLE, LocalServer


@pytest.fixture
def local_server():
    server = LocalServer().start()
    server.static("/article", ARTICLE)
    yield server
    server.stop()


@pytest.fixture
def allow_local(settings):
    """The explicit allow-list that lets tests fetch from 127.0.0.1 (off by default)."""
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    return settings


@pytest.fixture
def deny_private(settings):
    """Refusal tests run with the allow-list empty, as in production."""
    settings.FETCH_ALLOW_PRIVATE_HOSTS = []
    return settings


@pytest.fixture(scope="session")
def private_redis():
    from tests.integration.procs import RedisServer

    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def broker(private_redis):
    """This process publishes to a private, empty Redis (not eager) for the test."""
    from tests.integration.procs import celery_publishing_to

    private_redis.client().flushall()
    with celery_publishing_to(private_redis.url):
        yield private_redis


@pytest.fixture
def broker_down():
    """Publishing goes to a port where nothing listens: the broker is down."""
    from tests.integration.procs import celery_publishing_to, free_port

    with celery_publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        yield
