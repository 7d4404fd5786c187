"""Web Push end to end over 127.0.0.1: subscribe, receive an encrypted POST, decrypt it.

mastodon-mock stores subscriptions but sends no pushes, so the test plays the instance:
it encrypts as Mastodon's webpush gem does and POSTs to the subscription's endpoint, a
small aiohttp.web app like the one in docs/webpush.md.
"""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from aiohttp import web

from aiomastodon import Client
from aiomastodon.webpush import PushKeys, PushNotification, WebPushError, decrypt
from tests.push_sender import encrypt_legacy, encrypt_standard

pytestmark = pytest.mark.integration

PAYLOAD = json.dumps(
    {
        "access_token": "alice_token",
        "preferred_locale": "en",
        "notification_id": 42,
        "notification_type": "mention",
        "icon": "https://example.social/avatars/bob.png",
        "title": "bob mentioned you",
        "body": "@alice hello",
    }
).encode()


async def test_a_push_reaches_a_loopback_endpoint_and_decrypts(alice: Client) -> None:
    keys = PushKeys.from_json(PushKeys.generate().to_json())  # as a bot loads its saved keys
    inbox: asyncio.Queue[PushNotification] = asyncio.Queue()
    refused: list[str] = []

    async def receive(request: web.Request) -> web.Response:
        body = await request.read()
        try:
            inbox.put_nowait(decrypt(keys, body, request.headers))
        except WebPushError as exc:
            refused.append(str(exc))
        return web.Response(status=201)

    app = web.Application()
    app.router.add_post("/push", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        endpoint = f"http://127.0.0.1:{port}/push"
        subscription = await alice.push.create(
            endpoint=endpoint,
            p256dh=keys.p256dh,
            auth=keys.auth,
            standard=True,
            alerts={"mention": True},
        )
        assert subscription.endpoint == endpoint

        async with aiohttp.ClientSession() as instance:
            for encrypt in (encrypt_standard, encrypt_legacy):
                body, headers = encrypt(PAYLOAD, keys.p256dh, keys.auth)
                async with instance.post(subscription.endpoint, data=body, headers=headers) as r:
                    assert r.status == 201
                pushed = inbox.get_nowait()  # queued before the answer was sent
                assert (pushed.notification_id, pushed.notification_type) == ("42", "mention")
                assert pushed.title == "bob mentioned you"
                assert "alice_token" not in repr(pushed)

            # A stranger who knows the endpoint but not the auth secret gets nowhere.
            forged, headers = encrypt_standard(PAYLOAD, keys.p256dh, "AAAAAAAAAAAAAAAAAAAAAA")
            async with instance.post(subscription.endpoint, data=forged, headers=headers) as r:
                assert r.status == 201
        assert inbox.empty()
        assert len(refused) == 1
        assert "cannot decrypt" in refused[0]
    finally:
        await runner.cleanup()
