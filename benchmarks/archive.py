"""Archive 10,000 statuses over loopback: aiomastodon's archiver against the bare walk floor.

    python benchmarks/archive.py [--statuses 10000] [--rounds 3]

- floor: bare aiohttp and one msgspec decoder walking every page (no writes at all);
- archive: ``aiomastodon archive home OUTPUT`` as the command runs it (in-process):
  every item's own bytes to JSON Lines, the state file replaced after every page;
- archive --fsync: the same, syncing data and state to disk after every page.

Target: the archive within 1.5x of the floor, writes included.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _server
from walk import floor

from aiomastodon import Client
from aiomastodon.cli.archive import Archive, Progress, archive_timeline
from aiomastodon.cli.timelines import parse_timeline

OUTPUTS: list[tuple[Path, int]] = []


async def archive(base: str, directory: Path, fsync: bool) -> int:
    output = directory / f"home-{time.monotonic_ns()}.jsonl"
    timeline = parse_timeline("home")
    target = Archive(output, instance=base, timeline="home", fsync=fsync)
    progress = Progress()
    async with Client(base, access_token="benchmark") as client:
        await archive_timeline(client, timeline, target, progress)
    target.close()
    OUTPUTS.append((output, progress.items))  # checked after the clock stops
    return progress.items


def best(rounds: int, run: object) -> tuple[float, int]:
    seconds, count = float("inf"), 0
    for _ in range(rounds):
        started = time.perf_counter()
        count = asyncio.run(run())  # type: ignore[operator]
        seconds = min(seconds, time.perf_counter() - started)
    return seconds, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = args.statuses // _server.PER_PAGE
    with _server.running(pages) as base, tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        rows = [
            ("floor: aiohttp + msgspec walk", best(args.rounds, lambda: floor(base, 0.0))),
            (
                "archive (flush per page)",
                best(args.rounds, lambda: archive(base, directory, False)),
            ),
            ("archive --fsync", best(args.rounds, lambda: archive(base, directory, True))),
        ]
        for output, items in OUTPUTS:
            assert output.read_bytes().count(b"\n") == items, output
    print(
        f"archive {args.statuses:,} statuses ({pages} pages) over loopback, best of {args.rounds}"
    )
    floor_seconds = rows[0][1][0]
    print(f"  {'':32} {'seconds':>8} {'items/s':>9} {'vs floor':>9}")
    for name, (seconds, count) in rows:
        if count != args.statuses:
            raise SystemExit(f"{name}: {count} items, expected {args.statuses}")
        print(f"  {name:32} {seconds:8.3f} {count / seconds:9,.0f} {seconds / floor_seconds:8.2f}x")


if __name__ == "__main__":
    main()
