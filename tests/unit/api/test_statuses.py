"""client.statuses: posting, reading, deleting and interacting with statuses."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from aiomastodon.api.statuses import MediaAttributes
from aiomastodon.entities import (
    Account,
    Context,
    PreviewCard,
    ScheduledStatus,
    Status,
    StatusEdit,
    StatusSource,
    Translation,
)

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    calls_to,
    entity_example,
    form_of,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    status,
)

URL = f"{BASE}/api/v1/statuses"


async def test_create(mocked, client):
    mocked.post(URL, payload=status("1", content="<p>hello</p>"))
    posted = await client.statuses.create(
        "hello",
        media_ids=["10", "11"],
        in_reply_to_id="5",
        sensitive=True,
        spoiler_text="cw",
        visibility="unlisted",
        language="en",
        quoted_status_id="6",
        quote_approval_policy="followers",
    )
    assert isinstance(posted, Status)
    assert (posted.id, posted.content) == ("1", "<p>hello</p>")
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("status", "hello"),
        ("media_ids[]", "10"),
        ("media_ids[]", "11"),
        ("in_reply_to_id", "5"),
        ("sensitive", "true"),
        ("spoiler_text", "cw"),
        ("visibility", "unlisted"),
        ("language", "en"),
        ("quoted_status_id", "6"),
        ("quote_approval_policy", "followers"),
    ]


async def test_create_with_a_poll(mocked, client):
    mocked.post(URL, payload=status("1"))
    await client.statuses.create(
        "pick one",
        poll={"options": ["a", "b"], "expires_in": 300, "multiple": False},
    )
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("status", "pick one"),
        ("poll[options][]", "a"),
        ("poll[options][]", "b"),
        ("poll[expires_in]", "300"),
        ("poll[multiple]", "false"),
    ]


async def test_create_makes_a_fresh_idempotency_key_per_call(mocked, client):
    mocked.post(URL, payload=status("1"), repeat=True)
    await client.statuses.create("one")
    await client.statuses.create("two")
    keys = [call.kwargs["headers"]["Idempotency-Key"] for call in calls_to(mocked, "POST", URL)]
    assert len(keys) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)
    assert keys[0] != keys[1]


async def test_create_sends_the_callers_idempotency_key(mocked, client):
    mocked.post(URL, payload=status("1"))
    await client.statuses.create("hello", idempotency_key="my-key-1")
    call = only_request(mocked, "POST", URL)
    assert call.kwargs["headers"]["Idempotency-Key"] == "my-key-1"


async def test_schedule(mocked, client):
    payload = entity_example("ScheduledStatus")
    mocked.post(URL, payload=payload)
    when = datetime(2030, 9, 29, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    scheduled = await client.statuses.schedule(
        "later", scheduled_at=when, visibility="private", idempotency_key="k"
    )
    assert isinstance(scheduled, ScheduledStatus)
    assert scheduled.id == payload["id"]
    call = only_request(mocked, "POST", URL)
    assert call.kwargs["headers"]["Idempotency-Key"] == "k"
    assert form_of(call) == [
        ("status", "later"),
        ("visibility", "private"),
        ("scheduled_at", "2030-09-29T12:00:00+02:00"),
    ]


async def test_schedule_refuses_a_naive_time(mocked, client):
    with pytest.raises(ValueError, match="timezone"):
        await client.statuses.schedule("later", scheduled_at=datetime(2030, 1, 1))
    assert mocked.requests == {}


async def test_get(mocked, client):
    url = f"{URL}/103270115826048975"
    payload = method_example("statuses.get")
    mocked.get(url, payload=payload)
    got = await client.statuses.get("103270115826048975")
    assert isinstance(got, Status)
    assert got.id == payload["id"]
    assert isinstance(got.account, Account)
    no_body(only_request(mocked, "GET", url))


async def test_delete(mocked, client):
    url = f"{URL}/7?delete_media=true"
    mocked.delete(url, payload=status("7", text="source text"))
    deleted = await client.statuses.delete("7", delete_media=True)
    assert isinstance(deleted, Status)
    assert deleted.text == "source text"
    no_body(only_request(mocked, "DELETE", url))


async def test_delete_without_options(mocked, client):
    url = f"{URL}/7"
    mocked.delete(url, payload=status("7"))
    await client.statuses.delete("7")
    only_request(mocked, "DELETE", url)


async def test_context(mocked, client):
    url = f"{URL}/7/context"
    payload = {"ancestors": [status("5"), status("6")], "descendants": [status("8")]}
    mocked.get(url, payload=payload)
    ctx = await client.statuses.context("7")
    assert isinstance(ctx, Context)
    assert [s.id for s in ctx.ancestors] == ["5", "6"]
    assert [s.id for s in ctx.descendants] == ["8"]
    only_request(mocked, "GET", url)


async def test_card_is_deprecated(mocked, client):
    url = f"{URL}/7/card"
    payload = method_example("statuses.card")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"Status\.card") as warned:
        card = await client.statuses.card("7")
    assert warned[0].filename == __file__
    assert isinstance(card, PreviewCard)
    assert card.url == payload["url"]
    only_request(mocked, "GET", url)


async def test_card_empty_object_is_none(mocked, client):
    url = f"{URL}/7/card"
    mocked.get(url, payload={})
    with pytest.warns(DeprecationWarning, match="removed in Mastodon 3.0"):
        assert await client.statuses.card("7") is None


@pytest.mark.parametrize("verb", ["reblogged_by", "favourited_by"])
async def test_who_interacted_follows_the_link_header(mocked, client, verb):
    await assert_walks_link_pages(
        mocked,
        getattr(client.statuses, verb)("7", limit=2),
        f"{URL}/7/{verb}?limit=2",
        account,
        Account,
    )


@pytest.mark.parametrize(
    "verb", ["favourite", "unfavourite", "unreblog", "mute", "unmute", "pin", "unpin"]
)
async def test_status_verbs(mocked, client, verb):
    url = f"{URL}/7/{verb}"
    mocked.post(url, payload=status("7"))
    got = await getattr(client.statuses, verb)("7")
    assert isinstance(got, Status)
    assert got.id == "7"
    no_body(only_request(mocked, "POST", url))


async def test_reblog_returns_the_boost(mocked, client):
    url = f"{URL}/7/reblog"
    mocked.post(url, payload=status("70", reblog=status("7")))
    boost = await client.statuses.reblog("7", visibility="private")
    assert boost.id == "70"
    assert boost.reblog is not None
    assert boost.reblog.id == "7"
    assert form_of(only_request(mocked, "POST", url)) == [("visibility", "private")]


async def test_reblog_without_visibility_sends_no_body(mocked, client):
    url = f"{URL}/7/reblog"
    mocked.post(url, payload=status("70"))
    await client.statuses.reblog("7")
    no_body(only_request(mocked, "POST", url))


# --- several at once, edits, translations, bookmarks and quotes --------------------------


def whole(example):
    """A docs example with the parts the docs abridge (``// ...``) filled in."""
    author = example.get("account", {})
    out = status(example["id"], **{**example, "account": account(author.get("id", "1"), **author)})
    quote = example.get("quote")
    if quote and quote.get("quoted_status"):
        out["quote"] = {**quote, "quoted_status": status(quote["quoted_status"]["id"])}
    return out


async def test_get_many_sends_a_rails_array(mocked, client):
    url = f"{URL}?id[]=1&id[]=2"
    payload = method_example("statuses.index")
    mocked.get(url, payload=payload)
    got = await client.statuses.get_many(["1", "2"])
    assert all(isinstance(s, Status) for s in got)
    assert [s.id for s in got] == [s["id"] for s in payload]
    no_body(only_request(mocked, "GET", url))


async def test_get_many_accepts_one_id(mocked, client):
    url = f"{URL}?id[]=7"
    mocked.get(url, payload=[status("7")])
    assert [s.id for s in await client.statuses.get_many("7")] == ["7"]
    only_request(mocked, "GET", url)


async def test_edit(mocked, client):
    url = f"{URL}/108942703571991143"
    example = method_example("statuses.edit")
    mocked.put(url, payload=whole(example))
    edited = await client.statuses.edit(
        "108942703571991143",
        status="new text",
        spoiler_text="cw",
        sensitive=True,
        language="en",
        media_ids=["10", "11"],
        media_attributes=[
            MediaAttributes("10", description="a cat", focus=(0.5, -0.25)),
            MediaAttributes("11", focus=(0, 1)),
        ],
        quote_approval_policy="nobody",
    )
    assert isinstance(edited, Status)
    assert (edited.id, edited.edited_at is not None) == (example["id"], True)
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("status", "new text"),
        ("spoiler_text", "cw"),
        ("sensitive", "true"),
        ("language", "en"),
        ("media_ids[]", "10"),
        ("media_ids[]", "11"),
        ("media_attributes[][id]", "10"),
        ("media_attributes[][description]", "a cat"),
        ("media_attributes[][focus]", "0.5,-0.25"),
        ("media_attributes[][id]", "11"),
        ("media_attributes[][focus]", "0,1"),
        ("quote_approval_policy", "nobody"),
    ]


async def test_edit_with_a_poll(mocked, client):
    url = f"{URL}/7"
    mocked.put(url, payload=status("7"))
    await client.statuses.edit(
        "7", status="pick", poll={"options": ["a", "b"], "expires_in": 600, "hide_totals": True}
    )
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("status", "pick"),
        ("poll[options][]", "a"),
        ("poll[options][]", "b"),
        ("poll[expires_in]", "600"),
        ("poll[hide_totals]", "true"),
    ]


async def test_edit_refuses_a_focus_out_of_range(mocked, client):
    with pytest.raises(ValueError, match="focus"):
        await client.statuses.edit("7", media_attributes=[MediaAttributes("1", focus=(2, 0))])
    assert mocked.requests == {}


async def test_history(mocked, client):
    url = f"{URL}/7/history"
    example = method_example("statuses.history")
    payload = [{**rev, "account": account(rev["account"]["id"])} for rev in example]
    mocked.get(url, payload=payload)
    revisions = await client.statuses.history("7")
    assert all(isinstance(rev, StatusEdit) for rev in revisions)
    assert [rev.content for rev in revisions] == [rev["content"] for rev in example]
    no_body(only_request(mocked, "GET", url))


async def test_source(mocked, client):
    url = f"{URL}/108942703571991143/source"
    payload = method_example("statuses.source")
    mocked.get(url, payload=payload)
    source = await client.statuses.source("108942703571991143")
    assert isinstance(source, StatusSource)
    assert (source.id, source.text) == (payload["id"], payload["text"])
    no_body(only_request(mocked, "GET", url))


async def test_translate(mocked, client):
    url = f"{URL}/7/translate"
    payload = method_example("statuses.translate", 0)
    mocked.post(url, payload=payload)
    translation = await client.statuses.translate("7", lang="en")
    assert isinstance(translation, Translation)
    assert (translation.content, translation.detected_source_language) == (
        "<p>Hello world</p>",
        "es",
    )
    assert form_of(only_request(mocked, "POST", url)) == [("lang", "en")]


async def test_translate_into_your_locale_sends_no_body(mocked, client):
    url = f"{URL}/7/translate"
    mocked.post(url, payload=method_example("statuses.translate", 0))
    await client.statuses.translate("7")
    no_body(only_request(mocked, "POST", url))


@pytest.mark.parametrize("verb", ["bookmark", "unbookmark"])
async def test_bookmark_verbs(mocked, client, verb):
    url = f"{URL}/7/{verb}"
    example = method_example(f"statuses.{verb}")
    mocked.post(url, payload=whole(example))
    got = await getattr(client.statuses, verb)("7")
    assert isinstance(got, Status)
    assert (got.id, got.bookmarked) == (example["id"], example["bookmarked"])
    no_body(only_request(mocked, "POST", url))


async def test_quotes_follow_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked, client.statuses.quotes("7", limit=2), f"{URL}/7/quotes?limit=2", status, Status
    )


async def test_quotes_query_and_example(mocked, client):
    url = f"{URL}/7/quotes?limit=5&max_id=90&since_id=10"
    example = method_example("statuses.quotes")
    mocked.get(url, payload=[whole(item) for item in example])
    quotes = await client.statuses.quotes("7", limit=5, max_id="90", since_id="10").collect()
    assert [q.id for q in quotes] == [item["id"] for item in example]
    assert all(q.quote is not None and q.quote.state == "accepted" for q in quotes)
    sent_nothing_else(mocked, ("GET", url))


async def test_revoke_quote(mocked, client):
    url = f"{URL}/7/quotes/115107232286434584/revoke"
    example = method_example("statuses.revoke_quote")
    mocked.post(url, payload=whole(example))
    got = await client.statuses.revoke_quote("7", "115107232286434584")
    assert isinstance(got, Status)
    assert got.id == example["id"]
    assert got.quote is not None
    assert got.quote.state == "revoked"
    no_body(only_request(mocked, "POST", url))


async def test_edit_interaction_policy(mocked, client):
    url = f"{URL}/7/interaction_policy"
    example = method_example("statuses.edit_interaction_policy")
    mocked.put(url, payload=whole(example))
    got = await client.statuses.edit_interaction_policy("7", quote_approval_policy="followers")
    assert isinstance(got, Status)
    assert got.id == example["id"]
    assert form_of(only_request(mocked, "PUT", url)) == [("quote_approval_policy", "followers")]
