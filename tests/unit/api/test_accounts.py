"""client.accounts: every endpoint's method, URL, body and decoded answer."""

from __future__ import annotations

from datetime import date

import pytest

from aiomastodon import File, NotFound
from aiomastodon.entities import (
    Account,
    CredentialAccount,
    FamiliarFollowers,
    FeaturedTag,
    IdentityProof,
    List,
    Relationship,
    Status,
    Token,
)

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    entity_example,
    fields_of,
    files_of,
    form_of,
    link,
    method_example,
    multipart_of,
    no_body,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


async def test_get(mocked, client):
    url = f"{BASE}/api/v1/accounts/23634"
    mocked.get(url, payload=method_example("accounts.get"))
    got = await client.accounts.get("23634")
    assert isinstance(got, Account)
    assert got.id == method_example("accounts.get")["id"]
    no_body(only_request(mocked, "GET", url))


async def test_get_percent_encodes_the_id(mocked, client):
    url = f"{BASE}/api/v1/accounts/a%2Fb%3Fc"
    mocked.get(url, payload=account("a/b?c"))
    got = await client.accounts.get("a/b?c")
    assert got.id == "a/b?c"
    only_request(mocked, "GET", url)


async def test_get_missing_account_raises_not_found(mocked, client):
    url = f"{BASE}/api/v1/accounts/404"
    mocked.get(url, status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound) as caught:
        await client.accounts.get("404")
    assert caught.value.error == "Record not found"
    assert caught.value.endpoint == "GET /api/v1/accounts/404"


async def test_verify_credentials(mocked, client):
    url = f"{BASE}/api/v1/accounts/verify_credentials"
    mocked.get(url, payload=method_example("accounts.verify_credentials"))
    me = await client.accounts.verify_credentials()
    assert isinstance(me, CredentialAccount)
    assert me.source is not None
    no_body(only_request(mocked, "GET", url))


async def test_update_credentials_url_encoded(mocked, client):
    url = f"{BASE}/api/v1/accounts/update_credentials"
    mocked.patch(url, payload=method_example("accounts.update_credentials", 2))
    me = await client.accounts.update_credentials(
        display_name="Shark",
        note="",
        locked=True,
        bot=False,
        discoverable=True,
        hide_collections=False,
        indexable=True,
        attribution_domains=["example.com", "blog.example"],
        fields_attributes=[("Pronouns", "they/them"), ("Site", "https://example.com")],
        privacy="unlisted",
        sensitive=True,
        language="en",
        quote_policy="followers",
    )
    assert isinstance(me, CredentialAccount)
    assert form_of(only_request(mocked, "PATCH", url)) == [
        ("display_name", "Shark"),
        ("note", ""),
        ("locked", "true"),
        ("bot", "false"),
        ("discoverable", "true"),
        ("hide_collections", "false"),
        ("indexable", "true"),
        ("attribution_domains[]", "example.com"),
        ("attribution_domains[]", "blog.example"),
        ("source[privacy]", "unlisted"),
        ("source[sensitive]", "true"),
        ("source[language]", "en"),
        ("source[quote_policy]", "followers"),
        ("fields_attributes[0][name]", "Pronouns"),
        ("fields_attributes[0][value]", "they/them"),
        ("fields_attributes[1][name]", "Site"),
        ("fields_attributes[1][value]", "https://example.com"),
    ]


async def test_update_credentials_sends_only_what_is_given(mocked, client):
    url = f"{BASE}/api/v1/accounts/update_credentials"
    mocked.patch(url, payload=method_example("accounts.update_credentials", 2))
    await client.accounts.update_credentials(language="de")
    assert form_of(only_request(mocked, "PATCH", url)) == [("source[language]", "de")]


async def test_update_credentials_with_images_is_multipart(mocked, client):
    url = f"{BASE}/api/v1/accounts/update_credentials"
    mocked.patch(url, payload=method_example("accounts.update_credentials", 2))
    me = await client.accounts.update_credentials(
        display_name="Shark",
        avatar=PNG,
        header=File(b"\xff\xd8\xff\xe0 jpeg", filename="banner.jpg"),
        fields_attributes=[("a", "b")],
    )
    assert isinstance(me, CredentialAccount)
    parts = await multipart_of(only_request(mocked, "PATCH", url))
    assert fields_of(parts) == [
        ("display_name", "Shark"),
        ("fields_attributes[0][name]", "a"),
        ("fields_attributes[0][value]", "b"),
    ]
    files = files_of(parts)
    assert set(files) == {"avatar", "header"}
    assert (files["avatar"].filename, files["avatar"].content_type) == ("upload", "image/png")
    assert files["avatar"].data == PNG
    assert (files["header"].filename, files["header"].content_type) == (
        "banner.jpg",
        "image/jpeg",
    )
    assert files["header"].data == b"\xff\xd8\xff\xe0 jpeg"


async def test_followers_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.accounts.followers("1", limit=2),
        f"{BASE}/api/v1/accounts/1/followers?limit=2",
        account,
        Account,
    )


async def test_following_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.accounts.following("1", limit=2),
        f"{BASE}/api/v1/accounts/1/following?limit=2",
        account,
        Account,
    )


async def test_following_without_limit_sends_no_query(mocked, client):
    url = f"{BASE}/api/v1/accounts/1/following"
    mocked.get(url, payload=[])
    assert await client.accounts.following("1").collect() == []
    only_request(mocked, "GET", url)


async def test_statuses_query(mocked, client):
    url = (
        f"{BASE}/api/v1/accounts/1/statuses?only_media=true&pinned=false"
        "&exclude_replies=true&exclude_reblogs=false&tagged=cats&limit=5&max_id=900"
        "&since_id=100"
    )
    mocked.get(url, payload=[status("800")])
    pages = [
        page
        async for page in client.accounts.statuses(
            "1",
            only_media=True,
            pinned=False,
            exclude_replies=True,
            exclude_reblogs=False,
            tagged="cats",
            limit=5,
            max_id="900",
            since_id="100",
        )
        .take(1)
        .pages()
    ]
    assert [s.id for s in pages[0].items] == ["800"]
    assert isinstance(pages[0].items[0], Status)
    only_request(mocked, "GET", url)


async def test_statuses_walks_link_then_item_ids(mocked, client):
    # "id" paging: the Link header first; without one, the last item's id is a valid
    # cursor (these are the statuses' own ids).
    first = f"{BASE}/api/v1/accounts/1/statuses?limit=2"
    second = with_params(first, max_id="500")
    third = with_params(first, max_id="400")
    mocked.get(first, payload=[status("600"), status("550")], headers=link(next=second))
    mocked.get(second, payload=[status("450"), status("400")])
    mocked.get(third, payload=[])
    got = [s.id async for s in client.accounts.statuses("1", limit=2)]
    assert got == ["600", "550", "450", "400"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_statuses_min_id_walks_forward_oldest_first(mocked, client):
    first = f"{BASE}/api/v1/accounts/1/statuses?min_id=100"
    newer = with_params(first, min_id="300")
    mocked.get(first, payload=[status("300"), status("200")], headers=link(prev=newer))
    mocked.get(newer, payload=[])
    got = [s.id async for s in client.accounts.statuses("1", min_id="100")]
    assert got == ["200", "300"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))


async def test_follow_with_options(mocked, client):
    url = f"{BASE}/api/v1/accounts/2/follow"
    mocked.post(url, payload=method_example("accounts.follow"))
    rel = await client.accounts.follow("2", reblogs=False, notify=True, languages=["en", "de"])
    assert isinstance(rel, Relationship)
    assert rel.following is True
    assert form_of(only_request(mocked, "POST", url)) == [
        ("reblogs", "false"),
        ("notify", "true"),
        ("languages[]", "en"),
        ("languages[]", "de"),
    ]


async def test_follow_without_options_sends_no_body(mocked, client):
    url = f"{BASE}/api/v1/accounts/2/follow"
    mocked.post(url, payload=method_example("accounts.follow"))
    await client.accounts.follow("2")
    no_body(only_request(mocked, "POST", url))


@pytest.mark.parametrize(
    ("method", "verb", "example"),
    [
        ("unfollow", "unfollow", "accounts.unfollow"),
        ("block", "block", "accounts.block"),
        ("unblock", "unblock", "accounts.unblock"),
        ("unmute", "unmute", "accounts.unmute"),
    ],
)
async def test_relationship_verbs(mocked, client, method, verb, example):
    url = f"{BASE}/api/v1/accounts/3/{verb}"
    payload = method_example(example)
    mocked.post(url, payload=payload)
    rel = await getattr(client.accounts, method)("3")
    assert isinstance(rel, Relationship)
    assert rel.id == payload["id"]
    assert rel.blocking is payload["blocking"]
    no_body(only_request(mocked, "POST", url))


async def test_mute_with_duration(mocked, client):
    url = f"{BASE}/api/v1/accounts/3/mute"
    mocked.post(url, payload=method_example("accounts.mute"))
    rel = await client.accounts.mute("3", notifications=False, duration=3600)
    assert isinstance(rel, Relationship)
    assert rel.muting is True
    assert form_of(only_request(mocked, "POST", url)) == [
        ("notifications", "false"),
        ("duration", "3600"),
    ]


async def test_relationships_sends_a_rails_array(mocked, client):
    url = f"{BASE}/api/v1/accounts/relationships?id[]=1&id[]=2&with_suspended=true"
    mocked.get(url, payload=method_example("accounts.relationships"))
    rels = await client.accounts.relationships(("1", "2"), with_suspended=True)
    assert [r.id for r in rels] == [r["id"] for r in method_example("accounts.relationships")]
    assert all(isinstance(r, Relationship) for r in rels)
    only_request(mocked, "GET", url)


async def test_relationships_accepts_one_id(mocked, client):
    url = f"{BASE}/api/v1/accounts/relationships?id[]=7"
    mocked.get(url, payload=[entity_example("Relationship")])
    rels = await client.accounts.relationships("7")
    assert len(rels) == 1
    only_request(mocked, "GET", url)


async def test_search_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/accounts/search?q=shark&limit=2&resolve=true&following=false"
    second = with_params(first, offset="2")
    third = with_params(first, offset="3")
    mocked.get(first, payload=[account("1"), account("2")])
    mocked.get(second, payload=[account("3")])
    mocked.get(third, payload=[])
    found = [
        a async for a in client.accounts.search("shark", limit=2, resolve=True, following=False)
    ]
    assert [a.id for a in found] == ["1", "2", "3"]
    assert all(isinstance(a, Account) for a in found)
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_search_starts_at_the_given_offset(mocked, client):
    first = f"{BASE}/api/v1/accounts/search?q=shark&offset=10"
    second = f"{BASE}/api/v1/accounts/search?q=shark&offset=12"
    mocked.get(first, payload=[account("1"), account("2")])
    mocked.get(second, payload=[])
    assert len(await client.accounts.search("shark", offset=10).collect()) == 2
    sent_nothing_else(mocked, ("GET", first), ("GET", second))


async def test_lists(mocked, client):
    url = f"{BASE}/api/v1/accounts/5/lists"
    mocked.get(url, payload=method_example("accounts.lists"))
    lists = await client.accounts.lists("5")
    assert [lst.id for lst in lists] == [x["id"] for x in method_example("accounts.lists")]
    assert all(isinstance(lst, List) for lst in lists)
    only_request(mocked, "GET", url)


async def test_lookup(mocked, client):
    url = f"{BASE}/api/v1/accounts/lookup?acct=someone@remote.example"
    mocked.get(url, payload=account("42"))
    got = await client.accounts.lookup("@someone@remote.example")
    assert isinstance(got, Account)
    assert got.id == "42"
    only_request(mocked, "GET", url)


async def test_remote_follow_is_legacy(mocked, client):
    url = f"{BASE}/api/v1/follows"
    mocked.post(url, payload=account("99"))
    with pytest.warns(DeprecationWarning, match="accounts.follow") as warned:
        got = await client.accounts.remote_follow("someone@remote.example")
    assert warned[0].filename == __file__  # stacklevel points at the caller
    assert isinstance(got, Account)
    assert got.id == "99"
    assert form_of(only_request(mocked, "POST", url)) == [("uri", "someone@remote.example")]


# --- registration, several accounts at once, featured tags and accounts -----------------


async def test_create_registers_an_account(mocked, client):
    url = f"{BASE}/api/v1/accounts"
    payload = entity_example("Token")
    mocked.post(url, payload=payload)
    token = await client.accounts.create(
        username="shark",
        email="shark@example.org",
        password="hunter2hunter2",
        agreement=True,
        locale="en",
        reason="I like the sea",
        date_of_birth=date(2000, 2, 29),
    )
    assert isinstance(token, Token)
    assert token.access_token == payload["access_token"]
    assert form_of(only_request(mocked, "POST", url)) == [
        ("username", "shark"),
        ("email", "shark@example.org"),
        ("password", "hunter2hunter2"),
        ("agreement", "true"),
        ("locale", "en"),
        ("reason", "I like the sea"),
        ("date_of_birth", "2000-02-29"),
    ]


async def test_create_sends_only_the_required_fields(mocked, client):
    url = f"{BASE}/api/v1/accounts"
    mocked.post(url, payload=entity_example("Token"))
    await client.accounts.create(
        username="shark", email="s@example.org", password="pw", agreement=False, locale="de"
    )
    assert form_of(only_request(mocked, "POST", url)) == [
        ("username", "shark"),
        ("email", "s@example.org"),
        ("password", "pw"),
        ("agreement", "false"),
        ("locale", "de"),
    ]


async def test_get_many_sends_a_rails_array(mocked, client):
    url = f"{BASE}/api/v1/accounts?id[]=1&id[]=2"
    payload = method_example("accounts.index")
    mocked.get(url, payload=payload)
    got = await client.accounts.get_many(["1", "2"])
    assert [a.id for a in got] == [a["id"] for a in payload]
    assert all(isinstance(a, Account) for a in got)
    no_body(only_request(mocked, "GET", url))


async def test_get_many_accepts_one_id(mocked, client):
    url = f"{BASE}/api/v1/accounts?id[]=1"
    mocked.get(url, payload=[account("1")])
    assert [a.id for a in await client.accounts.get_many("1")] == ["1"]
    only_request(mocked, "GET", url)


async def test_featured_tags(mocked, client):
    url = f"{BASE}/api/v1/accounts/14715/featured_tags"
    payload = method_example("accounts.featured_tags")
    mocked.get(url, payload=payload)
    tags = await client.accounts.featured_tags("14715")
    assert all(isinstance(tag, FeaturedTag) for tag in tags)
    assert [(t.id, t.name) for t in tags] == [(t["id"], t["name"]) for t in payload]
    no_body(only_request(mocked, "GET", url))


async def test_endorsements_follow_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.accounts.endorsements("1", limit=2),
        f"{BASE}/api/v1/accounts/1/endorsements?limit=2",
        account,
        Account,
    )


async def test_endorsements_query(mocked, client):
    url = f"{BASE}/api/v1/accounts/1/endorsements?limit=5&max_id=90&since_id=10"
    payload = method_example("accounts.endorsements")
    mocked.get(url, payload=payload)
    page = await anext(
        client.accounts.endorsements("1", limit=5, max_id="90", since_id="10").pages()
    )
    assert [a.id for a in page.items] == [a["id"] for a in payload]
    only_request(mocked, "GET", url)


@pytest.mark.parametrize(
    ("verb", "example"),
    [
        ("remove_from_followers", "accounts.remove_from_followers"),
        ("endorse", "accounts.endorse"),
        ("unendorse", "accounts.unendorse"),
    ],
)
async def test_more_relationship_verbs(mocked, client, verb, example):
    url = f"{BASE}/api/v1/accounts/3/{verb}"
    payload = method_example(example)
    mocked.post(url, payload=payload)
    rel = await getattr(client.accounts, verb)("3")
    assert isinstance(rel, Relationship)
    assert (rel.id, rel.followed_by, rel.endorsed) == (
        payload["id"],
        payload["followed_by"],
        payload["endorsed"],
    )
    no_body(only_request(mocked, "POST", url))


@pytest.mark.parametrize(
    ("verb", "instead"), [("pin", r"accounts\.endorse\(id\)"), ("unpin", r"unendorse\(id\)")]
)
async def test_pin_and_unpin_are_deprecated(mocked, client, verb, instead):
    url = f"{BASE}/api/v1/accounts/3/{verb}"
    payload = method_example(f"accounts.{verb}")
    mocked.post(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=instead) as warned:
        rel = await getattr(client.accounts, verb)("3")
    assert warned[0].filename == __file__
    assert isinstance(rel, Relationship)
    assert rel.endorsed is payload["endorsed"]
    no_body(only_request(mocked, "POST", url))


async def test_note(mocked, client):
    url = f"{BASE}/api/v1/accounts/1/note"
    payload = method_example("accounts.note", 0)
    mocked.post(url, payload=payload)
    rel = await client.accounts.note("1", comment="this is a comment")
    assert isinstance(rel, Relationship)
    assert rel.note == "this is a comment"
    assert form_of(only_request(mocked, "POST", url)) == [("comment", "this is a comment")]


async def test_note_without_comment_removes_it(mocked, client):
    url = f"{BASE}/api/v1/accounts/1/note"
    payload = method_example("accounts.note", 1)
    mocked.post(url, payload=payload)
    rel = await client.accounts.note("1")
    assert rel.note == payload["note"]
    no_body(only_request(mocked, "POST", url))


async def test_familiar_followers(mocked, client):
    url = f"{BASE}/api/v1/accounts/familiar_followers?id[]=1&id[]=2"
    # The docs abridge the accounts (no created_at): make them whole.
    payload = [
        {**item, "accounts": [account(a["id"], **a) for a in item["accounts"]]}
        for item in method_example("accounts.familiar_followers")
    ]
    mocked.get(url, payload=payload)
    got = await client.accounts.familiar_followers(["1", "2"])
    assert all(isinstance(item, FamiliarFollowers) for item in got)
    assert [item.id for item in got] == ["1", "2"]
    assert [a.acct for a in got[0].accounts] == ["moss@goblin.camp", "vivianrose"]
    assert got[1].accounts == []
    no_body(only_request(mocked, "GET", url))


async def test_familiar_followers_accepts_one_id(mocked, client):
    url = f"{BASE}/api/v1/accounts/familiar_followers?id[]=7"
    mocked.get(url, payload=[{"id": "7", "accounts": []}])
    assert [f.id for f in await client.accounts.familiar_followers("7")] == ["7"]
    only_request(mocked, "GET", url)


async def test_identity_proofs_is_deprecated(mocked, client):
    url = f"{BASE}/api/v1/accounts/1/identity_proofs"
    payload = method_example("accounts.identity_proofs")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"Account\.fields") as warned:
        proofs = await client.accounts.identity_proofs("1")
    assert warned[0].filename == __file__
    assert all(isinstance(p, IdentityProof) for p in proofs)
    assert [p.provider_username for p in proofs] == ["gargron"]
    no_body(only_request(mocked, "GET", url))
