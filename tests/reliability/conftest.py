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
