"""client.admin.ip_blocks: restrict sign-ups or access from IP ranges."""

from __future__ import annotations

from datetime import datetime

from aiomastodon.entities import AdminIpBlock

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/admin/ip_blocks"


def ip_block(block_id: str) -> dict[str, object]:
    return {**method_example("admin_ip_blocks.get-one"), "id": block_id}


async def test_list_follows_the_link_header(mocked, client):
    walk = client.admin.ip_blocks.list(limit=2)
    await assert_walks_link_pages(mocked, walk, f"{URL}?limit=2", ip_block, AdminIpBlock)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_ip_blocks.get")
    mocked.get(URL, payload=example)
    blocks = await client.admin.ip_blocks.list().collect()
    assert [(b.id, b.ip, b.severity) for b in blocks] == [
        (b["id"], b["ip"], b["severity"]) for b in example
    ]
    assert isinstance(blocks[0], AdminIpBlock)
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    payload = method_example("admin_ip_blocks.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.ip_blocks.get(payload["id"])
    assert isinstance(got, AdminIpBlock)
    assert got.ip == payload["ip"]
    assert isinstance(got.created_at, datetime)
    no_body(only_request(mocked, "GET", url))


async def test_create(mocked, client):
    payload = method_example("admin_ip_blocks.create")
    mocked.post(URL, payload=payload)
    got = await client.admin.ip_blocks.create(
        "8.8.8.8/32", severity="no_access", comment="abuse", expires_in=86400
    )
    assert isinstance(got, AdminIpBlock)
    assert (got.ip, got.severity) == (payload["ip"], payload["severity"])
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("ip", "8.8.8.8/32"),
        ("severity", "no_access"),
        ("comment", "abuse"),
        ("expires_in", "86400"),
    ]


async def test_create_without_the_options(mocked, client):
    mocked.post(URL, payload=method_example("admin_ip_blocks.create"))
    await client.admin.ip_blocks.create("8.8.8.8", severity="sign_up_block")
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("ip", "8.8.8.8"),
        ("severity", "sign_up_block"),
    ]


async def test_update(mocked, client):
    payload = method_example("admin_ip_blocks.update")
    url = f"{URL}/{payload['id']}"
    mocked.put(url, payload=payload)
    got = await client.admin.ip_blocks.update(
        payload["id"],
        ip="8.8.4.4/32",
        severity="sign_up_requires_approval",
        comment="",
        expires_in=3600,
    )
    assert isinstance(got, AdminIpBlock)
    assert got.severity == payload["severity"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("ip", "8.8.4.4/32"),
        ("severity", "sign_up_requires_approval"),
        ("comment", ""),
        ("expires_in", "3600"),
    ]


async def test_update_one_field(mocked, client):
    url = f"{URL}/1"
    mocked.put(url, payload=ip_block("1"))
    await client.admin.ip_blocks.update("1", comment="changed")
    assert form_of(only_request(mocked, "PUT", url)) == [("comment", "changed")]


async def test_delete(mocked, client):
    url = f"{URL}/1"
    mocked.delete(url, payload=method_example("admin_ip_blocks.delete"))
    assert await client.admin.ip_blocks.delete("1") is None
    no_body(only_request(mocked, "DELETE", url))
