"""The scheduler over real HTTP: a budget-enforcing server of our own, and mastodon-mock."""

from __future__ import annotations

import asyncio
import io
import json
import math
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from aiohttp import web
from mastodon_mock.config import RateLimitConfig
from mastodon_mock.testing.server import MockServer

from aiomastodon import Client
from aiomastodon.scheduler import Scheduler

pytestmark = pytest.mark.integration

STATUS = {
    "id": "1",
    "created_at": "2026-01-01T00:00:00.000Z",
    "account": {"id": "2", "created_at": "2026-01-01T00:00:00.000Z"},
}
MEDIA = {"id": "7", "type": "image", "url": "http://127.0.0.1/m.png"}


class BudgetServer:
    """Enforces `limit` requests per aligned `window` seconds, with ISO 8601 resets."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.used: dict[float, int] = {}
        self.statuses: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.uploads: list[bytes] = []
        self.fail_uploads = 0

    async def status(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.005)
            now = time.time()
            start = math.floor(now / self.window) * self.window
            reset = datetime.fromtimestamp(start + self.window, timezone.utc)
            used = self.used.get(start, 0)
            headers = {
                "X-RateLimit-Limit": str(self.limit),
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            }
            if used >= self.limit:
                self.statuses.append(429)
                headers["X-RateLimit-Remaining"] = "0"
                return web.json_response(
                    {"error": "Too many requests"}, status=429, headers=headers
                )
            self.used[start] = used + 1
            headers["X-RateLimit-Remaining"] = str(self.limit - used - 1)
            self.statuses.append(200)
            return web.json_response(STATUS, headers=headers)
        finally:
            self.in_flight -= 1

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        part = form["file"]
        assert isinstance(part, web.FileField)
        self.uploads.append(part.file.read())
        if self.fail_uploads:
            self.fail_uploads -= 1
            return web.Response(status=503, text="<html>busy</html>", content_type="text/html")
        return web.json_response(MEDIA)


@pytest.fixture
async def budget_server() -> AsyncIterator[tuple[str, BudgetServer]]:
    state = BudgetServer(limit=10, window=1.0)
    app = web.Application()
    app.router.add_get("/api/v1/statuses/{id}", state.status)
    app.router.add_post("/api/v2/media", state.upload)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", state
    finally:
        await runner.cleanup()


async def test_30_concurrent_requests_against_10_per_second_get_no_429(
    budget_server: tuple[str, BudgetServer],
) -> None:
    url, state = budget_server
    async with Client(url, access_token="t") as client:
        results = await asyncio.gather(*(client.statuses.get(str(n)) for n in range(30)))
    assert len(results) == 30
    assert state.statuses.count(429) == 0
    assert state.statuses.count(200) == 30
    assert len(state.used) >= 3  # three windows at least: two resets waited for
    assert state.max_in_flight > 1  # concurrent, not one by one
    states = {b.name: b for b in client.rate_limits}
    assert states["account"].limit == 10


@pytest.mark.parametrize("source", ["path", "file object"])
async def test_an_upload_retried_after_503_sends_the_whole_file_again(
    budget_server: tuple[str, BudgetServer], tmp_path: Path, source: str
) -> None:
    url, state = budget_server
    data = bytes(range(256)) * 400  # 100 KB
    state.fail_uploads = 1
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
    async with Client(url, access_token="t", scheduler=scheduler) as client:
        media = await client.media.upload(upload)  # type: ignore[arg-type]
    assert media.id == "7"
    assert state.uploads == [data, data]


# --- mastodon-mock with its rate limiting on, and its fault rules -------------------------


@pytest.fixture(scope="module")
def limited_mock() -> Iterator[MockServer]:
    """mastodon-mock allowing 10 requests per second per token (epoch-second resets)."""
    config = MockServer().config.model_copy(
        update={"ratelimit": RateLimitConfig(enabled=True, limit=10, window_seconds=1)}
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
