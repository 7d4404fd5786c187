"""``client.server_info()``: NodeInfo and the instance document, judged by the feature table;
and ``check_versions``, which judges a fork by what it has.

The real servers' answers come from tests/data/realservers/ (GoToSocial, Takahē, snac),
replayed byte for byte with aioresponses.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aioresponses import aioresponses
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

import aiomastodon
from aiomastodon import Client, ServerError, ServerInfo, UnsupportedByServer
from aiomastodon._sansio.versions import read_version
from aiomastodon.api.instance import NodeInfoLink, NodeInfoLinks, _nodeinfo_url
from aiomastodon.server import FEATURE_NAMES, FEATURES, feature_of
from tests.conftest import BASE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "data" / "realservers"
HOSTS = {"gotosocial": "gts.invalid", "takahe": "takahe.invalid", "snac": "snac.invalid"}
NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2."


def replay(mocked: aioresponses, server: str) -> str:
    """Register the recorded instance and NodeInfo answers of a server; its base URL."""
    base = f"http://{HOSTS[server]}"
    for path in sorted((RECORDINGS / server).glob("0[1-5]-*.json")):
        exchange = json.loads(path.read_text(encoding="utf-8"))
        if not path.stem[3:].startswith(("instance-", "nodeinfo-")):
            continue
        headers = {k: v for k, v in exchange["headers"] if k.lower() == "content-type"}
        body = exchange["body"].encode()
        url = f"{base}{exchange['path']}"
        mocked.get(url, status=exchange["status"], body=body, headers=headers, repeat=True)
    return base


def asked(mocked: aioresponses) -> list[str]:
    """The paths requested, in order of first request."""
    return [url.path for (_, url) in mocked.requests]


async def test_gotosocial_without_a_mastodon_version(mocked: aioresponses) -> None:
    base = replay(mocked, "gotosocial")
    async with Client(base, retries=0) as client:
        info = await client.server_info()
    assert info.software == "gotosocial"
    assert info.version == "57cb4fe74-local"  # a local build: no release number
    assert info.mastodon_version is None
    assert info.version_text == "57cb4fe74-local"
    assert dict(info.api_versions) == {}
    assert info.nodeinfo
    assert {"streaming_websocket", "streaming_multiplex", "markers", "filters_v2"} <= info.features
    assert {"grouped_notifications", "quotes", "streaming_sse", "idempotency_key"} <= info.missing
    assert info.supports("scheduled_statuses") is True
    assert info.supports("grouped_notifications") is False
    # Both 2.0 and 2.1 are linked: the newer is read.
    assert asked(mocked) == ["/.well-known/nodeinfo", "/nodeinfo/2.1", "/api/v2/instance"]


async def test_takahe_links_https_on_a_plain_http_server(mocked: aioresponses) -> None:
    base = replay(mocked, "takahe")  # its link says https://takahe.invalid/nodeinfo/2.0/
    async with Client(base, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.version, info.mastodon_version) == ("takahe", "0.11.0", None)
    assert info.version_text == "takahe/0.11.0"
    assert {"bookmarks", "polls", "instance_v2"} <= info.features
    assert {"streaming_websocket", "markers", "lists"} <= info.missing  # lists: a stub
    assert [str(url) for (_, url) in mocked.requests][1] == f"{base}/nodeinfo/2.0/"


async def test_snac_says_its_own_claim_is_not_true(mocked: aioresponses) -> None:
    base = replay(mocked, "snac")
    async with Client(base, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.version) == ("snac", "2.94")
    assert info.mastodon_version == (4, 0, 0)  # claimed, and judged by nothing
    assert not info.is_mastodon
    assert {"markers", "lists", "bookmarks"} <= info.features
    assert {"instance_v2", "streaming_websocket", "edit_history"} <= info.missing
    # No /api/v2/instance (an HTML 404): the v1 document answered.
    assert asked(mocked) == [
        "/.well-known/nodeinfo",
        "/nodeinfo_2_1",
        "/api/v2/instance",
        "/api/v1/instance",
    ]


def _mastodon(mocked: aioresponses, version: str = "4.5.2", api: int = 7) -> None:
    links = [{"rel": f"{NODEINFO_SCHEMA}0", "href": "https://example.social/nodeinfo/2.0"}]
    mocked.get(f"{BASE}/.well-known/nodeinfo", payload={"links": links}, repeat=True)
    software = {"name": "mastodon", "version": version}
    mocked.get(f"{BASE}/nodeinfo/2.0", payload={"version": "2.0", "software": software})
    instance = {"version": version, "api_versions": {"mastodon": api, "glitch": "x"}}
    mocked.get(f"{BASE}/api/v2/instance", payload=instance, repeat=True)


async def test_mastodon_with_api_versions(mocked: aioresponses) -> None:
    _mastodon(mocked)
    async with Client(BASE, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.version, info.mastodon_version) == ("mastodon", "4.5.2", (4, 5, 2))
    assert dict(info.api_versions) == {"mastodon": 7}  # a non-integer fork key is left out
    assert info.missing == frozenset()
    assert set(FEATURE_NAMES) == info.features


async def test_an_older_mastodon_lacks_newer_features(mocked: aioresponses) -> None:
    _mastodon(mocked, "4.2.10+glitch", 0)
    async with Client(BASE, retries=0) as client:
        info = await client.server_info()
    assert info.mastodon_version == (4, 2, 10)
    assert {"grouped_notifications", "quotes"} == info.missing


async def test_without_nodeinfo_the_instance_document_says_it(mocked: aioresponses) -> None:
    mocked.get(f"{BASE}/.well-known/nodeinfo", status=404, body=b"<h1>404</h1>")
    mocked.get(f"{BASE}/api/v2/instance", payload={"version": "2.7.2 (compatible; Pleroma 2.6.0)"})
    async with Client(BASE, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.version, info.mastodon_version) == ("pleroma", "2.6.0", (2, 7, 2))
    assert not info.nodeinfo
    assert "markers" in info.features


async def test_nodeinfo_alone_is_enough(mocked: aioresponses) -> None:
    """Software without the Mastodon API (Misskey) still says what it is."""
    links = [{"rel": f"{NODEINFO_SCHEMA}1", "href": "/nodeinfo/2.1"}]
    mocked.get(f"{BASE}/.well-known/nodeinfo", payload={"links": links})
    software = {"name": "Misskey", "version": "2025.12.2"}
    mocked.get(f"{BASE}/nodeinfo/2.1", payload={"software": software})
    mocked.get(f"{BASE}/api/v2/instance", status=404, payload={"error": "x"})
    mocked.get(f"{BASE}/api/v1/instance", status=404, payload={"error": "x"})
    async with Client(BASE, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.version, info.version_text) == ("misskey", "2025.12.2", "")
    assert info.features == info.missing == frozenset()


async def test_a_link_to_another_host_is_fetched_on_the_instance(mocked: aioresponses) -> None:
    links = [
        {"rel": f"{NODEINFO_SCHEMA}0", "href": "https://elsewhere.example/ni/2.0?x=1"},
        {"rel": "http://example.org/not-nodeinfo", "href": "https://evil.example/"},
    ]
    mocked.get(f"{BASE}/.well-known/nodeinfo", payload={"links": links})
    mocked.get(f"{BASE}/ni/2.0?x=1", payload={"software": {"name": "mastodon", "version": "4.3.0"}})
    mocked.get(f"{BASE}/api/v2/instance", payload={"version": "4.3.0"})
    async with Client(BASE, retries=0) as client:
        assert (await client.server_info()).version == "4.3.0"
    assert {url.host for (_, url) in mocked.requests} == {"example.social"}


@pytest.mark.parametrize(
    "links",
    [
        {"links": []},
        {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/1.0", "href": "/n"}]},
        {"links": [{"rel": f"{NODEINFO_SCHEMA}0", "href": "javascript:alert(1)"}]},
        {"links": [{"rel": f"{NODEINFO_SCHEMA}0", "href": ""}]},
        {"links": "nope"},
        [1, 2, 3],
    ],
)
async def test_unusable_nodeinfo_is_left_out(mocked: aioresponses, links: Any) -> None:
    mocked.get(f"{BASE}/.well-known/nodeinfo", payload=links)
    mocked.get(f"{BASE}/api/v2/instance", payload={"version": "4.4.0"})
    async with Client(BASE, retries=0) as client:
        info = await client.server_info()
    assert (info.software, info.nodeinfo) == ("mastodon", False)
    assert {url.path for (_, url) in mocked.requests} == {
        "/.well-known/nodeinfo",
        "/api/v2/instance",
    }


async def test_many_tasks_share_one_set_of_requests(mocked: aioresponses) -> None:
    _mastodon(mocked)
    async with Client(BASE, retries=0) as client:
        infos = await asyncio.gather(*(client.server_info() for _ in range(20)))
        assert await client.server_info() is infos[0]
    assert all(info is infos[0] for info in infos)
    assert {path: len(calls) for (_, path), calls in mocked.requests.items()} == {
        URL(f"{BASE}/.well-known/nodeinfo"): 1,
        URL(f"{BASE}/nodeinfo/2.0"): 1,
        URL(f"{BASE}/api/v2/instance"): 1,
    }


async def test_a_failure_is_not_kept(mocked: aioresponses) -> None:
    mocked.get(f"{BASE}/.well-known/nodeinfo", status=500, body=b"down")
    mocked.get(f"{BASE}/api/v2/instance", status=500, body=b"down")
    async with Client(BASE, retries=0) as client:
        with pytest.raises(ServerError) as caught:
            await client.server_info()
        assert caught.value.endpoint == "GET /api/v2/instance"
        _mastodon(mocked)
        assert (await client.server_info()).software == "mastodon"


# --- check_versions ----------------------------------------------------------------------


async def test_check_versions_refuses_what_gotosocial_lacks(mocked: aioresponses) -> None:
    base = replay(mocked, "gotosocial")
    async with Client(base, TOKEN, check_versions=True, retries=0) as client:
        with pytest.raises(UnsupportedByServer) as caught:
            await client.grouped_notifications.list().collect()
        assert caught.value.feature == "grouped_notifications"
        assert caught.value.server_version == "gotosocial 57cb4fe74-local"
        assert "gotosocial 57cb4fe74-local has no grouped_notifications" in str(caught.value)
        assert TOKEN not in str(caught.value)
        # Not refused for lacking a Mastodon version: what it has is sent.
        mocked.get(f"{base}/api/v1/markers", payload={})
        await client.markers.get()
        mocked.get(f"{base}/api/v1/bookmarks", payload=[])
        assert await client.bookmarks.list().collect() == []  # 3.1.0 on Mastodon
    assert not any(url.path.startswith("/api/v2/notifications") for (_, url) in mocked.requests)


async def test_check_versions_sends_stubs_and_the_unknown(mocked: aioresponses) -> None:
    base = replay(mocked, "takahe")
    async with Client(base, TOKEN, check_versions=True, retries=0) as client:
        mocked.get(f"{base}/api/v1/lists", payload=[])
        assert await client.lists.list() == []  # a stub: it answers
        mocked.get(f"{base}/api/v1/instance/languages", payload=[])
        assert await client.instance.languages() == []
        with pytest.raises(UnsupportedByServer) as caught:
            await client.markers.get()
        assert caught.value.feature == "markers"


async def test_check_versions_judges_mastodon_by_version(mocked: aioresponses) -> None:
    _mastodon(mocked, "4.2.0")
    async with Client(BASE, TOKEN, check_versions=True, retries=0) as client:
        with pytest.raises(UnsupportedByServer) as caught:
            await client.statuses.get_many("1")  # 4.3.0
        assert (caught.value.version_added, caught.value.server_version) == ("4.3.0", "4.2.0")
        assert caught.value.feature is None


async def test_check_versions_leaves_unknown_software_alone(mocked: aioresponses) -> None:
    mocked.get(f"{BASE}/.well-known/nodeinfo", status=404, body=b"")
    mocked.get(f"{BASE}/api/v2/instance", payload={"version": "3.0.0 (compatible; Foo 1.0)"})
    mocked.get(f"{BASE}/api/v2/notifications", payload={"notification_groups": []})
    async with Client(BASE, TOKEN, check_versions=True, retries=0) as client:
        await client.grouped_notifications.list().collect()


# --- the parser and the table ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mastodon", "software", "version"),
    [
        ("4.5.2", (4, 5, 2), None, None),
        ("4.6.0-nightly.2026-06-01", (4, 6, 0), None, None),
        ("4.2.0+glitch", (4, 2, 0), None, None),
        ("4.5.0+hometown-1.1.2", (4, 5, 0), "hometown", "1.1.2"),
        ("1.0.7+3.5.5", (3, 5, 5), "hometown", "1.0.7"),
        ("3.5.3 (compatible; GoToSocial 0.20.0)", (3, 5, 3), "gotosocial", "0.20.0"),
        ("3.5.3+0.20.0+git-abc1234", (3, 5, 3), "gotosocial", "0.20.0+git-abc1234"),
        ("0.20.0+git-abc1234", None, None, None),
        ("0.13.1 git-ccecf5a", None, None, None),
        ("57cb4fe74-local", None, None, None),
        ("2.7.2 (compatible; Pleroma 2.6.0)", (2, 7, 2), "pleroma", "2.6.0"),
        ("2.7.2 (compatible; Akkoma 3.13.1-0-gc02e343)", (2, 7, 2), "akkoma", "3.13.1-0-gc02e343"),
        ("3.0.0 (compatible; Sharkey 2024.3.3; like Akkoma)", (3, 0, 0), "sharkey", "2024.3.3"),
        (
            "4.2.1 (compatible; Iceshrimp.NET/2024.1-beta2.security3+e1d25a9231)",
            (4, 2, 1),
            "iceshrimp.net",
            "2024.1-beta2.security3+e1d25a9231",
        ),
        (
            "4.2.1 (compatible; Iceshrimp.NET/2024.1-beta2",
            (4, 2, 1),
            "iceshrimp.net",
            "2024.1-beta2",
        ),
        ("2.8.0 (compatible; Friendica 2024.03)", (2, 8, 0), "friendica", "2024.03"),
        ("4.0.0 (not true; really snac/2.94)", (4, 0, 0), "snac", "2.94"),
        ("takahe/0.11.0", None, "takahe", "0.11.0"),
        ("", None, None, None),
        ("(", None, None, None),
    ],
)
def test_version_strings_of_the_wild(
    text: str, mastodon: tuple[int, int, int] | None, software: str | None, version: str | None
) -> None:
    claim = read_version(text)
    assert (claim.mastodon, claim.software, claim.version) == (mastodon, software, version)


@given(st.text(max_size=300))
def test_no_version_string_crashes_the_parser(text: str) -> None:
    claim = read_version(text)
    assert claim.software is None or claim.software == claim.software.lower()


@given(
    st.one_of(st.none(), st.text(max_size=300)),
    st.one_of(st.none(), st.text(max_size=300)),
    st.one_of(st.none(), st.text(max_size=300)),
)
def test_no_answer_crashes_the_judgement(
    version_text: str | None, name: str | None, version: str | None
) -> None:
    info = ServerInfo.from_documents(version_text, nodeinfo_name=name, nodeinfo_version=version)
    assert not info.features & info.missing
    assert len(info.version_text) <= 200


def test_mastodon_claims_match_the_route_table() -> None:
    """The table's Mastodon versions are those of the endpoints (endpoints.json)."""
    routes = {route.path: route for route in aiomastodon.routes() if route.method == "GET"}
    representative = {
        "grouped_notifications": "/api/v2/notifications",
        "quotes": "/api/v1/statuses/:id/quotes",
        "markers": "/api/v1/markers",
        "edit_history": "/api/v1/statuses/:id/history",
        "filters_v2": "/api/v2/filters",
        "scheduled_statuses": "/api/v1/scheduled_statuses",
        "instance_v2": "/api/v2/instance",
        "lists": "/api/v1/lists",
        "bookmarks": "/api/v1/bookmarks",
        "polls": "/api/v1/polls/:id",
        "streaming_websocket": "/api/v1/streaming",
        "streaming_sse": "/api/v1/streaming/user",
        "streaming_hashtag": "/api/v1/streaming/hashtag",
    }
    for feature, path in representative.items():
        assert FEATURES[feature]["mastodon"].since == routes[path].version, feature


def test_every_claim_has_a_source_and_a_consistent_shape() -> None:
    for feature, claims in FEATURES.items():
        assert feature in FEATURE_NAMES
        for server, claim in claims.items():
            assert server == server.lower()
            assert claim.source
            assert not (claim.stub and not claim.missing), (feature, server)
            assert not (claim.missing and claim.since), (feature, server)


def test_routes_map_to_their_features() -> None:
    by_name = {route.name: route for route in aiomastodon.routes()}
    assert feature_of(by_name["grouped_notifications.list"]) == "grouped_notifications"
    assert feature_of(by_name["filters.create"]) == "filters_v2"
    assert feature_of(by_name["filters.create_v1"]) is None
    assert feature_of(by_name["statuses.bookmark"]) == "bookmarks"
    assert feature_of(by_name["statuses.get"]) is None


def test_the_servers_page_is_up_to_date() -> None:
    command = [sys.executable, str(ROOT / "tools" / "gen_server_table.py"), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=50)
    assert result.returncode == 0, result.stderr


@given(st.text(max_size=200), st.text(max_size=200))
def test_a_nodeinfo_link_never_leaves_the_instance(rel_suffix: str, href: str) -> None:
    base = URL("http://127.0.0.1:8080/prefix")
    links = NodeInfoLinks(links=[NodeInfoLink(rel=f"{NODEINFO_SCHEMA}{rel_suffix}", href=href)])
    url = _nodeinfo_url(base, links)
    assert url is None or url.origin() == base.origin()
