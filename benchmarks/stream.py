"""Events per second from a loopback WebSocket stream of ``update`` events.

    python benchmarks/stream.py [--events 20000] [--rounds 10]

A server in its own process (benchmarks/_server.py, so that it costs the client's
process nothing) sends, on each WebSocket, ``--events`` frames as Mastodon does
(``{"stream": ["user"], "event": "update", "payload": "<Status JSON as text>"}``), as
fast as the socket takes them, each a realistic status (benchmarks/_corpus.py: boosts,
media, mentions, cards, polls, custom emojis) with an id of its own. Each contender reads
one socket and decodes every event; a run's time goes from the first event to the last
(connecting is not counted). The contenders run in alternated rounds
(benchmarks/_rounds.py):

- wire only: aiohttp reading the frames, no decoding at all (the ceiling: what the socket
  and the server give);
- bare aiohttp + msgspec, untyped: the frame, then its payload, into dicts;
- bare aiohttp + msgspec, typed (the floor the ratio uses): the frame into a small
  Struct, the payload into aiomastodon's ``Status`` (the same target as the library, no
  machinery around it);
- aiomastodon: ``client.streaming.user()``: frame parsing, dispatch to the stream, the
  duplicate check, the queue, and ``UpdateEvent`` values with a typed ``Status``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import msgspec

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender

from aiomastodon import Client
from aiomastodon.entities import Status
from aiomastodon.streaming import StreamOptions, UpdateEvent

# --- the contenders ---------------------------------------------------------------------


class _Frame(msgspec.Struct):
    stream: list[str]
    event: str
    payload: str | None = None


async def wire_only(url: str, events: int) -> float:
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, started = 0, 0.0
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                if count == 0:
                    started = time.perf_counter()
                count += 1
                if count == events:
                    break
        elapsed = time.perf_counter() - started
        await socket.close()
    return elapsed


async def bare_untyped(url: str, events: int) -> float:
    decode = msgspec.json.decode
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, started = 0, 0.0
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                frame = decode(message.data)
                if frame.get("event") == "update":
                    status = decode(frame["payload"])
                    assert status["id"]
                if count == 0:
                    started = time.perf_counter()
                count += 1
                if count == events:
                    break
        elapsed = time.perf_counter() - started
        await socket.close()
    return elapsed


async def bare_typed(url: str, events: int) -> float:
    frames = msgspec.json.Decoder(_Frame)
    statuses = msgspec.json.Decoder(Status)
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(f"{url}/api/v1/streaming?stream=user")
        count, started = 0, 0.0
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                frame = frames.decode(message.data)
                if frame.event == "update" and frame.payload is not None:
                    status = statuses.decode(frame.payload)
                    assert status.id
                if count == 0:
                    started = time.perf_counter()
                count += 1
                if count == events:
                    break
        elapsed = time.perf_counter() - started
        await socket.close()
    return elapsed


async def aiomastodon(url: str, events: int) -> float:
    # gap_fill off: no REST server here (it costs nothing while nothing is missed).
    options = StreamOptions(gap_fill=False)
    async with Client(url, access_token="token", streaming_url=url) as client:
        count, started, elapsed = 0, 0.0, 0.0
        async with client.streaming.user(options=options) as stream:
            async for event in stream:
                assert isinstance(event, UpdateEvent)
                if count == 0:
                    started = time.perf_counter()
                count += 1
                if count == events:
                    elapsed = time.perf_counter() - started  # before closing, as the others
                    break
    return elapsed


WIRE, UNTYPED, TYPED, OURS = (
    "wire only (no decoding)",
    "bare aiohttp + msgspec, untyped",
    "bare aiohttp + msgspec, typed",
    "aiomastodon streaming",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--distinct", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    _rounds.machine()

    templates = _server.stream_templates(args.distinct)
    placeholder = len(_server.STREAM_PLACEHOLDER)
    size = sum(len(p) + len(s) + placeholder for p, s in templates) / len(templates)
    runs: list[tuple[str, Callable[[str, int], Awaitable[float]]]] = [
        (WIRE, wire_only),
        (UNTYPED, bare_untyped),
        (TYPED, bare_typed),
        (OURS, aiomastodon),
    ]
    with _server.running_stream(args.events, args.distinct) as url:
        contenders = [
            Contender(
                name,
                lambda run=run: asyncio.run(asyncio.wait_for(run(url, args.events), 300)),
            )
            for name, run in runs
        ]
        results = _rounds.alternate(contenders, args.rounds)
    _rounds.table(
        f"{args.events:,} update events per socket, {args.distinct} distinct statuses, "
        f"{size / 1000:.1f} KB per frame on average; {args.rounds} alternated rounds",
        results,
        floors=[(TYPED, "typed floor"), (UNTYPED, "untyped")],
        count=args.events - 1,
        per="events",
        compare="rate",
    )
    ours = _rounds.by_name(results, OURS)
    typed = _rounds.by_name(results, TYPED)
    _rounds.headline(
        "aiomastodon's event rate", ours, typed, "the bare typed loop's", rate=True, target="≥ 0.9x"
    )


if __name__ == "__main__":
    main()
