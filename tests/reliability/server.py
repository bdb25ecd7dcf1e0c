"""A local HTTP server with hostile routes, for fetch and feed tests (threaded, random free port)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = (
    "<!doctype html><html><head><title>Talks resume</title></head><body><article>"
    "<h1>Talks resume in Doha</h1><p>Negotiators met in Doha on Monday, officials said.</p>"
    "</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        self.hits.append((self.path, self.headers.get("Host", "")))
        route = self.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self._send(404, "text/plain", b"not found")
            return
        route(self)

    def _send(self, status, content_type, body: bytes, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self._send(status, "text/plain", b"", {"Location": location})


class LocalServer:
    def __init__(self):
        handler = type("Handler", (_Handler,), {"routes": {}, "hits": []})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def hits(self):
        return self.handler.hits

    def route(self, path, fn):
        self.handler.routes[path] = fn

    def static(self, path, body: bytes | str, content_type="text/html; charset=utf-8", status=200, headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.route(path, lambda h: h._send(status, content_type, data, headers))

    def redirect(self, path, location, status=302):
        self.route(path, lambda h: h.redirect(location, status))

    def slow(self, path, *, delay: float):
        def fn(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            h.wfile.write(b"<html><body><p>start")
            h.wfile.flush()
            time.sleep(delay)
            try:
                h.wfile.write(b"</p></body></html>")
            except OSError:
                pass

        self.route(path, fn)

    def drip(self, path, *, interval: float, count: int):
        """A byte every `interval` seconds: never slow enough for the read timeout, slow overall."""

        def fn(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            try:
                for _ in range(count):
                    h.wfile.write(b"a")
                    h.wfile.flush()
                    time.sleep(interval)
            except OSError:
                pass

        self.route(path, fn)

    def huge(self, path, *, size: int, declare_length: bool):
        def fn(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            if declare_length:
                h.send_header("Content-Length", str(size))
            h.end_headers()
            chunk = b"<p>" + b"a" * 65530 + b"</p>"
            sent = 0
            try:
                while sent < size:
                    h.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client hung up at its cap: that is the point

        self.route(path, fn)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
