"""A bot killed with SIGKILL at any moment, restarted from its saved ``stream.position``,
gets every event after the saved one exactly once, in order; and one started while the
server cannot be reached gets what was posted meanwhile once it can.

The bot is this file run as a script (``python test_bot_restarts.py URL TOKEN FILE``):
it streams ``user`` with ``resume=`` the position in FILE, and after each status or
notification saves ``stream.position`` to FILE (whole, by a rename), then prints the
event's kind and id. The server is the kit's FakeMastodon in the test's loop; for the
unreachable case a small TCP relay in front of it stops and starts listening. Nothing
sleeps to synchronise: the test reads the bot's lines as they come, or waits on the
server's state, each wait bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aiomastodon import Client
from aiomastodon.streaming import (
    NotificationEvent,
    StreamOptions,
    StreamPosition,
    UpdateEvent,
)

if TYPE_CHECKING:  # the bot's process does without the server's imports
    from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

TIMEOUT = 20.0  # a subprocess starts Python and imports the library first
Kind = str  # "update" or "notification"


# --- the bot ----------------------------------------------------------------------------------


def _load(path: Path) -> StreamPosition | None:
    return StreamPosition.from_json(path.read_text("utf-8")) if path.exists() else None


def _save(path: Path, position: StreamPosition) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(position.to_json(), "utf-8")
    os.replace(partial, path)


async def bot(url: str, token: str, path: Path) -> None:
    options = StreamOptions(backoff_base=0.05, backoff_cap=0.5)  # come back soon
    async with (
        Client(url, access_token=token, streaming_url=url) as client,
        client.streaming.user(
            resume=_load(path), options=options, on_state=lambda s: print("state", s, flush=True)
        ) as stream,
    ):
        async for event in stream:
            if isinstance(event, (UpdateEvent, NotificationEvent)):
                _save(path, stream.position)
                print(event.name, event.id, flush=True)


# --- the test's side -------------------------------------------------------------------------


class Bot:
    """One run of the bot: its lines as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.events: list[tuple[Kind, str]] = []

    @classmethod
    async def start(cls, url: str, token: str, path: Path) -> Bot:
        process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, url, token, str(path),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        return cls(process)

    async def line(self) -> list[str]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), TIMEOUT)
        assert raw, "the bot ended"
        words = raw.decode().split()
        if words[0] in ("update", "notification"):
            self.events.append((words[0], words[1]))
        return words

    async def until_connected(self) -> None:
        while await self.line() != ["state", "connected"]:
            pass

    async def until_events(self, count: int) -> None:
        while len(self.events) < count:
            await self.line()

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()  # SIGKILL: no cleanup of any kind
        await self.process.wait()
        assert self.process.stdout is not None
        # Lines it printed before it died are events it handled (and saved) too.
        for raw in (await self.process.stdout.read()).decode().splitlines():
            words = raw.split()
            if words and words[0] in ("update", "notification"):
                self.events.append((words[0], words[1]))


def _key(status_id: str) -> tuple[int, str]:
    return len(status_id), status_id  # ids sort as numbers


def after(ids: list[str], saved: str | None) -> list[str]:
    """The ids after ``saved``, oldest first."""
    return [i for i in sorted(ids, key=_key) if saved is None or _key(i) > _key(saved)]


def by_kind(events: list[tuple[Kind, str]], kind: Kind) -> list[str]:
    return [i for k, i in events if k == kind]


def check(run: Bot, saved: StreamPosition | None, expected: dict[Kind, list[str]]) -> None:
    """Each kind's events of ``run``: exactly those after ``saved``, in order, each once,
    the first ones of them (the run may have been killed before the rest)."""
    for kind, field in (("update", "statuses"), ("notification", "notifications")):
        got = by_kind(run.events, kind)
        wanted = after(expected[kind], None if saved is None else getattr(saved, field))
        assert got == wanted[: len(got)], (kind, got, wanted)


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    from aiomastodon.testing import FakeMastodon

    async with FakeMastodon() as server:
        await server.add_account("alice", bot=True)
        await server.add_account("bob")
        await server.add_account("carol")
        await server.follow(as_="alice", target="bob")  # bob's statuses reach alice's home
        yield server


def expected_of(server: FakeMastodon) -> dict[Kind, list[str]]:
    world = server.world
    alice = world.named("alice")
    return {
        "update": [s.id for s in world.home(alice)],
        "notification": [str(n.id) for n in world.notifications_of(alice)],
    }


async def post_some(server: FakeMastodon, count: int, start: int) -> None:
    """Statuses and mentions by turns: bob's statuses (in alice's home), and mentions of
    alice by carol (notifications only: alice does not follow carol)."""
    for n in range(start, start + count):
        if n % 2:
            await server.post(as_="carol", text=f"@alice mention {n}")
        else:
            await server.post(as_="bob", text=f"status {n}")


async def test_a_bot_killed_at_any_moment_resumes_exactly_after_its_saved_position(
    server: FakeMastodon, tmp_path: Path
) -> None:
    url, token = server.url, server.token("alice")
    path = tmp_path / "position.json"
    runs: list[tuple[Bot, StreamPosition | None]] = []
    posted = 0
    first = await Bot.start(url, token, path)
    try:
        await first.until_connected()  # no position yet: it counts from its connection
    except BaseException:
        await first.kill()
        raise
    running = first
    for kill_after in (1, 4, 2):
        saved = _load(path) if runs else None
        runs.append((running, saved))
        try:
            # While it handles them, and killed after some, mid-way through the rest.
            await post_some(server, 6, posted)
            posted += 6
            await running.until_events(kill_after)
        finally:
            await running.kill()
        await post_some(server, 3, posted)  # while no bot runs
        posted += 3
        running = await Bot.start(url, token, path)
    # The last run: restarted from the last save, it must catch up with everything.
    saved = _load(path)
    runs.append((running, saved))
    expected = expected_of(server)
    try:
        wanted = sum(
            len(after(expected[kind], getattr(saved, field) if saved else None))
            for kind, field in (("update", "statuses"), ("notification", "notifications"))
        )
        await running.until_events(wanted)
        await post_some(server, 2, posted)  # and then live
        posted += 2
        await running.until_events(wanted + 2)
    finally:
        await running.kill()
    expected = expected_of(server)
    assert len(expected["update"]) + len(expected["notification"]) == posted
    for run, saved in runs:
        check(run, saved, expected)
    final = runs[-1][0]
    end = _load(path)
    assert end is not None
    assert (end.statuses, end.notifications) == (
        max(expected["update"], key=_key),
        max(expected["notification"], key=_key),
    )
    assert len(final.events) == len(set(final.events))


# --- the server out of reach at first ------------------------------------------------------------


class Relay:
    """A TCP relay on a fixed loopback port to ``target``: ``up()`` listens, ``down()``
    stops listening and cuts what it carries (connections are then refused)."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    async def up(self) -> None:
        self._server = await asyncio.start_server(
            self._carry, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def down(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for pipe in list(self._pipes):
            pipe.cancel()

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            finally:
                dst.close()

        tasks = [
            asyncio.ensure_future(pipe(reader, upstream_writer)),
            asyncio.ensure_future(pipe(upstream_reader, writer)),
        ]
        self._pipes.update(tasks)
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await asyncio.gather(*tasks)
        self._pipes.difference_update(tasks)
        for w in (writer, upstream_writer):
            w.close()


async def test_a_bot_started_while_the_server_is_out_of_reach_gets_what_came_meanwhile(
    server: FakeMastodon, tmp_path: Path
) -> None:
    relay = Relay(int(server.url.rsplit(":", 1)[1]))
    await relay.up()
    url, token = f"http://127.0.0.1:{relay.port}", server.token("alice")
    server.url = url  # its Link headers name the relay, as a server behind a proxy does
    path = tmp_path / "position.json"
    # A first run, to have a saved position.
    run = await Bot.start(url, token, path)
    try:
        await run.until_connected()
        await post_some(server, 2, 0)
        await run.until_events(2)
    finally:
        await run.kill()
    saved = _load(path)
    assert saved is not None
    assert saved.statuses is not None
    assert saved.notifications is not None

    await relay.down()  # connections refused from now on
    run = await Bot.start(url, token, path)
    try:
        # It tried, and could not connect (its REST calls failed first, then the stream).
        while await run.line() != ["state", "disconnected"]:
            pass
        await post_some(server, 6, 2)  # three statuses, three mentions, while out of reach
        await relay.up()
        await run.until_events(6)
    finally:
        await run.kill()
        await relay.down()
    expected = expected_of(server)
    check(run, saved, expected)
    assert sorted(run.events) == sorted(
        [("update", i) for i in after(expected["update"], saved.statuses)]
        + [("notification", i) for i in after(expected["notification"], saved.notifications)]
    )


if __name__ == "__main__":
    asyncio.run(bot(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
