"""A bot and an archiver against real servers (opt-in: ``pytest -m live``; conftest.py
says where the servers come from).

Each scenario is one test per server, so a run reads as a table: server x scenario.
Everything is bounded: each wait on the network has its own deadline well inside the
suite's per-test timeout, and the statuses a test posts are deleted again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from aiomastodon import Client, NotFound, StreamRefused
from aiomastodon.entities import Status
from aiomastodon.streaming import UpdateEvent

from .conftest import LiveServer

pytestmark = [pytest.mark.live, pytest.mark.integration]

STREAMING = {"gotosocial"}  # of the three, only GoToSocial streams (OBSERVATIONS.md)
DEADLINE = 20.0  # seconds, for anything a server should do at once


def tag() -> str:
    return uuid.uuid4().hex[:10]


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Ask again until ``check`` holds, for at most ``DEADLINE`` seconds. GoToSocial does
    part of its work in background workers: a deleted status can still be read for a
    moment (the recordings have it: gotosocial/53-status-after-delete is a 200), a new
    one reach the home timeline a moment after the POST returned."""
    loop = asyncio.get_running_loop()
    end = loop.time() + DEADLINE
    while not await check():
        if loop.time() > end:
            pytest.fail(f"not within {DEADLINE:.0f} s: {what}")
        await asyncio.sleep(0.2)  # a real server's own pace: nothing to wait on instead


async def gone(client: Client, status_id: str) -> bool:
    try:
        await client.statuses.get(status_id)
    except NotFound:
        return True
    return False


@pytest.fixture
async def posted(alice: Client) -> AsyncIterator[list[Status]]:
    """Statuses a test posts, deleted after it (whatever happened)."""
    statuses: list[Status] = []
    yield statuses
    for status in reversed(statuses):
        with contextlib.suppress(NotFound):  # the test deleted it itself
            await alice.statuses.delete(status.id)


# --- the bot --------------------------------------------------------------------------------


async def test_bot_knows_who_and_where_it_is(alice: Client, live_server: LiveServer) -> None:
    me = await alice.accounts.verify_credentials()
    assert me.username == "alice"
    info = await alice.server_info()
    assert info.software == live_server.name
    assert info.version
    # Not a Mastodon, so judged by its own name: the checks follow the software.
    assert not info.is_mastodon
    print(
        f"\n{live_server.name}: software={info.software} version={info.version} "
        f"mastodon_version={info.mastodon_version} version_text={info.version_text!r} "
        f"features={sorted(info.features)} missing={sorted(info.missing)}"
    )


async def test_bot_posts_replies_favourites_deletes(
    alice: Client, live_server: LiveServer, posted: list[Status]
) -> None:
    text = f"live bot {tag()}"
    first = await alice.statuses.create(status=text)
    posted.append(first)
    assert text in first.content
    reply = await alice.statuses.create(status=f"reply {tag()}", in_reply_to_id=first.id)
    posted.append(reply)
    assert reply.in_reply_to_id == first.id
    # Two POSTs in a row: the one snac used to lose on a connection it had closed.
    liked = await alice.statuses.favourite(first.id)
    assert liked.id == first.id
    assert liked.favourited is True
    again = await alice.statuses.get(first.id)
    assert again.id == first.id
    for status in (reply, first):
        deleted = await alice.statuses.delete(status.id)
        assert deleted.id == status.id
    await eventually(lambda: gone(alice, reply.id), "the deleted reply is NotFound")
    if live_server.name == "snac":
        # snac 2.94 keeps a status its owner favourited readable after DELETE (200, seen
        # with curl too); it is gone from the timeline.
        home = await alice.timelines.home(limit=40).take(40).collect()
        assert first.id not in {s.id for s in home}
    else:
        await eventually(lambda: gone(alice, first.id), "the deleted status is NotFound")


async def _own_update(client: Client, posted: list[Status]) -> Status:
    """Open the user stream, post once it is connected, and read our post's update."""
    connected = asyncio.Event()

    def on_state(state: str) -> None:
        if state == "connected":
            connected.set()

    async with asyncio.timeout(DEADLINE):
        async with client.streaming.user(on_state=on_state) as stream:
            events = stream.__aiter__()
            first = asyncio.ensure_future(events.__anext__())
            try:
                waiting = asyncio.ensure_future(connected.wait())
                done, _ = await asyncio.wait({first, waiting}, return_when=asyncio.FIRST_COMPLETED)
                if first in done:
                    first.result()  # the stream failed before it connected: raise that
                waiting.cancel()
                status = await client.statuses.create(status=f"live stream {tag()}")
                posted.append(status)
                event = await first
                while not (isinstance(event, UpdateEvent) and event.status.id == status.id):
                    event = await events.__anext__()
                return event.status
            finally:
                first.cancel()


async def test_bot_reads_its_own_post_from_the_stream(
    alice: Client, live_server: LiveServer, posted: list[Status]
) -> None:
    """As a bot does it: no ``streaming_url``; the client finds the stream itself. Where
    the server has none, a stream must fail at once, clearly, not retry for ever."""
    if live_server.name in STREAMING:
        update = await _own_update(alice, posted)
        assert update.id == posted[-1].id
        return
    started = asyncio.get_running_loop().time()

    async def drain() -> None:
        async with asyncio.timeout(DEADLINE):
            async for _ in alice.streaming.user():
                pass

    with pytest.raises(StreamRefused) as caught:
        await drain()
    print(
        f"\n{live_server.name}: {type(caught.value).__name__}: {caught.value} "
        f"after {asyncio.get_running_loop().time() - started:.1f}s"
    )


async def test_bot_stream_at_the_base_url_by_hand(
    live_server: LiveServer, posted: list[Status]
) -> None:
    """The workaround issue 14 names: ``streaming_url=`` the base URL."""
    if live_server.name not in STREAMING:
        pytest.skip(f"{live_server.name} has no streaming API")
    async with Client(
        live_server.base_url,
        access_token=live_server.token,
        streaming_url=live_server.base_url,
    ) as client:
        update = await _own_update(client, posted)
        assert update.id == posted[-1].id
        # Deleted with the bot's own client below (posted fixture): same token.


# --- the archiver ---------------------------------------------------------------------------

N = 7
LIMIT = 3


async def test_archiver_walks_home_in_small_pages(
    alice: Client, live_server: LiveServer, posted: list[Status]
) -> None:
    mark = tag()
    for n in range(N):
        posted.append(await alice.statuses.create(status=f"archive {mark} {n}"))
    mine = [s.id for s in reversed(posted)]  # newest first, as the walk goes

    async def on_top() -> bool:
        top = await alice.timelines.home(limit=1).take(1).collect()
        return [s.id for s in top] == mine[:1]

    await eventually(on_top, "the newest post reaches the home timeline")
    walked: list[str] = []
    pages = 0
    async with asyncio.timeout(3 * DEADLINE):
        async for page in alice.timelines.home(limit=LIMIT).take(2000).pages():
            pages += 1
            walked += [s.id for s in page.items]
    assert len(walked) == len(set(walked)), "an item came twice"
    assert [i for i in walked if i in set(mine)] == mine, "missing or out of order"
    assert pages >= 3
    print(f"\n{live_server.name}: {len(walked)} statuses in {pages} pages (limit={LIMIT})")


async def _cli(*args: str, token: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")}
    env["MASTODON_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aiomastodon",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with asyncio.timeout(2 * DEADLINE):
            out, _ = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, out.decode("utf-8", "replace")


async def test_archiver_cli_archives_home_and_a_rerun_appends_nothing(
    alice: Client, live_server: LiveServer, posted: list[Status], tmp_path: Path
) -> None:
    mark = tag()
    for n in range(3):
        posted.append(await alice.statuses.create(status=f"cli {mark} {n}"))

    async def on_top() -> bool:
        top = await alice.timelines.home(limit=1).take(1).collect()
        return [s.id for s in top] == [posted[-1].id]

    await eventually(on_top, "the newest post reaches the home timeline")
    out = tmp_path / "home.jsonl"
    code, text = await _cli(
        "archive", "home", str(out), "--instance", live_server.base_url, token=live_server.token
    )
    assert code == 0, text
    assert live_server.token not in text
    lines = out.read_bytes().splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids))
    assert {s.id for s in posted} <= set(ids)
    size = out.stat().st_size
    code, text = await _cli(
        "archive", "home", str(out), "--instance", live_server.base_url, token=live_server.token
    )
    assert code == 0, text
    assert out.stat().st_size == size, "the rerun appended what was archived already"
    print(f"\n{live_server.name}: archived {len(ids)} statuses; rerun appended nothing")
