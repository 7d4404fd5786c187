"""client.instance: what the server says about itself."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Instance, V1Instance

from ._helpers import BASE, method_example, no_body, only_request


async def test_get_is_v2(mocked, client):
    url = f"{BASE}/api/v2/instance"
    payload = method_example("instance.v2")
    mocked.get(url, payload=payload)
    info = await client.instance.get()
    assert isinstance(info, Instance)
    assert info.domain == payload["domain"]
    assert info.version == payload["version"]
    no_body(only_request(mocked, "GET", url))


async def test_get_v1_is_deprecated(mocked, client):
    url = f"{BASE}/api/v1/instance"
    payload = method_example("instance.v1")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.instance\.get\(\)"):
        info = await client.instance.get_v1()
    assert isinstance(info, V1Instance)
    assert info.uri == payload["uri"]
    no_body(only_request(mocked, "GET", url))
