"""The rate-limit scheduler: its overhead per request, and how close to ideal it spends a budget.

    python benchmarks/scheduler.py [--requests 1000] [--limit 100] [--window 10]

1. Overhead: one slot taken and released (header parsing included) per request, with
   1, 10 and 100 tasks at once, no network (target: under 20 µs).
2. Budget: ``--requests`` requests from 50 tasks against a loopback server (its own
   process) that allows ``--limit`` per aligned ``--window`` seconds and answers 429
   beyond it. Reports the 429s (target: 0) and the time against the ideal, which is
   when the window that can hold the last request opens (target: within 10%).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

sys.path.insert(0, str(Path(__file__).parent))
import _server

from aiomastodon import Client
from aiomastodon._sansio.request import build_request
from aiomastodon._sansio.response import RawResponse
from aiomastodon._sansio.routes import Route
from aiomastodon.scheduler import Scheduler
from aiomastodon.scheduler.scheduler import token_key

ROUTE = Route("GET", "/api/v1/statuses/:id", "statuses.get")


async def overhead(tasks: int, per_task: int) -> float:
    """Microseconds per request for acquire + release, with ``tasks`` tasks at once."""
    scheduler = Scheduler(max_concurrency=max(tasks, 16))
    request = build_request(URL("https://example.social"), ROUTE, ["1"])
    reset = datetime.fromtimestamp(time.time() + 300, timezone.utc)
    headers = CIMultiDictProxy(
        CIMultiDict(
            {
                "X-RateLimit-Limit": "1000000000",
                "X-RateLimit-Remaining": "999999999",
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            }
        )
    )
    response = RawResponse(200, headers, b"{}", request.url, "GET")
    key = token_key("example.social", "token")
    scheduler.release(await scheduler.acquire(key, request), response)  # learn the limit

    async def worker() -> None:
        for _ in range(per_task):
            slot = await scheduler.acquire(key, request)
            await asyncio.sleep(0)  # the request "in flight": other tasks run meanwhile
            scheduler.release(slot, response)

    async def baseline() -> None:
        for _ in range(per_task):
            await asyncio.sleep(0)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    with_scheduler = time.perf_counter() - started
    started = time.perf_counter()
    await asyncio.gather(*(baseline() for _ in range(tasks)))
    without = time.perf_counter() - started
    return (with_scheduler - without) / (tasks * per_task) * 1e6


async def spend(base: str, requests: int) -> float:
    async with Client(base, access_token="benchmark", max_concurrency=50) as client:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(requests):
            queue.put_nowait(n)

        async def worker() -> None:
            while not queue.empty():
                await client.statuses.get(str(queue.get_nowait()))

        started = time.time()
        await asyncio.gather(*(worker() for _ in range(50)))
        return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--window", type=float, default=10.0)
    args = parser.parse_args()

    print("scheduler overhead per request (slot taken and released, headers read)")
    for tasks in (1, 10, 100):
        best = min(asyncio.run(overhead(tasks, 20_000 // tasks)) for _ in range(5))
        print(f"  {tasks:3} tasks at once: {best:6.1f} µs")

    with _server.running_budget(args.limit, args.window) as base:
        started = asyncio.run(spend(base, args.requests))
        finished = time.time()
        with urllib.request.urlopen(f"{base}/_stats", timeout=10) as answer:  # loopback
            counts = json.loads(answer.read())
    first_window = math.floor(started / args.window)
    windows_needed = math.ceil(args.requests / args.limit)
    ideal = (first_window + windows_needed - 1) * args.window - started
    took = finished - started
    print(
        f"{args.requests:,} requests, 50 tasks, against {args.limit} per {args.window:g} s "
        f"(aligned windows, ISO 8601 resets)"
    )
    print(f"  answered 200: {counts['200']:,}   answered 429: {counts['429']}")
    print(f"  took {took:.1f} s; ideal {ideal:.1f} s; {took / ideal:.3f}x the ideal")


if __name__ == "__main__":
    main()
