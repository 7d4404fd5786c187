"""The same 10,000-status walk with the other Mastodon clients, side by side.

    python benchmarks/peers.py [--statuses 10000] [--rounds 5] [--budget 12]

Every contender walks the same loopback server (benchmarks/_server.py, its own process:
realistic ~124 KB pages, Mastodon's headers) from the newest status to the end, in
alternated rounds; each is measured when it is there and skipped with the reason
otherwise:

- floor: bare aiohttp + msgspec into aiomastodon's full ``Status`` (the ratios' floor);
- aiomastodon: ``async for status in client.timelines.home(limit=40)``;
- Mastodon.py (sync; ``pip install Mastodon.py``): ``timeline_home`` + ``fetch_next``;
- atoot (``pip install atoot``): ``home_timeline`` + ``get_next``, plain dicts;
- asynctodon (``pip install asynctodon``): ``home_timeline(max_id=...)`` from the last
  item's id (it reads no Link header), its own objects;
- masto.js (``node`` and ``npm install --no-save --prefix benchmarks masto``, or
  ``--masto DIR`` where ``DIR/node_modules/masto`` is): ``masto.v1.timelines.home.list``,
  timed inside node (benchmarks/peers_masto.mjs) from making the client to the end.

Slow peers run in as many rounds as fit ``--budget`` seconds (at least one).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender, Measurement, Skipped
from walk import FULL, TOKEN, floor, mastodon_py, timed_walk, typed

from aiomastodon.entities import Status

HERE = Path(__file__).parent


async def atoot_walk(base: str) -> int:
    try:
        import atoot
    except ImportError:
        raise Skipped("not installed (pip install atoot)") from None
    host = base.removeprefix("http://")
    api = await atoot.MastodonAPI.create(host, access_token=TOKEN, use_https=False)
    count = 0
    try:
        page = await api.home_timeline(limit=40)
        while page:
            count += len(page)
            if not page.next:
                break
            page = await api.get_next(page)
    finally:
        await api.close()
    return count


async def asynctodon_walk(base: str) -> int:
    try:
        from asynctodon.client import Client as AsynctodonClient
    except ImportError:
        raise Skipped("not installed (pip install asynctodon)") from None
    host = base.removeprefix("http://")
    count = 0
    async with AsynctodonClient(host, token=TOKEN, https=False) as client:
        page = await client.home_timeline(limit=40)
        while page:
            count += len(page)
            page = await client.home_timeline(limit=40, max_id=page[-1].id)
    return count


def masto_js(base: str, where: Path | None, expected: int) -> Callable[[], Measurement]:
    """A run of the node script, or the reason masto.js cannot run here."""
    node = shutil.which("node")
    if node is None:
        raise Skipped("node is not installed")
    candidates = [where] if where else [HERE]
    found = next((c for c in candidates if (c / "node_modules" / "masto").is_dir()), None)
    if found is None:
        hint = "npm install --no-save --prefix benchmarks masto"
        raise Skipped(f"npm package masto not found ({hint})")

    def run() -> Measurement:
        command = [node, str(HERE / "peers_masto.mjs"), str(found), base, TOKEN]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        if answer["count"] != expected:
            raise RuntimeError(f"walked {answer['count']} statuses, expected {expected}")
        return float(answer["seconds"])

    return run


def masto_js_version(where: Path | None) -> str:
    package = (where or HERE) / "node_modules" / "masto" / "package.json"
    try:
        return str(json.loads(package.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def _peer(name: str, make: Callable[[], Callable[[], Measurement]], note: str) -> Contender:
    """A fragile contender; a peer missing at setup is skipped with its reason."""
    try:
        run = make()
    except Skipped as exc:
        reason = str(exc)

        def run() -> Measurement:
            raise Skipped(reason)

    return Contender(name, run, warmup=False, fragile=True, note=note)


def _named(name: str, package: str) -> str:
    try:
        return f"{name} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return name


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--budget", type=float, default=12.0)
    parser.add_argument("--masto", type=Path, default=None, help="where node_modules/masto is")
    args = parser.parse_args()
    expected = args.statuses
    _rounds.machine()
    with _server.running(expected // _server.PER_PAGE) as base:
        contenders = [
            Contender(FULL, timed_walk(lambda: floor(base, Status), expected), note="Status"),
            Contender(
                "aiomastodon typed walk", timed_walk(lambda: typed(base), expected), note="Status"
            ),
            _peer(
                _named("Mastodon.py", "Mastodon.py"),
                lambda: timed_walk(lambda: mastodon_py(base), expected),
                "sync; AttribAccessDict",
            ),
            _peer(
                _named("atoot", "atoot"),
                lambda: timed_walk(lambda: atoot_walk(base), expected),
                "plain dicts",
            ),
            _peer(
                _named("asynctodon", "asynctodon"),
                lambda: timed_walk(lambda: asynctodon_walk(base), expected),
                "its own objects; max_id from items",
            ),
            _peer(
                f"masto.js {masto_js_version(args.masto)}",
                lambda: masto_js(base, args.masto, expected),
                "node; JS objects",
            ),
        ]
        results = _rounds.alternate(contenders, args.rounds, budget=args.budget)
    _rounds.table(
        f"walk {expected:,} statuses ({expected // _server.PER_PAGE} pages) over loopback, "
        f"the peers side by side, {args.rounds} alternated rounds",
        results,
        floors=[(FULL, "full floor")],
        count=expected,
    )


if __name__ == "__main__":
    main()
