"""Walk many statuses keeping nothing: the absolute peak RSS and its growth during the walk.

    python benchmarks/memory.py [--statuses 100000] [--rounds 2]

Target: the growth under 50 MB for 1,000,000 statuses (``--statuses 1000000``); a
bounded walk's growth does not depend on the length of the walk.

Every run is a fresh Python process (so that no contender inherits another's heap),
walking the loopback server (its own process) as an archiver that writes each page out
would: keeping nothing. Its peak RSS is read from /proc (VmHWM): the absolute peak of
the whole process (interpreter, imports and all), and the growth after the first pages
have warmed up the allocator, the connection pool and the decoders (the peak is reset
then), which is what the walk itself adds as it goes. The contenders alternate in rounds:

- floor: bare aiohttp + msgspec into the full ``Status``, one page at a time;
- the typed walk, ``read_ahead()`` (one page in flight while one is consumed), and
  ``.raw().read_ahead()`` (each item's own bytes, the archiver's walk).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import multiprocessing
import sys
import time
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender

from aiomastodon import Client
from aiomastodon.entities import Status

WARM_UP_PAGES = 20
TOKEN = "benchmark-token"
FLOOR, TYPED, AHEAD, RAW = (
    "floor: aiohttp + msgspec, full Status",
    "aiomastodon typed walk",
    "aiomastodon read_ahead()",
    "aiomastodon .raw().read_ahead()",
)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    Path("/proc/self/clear_refs").write_text("5")


async def _floor_items(base: str) -> AsyncIterator[object]:
    decoder = msgspec.json.Decoder(list[Status])
    url: str | None = f"{base}/api/v1/timelines/home?limit=40"
    async with aiohttp.ClientSession() as session:
        while url:
            async with session.get(url, headers={"Authorization": f"Bearer {TOKEN}"}) as answer:
                body = await answer.read()
                nxt = answer.links.get("next")
            items = decoder.decode(body)
            for item in items:
                yield item
            url = str(nxt["url"]) if nxt and items else None


async def _ours_items(base: str, name: str) -> AsyncIterator[object]:
    async with Client(base, access_token=TOKEN) as client:
        walk = client.timelines.home(limit=40)
        walks: dict[str, AsyncIterable[object]] = {
            TYPED: walk,
            AHEAD: walk.read_ahead(),
            RAW: walk.raw().read_ahead(),
        }
        async for item in walks[name]:
            yield item


async def _walk(name: str, base: str) -> tuple[int, int, float]:
    """(items, RSS after warm-up in KB, seconds)."""
    items = baseline = 0
    started = time.perf_counter()
    walk = _floor_items(base) if name == FLOOR else _ours_items(base, name)
    async for _item in walk:
        items += 1
        if items == WARM_UP_PAGES * _server.PER_PAGE:
            _reset_peak()
            baseline = _status_kb("VmRSS")
    return items, baseline, time.perf_counter() - started


Answer = tuple[int, int, int, float]


def _child(name: str, base: str, answers: multiprocessing.Queue[Answer]) -> None:
    items, baseline, seconds = asyncio.run(_walk(name, base))
    answers.put((items, baseline, _status_kb("VmHWM"), seconds))


def measure(name: str, base: str, statuses: int) -> dict[str, float]:
    ctx = multiprocessing.get_context("spawn")
    answers: multiprocessing.Queue[Answer] = ctx.Queue()
    process = ctx.Process(target=_child, args=(name, base, answers), daemon=True)
    process.start()
    try:
        items, baseline, peak, seconds = _server.receive(process, answers, name)
    finally:
        process.join(30)
    if items != statuses:
        raise RuntimeError(f"{name} walked {items} statuses, expected {statuses}")
    return {"seconds": seconds, "peak": peak / 1024, "growth": (peak - baseline) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--statuses", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    _rounds.machine()
    pages = args.statuses // _server.PER_PAGE
    with _server.running(pages, distinct=50) as base:
        contenders = [
            Contender(name, functools.partial(measure, name, base, args.statuses), warmup=False)
            for name in (FLOOR, TYPED, AHEAD, RAW)
        ]
        results = _rounds.alternate(contenders, args.rounds, budget=float("inf"))
    print(
        f"walk {args.statuses:,} statuses ({pages:,} pages), keeping nothing, each run a fresh "
        f"process; {args.rounds} alternated rounds (MB, min / median)"
    )
    width = max(len(r.name) for r in results)
    print(f"  {'contender':{width}} {'runs':>4} {'peak RSS':>15} {'growth':>13} {'seconds':>8}")
    for r in results:
        peak = f"{r.min('peak'):.1f} / {r.median('peak'):.1f}"
        growth = f"{r.min('growth'):.1f} / {r.median('growth'):.1f}"
        print(f"  {r.name:{width}} {r.runs:>4} {peak:>15} {growth:>13} {r.median():8.1f}")
    worst = max(r.max("growth") for r in results if r.name != FLOOR)
    verdict = "under" if worst < 50 else "OVER"
    print(
        f"  growth is measured from page {WARM_UP_PAGES} on; the worst aiomastodon run grew "
        f"{worst:.1f} MB ({verdict} the 50 MB target)"
    )


if __name__ == "__main__":
    main()
