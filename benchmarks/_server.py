"""A loopback timeline server for the benchmarks, run in its own process.

It serves ``GET /api/v1/timelines/home`` from pages encoded ahead of time, with Link
headers as Mastodon sends them, so that the server costs the client's process nothing
and each walk measures only the client.

    python benchmarks/_server.py --pages 250 --distinct 250
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


def _serve(pages: int, distinct: int, latency: float, ports: multiprocessing.Queue[int]) -> None:
    async def serve() -> None:
        runner = web.AppRunner(build_app(pages, distinct, latency), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        ports.put(server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(serve())


@contextmanager
def running(pages: int, distinct: int | None = None, latency: float = 0.0) -> Iterator[str]:
    """Start the server in a child process; yield its base URL."""
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    process = ctx.Process(
        target=_serve, args=(pages, distinct or pages, latency, ports), daemon=True
    )
    process.start()
    try:
        port = ports.get(timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.join(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--distinct", type=int, default=None)
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    web.run_app(
        build_app(args.pages, args.distinct or args.pages), host="127.0.0.1", port=args.port
    )
