"""Real processes for the integration tests: a private redis-server and celery worker/beat processes.

Nothing is mocked: the worker is `celery -A negotiations worker` in its own process group, connected to
a private Redis (nothing on disk, a free port) and to the pytest-django test database.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message} (last: {last!r})")


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self) -> "RedisServer":
        # --save "" --appendonly no: like production here, Redis keeps nothing on disk.
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=10, message="redis-server")
        return self

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


def _child_pids(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    return [int(p) for p in out.split()]


class CeleryProcess:
    """`celery -A negotiations worker` (or beat) as a subprocess with its own environment."""

    def __init__(
        self,
        *,
        kind: str,
        env: dict[str, str],
        log_path: Path,
        extra_args: list[str] | None = None,
        app: str = "negotiations",
    ):
        self.kind = kind
        self.app = app
        self.env = env
        self.log_path = log_path
        self.extra_args = extra_args or []
        self.proc: subprocess.Popen | None = None

    def start(self) -> "CeleryProcess":
        args = [sys.executable, "-m", "celery", "-A", self.app, self.kind, "--loglevel", "INFO", *self.extra_args]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def pool_children(self) -> list[int]:
        return _child_pids(self.pid)

    def wait_ready(self, timeout: float = 90):
        if self.kind != "worker":
            return
        wait_for(
            lambda: b" ready." in self.log_path.read_bytes() or self._died(),
            timeout=timeout,
            message=f"{self.kind} ready",
        )
        if self._died():
            raise AssertionError(f"celery {self.kind} exited: {self.log_path.read_text()[-3000:]}")

    def _died(self) -> bool:
        return self.proc.poll() is not None

    def kill(self):
        """SIGKILL the whole process group (the main process and its pool children): a crash."""
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(Exception):
            self.log.close()

    def tail(self, n: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-n:]


@contextlib.contextmanager
def celery_publishing_to(url: str):
    """Make this (pytest) process publish tasks to `url` instead of running them eagerly."""
    from negotiations.celery import app

    def reset_pools():
        from kombu import pools

        # kombu keeps connection pools in a global registry per broker URL: drop them all, so the next
        # publish opens a connection to the broker configured now.
        with contextlib.suppress(Exception):
            pools.reset()
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    # Celery reads CELERY_BROKER_URL from the environment before its settings, and with the CELERY
    # namespace the upper-case keys win: set all of them, restore all of them.
    keys = ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "broker_url", "task_always_eager"]
    saved_conf = {k: app.conf.get(k) for k in keys}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    reset_pools()
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.update(
        {"CELERY_BROKER_URL": url, "broker_url": url, "CELERY_TASK_ALWAYS_EAGER": False, "task_always_eager": False}
    )
    try:
        assert app.connection_for_write().as_uri().startswith(url.rsplit("/", 1)[0]), "broker override failed"
        assert app.conf.task_always_eager is False
        yield app
    finally:
        reset_pools()
        app.conf.update(saved_conf)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
