"""Events per second from a loopback WebSocket stream of ``update`` events.

    python benchmarks/stream.py [--events 20000] [--rounds 10]
    python benchmarks/stream.py --profile 20000   # cProfile of aiomastodon's client
    python benchmarks/stream.py --instructions 2000 6000   # instructions per event (valgrind)

A server in its own process (benchmarks/_server.py, started with ``spawn``) sends, on
each WebSocket, ``--events`` frames as Mastodon does
(``{"stream": ["user"], "event": "update", "payload": "<Status JSON as text>"}``), as
fast as the socket takes them, each a realistic status (benchmarks/_corpus.py: boosts,
media, mentions, cards, polls, custom emojis) with an id of its own. Each contender reads
one socket and decodes every event; a run is measured from the first event to the last
(connecting is not counted), twice: wall-clock time, and the CPU time of this (the
client's) process, ``time.process_time()``. The server's work is in the other process, so
the CPU figure is what the client itself spends per event, and other work on a loaded
machine barely moves it; the wall figure is what a user would see, load included. The
contenders run in alternated rounds (benchmarks/_rounds.py); both tables show min and
median.

- wire only: aiohttp reading the frames, no decoding at all (the ceiling: what the socket
  and the server give);
- bare aiohttp + msgspec, untyped: the frame, then its payload, into dicts;
- bare aiohttp + msgspec, typed (the floor of the headline ratio): ``session.ws_connect``
  and ``async for`` over its messages, each frame into a small Struct, its payload into
  aiomastodon's ``Status`` with a plain ``msgspec.json.Decoder(Status)`` (the same
  target as the library, no machinery around it);
- aiomastodon: ``client.streaming.user()``: frame parsing, dispatch to the stream, the
  duplicate check, the queue, and ``UpdateEvent`` values with a typed ``Status``.

The headline is the median of the per-round ratios of CPU-time rates (ours against the
typed floor in the same round), the figure load disturbs least; the wall-clock ratio is
printed beside it.

``--instructions`` counts instead of timing: the client's instructions per event under
valgrind's callgrind, for the typed floor and for aiomastodon, each in a process of its
own, as ``(I(n2) - I(n1)) / (n2 - n1)`` for two runs of n1 and n2 events (so that
starting the interpreter and connecting cancel out). A count is the same from run to run
(to a few hundred instructions in 120,000) whatever else the machine does, where the CPU-time
ratio of a whole run moves by several percent: it is the figure to compare two versions
of the code by. Instructions are not time (a cache miss costs no instruction), so the
timed ratio stays the headline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import pstats
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender, Result

from aiomastodon import Client
from aiomastodon.entities import Status
from aiomastodon.streaming import StreamOptions, UpdateEvent

Run = dict[str, float]
"""One run's figures: ``seconds`` (wall clock) and ``cpu`` (this process's CPU time)."""


class _Clock:
    """Wall and CPU time from the first event to the last."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def start(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> Run:
        return {
            "seconds": time.perf_counter() - self.wall,
            "cpu": time.process_time() - self.cpu,
        }


# --- the contenders ---------------------------------------------------------------------


class _Frame(msgspec.Struct):
    stream: list[str]
    event: str
    payload: str | None = None


async def wire_only(url: str, events: int) -> Run:
    clock = _Clock()
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, run = 0, {}
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                if count == 0:
                    clock.start()
                count += 1
                if count == events:
                    run = clock.stop()
                    break
        await socket.close()
    return run


async def bare_untyped(url: str, events: int) -> Run:
    decode = msgspec.json.decode
    clock = _Clock()
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, run = 0, {}
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                frame = decode(message.data)
                if frame.get("event") == "update":
                    status = decode(frame["payload"])
                    assert status["id"]
                if count == 0:
                    clock.start()
                count += 1
                if count == events:
                    run = clock.stop()
                    break
        await socket.close()
    return run


async def bare_typed(url: str, events: int) -> Run:
    frames = msgspec.json.Decoder(_Frame)
    statuses = msgspec.json.Decoder(Status)
    clock = _Clock()
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, run = 0, {}
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                frame = frames.decode(message.data)
                if frame.event == "update" and frame.payload is not None:
                    status = statuses.decode(frame.payload)
                    assert status.id
                if count == 0:
                    clock.start()
                count += 1
                if count == events:
                    run = clock.stop()
                    break
        await socket.close()
    return run


async def aiomastodon(url: str, events: int) -> Run:
    # gap_fill off: no REST server here (it costs nothing while nothing is missed).
    options = StreamOptions(gap_fill=False)
    clock = _Clock()
    async with Client(url, access_token="token", streaming_url=url) as client:
        count, run = 0, {}
        async with client.streaming.user(options=options) as stream:
            async for event in stream:
                assert isinstance(event, UpdateEvent)
                if count == 0:
                    clock.start()
                count += 1
                if count == events:
                    run = clock.stop()  # before closing, as the others
                    break
    return run


WIRE, UNTYPED, TYPED, OURS = (
    "wire only (no decoding)",
    "bare aiohttp + msgspec, untyped",
    "bare aiohttp + msgspec, typed",
    "aiomastodon streaming",
)


def _as_wall(results: list[Result], metric: str) -> list[Result]:
    """The results with ``metric`` in the place of ``seconds`` (for _rounds.table)."""
    return [
        Result(
            r.name,
            [None if s is None else {"seconds": s[metric]} for s in r.samples],
            skipped=r.skipped,
            note=r.note,
        )
        for r in results
    ]


def profile(url: str, events: int, top: int) -> None:
    """cProfile of one aiomastodon run (after a warm-up run), by own time.

    Timed by this process's CPU clock, not the wall clock: on a loaded machine, time the
    process spends preempted would otherwise land on whichever function was running.
    """
    asyncio.run(aiomastodon(url, min(events, 2000)))
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    asyncio.run(aiomastodon(url, events))
    profiler.disable()
    print(f"cProfile (CPU time) of aiomastodon streaming, {events:,} events; top {top} by tottime")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


CONTENDERS: dict[str, Callable[[str, int], Awaitable[Run]]] = {
    WIRE: wire_only,
    UNTYPED: bare_untyped,
    TYPED: bare_typed,
    OURS: aiomastodon,
}


def _run_bounded(run: Callable[[str, int], Awaitable[Run]], url: str, events: int) -> Run:
    """One run of a contender, given at most 300 s."""

    async def bounded() -> Run:
        return await asyncio.wait_for(run(url, events), 300)

    return asyncio.run(bounded())


def count_instructions(small: int, large: int, distinct: int) -> None:
    """Instructions per event of the typed floor and of aiomastodon (see the docstring)."""

    @contextlib.contextmanager
    def one_run(name: str, events: int) -> Iterator[list[str]]:
        with _server.running_stream(events, distinct) as url:
            yield [sys.executable, __file__, "--one", name, "--url", url, "--events", str(events)]

    per_event = _rounds.instructions_per_item((TYPED, OURS), one_run, small, large, "event")
    ratio = per_event[TYPED] / per_event[OURS]
    print(
        f"  by instructions: aiomastodon's event rate = {ratio:.3f}x the bare typed loop's "
        f"({per_event[OURS] - per_event[TYPED]:,.0f} instructions per event over it; "
        f"runs of {small:,} and {large:,} events); target ≥ 0.9x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--distinct", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--profile", type=int, metavar="EVENTS", help="profile aiomastodon only, this many events"
    )
    parser.add_argument("--top", type=int, default=10, help="lines of the profile")
    parser.add_argument(
        "--instructions",
        nargs=2,
        type=int,
        metavar=("N1", "N2"),
        help="count instructions per event under callgrind, from runs of N1 and N2 events "
        "(try 2000 6000)",
    )
    parser.add_argument("--one", choices=list(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # one run of one contender, for --instructions
        asyncio.run(asyncio.wait_for(CONTENDERS[args.one](args.url, args.events), 600))
        return
    _rounds.machine()

    if args.instructions:
        small, large = args.instructions
        print(f"callgrind, {args.distinct} distinct statuses")
        count_instructions(small, large, args.distinct)
        return

    if args.profile:
        with _server.running_stream(args.profile, args.distinct) as url:
            profile(url, args.profile, args.top)
        return

    templates = _server.stream_templates(args.distinct)
    placeholder = len(_server.STREAM_PLACEHOLDER)
    size = sum(len(p) + len(s) + placeholder for p, s in templates) / len(templates)
    runs = list(CONTENDERS.items())
    with _server.running_stream(args.events, args.distinct) as url:
        contenders = [
            Contender(
                name,
                functools.partial(_run_bounded, run, url, args.events),
            )
            for name, run in runs
        ]
        results = _rounds.alternate(contenders, args.rounds)
    what = (
        f"{args.events:,} update events per socket, {args.distinct} distinct statuses, "
        f"{size / 1000:.1f} KB per frame on average; {args.rounds} alternated rounds"
    )
    for metric, label in (("cpu", "client CPU time"), ("seconds", "wall clock")):
        _rounds.table(
            f"{what}; {label}",
            _as_wall(results, metric),
            floors=[(TYPED, "typed floor"), (UNTYPED, "untyped")],
            count=args.events - 1,
            per="events",
            compare="rate",
        )
        print()
    for metric, label in (("cpu", "CPU time, the headline"), ("seconds", "wall clock")):
        ours, typed = (_rounds.by_name(_as_wall(results, metric), n) for n in (OURS, TYPED))
        _rounds.headline(
            f"aiomastodon's event rate ({label})",
            ours,
            typed,
            "the bare typed loop's",
            rate=True,
            target="≥ 0.9x",
        )


if __name__ == "__main__":
    main()
