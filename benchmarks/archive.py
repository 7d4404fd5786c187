"""Archive 10,000 statuses over loopback: the ``aiomastodon archive`` command against bare floors.

    python benchmarks/archive.py [--statuses 10000] [--rounds 8]

Every contender walks the loopback server (its own process; realistic ~124 KB pages with
Mastodon's headers) in alternated rounds (benchmarks/_rounds.py):

- floor "walk": bare aiohttp + one msgspec decoder into the full ``Status``, no writes
  (the README's target compares with this one: the archive within 1.5x);
- floor "writes": bare aiohttp splitting each page into its items' own bytes and writing
  them as JSON Lines, flushed after every page (the archive's work, none of its safety);
- archive: ``aiomastodon archive home OUTPUT`` as the command runs it (its ``main`` in
  this process, a new OUTPUT each run): every item's own bytes to JSON Lines, the state
  file replaced after every page;
- archive --fsync: the same, syncing data and state to disk after every page.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender, Measurement
from walk import FULL, HEADERS, floor, timed_walk

from aiomastodon.cli import main as command
from aiomastodon.entities import Status

WRITES = "floor: split + JSON Lines, flushed"


async def floor_writes(base: str, output: Path) -> int:
    split = msgspec.json.Decoder(list[msgspec.Raw])
    count = 0
    url: str | None = f"{base}/api/v1/timelines/home?limit=40"
    async with aiohttp.ClientSession() as session:
        with output.open("wb") as file:
            while url:
                async with session.get(url, headers=HEADERS) as response:
                    body = await response.read()
                    nxt = response.links.get("next")
                items = split.decode(body)
                if not items:
                    break
                file.write(b"".join(bytes(item) + b"\n" for item in items))
                file.flush()
                count += len(items)
                url = str(nxt["url"]) if nxt else None
    return count


class Runs:
    """A new OUTPUT for every run (an existing archive would be resumed, not rewritten)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.outputs: list[tuple[Path, int]] = []

    def path(self) -> Path:
        return self.directory / f"run-{time.monotonic_ns()}.jsonl"

    def archive(self, base: str, expected: int, *extra: str) -> float:
        output = self.path()
        argv = ["archive", "home", str(output), "--instance", base, "--token", "bench", "-q"]
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        status = command([*argv, *extra], out=out, err=err)
        seconds = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"aiomastodon archive exited {status}: {err.getvalue().strip()}")
        self.outputs.append((output, expected))  # checked after the clock stops
        return seconds

    def writes(self, base: str, expected: int) -> Measurement:
        output = self.path()
        seconds = timed_walk(lambda: floor_writes(base, output), expected)()
        self.outputs.append((output, expected))
        return seconds

    def check(self) -> None:
        for output, expected in self.outputs:
            lines = output.read_bytes().count(b"\n")
            if lines != expected:
                raise SystemExit(f"{output.name}: {lines} lines, expected {expected}")
            output.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    _rounds.machine()
    expected = args.statuses
    pages = expected // _server.PER_PAGE
    with _server.running(pages) as base, tempfile.TemporaryDirectory() as tmp:
        runs = Runs(Path(tmp))
        contenders = [
            Contender(FULL, timed_walk(lambda: floor(base, Status), expected)),
            Contender(WRITES, lambda: runs.writes(base, expected)),
            Contender("archive (flush per page)", lambda: runs.archive(base, expected)),
            Contender("archive --fsync", lambda: runs.archive(base, expected, "--fsync")),
        ]
        results = _rounds.alternate(contenders, args.rounds)
        runs.check()
    _rounds.table(
        f"archive {expected:,} statuses ({pages} pages) over loopback, {args.rounds} "
        "alternated rounds",
        results,
        floors=[(FULL, "walk floor"), (WRITES, "writes floor")],
        count=expected,
    )
    archive = _rounds.by_name(results, "archive (flush per page)")
    walk_floor = _rounds.by_name(results, FULL)
    _rounds.headline("the archive", archive, walk_floor, "the bare walk", target="≤ 1.5x")


if __name__ == "__main__":
    main()
