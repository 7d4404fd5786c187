"""client.push: the Web Push subscription of the token."""

from __future__ import annotations

import pytest

from aiomastodon import NotFound
from aiomastodon.entities import WebPushSubscription

from ._helpers import BASE, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/push/subscription"


async def test_create(mocked, client):
    payload = method_example("push.create")
    mocked.post(URL, payload=payload)
    got = await client.push.create(
        endpoint="https://yourdomain.example/listener",
        p256dh="BEm_a",
        auth="cZ-w",
        standard=True,
        alerts={"mention": True, "follow": False, "admin.sign_up": True},
        policy="followed",
    )
    assert isinstance(got, WebPushSubscription)
    # The docs' example id is a number; ids are always strings here.
    assert got.id == "328183"
    assert (got.endpoint, got.standard, got.server_key) == (
        payload["endpoint"],
        True,
        payload["server_key"],
    )
    assert got.alerts is not None
    assert got.alerts.mention is True
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("subscription[endpoint]", "https://yourdomain.example/listener"),
        ("subscription[keys][p256dh]", "BEm_a"),
        ("subscription[keys][auth]", "cZ-w"),
        ("subscription[standard]", "true"),
        ("data[alerts][mention]", "true"),
        ("data[alerts][follow]", "false"),
        ("data[alerts][admin.sign_up]", "true"),
        ("data[policy]", "followed"),
    ]


async def test_create_with_the_keys_only(mocked, client):
    mocked.post(URL, payload=method_example("push.create"))
    await client.push.create(endpoint="https://push.example/x", p256dh="k", auth="a")
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("subscription[endpoint]", "https://push.example/x"),
        ("subscription[keys][p256dh]", "k"),
        ("subscription[keys][auth]", "a"),
    ]


async def test_get(mocked, client):
    payload = method_example("push.get")
    mocked.get(URL, payload=payload)
    got = await client.push.get()
    assert isinstance(got, WebPushSubscription)
    assert got.endpoint == payload["endpoint"]
    no_body(only_request(mocked, "GET", URL))


async def test_get_without_a_subscription(mocked, client):
    mocked.get(URL, status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound):
        await client.push.get()


async def test_update_sends_policy_where_mastodon_and_the_docs_look(mocked, client):
    payload = method_example("push.update")
    mocked.put(URL, payload=payload)
    got = await client.push.update(alerts={"mention": True, "poll": False}, policy="none")
    assert isinstance(got, WebPushSubscription)
    assert got.alerts is not None
    assert (got.alerts.mention, got.alerts.poll) == (True, False)
    assert form_of(only_request(mocked, "PUT", URL)) == [
        ("data[alerts][mention]", "true"),
        ("data[alerts][poll]", "false"),
        ("data[policy]", "none"),
        ("policy", "none"),
    ]


async def test_update_alerts_only(mocked, client):
    mocked.put(URL, payload=method_example("push.update"))
    await client.push.update(alerts={"quote": True})
    assert form_of(only_request(mocked, "PUT", URL)) == [("data[alerts][quote]", "true")]


async def test_delete(mocked, client):
    mocked.delete(URL, payload=method_example("push.delete"))
    assert await client.push.delete() is None
    no_body(only_request(mocked, "DELETE", URL))
