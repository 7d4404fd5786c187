"""Fork error answers, replayed byte for byte from 127.0.0.1 (tests/data/realservers/).

snac's 422 carries no Content-Length: its (empty) body ends where the connection does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiomastodon import Client, NotFound, Unauthorized

from .raw_server import RawRequest, RawServer, http_answer

pytestmark = pytest.mark.integration

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "realservers"


def _recorded(name: str) -> tuple[int, list[tuple[str, str]], bytes]:
    data = json.loads((RECORDINGS / name).read_text())
    skip = {"content-length", "connection", "transfer-encoding", "content-encoding"}
    headers = [(k, v) for k, v in data["headers"] if k.lower() not in skip]
    return data["status"], headers, data["body"].encode()


async def test_snacs_empty_422_without_a_length_is_a_refused_token() -> None:
    status, headers, _ = _recorded("snac/08-verify-credentials-bad-token.json")
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    answer = f"HTTP/1.1 {status} Unprocessable Content\r\n{head}\r\n".encode()

    async with (
        RawServer(lambda request: answer, keep_alive=False) as server,
        Client(server.url, access_token="not-a-valid-token-123", retries=0) as client,
    ):
        with pytest.raises(Unauthorized) as caught:
            await client.accounts.verify_credentials()
    assert caught.value.status == 422
    assert caught.value.endpoint == "GET /api/v1/accounts/verify_credentials"


@pytest.mark.parametrize(
    ("name", "cls", "error"),
    [
        ("takahe/07-verify-credentials-bad-token.json", Unauthorized, "Invalid Bearer token"),
        ("takahe/19-account-unknown.json", NotFound, "Page Not Found"),
        ("snac/20-account-unknown.json", NotFound, "404 Not Found (snac/2.94)"),
    ],
)
async def test_fork_answers_keep_their_class_with_readable_text(
    name: str, cls: type[Exception], error: str
) -> None:
    status, headers, body = _recorded(name)

    def answer(request: RawRequest) -> bytes:
        return http_answer(status, body, headers, reason="Whatever")

    async with (
        RawServer(answer) as server,
        Client(server.url, access_token="not-a-valid-token-123", retries=0) as client,
    ):
        call = (
            client.accounts.verify_credentials()
            if "verify" in name
            else client.accounts.get("99999999999999999999")
        )
        with pytest.raises(cls) as caught:
            await call
    assert str(caught.value).endswith(f"HTTP {status}: {error}")
