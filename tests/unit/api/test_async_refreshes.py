"""client.async_refreshes: background refreshes (alpha)."""

from __future__ import annotations

from aiomastodon.entities import AsyncRefresh

from ._helpers import BASE, method_example, no_body, only_request

REFRESH_ID = (
    "ImNvbnRleHQ6MTEzNjQwNTczMzAzNzg1MTc4OnJlZnJlc2gi--c526259eb4a1f3ef0d4b91cf8c99bf501330a815"
)


async def test_get_unwraps_the_refresh(mocked, client):
    url = f"{BASE}/api/v1_alpha/async_refreshes/{REFRESH_ID}"
    payload = method_example("async_refreshes.show")
    mocked.get(url, payload=payload)
    got = await client.async_refreshes.get(REFRESH_ID)
    assert isinstance(got, AsyncRefresh)
    assert (got.id, got.status, got.result_count) == (REFRESH_ID, "running", 2)
    no_body(only_request(mocked, "GET", url))


async def test_get_encodes_the_id(mocked, client):
    url = f"{BASE}/api/v1_alpha/async_refreshes/a%2Fc"
    mocked.get(url, payload={"async_refresh": {"id": "a/c", "status": "finished"}})
    got = await client.async_refreshes.get("a/c")
    assert (got.status, got.result_count) == ("finished", None)
    only_request(mocked, "GET", url)
