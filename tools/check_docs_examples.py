"""Type-check every Python example of the docs with ``mypy --strict``.

Each fenced ```` ```python ```` (or ```` ```py ````) block of README.md and docs/**/*.md is
written to a temporary directory as a module of its own, and all of them go to one mypy
run, with the settings of pyproject.toml's ``[tool.mypy]`` (strict, Python 3.10, as the
package itself). Errors are reported at the line of the Markdown file:

    python tools/check_docs_examples.py              # README.md and docs/**/*.md
    python tools/check_docs_examples.py docs/auth.md # some pages only
    python tools/check_docs_examples.py --list       # also each page's block count

A block that is deliberately partial (one line of a longer program, a signature to
fill in) is skipped when the line right before its fence, blank lines aside, is

    <!-- not-checked: why this block cannot stand alone -->

The reason is required, and a marker that is not followed by a Python block is an
error: markers do not outlive the block they excused. Keep them rare; an example that
does not type-check is usually an example that is wrong.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*)$")
_PYTHON = {"python", "py"}  # not pycon: an interactive session is not a module
_SKIP = re.compile(r"^\s*<!--\s*not-checked:(?P<reason>.*?)-->\s*$")
_MYPY_LINE = re.compile(r"^(?P<file>[^:\s]+\.py):(?P<line>\d+):(?P<rest>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced Python block: its page, the page line of its first code line, its code."""

    page: Path
    first_line: int
    code: str
    skipped: str | None = None  # the not-checked reason


class DocsError(Exception):
    """A page the checker cannot read as intended (a bad marker, an unclosed fence)."""


def _where(page: Path) -> str:
    try:
        return str(page.resolve().relative_to(ROOT))
    except ValueError:
        return str(page)


def _closing(lines: list[str], start: int, mark: str) -> int | None:
    """The index of the fence that closes one opened with ``mark`` (same character, at
    least as long, nothing after it), looking from ``start``."""
    for end in range(start, len(lines)):
        close = _FENCE.match(lines[end])
        if (
            close
            and close.group("fence")[0] == mark[0]
            and len(close.group("fence")) >= len(mark)
            and not close.group("info").strip()
        ):
            return end
    return None


def blocks_of(page: Path) -> list[Block]:
    """Every fenced Python block of ``page``, in order, skipped ones included."""
    where = _where(page)
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    pending: tuple[int, str] | None = None  # a not-checked marker: its line, its reason
    n = 0
    while n < len(lines):
        marker, fence = _SKIP.match(lines[n]), _FENCE.match(lines[n])
        if pending is not None and lines[n].strip() and not fence:
            raise DocsError(f"{where}:{pending[0]}: not-checked marker without a Python block")
        if marker:
            if not marker.group("reason").strip():
                raise DocsError(f"{where}:{n + 1}: not-checked needs a reason")
            pending = (n + 1, marker.group("reason").strip())
        if not fence:
            n += 1
            continue
        end = _closing(lines, n + 1, fence.group("fence"))
        if end is None:
            raise DocsError(f"{where}:{n + 1}: the fence is never closed")
        info = fence.group("info").split()
        if info and info[0].lower() in _PYTHON:
            # An indented block (in a list item or an admonition) loses its indentation.
            indent = fence.group("indent")
            body = [b.removeprefix(indent) for b in lines[n + 1 : end]]
            reason = pending[1] if pending is not None else None
            found.append(Block(page, n + 2, "\n".join(body) + "\n", reason))
        elif pending is not None:
            raise DocsError(f"{where}:{pending[0]}: not-checked marker without a Python block")
        pending = None
        n = end + 1
    if pending is not None:
        raise DocsError(f"{where}:{pending[0]}: not-checked marker without a Python block")
    return found


def default_pages() -> list[Path]:
    """README.md and every page under docs/, in a stable order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def check(pages: list[Path], *, config: Path | None = None) -> tuple[int, list[str], list[Block]]:
    """Run mypy on the pages' blocks: (exit status, messages at .md lines, the blocks)."""
    blocks = [block for page in pages for block in blocks_of(page)]
    checked = [block for block in blocks if block.skipped is None]
    if not checked:
        return 1, ["no Python block to check: wrong pages?"], blocks
    with tempfile.TemporaryDirectory(prefix="docs-examples-") as where:
        modules: dict[str, Block] = {}
        for number, block in enumerate(checked):
            stem = re.sub(r"\W", "_", _where(block.page).removesuffix(".md")).strip("_").lower()
            name = f"{stem}_{number}.py"  # a unique module name: one mypy run for all
            (Path(where) / name).write_text(block.code, encoding="utf-8")
            modules[name] = block
        command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
        command += ["--config-file", str(config or ROOT / "pyproject.toml")]
        command += ["--cache-dir", str(Path(where) / ".mypy_cache"), *sorted(modules)]
        result = subprocess.run(command, cwd=where, capture_output=True, text=True, check=False)
    order = {page: n for n, page in enumerate(pages)}
    located: list[tuple[int, int, str]] = []  # (page, line, message): sorted as the pages
    messages = []
    for line in result.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        owner = modules.get(match.group("file")) if match else None
        if match is None or owner is None:
            messages.append(line)  # not about one block (mypy's own trouble): as it is
            continue
        page_line = owner.first_line + int(match.group("line")) - 1
        message = f"{_where(owner.page)}:{page_line}:{match.group('rest')}"
        located.append((order[owner.page], page_line, message))
    messages += [message for _, _, message in sorted(located, key=lambda item: item[:2])]
    if result.returncode not in (0, 1) or (result.returncode and not messages):
        messages += result.stderr.splitlines() or [f"mypy exited with {result.returncode}"]
    return (0 if result.returncode == 0 else 1), messages, blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="Markdown files (default: all)")
    parser.add_argument("--list", action="store_true", help="print each page's block count")
    args = parser.parse_args(argv)
    pages = args.pages or default_pages()
    try:
        status, messages, blocks = check(pages)
    except DocsError as error:
        print(error, file=sys.stderr)
        return 1
    for message in messages:
        print(message, file=sys.stderr if status else sys.stdout)
    skipped = [block for block in blocks if block.skipped is not None]
    if args.list:
        for page in pages:
            of_page = [block for block in blocks if block.page == page]
            if of_page:
                left = sum(1 for block in of_page if block.skipped is not None)
                note = f" ({left} not checked)" if left else ""
                print(f"{_where(page)}: {len(of_page) - left} blocks{note}")
    for block in skipped:
        print(f"{_where(block.page)}:{block.first_line - 1}: not checked: {block.skipped}")
    pages_with = len({block.page for block in blocks})
    verdict = "failed" if status else "passed"
    print(
        f"docs examples: {len(blocks) - len(skipped)} blocks of {pages_with} pages "
        f"type-checked with mypy --strict, {len(skipped)} not checked: {verdict}"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
