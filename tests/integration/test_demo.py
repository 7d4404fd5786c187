"""The README's main job: `aiomastodon archive home OUTPUT --demo`, run twice."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiomastodon.cli import main

pytestmark = pytest.mark.integration

DEADLINE = 60.0


def _run(output: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """The README's command (as ``main()``, in this process: ``python -m aiomastodon`` is
    the same command, see test_cli.py), with a smaller seed."""
    args = ["archive", "home", str(output), "--demo", "--demo-statuses", "300", *more]
    out, err = io.StringIO(), io.StringIO()
    status = main(args, out=out, err=err)
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def test_the_demo_archives_then_appends_only_what_is_new(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    first = _run(output)
    assert first.returncode == 0, first.stderr
    assert "home +300 " in first.stdout
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300
    ids = [json.loads(line)["id"] for line in lines]
    assert len(set(ids)) == 300

    second = _run(output)  # the demo posts 25 statuses first, as others would have
    assert second.returncode == 0, second.stderr
    assert "home +25 " in second.stdout
    more = output.read_text(encoding="utf-8").splitlines()
    assert more[:300] == lines  # nothing rewritten
    new = [json.loads(line) for line in more[300:]]
    assert len(new) == 25
    assert len({s["id"] for s in new} | set(ids)) == 325  # each once
    numbers = [int(s["content"].rsplit("(", 1)[1].split(")")[0]) for s in new]
    assert numbers == list(range(1, 26))  # oldest first


def test_the_demo_says_what_it_does_and_names_every_file_it_leaves(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    database = tmp_path / "out.jsonl.demo.sqlite"
    first = _run(output)
    assert first.returncode == 0, first.stderr
    phases = first.stderr.splitlines()  # not a terminal: one line per phase, no counts
    assert phases[:2] == [
        "demo: starting mastodon-mock on 127.0.0.1",
        f"demo: seeding 300 statuses from 6 accounts into {database}",
    ]
    assert phases[2].startswith("demo: archiving home from http://127.0.0.1:")
    assert len(phases) == 3
    left = {path.name for path in tmp_path.iterdir()}
    assert left == {"out.jsonl", "out.jsonl.state.json", "out.jsonl.demo.sqlite"}
    summary = first.stdout.splitlines()
    assert len(summary) == 2
    assert summary[1] == (
        f"beside OUTPUT: {output}.state.json (where the next run of home resumes), "
        f"{database} (the demo instance's data)"
    )

    second = _run(output)
    assert second.returncode == 0, second.stderr
    assert second.stderr.splitlines()[1:3] == [
        f"demo: using the demo instance kept in {database}",
        "demo: posting 25 statuses, as others would have since the last run",
    ]
    assert {path.name for path in tmp_path.iterdir()} == left

    quiet = _run(output, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_demo_stopped_while_seeding_starts_over(tmp_path: Path) -> None:
    """What a stop mid-seed leaves (a half-seeded ``.seeding`` file) is never used."""
    output = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.demo.sqlite.seeding").write_bytes(b"half a database")
    result = _run(output)
    assert result.returncode == 0, result.stderr
    assert len(output.read_bytes().splitlines()) == 300
    assert {path.name for path in tmp_path.iterdir()} == {
        "out.jsonl", "out.jsonl.state.json", "out.jsonl.demo.sqlite"
    }  # fmt: skip


def test_a_demo_archive_whose_instance_is_gone_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    assert _run(output).returncode == 0
    (tmp_path / "out.jsonl.demo.sqlite").unlink()
    before = output.read_bytes()
    result = _run(output)
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1].startswith(
        f"aiomastodon: error: {output} archives a demo instance, but "
    )
    assert output.read_bytes() == before
    assert not (tmp_path / "out.jsonl.demo.sqlite").exists()


def test_on_a_terminal_the_demo_shows_one_line_with_counts(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiomastodon", "archive", "home", str(tmp_path / "o.jsonl"),
         "--demo", "--demo-statuses", "600"],
        env={k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")},
        stdout=subprocess.PIPE, stderr=terminal, text=True,
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    out, _ = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0
    assert "home +600 " in out
    assert b"\r\x1b[Kdemo: seeding 600 statuses from 6 accounts into " in shown
    assert b": 250/600" in shown
    assert b": 600/600" in shown
    assert b"\n" not in shown.replace(b"\r\n", b"")  # one line, rewritten: never a new one
