"""docs/archive.md, "Reading an archive back": its code, run as it is written there, on lines
as real servers sent them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from aiomastodon import decode, encode
from aiomastodon.entities import Status

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "data" / "realservers"


def _docs_reader() -> dict[str, Any]:
    text = (ROOT / "docs" / "archive.md").read_text("utf-8")
    section = text.split("## Reading an archive back", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {"__name__": "docs_archive"}
    exec(compile(code, "docs/archive.md", "exec"), namespace)
    return namespace


def _recorded_statuses() -> list[bytes]:
    lines = []
    for server in ("gotosocial", "takahe", "snac"):
        for path in sorted((RECORDINGS / server).glob("*-home*.json")):
            body = json.loads(path.read_text("utf-8"))["body"]
            for item in msgspec.json.decode(body.encode(), type=list[msgspec.Raw]):
                lines.append(bytes(item).replace(b"\n", b" ") + b"\n")
    return lines


def test_the_docs_read_an_archive_back_as_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _recorded_statuses()
    odd = json.loads(lines[0])
    odd["id"] = 1234  # a number where the id string belongs: plain msgspec refuses it
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(json.dumps(odd), type=Status)
    archive = tmp_path / "home.jsonl"
    archive.write_bytes(b"".join([*lines, json.dumps(odd).encode() + b"\n", b'{"id": \n']))

    statuses = list(_docs_reader()["read_statuses"](archive))

    assert len(lines) > 20
    assert len(statuses) == len(lines) + 1
    assert [s.id for s in statuses[:-1]] == [json.loads(line)["id"] for line in lines]
    assert statuses[-1].id == "1234"
    assert all(decode(Status, encode(s)) == s for s in statuses)
    # The torn last line is reported with its place, not raised.
    assert f"home.jsonl:{len(lines) + 2}: " in capsys.readouterr().out
