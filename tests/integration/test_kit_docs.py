"""docs/testing.md's examples are tests: each Python block of the page is run as a test
module of a fresh pytest process (the plugin loaded by its entry point), and all of them
type-check under ``mypy --strict``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

PAGE = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", PAGE.read_text("utf-8"), re.M | re.S)


def test_the_page_has_its_examples() -> None:
    assert len(BLOCKS) >= 4
    assert (
        sum(block.count("\nasync def test_") + block.count("\ndef test_") for block in BLOCKS) >= 5
    )


def test_every_example_passes(pytester: pytest.Pytester) -> None:
    for n, block in enumerate(BLOCKS):
        pytester.makepyfile(**{f"test_docs_{n}": block})
    tests = sum(block.count("def test_") for block in BLOCKS)
    result = pytester.runpytest_subprocess("-p", "asyncio", "-o", "asyncio_mode=auto", "-q")
    result.assert_outcomes(passed=tests)


def test_every_example_type_checks(tmp_path: Path) -> None:
    for n, block in enumerate(BLOCKS):
        (tmp_path / f"docs_example_{n}.py").write_text(block)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
