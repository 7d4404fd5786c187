"""Several processes, one account, one Redis store: the server never has to say 429.

The server enforces 30 requests per aligned 3-second window, with ISO 8601 resets and a
``Date`` header, as Mastodon does. Each worker is its own Python process firing 60
concurrent requests for the same token. The time they take is printed, not asserted
(``benchmarks/shared_budget.py`` measures it against the ideal).
"""

from __future__ import annotations

import asyncio
import json
import math
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web

pytestmark = pytest.mark.integration

WORKER = Path(__file__).with_name("redis_worker.py")
ROOT = Path(__file__).parents[2]
TOKEN = "shared-budget-5e3cret"
LIMIT, WINDOW = 30, 3.0
STATUS = {
    "id": "1",
    "created_at": "2026-01-01T00:00:00.000Z",
    "account": {"id": "2", "created_at": "2026-01-01T00:00:00.000Z"},
}


class Budget:
    """``LIMIT`` requests per aligned ``WINDOW``; counts answers, and requests per worker."""

    def __init__(self) -> None:
        self.used: Counter[float] = Counter()
        self.statuses: Counter[int] = Counter()
        self.by_worker: Counter[str] = Counter()
        self.watch: tuple[str, int, asyncio.Event] | None = None

    async def status(self, request: web.Request) -> web.Response:
        worker = request.headers.get("User-Agent", "")
        self.by_worker[worker] += 1
        watch = self.watch
        if watch is not None and worker == watch[0] and self.by_worker[worker] >= watch[1]:
            watch[2].set()
        now = time.time()
        start = math.floor(now / WINDOW) * WINDOW
        headers = {
            "Date": format_datetime(datetime.fromtimestamp(now, timezone.utc), usegmt=True),
            "X-RateLimit-Limit": str(LIMIT),
            "X-RateLimit-Reset": datetime.fromtimestamp(start + WINDOW, timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"
            ),
        }
        used = self.used[start]
        if used >= LIMIT:
            self.statuses[429] += 1
            headers["X-RateLimit-Remaining"] = "0"
            return web.json_response({"error": "Too many requests"}, status=429, headers=headers)
        self.used[start] = used + 1
        self.statuses[200] += 1
        headers["X-RateLimit-Remaining"] = str(LIMIT - used - 1)
        await asyncio.sleep(0.01)  # an answer takes a moment: requests overlap
        return web.json_response(STATUS, headers=headers)


@pytest.fixture
async def budget() -> AsyncIterator[tuple[str, Budget]]:
    state = Budget()
    app = web.Application()
    app.router.add_get("/api/v1/statuses/{id}", state.status)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", state
    finally:
        await runner.cleanup()


async def start_worker(
    redis_url: str, base: str, name: str, requests: int, lease_ttl: float
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(WORKER),
        "client",
        redis_url,
        "shared",
        base,
        TOKEN,
        str(requests),
        str(lease_ttl),
        name,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


async def result(process: asyncio.subprocess.Process) -> dict[str, float]:
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, out
    return dict(json.loads(out.decode().splitlines()[-1]))


def ideal(started: float, requests: int) -> float:
    """When the window that can hold the last request opens, from ``started``."""
    first = math.floor(started / WINDOW)
    return (first + math.ceil(requests / LIMIT) - 1) * WINDOW - started


async def test_four_processes_share_one_budget_without_a_429(
    redis_url: str, budget: tuple[str, Budget]
) -> None:
    base, state = budget
    workers = [await start_worker(redis_url, base, f"w{n}", 60, 60.0) for n in range(4)]
    results = await asyncio.gather(*(result(w) for w in workers))
    assert [r["ok"] for r in results] == [60, 60, 60, 60]
    assert [r["rate_limited"] for r in results] == [0, 0, 0, 0]
    assert state.statuses[429] == 0
    assert state.statuses[200] == 240
    started = min(r["started"] for r in results)
    took = max(r["finished"] for r in results) - started
    print(f"240 requests, 4 processes: {took:.1f} s, ideal {ideal(started, 240):.1f} s")


async def test_a_worker_killed_mid_run_leaves_the_others_unharmed(
    redis_url: str, budget: tuple[str, Budget]
) -> None:
    base, state = budget
    ten_sent = asyncio.Event()
    state.watch = ("w0", 10, ten_sent)
    workers = [await start_worker(redis_url, base, f"w{n}", 45, 5.0) for n in range(4)]
    await asyncio.wait_for(ten_sent.wait(), 60)
    workers[0].send_signal(signal.SIGKILL)  # with requests in flight, leases held
    await asyncio.wait_for(workers[0].wait(), 30)
    results = await asyncio.gather(*(result(w) for w in workers[1:]))
    assert [r["ok"] for r in results] == [45, 45, 45]
    assert [r["rate_limited"] for r in results] == [0, 0, 0]
    assert state.statuses[429] == 0
    assert state.by_worker["w0"] < 45
