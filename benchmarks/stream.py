"""Events per second from a loopback WebSocket stream of ``update`` events.

    python benchmarks/stream.py [--events 20000] [--rounds 3]

A server in its own process (so that it costs the client's process nothing) sends, on
each WebSocket, ``--events`` frames as Mastodon does (``{"stream": ["user"], "event":
"update", "payload": "<Status JSON as text>"}``), as fast as the socket takes them, each
a realistic status (benchmarks/_corpus.py: boosts, media, mentions, cards, polls) with an
id of its own. Each contender reads one socket and decodes every event; the rate is the
events over the time from the first event to the last (connecting is not counted), best
of ``--rounds``:

- wire only: aiohttp reading the frames, no decoding at all (the ceiling: what the socket
  and the server give);
- bare aiohttp + msgspec, untyped: the frame, then its payload, into dicts;
- bare aiohttp + msgspec, typed: the frame into a small Struct, the payload into
  aiomastodon's ``Status`` (the same target as the library, no machinery around it);
- aiomastodon: ``client.streaming.user()``: frame parsing, dispatch to the stream, the
  duplicate check, the queue, and ``StreamEvent`` values with a typed ``Status``.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import msgspec
from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
import _corpus

from aiomastodon import Client
from aiomastodon.entities import Status
from aiomastodon.streaming import StreamOptions

FIRST_ID = 110_000_000_000_000_000
_PLACEHOLDER = "999999999999999999"  # as long as the real ids: the frames keep their size


# --- the server (child process) ---------------------------------------------------------


def _templates(distinct: int) -> list[tuple[bytes, bytes]]:
    """Frames split around the status id: prefix + id + suffix."""
    templates = []
    for status in _corpus.statuses(FIRST_ID, distinct, seed=7):
        status = {**status, "id": _PLACEHOLDER}
        payload = msgspec.json.encode(status).decode()
        frame = msgspec.json.encode({"stream": ["user"], "event": "update", "payload": payload})
        prefix, _, suffix = frame.partition(_PLACEHOLDER.encode())
        templates.append((prefix, suffix))
    return templates


def build_app(events: int, distinct: int) -> web.Application:
    templates = _templates(distinct)

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        if "stream" not in request.query:
            await socket.receive()  # the subscribe message of a multiplexed socket
        for n in range(events):
            prefix, suffix = templates[n % distinct]
            await socket.send_frame(
                prefix + str(FIRST_ID + n).encode() + suffix, aiohttp.WSMsgType.TEXT
            )
        async for _ in socket:  # until the client leaves
            pass
        return socket

    app = web.Application()
    app.router.add_get("/api/v1/streaming", websocket)
    return app


def _serve(events: int, distinct: int, ports: multiprocessing.Queue[int]) -> None:
    async def serve() -> None:
        runner = web.AppRunner(build_app(events, distinct), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ports.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(serve())


@contextmanager
def running(events: int, distinct: int) -> Iterator[str]:
    """The server in a child process; yields its base URL."""
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    process = ctx.Process(target=_serve, args=(events, distinct, ports), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{ports.get(timeout=120)}"
    finally:
        process.terminate()
        process.join(10)


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
    return (events - 1) / elapsed


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
    return (events - 1) / elapsed


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
    return (events - 1) / elapsed


async def aiomastodon(url: str, events: int) -> float:
    # gap_fill off: no REST server here (it costs nothing while nothing is missed).
    options = StreamOptions(gap_fill=False)
    async with Client(url, access_token="token", streaming_url=url) as client:
        count, started = 0, 0.0
        async with client.streaming.user(options=options) as stream:
            async for event in stream:
                assert isinstance(event.payload, Status)
                if count == 0:
                    started = time.perf_counter()
                count += 1
                if count == events:
                    break
        elapsed = time.perf_counter() - started
    return (events - 1) / elapsed


def best(run: Callable[[str, int], Awaitable[float]], url: str, events: int, rounds: int) -> float:
    return max(asyncio.run(asyncio.wait_for(run(url, events), 300)) for _ in range(rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--distinct", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    templates = _templates(args.distinct)
    size = sum(len(p) + len(s) + len(_PLACEHOLDER) for p, s in templates) / len(templates)
    contenders: list[tuple[str, Callable[[str, int], Awaitable[float]]]] = [
        ("wire only (no decoding)", wire_only),
        ("bare aiohttp + msgspec, untyped", bare_untyped),
        ("bare aiohttp + msgspec, typed", bare_typed),
        ("aiomastodon streaming", aiomastodon),
    ]
    print(
        f"{args.events:,} update events per socket, {args.distinct} distinct statuses,"
        f" {size / 1000:.1f} KB per frame on average; best of {args.rounds}"
    )
    print(f"{'contender':34} {'events/s':>10} {'MB/s':>7}")
    rates: dict[str, float] = {}
    with running(args.events, args.distinct) as url:
        for name, run in contenders:
            rates[name] = best(run, url, args.events, args.rounds)
            print(f"{name:34} {rates[name]:10,.0f} {rates[name] * size / 1e6:7.0f}")
    ours = rates["aiomastodon streaming"]
    print()
    for name in ("bare aiohttp + msgspec, untyped", "bare aiohttp + msgspec, typed"):
        print(f"aiomastodon / {name}: {ours / rates[name]:.2f}x")


if __name__ == "__main__":
    main()
