"""Walk 10,000 statuses over loopback: aiomastodon against two bare floors (and Mastodon.py).

    python benchmarks/walk.py [--statuses 10000] [--rounds 10] [--latency 20]
    python benchmarks/walk.py --profile [--statuses 10000] [--top 15]   # cProfile only
    python benchmarks/walk.py --instructions 2000 6000   # instructions per status (valgrind)

The server (benchmarks/_server.py, its own process) serves realistic 40-status pages
(benchmarks/_corpus.py, ~124 KB each) with Mastodon's headers: Link, the rate-limit
trio with an ISO 8601 reset, Date. Each contender walks every page and decodes every
status; the contenders run in alternated rounds (benchmarks/_rounds.py).

Loopback:

- floor "small": bare aiohttp following rel="next", one msgspec decoder into an
  11-field Struct of the caller's own (what a projection could cost at best);
- floor "full": the same loop decoding into aiomastodon's full ``Status``: the same
  payloads, the same target type, none of the library's machinery. The headline ratio
  uses this floor;
- floor "prefetch": the full floor, asking for the next page as soon as it has this one's
  Link header, as the typed walk does by default (what reading ahead costs by itself);
- floor "shaped": the small floor in the shape the walk's ``async for`` has by default,
  and nothing else: one page read ahead, each status handed over by one async generator
  (what the shape costs by itself, which no walk over items can shed);
- ``async for status in client.timelines.home(limit=40)`` (the typed walk), with
  ``.read_ahead()``, and ``.raw()`` (each item's own bytes);
- ``.into(SmallStatus)`` where the paginator has it (a projection into the small Struct);
- Mastodon.py (when installed): ``timeline_home`` then ``fetch_next`` to the end (slow:
  it runs in as many rounds as fit ``--budget`` seconds, at least one).

Distant server (``--latency`` ms added by the server to every answer): the typed walk
and ``read_ahead()`` against a sequential floor and a floor that requests the next page
as soon as it has read this one's Link header (before reading and decoding this body).

Every run records two figures: its wall time and the client process's CPU time
(``time.process_time``; the server is a process of its own, so its work is in neither
contender's CPU figure). Each table is printed for both. On a machine other work loads,
wall time counts the neighbours' slices too; CPU time barely moves with them. So the
loopback headline (the library's own cost against the floor's) is by CPU time, with the
wall-time ratio beside it; the distant headline is by wall time, since hiding the
network's latency is what it measures and latency costs no CPU.

``--instructions N1 N2`` counts instead of timing (as ``benchmarks/stream.py`` does): the
client's instructions per status under valgrind's callgrind, each loopback contender in a
process of its own, from walks of N1 and N2 statuses; a count that repeats from run to run
whatever the load, to compare two versions of the code by. Not a time (a cache miss
costs no instruction): the timed ratios stay the headlines. It also counts ``.into()``
without reading ahead, and then by pages, without the generator over items: the walk's
shape taken away part by part, to show what the road alone costs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import pstats
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from datetime import datetime
from importlib import metadata
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _corpus
import _rounds
import _server
from _rounds import Contender, Skipped

from aiomastodon import Client
from aiomastodon.entities import Status

TOKEN = "benchmark-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


class SmallAccount(msgspec.Struct):
    id: str
    acct: str


class SmallStatus(msgspec.Struct):
    """The eleven fields an archiver or an analysis typically keeps."""

    id: str
    created_at: datetime
    uri: str
    url: str | None
    content: str
    visibility: str
    language: str | None
    replies_count: int
    reblogs_count: int
    favourites_count: int
    account: SmallAccount


def _first(base: str) -> str:
    return f"{base}/api/v1/timelines/home?limit=40"


async def _pause(work: float, count: int) -> None:
    if work and count % _server.PER_PAGE == 0:
        await asyncio.sleep(work)  # the caller's own async work on each page


async def floor(base: str, item_type: type[object], work: float = 0.0) -> int:
    """Bare aiohttp + one msgspec decoder, one page after the other."""
    decoder = msgspec.json.Decoder(list[item_type])  # type: ignore[valid-type]
    count = 0
    url: str | None = _first(base)
    async with aiohttp.ClientSession() as session:
        while url:
            async with session.get(url, headers=HEADERS) as response:
                body = await response.read()
                nxt = response.links.get("next")
            items = decoder.decode(body)
            if not items:
                break
            for _status in items:  # the same per-item loop as the walks' consumers
                count += 1
            await _pause(work, count)
            url = str(nxt["url"]) if nxt else None
    return count


def _send_now(session: aiohttp.ClientSession, url: str) -> asyncio.Task[aiohttp.ClientResponse]:
    """The request for ``url`` as a task, started as the walk starts its own: eagerly on
    Python 3.12+ (it runs at once up to the wait for the answer); before that, the caller
    gives the loop one turn so that it goes out."""

    async def get() -> aiohttp.ClientResponse:
        return await session.get(url, headers=HEADERS)

    if sys.version_info >= (3, 12):
        return asyncio.Task(get(), loop=asyncio.get_running_loop(), eager_start=True)
    return asyncio.ensure_future(get())


async def _prefetched_pages(base: str, item_type: type[object]) -> AsyncIterator[list[object]]:
    """Bare aiohttp + one msgspec decoder, the next page's request sent as soon as this
    one's Link header is read: one page in flight while this one is read and decoded."""
    decoder = msgspec.json.Decoder(list[item_type])  # type: ignore[valid-type]
    async with aiohttp.ClientSession() as session:
        pending: asyncio.Task[aiohttp.ClientResponse] | None = _send_now(session, _first(base))
        try:
            while pending is not None:
                response = await pending
                nxt = response.links.get("next")
                pending = None
                if nxt:
                    pending = _send_now(session, str(nxt["url"]))
                    if sys.version_info < (3, 12):
                        # Let the request go out now: the body below may already be
                        # buffered, and the decode after it holds the loop for a millisecond.
                        await asyncio.sleep(0)
                async with response:
                    body = await response.read()
                items = decoder.decode(body)
                if not items:
                    break
                yield items
        finally:
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                    (await pending).release()


async def floor_prefetch(base: str, work: float = 0.0) -> int:
    """The full floor, reading one page ahead as the walk does by default."""
    count = 0
    async for items in _prefetched_pages(base, Status):
        for _status in items:
            count += 1
        await _pause(work, count)
    return count


async def _handed_over(base: str, item_type: type[object]) -> AsyncIterator[object]:
    async for items in _prefetched_pages(base, item_type):
        for item in items:
            yield item


async def floor_shaped(base: str) -> int:
    """The small floor in the shape ``async for status in walk`` takes by default: one
    page read ahead, each item handed over by one async generator. Nothing else."""
    count = 0
    async for _status in _handed_over(base, SmallStatus):
        count += 1
    return count


async def typed(base: str, *, read_ahead: bool = False, work: float = 0.0) -> int:
    count = 0
    async with Client(base, access_token=TOKEN) as client:
        walk = client.timelines.home(limit=40)
        async for _status in walk.read_ahead() if read_ahead else walk:
            count += 1
            if work and count % _server.PER_PAGE == 0:
                await _pause(work, count)  # per page, as the floors: no coroutine per item
    return count


async def raw(base: str) -> int:
    count = 0
    async with Client(base, access_token=TOKEN) as client:
        async for _item in client.timelines.home(limit=40).raw():
            count += 1
    return count


async def into_small(base: str, *, read_ahead: bool = True, pages: bool = False) -> int:
    """``.into(SmallStatus)``: by default as the README writes it; ``read_ahead=False``
    and ``pages=True`` take away the two parts of the walk's shape (for --instructions)."""
    count = 0
    async with Client(base, access_token=TOKEN) as client:
        walk = client.timelines.home(limit=40)
        into = getattr(walk, "into", None)
        if into is None:
            raise Skipped("Paginator.into() is not in this version")
        small = into(SmallStatus).read_ahead(read_ahead)
        if pages:
            async for page in small.pages():
                for _status in page.items:
                    count += 1
        else:
            async for _status in small:
                count += 1
    return count


def mastodon_py(base: str, work: float = 0.0) -> int:
    try:
        from mastodon import Mastodon
    except ImportError:
        raise Skipped("not installed (pip install Mastodon.py)") from None
    api = Mastodon(access_token=TOKEN, api_base_url=base, version_check_mode="none")
    count = 0
    page = api.timeline_home(limit=40)
    while page:
        count += len(page)
        if work:
            time.sleep(work)
        page = api.fetch_next(page)
    return count


def timed_walk(
    walk: Callable[[], int | Awaitable[int]], expected: int
) -> Callable[[], dict[str, float]]:
    """One timed run of a walk (async or not), checked to have walked every status."""

    def walked() -> int:
        outcome = walk()
        return outcome if isinstance(outcome, int) else asyncio.run(_awaited(outcome))

    def run() -> dict[str, float]:
        outcome, figures = _rounds.timed_cpu(walked)
        if outcome != expected:
            raise RuntimeError(f"walked {outcome} statuses, expected {expected}")
        return figures

    return run


async def _awaited(outcome: Awaitable[int]) -> int:
    return await outcome


def mastodon_py_name() -> str:
    try:
        return f"Mastodon.py {metadata.version('Mastodon.py')}"
    except metadata.PackageNotFoundError:
        return "Mastodon.py"


def _contenders(
    walks: list[tuple[str, Callable[[], int | Awaitable[int]]]], expected: int, *, warmup: bool
) -> list[Contender]:
    return [Contender(name, timed_walk(walk, expected), warmup=warmup) for name, walk in walks]


SMALL, FULL = "floor: msgspec, 11-field Struct", "floor: msgspec, full Status"
TYPED, AHEAD = "aiomastodon typed walk", "aiomastodon read_ahead()"
SEQUENTIAL, PREFETCH = "floor: sequential", "floor: prefetch on Link"
RAW, INTO = "aiomastodon .raw()", "aiomastodon .into(11 fields)"
SHAPED = "floor: 11 fields, read ahead, async for"
INTO_SEQ = "aiomastodon .into(11 fields).read_ahead(False)"
INTO_PAGES = "aiomastodon .into(11 fields).read_ahead(False).pages()"


def loopback(statuses: int, rounds: int, budget: float, peers: bool) -> None:
    pages = statuses // _server.PER_PAGE
    with _server.running(pages) as base:
        contenders = _contenders(
            [
                (SMALL, lambda: floor(base, SmallStatus)),
                (FULL, lambda: floor(base, Status)),
                (PREFETCH, lambda: floor_prefetch(base)),
                (SHAPED, lambda: floor_shaped(base)),
                (TYPED, lambda: typed(base)),
                (AHEAD, lambda: typed(base, read_ahead=True)),
                (RAW, lambda: raw(base)),
                (INTO, lambda: into_small(base)),
            ],
            statuses,
            warmup=True,
        )
        if peers:
            walk = timed_walk(lambda: mastodon_py(base), statuses)
            contenders.append(Contender(mastodon_py_name(), walk, warmup=False, fragile=True))
        results = _rounds.alternate(contenders, rounds, budget=budget)
    page_kb = _corpus.mean_page_kb(pages)
    for metric in ("cpu", "seconds"):
        _rounds.table(
            f"walk {statuses:,} statuses ({pages} pages of 40, ~{page_kb:.0f} KB each on "
            f"average) over loopback, {rounds} alternated rounds: {_rounds.METRICS[metric]}",
            results,
            floors=[
                (SMALL, "small floor"),
                (FULL, "full floor"),
                (PREFETCH, "prefetch floor"),
                (SHAPED, "shaped floor"),
            ],
            count=statuses,
            metric=metric,
        )
        print()
    ours, full = _rounds.by_name(results, TYPED), _rounds.by_name(results, FULL)
    _rounds.headline(
        "the typed walk", ours, full, "the full-Status floor", target="≤ 1.10x", metric="cpu"
    )
    _rounds.headline("the typed walk", ours, full, "the full-Status floor", label="by wall")
    prefetching = _rounds.by_name(results, PREFETCH)
    _rounds.headline(
        "the typed walk", ours, prefetching, "the prefetching floor", metric="cpu", label="also"
    )
    small = _rounds.by_name(results, SMALL)
    into, raw_ = _rounds.by_name(results, INTO), _rounds.by_name(results, RAW)
    _rounds.headline("the .into() walk", into, small, "the small floor", metric="cpu", label="also")
    shaped = _rounds.by_name(results, SHAPED)
    _rounds.headline(
        "the .into() walk", into, shaped, "the walk-shaped small floor", metric="cpu", label="also"
    )
    _rounds.headline(".raw()", raw_, full, "the full-Status floor", metric="cpu", label="also")
    print()


def distant(statuses: int, rounds: int, latency_ms: float, work_ms: float) -> None:
    pages = statuses // _server.PER_PAGE
    work = work_ms / 1000
    with _server.running(pages, latency=latency_ms / 1000) as base:
        contenders = _contenders(
            [
                (SEQUENTIAL, lambda: floor(base, Status, work)),
                (PREFETCH, lambda: floor_prefetch(base, work)),
                (TYPED, lambda: typed(base, work=work)),
                (AHEAD, lambda: typed(base, read_ahead=True, work=work)),
            ],
            statuses,
            warmup=False,  # the loopback walks warmed everything up
        )
        # Every contender runs every round asked for: their differences are a few percent
        # of a wait that varies more than that from one run to the next.
        results = _rounds.alternate(contenders, rounds, budget=float("inf"))
    doing = f", the caller working {work_ms:g} ms per page" if work_ms else ""
    for metric in ("seconds", "cpu"):
        _rounds.table(
            f"walk {statuses:,} statuses ({pages} pages) from a server {latency_ms:g} ms away"
            f"{doing}, {rounds} alternated rounds (the floors decode into the full Status): "
            f"{_rounds.METRICS[metric]}",
            results,
            floors=[(SEQUENTIAL, "sequential"), (PREFETCH, "prefetch")],
            count=statuses,
            metric=metric,
        )
        print()
    ours = _rounds.by_name(results, TYPED)
    sequential = _rounds.by_name(results, SEQUENTIAL)
    _rounds.headline("the typed walk", ours, sequential, "the sequential floor", target="≤ 0.97x")
    prefetching = _rounds.by_name(results, PREFETCH)
    _rounds.headline("the typed walk", ours, prefetching, "the prefetching floor", label="also")
    print()


def _walks(base: str) -> dict[str, Callable[[], Coroutine[object, object, int]]]:
    """The loopback contenders that ``--instructions`` counts, by name."""
    return {
        SMALL: lambda: floor(base, SmallStatus),
        INTO: lambda: into_small(base),
        SHAPED: lambda: floor_shaped(base),
        FULL: lambda: floor(base, Status),
        TYPED: lambda: typed(base),
        RAW: lambda: raw(base),
        INTO_SEQ: lambda: into_small(base, read_ahead=False),
        INTO_PAGES: lambda: into_small(base, read_ahead=False, pages=True),
    }


@contextlib.contextmanager
def _one_walk(name: str, statuses: int) -> Iterator[list[str]]:
    """The command of one ``--instructions`` run, with its server running."""
    with _server.running(statuses // _server.PER_PAGE) as base:
        yield [sys.executable, __file__, "--one", name, "--base", base, "--statuses", str(statuses)]


def count_instructions(small: int, large: int) -> None:
    """Instructions per status of each loopback contender (see the docstring)."""
    per_status = _rounds.instructions_per_item(list(_walks("")), _one_walk, small, large, "status")
    for ours, floor_name in (
        (TYPED, FULL),
        (INTO, SMALL),
        (INTO, SHAPED),
        (INTO_SEQ, SMALL),  # the shape's reading ahead taken away
        (INTO_PAGES, SMALL),  # and its generator over items: what is left is the road
        (RAW, FULL),
    ):
        print(
            f"  by instructions: {ours} = {per_status[ours] / per_status[floor_name]:.3f}x "
            f"{floor_name} ({per_status[ours] - per_status[floor_name]:+,.0f} per status)"
        )


def profile(statuses: int, top: int) -> None:
    """cProfile of the typed walk and of the full-Status floor over loopback (each after a
    warm-up run), by own time, so that what the library adds shows as the difference.

    Timed by this process's CPU clock: time spent preempted lands on no function.
    """
    pages = statuses // _server.PER_PAGE
    with _server.running(pages) as base:
        walks = _walks(base)
        for name in (TYPED, FULL):
            walk = walks[name]
            asyncio.run(walk())
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            walked = asyncio.run(walk())
            profiler.disable()
            if walked != statuses:
                raise RuntimeError(f"walked {walked} statuses, expected {statuses}")
            print(f"cProfile (CPU time) of {name}, {statuses:,} statuses; top {top} by tottime")
            pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--budget", type=float, default=12.0, help="seconds after which a slow contender stops"
    )
    parser.add_argument("--latency", type=float, default=20.0, help="ms per page, distant walk")
    parser.add_argument("--distant-statuses", type=int, default=2_000)
    parser.add_argument("--distant-rounds", type=int, default=4)
    parser.add_argument(
        "--no-mastodon-py", action="store_true", help="leave Mastodon.py out (peers.py has it)"
    )
    parser.add_argument("--work", type=float, default=0.0, help="ms of caller work per page there")
    parser.add_argument(
        "--profile", action="store_true", help="only profile the typed walk and the full floor"
    )
    parser.add_argument("--top", type=int, default=15, help="lines of each profile")
    parser.add_argument(
        "--instructions",
        nargs=2,
        type=int,
        metavar=("N1", "N2"),
        help="count instructions per status under callgrind, from walks of N1 and N2 statuses",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # one walk of one contender, for --instructions
        walked = asyncio.run(_walks(args.base)[args.one]())
        if walked != args.statuses:
            raise SystemExit(f"walked {walked} statuses, expected {args.statuses}")
        return
    if args.instructions:
        _rounds.machine()
        print("callgrind, loopback")
        count_instructions(*args.instructions)
        return
    if args.profile:
        profile(args.statuses, args.top)
        return
    _rounds.machine()
    loopback(args.statuses, args.rounds, args.budget, peers=not args.no_mastodon_py)
    if args.latency:
        distant(args.distant_statuses, args.distant_rounds, args.latency, args.work)


if __name__ == "__main__":
    main()
