"""Import time: ``import aiomastodon`` against ``import aiohttp, msgspec``, fresh interpreters.

    python benchmarks/imports.py [--rounds 20]

Each run is a new interpreter (``python -c``) that times its own import with
``time.perf_counter`` around it, so interpreter start-up is in neither figure; the
contenders run in alternated rounds (benchmarks/_rounds.py), with min and median:

- ``import aiohttp, msgspec``: the two packages every aiomastodon user loads anyway;
- ``import aiomastodon``: the package as ``from aiomastodon import Client`` loads it
  (endpoint groups and the CLI are loaded when first used);
- ``import aiomastodon`` and ``Client(...)``: a client made, its endpoint groups not yet
  touched.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
from _rounds import Contender

FLOOR = "import aiohttp, msgspec"

CONTENDERS = {
    FLOOR: "import aiohttp, msgspec",
    "import aiomastodon": "import aiomastodon",
    "import aiomastodon; Client(...)": (
        "import aiomastodon; aiomastodon.Client('https://mastodon.example')"
    ),
}


def timed_import(code: str) -> float:
    """Seconds one fresh interpreter spends running ``code`` (its own clock)."""
    script = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    _rounds.machine()
    contenders = [
        Contender(name, functools.partial(timed_import, code)) for name, code in CONTENDERS.items()
    ]
    results = _rounds.alternate(contenders, args.rounds, budget=float("inf"))
    _rounds.table(
        f"import time in a fresh interpreter, {args.rounds} alternated rounds",
        results,
        floors=[(FLOOR, "aiohttp + msgspec")],
        unit=_rounds.UNITS["ms"],
    )


if __name__ == "__main__":
    main()
