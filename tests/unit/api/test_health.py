"""client.health: is the web process up?"""

from __future__ import annotations

import pytest

from aiomastodon import ServerError
from aiomastodon.api.health import HealthStatus

from ._helpers import BASE, method_example, no_body, only_request

URL = f"{BASE}/health"


async def test_get_json(mocked, client):
    mocked.get(URL, payload=method_example("health.get"))
    got = await client.health.get()
    assert got == HealthStatus(status="UP")
    no_body(only_request(mocked, "GET", URL))


async def test_get_plain_text(mocked, client):
    mocked.get(URL, body="OK", content_type="text/plain")
    assert await client.health.get() == HealthStatus(status="OK")
    only_request(mocked, "GET", URL)


async def test_get_down(mocked, client):
    mocked.get(URL, status=503, body="down")
    with pytest.raises(ServerError):
        await client.health.get()
