"""The exit statuses: one table in ``cli/exits.py``, shown by ``--help`` and the docs."""

from __future__ import annotations

import re
from pathlib import Path

from aiomastodon.cli.exits import EXIT_STATUSES, describe, exit_status
from aiomastodon.errors import (
    ArchiveError,
    ArchiveIOError,
    ArchiveLocked,
    DemoUnavailable,
    MastodonError,
    TransportError,
    Unauthorized,
    UsageError,
)

DOCS = Path(__file__).parents[3] / "docs" / "archive.md"


def test_each_error_has_its_status() -> None:
    cases = {
        UsageError("x"): 2,
        ArchiveError("x"): 3,
        ArchiveLocked("x"): 4,
        ArchiveIOError("x"): 5,
        DemoUnavailable("x"): 1,
        TransportError("x"): 1,
        Unauthorized(401, "x"): 1,
        MastodonError("x"): 1,
    }
    assert {type(e).__name__: exit_status(e) for e in cases} == {
        type(e).__name__: status for e, status in cases.items()
    }


def test_the_docs_table_is_the_codes_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Exit status\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)
    assert [int(status) for status, _ in rows] == [status for status, _ in EXIT_STATUSES]
    for (_, documented), (status, meaning) in zip(rows, EXIT_STATUSES, strict=True):
        assert documented.startswith(meaning), status


def test_help_lists_every_status() -> None:
    assert describe().splitlines() == [f"  {s:>3}  {m}" for s, m in EXIT_STATUSES]
