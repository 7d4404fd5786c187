"""A real mastodon-mock server on 127.0.0.1 for the whole session, reset before each test."""

from __future__ import annotations

import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from mastodon_mock.config import MastodonMockConfig
from mastodon_mock.testing.server import MockServer

from aiomastodon import Client


def mock_config(uploads: Path, **update: object) -> MastodonMockConfig:
    """mastodon-mock's test config, its uploads in ``uploads`` (by default it makes a
    temporary directory of its own and leaves it behind), with ``update`` applied."""
    return MockServer().config.model_copy(update={"media_storage_path": str(uploads), **update})


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """mastodon-mock, in-process, seeded with alice, bob, carol (locked) and remote dave."""
    with MockServer(config=mock_config(tmp_path_factory.mktemp("mock-uploads"))) as server:
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
