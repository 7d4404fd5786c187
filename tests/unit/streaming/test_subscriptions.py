"""Stream names, SSE paths, subscribe messages, frame matching and gap sources: pure code."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from yarl import URL

from aiomastodon import Client
from aiomastodon._sansio.origin import Identity
from aiomastodon.pagination import Paginator
from aiomastodon.streaming import StreamOptions
from aiomastodon.streaming.connection import _prepared, matching
from aiomastodon.streaming.subscriptions import WEBSOCKET, Subscription


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with Client("https://example.social", access_token="tok") as client:
        yield client


@pytest.mark.parametrize(
    ("method", "kwargs", "key", "params", "path", "query"),
    [
        ("user", {}, ("user",), {"stream": "user"}, "/api/v1/streaming/user", {}),
        (
            "user_notification",
            {},
            ("user:notification",),
            {"stream": "user:notification"},
            "/api/v1/streaming/user/notification",
            {},
        ),
        ("public", {}, ("public",), {"stream": "public"}, "/api/v1/streaming/public", {}),
        (
            "public",
            {"only_media": True},
            ("public:media",),
            {"stream": "public:media"},
            "/api/v1/streaming/public",
            {"only_media": "true"},
        ),
        (
            "public",
            {"local": True},
            ("public:local",),
            {"stream": "public:local"},
            "/api/v1/streaming/public/local",
            {},
        ),
        (
            "public",
            {"local": True, "only_media": True},
            ("public:local:media",),
            {"stream": "public:local:media"},
            "/api/v1/streaming/public/local",
            {"only_media": "true"},
        ),
        (
            "public",
            {"remote": True, "only_media": True},
            ("public:remote:media",),
            {"stream": "public:remote:media"},
            "/api/v1/streaming/public/remote",
            {"only_media": "true"},
        ),
        (
            "direct",
            {},
            ("direct",),
            {"stream": "direct"},
            "/api/v1/streaming/direct",
            {},
        ),
    ],
)
def test_stream_names_and_paths(
    client: Client,
    method: str,
    kwargs: dict[str, bool],
    key: tuple[str, ...],
    params: dict[str, str],
    path: str,
    query: dict[str, str],
) -> None:
    stream = getattr(client.streaming, method)(**kwargs)
    assert stream.subscription.key == key
    assert stream.subscription.params == params
    assert stream.subscription.sse_path() == (path, query)
    assert stream.state == "connecting"  # nothing happens until it is iterated


def test_hashtag_and_list(client: Client) -> None:
    tag = client.streaming.hashtag("#Python").subscription
    assert tag.key == ("hashtag", "Python")
    assert tag.params == {"stream": "hashtag", "tag": "Python"}
    assert tag.sse_path() == ("/api/v1/streaming/hashtag", {"tag": "Python"})
    local = client.streaming.hashtag("cats", local=True).subscription
    assert local.params == {"stream": "hashtag:local", "tag": "cats"}
    assert local.sse_path() == ("/api/v1/streaming/hashtag/local", {"tag": "cats"})
    members = client.streaming.list("42").subscription
    assert members.key == ("list", "42")
    assert members.params == {"stream": "list", "list": "42"}
    assert members.sse_path() == ("/api/v1/streaming/list", {"list": "42"})


def test_public_is_local_or_remote_not_both(client: Client) -> None:
    with pytest.raises(ValueError, match="not both"):
        client.streaming.public(local=True, remote=True)


def test_options_default_and_override(client: Client) -> None:
    assert client.streaming.user().options == StreamOptions()
    sse = StreamOptions(transport="sse")
    assert client.streaming.user(options=sse).options is sse
    client.streaming.options = sse
    assert client.streaming.public().options is sse


def _auth(token: str | None, options: StreamOptions) -> tuple[dict[str, str], dict[str, str]]:
    """Where the token went in the request that opens a stream: (headers, query)."""
    url = URL("https://example.social/api/v1/streaming")
    identity = Identity.for_instance(url, "ua", token)
    request = _prepared(WEBSOCKET, url, identity, options, {}, "*/*")
    headers = {k: v for k, v in request.headers.items() if k == "Authorization"}
    return headers, dict(request.url.query)


def test_the_token_goes_in_the_header_unless_asked() -> None:
    assert _auth("t", StreamOptions()) == ({"Authorization": "Bearer t"}, {})
    assert _auth("t", StreamOptions(token_in_query=True)) == ({}, {"access_token": "t"})
    assert _auth(None, StreamOptions()) == ({}, {})


KEYS = [("user",), ("user:notification",), ("hashtag", "python"), ("hashtag", "cats"), ("public",)]


@pytest.mark.parametrize(
    ("frame_stream", "expected"),
    [
        (("user",), [("user",)]),
        (("user:notification",), [("user:notification",)]),
        (("hashtag", "python"), [("hashtag", "python")]),
        (("hashtag", "Python"), [("hashtag", "python")]),  # hashtags ignore case
        (("hashtag",), [("hashtag", "python"), ("hashtag", "cats")]),  # no tag: all of them
        (("public:local",), []),
        ((), KEYS),  # a single-stream socket names no stream
    ],
)
def test_which_subscriptions_a_frame_is_for(
    frame_stream: tuple[str, ...], expected: list[tuple[str, ...]]
) -> None:
    assert matching(frame_stream, KEYS) == expected


def _walk(paginator: object) -> tuple[str, dict[str, str], str]:
    assert isinstance(paginator, Paginator)
    cursor = paginator.cursor
    params = {k: v for k, v in cursor.params if v != "false"}  # filters off, or unset
    return cursor.path, params, cursor.direction


@pytest.mark.parametrize(
    ("subscription", "sources"),
    [
        (
            Subscription("user"),
            [
                ("home", "update", "/api/v1/timelines/home", {}),
                ("notifications", "notification", "/api/v1/notifications", {}),
            ],
        ),
        (
            Subscription("user:notification"),
            [("notifications", "notification", "/api/v1/notifications", {})],
        ),
        (Subscription("public"), [("public", "update", "/api/v1/timelines/public", {})]),
        (
            Subscription("public:local:media"),
            [
                (
                    "public:local:media",
                    "update",
                    "/api/v1/timelines/public",
                    {"local": "true", "only_media": "true"},
                )
            ],
        ),
        (
            Subscription("public:remote"),
            [("public:remote", "update", "/api/v1/timelines/public", {"remote": "true"})],
        ),
        (
            Subscription("hashtag", tag="python"),
            [("hashtag:python", "update", "/api/v1/timelines/tag/python", {})],
        ),
        (
            Subscription("hashtag:local", tag="python"),
            [
                (
                    "hashtag:local:python",
                    "update",
                    "/api/v1/timelines/tag/python",
                    {"local": "true"},
                )
            ],
        ),
        (
            Subscription("list", list_id="7"),
            [("list:7", "update", "/api/v1/timelines/list/7", {})],
        ),
        (Subscription("direct"), []),  # conversations are not refilled
    ],
)
def test_where_gaps_are_refilled(
    client: Client,
    subscription: Subscription,
    sources: list[tuple[str, str, str, dict[str, str]]],
) -> None:
    found = subscription.gap_sources(client._requester)
    assert [(s.key, s.event) for s in found] == [(k, e) for k, e, _, _ in sources]
    for source, (_, _, path, filters) in zip(found, sources, strict=True):
        newest_path, newest, direction = _walk(source.walk(None))
        assert (newest_path, direction) == (path, "older")
        assert newest == {**filters, "limit": "1"}  # where a stream starts counting
        gap_path, gap, direction = _walk(source.walk("100"))
        assert (gap_path, direction) == (path, "newer")  # oldest first, from the anchor
        assert gap["min_id"] == "100"
        assert {k: v for k, v in gap.items() if k not in ("min_id", "limit")} == filters
