"""A real mastodon-mock server on 127.0.0.1 for the whole session, reset before each test."""

from __future__ import annotations

import urllib.request
from collections.abc import AsyncIterator, Iterator

import pytest
from mastodon_mock.testing.server import MockServer

from aiomastodon import Client


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    """mastodon-mock, in-process, seeded with alice, bob, carol (locked) and remote dave."""
    with MockServer() as server:
        yield server


@pytest.fixture
def mock_url(mock_server: MockServer) -> str:
    """The mock's base URL, after resetting it to its seed state."""
    request = urllib.request.Request(f"{mock_server.base_url}/api/v1/_mock/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        assert response.status == 200
    return mock_server.base_url


@pytest.fixture
async def alice(mock_url: str) -> AsyncIterator[Client]:
    async with Client(mock_url, access_token="alice_token") as client:
        yield client


@pytest.fixture
async def bob(mock_url: str) -> AsyncIterator[Client]:
    async with Client(mock_url, access_token="bob_token") as client:
        yield client


@pytest.fixture
async def anonymous(mock_url: str) -> AsyncIterator[Client]:
    async with Client(mock_url) as client:
        yield client
