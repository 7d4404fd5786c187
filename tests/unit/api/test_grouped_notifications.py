"""client.grouped_notifications: notifications grouped by the server (v2)."""

from __future__ import annotations

import pytest

from aiomastodon import DecodeError
from aiomastodon._sansio.links import Links
from aiomastodon.api.grouped_notifications import page_results
from aiomastodon.api.notifications import UnreadCount
from aiomastodon.entities import Account, GroupedNotificationsResults, NotificationGroup, Status
from aiomastodon.pagination import Cursor, Page

from ._helpers import (
    BASE,
    account,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)

URL = f"{BASE}/api/v2/notifications"
KEY = "favourite-113010503322889311-479000"


def whole(example):
    """A docs GroupedNotificationsResults with its abridged accounts and statuses whole."""
    return {
        **example,
        "accounts": [account(a["id"], **a) for a in example["accounts"]],
        "statuses": [
            status(s["id"], **{**s, "account": account(s["account"]["id"], **s["account"])})
            for s in example["statuses"]
        ],
    }


def group(key, *account_ids):
    return {
        "group_key": key,
        "notifications_count": len(account_ids),
        "type": "follow",
        "most_recent_notification_id": "1",
        "sample_account_ids": list(account_ids),
    }


def results(*groups):
    ids = sorted({i for g in groups for i in g["sample_account_ids"]})
    return {"accounts": [account(i) for i in ids], "statuses": [], "notification_groups": groups}


async def test_list_query_and_page_results(mocked, client):
    url = (
        f"{URL}?types[]=favourite&types[]=follow&exclude_types[]=mention"
        "&grouped_types[]=favourite&supported_types[]=favourite&supported_types[]=follow"
        "&account_id=5&expand_accounts=partial_avatars&include_filtered=true&limit=2"
        "&max_id=196100&since_id=100"
    )
    example = method_example("grouped_notifications.get-grouped")
    mocked.get(url, payload=whole(example))
    walk = client.grouped_notifications.list(
        types=["favourite", "follow"],
        exclude_types=["mention"],
        grouped_types=["favourite"],
        supported_types=["favourite", "follow"],
        account_id="5",
        expand_accounts="partial_avatars",
        include_filtered=True,
        limit=2,
        max_id="196100",
        since_id="100",
    )
    page = await anext(walk.pages())
    assert all(isinstance(g, NotificationGroup) for g in page.items)
    assert [(g.group_key, g.sample_account_ids) for g in page.items] == [
        (g["group_key"], g["sample_account_ids"]) for g in example["notification_groups"]
    ]
    assert page.items[0].most_recent_notification_id == "196014"  # a number in the docs
    whole_page = page_results(page)
    assert isinstance(whole_page, GroupedNotificationsResults)
    assert all(isinstance(a, Account) for a in whole_page.accounts)
    assert [a.id for a in whole_page.accounts] == ["16", "3547", "31460", "36509"]
    assert all(isinstance(s, Status) for s in whole_page.statuses)
    assert [s.id for s in whole_page.statuses] == [g.status_id for g in page.items]
    no_body(only_request(mocked, "GET", url))


async def test_list_follows_the_link_header(mocked, client):
    first = f"{URL}?limit=2"
    second = with_params(first, max_id="150")
    mocked.get(first, payload=results(group("a", "1"), group("b", "2")), headers=link(next=second))
    mocked.get(second, payload=results(group("c", "3")))
    groups = [g.group_key async for g in client.grouped_notifications.list(limit=2)]
    assert groups == ["a", "b", "c"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second))


async def test_list_min_id_walks_forward_oldest_first(mocked, client):
    first = f"{URL}?min_id=100"
    newer = f"{URL}?min_id=300"
    mocked.get(
        first, payload=results(group("new", "2"), group("old", "1")), headers=link(prev=newer)
    )
    mocked.get(newer, payload=results())
    pages = [page async for page in client.grouped_notifications.list(min_id="100").pages()]
    assert [[g.group_key for g in page.items] for page in pages] == [["old", "new"]]
    # The whole answer keeps the server's order.
    assert [g.group_key for g in page_results(pages[0]).notification_groups] == ["new", "old"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))


async def test_list_without_a_link_ends_after_one_page(mocked, client):
    # Groups have no id to page by: without a Link header there is no next page.
    mocked.get(URL, payload=results(group("a", "1")))
    assert [g.group_key async for g in client.grouped_notifications.list()] == ["a"]
    sent_nothing_else(mocked, ("GET", URL))


def test_page_results_reports_a_bad_body():
    cursor = Cursor(endpoint="grouped_notifications.list", path="/api/v2/notifications")
    page: Page[NotificationGroup] = Page([], b'{"accounts": [', Links(), cursor)
    with pytest.raises(DecodeError) as caught:
        page_results(page)
    assert caught.value.endpoint == "GET /api/v2/notifications"


async def test_get(mocked, client):
    url = f"{URL}/{KEY}?supported_types[]=favourite"
    example = method_example("grouped_notifications.get-notification-group")
    mocked.get(url, payload=whole(example))
    got = await client.grouped_notifications.get(KEY, supported_types=["favourite"])
    assert isinstance(got, GroupedNotificationsResults)
    assert [g.group_key for g in got.notification_groups] == [KEY]
    assert [a.id for a in got.accounts] == ["16", "3547"]
    assert [s.id for s in got.statuses] == ["113010503322889311"]
    no_body(only_request(mocked, "GET", url))


async def test_get_percent_encodes_the_key(mocked, client):
    url = f"{URL}/ungrouped%2F7"
    mocked.get(url, payload=results(group("ungrouped/7", "1")))
    got = await client.grouped_notifications.get("ungrouped/7")
    assert got.notification_groups[0].group_key == "ungrouped/7"
    only_request(mocked, "GET", url)


async def test_dismiss(mocked, client):
    url = f"{URL}/{KEY}/dismiss"
    mocked.post(url, payload=method_example("grouped_notifications.dismiss-group"))
    assert await client.grouped_notifications.dismiss(KEY) is None
    no_body(only_request(mocked, "POST", url))


async def test_accounts(mocked, client):
    url = f"{URL}/{KEY}/accounts"
    example = method_example("grouped_notifications.get-group-accounts")
    mocked.get(url, payload=[account(a["id"], **a) for a in example])
    got = await client.grouped_notifications.accounts(KEY)
    assert all(isinstance(a, Account) for a in got)
    assert [a.acct for a in got] == [a["acct"] for a in example]
    no_body(only_request(mocked, "GET", url))


async def test_unread_count(mocked, client):
    url = (
        f"{URL}/unread_count?limit=200&types[]=follow&exclude_types[]=mention"
        "&grouped_types[]=follow&account_id=5"
    )
    mocked.get(url, payload=method_example("grouped_notifications.unread-group-count"))
    count = await client.grouped_notifications.unread_count(
        limit=200,
        types=["follow"],
        exclude_types=["mention"],
        grouped_types=["follow"],
        account_id="5",
    )
    assert count == UnreadCount(count=42)
    no_body(only_request(mocked, "GET", url))
