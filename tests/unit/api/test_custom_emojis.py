"""client.custom_emojis: the server's emojis."""

from __future__ import annotations

from aiomastodon.entities import CustomEmoji

from ._helpers import BASE, method_example, no_body, only_request


async def test_list(mocked, client):
    url = f"{BASE}/api/v1/custom_emojis"
    payload = method_example("custom_emojis.get")
    mocked.get(url, payload=payload)
    emojis = await client.custom_emojis.list()
    assert isinstance(emojis, list)
    assert all(isinstance(e, CustomEmoji) for e in emojis)
    assert [e.shortcode for e in emojis] == [e["shortcode"] for e in payload]
    assert emojis[0].static_url == payload[0]["static_url"]
    no_body(only_request(mocked, "GET", url))
