"""client.admin.domain_allows: the domains a limited-federation server talks to."""

from __future__ import annotations

from aiomastodon.entities import AdminDomainAllow

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/admin/domain_allows"


def allow(allow_id: str) -> dict[str, str]:
    return {"id": allow_id, "domain": f"d{allow_id}.example", "created_at": "2022-09-14T21:24:15Z"}


async def test_list_follows_the_link_header(mocked, client):
    walk = client.admin.domain_allows.list(limit=2)
    await assert_walks_link_pages(mocked, walk, f"{URL}?limit=2", allow, AdminDomainAllow)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_domain_allows.get")
    mocked.get(URL, payload=example)
    allows = await client.admin.domain_allows.list().collect()
    assert [(a.id, a.domain) for a in allows] == [(a["id"], a["domain"]) for a in example]
    assert isinstance(allows[0], AdminDomainAllow)
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    payload = method_example("admin_domain_allows.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.domain_allows.get(payload["id"])
    assert isinstance(got, AdminDomainAllow)
    assert got.domain == payload["domain"]
    no_body(only_request(mocked, "GET", url))


async def test_create(mocked, client):
    payload = method_example("admin_domain_allows.create")
    mocked.post(URL, payload=payload)
    got = await client.admin.domain_allows.create(payload["domain"])
    assert isinstance(got, AdminDomainAllow)
    assert got.id == payload["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [("domain", payload["domain"])]


async def test_delete_returns_the_entry_the_docs_show(mocked, client):
    payload = method_example("admin_domain_allows.delete")
    url = f"{URL}/{payload['id']}"
    mocked.delete(url, payload=payload)
    got = await client.admin.domain_allows.delete(payload["id"])
    assert isinstance(got, AdminDomainAllow)
    assert got.domain == payload["domain"]
    no_body(only_request(mocked, "DELETE", url))


async def test_delete_accepts_an_empty_answer(mocked, client):
    # Current Mastodon answers {} here (the docs show the entry).
    mocked.delete(f"{URL}/4", payload={})
    assert await client.admin.domain_allows.delete("4") is None
    only_request(mocked, "DELETE", f"{URL}/4")
