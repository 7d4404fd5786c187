"""Answer every mention once, across restarts: python mention_bot.py URL TOKEN STATE_FILE"""

import asyncio
import sys
from pathlib import Path

from aiomastodon import Client
from aiomastodon.streaming import NotificationEvent, StreamPosition
from aiomastodon.text import to_plain


def load(path: Path) -> StreamPosition | None:
    return StreamPosition.from_json(path.read_text("utf-8")) if path.exists() else None


def save(path: Path, position: StreamPosition) -> None:
    """Write the position whole or not at all (a crash mid-write leaves the old one)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(position.to_json(), "utf-8")
    partial.replace(path)


async def main(url: str, token: str, path: Path) -> None:
    # From the saved position: what came while the bot was down comes first.
    async with (
        Client(url, access_token=token) as client,
        client.streaming.user(resume=load(path)) as stream,
    ):
        async for event in stream:
            match event:
                case NotificationEvent(notification=note) if (
                    note.type == "mention" and note.status is not None
                ):
                    asked = to_plain(note.status.content, drop_leading_mentions=True)
                    await client.statuses.reply(
                        note.status,
                        f"You said: {asked[:200]}",
                        # Killed after posting but before saving: the same key makes the
                        # server answer with the reply already made, not post a new one.
                        idempotency_key=f"mention-{note.id}",
                    )
            save(path, stream.position)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
