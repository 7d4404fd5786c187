"""``cli/archive.py``'s state file: it comes into being whole, or not at all.

A run killed between creating ``OUTPUT.state.json`` and writing its first slot used to
leave an empty state file, which every later run refused as damaged ("no slot passes its
checksum"): the archive could not be resumed. Now the first slot is written under a
temporary name, renamed into place. A stop is modelled here by an exception that nothing
in the archiver catches (``_Killed``), raised at each step of that creation: what it
leaves on disk is what ``kill -9`` at that moment leaves, since no cleanup code runs for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from aiomastodon.cli import archive as archive_module
from aiomastodon.cli.archive import Archive, ArchiveState
from aiomastodon.errors import ArchiveError

INSTANCE = "http://127.0.0.1:9"


class _Killed(BaseException):
    """The process ends here (nothing catches a BaseException of our own)."""


def _archive(output: Path) -> Archive:
    return Archive(output, INSTANCE, "home")


def _first_page(archive: Archive) -> None:
    archive.open()
    archive.cut()
    state = ArchiveState(instance=INSTANCE, timeline="home")
    archive.append([b'{"id":"1"}\n', b'{"id":"2"}\n'], state)


def _killed_at(output: Path, name: str, *, on_call: int) -> None:
    """Write the first page, killed at the ``on_call``-th call of ``name`` (the slot
    writer, or ``os.replace``)."""
    owner: object = archive_module if name == "_pwrite_all" else archive_module.os
    real = getattr(owner, name)
    calls = 0

    def dying(*args: object) -> object:
        nonlocal calls
        calls += 1
        if calls == on_call:
            raise _Killed
        return real(*args)

    archive = _archive(output)
    with mock.patch.object(owner, name, dying), pytest.raises(_Killed):
        _first_page(archive)
    assert calls == on_call
    archive.close()  # the kernel closes what a killed process held, and frees its lock


def _resumes_as_new(output: Path) -> None:
    """The next run takes the archive for a new one, and completes its first page."""
    archive = _archive(output)
    assert archive.open() is None
    _first_page(archive)
    archive.close()
    assert output.read_bytes() == b'{"id":"1"}\n{"id":"2"}\n'
    again = _archive(output)
    state = again.open()
    assert state is not None
    assert (state.size, state.items) == (len(output.read_bytes()), 2)
    again.close()
    assert sorted(p.name for p in output.parent.iterdir()) == [
        "home.jsonl",
        "home.jsonl.state.json",
    ]


@pytest.mark.parametrize(
    ("target", "on_call"),
    [
        ("_pwrite_all", 1),  # the state file's first slot, not written yet
        ("replace", 1),  # written, under its temporary name, not renamed yet
    ],
)
def test_a_kill_while_the_state_file_is_made_leaves_an_archive_the_next_run_resumes(
    tmp_path: Path, target: str, on_call: int
) -> None:
    output = tmp_path / "home.jsonl"
    _killed_at(output, target, on_call=on_call)
    assert not (tmp_path / "home.jsonl.state.json").exists()  # never without its slot
    assert (tmp_path / "home.jsonl.state.json.new").exists()
    assert not output.exists()  # no data before the first state
    _resumes_as_new(output)


def test_a_kill_after_the_first_state_before_the_data_is_vouched_loses_nothing(
    tmp_path: Path,
) -> None:
    output = tmp_path / "home.jsonl"
    # The second slot written is the one that vouches for the page: killed there, the
    # page is in OUTPUT but not vouched for, and the next run cuts it back.
    _killed_at(output, "_pwrite_all", on_call=2)
    assert output.stat().st_size > 0
    archive = _archive(output)
    state = archive.open()
    assert state is not None
    assert (state.size, state.items) == (0, 0)
    archive.cut()
    archive.close()
    assert output.read_bytes() == b""


def test_the_state_file_is_made_with_the_owners_mode_only_over_any_leftover(
    tmp_path: Path,
) -> None:
    output = tmp_path / "home.jsonl"
    leftover = tmp_path / "home.jsonl.state.json.new"
    leftover.write_bytes(b"half a slot")
    leftover.chmod(0o644)
    archive = _archive(output)
    _first_page(archive)
    archive.close()
    assert not leftover.exists()
    state_file = tmp_path / "home.jsonl.state.json"
    assert oct(state_file.stat().st_mode & 0o777) == oct(0o600)
    assert archive_module._newest_slot(state_file.read_bytes()) is not None


def test_an_empty_state_file_is_still_refused_as_damaged(tmp_path: Path) -> None:
    """No run of this version makes one; a file there that holds no slot was not written
    by it, and is not overwritten."""
    output = tmp_path / "home.jsonl"
    (tmp_path / "home.jsonl.state.json").write_bytes(b"")
    archive = _archive(output)
    with pytest.raises(ArchiveError, match="no slot passes its checksum"):
        archive.open()
    archive.close()
    assert os.path.getsize(tmp_path / "home.jsonl.state.json") == 0
