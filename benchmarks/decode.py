"""Decode throughput of one realistic 40-status page, against json.loads and the bare floor.

    python benchmarks/decode.py [--rounds 30] [--pages-per-run 20]

Every contender decodes the same page (benchmarks/_corpus.py, ~124 KB), in alternated
rounds (benchmarks/_rounds.py); a run decodes it ``--pages-per-run`` times:

- json.loads: plain dicts, no types (the usual baseline);
- msgspec, untyped: plain dicts the msgspec way;
- floor: one bare ``msgspec.json.Decoder(list[Status])``, aiomastodon's full ``Status``
  (what the library's page decode costs at best; ``walk.py`` measures the library's);
- per item, as an archive is read back (one status's bytes at a time, split beforehand):
  a bare ``msgspec.json.Decoder(Status)`` against ``Status.from_json``, the library's
  tolerant entry, and ``Status.from_json`` on the same items with one whose id is a
  number (what one quirky item costs through the repair path).
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
import _rounds
from _rounds import Contender

from aiomastodon.entities import Status

JSON, UNTYPED, FLOOR = "json.loads", "msgspec, untyped", "floor: msgspec list[Status]"
ITEM_FLOOR = "floor per item: msgspec Status"


def per_page(decode: Callable[[], object], pages: int) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        for _ in range(pages):
            decode()
        return (time.perf_counter() - started) / pages

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pages-per-run", type=int, default=20)
    args = parser.parse_args()
    _rounds.machine()

    statuses = _corpus.statuses(110_000_000_000_000_000, 40)
    body = msgspec.json.encode(statuses)
    items = [msgspec.json.encode(s) for s in statuses]
    odd_items = list(items)
    odd_items[17] = msgspec.json.encode({**statuses[17], "id": int(statuses[17]["id"])})
    assert Status.from_json(odd_items[17]).id == statuses[17]["id"]

    page_decoder = msgspec.json.Decoder(list[Status])
    item_decoder = msgspec.json.Decoder(Status)
    plain = msgspec.json.Decoder()
    decoders: list[tuple[str, Callable[[], object]]] = [
        (JSON, lambda: json.loads(body)),
        (UNTYPED, lambda: plain.decode(body)),
        (FLOOR, lambda: page_decoder.decode(body)),
        (ITEM_FLOOR, lambda: [item_decoder.decode(item) for item in items]),
        ("Status.from_json per item", lambda: [Status.from_json(item) for item in items]),
        ("Status.from_json, one odd item", lambda: [Status.from_json(i) for i in odd_items]),
    ]
    contenders = [Contender(name, per_page(run, args.pages_per_run)) for name, run in decoders]
    results = _rounds.alternate(contenders, args.rounds)
    _rounds.table(
        f"decode one page of 40 statuses ({len(body) / 1000:.0f} KB), {args.rounds} alternated "
        f"rounds of {args.pages_per_run} pages",
        results,
        floors=[(JSON, "json.loads"), (FLOOR, "page floor"), (ITEM_FLOOR, "item floor")],
        count=1,
        per="pages",
        compare="rate",
    )
    floor = _rounds.by_name(results, FLOOR)
    print(
        f"  the floor decodes {len(body) / floor.median() / 1e6:,.0f} MB/s, "
        f"{40 / floor.median():,.0f} statuses/s"
    )
    _rounds.headline(
        "the typed decode's rate", floor, _rounds.by_name(results, JSON), "json.loads'", rate=True
    )


if __name__ == "__main__":
    main()
