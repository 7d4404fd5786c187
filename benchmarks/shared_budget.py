"""The Redis rate-limit store: its cost per request, and how close N processes come to the ideal.

    python benchmarks/shared_budget.py [--redis URL] [--rounds 10] [--requests 480] [--limit 60]

Without ``--redis``, a ``redis-server`` is started on a free loopback port (and stopped).

1. Overhead: one slot taken and released (headers read, the settle included) per request,
   with the in-memory store and with the Redis store, 1, 10 and 100 tasks at once, no
   network but Redis's, the six in alternated rounds (benchmarks/_rounds.py; min and
   median); the headline is the median of the per-round differences (target: under
   200 µs added per request on loopback Redis).
2. Budget (one run per process count: it measures the server's 429s and the windows,
   not a speed): ``--requests`` requests split over 1, 2 and 4 processes (50 tasks each,
   one token, one Redis store) against a loopback server (its own process) that allows
   ``--limit`` per aligned ``--window`` seconds and answers 429 beyond it. The processes
   start together at a window's start. Reports the 429s (target: 0), the time against
   the ideal: when the window that can hold the last request opens (target: within
   15%), and how many requests each window allowed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import math
import multiprocessing
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender

from aiomastodon import Client
from aiomastodon._sansio.request import build_request
from aiomastodon._sansio.response import RawResponse
from aiomastodon._sansio.routes import Route
from aiomastodon.scheduler import Scheduler
from aiomastodon.scheduler.redis_store import RedisStore
from aiomastodon.scheduler.scheduler import token_key

ROUTE = Route("GET", "/api/v1/statuses/:id", "statuses.get")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                        conn.sendall(b"PING\r\n")
                        if conn.recv(16).startswith(b"+PONG"):
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("redis-server did not start") from None
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(10)


async def overhead(tasks: int, per_task: int, redis_url: str | None) -> float:
    """Microseconds per request for acquire + release, with ``tasks`` tasks at once."""
    store = RedisStore(redis_url, prefix=f"bench{time.time_ns()}") if redis_url else None
    scheduler = Scheduler(max_concurrency=max(tasks, 16), store=store)
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
    await scheduler.aclose()  # the last settles are part of the cost
    with_scheduler = time.perf_counter() - started
    started = time.perf_counter()
    await asyncio.gather(*(baseline() for _ in range(tasks)))
    without = time.perf_counter() - started
    if store is not None:
        await store.aclose()
    return (with_scheduler - without) / (tasks * per_task) * 1e6


def _seconds_per_request(tasks: int, redis_url: str | None) -> float:
    """One run of overhead(), in seconds per request (a run's figure is in seconds, as for
    timing); fewer requests through Redis, whose round trips make each one slower."""
    requests = 4_000 if redis_url else 20_000
    return asyncio.run(overhead(tasks, requests // tasks, redis_url)) / 1e6


TASKS = (1, 10, 100)


def costs(redis_url: str, rounds: int) -> None:
    """The cost per request with either store, 1/10/100 tasks, in alternated rounds."""
    contenders = [
        Contender(
            f"{'redis' if shared else 'memory'}, {tasks} task{'s' * (tasks > 1)}",
            functools.partial(_seconds_per_request, tasks, redis_url if shared else None),
        )
        for tasks in TASKS
        for shared in (False, True)
    ]
    results = _rounds.alternate(contenders, rounds, budget=float("inf"))
    print(
        "overhead per request (slot taken and released, headers read, settle included), "
        f"{rounds} alternated rounds; the Redis store against the in-memory one"
    )
    lines = _rounds.difference_tables(results, TASKS, "in-memory store", digits=0)["seconds"]
    print("  headline: added by the Redis store per request, median of the rounds")
    print(f"    (fastest against fastest); target < 200 µs: {'; '.join(lines)}")
    print()


def _spend(
    base: str,
    redis_url: str,
    prefix: str,
    requests: int,
    start_at: float,
    out: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    async def run() -> tuple[float, float]:
        # Every process starts at a window's start: one that started in the last moments
        # of a window could not fill it, and the ideal counts that window as a whole one.
        await asyncio.sleep(max(start_at - time.time(), 0.0))
        store = RedisStore(redis_url, prefix=prefix)
        async with Client(
            base, access_token="benchmark", max_concurrency=50, rate_limit_store=store
        ) as client:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for n in range(requests):
                queue.put_nowait(n)

            async def worker() -> None:
                while not queue.empty():
                    await client.statuses.get(str(queue.get_nowait()))

            started = time.time()
            await asyncio.gather(*(worker() for _ in range(50)))
            finished = time.time()
        await store.aclose()
        return started, finished

    out.put(asyncio.run(run()))


_STARTUP = 5.0  # seconds a spawned process may take to start and import, at most


def spend(
    base: str, redis_url: str, processes: int, requests: int, window: float
) -> tuple[float, float]:
    """Start ``processes`` processes sharing ``requests``; (first start, last finish)."""
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[tuple[float, float]] = ctx.Queue()
    prefix = f"spend{time.time_ns()}"
    shares = [requests // processes + (n < requests % processes) for n in range(processes)]
    # The first window to start after the processes have had time to start and import.
    start_at = (math.floor((time.time() + _STARTUP) / window) + 1) * window
    workers = [
        ctx.Process(target=_spend, args=(base, redis_url, prefix, share, start_at, out))
        for share in shares
    ]
    for process in workers:
        process.start()
    times = [out.get(timeout=600) for _ in workers]
    for process in workers:
        process.join(30)
    return min(t[0] for t in times), max(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", help="a Redis URL (default: start a redis-server)")
    parser.add_argument("--requests", type=int, default=480)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--window", type=float, default=3.0)
    parser.add_argument("--processes", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=10, help="alternated rounds of the costs")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        redis_url = args.redis or stack.enter_context(redis_server())
        _rounds.machine()
        costs(redis_url, args.rounds)

        if not args.processes:
            return
        print(
            f"{args.requests:,} requests against {args.limit} per {args.window:g} s "
            "(aligned windows, ISO 8601 resets), one token, one Redis store"
        )
        print(f"  {'processes':>9}  {'200':>5}  {'429':>4}  {'took':>7}  {'ideal':>7}  ratio")
        for processes in args.processes:
            with _server.running_budget(args.limit, args.window) as base:
                started, finished = spend(base, redis_url, processes, args.requests, args.window)
                with urllib.request.urlopen(f"{base}/_stats", timeout=10) as answer:  # loopback
                    counts = json.loads(answer.read())
            first_window = math.floor(started / args.window)
            windows_needed = math.ceil(args.requests / args.limit)
            ideal = (first_window + windows_needed - 1) * args.window - started
            took = finished - started
            verdict = "within 15%" if took <= ideal * 1.15 else "NOT within 15%"
            print(
                f"  {processes:9}  {counts['200']:5}  {counts['429']:4}  {took:6.1f}s  "
                f"{ideal:6.1f}s  {took / ideal:.3f}x ({verdict})"
            )
            # Allowed per window, from the first process's start: a window short of the
            # limit is where the time went.
            used = {float(start): count for start, count in counts["windows"].items()}
            spread = " ".join(str(used[start]) for start in sorted(used))
            print(f"  {'':9}  allowed per {args.window:g} s window: {spread}")


if __name__ == "__main__":
    main()
