"""client.admin.email_domain_blocks: refuse sign-ups from email domains."""

from __future__ import annotations

from aiomastodon.entities import AdminEmailDomainBlock

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/admin/email_domain_blocks"


def email_domain_block(block_id: str) -> dict[str, object]:
    return {**method_example("admin_email_domain_blocks.get-one"), "id": block_id}


async def test_list_follows_the_link_header(mocked, client):
    walk = client.admin.email_domain_blocks.list(limit=2)
    await assert_walks_link_pages(
        mocked, walk, f"{URL}?limit=2", email_domain_block, AdminEmailDomainBlock
    )


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_email_domain_blocks.get")
    mocked.get(URL, payload=example)
    blocks = await client.admin.email_domain_blocks.list().collect()
    assert [(b.id, b.domain) for b in blocks] == [(b["id"], b["domain"]) for b in example]
    assert isinstance(blocks[0], AdminEmailDomainBlock)
    assert [h.uses for h in blocks[0].history] == [h["uses"] for h in example[0]["history"]]
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    payload = method_example("admin_email_domain_blocks.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.email_domain_blocks.get(payload["id"])
    assert isinstance(got, AdminEmailDomainBlock)
    assert got.domain == payload["domain"]
    no_body(only_request(mocked, "GET", url))


async def test_create(mocked, client):
    payload = method_example("admin_email_domain_blocks.create")
    mocked.post(URL, payload=payload)
    got = await client.admin.email_domain_blocks.create(payload["domain"])
    assert isinstance(got, AdminEmailDomainBlock)
    assert got.id == payload["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [("domain", payload["domain"])]


async def test_delete(mocked, client):
    url = f"{URL}/1"
    mocked.delete(url, payload=method_example("admin_email_domain_blocks.delete"))
    assert await client.admin.email_domain_blocks.delete("1") is None
    no_body(only_request(mocked, "DELETE", url))
