"""The scheduler over real HTTP: the kit's fake Mastodon with an enforced budget, and
mastodon-mock (a second, independent opinion on the same behaviour)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from mastodon_mock.config import RateLimitConfig
from mastodon_mock.testing.server import MockServer

from aiomastodon import Client
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import FakeMastodon
from tests.integration.conftest import mock_config

pytestmark = pytest.mark.integration


async def test_30_concurrent_requests_against_10_per_second_get_no_429(
    mastodon_server: FakeMastodon,
) -> None:
    server = mastodon_server
    token = await server.add_account("alice")
    ids = await server.post_many(as_="alice", count=30)
    # 10 per aligned second, refused with Mastodon's 429 beyond; every answer a little
    # slow, so that requests overlap.
    server.ratelimits.enforce(limit=10, window=1.0)
    server.faults.latency(0.005, "/api/v1/statuses/*")
    async with Client(server.url, access_token=token) as client:
        results = await asyncio.gather(*(client.statuses.get(i) for i in ids))
    assert [r.id for r in results] == ids
    answered = [r.status for r in server.requests_to("/api/v1/statuses/*")]
    # 30 answered 200, none refused, under a budget the server enforces at 10 per
    # aligned second: three windows at least, two resets waited for.
    assert answered == [200] * 30
    assert server.ratelimits.enforced
    assert server.max_in_flight > 1  # concurrent, not one by one
    states = {b.name: b for b in client.rate_limits}
    assert states["account"].limit == 10


@pytest.mark.fake_mastodon(media_polls=0)
@pytest.mark.parametrize("source", ["path", "file object"])
async def test_an_upload_retried_after_503_sends_the_whole_file_again(
    mastodon_server: FakeMastodon, tmp_path: Path, source: str
) -> None:
    server = mastodon_server
    token = await server.add_account("alice")
    data = bytes(range(256)) * 400  # 100 KB
    server.faults.fail(
        "/api/v2/media", method="POST", status=503, body=b"<html>busy</html>",
        content_type="text/html",
    )  # fmt: skip
    scheduler = Scheduler(backoff_base=0.01)
    upload: object
    if source == "path":
        path = tmp_path / "photo.png"
        path.write_bytes(data)
        upload = path
    else:
        stream = io.BytesIO(b"junk before" + data)
        stream.seek(len(b"junk before"))  # sent from where it stands, on every attempt
        upload = stream
    async with Client(server.url, access_token=token, scheduler=scheduler) as client:
        media = await client.media.upload(upload)  # type: ignore[arg-type]
    assert server.world.media[media.id].data == data
    attempts = server.requests_to("/api/v2/media")
    assert [a.status for a in attempts] == [503, 200]
    # Both attempts carried exactly these bytes (the log keeps their digest).
    digest = hashlib.sha256(data).hexdigest()
    assert [a.file_digests for a in attempts] == [(digest,), (digest,)]
    assert [a.files[0][2] for a in attempts] == [len(data), len(data)]


# --- mastodon-mock with its rate limiting on, and its fault rules -------------------------


@pytest.fixture(scope="module")
def limited_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """mastodon-mock allowing 10 requests per second per token (epoch-second resets)."""
    config = mock_config(
        tmp_path_factory.mktemp("mock-uploads"),
        ratelimit=RateLimitConfig(enabled=True, limit=10, window_seconds=1),
    )
    with MockServer(config=config) as server:
        yield server


def _fault(base: str, rule: dict[str, object]) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/_mock/faults",
        data=json.dumps(rule).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        return str(json.loads(response.read())["id"])


async def test_mastodon_mock_rate_limit_gives_no_429(limited_mock: MockServer) -> None:
    events = []
    scheduler = Scheduler(on_event=events.append)
    async with Client(limited_mock.base_url, access_token="bob_token", scheduler=scheduler) as bob:
        accounts = await asyncio.gather(*(bob.accounts.verify_credentials() for _ in range(15)))
    assert len(accounts) == 15
    assert {a.username for a in accounts} == {"bob"}
    # 15 requests at 10 per second: the mock answers 429 to any that does not wait.
    assert [e for e in events if e.kind == "rate_limited"] == []
    assert [e for e in events if e.kind == "wait"]  # it did wait for resets


@pytest.mark.parametrize(
    ("effect", "expect"),
    [
        ({"type": "ratelimit"}, "rate_limited"),
        ({"type": "status", "status": 503}, "retry"),
        ({"type": "latency", "delay_ms": 300}, None),
    ],
)
async def test_mastodon_mock_faults_are_absorbed(
    mock_url: str, effect: dict[str, object], expect: str | None
) -> None:
    events = []
    if effect["type"] == "ratelimit":
        # Its default reset is five minutes away; one second keeps the test short.
        reset = str(int(time.time()) + 1)
        effect = {**effect, "headers": {"X-RateLimit-Reset": reset, "Retry-After": "1"}}
    _fault(
        mock_url,
        {"match": {"methods": ["GET"], "path": "/api/v1/instance"}, "effect": effect, "count": 1},
    )
    # No jitter after the reset (nor much backoff): the waits are not what is tested.
    scheduler = Scheduler(on_event=events.append, backoff_base=0.05, random=lambda: 0.0)
    async with Client(mock_url, scheduler=scheduler) as client:
        with pytest.warns(DeprecationWarning, match="instance"):
            instance = await client.instance.get_v1()
    assert instance.uri
    kinds = [e.kind for e in events]
    if expect is None:
        assert kinds == []
    else:
        assert expect in kinds
