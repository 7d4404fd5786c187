"""Walk 10,000 statuses over loopback: aiomastodon against the bare floor (and Mastodon.py).

    python benchmarks/walk.py [--statuses 10000] [--rounds 5]

The server (benchmarks/_server.py, in its own process) serves realistic 40-status pages
with Mastodon's Link headers. Each contender walks every page, decoding each status:

- floor: bare aiohttp and one msgspec decoder (list[Status]) following rel="next";
- aiomastodon: ``async for status in client.timelines.home(limit=40)``, read-ahead off/on;
- Mastodon.py (when installed): ``timeline_home`` then ``fetch_next`` until the end.

Prints the best of N rounds and each contender's ratio to the floor; then the same for a
distant server (latency per page) and a caller that does some async work per page, the
case read-ahead is for.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _server

from aiomastodon import Client
from aiomastodon.entities import Status

TOKEN = "benchmark-token"


async def floor(base: str, work: float) -> int:
    decoder = msgspec.json.Decoder(list[Status])
    count = 0
    url: str | None = f"{base}/api/v1/timelines/home?limit=40"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with aiohttp.ClientSession() as session:
        while url:
            async with session.get(url, headers=headers) as response:
                body = await response.read()
                nxt = response.links.get("next")
            statuses = decoder.decode(body)
            if not statuses:
                break
            count += len(statuses)
            if work:
                await asyncio.sleep(work)
            url = str(nxt["url"]) if nxt else None
    return count


async def ours(base: str, read_ahead: bool, work: float) -> int:
    count = 0
    async with Client(base, access_token=TOKEN) as client:
        if not work:
            async for _status in client.timelines.home(limit=40).read_ahead(read_ahead):
                count += 1
            return count
        async for page in client.timelines.home(limit=40).read_ahead(read_ahead).pages():
            count += len(page.items)
            await asyncio.sleep(work)
    return count


def mastodon_py(base: str, work: float) -> int | None:
    try:
        from mastodon import Mastodon
    except ImportError:
        return None
    api = Mastodon(access_token=TOKEN, api_base_url=base, version_check_mode="none")
    count = 0
    page = api.timeline_home(limit=40)
    while page:
        count += len(page)
        time.sleep(work)
        page = api.fetch_next(page)
    return count


def best_of(rounds: int, run: Callable[[], int | None]) -> tuple[float, int | None]:
    best = float("inf")
    count: int | None = None
    for _ in range(rounds):
        started = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - started)
    return best, count


def _async(factory: Callable[[], Awaitable[int]]) -> Callable[[], int]:
    return lambda: asyncio.run(factory())  # type: ignore[arg-type]


def run(
    statuses: int, rounds: int, latency: float, work: float = 0.0
) -> list[tuple[str, float | None]]:
    pages = statuses // _server.PER_PAGE
    results: list[tuple[str, float | None]] = []
    with _server.running(pages, latency=latency) as base:
        contenders: list[tuple[str, Callable[[], int | None]]] = [
            ("floor: aiohttp + msgspec", _async(lambda: floor(base, work))),
            ("aiomastodon", _async(lambda: ours(base, False, work))),
            ("aiomastodon, read-ahead", _async(lambda: ours(base, True, work))),
            ("Mastodon.py", lambda: mastodon_py(base, work)),
        ]
        for name, contender in contenders:
            seconds, count = best_of(1 if name == "Mastodon.py" else rounds, contender)
            if count is not None and count != statuses:
                raise SystemExit(f"{name} walked {count} statuses, expected {statuses}")
            results.append((name, None if count is None else seconds))
    return results


def report(title: str, statuses: int, results: list[tuple[str, float | None]]) -> None:
    print(title)
    floor_seconds = results[0][1]
    assert floor_seconds is not None
    print(f"  {'contender':28} {'seconds':>8} {'statuses/s':>11} {'vs floor':>9}")
    for name, seconds in results:
        if seconds is None:
            print(f"  {name:28} {'(not installed)':>30}")
            continue
        rate = statuses / seconds
        print(f"  {name:28} {seconds:8.3f} {rate:11,.0f} {seconds / floor_seconds:8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--latency", type=float, default=20.0, help="ms per page for the distant-server walk"
    )
    parser.add_argument(
        "--work", type=float, default=10.0, help="ms of the caller's own work per page, there"
    )
    args = parser.parse_args()
    page_kb = len(_server._corpus.page(_server.FIRST_ID)) / 1000
    pages = args.statuses // _server.PER_PAGE
    report(
        f"walk {args.statuses:,} statuses ({pages} pages of 40, ~{page_kb:.0f} KB each) "
        f"over loopback, best of {args.rounds}",
        args.statuses,
        run(args.statuses, args.rounds, 0.0),
    )
    if args.latency:
        distant = min(args.statuses, 2_000)
        report(
            f"{distant:,} statuses from a distant server ({args.latency:g} ms per page), "
            f"the caller working {args.work:g} ms on each page (an async write)",
            distant,
            run(distant, max(1, args.rounds // 2), args.latency / 1000, args.work / 1000),
        )


if __name__ == "__main__":
    main()
