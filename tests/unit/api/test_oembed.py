"""client.oembed: HTML to embed a status."""

from __future__ import annotations

from aiomastodon.api.oembed import OEmbedDocument

from ._helpers import BASE, method_example, no_body, only_request


async def test_get(mocked, client):
    url = (
        f"{BASE}/api/oembed?url=https%3A%2F%2Fmastodon.social%2F%40trwnh%2F99664077509711321"
        "&maxwidth=400&maxheight=300"
    )
    payload = method_example("oembed.get")
    mocked.get(url, payload=payload)
    got = await client.oembed.get(
        "https://mastodon.social/@trwnh/99664077509711321", maxwidth=400, maxheight=300
    )
    assert isinstance(got, OEmbedDocument)
    assert (got.type, got.version, got.html, got.width, got.height, got.cache_age) == (
        "rich",
        "1.0",
        payload["html"],
        400,
        None,
        86400,
    )
    assert (got.author_name, got.provider_url) == (payload["author_name"], payload["provider_url"])
    no_body(only_request(mocked, "GET", url))


async def test_get_url_only(mocked, client):
    url = f"{BASE}/api/oembed?url=https%3A%2F%2Fexample.social%2F%40a%2F1"
    mocked.get(url, payload={"type": "rich", "version": "1.0", "html": "<iframe/>"})
    got = await client.oembed.get("https://example.social/@a/1")
    assert got.html == "<iframe/>"
    only_request(mocked, "GET", url)
