"""Server versions: parsing, the optional check before sending, and the 404 hint."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from yarl import URL

from aiomastodon import Client, NotFound, UnsupportedByServer
from aiomastodon._sansio.versions import ServerVersion, parse_version
from tests.conftest import BASE, TOKEN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.3.2", (4, 3, 2)),
        ("4.4.0-beta.1", (4, 4, 0)),
        ("4.2.10+glitch", (4, 2, 10)),
        ("v3.5", (3, 5, 0)),
        ("4", (4, 0, 0)),
        ("", None),
        ("unknown", None),
        (None, None),
    ],
)
def test_parse_version(text: str | None, expected: tuple[int, int, int] | None) -> None:
    assert parse_version(text) == expected


def test_lacks() -> None:
    assert ServerVersion.from_text("4.2.0").lacks("4.3.0")
    assert not ServerVersion.from_text("4.3.0").lacks("4.3.0")
    assert not ServerVersion.from_text("4.3.0").lacks(None)
    # Other software only claims a version: nothing is ruled out for it.
    assert not ServerVersion.from_text("3.5.3 (compatible; Pleroma 2.5.0)").lacks("4.0.0")


def _instance(version: str) -> dict[str, object]:
    return {"domain": "example.social", "title": "x", "version": version, "source_url": ""}


async def test_check_versions_refuses_an_endpoint_the_server_is_too_old_for(
    mocked: aioresponses,
) -> None:
    mocked.get(f"{BASE}/api/v2/instance", payload=_instance("3.0.0"))
    async with Client(BASE, access_token=TOKEN, check_versions=True, retries=0) as client:
        with pytest.raises(UnsupportedByServer) as caught:
            await client.bookmarks.list().collect()  # added in 3.1.0
        assert (caught.value.version_added, caught.value.server_version) == ("3.1.0", "3.0.0")
        assert caught.value.endpoint == "GET /api/v1/bookmarks"
        assert TOKEN not in str(caught.value)
        mocked.get(f"{BASE}/api/v1/accounts/lookup?acct=a", payload={"id": "1"})
        with pytest.raises(UnsupportedByServer):
            await client.accounts.lookup("a")  # 3.4.0
        status = {"id": "1", "created_at": "2026-01-01T00:00:00Z", "account": {"id": "2"}}
        mocked.get(f"{BASE}/api/v1/statuses/1", payload={**status, "account": {**status}})
        # An endpoint as old as Mastodon itself goes; the instance was asked only once.
        assert (await client.statuses.get("1")).id == "1"
    assert len(mocked.requests[("GET", _url("/api/v2/instance"))]) == 1


def _url(path: str) -> URL:
    return URL(f"{BASE}{path}")


async def test_v1_instance_is_the_fallback(mocked: aioresponses) -> None:
    mocked.get(f"{BASE}/api/v2/instance", status=404, payload={"error": "Not Found"})
    mocked.get(f"{BASE}/api/v1/instance", payload={"uri": "example.social", "version": "3.4.1"})
    async with Client(BASE, check_versions=True, retries=0) as client:
        version = await client.server_version()
    assert version.mastodon == (3, 4, 1)


async def test_without_the_check_nothing_is_asked(mocked: aioresponses, client: Client) -> None:
    mocked.get(f"{BASE}/api/v1/bookmarks", payload=[])
    assert await client.bookmarks.list().collect() == []
    assert list(mocked.requests) == [("GET", _url("/api/v1/bookmarks"))]


async def test_a_404_names_the_version_that_added_the_endpoint(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{BASE}/api/v1/bookmarks", status=404, payload={"error": "Not Found"})
    with pytest.raises(NotFound) as caught:
        await client.bookmarks.list().collect()
    assert caught.value.added_in == "3.1.0"
    assert "added in Mastodon 3.1.0" in str(caught.value)


async def test_a_404_for_a_missing_record_is_not_blamed_on_the_version(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{BASE}/api/v1/statuses/9", status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound) as caught:
        await client.statuses.get("9")
    assert caught.value.added_in == "0.0.0"
    assert "added in" not in str(caught.value)
