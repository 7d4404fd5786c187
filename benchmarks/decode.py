"""Decode throughput of one realistic 40-status page, against json.loads.

    python benchmarks/decode.py [--seconds 2]

- json.loads: plain dicts, no types (the usual baseline);
- msgspec, untyped: plain dicts the msgspec way;
- aiomastodon: full ``list[Status]`` decode into typed, frozen Structs (the strict path);
- aiomastodon, one odd item: the same page with one status whose id is a number, which
  sends that one item through the repair path (what a quirky server costs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _corpus

from aiomastodon._sansio.decode import decoder_for
from aiomastodon.entities import Status


def rate(run: Callable[[], object], seconds: float) -> float:
    """Calls per second, measured over about ``seconds`` (best of three slices)."""
    best = 0.0
    for _ in range(3):
        calls = 0
        started = time.perf_counter()
        deadline = started + seconds / 3
        while time.perf_counter() < deadline:
            run()
            calls += 1
        best = max(best, calls / (time.perf_counter() - started))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    statuses = _corpus.statuses(110_000_000_000_000_000, 40)
    body = msgspec.json.encode(statuses)
    odd = [dict(s) for s in statuses]
    odd[17]["id"] = int(odd[17]["id"])
    odd_body = msgspec.json.encode(odd)

    decoder = decoder_for(list[Status])
    assert len(decoder.decode(body)) == 40
    assert decoder.decode(odd_body)[17].id == statuses[17]["id"]
    plain = msgspec.json.Decoder()

    contenders: list[tuple[str, Callable[[], object]]] = [
        ("json.loads", lambda: json.loads(body)),
        ("msgspec, untyped", lambda: plain.decode(body)),
        ("aiomastodon list[Status]", lambda: decoder.decode(body)),
        ("aiomastodon, one odd item", lambda: decoder.decode(odd_body)),
    ]
    print(f"decode one page of 40 statuses ({len(body) / 1000:.0f} KB)")
    print(f"{'decoder':28} {'pages/s':>9} {'statuses/s':>11} {'MB/s':>7} {'vs json.loads':>14}")
    baseline = 0.0
    for name, run in contenders:
        pages = rate(run, args.seconds)
        baseline = baseline or pages
        print(
            f"{name:28} {pages:9,.0f} {pages * 40:11,.0f} {pages * len(body) / 1e6:7.0f}"
            f" {pages / baseline:13.2f}x"
        )


if __name__ == "__main__":
    main()
