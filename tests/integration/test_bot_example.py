"""examples/mention_bot.py, run as a user would run it, against the kit's FakeMastodon.

The bot is a subprocess; the server runs in the test's loop. Nothing sleeps to
synchronise: the test waits on the server's state (``server.until``) or on the bot's
file (looked at every few milliseconds), each wait bounded.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from aiomastodon.streaming import StreamPosition
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

BOT = Path(__file__).resolve().parents[2] / "examples" / "mention_bot.py"
TIMEOUT = 20.0  # a subprocess has to start Python and import the library first


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon() as server:
        await server.add_account("alice", bot=True)
        await server.add_account("bob")
        yield server


async def start(server: FakeMastodon, state: Path) -> asyncio.subprocess.Process:
    bot = await asyncio.create_subprocess_exec(
        sys.executable, str(BOT), server.url, server.token("alice"), str(state),
        stdin=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    await server.until(lambda: server.streaming.subscribed(("user",), "alice"), TIMEOUT)
    return bot


def _text(path: Path) -> str | None:
    return path.read_text("utf-8") if path.exists() else None


async def written(path: Path, timeout: float = TIMEOUT) -> str:
    """The file's text once it exists (the bot writes it whole, by a rename)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (text := _text(path)) is None:
        assert loop.time() < deadline, f"{path.name} was not written in {timeout:g} s"
        await asyncio.sleep(0.02)  # a file gives no event to wait on: look again
    return text


def replies_to(server: FakeMastodon, status_id: str) -> list[str]:
    return [
        s.text
        for s in server.world.statuses.values()
        if s.in_reply_to is not None and s.in_reply_to.id == status_id
    ]


async def test_the_bot_answers_each_mention_once_across_a_kill(
    server: FakeMastodon, tmp_path: Path
) -> None:
    state = tmp_path / "position.json"
    bot = await start(server, state)
    try:
        first = await server.post(as_="bob", text="@alice what time is it?", visibility="private")
        await server.until(lambda: replies_to(server, first), TIMEOUT)
        await written(state)
    finally:
        bot.kill()  # kill -9: no cleanup of any kind
        await bot.wait()
    (reply,) = replies_to(server, first)
    assert reply.startswith("@bob ")
    assert "You said: what time is it?" in reply
    (answer,) = [s for s in server.world.statuses.values() if s.in_reply_to is not None]
    assert answer.visibility == "private"  # never wider than the mention

    # Mentioned while the bot is down: answered when it comes back, the first not again.
    second = await server.post(as_="bob", text="@alice are you back?")
    bot = await start(server, state)
    try:
        await server.until(lambda: replies_to(server, second), TIMEOUT)
        saved = StreamPosition.from_json(await written(state))
    finally:
        bot.kill()
        await bot.wait()
    assert len(replies_to(server, first)) == 1
    assert len(replies_to(server, second)) == 1
    assert saved.stream == ("user",)
