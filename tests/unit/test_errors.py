"""Error mapping: every failure is a MastodonError naming the request, never the token."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest
import yarl
from aioresponses import aioresponses
from multidict import CIMultiDict, CIMultiDictProxy

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
from aiomastodon.errors import ProtocolError
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
    assert caught.value.error == "502 Bad Gateway"  # the page's <h1>, not all its text
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


# --- 404s: a missing record is not a missing endpoint (issue 19) ---------------------------

LOOKUP = f"{BASE}/api/v1/accounts/lookup?acct=nobody"


async def test_a_missing_record_is_not_blamed_on_the_servers_age(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(LOOKUP, status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound) as caught:
        await client.accounts.lookup("nobody")
    assert str(caught.value) == "GET /api/v1/accounts/lookup: HTTP 404: Record not found"
    assert caught.value.added_in == "3.4.0"


async def test_mastodons_answer_for_an_unknown_path_suggests_an_older_server(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(LOOKUP, status=404, payload={"error": "Not Found"})
    with pytest.raises(NotFound, match=r"added in Mastodon 3\.4\.0.*is it older\?"):
        await client.accounts.lookup("nobody")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<h1>Page Not Found</h1>", id="a-forks-page"),
        pytest.param(b'{"error": "Not Found: @nobody not found"}', id="gotosocial"),
        pytest.param(b"", id="empty"),
    ],
)
async def test_an_answer_that_is_not_mastodons_says_nothing_of_age(
    mocked: aioresponses, client: Client, body: bytes
) -> None:
    # Takahē and snac answer a missing record and a missing route with the same page.
    mocked.get(LOOKUP, status=404, body=body)
    with pytest.raises(NotFound) as caught:
        await client.accounts.lookup("nobody")
    assert "older" not in str(caught.value)


async def test_a_missing_id_never_suggests_an_older_server(
    mocked: aioresponses, client: Client
) -> None:
    # GoToSocial, Takahē and snac answer a missing id and a missing route alike.
    mocked.get(f"{BASE}/api/v1/statuses/1/history", status=404, payload={"error": "Not Found"})
    with pytest.raises(NotFound) as caught:
        await client.statuses.history("1")
    assert "older" not in str(caught.value)


async def test_a_route_of_the_first_api_never_suggests_an_older_server(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{BASE}/api/v1/timelines/home", status=404, payload={"error": "Not Found"})
    with pytest.raises(NotFound) as caught:
        await client.timelines.home().take(1).collect()
    assert "older" not in str(caught.value)


# --- what the transport's stack raises (issue 12, finding 4) --------------------------------


@pytest.mark.parametrize(
    "raised",
    [
        pytest.param(ValueError("Cannot combine AUTHORIZATION header with AUTH"), id="value"),
        pytest.param(UnicodeError("label empty or too long"), id="unicode"),
        pytest.param(LookupError("unknown encoding: x-hostile"), id="lookup"),
        pytest.param(aiohttp.InvalidURL("https://xn--/api?access_token=abc"), id="invalid-url"),
        pytest.param(IndexError("string index out of range"), id="index"),
    ],
)
async def test_a_foreign_exception_is_a_protocol_error_naming_the_endpoint(
    mocked: aioresponses, client: Client, raised: Exception
) -> None:
    mocked.get(URL, exception=raised)
    with pytest.raises(ProtocolError) as caught:
        await client.statuses.get("1")
    assert caught.value.endpoint == "GET /api/v1/statuses/1"
    assert "access_token" not in str(caught.value)


async def test_a_header_the_parser_refuses_is_a_protocol_error(
    mocked: aioresponses, client: Client
) -> None:
    info = aiohttp.RequestInfo(yarl.URL(URL), "GET", CIMultiDictProxy(CIMultiDict()))
    refused = aiohttp.ClientResponseError(info, (), status=400, message="Got more than 8190 bytes")
    mocked.get(URL, exception=refused)
    with pytest.raises(ProtocolError, match=r"not readable HTTP.*8190"):
        await client.statuses.get("1")


async def test_a_message_never_carries_the_url(mocked: aioresponses, client: Client) -> None:
    # aiohttp's "Can not write request body for <URL>" names the URL, query and all.
    failure = aiohttp.ClientOSError(
        None, f"Can not write request body for {BASE}/api/v1/statuses/1?access_token=abc"
    )
    mocked.get(URL, exception=failure)
    with pytest.raises(TransportError) as caught:
        await client.statuses.get("1")
    assert "access_token" not in str(caught.value)
    assert caught.value.request_sent is False  # it never got out whole: safe to resend
