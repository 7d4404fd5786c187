"""An embedded demo instance: mastodon-mock, in-process on 127.0.0.1, with seeded statuses.

Needs the ``demo`` extra (``pip install 'aiomastodon[demo]'``). Used by the README's first
command, so that the archive runs on a fresh machine with nothing else.

The instance keeps its data in a SQLite file, so that a later run finds the same
statuses. A new file is seeded a few hundred statuses at a time (so that the command can
say how far it is) into ``DATABASE.seeding``, which is renamed to ``DATABASE`` once
complete: a run stopped while seeding leaves no half-seeded instance behind, and the next
run starts the seeding over.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DemoUnavailable

if TYPE_CHECKING:
    from mastodon_mock.config import SeedConfig

__all__ = ["DemoInstance", "DemoUnavailable", "Report", "demo_instance"]

AUTHORS = ("alice", "bob", "carol", "dave", "erin", "frank")
_TOPICS = ("#python", "#asyncio", "#fediverse", "#mastodon", "#archives", "")
_CHUNK = 250  # statuses per seeding transaction: a progress step of about a tenth of a second

Report = Callable[[str, int, int], None]
"""``report(phase, done, total)``: what the demo is doing (``total`` 0: no count)."""


@dataclass(frozen=True)
class DemoInstance:
    """Where the demo instance listens, and the token of its main account (alice)."""

    base_url: str
    token: str
    statuses: int


def _no_report(phase: str, done: int, total: int) -> None:
    pass


@contextmanager
def demo_instance(
    statuses: int, database: Path, *, report: Report = _no_report
) -> Iterator[DemoInstance]:
    """Start mastodon-mock on a free loopback port, its data in ``database``.

    Six accounts post in turn; alice follows the other five, so her home timeline holds
    every status. A new ``database`` is seeded with ``statuses`` statuses first; an
    existing one is used as it is.

    Raises:
        DemoUnavailable: mastodon-mock is not installed, or the instance cannot be seeded
            or started.
    """
    report("demo: starting mastodon-mock on 127.0.0.1", 0, 0)
    try:
        from mastodon_mock.config import DatabaseConfig, SeedAccount, SeedConfig, SeedFollow
        from mastodon_mock.testing.server import MockServer
    except ImportError:
        raise DemoUnavailable(
            "the demo instance needs mastodon-mock: pip install 'aiomastodon[demo]'"
        ) from None

    people = SeedConfig(
        accounts=[
            SeedAccount(username=name, display_name=name.title(), access_token=f"{name}_token")
            for name in AUTHORS
        ],
        follows=[SeedFollow(follower="alice", following=name) for name in AUTHORS[1:]],
    )
    if database.exists():
        report(f"demo: using the demo instance kept in {database}", 0, 0)
    else:
        _seed(people, statuses, database, report)
    config = MockServer(seed=people).config.model_copy(
        update={"database": DatabaseConfig(path=str(database))}
    )
    try:
        server = MockServer(config=config).start()
    except Exception as exc:  # mastodon-mock's own (SQLAlchemy, uvicorn): one line
        raise DemoUnavailable(f"the demo instance did not start: {_first_line(exc)}") from None
    try:
        yield DemoInstance(base_url=server.base_url, token="alice_token", statuses=statuses)
    finally:
        server.stop()


def _seed(people: SeedConfig, statuses: int, database: Path, report: Report) -> None:
    """Seed a new SQLite file with the accounts and ``statuses`` statuses, then rename
    it to ``database``."""
    from mastodon_mock.config import DatabaseConfig, SeedStatus
    from mastodon_mock.db.base import Base, init_engine
    from mastodon_mock.db.seed import apply_seed_data

    phase = f"demo: seeding {statuses:,} statuses from {len(AUTHORS)} accounts into {database}"
    report(phase, 0, statuses)
    seeding = database.with_name(database.name + ".seeding")
    for stale in (seeding, seeding.with_name(seeding.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()  # a run stopped while seeding
    try:
        engine = init_engine(DatabaseConfig(path=str(seeding)))
        try:
            Base.metadata.create_all(engine, checkfirst=True)
            for start in range(0, statuses, _CHUNK):
                chunk = [
                    SeedStatus(
                        account=AUTHORS[n % len(AUTHORS)],
                        text=f"Demo status {n + 1} {_TOPICS[n % len(_TOPICS)]}".strip(),
                    )
                    for n in range(start, min(start + _CHUNK, statuses))
                ]
                apply_seed_data(engine, people.model_copy(update={"statuses": chunk}))
                report(phase, start + len(chunk), statuses)
        finally:
            engine.dispose()
        os.replace(seeding, database)
    except Exception as exc:  # SQLAlchemy's (a full disk: "database or disk is full")
        raise DemoUnavailable(
            f"the demo instance could not be seeded into {database}: {_first_line(exc)}"
        ) from None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
