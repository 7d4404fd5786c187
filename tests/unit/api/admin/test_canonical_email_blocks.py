"""client.admin.canonical_email_blocks: block sign-ups by canonical email address."""

from __future__ import annotations

import pytest

from aiomastodon.entities import AdminCanonicalEmailBlock

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
    recorded,
)

URL = f"{BASE}/api/v1/admin/canonical_email_blocks"
HASH = "b344e55d11b3fc25d0d53194e0475838bf17e9be67ce3e6469956222d9a34f9c"


def block(block_id: str) -> dict[str, str]:
    return {"id": block_id, "canonical_email_hash": HASH}


async def test_list_follows_the_link_header(mocked, client):
    walk = client.admin.canonical_email_blocks.list(limit=2)
    await assert_walks_link_pages(mocked, walk, f"{URL}?limit=2", block, AdminCanonicalEmailBlock)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_canonical_email_blocks.get")
    mocked.get(URL, payload=example)
    blocks = await client.admin.canonical_email_blocks.list().collect()
    assert [(b.id, b.canonical_email_hash) for b in blocks] == [
        (b["id"], b["canonical_email_hash"]) for b in example
    ]
    assert isinstance(blocks[0], AdminCanonicalEmailBlock)
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    payload = method_example("admin_canonical_email_blocks.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.canonical_email_blocks.get(payload["id"])
    assert isinstance(got, AdminCanonicalEmailBlock)
    assert got.canonical_email_hash == payload["canonical_email_hash"]
    no_body(only_request(mocked, "GET", url))


async def test_test(mocked, client):
    payload = method_example("admin_canonical_email_blocks.test")
    mocked.post(f"{URL}/test", payload=payload)
    matches = await client.admin.canonical_email_blocks.test("te.st+spam@example.com")
    assert [m.id for m in matches] == [m["id"] for m in payload]
    assert isinstance(matches[0], AdminCanonicalEmailBlock)
    call = only_request(mocked, "POST", f"{URL}/test")
    assert form_of(call) == [("email", "te.st+spam@example.com")]


async def test_create_by_email(mocked, client):
    payload = method_example("admin_canonical_email_blocks.create")
    mocked.post(URL, payload=payload)
    got = await client.admin.canonical_email_blocks.create("test@example.com")
    assert isinstance(got, AdminCanonicalEmailBlock)
    assert got.id == payload["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [("email", "test@example.com")]


async def test_create_by_hash(mocked, client):
    mocked.post(URL, payload=block("2"))
    got = await client.admin.canonical_email_blocks.create(canonical_email_hash=HASH)
    assert got.canonical_email_hash == HASH
    assert form_of(only_request(mocked, "POST", URL)) == [("canonical_email_hash", HASH)]


async def test_create_needs_an_email_or_a_hash(mocked, client):
    with pytest.raises(ValueError, match="email or canonical_email_hash"):
        await client.admin.canonical_email_blocks.create()
    assert recorded(mocked) == []


async def test_delete(mocked, client):
    url = f"{URL}/1"
    mocked.delete(url, payload=method_example("admin_canonical_email_blocks.delete"))
    assert await client.admin.canonical_email_blocks.delete("1") is None
    no_body(only_request(mocked, "DELETE", url))
