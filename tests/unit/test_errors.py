"""Error mapping: every failure is a MastodonError naming the request, never the token."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest
from aioresponses import aioresponses

from aiomastodon import (
    Client,
    DecodeError,
    Forbidden,
    Gone,
    HTTPError,
    MastodonError,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    Unprocessable,
)
from tests.conftest import BASE, TOKEN

URL = f"{BASE}/api/v1/statuses/1"

HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, HTTPError),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (410, Gone),
        (422, Unprocessable),
        (429, RateLimited),
        (500, ServerError),
        (503, ServerError),
    ],
)
async def test_status_maps_to_class(
    mocked: aioresponses, client: Client, status: int, cls: type[HTTPError]
) -> None:
    mocked.get(
        URL,
        status=status,
        payload={"error": "Record not found", "error_description": "details"},
    )
    with pytest.raises(cls) as caught:
        await client.statuses.get("1")
    error = caught.value
    assert type(error) is cls
    assert error.status == status
    assert error.error == "Record not found"
    assert error.description == "details"
    assert (error.method, error.path) == ("GET", "/api/v1/statuses/1")
    assert str(error).startswith(f"GET /api/v1/statuses/1: HTTP {status}: Record not found")
    assert TOKEN not in str(error)
    assert TOKEN not in repr(error)


async def test_html_502_from_a_proxy(mocked: aioresponses, client: Client) -> None:
    mocked.get(URL, status=502, body=HTML_502, content_type="text/html")
    with pytest.raises(ServerError) as caught:
        await client.statuses.get("1")
    assert caught.value.status == 502
    assert caught.value.error == "502 Bad Gateway 502 Bad Gateway nginx"
    assert "<" not in str(caught.value)


async def test_empty_error_body_uses_the_reason(mocked: aioresponses, client: Client) -> None:
    mocked.get(URL, status=404, body=b"")
    with pytest.raises(NotFound, match="HTTP 404: Not Found"):
        await client.statuses.get("1")


async def test_long_error_body_is_cut(mocked: aioresponses, client: Client) -> None:
    mocked.get(URL, status=500, body=b"x" * 5000, content_type="text/plain")
    with pytest.raises(ServerError) as caught:
        await client.statuses.get("1")
    assert len(caught.value.error) <= 201


async def test_truncated_json_is_a_decode_error_naming_the_endpoint(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(URL, status=200, body=b'{"id": "1", "uri": "https://ex')
    with pytest.raises(DecodeError) as caught:
        await client.statuses.get("1")
    error = caught.value
    assert error.endpoint == "GET /api/v1/statuses/1"
    assert "truncated" in str(error)
    assert error.excerpt.startswith('{"id": "1"')
    assert error.status == 200


async def test_wrong_shape_is_a_decode_error(mocked: aioresponses, client: Client) -> None:
    mocked.get(URL, status=200, payload=["not", "a", "status"])
    with pytest.raises(DecodeError, match=re.escape("GET /api/v1/statuses/1")):
        await client.statuses.get("1")


async def test_connection_error_is_a_transport_error(mocked: aioresponses, client: Client) -> None:
    mocked.get(URL, exception=aiohttp.ClientConnectionError("connection refused"))
    with pytest.raises(TransportError) as caught:
        await client.statuses.get("1")
    assert caught.value.endpoint == "GET /api/v1/statuses/1"
    assert isinstance(caught.value, MastodonError)


@pytest.mark.parametrize(
    "timeout",
    # Two classes before Python 3.11, and aiohttp raises either, depending on the path.
    [pytest.param(TimeoutError, id="builtin"), pytest.param(asyncio.TimeoutError, id="asyncio")],
)
async def test_timeout_is_a_transport_error(
    mocked: aioresponses, client: Client, timeout: type[Exception]
) -> None:
    mocked.get(URL, exception=timeout())
    with pytest.raises(TransportError, match="timed out"):
        await client.statuses.get("1")


async def test_unreachable_loopback_port() -> None:
    # Nothing listens on port 9 of the loopback: a real refused connection.
    async with Client("http://127.0.0.1:9", access_token=TOKEN, retries=0) as client:
        with pytest.raises(TransportError) as caught:
            await client.statuses.get("1")
    assert TOKEN not in str(caught.value)


def test_client_repr_hides_the_token() -> None:
    client = Client(BASE, access_token=TOKEN)
    assert TOKEN not in repr(client)
    assert repr(client) == "Client('https://example.social/', token=set)"
    assert TOKEN not in repr(client.statuses)
    assert "token=none" in repr(Client(BASE))


@pytest.mark.parametrize(
    "bad", ["ftp://example.social", "https://", "https://h/?q=1", "https://u:p@h", "http://[::1"]
)
def test_bad_instance_url_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="instance URL"):
        Client(bad)


def test_scheme_is_assumed() -> None:
    assert str(Client("example.social").base_url) == "https://example.social/"
