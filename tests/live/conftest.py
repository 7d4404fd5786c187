"""The opt-in live suite: real Mastodon-API servers someone runs (``pytest -m live``).

``REALSERVER_TOKENS`` names a file of ``KEY=VALUE`` lines, as
``/work/shared/realservers/start.sh`` writes them::

    GTS_BASE_URL=http://127.0.0.1:18701
    GTS_ALICE_TOKEN=...
    TAKAHE_BASE_URL=...    TAKAHE_ALICE_TOKEN=...
    SNAC_BASE_URL=...      SNAC_ALICE_TOKEN=...

Each server whose two lines are there is tested; the others are skipped, saying why.
The tokens go only to their own server (the client's rule), never into a report: test
ids name the server, not its URL.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aiomastodon import Client

SERVERS = {"gotosocial": "GTS", "takahe": "TAKAHE", "snac": "SNAC"}


@dataclass(frozen=True)
class LiveServer:
    name: str
    base_url: str
    token: str

    def __repr__(self) -> str:  # never the token
        return f"LiveServer({self.name})"


def _tokens() -> dict[str, str] | str:
    """The file's lines, or why there is none."""
    name = os.environ.get("REALSERVER_TOKENS")
    if not name:
        return "REALSERVER_TOKENS is not set (the live suite is opt-in)"
    path = Path(name)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        return f"REALSERVER_TOKENS names no readable file ({exc.strerror})"
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            values[key.strip()] = value.strip()
    return values


@pytest.fixture(scope="session", params=list(SERVERS))
def live_server(request: pytest.FixtureRequest) -> LiveServer:
    name: str = request.param
    tokens = _tokens()
    if isinstance(tokens, str):
        pytest.skip(tokens)
    prefix = SERVERS[name]
    base_url, token = tokens.get(f"{prefix}_BASE_URL"), tokens.get(f"{prefix}_ALICE_TOKEN")
    if not base_url or not token:
        pytest.skip(f"{prefix}_BASE_URL and {prefix}_ALICE_TOKEN are not both in the file")
    return LiveServer(name, base_url.rstrip("/"), token)


@pytest.fixture
async def alice(live_server: LiveServer) -> AsyncIterator[Client]:
    async with Client(live_server.base_url, access_token=live_server.token) as client:
        yield client
