"""The home timelines recorded from real GoToSocial, Takahē and snac servers, walked again
from the recordings (tests/data/realservers/): complete, in order, every item once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from aiomastodon import Client

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "realservers"
CURSORS = ("max_id", "min_id", "since_id")
HOSTS = {"gotosocial": "gts.invalid", "takahe": "takahe.invalid", "snac": "snac.invalid"}


def home_answers(server: str) -> dict[tuple[str, str] | None, dict[str, Any]]:
    """The recorded home answers by their cursor (``None``: the first page, ``limit=5``)."""
    answers: dict[tuple[str, str] | None, dict[str, Any]] = {}
    for path in sorted((RECORDINGS / server).glob("*-home*.json")):
        recorded = json.loads(path.read_text("utf-8"))
        query = dict(recorded["query"])
        cursor = next(((k, query[k]) for k in CURSORS if k in query), None)
        if cursor is None and query != {"limit": "5"}:
            continue
        answers.setdefault(cursor, recorded)
    return answers


def replay(mocked: aioresponses, server: str) -> list[str]:
    """Answer home requests from the recordings, matching on the cursor alone (snac's
    answers do not depend on limit; the tail was recorded without GoToSocial's extra
    parameters); a cursor never recorded is past the end: ``[]``. Returns the sent URLs."""
    answers = home_answers(server)
    sent: list[str] = []

    def answer(url: URL, **_: Any) -> CallbackResult:
        sent.append(str(url))
        cursor = next(((k, url.query[k]) for k in CURSORS if k in url.query), None)
        recorded = answers.get(cursor)
        if recorded is None:
            return CallbackResult(body="[]", content_type="application/json")
        headers = {k: v for k, v in recorded["headers"] if k.lower() == "link"}
        return CallbackResult(
            body=recorded["body"], headers=headers, content_type="application/json"
        )

    pattern = re.compile(rf"^http://{re.escape(HOSTS[server])}/api/v1/timelines/home.*")
    mocked.get(pattern, callback=answer, repeat=True)
    return sent


def recorded_ids(server: str, *cursors: tuple[str, str] | None) -> list[str]:
    answers = home_answers(server)
    return [item["id"] for cursor in cursors for item in json.loads(answers[cursor]["body"])]


@pytest.mark.parametrize("server", ["gotosocial", "takahe", "snac"])
async def test_an_older_home_walk_of_a_real_server(mocked: aioresponses, server: str) -> None:
    sent = replay(mocked, server)
    async with Client(f"http://{HOSTS[server]}", access_token="t", retries=0) as client:
        pages = [page async for page in client.timelines.home(limit=5).pages()]
    got = [s.id for p in pages for s in p.items]
    assert len(got) == len(set(got))
    assert all(URL(url).query.get("limit") == "5" for url in sent)  # snac's links drop it
    if server == "gotosocial":
        # The tail page repeats its two statuses; they are yielded once.
        assert pages[-1].repeats == 2
        assert len(got) == 22
    if server == "takahe":
        assert len(got) == 22
    if server == "snac":
        # Page two came at the server's default size: every older status at once.
        assert got == recorded_ids("snac", None, ("max_id", sent_cursor(sent[1])))
        assert len(got) == 17


def sent_cursor(url: str) -> str:
    return URL(url).query["max_id"]
