"""Walk 1,000,000 statuses and report the growth of peak RSS (target: under 50 MB).

    python benchmarks/memory.py [--statuses 1000000]

The walk keeps nothing (as an archiver that writes each page out would), takes each
page's raw item bytes, and reads ahead one page, the most a walk holds at once. Peak RSS
is read from /proc (VmHWM) after the first pages have warmed up the allocator, the
connection pool and the decoders, so the figure is what the walk itself adds as it goes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _server

from aiomastodon import Client

WARM_UP_PAGES = 20


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    Path("/proc/self/clear_refs").write_text("5")


async def walk(base: str) -> tuple[int, int, int, float]:
    items = pages = 0
    baseline = 0
    started = time.perf_counter()
    async with Client(base, access_token="benchmark-token") as client:
        async for page in client.timelines.home(limit=40).read_ahead().pages():
            raws = page.raw_items()
            items += len(page.items)
            pages += 1
            assert len(raws) == len(page.items)
            if pages == WARM_UP_PAGES:
                _reset_peak()
                baseline = _status_kb("VmRSS")
    return items, pages, baseline, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=1_000_000)
    args = parser.parse_args()
    pages = args.statuses // _server.PER_PAGE
    with _server.running(pages, distinct=50) as base:
        items, walked, baseline, seconds = asyncio.run(walk(base))
    peak = _status_kb("VmHWM")
    if items != args.statuses:
        raise SystemExit(f"walked {items} statuses, expected {args.statuses}")
    growth_mb = (peak - baseline) / 1024
    print(f"walk {items:,} statuses ({walked:,} pages) in {seconds:.1f} s")
    print(f"RSS after {WARM_UP_PAGES} pages: {baseline / 1024:.1f} MB; peak: {peak / 1024:.1f} MB")
    verdict = "under" if growth_mb < 50 else "OVER"
    print(f"peak RSS growth during the walk: {growth_mb:.1f} MB ({verdict} the 50 MB target)")


if __name__ == "__main__":
    main()
