"""A rendered API response holds no reference cycle through its view: its data is freed when it is sent."""

import gc

import pytest

pytestmark = pytest.mark.django_db


def test_a_rendered_list_response_lets_go_of_its_renderer_context(anon, world):
    response = anon.get("/api/v1/statements/")
    assert response.status_code == 200
    assert response.renderer_context is None
    # The data stays readable (tests and middleware read it).
    assert len(response.data["results"]) == 4


def test_a_list_response_leaves_no_cyclic_garbage_holding_its_rows(anon, world):
    from django.test.client import ClientHandler

    # The test client's handler (it keeps the test's database connection open), without the client.
    handler = ClientHandler()
    environ = anon._base_environ(PATH_INFO="/api/v1/statements/", REQUEST_METHOD="GET")
    gc.collect()
    gc.disable()
    try:
        response = handler(environ)
        body = response.content
        response.close()
        del response
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        rows_left = [o for o in gc.garbage if isinstance(o, dict) and "evidence" in o and "corroboration" in o]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert b'"results"' in body
    # Before, every row of the page was in a cycle, left for the collector.
    assert rows_left == []
