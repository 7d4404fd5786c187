"""``aiomastodon archive``: a resumable, lossless archive of a timeline in JSON Lines.

Each line of OUTPUT is one item exactly as the server sent it. Beside it,
``OUTPUT.state.json`` says how many bytes of OUTPUT are good and where the walk stands,
and it is replaced atomically after every page has been written out. So:

- **Any stop is safe.** On start, OUTPUT is cut back to the size the state names,
  dropping a page (or a torn line) written after the last state, and the walk resumes at
  the state's cursor: the cut page is fetched again. Every item ends up there once.
- **First the past, then the future.** A new archive walks from the newest item to the
  oldest (``backfill``), remembering where "newer than everything archived" begins (the
  first page's ``rel="prev"`` link). Once the oldest item is reached (``complete``), that
  run and every later one walk forward from there, oldest first, and append what is new.
- **Nothing unasked.** Files are created only once a first page has arrived: a refused
  token or an unreachable host leaves nothing behind, and an existing OUTPUT without a
  state file is never touched.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import msgspec
from yarl import URL

from ..client import Client
from ..errors import DecodeError, MastodonError, ServerError, TransportError
from ..pagination import Cursor, Page
from .timelines import Timeline, Walk

__all__ = ["Archive", "ArchiveError", "ArchiveState", "archive_timeline"]

STATE_SUFFIX = ".state.json"
FORMAT = 1
_CURSOR_KEYS = frozenset({"max_id", "min_id", "since_id", "offset"})


class ArchiveError(Exception):
    """A problem the user must resolve; its text is the one line the command prints."""


class ArchiveState(msgspec.Struct, kw_only=True):
    """What ``OUTPUT.state.json`` holds."""

    format: int = FORMAT
    instance: str
    timeline: str
    phase: Literal["backfill", "complete"] = "backfill"
    older: Cursor | None = None
    newer: Cursor | None = None
    size: int = 0
    items: int = 0


@dataclass
class Archive:
    """OUTPUT and its state file.

    Args:
        path: OUTPUT.
        instance: Where the items come from (the instance URL, or ``"demo"``).
        timeline: The TIMELINE text.
        fsync: Also ``fsync`` data and state after every page (survives power loss, not
            just a crash of the process; slower).
        rebase_to: Move the saved cursors' links onto this origin when opening (the demo
            instance listens on a new port every run; its data persists).
    """

    path: Path
    instance: str
    timeline: str
    fsync: bool = False
    rebase_to: str | None = None
    state: ArchiveState | None = None
    _file: IO[bytes] | None = field(default=None, repr=False)

    @property
    def items(self) -> int:
        """How many items OUTPUT holds."""
        return self.state.items if self.state is not None else 0

    @property
    def state_path(self) -> Path:
        """Where the state lives: beside OUTPUT."""
        return self.path.with_name(self.path.name + STATE_SUFFIX)

    def open(self) -> ArchiveState | None:
        """Read the state and cut OUTPUT back to what it vouches for.

        Raises:
            ArchiveError: OUTPUT is not an archive of this instance and timeline, or was
                changed outside aiomastodon.
        """
        if not self.state_path.exists():
            if self.path.exists() and self.path.stat().st_size > 0:
                raise ArchiveError(
                    f"{self.path} exists and is not an aiomastodon archive "
                    f"(no {self.state_path.name} beside it); choose another OUTPUT"
                )
            return None
        try:
            state = msgspec.json.decode(self.state_path.read_bytes(), type=ArchiveState)
        except (OSError, msgspec.DecodeError) as exc:
            raise ArchiveError(f"cannot read {self.state_path}: {exc}") from None
        if state.format != FORMAT:
            raise ArchiveError(f"{self.state_path} has format {state.format}; this reads {FORMAT}")
        if state.timeline != self.timeline or state.instance != self.instance:
            raise ArchiveError(
                f"{self.path} archives {state.timeline} of {state.instance}, "
                f"not {self.timeline} of {self.instance}"
            )
        size = self.path.stat().st_size if self.path.exists() else 0
        if size < state.size:
            raise ArchiveError(
                f"{self.path} is shorter ({size} bytes) than its state says ({state.size}): "
                "it was changed outside aiomastodon"
            )
        if size > state.size:
            # A page written after the last state (a stop mid-page, or a torn line): it is
            # fetched again from the state's cursor.
            with self.path.open("r+b") as file:
                file.truncate(state.size)
        if self.rebase_to is not None:
            state.older = _rebased(state.older, self.rebase_to)
            state.newer = _rebased(state.newer, self.rebase_to)
        self.state = state
        return state

    def save(self, state: ArchiveState) -> None:
        """Replace the state file atomically (write aside, then rename over)."""
        self.state = state
        temporary = self.state_path.with_name(self.state_path.name + ".tmp")
        with temporary.open("wb") as file:
            file.write(msgspec.json.encode(state))
            file.flush()
            if self.fsync:
                os.fsync(file.fileno())
        os.replace(temporary, self.state_path)

    def append(self, lines: list[bytes], state: ArchiveState) -> None:
        """Write a page's lines to OUTPUT, then the state that vouches for them."""
        if self._file is None:
            if not self.state_path.exists():
                self.save(state)  # the state exists before any data does
            self._file = self.path.open("ab")
        data = b"".join(lines)
        self._file.write(data)
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        state.size += len(data)
        state.items += len(lines)
        self.save(state)

    def close(self) -> None:
        """Close OUTPUT."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _rebased(cursor: Cursor | None, origin: str) -> Cursor | None:
    if cursor is None or cursor.next_url is None:
        return cursor
    moved = URL(origin).join(URL(cursor.next_url).relative())
    return msgspec.structs.replace(cursor, next_url=str(moved))


def jsonl_line(raw: bytes) -> bytes:
    """One item as a JSON Lines line. Newlines outside strings are whitespace (JSON
    strings cannot hold raw ones), so a pretty-printed item is kept equal on one line."""
    if b"\n" in raw or b"\r" in raw:
        raw = raw.replace(b"\r", b" ").replace(b"\n", b" ")
    return raw + b"\n"


def newer_cursor(page: Page[object], timeline: Timeline) -> Cursor | None:
    """Where "newer than this page" begins: the page's ``rel="prev"`` link, or, where item
    ids are public cursors, ``min_id`` of its newest item."""
    cursor = page.newer_cursor
    if cursor is not None or not page.items or timeline.kind in ("favourites", "bookmarks"):
        return cursor
    newest = getattr(page.items[0], "id", None)
    if not isinstance(newest, str):
        return None
    kept = [(k, v) for k, v in page.cursor.params if k not in _CURSOR_KEYS]
    return Cursor(
        endpoint=page.cursor.endpoint,
        path=page.cursor.path,
        params=[*kept, ("min_id", newest)],
        direction="newer",
    )


@dataclass
class Progress:
    """Counts of one timeline's archive in this run."""

    items: int = 0
    pages: int = 0
    retries: int = 0
    note: str = ""


Sleep = Callable[[float], Awaitable[None]]


async def _walk_pages(
    walk: Walk,
    on_page: Callable[[Page[object]], None],
    progress: Progress,
    *,
    retries: int,
    sleep: Sleep,
) -> None:
    """Hand every page of ``walk`` to ``on_page``; resume after transient failures.

    The scheduler already retried each request; what reaches here is a page that stayed
    bad (a truncated body, a server down for a while). It is fetched again from the
    error's cursor, up to ``retries`` times in a row, after 0.5 s, 1 s, 2 s, ... (at most
    8 s). Failures before any page of this run arrived are not retried: a wrong host or
    a refused token should fail at once.
    """
    current = walk
    attempt = 0
    while True:
        try:
            async for page in current.pages():
                on_page(page)
                attempt = 0
            return
        except (DecodeError, ServerError, TransportError) as exc:
            started = progress.pages > 0 or isinstance(exc, DecodeError)
            if exc.cursor is None or not started or attempt >= retries:
                raise
            attempt += 1
            progress.retries += 1
            delay = min(8.0, 0.5 * 2 ** (attempt - 1))
            progress.note = f"retrying in {delay:g} s after: {exc}"
            await sleep(delay)
            progress.note = ""
            current = walk.resume(exc.cursor)


async def archive_timeline(
    client: Client,
    timeline: Timeline,
    archive: Archive,
    progress: Progress,
    *,
    retries: int = 5,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Bring ``archive`` up to date with ``timeline``: backfill if unfinished, then newer.

    Raises:
        MastodonError: What stopped the walk (after retries). The archive stays
            consistent; running again continues where it stopped.
        ArchiveError: OUTPUT does not belong to this archive.
    """
    state = archive.open()
    walk = await timeline.paginator(client)

    def fresh_state() -> ArchiveState:
        return ArchiveState(instance=archive.instance, timeline=archive.timeline)

    def write(page: Page[object], state: ArchiveState) -> None:
        archive.append([jsonl_line(raw) for raw in page.raw_items()], state)
        progress.items += len(page.items)
        progress.pages += 1

    if state is None or state.phase == "backfill":
        current = state or fresh_state()

        def on_backfill_page(page: Page[object]) -> None:
            if current.newer is None:
                current.newer = newer_cursor(page, timeline)
            current.older = page.cursor
            write(page, current)

        start = walk if current.older is None else walk.resume(current.older)
        await _walk_pages(start, on_backfill_page, progress, retries=retries, sleep=sleep)
        if archive.state is None:
            return  # an empty timeline: nothing to write, nothing to remember
        current.phase = "complete"
        current.older = None
        archive.save(current)
        state = current

    if state.newer is None:
        progress.note = "the server gave no link to newer items: incremental runs unavailable"
        return
    updated = state

    def on_newer_page(page: Page[object]) -> None:
        updated.newer = page.cursor
        write(page, updated)

    await _walk_pages(
        walk.resume(state.newer), on_newer_page, progress, retries=retries, sleep=sleep
    )


def describe_error(error: MastodonError) -> str:
    """One line for an error that ends the command."""
    return str(error)
