"""client.filters: v2 filters with their keywords and statuses, and the deprecated v1 ones."""

from __future__ import annotations

import pytest

from aiomastodon.api.filters import KeywordAttributes
from aiomastodon.entities import Filter, FilterKeyword, FilterStatus, V1Filter

from ._helpers import BASE, form_of, method_example, no_body, only_request, sent_nothing_else

V2 = f"{BASE}/api/v2/filters"
V1 = f"{BASE}/api/v1/filters"


# --- v2 filters ------------------------------------------------------------------------


async def test_list(mocked, client):
    payload = method_example("filters.get")
    mocked.get(V2, payload=payload)
    filters = await client.filters.list()
    assert all(isinstance(f, Filter) for f in filters)
    assert [f.id for f in filters] == [f["id"] for f in payload]
    assert filters[0].keywords is not None
    assert [k.keyword for k in filters[0].keywords] == [
        k["keyword"] for k in payload[0]["keywords"]
    ]
    no_body(only_request(mocked, "GET", V2))


async def test_get(mocked, client):
    url = f"{V2}/19972"
    payload = method_example("filters.get-one")
    mocked.get(url, payload=payload)
    got = await client.filters.get("19972")
    assert isinstance(got, Filter)
    assert (got.id, got.title, got.filter_action) == (
        payload["id"],
        payload["title"],
        payload["filter_action"],
    )
    no_body(only_request(mocked, "GET", url))


async def test_get_encodes_the_id(mocked, client):
    url = f"{V2}/a%2Fb"
    mocked.get(url, payload=method_example("filters.get-one"))
    await client.filters.get("a/b")
    only_request(mocked, "GET", url)


async def test_create_sends_keywords_as_an_indexed_rails_hash(mocked, client):
    payload = method_example("filters.create")
    mocked.post(V2, payload=payload)
    created = await client.filters.create(
        "test",
        context=["home", "public"],
        filter_action="warn",
        expires_in=3600,
        keywords_attributes=[
            KeywordAttributes(keyword="foo"),
            KeywordAttributes(keyword="bar", whole_word=True),
        ],
    )
    assert isinstance(created, Filter)
    assert created.id == payload["id"]
    assert created.keywords is not None
    assert all(isinstance(k, FilterKeyword) for k in created.keywords)
    assert form_of(only_request(mocked, "POST", V2)) == [
        ("title", "test"),
        ("context[]", "home"),
        ("context[]", "public"),
        ("filter_action", "warn"),
        ("expires_in", "3600"),
        ("keywords_attributes[0][keyword]", "foo"),
        ("keywords_attributes[1][keyword]", "bar"),
        ("keywords_attributes[1][whole_word]", "true"),
    ]


async def test_create_with_only_what_is_required(mocked, client):
    mocked.post(V2, payload=method_example("filters.create"))
    await client.filters.create("spoilers", context="thread")
    assert form_of(only_request(mocked, "POST", V2)) == [
        ("title", "spoilers"),
        ("context[]", "thread"),
    ]


async def test_update_adds_changes_and_destroys_keywords(mocked, client):
    url = f"{V2}/19972"
    payload = method_example("filters.update")
    mocked.put(url, payload=payload)
    updated = await client.filters.update(
        "19972",
        title="Twitter",
        context=["home"],
        filter_action="blur",
        expires_in=None,
        keywords_attributes=[
            KeywordAttributes(id="1197", destroy=True),
            KeywordAttributes(keyword="x.com", whole_word=False),
            KeywordAttributes(id="1198", keyword="t.co"),
        ],
    )
    assert isinstance(updated, Filter)
    assert updated.id == payload["id"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("title", "Twitter"),
        ("context[]", "home"),
        ("filter_action", "blur"),
        ("expires_in", ""),
        ("keywords_attributes[0][id]", "1197"),
        ("keywords_attributes[0][_destroy]", "true"),
        ("keywords_attributes[1][keyword]", "x.com"),
        ("keywords_attributes[1][whole_word]", "false"),
        ("keywords_attributes[2][keyword]", "t.co"),
        ("keywords_attributes[2][id]", "1198"),
    ]


async def test_update_sends_only_what_is_given(mocked, client):
    url = f"{V2}/19972"
    mocked.put(url, payload=method_example("filters.update"))
    await client.filters.update("19972", title="renamed")
    assert form_of(only_request(mocked, "PUT", url)) == [("title", "renamed")]


async def test_delete(mocked, client):
    url = f"{V2}/19972"
    mocked.delete(url, payload=method_example("filters.delete"))
    assert await client.filters.delete("19972") is None
    no_body(only_request(mocked, "DELETE", url))


# --- keywords --------------------------------------------------------------------------


async def test_keywords(mocked, client):
    url = f"{V2}/25939/keywords"
    payload = method_example("filters.keywords-get")
    mocked.get(url, payload=payload)
    keywords = await client.filters.keywords("25939")
    assert all(isinstance(k, FilterKeyword) for k in keywords)
    assert [(k.id, k.keyword, k.whole_word) for k in keywords] == [
        (k["id"], k["keyword"], k["whole_word"]) for k in payload
    ]
    no_body(only_request(mocked, "GET", url))


async def test_add_keyword(mocked, client):
    url = f"{V2}/25939/keywords"
    payload = method_example("filters.keywords-create")
    mocked.post(url, payload=payload)
    added = await client.filters.add_keyword("25939", keyword="foobar", whole_word=False)
    assert isinstance(added, FilterKeyword)
    assert added.id == payload["id"]
    assert form_of(only_request(mocked, "POST", url)) == [
        ("keyword", "foobar"),
        ("whole_word", "false"),
    ]


async def test_get_keyword(mocked, client):
    url = f"{V2}/keywords/1197"
    payload = method_example("filters.keywords-get-one")
    mocked.get(url, payload=payload)
    got = await client.filters.get_keyword("1197")
    assert isinstance(got, FilterKeyword)
    assert got.keyword == payload["keyword"]
    no_body(only_request(mocked, "GET", url))


async def test_update_keyword(mocked, client):
    url = f"{V2}/keywords/1197"
    payload = method_example("filters.keywords-update")
    mocked.put(url, payload=payload)
    updated = await client.filters.update_keyword("1197", keyword="quux")
    assert isinstance(updated, FilterKeyword)
    assert updated.id == payload["id"]
    assert form_of(only_request(mocked, "PUT", url)) == [("keyword", "quux")]


async def test_delete_keyword(mocked, client):
    url = f"{V2}/keywords/1197"
    mocked.delete(url, payload=method_example("filters.keywords-delete"))
    assert await client.filters.delete_keyword("1197") is None
    no_body(only_request(mocked, "DELETE", url))


# --- statuses --------------------------------------------------------------------------


async def test_statuses(mocked, client):
    url = f"{V2}/25939/statuses"
    payload = method_example("filters.statuses-get")
    mocked.get(url, payload=payload)
    filtered = await client.filters.statuses("25939")
    assert all(isinstance(s, FilterStatus) for s in filtered)
    assert [(s.id, s.status_id) for s in filtered] == [(s["id"], s["status_id"]) for s in payload]
    no_body(only_request(mocked, "GET", url))


async def test_add_status(mocked, client):
    url = f"{V2}/25939/statuses"
    payload = method_example("filters.statuses-add")
    mocked.post(url, payload=payload)
    added = await client.filters.add_status("25939", status_id="109416512469928632")
    assert isinstance(added, FilterStatus)
    assert added.status_id == payload["status_id"]
    assert form_of(only_request(mocked, "POST", url)) == [("status_id", "109416512469928632")]


async def test_get_status(mocked, client):
    url = f"{V2}/statuses/897"
    payload = method_example("filters.statuses-get-one")
    mocked.get(url, payload=payload)
    got = await client.filters.get_status("897")
    assert isinstance(got, FilterStatus)
    assert got.id == payload["id"]
    no_body(only_request(mocked, "GET", url))


async def test_remove_status_answers_nothing(mocked, client):
    url = f"{V2}/statuses/897"
    # The docs name FilterStatus but show (and Mastodon sends) an empty hash.
    assert method_example("filters.statuses-remove") == {}
    mocked.delete(url, payload={})
    assert await client.filters.remove_status("897") is None
    no_body(only_request(mocked, "DELETE", url))


# --- v1 (deprecated) -------------------------------------------------------------------


async def test_list_v1_is_deprecated(mocked, client):
    payload = method_example("filters.get-v1")
    mocked.get(V1, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.filters\.list\(\)"):
        filters = await client.filters.list_v1()
    assert all(isinstance(f, V1Filter) for f in filters)
    assert [(f.id, f.phrase) for f in filters] == [(f["id"], f["phrase"]) for f in payload]
    no_body(only_request(mocked, "GET", V1))


async def test_get_v1_is_deprecated(mocked, client):
    url = f"{V1}/8449"
    payload = method_example("filters.get-one-v1")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.filters\.get\(\)"):
        got = await client.filters.get_v1("8449")
    assert isinstance(got, V1Filter)
    assert got.phrase == payload["phrase"]
    no_body(only_request(mocked, "GET", url))


async def test_create_v1_is_deprecated(mocked, client):
    payload = method_example("filters.create-v1")
    mocked.post(V1, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.filters\.create\(\)"):
        created = await client.filters.create_v1(
            "test",
            context=["home", "notifications"],
            irreversible=True,
            whole_word=True,
            expires_in=86400,
        )
    assert isinstance(created, V1Filter)
    assert created.id == payload["id"]
    assert form_of(only_request(mocked, "POST", V1)) == [
        ("phrase", "test"),
        ("context[]", "home"),
        ("context[]", "notifications"),
        ("irreversible", "true"),
        ("whole_word", "true"),
        ("expires_in", "86400"),
    ]


async def test_update_v1_is_deprecated(mocked, client):
    url = f"{V1}/8449"
    payload = method_example("filters.update-v1")
    mocked.put(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.filters\.update\(\)"):
        updated = await client.filters.update_v1("8449", phrase="new", context=["public"])
    assert isinstance(updated, V1Filter)
    assert updated.id == payload["id"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("phrase", "new"),
        ("context[]", "public"),
    ]


async def test_delete_v1_is_deprecated(mocked, client):
    url = f"{V1}/8449"
    mocked.delete(url, payload=method_example("filters.delete-v1"))
    with pytest.warns(DeprecationWarning, match=r"client\.filters\.delete\(\)"):
        assert await client.filters.delete_v1("8449") is None
    no_body(only_request(mocked, "DELETE", url))
    sent_nothing_else(mocked, ("DELETE", url))
