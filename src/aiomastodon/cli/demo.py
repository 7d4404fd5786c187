"""An embedded demo instance: mastodon-mock, in-process on 127.0.0.1, with seeded statuses.

Needs the ``demo`` extra (``pip install 'aiomastodon[demo]'``). Used by the README's first
command, so that the archive runs on a fresh machine with nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import DemoUnavailable

__all__ = ["DemoInstance", "DemoUnavailable", "demo_instance"]

_AUTHORS = ("alice", "bob", "carol", "dave", "erin", "frank")
_TOPICS = ("#python", "#asyncio", "#fediverse", "#mastodon", "#archives", "")


@dataclass(frozen=True)
class DemoInstance:
    """Where the demo instance listens, and the token of its main account (alice)."""

    base_url: str
    token: str
    statuses: int


@contextmanager
def demo_instance(statuses: int = 3000, database: Path | None = None) -> Iterator[DemoInstance]:
    """Start mastodon-mock on a free loopback port, seeded with ``statuses`` statuses.

    Six accounts post in turn; alice follows the other five, so her home timeline holds
    every status.

    Args:
        statuses: How many statuses to seed.
        database: A SQLite file to keep the instance in, so that a later run finds the
            same statuses (and what was posted since); in memory when ``None``.

    Raises:
        DemoUnavailable: mastodon-mock is not installed.
    """
    try:
        from mastodon_mock.config import (
            DatabaseConfig,
            SeedAccount,
            SeedConfig,
            SeedFollow,
            SeedStatus,
        )
        from mastodon_mock.testing.server import MockServer
    except ImportError:
        raise DemoUnavailable(
            "the demo instance needs mastodon-mock: pip install 'aiomastodon[demo]'"
        ) from None

    seed = SeedConfig(
        accounts=[
            SeedAccount(username=name, display_name=name.title(), access_token=f"{name}_token")
            for name in _AUTHORS
        ],
        follows=[SeedFollow(follower="alice", following=name) for name in _AUTHORS[1:]],
        statuses=[
            SeedStatus(
                account=_AUTHORS[n % len(_AUTHORS)],
                text=f"Demo status {n + 1} {_TOPICS[n % len(_TOPICS)]}".strip(),
            )
            for n in range(statuses)
        ],
    )
    config = MockServer(seed=seed).config
    if database is not None:
        config = config.model_copy(update={"database": DatabaseConfig(path=str(database))})
    with MockServer(config=config) as server:
        yield DemoInstance(base_url=server.base_url, token="alice_token", statuses=statuses)
