"""The rate-limit scheduler: its overhead per request, and how close to ideal it spends a budget.

    python benchmarks/scheduler.py [--rounds 10] [--requests 10000]
                                   [--budget-requests 300 --limit 100 --window 5]
    python benchmarks/scheduler.py --profile 10 [--requests 100000]   # cProfile only

1. Overhead: one slot taken and released per request (the answer's rate-limit headers
   read), with 1, 10 and 100 tasks at once, no network; target: at most 10 µs. The
   answers are real: one request goes through a ``Client`` to the loopback server (its
   own process), and the scheduler's own ``acquire``/``release`` arguments are recorded
   from it (the request's bucket key, the prepared request, the response with the
   headers Mastodon sends: ``Date``, ``X-RateLimit-Limit``/``Remaining`` and an ISO 8601
   ``X-RateLimit-Reset`` such as ``2026-12-02T10:15:00.123456Z``). The replayed answers
   vary as a server's do: ``Remaining`` counts down with every answer, ``Date`` moves on
   a second every 100 answers and ``X-Request-Id`` is new each time; the reset is the
   end of an aligned 5-minute window at least 10 minutes ahead, so that no run outlives
   it (a passed reset would measure another road). The floor is the same loop without
   the scheduler (each "request in flight" is one ``sleep(0)``, so tasks interleave as
   they would); the overhead is the difference, per round (median) and of the fastest
   runs (min against min: the figure least touched by other work on the machine), in
   wall-clock time and in the process's CPU time (which does not count the spells another
   process held the core: on a shared machine, the steadier of the two).
   One thing a replay cannot give: the header strings are the same objects round after
   round, so their hashes are cached, where a live answer's are new (two hashes of about
   30 characters a request, well under 0.1 µs).
2. Budget: ``--budget-requests`` from 50 tasks through a ``Client`` against a loopback
   server that allows ``--limit`` per aligned ``--window`` seconds and answers 429 beyond
   it. Reports the 429s (target: 0) and the time against the ideal, which is when the
   window that can hold the last request opens (target: within 10%).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import math
import sys
import time
import urllib.request
from email.utils import formatdate
from pathlib import Path
from typing import Any

import msgspec
from multidict import CIMultiDict, CIMultiDictProxy

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender

from aiomastodon import Client
from aiomastodon.scheduler import Scheduler

TASKS = (1, 10, 100)
POOL = 4096  # distinct answers replayed in turn


class _Recording(Scheduler):
    """A scheduler that keeps the arguments of its last acquire and release."""

    acquired: tuple[Any, ...] = ()
    released: tuple[Any, ...] = ()

    async def acquire(self, *args: Any, **kwargs: Any) -> Any:
        self.acquired = args
        return await super().acquire(*args, **kwargs)

    def release(self, *args: Any, **kwargs: Any) -> None:
        self.released = args
        super().release(*args, **kwargs)


async def _record(base: str) -> tuple[tuple[Any, ...], Any]:
    recording = _Recording()
    async with Client(base, access_token="benchmark", scheduler=recording) as client:
        await client.statuses.get("1")
    (key, request), (_, response) = recording.acquired, recording.released
    return (key, request), response


def _answers(response: Any) -> list[Any]:
    """``POOL`` answers like ``response``, each with the headers a server would vary."""
    headers = response.headers
    limit = int(headers["X-RateLimit-Limit"])
    remaining = int(headers["X-RateLimit-Remaining"])
    now = time.time()
    reset = _server.reset_text((now + 600) // _server.WINDOW * _server.WINDOW + _server.WINDOW)
    answers = []
    for n in range(POOL):
        varied = CIMultiDict(headers)
        varied["X-RateLimit-Remaining"] = str(min(limit, remaining) - n - 1)
        varied["Date"] = formatdate(now + n // 100, usegmt=True)
        varied["X-Request-Id"] = f"{n:08x}-77c1-4f0e-8c1a-{n * 7919 % 10**12:012d}"
        varied["X-RateLimit-Reset"] = reset
        answers.append(msgspec.structs.replace(response, headers=CIMultiDictProxy(varied)))
    return answers


def overhead_run(
    acquire_args: tuple[Any, ...], answers: list[Any], tasks: int, requests: int, *, scheduled: bool
) -> dict[str, float]:
    """Seconds per request of one run (wall clock, and this process's CPU time):
    ``requests`` in all, from ``tasks`` tasks."""

    async def measure() -> dict[str, float]:
        scheduler = Scheduler(max_concurrency=max(tasks, 16))
        scheduler.release(await scheduler.acquire(*acquire_args), answers[0])  # learn the limit
        served = iter(range(1, 10**12))
        per_task = requests // tasks

        async def worker() -> None:
            for _ in range(per_task):
                slot = await scheduler.acquire(*acquire_args)
                await asyncio.sleep(0)  # the request in flight: other tasks run meanwhile
                scheduler.release(slot, answers[next(served) % POOL])

        async def bare() -> None:
            for _ in range(per_task):
                await asyncio.sleep(0)
                _ = answers[next(served) % POOL]  # the same indexing as the worker's

        job = worker if scheduled else bare
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(job() for _ in range(tasks)))
        count = per_task * tasks
        return {
            "seconds": (time.perf_counter() - started) / count,
            "cpu": (time.process_time() - cpu) / count,
        }

    return asyncio.run(measure())


def _recorded() -> tuple[tuple[Any, ...], list[Any], Any]:
    with _server.running_budget(_server.BUDGET, _server.WINDOW) as base:
        acquire_args, response = asyncio.run(_record(base))
    return acquire_args, _answers(response), response


def profile(tasks: int, requests: int, lines: int = 15) -> None:
    """cProfile's top lines (by own time) of one scheduled run with ``tasks`` tasks."""
    import cProfile
    import pstats

    acquire_args, answers, _ = _recorded()
    overhead_run(acquire_args, answers, tasks, requests, scheduled=True)  # warm
    profiler = cProfile.Profile()
    profiler.runcall(overhead_run, acquire_args, answers, tasks, requests, scheduled=True)
    print(f"cProfile, {requests:,} requests from {tasks} task(s), by own time:")
    pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(lines)


def overhead(rounds: int, requests: int) -> None:
    acquire_args, answers, response = _recorded()
    contenders = []
    for tasks in TASKS:
        for scheduled in (False, True):
            contenders.append(
                Contender(
                    f"{'scheduler' if scheduled else 'floor'}, {tasks} task{'s' * (tasks > 1)}",
                    functools.partial(
                        overhead_run, acquire_args, answers, tasks, requests, scheduled=scheduled
                    ),
                )
            )
    results = _rounds.alternate(contenders, rounds)
    shown = ", ".join(sorted(k for k in response.headers if k.lower() != "content-length"))
    print(
        f"scheduler overhead per request (slot taken and released, headers read), {requests:,} "
        f"requests per run, {rounds} alternated rounds; the answers carry: {shown}"
    )
    summary = _rounds.difference_tables(results, TASKS, "floor", metrics=("seconds", "cpu"))
    print(
        "  headline: overhead per request, median of the rounds (fastest against fastest);"
        " target ≤ 10 µs"
    )
    print(f"    wall clock: {'; '.join(summary['seconds'])}")
    # Other work on the machine preempts a run; CPU time does not count those spells.
    print(f"    CPU time:   {'; '.join(summary['cpu'])}")
    print()


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


def budget(requests: int, limit: int, window: float) -> None:
    with _server.running_budget(limit, window) as base:
        started = asyncio.run(spend(base, requests))
        finished = time.time()
        with urllib.request.urlopen(f"{base}/_stats", timeout=10) as answer:  # loopback
            counts = json.loads(answer.read())
    first_window = math.floor(started / window)
    windows_needed = math.ceil(requests / limit)
    ideal = (first_window + windows_needed - 1) * window - started
    took = finished - started
    print(
        f"{requests:,} requests, 50 tasks, against {limit} per {window:g} s "
        f"(aligned windows, ISO 8601 resets, Date on every answer); one run"
    )
    print(f"  answered 200: {counts['200']:,}   answered 429: {counts['429']}")
    print(f"  took {took:.2f} s; ideal {ideal:.2f} s; {took / ideal:.3f}x the ideal")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10_000, help="per overhead run")
    parser.add_argument("--budget-requests", type=int, default=300)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--window", type=float, default=5.0)
    parser.add_argument(
        "--profile", type=int, metavar="TASKS", help="only profile one run with TASKS tasks"
    )
    args = parser.parse_args()
    _rounds.machine()
    if args.profile:
        profile(args.profile, args.requests)
        return
    overhead(args.rounds, args.requests)
    if args.budget_requests:
        budget(args.budget_requests, args.limit, args.window)


if __name__ == "__main__":
    main()
