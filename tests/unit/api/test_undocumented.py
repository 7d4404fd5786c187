"""The routes Mastodon serves but does not document, on the wire, with the answers'
traps: a bare boolean, ``null`` for a list, ids sent as JSON numbers, the lossy v1
notification policy."""

from __future__ import annotations

from aioresponses import aioresponses

from aiomastodon import Client
from aiomastodon.api.admin.trends import AdminTrendLink, AdminTrendStatus, LinkPublisher
from aiomastodon.api.domain_blocks import DomainBlockPreview
from aiomastodon.api.instance import Language
from aiomastodon.entities import AdminTag, Conversation, TrendsLink, V1NotificationPolicy

from ._helpers import (
    BASE,
    account,
    entity_example,
    form_of,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)


async def test_instance_languages_are_code_and_name(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/instance/languages"
    mocked.get(url, payload=[{"code": "en", "name": "English"}, {"code": "zh-TW", "name": "x"}])
    languages = await client.instance.languages()
    assert languages[0] == Language(code="en", name="English")
    assert [language.code for language in languages] == ["en", "zh-TW"]
    no_body(only_request(mocked, "GET", url))


async def test_instance_languages_as_bare_codes(mocked: aioresponses, client: Client) -> None:
    mocked.get(f"{BASE}/api/v1/instance/languages", payload=["en", {"code": "de", "name": "x"}])
    assert await client.instance.languages() == [Language(code="en"), Language(code="de", name="x")]


async def test_peers_search_sends_q_and_reads_null_as_empty(
    mocked: aioresponses, client: Client
) -> None:
    url = f"{BASE}/api/v1/peers/search?q=mast"
    mocked.get(url, payload=["mastodon.social", "mastodon.online"])
    assert await client.instance.search_peers("mast") == ["mastodon.social", "mastodon.online"]
    only_request(mocked, "GET", url)
    mocked.get(f"{BASE}/api/v1/peers/search?q=", body=b"null")
    assert await client.instance.search_peers("") == []


async def test_check_confirmation_is_a_bare_boolean(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/emails/check_confirmation"
    mocked.get(url, body=b"true")
    assert await client.emails.check_confirmation() is True
    mocked.get(url, body=b"false")
    assert await client.emails.check_confirmation() is False


async def test_dismiss_many_sends_the_ids_in_the_query(
    mocked: aioresponses, client: Client
) -> None:
    url = f"{BASE}/api/v1/notifications/destroy_multiple?ids[]=1&ids[]=2"
    mocked.delete(url, payload={})
    await client.notifications.dismiss_many(["1", "2"])
    no_body(only_request(mocked, "DELETE", url))
    one = f"{BASE}/api/v1/notifications/destroy_multiple?ids[]=3"
    mocked.delete(one, payload={})
    await client.notifications.dismiss_many("3")
    only_request(mocked, "DELETE", one)


async def test_v1_policy_reads_and_writes_booleans(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/notifications/policy"
    answer = {
        "filter_not_following": True,  # v2 "drop" reads as true too
        "filter_not_followers": False,
        "filter_new_accounts": False,
        "filter_private_mentions": True,
        "summary": {"pending_requests_count": 2, "pending_notifications_count": 5},
    }
    mocked.get(url, payload=answer)
    policy = await client.notifications.get_policy_v1()
    assert isinstance(policy, V1NotificationPolicy)
    assert policy.filter_not_following
    assert not policy.filter_not_followers
    assert policy.summary is not None
    assert policy.summary.pending_notifications_count == 5
    mocked.patch(url, payload=answer)
    await client.notifications.update_policy_v1(
        filter_not_following=True, filter_new_accounts=False
    )
    form = form_of(only_request(mocked, "PATCH", url))
    assert form == [("filter_not_following", "true"), ("filter_new_accounts", "false")]


async def test_conversation_mark_unread(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/conversations/12/unread"
    conversation = {**method_example("conversations.read"), "unread": True}
    conversation["accounts"] = [account("1")]
    conversation["last_status"] = status("2")
    mocked.post(url, payload=conversation)
    answer = await client.conversations.mark_unread("12")
    assert isinstance(answer, Conversation)
    assert answer.unread
    no_body(only_request(mocked, "POST", url))


async def test_domain_block_preview(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/domain_blocks/preview?domain=spam.example"
    mocked.get(url, payload={"following_count": 3, "followers_count": 1})
    preview = await client.domain_blocks.preview("spam.example")
    assert preview == DomainBlockPreview(following_count=3, followers_count=1)
    only_request(mocked, "GET", url)


def _admin_tag(tag_id: str, **changes: object) -> dict[str, object]:
    base = {**entity_example("Tag"), "id": tag_id, "trendable": True, "usable": True}
    return {**base, "requires_review": False, "listable": True, **changes}


async def test_admin_tags_list_get_update(mocked: aioresponses, client: Client) -> None:
    first = f"{BASE}/api/v1/admin/tags?limit=2"
    second = with_params(first, max_id="5")
    mocked.get(first, payload=[_admin_tag("7"), _admin_tag("6")], headers=link(next=second))
    # Mastodon sends "next" only after a full page, "prev" after any page with items.
    mocked.get(second, payload=[_admin_tag("5")], headers=link(prev=with_params(first, min_id="5")))
    tags = await client.admin.tags.list(limit=2).collect()
    assert [tag.id for tag in tags] == ["7", "6", "5"]
    assert all(isinstance(tag, AdminTag) and tag.listable for tag in tags)
    mocked.get(f"{BASE}/api/v1/admin/tags/7", payload=_admin_tag("7"))
    assert (await client.admin.tags.get("7")).trendable
    url = f"{BASE}/api/v1/admin/tags/7"
    mocked.put(url, payload=_admin_tag("7", trendable=False, display_name="Cats"))
    updated = await client.admin.tags.update("7", display_name="Cats", trendable=False)
    assert not updated.trendable
    form = form_of(only_request(mocked, "PUT", url))
    assert form == [("display_name", "Cats"), ("trendable", "false")]


def _trend_link(link_id: object) -> dict[str, object]:
    return {**entity_example("Trends::Link"), "id": link_id, "requires_review": True}


async def test_trend_links_carry_their_id_even_as_a_number(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{BASE}/api/v1/admin/trends/links", payload=[_trend_link(21), _trend_link("22")])
    links = await client.admin.trends.links()
    assert [item.id for item in links] == ["21", "22"]
    assert all(isinstance(item, TrendsLink) and item.requires_review for item in links)
    for verb in ("approve", "reject"):
        url = f"{BASE}/api/v1/admin/trends/links/21/{verb}"
        mocked.post(url, payload={**_trend_link(21), "requires_review": False})
        review = getattr(client.admin.trends, f"{verb}_link")
        answer = await review("21")
        assert isinstance(answer, AdminTrendLink)
        assert answer.id == "21"
        no_body(only_request(mocked, "POST", url))


async def test_trend_statuses_and_tags_review(mocked: aioresponses, client: Client) -> None:
    for verb in ("approve", "reject"):
        url = f"{BASE}/api/v1/admin/trends/statuses/3/{verb}"
        mocked.post(url, payload={**status("3"), "requires_review": False})
        answer = await getattr(client.admin.trends, f"{verb}_status")("3")
        assert isinstance(answer, AdminTrendStatus)
        assert answer.id == "3"
        url = f"{BASE}/api/v1/admin/trends/tags/8/{verb}"
        mocked.post(url, payload=_admin_tag("8", trendable=verb == "approve"))
        tag = await getattr(client.admin.trends, f"{verb}_tag")("8")
        assert tag.trendable is (verb == "approve")


def _publisher(publisher_id: object, **changes: object) -> dict[str, object]:
    base = {"id": publisher_id, "domain": f"news{publisher_id}.example", "trendable": False}
    return {**base, "reviewed_at": None, "requested_review_at": "2026-01-02T03:04:05.000Z"} | {
        "requires_review": True,
        **changes,
    }


async def test_publishers_walk_by_their_own_ids_and_review(
    mocked: aioresponses, client: Client
) -> None:
    first = f"{BASE}/api/v1/admin/trends/links/publishers?limit=2"
    second = with_params(first, max_id="9")
    mocked.get(first, payload=[_publisher(10), _publisher(9)], headers=link(next=second))
    mocked.get(second, payload=[])
    publishers = await client.admin.trends.publishers(limit=2).collect()
    assert [p.id for p in publishers] == ["10", "9"]
    assert publishers[0].requested_review_at is not None
    sent_nothing_else(mocked, ("GET", first), ("GET", second))
    url = f"{BASE}/api/v1/admin/trends/links/publishers/10/approve"
    approved = {"trendable": True, "requires_review": False, "reviewed_at": "2026-01-03T00:00:00Z"}
    mocked.post(url, payload=_publisher(10, **approved))
    answer = await client.admin.trends.approve_publisher("10")
    assert isinstance(answer, LinkPublisher)
    assert answer.trendable
    assert answer.reviewed_at
    url = f"{BASE}/api/v1/admin/trends/links/publishers/10/reject"
    mocked.post(url, payload=_publisher(10))
    assert not (await client.admin.trends.reject_publisher("10")).trendable
