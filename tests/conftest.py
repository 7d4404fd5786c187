"""Shared fixtures, and the aioresponses compatibility shim for aiohttp 3.14."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import aiohttp
import aioresponses.core as aioresponses_core
import pytest
from aioresponses import aioresponses
from hypothesis import settings

from aiomastodon import Client

# --- aioresponses 0.7.9 on aiohttp 3.14 -------------------------------------------------
# aiohttp 3.14 made `stream_writer` a required argument of ClientResponse.__init__, and
# aioresponses 0.7.9 (the newest release) does not pass it. The fix is upstream
# (aioresponses PR #288) but unreleased. Remove this block once a fixed release exists.


class _ClientResponse(aiohttp.ClientResponse):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", mock.Mock())
        super().__init__(*args, **kwargs)


aioresponses_core.ClientResponse = _ClientResponse  # type: ignore[misc]
# -----------------------------------------------------------------------------------------

# No per-example deadline: CI machines vary, and tests never assert on time.
settings.register_profile("aiomastodon", deadline=None)
settings.load_profile("aiomastodon")

BASE = "https://example.social"
TOKEN = "test-token-5e3cret"


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    """aioresponses, intercepting every aiohttp request (loopback passes through)."""
    with aioresponses(passthrough=["http://127.0.0.1"]) as m:
        yield m


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    """A client for ``https://example.social`` with a test token (use with ``mocked``).

    It does not retry: aioresponses answers each registered response once, and these
    tests are about one exchange. Retries are tested with a virtual clock.
    """
    async with Client(BASE, access_token=TOKEN, retries=0) as c:
        yield c


# --- a real redis-server, for the shared rate-limit store ----------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis_missing() -> str | None:
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server)"
    if importlib.util.find_spec("redis") is None:
        return "redis-py is not installed (pip install 'aiomastodon[redis]')"
    return None


def require_redis() -> None:
    """Skip (or, with ``AIOMASTODON_REQUIRE_REDIS`` set, as in CI, fail) without Redis."""
    missing = _redis_missing()
    if missing is not None:
        if os.environ.get("AIOMASTODON_REQUIRE_REDIS"):
            pytest.fail(f"{missing}, and AIOMASTODON_REQUIRE_REDIS is set")
        pytest.skip(f"{missing}; set AIOMASTODON_REQUIRE_REDIS=1 to fail instead")


@contextlib.contextmanager
def running_redis(workdir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``redis-server`` on a free loopback port, answering PING; yields (URL, process)."""
    import redis

    binary = shutil.which("redis-server")
    assert binary is not None
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    probe = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if probe.ping():
                    break
            except redis.RedisError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not answer PING on port {port}")
                time.sleep(0.05)  # waiting for the server to come up, bounded by the deadline
        yield url, process
    finally:
        probe.close()
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis-server`` on a free loopback port for the session; yields its URL.

    Skipped when ``redis-server`` (or redis-py) is missing, unless the environment sets
    ``AIOMASTODON_REQUIRE_REDIS`` (CI does): then that is a failure.
    """
    require_redis()
    with running_redis(tmp_path_factory.mktemp("redis")) as (url, _process):
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's Redis, emptied before the test."""
    import redis

    with redis.Redis.from_url(redis_server, socket_timeout=5) as connection:
        connection.flushall()
    return redis_server
