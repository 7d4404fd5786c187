"""client.preferences: your posting and reading defaults."""

from __future__ import annotations

from aiomastodon.entities import Preferences

from ._helpers import BASE, method_example, no_body, only_request


async def test_get(mocked, client):
    url = f"{BASE}/api/v1/preferences"
    payload = method_example("preferences.get")
    mocked.get(url, payload=payload)
    got = await client.preferences.get()
    assert isinstance(got, Preferences)
    assert got.posting_default_visibility == payload["posting:default:visibility"]
    assert got.posting_default_sensitive == payload["posting:default:sensitive"]
    assert got.reading_expand_media == payload["reading:expand:media"]
    no_body(only_request(mocked, "GET", url))
