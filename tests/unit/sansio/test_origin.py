"""The origin rule as pure code: headers, redirects, the streaming host."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from aioresponses import aioresponses
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon import Client
from aiomastodon._sansio.origin import (
    MAX_REDIRECTS,
    Identity,
    RedirectRule,
    next_hop,
    origin_of,
    streaming_target,
)
from aiomastodon._sansio.request import PreparedRequest
from aiomastodon.errors import RedirectRefused, StreamingURLRefused
from aiomastodon.streaming import StreamOptions

BASE = URL("https://example.social")
TOKEN = "secret-token-value"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "mastodon-api" / "examples"


def request(method: str = "GET", url: str = "https://example.social/api/v1/x") -> PreparedRequest:
    headers = CIMultiDictProxy(
        CIMultiDict({"Authorization": f"Bearer {TOKEN}", "User-Agent": "ua", "Cookie": "c"})
    )
    return PreparedRequest(method=method, url=URL(url), headers=headers)


# --- headers --------------------------------------------------------------------------------


def test_the_token_goes_only_to_the_origins_it_was_given_for() -> None:
    identity = Identity.for_instance(BASE, "ua/1", TOKEN)
    assert identity.headers(BASE / "api") == {
        "User-Agent": "ua/1",
        "Accept": "application/json",
        "Authorization": f"Bearer {TOKEN}",
    }
    for other in ("http://example.social", "https://example.social:8443", "https://evil.example"):
        assert "Authorization" not in identity.headers(URL(other))
        assert identity.headers(URL(other))["User-Agent"] == "ua/1"
    streaming = URL("wss://streaming.example.social")
    assert identity.token_for(streaming) is None
    assert identity.trusting(streaming).token_for(streaming) == TOKEN
    assert identity.headers(BASE, token=False).keys() == {"User-Agent", "Accept"}
    assert TOKEN not in repr(identity)


def test_ws_is_http_and_wss_is_https() -> None:
    assert origin_of(URL("wss://example.social/x")) == origin_of(BASE)
    assert origin_of(URL("ws://example.social")) == origin_of(URL("http://example.social:80"))
    assert origin_of(URL("ws://example.social")) != origin_of(BASE)


# --- redirects ------------------------------------------------------------------------------


def test_not_a_redirect_is_the_answer() -> None:
    assert next_hop(request(), 200, {"Location": "/y"}, 0) is None
    assert next_hop(request(), 304, {}, 0) is None
    assert next_hop(request(), 302, {}, 0) is None  # no Location: nothing to follow


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_same_origin_redirect_keeps_the_headers(method: str) -> None:
    hop = next_hop(request(method), 301, {"Location": "/api/v1/y?a=1"}, 0)
    assert hop is not None
    assert hop.url == URL("https://example.social/api/v1/y?a=1")
    assert hop.method == method
    assert hop.headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_of_a_body_is_refused_even_on_the_same_origin(method: str, status: int) -> None:
    with pytest.raises(RedirectRefused, match="body again") as raised:
        next_hop(request(method), status, {"Location": "/api/v1/y"}, 0)
    assert raised.value.endpoint == f"{method} /api/v1/x"
    assert raised.value.target == "https://example.social"


@pytest.mark.parametrize(
    "location",
    [
        "http://example.social/api/v1/x",  # a downgrade is another origin
        "https://example.social:444/x",
        "https://elsewhere.example/x?token=abc",
        "//elsewhere.example/x",
    ],
)
def test_a_redirect_to_another_origin_is_refused_without_its_query(location: str) -> None:
    with pytest.raises(RedirectRefused, match="another origin") as raised:
        next_hop(request(), 302, {"Location": location}, 0)
    assert "token=abc" not in str(raised.value)
    assert "/x" not in raised.value.target


@pytest.mark.parametrize("location", ["ftp://example.social/x", "javascript:alert(1)"])
def test_only_http_redirects(location: str) -> None:
    with pytest.raises(RedirectRefused):
        next_hop(request(), 302, {"Location": location}, 0)


@pytest.mark.parametrize(
    "location", ["http://[::1]@/", "https://xn--/", "https://example.social:99999/", "http://["]
)
def test_an_unreadable_location_is_refused_not_a_foreign_exception(location: str) -> None:
    # yarl raises IndexError, UnicodeError or ValueError for these.
    with pytest.raises(RedirectRefused, match="not a URL"):
        next_hop(request(), 302, {"Location": location}, 0)


def test_a_location_carrying_credentials_is_refused_even_on_the_same_origin() -> None:
    with pytest.raises(RedirectRefused, match="credentials") as raised:
        next_hop(request(), 302, {"Location": "https://u:pw@example.social/y"}, 0)
    assert "pw" not in str(raised.value)


def test_the_number_of_hops_is_bounded() -> None:
    assert next_hop(request(), 302, {"Location": "/y"}, MAX_REDIRECTS - 1) is not None
    with pytest.raises(RedirectRefused, match=f"more than {MAX_REDIRECTS}"):
        next_hop(request(), 302, {"Location": "/y"}, MAX_REDIRECTS)


def test_a_cross_origin_rule_for_media_drops_every_credential() -> None:
    media = RedirectRule(cross_origin=True)
    hop = next_hop(request(), 302, {"Location": "https://cdn.example/f.png"}, 0, media)
    assert hop is not None
    assert hop.url.host == "cdn.example"
    assert "Authorization" not in hop.headers
    assert "Cookie" not in hop.headers
    back = next_hop(hop, 302, {"Location": "https://example.social/f.png"}, 1, media)
    assert back is not None
    assert "Authorization" not in back.headers  # once dropped, never put back
    with pytest.raises(RedirectRefused, match="body again"):
        next_hop(request("POST"), 307, {"Location": "https://cdn.example/f"}, 0, media)


# --- the streaming host ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "advertised", "expected"),
    [
        ("https://example.social", None, "https://example.social"),
        ("https://example.social", "", "https://example.social"),
        ("https://example.social", "wss://example.social", "wss://example.social"),
        ("https://example.social", "wss://streaming.example.org", "wss://streaming.example.org"),
        ("https://example.social", "https://stream.other.example", "https://stream.other.example"),
        ("http://127.0.0.1:3000", "ws://127.0.0.1:4000", "ws://127.0.0.1:4000"),
        ("http://127.0.0.1:3000", "wss://streaming.example", "wss://streaming.example"),
    ],
)
def test_the_advertised_streaming_host_is_taken_when_safe(
    base: str, advertised: str | None, expected: str
) -> None:
    assert streaming_target(URL(base), named=None, advertised=advertised) == URL(expected)


@pytest.mark.parametrize(
    ("base", "advertised", "reason"),
    [
        ("https://example.social", "ws://example.social", "unencrypted"),
        ("https://example.social", "http://example.social", "unencrypted"),
        ("https://example.social", "ws://streaming.example.social", "unencrypted"),
        ("http://127.0.0.1:3000", "ws://localhost:4000", "another host over cleartext"),
        ("https://example.social", "ftp://example.social", "no usable streaming URL"),
        ("https://example.social", "wss://", "no usable streaming URL"),
    ],
)
def test_an_advertised_host_that_would_expose_the_token_is_refused(
    base: str, advertised: str, reason: str
) -> None:
    with pytest.raises(StreamingURLRefused, match=reason):
        streaming_target(URL(base), named=None, advertised=advertised)


def test_an_advertised_streaming_url_carrying_credentials_is_refused() -> None:
    with pytest.raises(StreamingURLRefused, match="no usable streaming URL"):
        streaming_target(BASE, named=None, advertised="wss://u:pw@streaming.example.social")


def test_a_streaming_url_the_caller_names_is_used_as_given() -> None:
    named = "ws://example.social:4000"
    assert streaming_target(BASE, named=named, advertised="wss://other") == URL(named)


async def test_an_https_instance_advertising_cleartext_ends_the_stream_before_connecting() -> None:
    instance = json.loads((EXAMPLES / "Instance.json").read_text())
    instance["configuration"]["urls"]["streaming"] = "ws://example.social"
    with aioresponses() as mocked:
        mocked.get("https://example.social/api/v2/instance", payload=instance)
        async with Client(BASE, access_token=TOKEN) as client:
            options = StreamOptions(gap_fill=False)
            async with client.streaming.user(options=options) as stream:
                with pytest.raises(StreamingURLRefused, match="unencrypted"):
                    await asyncio.wait_for(stream.__anext__(), 10)
        requested = [str(url) for _, url in mocked.requests]
        assert requested == ["https://example.social/api/v2/instance"]
