"""``aiomastodon archive``: a resumable, lossless archive of a timeline in JSON Lines.

Each line of OUTPUT is one item exactly as the server sent it. Beside it,
``OUTPUT.state.json`` says how many bytes of OUTPUT are good and where the walk stands,
and it is updated atomically after every page has been written out: it holds two slots,
each one JSON line with a sequence number and a checksum, written in turn in place; a
slot torn by a stop mid-write fails its checksum and the other, older one stands. (This
costs a tenth of writing a new file and renaming it over the old one, per page.) So:

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
import hashlib
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import msgspec
from yarl import URL

from ..client import Client
from ..errors import ArchiveError, DecodeError, MastodonError, ServerError, TransportError
from ..pagination import Cursor, Page, Paginator, item_id_of
from ..scheduler import Scheduler
from ..scheduler.backoff import full_jitter
from .timelines import Timeline

__all__ = ["Archive", "ArchiveError", "ArchiveState", "archive_timeline"]

STATE_SUFFIX = ".state.json"
FORMAT = 1
_CURSOR_KEYS = frozenset({"max_id", "min_id", "since_id", "offset"})


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
        on_vouched: Called with the size of OUTPUT the state vouches for, after ``open``
            and after every ``append`` (from the thread that appended): ``--media``
            follows OUTPUT with it (``cli/media.py``).
    """

    path: Path
    instance: str
    timeline: str
    fsync: bool = False
    rebase_to: str | None = None
    on_vouched: Callable[[int], None] | None = field(default=None, repr=False)
    state: ArchiveState | None = None
    _file: IO[bytes] | None = field(default=None, repr=False)
    _state_fd: int | None = field(default=None, repr=False)
    _seq: int = field(default=0, repr=False)

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
            found = _newest_slot(self.state_path.read_bytes())
        except OSError as exc:
            raise ArchiveError(f"cannot read {self.state_path}: {exc}") from None
        if found is None:
            raise ArchiveError(f"{self.state_path} is damaged: no slot passes its checksum")
        self._seq, state = found
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
        if self.on_vouched is not None:
            self.on_vouched(state.size)
        return state

    def save(self, state: ArchiveState) -> None:
        """Write ``state`` into the older of the state file's two slots."""
        self.state = state
        if self._state_fd is None:
            self._state_fd = os.open(self.state_path, os.O_RDWR | os.O_CREAT, 0o644)
        self._seq += 1
        os.pwrite(self._state_fd, _slot(self._seq, state), (self._seq % 2) * _SLOT_SIZE)
        if self.fsync:
            os.fsync(self._state_fd)

    def append(self, lines: list[bytes], state: ArchiveState) -> None:
        """Write a page's lines to OUTPUT, then the state that vouches for them."""
        if self._file is None:
            if not self.state_path.exists():
                # The state exists before any data does, and vouches for none of it yet:
                # a stop before the next save starts the walk over, losing nothing.
                self.save(ArchiveState(instance=state.instance, timeline=state.timeline))
            self._file = self.path.open("ab")
        data = b"".join(lines)
        self._file.write(data)
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        state.size += len(data)
        state.items += len(lines)
        self.save(state)
        if self.on_vouched is not None:
            self.on_vouched(state.size)

    def close(self) -> None:
        """Close OUTPUT and the state file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._state_fd is not None:
            os.close(self._state_fd)
            self._state_fd = None


_SLOT_SIZE = 8192


class _Slot(msgspec.Struct):
    seq: int
    check: str
    state: msgspec.Raw


def _check(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


def _slot(seq: int, state: ArchiveState) -> bytes:
    """One slot: a JSON line padded to the slot size."""
    body = msgspec.json.encode(state)
    record = b'{"seq":%d,"check":"%s","state":%s}' % (seq, _check(body).encode(), body)
    if len(record) >= _SLOT_SIZE:
        raise ArchiveError(f"archive state too large to save ({len(record)} bytes)")
    return record.ljust(_SLOT_SIZE - 1) + b"\n"


def _newest_slot(data: bytes) -> tuple[int, ArchiveState] | None:
    """The slot with the highest sequence number whose checksum holds."""
    newest: tuple[int, ArchiveState] | None = None
    for offset in (0, _SLOT_SIZE):
        chunk = data[offset : offset + _SLOT_SIZE].strip()
        try:
            slot = msgspec.json.decode(chunk, type=_Slot)
            if _check(bytes(slot.state)) != slot.check:
                continue
            state = msgspec.json.decode(slot.state, type=ArchiveState)
        except msgspec.DecodeError:
            continue
        if newest is None or slot.seq > newest[0]:
            newest = (slot.seq, state)
    return newest


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


def newer_cursor(page: Page[msgspec.Raw], timeline: Timeline) -> Cursor | None:
    """Where "newer than this page" begins: the page's ``rel="prev"`` link, or, where item
    ids are public cursors, ``min_id`` of its newest item."""
    cursor = page.newer_cursor
    if cursor is not None or not page.items or timeline.kind in ("favourites", "bookmarks"):
        return cursor
    newest = item_id_of(page.items[0])
    if newest is None:
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


async def _walk_pages(
    walk: Paginator[msgspec.Raw],
    on_page: Callable[[Page[msgspec.Raw]], Awaitable[None]],
    progress: Progress,
    *,
    retries: int,
    scheduler: Scheduler,
) -> None:
    """Hand every page of ``walk`` to ``on_page``; resume after transient failures.

    The scheduler already retried each request; what reaches here is a page that stayed
    bad (a truncated body, a server down for a while). The walk resumes from the error's
    cursor, up to ``retries`` times in a row, after the scheduler's own backoff (full
    jitter, doubling; on its clock). Failures before any page of this run arrived are not
    retried: a wrong host or a refused token should fail at once.
    """
    current = walk
    attempt = 0
    while True:
        try:
            async for page in current.pages():
                await on_page(page)
                attempt = 0
            return
        except (DecodeError, ServerError, TransportError) as exc:
            started = progress.pages > 0 or isinstance(exc, DecodeError)
            if exc.cursor is None or not started or attempt >= retries:
                raise
            delay = full_jitter(
                attempt,
                base=scheduler.backoff_base,
                cap=scheduler.backoff_cap,
                random=scheduler.random,
            )
            attempt += 1
            progress.retries += 1
            progress.note = f"retrying in {delay:.2g} s after: {exc}"
            await scheduler.sleep(delay)
            progress.note = ""
            current = walk.resume(exc.cursor)


async def archive_timeline(
    client: Client,
    timeline: Timeline,
    archive: Archive,
    progress: Progress,
    *,
    retries: int = 5,
) -> None:
    """Bring ``archive`` up to date with ``timeline``: backfill if unfinished, then newer.

    Raises:
        MastodonError: What stopped the walk (after retries). The archive stays
            consistent; running again continues where it stopped.
        ArchiveError: OUTPUT does not belong to this archive.
    """
    state = archive.open()
    # Items are kept as the server's bytes (never decoded into entities: only split), and
    # while one page is written, in a worker thread, the next is already on its way.
    walk = (await timeline.paginator(client)).raw().read_ahead()

    def fresh_state() -> ArchiveState:
        return ArchiveState(instance=archive.instance, timeline=archive.timeline)

    def write_lines(raws: list[bytes], state: ArchiveState) -> None:
        archive.append([jsonl_line(raw) for raw in raws], state)

    async def write(page: Page[msgspec.Raw], state: ArchiveState) -> None:
        await asyncio.to_thread(write_lines, page.raw_items(), state)
        progress.items += len(page.items)
        progress.pages += 1

    if state is None or state.phase == "backfill":
        current = state or fresh_state()

        async def on_backfill_page(page: Page[msgspec.Raw]) -> None:
            if current.newer is None:
                current.newer = newer_cursor(page, timeline)
            current.older = page.cursor
            await write(page, current)

        start = walk if current.older is None else walk.resume(current.older)
        await _walk_pages(
            start, on_backfill_page, progress, retries=retries, scheduler=client.scheduler
        )
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

    async def on_newer_page(page: Page[msgspec.Raw]) -> None:
        updated.newer = page.cursor
        await write(page, updated)

    await _walk_pages(
        walk.resume(state.newer),
        on_newer_page,
        progress,
        retries=retries,
        scheduler=client.scheduler,
    )


def describe_error(error: MastodonError) -> str:
    """One line for an error that ends the command."""
    return str(error)
