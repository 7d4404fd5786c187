"""``aiomastodon archive`` when things around it go wrong: a second run on the same OUTPUT,
a directory it cannot write, a full disk, a forged state file; and what it creates (mode
0600) and where its token comes from.

Each failure must be one line on stderr with its documented exit status (``cli/exits.py``),
never a traceback, never a request before the check, and never a changed archive.

Read-only directories and full disks are real where the test runs as root (a bind mount
remounted read-only; a small tmpfs), and made with ``chmod`` or injected at the archive's
write seam otherwise, so that every case runs everywhere.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import msgspec
import pytest

from aiomastodon.auth import Credentials, save_credentials
from aiomastodon.cli import archive as archive_module

from .test_cli import (
    DEADLINE,
    TOKEN,
    Timeline,
    archive,
    archived,
    archived_ok,
    assert_exact,
    assert_one_error_line,
    closed_port,
    kill_when_archived,
    run_cli,
    run_here,
    snapshot,
    start_cli,
    state_path,
)
from .test_cli import make_server as make_server  # the fixture

pytestmark = pytest.mark.integration

SLOT = archive_module._SLOT_SIZE
ROOT = os.geteuid() == 0


def lock_path(output: Path) -> Path:
    return output.with_name(output.name + ".lock")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _mount(*args: str) -> None:
    result = subprocess.run(
        ["mount", *args], capture_output=True, text=True, timeout=DEADLINE, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip()}); the injected cases stand")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=DEADLINE, check=False)


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """``directory`` and what it holds, read-only for the command, then writable again:
    a read-only bind mount as root (whom permissions do not stop), ``chmod 555`` otherwise."""
    if not ROOT:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    _mount("--bind", str(directory), str(directory))
    try:
        _mount("-o", "remount,ro,bind", str(directory))
        yield
    finally:
        _umount(directory)


@contextlib.contextmanager
def small_disk(directory: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``directory`` (root only; skipped otherwise)."""
    if not ROOT:
        pytest.skip("a real full disk needs root (a tmpfs); the injected case stands")
    directory.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(directory))
    try:
        yield directory
    finally:
        _umount(directory)


def whole_lines_of(output: Path, expected: list[bytes]) -> int:
    """OUTPUT holds the first N of ``expected``, each a whole line; N."""
    data = output.read_bytes() if output.exists() else b""
    lines = data.split(b"\n")
    assert lines[-1] == b"", "OUTPUT ends in a torn line"
    n = len(lines) - 1
    assert data == b"".join(raw + b"\n" for raw in expected[:n])
    return n


# --- one run at a time --------------------------------------------------------------------


def test_a_second_run_on_the_same_output_stops_at_once(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    """Two real processes: the first holds OUTPUT (its first page request is kept waiting
    by the server), the second stops with one line and status 4 without asking the server
    for anything; the first then finishes exactly, and a third run finds nothing to do."""
    server = make_server(300)
    output = tmp_path / "home.jsonl"
    server.hold()
    try:
        first = start_cli(server, "home", output)
        assert server.wait_for_pages(0, timeout=DEADLINE) == 1  # it holds the lock by now
        second = run_cli("home", str(output), "--instance", server.base_url)
        assert_one_error_line(second, 4, f"{output} is being archived by another run")
        assert f"(pid {first.pid})" in second.stderr
        assert server.pages.total() == 1  # the second asked for nothing
    finally:
        server.release()
    out, err = first.communicate(timeout=DEADLINE)
    assert first.returncode == 0, err
    assert TOKEN not in out + err
    assert_exact(output, server.items())
    assert not lock_path(output).exists()

    third = archived_ok(server, "home", output)
    assert "archived 0 new items" in third.stdout
    assert_exact(output, server.items())


def test_a_lock_never_outlives_its_process(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    """``kill -9`` leaves the lock file, unlocked: the next run takes it over at once."""
    server = make_server(600, delay=0.003)
    output = tmp_path / "home.jsonl"
    kill_when_archived(start_cli(server, "home", output), server, output, 100)
    assert lock_path(output).exists()
    archived_ok(server, "home", output)
    assert_exact(output, server.items())
    assert not lock_path(output).exists()


def test_a_held_also_output_stops_the_whole_run_before_any_request(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(100)
    home, public = tmp_path / "home.jsonl", tmp_path / "public.jsonl"
    server.hold()
    try:
        first = start_cli(server, "public", public)
        assert server.wait_for_pages(0, timeout=DEADLINE) == 1
        result = run_here("home", str(home), "--instance", server.base_url, "--also",
                          "public", str(public))  # fmt: skip
        assert_one_error_line(result, 4, f"{public} is being archived by another run")
        assert server.pages.total() == 1
        assert not home.exists()
        assert not lock_path(home).exists()  # the lock it took first, given back
    finally:
        server.release()
    first.communicate(timeout=DEADLINE)
    assert first.returncode == 0


# --- directories it cannot write, full disks ----------------------------------------------


def test_a_missing_directory_is_one_line_before_any_request(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    output = tmp_path / "no" / "such" / "home.jsonl"
    result = archive(server, "home", output)
    assert_one_error_line(result, 5, f"there is no directory {output.parent}")
    assert server.pages.total() == 0
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize("existing", [False, True], ids=["new archive", "existing archive"])
def test_a_read_only_directory_is_one_line_before_any_request(
    make_server: Callable[..., Timeline], tmp_path: Path, existing: bool
) -> None:
    server = make_server(30)
    directory = tmp_path / "archives"
    directory.mkdir()
    output = directory / "home.jsonl"
    if existing:
        archived_ok(server, "home", output)
        server.add_statuses(5)
    before, served = snapshot(tmp_path), server.pages.total()
    with read_only(directory):
        result = archive(server, "home", output)
    reason = "Read-only file system" if ROOT else "Permission denied"
    assert_one_error_line(result, 5, f"cannot create {lock_path(output)}: {reason}")
    assert server.pages.total() == served
    assert snapshot(tmp_path) == before


def test_a_full_disk_is_one_line_and_the_archive_resumes_exactly(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(400)  # 530 KB of statuses
    expected = server.items()
    with small_disk(tmp_path / "small", "256k") as small:
        output = small / "home.jsonl"
        result = archive(server, "home", output)
        assert_one_error_line(result, 5, f"{output}: No space left on device")
        assert 0 < whole_lines_of(output, expected) < len(expected)
        assert archived(output) <= whole_lines_of(output, expected)
        assert not lock_path(output).exists()
        _mount("-o", "remount,size=4m", str(small))
        archived_ok(server, "home", output)
        assert_exact(output, expected)


def test_a_failed_write_is_cut_back_to_whole_pages(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    """ENOSPC at the write seam, half-way through the third page: OUTPUT keeps the first
    two pages, exactly what the state vouches for; the next run completes it."""
    server = make_server(95)
    output = tmp_path / "home.jsonl"
    expected = server.items()
    real_write = archive_module.write_all
    calls = 0

    def write_all(fd: int, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            real_write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(fd, data)

    with mock.patch.object(archive_module, "write_all", write_all):
        result = archive(server, "home", output)
    assert_one_error_line(result, 5, f"cannot write {output}: No space left on device")
    assert whole_lines_of(output, expected) == 20 == archived(output)
    archived_ok(server, "home", output)
    assert_exact(output, expected)


def test_a_failed_state_write_is_one_line_and_the_archive_resumes_exactly(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(95)
    output = tmp_path / "home.jsonl"
    expected = server.items()
    real_pwrite = archive_module._pwrite_all
    calls = 0

    def pwrite_all(fd: int, data: bytes, offset: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_pwrite(fd, data, offset)

    with mock.patch.object(archive_module, "_pwrite_all", pwrite_all):
        result = archive(server, "home", output)
    assert_one_error_line(result, 5, f"cannot write {state_path(output)}: Input/output error")
    whole_lines_of(output, expected)
    archived_ok(server, "home", output)
    assert_exact(output, expected)


# --- forged state files ---------------------------------------------------------------------


def forge(output: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Rewrite the state's newest slot after ``change`` (which edits the state as JSON),
    with a checksum that holds: only a careful hand, not a torn write, makes such a file."""
    path = state_path(output)
    found = archive_module._newest_slot(path.read_bytes())
    assert found is not None
    seq, state = found[0] + 1, json.loads(msgspec.json.encode(found[1]))
    change(state)
    body = json.dumps(state).encode()
    record = b'{"seq":%d,"check":"%s","state":%s}' % (
        seq,
        archive_module._check(body).encode(),
        body,
    )
    with path.open("r+b") as file:
        file.seek((seq % 2) * SLOT)
        file.write(record.ljust(SLOT - 1) + b"\n")


def _set(key: str, value: object) -> Callable[[dict[str, Any]], object]:
    return lambda state: state.__setitem__(key, value)


def _cursor(key: str, value: object) -> Callable[[dict[str, Any]], object]:
    return lambda state: state["newer"].__setitem__(key, value)


FORGED: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "a negative size": (_set("size", -5), "Expected `int` >= 0 - at `$.size`"),
    "a negative count": (_set("items", -1), "Expected `int` >= 0 - at `$.items`"),
    "a size beyond OUTPUT": (_set("size", 10**9), "than home.jsonl.state.json says (1000000000)"),
    "a size as text": (_set("size", "12"), "Expected `int`, got `str` - at `$.size`"),
    "more items than bytes": (_set("items", 10**6), "it counts 1000000 items in"),
    "an unknown phase": (_set("phase", "sideways"), "at `$.phase`"),
    "another format": (_set("format", 2), "has format 2; this reads 1"),
    "a cursor that is a number": (_set("newer", 5), "at `$.newer`"),
    "a cursor of another endpoint": (
        _cursor("endpoint", "timelines.public"),
        "cursor is for timelines.public, not timelines.home",
    ),
    "a cursor walking the wrong way": (
        _cursor("direction", "older"),
        "its newer cursor walks older, not newer",
    ),
    "a cursor without a usable URL": (_cursor("next_url", "/relative"), "no usable URL"),
}


@pytest.mark.parametrize(("change", "says"), FORGED.values(), ids=FORGED.keys())
def test_a_forged_state_is_refused_with_one_line_and_nothing_changes(
    make_server: Callable[..., Timeline],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], object],
    says: str,
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(server, "home", output)
    server.add_statuses(5)
    forge(output, change)
    before, served = snapshot(tmp_path), server.pages.total()
    result = archive(server, "home", output)
    assert_one_error_line(result, 3, says)
    assert state_path(output).name in result.stderr
    assert server.pages.total() == served
    assert snapshot(tmp_path) == before


def test_a_state_pointing_at_another_server_never_reaches_it(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server, elsewhere = make_server(30), make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(server, "home", output)
    forge(output, _cursor("next_url", f"{elsewhere.base_url}/api/v1/timelines/home?min_id=1"))
    before = snapshot(tmp_path)
    result = archive(server, "home", output)
    origin = elsewhere.base_url.rstrip("/")
    assert_one_error_line(result, 3, f"its newer cursor leads to {origin}, not to the instance")
    assert elsewhere.pages.total() == elsewhere.unauthorized == 0
    assert snapshot(tmp_path) == before


# --- what it creates ------------------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask_022")
def test_new_files_are_the_owners_only(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(server, "home", output)
    assert (mode(output), mode(state_path(output))) == (0o600, 0o600)


@pytest.mark.usefixtures("umask_022")
def test_existing_files_keep_their_mode_with_a_warning_for_private_timelines(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    home, public = tmp_path / "home.jsonl", tmp_path / "public.jsonl"
    archived_ok(server, "home", home)
    archived_ok(server, "public", public)
    for path in (home, state_path(home), public, state_path(public)):
        path.chmod(0o644)
    expected = server.items() + server.add_statuses(5)

    result = archive(server, "home", home)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"aiomastodon: warning: {path} holds a private timeline and other users may read "
        f"it (mode 0644): chmod 600 {path}"
        for path in (home, state_path(home))
    ]
    assert (mode(home), mode(state_path(home))) == (0o644, 0o644)
    assert_exact(home, expected)
    assert archive(server, "home", home, "--quiet").stderr == ""

    archived_ok(server, "public", public)  # public statuses: no warning
    assert mode(public) == 0o644


# --- where the token comes from -------------------------------------------------------------


def _credentials(directory: Path, base_url: str, token: str | None = TOKEN) -> Path:
    directory.mkdir(exist_ok=True)
    credentials = Credentials(base_url, "client-id", "client-secret", access_token=token)
    return save_credentials(credentials, directory / "mastodon.json")


def test_a_credentials_file_gives_the_instance_and_the_token(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    """And the environment is not read: its instance and token are for another server."""
    server = make_server(30)
    output = tmp_path / "out" / "home.jsonl"
    output.parent.mkdir()
    credentials = _credentials(tmp_path / "secret", server.base_url)
    elsewhere = f"http://127.0.0.1:{closed_port()}"
    result = run_here(
        "home", str(output), "--credentials", str(credentials),
        token="tok-of-another-server", MASTODON_INSTANCE=elsewhere,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert_exact(output, server.items())


def test_token_on_the_command_line_wins_with_a_warning(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    result = archive(server, "home", output, "--token", TOKEN, token="tok-wrong-for-this-one")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "aiomastodon: warning: --token is visible to other users of this machine (ps, "
        "/proc): set MASTODON_TOKEN or use --credentials FILE instead"
    ]
    assert_exact(output, server.items())


def test_what_a_forged_state_says_reaches_the_terminal_as_one_inert_line(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(server, "home", output)
    forge(output, _set("instance", "https://x.example\x1b]0;owned\x07\n\x1b[2J" + "y" * 5000))
    result = archive(server, "home", output)
    assert_one_error_line(result, 3, "archives home of https://x.example?]0;owned? ?[2Jyyy")
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert len(result.stderr) < 1100
