"""``cli/lock.py``: one holder per OUTPUT, never a stale lock, nothing left behind.

In one process, two ``flock`` on two opens of one file exclude each other as two
processes do (the lock belongs to the open file), so this tests the logic without a
second process; ``tests/integration/test_cli_safety.py`` runs two real ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aiomastodon.cli.lock import OutputLock
from aiomastodon.errors import ArchiveIOError, ArchiveLocked


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    output = tmp_path / "home.jsonl"
    first, second = OutputLock(output), OutputLock(output)
    first.acquire()
    assert first.path == tmp_path / "home.jsonl.lock"
    assert first.path.read_text() == f"{os.getpid()}\n"
    assert oct(first.path.stat().st_mode & 0o777) == oct(0o600)
    with pytest.raises(
        ArchiveLocked, match=rf"home.jsonl is being archived by another run \(pid {os.getpid()}\)"
    ):
        second.acquire()
    assert not second.held
    first.release()
    assert not first.path.exists()
    second.acquire()
    assert second.held
    second.release()
    assert list(tmp_path.iterdir()) == []


def test_a_lock_file_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    output = tmp_path / "home.jsonl"
    killed = OutputLock(output)
    killed.acquire()
    assert killed._fd is not None
    os.close(killed._fd)  # what the kernel does for a process killed with -9
    killed._fd = None
    assert killed.path.exists()
    taker = OutputLock(output)
    taker.acquire()
    assert taker.path.read_text() == f"{os.getpid()}\n"
    taker.release()
    assert not taker.path.exists()


def test_a_lock_file_removed_under_a_waiting_opener_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of removing lock files: B opens the file, A removes it and lets go, B locks
    the nameless file; meanwhile C creates and locks a new one. B must notice and start
    over (and then find C's lock)."""
    output = tmp_path / "home.jsonl"
    a, b, c = OutputLock(output), OutputLock(output), OutputLock(output)
    a.acquire()
    real_open = os.open
    opened = 0

    def open_then_race(path: object, flags: int, mode: int = 0o777) -> int:
        nonlocal opened
        fd = real_open(path, flags, mode)  # type: ignore[arg-type]
        opened += 1
        if opened == 1:  # B has the old file open: A finishes, C takes a new one
            a.release()
            c.acquire()
        return fd

    monkeypatch.setattr(os, "open", open_then_race)
    with pytest.raises(ArchiveLocked):
        b.acquire()
    monkeypatch.undo()
    assert opened == 3  # B's first open, C's, and B's second
    assert c.held
    c.release()


def test_a_missing_directory_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(
        ArchiveIOError, match=r"cannot create .*home.jsonl.lock: there is no directory"
    ):
        OutputLock(tmp_path / "nowhere" / "home.jsonl").acquire()
