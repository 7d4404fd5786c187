"""client.apps: registering an application."""

from __future__ import annotations

import pytest

from aiomastodon import Client
from aiomastodon.entities import CredentialApplication

from ._helpers import BASE, form_of, method_example, only_request

URL = f"{BASE}/api/v1/apps"


async def test_create(mocked, client):
    mocked.post(URL, payload=method_example("apps.create"))
    app = await client.apps.create(
        "Test Application",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes="read write push",
        website="https://app.example",
    )
    assert isinstance(app, CredentialApplication)
    assert app.client_id == method_example("apps.create")["client_id"]
    assert app.client_secret == method_example("apps.create")["client_secret"]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("client_name", "Test Application"),
        ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
        ("scopes", "read write push"),
        ("website", "https://app.example"),
    ]


async def test_create_joins_several_redirect_uris_and_scopes(mocked, client):
    mocked.post(URL, payload=method_example("apps.create", 1))
    app = await client.apps.create(
        "Test Application",
        redirect_uris=["https://app.example/callback", "https://app.example/register"],
        scopes=("read", "write:statuses"),
    )
    assert app.redirect_uris == ["https://app.example/callback", "https://app.example/register"]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("client_name", "Test Application"),
        ("redirect_uris", "https://app.example/callback\nhttps://app.example/register"),
        ("scopes", "read write:statuses"),
    ]


async def test_create_needs_a_redirect_uri(mocked, client):
    with pytest.raises(ValueError, match="redirect_uris"):
        await client.apps.create("x", redirect_uris=[])
    assert mocked.requests == {}


async def test_create_without_a_token(mocked):
    mocked.post(URL, payload=method_example("apps.create"))
    async with Client(BASE) as anonymous:
        app = await anonymous.apps.create("x", redirect_uris="urn:ietf:wg:oauth:2.0:oob")
    assert isinstance(app, CredentialApplication)
    ((call,),) = mocked.requests.values()
    assert "Authorization" not in call.kwargs["headers"]
