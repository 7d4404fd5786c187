"""A loopback timeline server for the benchmarks, run in its own process.

It serves ``GET /api/v1/timelines/home`` from pages encoded ahead of time, with Link
headers as Mastodon sends them, so that the server costs the client's process nothing
and each walk measures only the client.

    python benchmarks/_server.py --pages 250 --distinct 250
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
import _corpus

FIRST_ID = 110_000_000_000_000_000
PER_PAGE = 40


def build_app(pages: int, distinct: int, latency: float = 0.0) -> web.Application:
    """``pages`` pages in all; bodies repeat every ``distinct`` pages (to bound memory).

    ``latency`` seconds are waited before each answer, like a distant server.
    """
    bodies = [_corpus.page(FIRST_ID - k * PER_PAGE * 2, PER_PAGE, seed=k) for k in range(distinct)]

    async def home(request: web.Request) -> web.Response:
        if latency:
            await asyncio.sleep(latency)
        # Pages are found by max_id, the cursor Mastodon sends: clients that rebuild the
        # request from the Link's parameters (Mastodon.py) must land on the same page.
        if "min_id" in request.query:
            return web.Response(body=b"[]", content_type="application/json")  # nothing newer
        max_id = request.query.get("max_id")
        index = 0 if max_id is None else (FIRST_ID - int(max_id) - 78) // (PER_PAGE * 2) + 1
        if index >= pages:
            return web.Response(body=b"[]", content_type="application/json")
        base = f"http://{request.host}/api/v1/timelines/home"
        last_id = FIRST_ID - index * PER_PAGE * 2 - (PER_PAGE - 1) * 2
        headers = {
            "Link": (
                f'<{base}?limit=40&max_id={last_id}>; rel="next", '
                f'<{base}?limit=40&min_id={FIRST_ID - index * PER_PAGE * 2}>; rel="prev"'
            )
        }
        return web.Response(
            body=bodies[index % distinct], content_type="application/json", headers=headers
        )

    app = web.Application()
    app.router.add_get("/api/v1/timelines/home", home)
    return app


def build_budget_app(limit: int, window: float) -> web.Application:
    """A server that allows ``limit`` requests per aligned ``window`` seconds, as Mastodon
    does, answering 429 beyond it; resets are ISO 8601 with microseconds (Mastodon 4.7).

    ``GET /_stats`` reports how many requests got 200 and 429.
    """
    used: dict[float, int] = {}
    counts = {"200": 0, "429": 0}
    body = json.dumps(_corpus.statuses(FIRST_ID, 1)[0]).encode()

    async def status(request: web.Request) -> web.Response:
        now = time.time()
        start = math.floor(now / window) * window
        reset = datetime.fromtimestamp(start + window, timezone.utc)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        count = used.get(start, 0)
        if count >= limit:
            counts["429"] += 1
            headers["X-RateLimit-Remaining"] = "0"
            return web.json_response({"error": "Too many requests"}, status=429, headers=headers)
        used[start] = count + 1
        counts["200"] += 1
        headers["X-RateLimit-Remaining"] = str(limit - count - 1)
        return web.Response(body=body, content_type="application/json", headers=headers)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(counts)

    app = web.Application()
    app.router.add_get("/api/v1/statuses/{id}", status)
    app.router.add_get("/_stats", stats)
    return app


def _serve(builder: str, options: dict[str, float], ports: multiprocessing.Queue[int]) -> None:
    async def serve() -> None:
        app = globals()[builder](**options)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        ports.put(server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(serve())


@contextmanager
def _running(builder: str, **options: float) -> Iterator[str]:
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    process = ctx.Process(target=_serve, args=(builder, options, ports), daemon=True)
    process.start()
    try:
        port = ports.get(timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.join(10)


def running(pages: int, distinct: int | None = None, latency: float = 0.0) -> ContextManager[str]:
    """The timeline server in a child process; the context yields its base URL."""
    return _running("build_app", pages=pages, distinct=distinct or pages, latency=latency)


def running_budget(limit: int, window: float) -> ContextManager[str]:
    """The budget-enforcing server in a child process; the context yields its base URL."""
    return _running("build_budget_app", limit=limit, window=window)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--distinct", type=int, default=None)
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    web.run_app(
        build_app(args.pages, args.distinct or args.pages), host="127.0.0.1", port=args.port
    )
