"""client.admin.domain_blocks: suspend or limit whole domains."""

from __future__ import annotations

from aiomastodon.entities import AdminDomainBlock

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/admin/domain_blocks"


def domain_block(block_id: str) -> dict[str, object]:
    return {**method_example("admin_domain_blocks.get-one"), "id": block_id}


async def test_list_follows_the_link_header(mocked, client):
    walk = client.admin.domain_blocks.list(limit=2)
    await assert_walks_link_pages(mocked, walk, f"{URL}?limit=2", domain_block, AdminDomainBlock)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_domain_blocks.get")
    mocked.get(URL, payload=example)
    blocks = await client.admin.domain_blocks.list().collect()
    assert [(b.id, b.domain, b.severity) for b in blocks] == [
        (b["id"], b["domain"], b["severity"]) for b in example
    ]
    assert isinstance(blocks[0], AdminDomainBlock)
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    payload = method_example("admin_domain_blocks.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.domain_blocks.get(payload["id"])
    assert isinstance(got, AdminDomainBlock)
    assert (got.domain, got.severity) == (payload["domain"], payload["severity"])
    no_body(only_request(mocked, "GET", url))


async def test_create(mocked, client):
    payload = method_example("admin_domain_blocks.create")
    mocked.post(URL, payload=payload)
    got = await client.admin.domain_blocks.create(
        payload["domain"],
        severity="suspend",
        reject_media=True,
        reject_reports=False,
        private_comment="spam source",
        public_comment="Spam",
        obfuscate=True,
    )
    assert isinstance(got, AdminDomainBlock)
    assert got.id == payload["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("domain", payload["domain"]),
        ("severity", "suspend"),
        ("reject_media", "true"),
        ("reject_reports", "false"),
        ("private_comment", "spam source"),
        ("public_comment", "Spam"),
        ("obfuscate", "true"),
    ]


async def test_create_with_the_domain_only(mocked, client):
    mocked.post(URL, payload=method_example("admin_domain_blocks.create"))
    await client.admin.domain_blocks.create("example.com")
    assert form_of(only_request(mocked, "POST", URL)) == [("domain", "example.com")]


async def test_update(mocked, client):
    payload = method_example("admin_domain_blocks.update")
    url = f"{URL}/{payload['id']}"
    mocked.put(url, payload=payload)
    got = await client.admin.domain_blocks.update(
        payload["id"], severity="noop", reject_media=False, public_comment=""
    )
    assert isinstance(got, AdminDomainBlock)
    assert got.severity == payload["severity"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("severity", "noop"),
        ("reject_media", "false"),
        ("public_comment", ""),
    ]


async def test_update_with_every_field(mocked, client):
    url = f"{URL}/1"
    mocked.put(url, payload=domain_block("1"))
    await client.admin.domain_blocks.update(
        "1",
        severity="silence",
        reject_media=True,
        reject_reports=True,
        private_comment="p",
        public_comment="q",
        obfuscate=False,
    )
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("severity", "silence"),
        ("reject_media", "true"),
        ("reject_reports", "true"),
        ("private_comment", "p"),
        ("public_comment", "q"),
        ("obfuscate", "false"),
    ]


async def test_delete(mocked, client):
    url = f"{URL}/1"
    mocked.delete(url, payload=method_example("admin_domain_blocks.delete"))
    assert await client.admin.domain_blocks.delete("1") is None
    no_body(only_request(mocked, "DELETE", url))
