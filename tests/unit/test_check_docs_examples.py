"""tools/check_docs_examples.py: the docs' Python blocks, found, skipped only when marked,
and type-checked by one mypy run whose errors point at the Markdown line."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "check_docs_examples.py"
SAMPLE = ROOT / "tests" / "data" / "docs-examples" / "sample.md"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_docs_examples", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _tool()


def line_of(page: Path, text: str) -> int:
    [number] = [n for n, line in enumerate(page.read_text().splitlines(), 1) if text in line]
    return number


def test_the_sample_has_two_blocks_to_check_and_one_marked() -> None:
    blocks = tool.blocks_of(SAMPLE)
    assert [b.skipped for b in blocks] == [
        None,
        None,
        "a fragment, here to show that a marked block is left out",
    ]
    assert blocks[1].first_line == line_of(SAMPLE, "A block that does not") + 3
    assert blocks[2].code == "await undefined_name\n"


def test_one_mypy_run_points_at_the_markdown_line() -> None:
    pytest.importorskip("mypy", reason="mypy comes with the dev extra, not the test one")
    result = subprocess.run(
        [sys.executable, str(TOOL), str(SAMPLE)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    where = f"tests/data/docs-examples/sample.md:{line_of(SAMPLE, 'get(1)')}: error:"
    errors = [line for line in result.stderr.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(where)
    assert '"get" of "Statuses" has incompatible type "int"' in errors[0]
    assert "2 blocks of 1 pages type-checked with mypy --strict, 1 not checked" in result.stdout


def write(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<!-- not-checked: -->\n```python\nx = 1\n```\n", "page.md:1: not-checked needs a reason"),
        ("<!-- not-checked: why -->\n\nSome prose.\n", "page.md:1: not-checked marker without"),
        ("<!-- not-checked: why -->\n```bash\nls\n```\n", "page.md:1: not-checked marker without"),
        ("<!-- not-checked: why -->\n", "page.md:1: not-checked marker without"),
        ("text\n\n```python\nx = 1\n", "page.md:3: the fence is never closed"),
    ],
    ids=["no reason", "prose after it", "not python", "at the end", "unclosed"],
)
def test_a_page_the_checker_cannot_read_is_an_error(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(tool.DocsError) as caught:
        tool.blocks_of(write(tmp_path, text))
    assert problem in str(caught.value)


def test_fences_indented_longer_or_tilde_and_py_blocks_are_found(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "!!! note\n\n    ```python\n    x = 1\n    ```\n\n"
        "````python\n```\ny = 2\n````\n\n"
        "~~~py\nz = 3\n~~~\n\n"
        "```pycon\n>>> 1\n```\n\n"
        "```markdown\n```python\nnot = code\n```\n",
    )
    blocks = tool.blocks_of(page)
    assert [b.code for b in blocks] == ["x = 1\n", "```\ny = 2\n", "z = 3\n"]
    assert [b.first_line for b in blocks] == [4, 8, 13]
