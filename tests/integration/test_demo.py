"""The README's main job: `aiomastodon archive home OUTPUT --demo`, run twice."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from aiomastodon.cli import main

pytestmark = pytest.mark.integration


def _run(output: Path) -> subprocess.CompletedProcess[str]:
    """The README's command (as ``main()``, in this process: ``python -m aiomastodon`` is
    the same command, see test_cli.py), with a smaller seed."""
    args = ["archive", "home", str(output), "--demo", "--demo-statuses", "300"]
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
