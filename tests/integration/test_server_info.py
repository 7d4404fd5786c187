"""client.server_info() and check_versions over real HTTP against mastodon-mock on 127.0.0.1."""

from __future__ import annotations

import pytest
from mastodon_mock.config import CURRENT_VERSION

from aiomastodon import Client
from aiomastodon.api.instance import Language

pytestmark = pytest.mark.integration


async def test_server_info_of_the_mock(anonymous: Client) -> None:
    info = await anonymous.server_info()
    assert info.software == "mastodon"
    assert info.nodeinfo
    assert info.version == CURRENT_VERSION
    assert info.is_mastodon
    assert info.mastodon_version is not None
    assert "mastodon" in info.api_versions
    assert info.supports("streaming_websocket")
    assert await anonymous.server_info() is info


async def test_check_versions_lets_a_current_server_be(mock_url: str) -> None:
    async with Client(mock_url, "alice_token", check_versions=True) as client:
        me = await client.accounts.verify_credentials()
        assert me.username == "alice"
        assert await client.markers.get() is not None
        assert Language(code="en") in await client.instance.languages()
        assert (await client.server_info()).software == "mastodon"
