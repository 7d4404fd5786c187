"""client.domain_blocks: whole servers you hide."""

from __future__ import annotations

from ._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/domain_blocks"


async def test_list_yields_strings_and_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.domain_blocks.list(limit=2),
        f"{URL}?limit=2",
        lambda n: f"spam{n}.example",
        str,
    )


async def test_list_decodes_the_docs_example(mocked, client):
    mocked.get(URL, payload=method_example("domain_blocks.get"))
    assert await client.domain_blocks.list().collect() == ["nsfw.social", "artalley.social"]
    only_request(mocked, "GET", URL)


async def test_create_sends_the_domain_in_the_body(mocked, client):
    mocked.post(URL, payload=method_example("domain_blocks.block"))
    assert await client.domain_blocks.create("spam.example") is None
    assert form_of(only_request(mocked, "POST", URL)) == [("domain", "spam.example")]


async def test_delete_sends_the_domain_in_the_query(mocked, client):
    url = f"{URL}?domain=spam.example"
    mocked.delete(url, payload=method_example("domain_blocks.unblock"))
    assert await client.domain_blocks.delete("spam.example") is None
    no_body(only_request(mocked, "DELETE", url))
