"""The loopback servers of the benchmarks, each run in its own process.

- ``running(pages)``: ``GET /api/v1/timelines/home`` from pages encoded ahead of time
  (benchmarks/_corpus.py), with the headers Mastodon sends (Link, the rate-limit trio
  with an ISO 8601 reset counting down, Date, caching and security headers, a request
  id), optionally ``latency`` seconds away;
- ``running_budget(limit, window)``: ``GET /api/v1/statuses/:id`` within a rate limit
  per aligned window, 429 beyond it;
- ``running_stream(events, distinct)``: a WebSocket streaming ``update`` events.

In a process of their own the servers cost the measured client's process nothing.

    python benchmarks/_server.py --pages 250 --distinct 250
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import multiprocessing
import queue
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import aiohttp
import msgspec
from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
import _corpus

FIRST_ID = 110_000_000_000_000_000
PER_PAGE = 40
WINDOW = 300.0  # Mastodon's rate-limit windows: 5 minutes, aligned
BUDGET = 1_000_000  # per window: every answer carries the headers, no walk ever waits

# What Mastodon 4.x puts on every API answer besides the rate limits and Link (aiohttp
# adds Date, Content-Length and Server itself).
_COMMON = {
    "Cache-Control": "private, no-store",
    "Vary": "Authorization, Origin",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-XSS-Protection": "0",
    "Permissions-Policy": "interest-cohort=()",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; form-action 'none'",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def reset_text(at: float) -> str:
    """An ``X-RateLimit-Reset`` value as Mastodon writes it: ISO 8601, microseconds, Z."""
    return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class RateLimits:
    """Counts requests per aligned window, as Mastodon's rack-attack does."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.used: dict[float, int] = {}
        self._ids = itertools.count(1)

    def spend(self) -> tuple[bool, dict[str, str]]:
        """(allowed, headers) for one request arriving now."""
        now = time.time()
        start = math.floor(now / self.window) * self.window
        count = self.used.get(start, 0)
        allowed = count < self.limit
        if allowed:
            self.used[start] = count + 1
        headers = {
            **_COMMON,
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - count - 1)),
            "X-RateLimit-Reset": reset_text(start + self.window),
            "X-Request-Id": f"{next(self._ids):08x}-4d2c-4f7e-9b1a-{int(now * 1e6) % 10**12:012d}",
            "X-Runtime": f"{0.05 + (count % 97) / 1000:.6f}",
        }
        return allowed, headers


async def _params(request: web.Request) -> Mapping[str, str]:
    """The query, merged with a JSON body as Rails does even on GET (asynctodon sends one)."""
    params = dict(request.query)
    if request.can_read_body:
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            body = {}
        if isinstance(body, dict):
            params.update({k: str(v) for k, v in body.items() if v is not None})
    return params


_STATUS_ID = re.compile(rb'"id":"(1\d{17})"')
_STATUS_IDS_ABOVE = FIRST_ID - 10**15  # account and media ids are lower: 108...


def _moved(body: bytes, shift: int) -> bytes:
    """A repeated body with its statuses' ids moved down by ``shift``: every page of the
    timeline holds statuses of its own, as a real one does (a client drops statuses it
    has seen already, and ends a walk that brings nothing new)."""
    if not shift:
        return body

    def move(match: re.Match[bytes]) -> bytes:
        value = int(match.group(1))
        return b'"id":"%d"' % (value - shift) if value > _STATUS_IDS_ABOVE else match.group(0)

    return _STATUS_ID.sub(move, body)


def build_app(pages: int, distinct: int, latency: float = 0.0) -> web.Application:
    """``pages`` pages in all; bodies repeat every ``distinct`` pages (to bound memory).

    ``latency`` seconds are waited before each answer, like a distant server.
    """
    bodies = [_corpus.page(FIRST_ID - k * PER_PAGE * 2, PER_PAGE, seed=k) for k in range(distinct)]
    limits = RateLimits(BUDGET, WINDOW)
    json_type = "application/json; charset=utf-8"

    async def home(request: web.Request) -> web.Response:
        if latency:
            await asyncio.sleep(latency)
        params = await _params(request)
        _, headers = limits.spend()
        headers["Content-Type"] = json_type
        # Pages are found by max_id, the cursor Mastodon sends: clients that rebuild the
        # request from the Link's parameters (Mastodon.py) or from the last item's id
        # (asynctodon) must land on the same page.
        if "min_id" in params:
            return web.Response(body=b"[]", headers=headers)  # nothing newer
        max_id = params.get("max_id")
        index = 0 if max_id is None else (FIRST_ID - int(max_id) - 78) // (PER_PAGE * 2) + 1
        if index >= pages:
            return web.Response(body=b"[]", headers=headers)
        base = f"http://{request.host}/api/v1/timelines/home"
        last_id = FIRST_ID - index * PER_PAGE * 2 - (PER_PAGE - 1) * 2
        headers["Link"] = (
            f'<{base}?limit=40&max_id={last_id}>; rel="next", '
            f'<{base}?limit=40&min_id={FIRST_ID - index * PER_PAGE * 2}>; rel="prev"'
        )
        body = bodies[index % distinct]
        return web.Response(
            body=_moved(body, (index - index % distinct) * PER_PAGE * 2), headers=headers
        )

    app = web.Application()
    app.router.add_get("/api/v1/timelines/home", home)
    return app


def build_budget_app(limit: int, window: float) -> web.Application:
    """A server that allows ``limit`` requests per aligned ``window`` seconds, as Mastodon
    does, answering 429 beyond it; resets are ISO 8601 with microseconds (Mastodon 4.7).

    ``GET /_stats`` reports how many requests got 200 and 429, and how many were allowed
    in each window (``windows``: the windows' start times, as epoch seconds, to counts).
    """
    limits = RateLimits(limit, window)
    counts: dict[str, object] = {"200": 0, "429": 0, "windows": limits.used}
    body = json.dumps(_corpus.statuses(FIRST_ID, 1)[0]).encode()

    async def status(request: web.Request) -> web.Response:
        allowed, headers = limits.spend()
        if not allowed:
            counts["429"] += 1  # type: ignore[operator]
            return web.json_response({"error": "Too many requests"}, status=429, headers=headers)
        counts["200"] += 1  # type: ignore[operator]
        headers["Content-Type"] = "application/json; charset=utf-8"
        return web.Response(body=body, headers=headers)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(counts)

    app = web.Application()
    app.router.add_get("/api/v1/statuses/{id}", status)
    app.router.add_get("/_stats", stats)
    return app


STREAM_PLACEHOLDER = "999999999999999999"  # as long as the real ids: frames keep their size


def stream_templates(distinct: int) -> list[tuple[bytes, bytes]]:
    """``update`` frames as Mastodon sends them, split around the status id."""
    templates = []
    for status in _corpus.statuses(FIRST_ID, distinct, seed=7):
        payload = msgspec.json.encode({**status, "id": STREAM_PLACEHOLDER}).decode()
        frame = msgspec.json.encode({"stream": ["user"], "event": "update", "payload": payload})
        prefix, _, suffix = frame.partition(STREAM_PLACEHOLDER.encode())
        templates.append((prefix, suffix))
    return templates


def build_stream_app(events: int, distinct: int) -> web.Application:
    """A streaming server: each WebSocket gets ``events`` ``update`` frames, each status
    with an id of its own, as fast as the socket takes them."""
    templates = stream_templates(distinct)

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        if "stream" not in request.query:
            await socket.receive()  # the subscribe message of a multiplexed socket
        for n in range(events):
            prefix, suffix = templates[n % distinct]
            await socket.send_frame(
                prefix + str(FIRST_ID + n).encode() + suffix, aiohttp.WSMsgType.TEXT
            )
        async for _ in socket:  # until the client leaves
            pass
        return socket

    app = web.Application()
    app.router.add_get("/api/v1/streaming", websocket)
    return app


def _serve(builder: str, options: dict[str, float], ports: multiprocessing.Queue[int]) -> None:
    async def serve() -> None:
        app = globals()[builder](**options)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        ports.put(server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(serve())


T = TypeVar("T")


def receive(
    process: multiprocessing.process.BaseProcess,
    answers: multiprocessing.Queue[T],
    what: str,
    timeout: float = 600.0,
) -> T:
    """The next answer a child process puts on ``answers``; raises if the child dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return answers.get(timeout=0.5)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(f"{what}: the process exited ({process.exitcode})") from None
    raise RuntimeError(f"{what}: no answer within {timeout:g} s")


@contextmanager
def _running(builder: str, **options: float) -> Iterator[str]:
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    process = ctx.Process(target=_serve, args=(builder, options, ports), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{receive(process, ports, 'the benchmark server', 120)}"
    finally:
        process.terminate()
        process.join(10)


def running(pages: int, distinct: int | None = None, latency: float = 0.0) -> ContextManager[str]:
    """The timeline server in a child process; the context yields its base URL."""
    return _running("build_app", pages=pages, distinct=distinct or pages, latency=latency)


def running_budget(limit: int, window: float) -> ContextManager[str]:
    """The budget-enforcing server in a child process; the context yields its base URL."""
    return _running("build_budget_app", limit=limit, window=window)


def running_stream(events: int, distinct: int) -> ContextManager[str]:
    """The streaming server in a child process; the context yields its base URL."""
    return _running("build_stream_app", events=events, distinct=distinct)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--distinct", type=int, default=None)
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    web.run_app(
        build_app(args.pages, args.distinct or args.pages), host="127.0.0.1", port=args.port
    )
