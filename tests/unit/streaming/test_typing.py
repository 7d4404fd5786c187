"""tests/typing/narrowing.py passes ``mypy --strict``: events narrow without a cast.

Runs mypy in a subprocess (its cache in a temporary directory), so the check is part
of the unit run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CHECKED = ROOT / "tests" / "typing" / "narrowing.py"

pytest.importorskip("mypy")


@pytest.mark.timeout(300)
def test_stream_events_narrow_under_mypy_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
            "--cache-dir", str(tmp_path / "cache"), "--config-file", str(ROOT / "pyproject.toml"),
            str(CHECKED),
        ],
        capture_output=True, text=True, cwd=ROOT, timeout=280, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
