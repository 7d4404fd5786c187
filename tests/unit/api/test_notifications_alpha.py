"""client.notifications_alpha: the 4.3 betas' grouped notifications (deprecated)."""

from __future__ import annotations

import pytest

from aiomastodon.api.notifications import UnreadCount
from aiomastodon.api.notifications_alpha import page_results
from aiomastodon.entities import (
    Account,
    V2AlphaGroupedNotificationsResults,
    V2AlphaNotificationGroup,
)

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

URL = f"{BASE}/api/v2_alpha/notifications"
KEY = "favourite-113010503322889311-479000"


def whole(example):
    """A docs answer with its abridged accounts and statuses made whole."""
    return {
        **example,
        "accounts": [account(a["id"], **a) for a in example["accounts"]],
        "statuses": [status(s["id"], created_at=s["created_at"]) for s in example["statuses"]],
    }


async def test_list_is_deprecated_and_walks_the_link_header(mocked, client):
    first = (
        f"{URL}?types[]=favourite&exclude_types[]=mention&grouped_types[]=favourite"
        "&account_id=5&expand_accounts=full&limit=2&since_id=10"
    )
    second = with_params(first, max_id="196012")
    example = method_example("notifications_alpha.get-grouped")
    mocked.get(first, payload=whole(example), headers=link(next=second))
    mocked.get(second, payload={"accounts": [], "statuses": [], "notification_groups": []})
    with pytest.warns(DeprecationWarning, match=r"client\.grouped_notifications\.list\(\)") as w:
        walk = client.notifications_alpha.list(
            types=["favourite"],
            exclude_types=["mention"],
            grouped_types=["favourite"],
            account_id="5",
            expand_accounts="full",
            limit=2,
            since_id="10",
        )
    assert w[0].filename == __file__
    pages = [page async for page in walk.pages()]
    assert len(pages) == 1
    assert all(isinstance(g, V2AlphaNotificationGroup) for g in pages[0].items)
    assert [g.group_key for g in pages[0].items] == [
        g["group_key"] for g in example["notification_groups"]
    ]
    whole_page = page_results(pages[0])
    assert isinstance(whole_page, V2AlphaGroupedNotificationsResults)
    assert [a.id for a in whole_page.accounts or []] == [a["id"] for a in example["accounts"]]
    only_request(mocked, "GET", first)
    sent_nothing_else(mocked, ("GET", first), ("GET", second))


async def test_get_is_deprecated(mocked, client):
    url = f"{URL}/{KEY}"
    example = method_example("notifications_alpha.get-notification-group")
    mocked.get(url, payload=whole(example))
    with pytest.warns(DeprecationWarning, match=r"grouped_notifications\.get\(\)") as w:
        got = await client.notifications_alpha.get(KEY)
    assert w[0].filename == __file__
    assert isinstance(got, V2AlphaGroupedNotificationsResults)
    assert [g.group_key for g in got.notification_groups or []] == [KEY]
    assert all(isinstance(a, Account) for a in got.accounts or [])
    no_body(only_request(mocked, "GET", url))


async def test_dismiss_is_deprecated(mocked, client):
    url = f"{URL}/{KEY}/dismiss"
    mocked.post(url, payload=method_example("notifications_alpha.dismiss-group"))
    with pytest.warns(DeprecationWarning, match=r"grouped_notifications\.dismiss\(\)") as w:
        assert await client.notifications_alpha.dismiss(KEY) is None
    assert w[0].filename == __file__
    no_body(only_request(mocked, "POST", url))


async def test_unread_count_is_deprecated(mocked, client):
    url = (
        f"{URL}/unread_count?limit=10&types[]=mention&exclude_types[]=follow"
        "&grouped_types[]=favourite&account_id=5"
    )
    mocked.get(url, payload=method_example("notifications_alpha.unread-group-count"))
    with pytest.warns(DeprecationWarning, match=r"grouped_notifications\.unread_count\(\)") as w:
        count = await client.notifications_alpha.unread_count(
            limit=10,
            types=["mention"],
            exclude_types=["follow"],
            grouped_types=["favourite"],
            account_id="5",
        )
    assert w[0].filename == __file__
    assert count == UnreadCount(count=42)
    no_body(only_request(mocked, "GET", url))
