"""client.notifications: read and dismiss notifications."""

from __future__ import annotations

import pytest

from aiomastodon.api.notifications import RequestsMerged, UnreadCount
from aiomastodon.entities import Notification, NotificationPolicy, NotificationRequest

from ._helpers import (
    BASE,
    account,
    form_of,
    link,
    method_example,
    no_body,
    notification,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)

URL = f"{BASE}/api/v1/notifications"


async def test_list_query(mocked, client):
    url = (
        f"{URL}?types[]=mention&types[]=follow&exclude_types[]=poll&account_id=5"
        "&include_filtered=true&limit=2&max_id=90&since_id=10"
    )
    mocked.get(url, payload=[notification("80"), notification("70", "follow")])
    page = await anext(
        client.notifications.list(
            types=["mention", "follow"],
            exclude_types=["poll"],
            account_id="5",
            include_filtered=True,
            limit=2,
            max_id="90",
            since_id="10",
        ).pages()
    )
    assert [(n.id, n.type) for n in page.items] == [("80", "mention"), ("70", "follow")]
    assert all(isinstance(n, Notification) for n in page.items)
    only_request(mocked, "GET", url)


async def test_list_walks_link_then_item_ids(mocked, client):
    first = f"{URL}?limit=2"
    second = with_params(first, max_id="50")
    third = with_params(first, max_id="30")
    mocked.get(first, payload=[notification("70"), notification("60")], headers=link(next=second))
    mocked.get(second, payload=[notification("40"), notification("30")])
    mocked.get(third, payload=[])
    got = [n.id async for n in client.notifications.list(limit=2)]
    assert got == ["70", "60", "40", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_list_min_id_walks_forward(mocked, client):
    first = f"{URL}?min_id=10"
    newer = f"{URL}?min_id=30"
    mocked.get(first, payload=[notification("30"), notification("20")], headers=link(prev=newer))
    mocked.get(newer, payload=[])
    assert [n.id async for n in client.notifications.list(min_id="10")] == ["20", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))


async def test_get(mocked, client):
    url = f"{URL}/34975861"
    mocked.get(url, payload=notification("34975861"))
    got = await client.notifications.get("34975861")
    assert isinstance(got, Notification)
    assert got.status is not None
    no_body(only_request(mocked, "GET", url))


async def test_clear(mocked, client):
    url = f"{URL}/clear"
    mocked.post(url, payload=method_example("notifications.clear"))
    assert await client.notifications.clear() is None
    no_body(only_request(mocked, "POST", url))


async def test_dismiss(mocked, client):
    url = f"{URL}/34975861/dismiss"
    mocked.post(url, payload=method_example("notifications.dismiss"))
    assert await client.notifications.dismiss("34975861") is None
    no_body(only_request(mocked, "POST", url))


async def test_dismiss_legacy_sends_the_id_in_the_body(mocked, client):
    url = f"{URL}/dismiss"
    mocked.post(url, payload=method_example("notifications.dismiss-deprecated"))
    with pytest.warns(DeprecationWarning, match=r"notifications\.dismiss\(id\)"):
        assert await client.notifications.dismiss_legacy("34975861") is None
    assert form_of(only_request(mocked, "POST", url)) == [("id", "34975861")]


# --- unread count, filtering policy and notification requests -----------------------------

REQUESTS = f"{URL}/requests"


def whole_request(example):
    """A docs NotificationRequest with its abridged account and status made whole."""
    return {
        **example,
        "account": account(example["account"]["id"]),
        "last_status": status(example["last_status"]["id"]),
    }


async def test_unread_count(mocked, client):
    url = (
        f"{URL}/unread_count?limit=1000&types[]=mention&exclude_types[]=follow"
        "&exclude_types[]=reblog&account_id=5"
    )
    mocked.get(url, payload=method_example("notifications.unread-count"))
    count = await client.notifications.unread_count(
        limit=1000, types=["mention"], exclude_types=["follow", "reblog"], account_id="5"
    )
    assert count == UnreadCount(count=42)
    no_body(only_request(mocked, "GET", url))


async def test_unread_count_without_filters(mocked, client):
    url = f"{URL}/unread_count"
    mocked.get(url, payload={"count": 0})
    assert (await client.notifications.unread_count()).count == 0
    only_request(mocked, "GET", url)


async def test_get_policy(mocked, client):
    url = f"{BASE}/api/v2/notifications/policy"
    payload = method_example("notifications.get-policy")
    mocked.get(url, payload=payload)
    policy = await client.notifications.get_policy()
    assert isinstance(policy, NotificationPolicy)
    assert (policy.for_private_mentions, policy.for_limited_accounts) == ("drop", "filter")
    assert policy.summary is not None
    assert policy.summary.pending_requests_count == 0
    no_body(only_request(mocked, "GET", url))


async def test_update_policy(mocked, client):
    url = f"{BASE}/api/v2/notifications/policy"
    # The docs' example for this endpoint shows the v1 shape (filter_* booleans); a v2
    # server answers as GET does.
    mocked.patch(url, payload=method_example("notifications.get-policy"))
    policy = await client.notifications.update_policy(
        for_not_following="filter",
        for_not_followers="accept",
        for_new_accounts="drop",
        for_private_mentions="drop",
        for_limited_accounts="filter",
    )
    assert isinstance(policy, NotificationPolicy)
    assert policy.for_private_mentions == "drop"
    assert form_of(only_request(mocked, "PATCH", url)) == [
        ("for_not_following", "filter"),
        ("for_not_followers", "accept"),
        ("for_new_accounts", "drop"),
        ("for_private_mentions", "drop"),
        ("for_limited_accounts", "filter"),
    ]


async def test_update_policy_sends_only_what_is_given(mocked, client):
    url = f"{BASE}/api/v2/notifications/policy"
    mocked.patch(url, payload=method_example("notifications.get-policy"))
    await client.notifications.update_policy(for_new_accounts="accept")
    assert form_of(only_request(mocked, "PATCH", url)) == [("for_new_accounts", "accept")]


async def test_requests_query_and_example(mocked, client):
    url = f"{REQUESTS}?limit=5&max_id=90&since_id=10"
    example = method_example("notifications.get-requests")
    mocked.get(url, payload=[whole_request(item) for item in example])
    page = await anext(client.notifications.requests(limit=5, max_id="90", since_id="10").pages())
    assert all(isinstance(r, NotificationRequest) for r in page.items)
    assert [(r.id, r.notifications_count) for r in page.items] == [
        (item["id"], item["notifications_count"]) for item in example
    ]
    no_body(only_request(mocked, "GET", url))


async def test_requests_walk_link_then_item_ids(mocked, client):
    first = f"{REQUESTS}?limit=2"
    second = with_params(first, max_id="50")
    third = with_params(first, max_id="30")
    one = method_example("notifications.get-requests")[0]

    def request(request_id):
        return {**whole_request(one), "id": request_id}

    mocked.get(first, payload=[request("70"), request("60")], headers=link(next=second))
    mocked.get(second, payload=[request("40"), request("30")])
    mocked.get(third, payload=[])
    got = [r.id async for r in client.notifications.requests(limit=2)]
    assert got == ["70", "60", "40", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_get_request(mocked, client):
    url = f"{REQUESTS}/112456967201894256"
    example = method_example("notifications.get-one-request")
    mocked.get(url, payload=whole_request(example))
    got = await client.notifications.get_request("112456967201894256")
    assert isinstance(got, NotificationRequest)
    assert got.id == example["id"]
    assert got.account.id == example["account"]["id"]
    assert got.last_status is not None
    no_body(only_request(mocked, "GET", url))


@pytest.mark.parametrize("verb", ["accept", "dismiss"])
async def test_accept_or_dismiss_one_request(mocked, client, verb):
    url = f"{REQUESTS}/112456967201894256/{verb}"
    mocked.post(url, payload=method_example(f"notifications.{verb}-request"))
    assert await getattr(client.notifications, f"{verb}_request")("112456967201894256") is None
    no_body(only_request(mocked, "POST", url))


@pytest.mark.parametrize("verb", ["accept", "dismiss"])
async def test_accept_or_dismiss_several_requests(mocked, client, verb):
    url = f"{REQUESTS}/{verb}"
    mocked.post(url, payload=method_example(f"notifications.{verb}-multiple-requests"))
    assert await getattr(client.notifications, f"{verb}_requests")(["1", "2"]) is None
    assert form_of(only_request(mocked, "POST", url)) == [("id[]", "1"), ("id[]", "2")]


async def test_accept_requests_takes_one_id_but_not_none(mocked, client):
    url = f"{REQUESTS}/accept"
    mocked.post(url, payload={})
    await client.notifications.accept_requests("1")
    assert form_of(only_request(mocked, "POST", url)) == [("id[]", "1")]
    with pytest.raises(ValueError, match="at least one id"):
        await client.notifications.dismiss_requests([])
    sent_nothing_else(mocked, ("POST", url))


async def test_requests_merged(mocked, client):
    url = f"{REQUESTS}/merged"
    mocked.get(url, payload=method_example("notifications.requests-merged"))
    assert await client.notifications.requests_merged() == RequestsMerged(merged=False)
    no_body(only_request(mocked, "GET", url))
