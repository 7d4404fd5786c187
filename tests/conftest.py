"""Shared fixtures, and the aioresponses compatibility shim for aiohttp 3.14."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
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
