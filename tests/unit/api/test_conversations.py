"""client.conversations: direct conversations."""

from __future__ import annotations

from aiomastodon.entities import Account, Conversation, Status

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    method_example,
    no_body,
    only_request,
    status,
)

URL = f"{BASE}/api/v1/conversations"


def whole(example):
    """A docs Conversation with its abridged accounts and last status made whole."""
    return {
        **example,
        "accounts": [account(a["id"], **a) for a in example["accounts"]],
        "last_status": status(example["last_status"]["id"], **example["last_status"]),
    }


def conversation(conversation_id):
    return {**whole(method_example("conversations.get")[0]), "id": conversation_id}


async def test_list_query_and_example(mocked, client):
    url = f"{URL}?limit=2&max_id=103196583826321185&since_id=1"
    example = method_example("conversations.get")
    mocked.get(url, payload=[whole(item) for item in example])
    page = await anext(
        client.conversations.list(limit=2, max_id="103196583826321185", since_id="1").pages()
    )
    assert all(isinstance(c, Conversation) for c in page.items)
    assert [(c.id, c.unread) for c in page.items] == [("418450", True), ("418374", False)]
    first = page.items[0]
    assert isinstance(first.last_status, Status)
    assert [a.acct for a in first.accounts] == ["amic@nulled.red"]
    no_body(only_request(mocked, "GET", url))


async def test_list_follows_the_link_header(mocked, client):
    # The cursors are the last statuses' ids: only the Link header knows them.
    await assert_walks_link_pages(
        mocked, client.conversations.list(limit=2), f"{URL}?limit=2", conversation, Conversation
    )


async def test_mark_read(mocked, client):
    url = f"{URL}/418450/read"
    example = method_example("conversations.read")
    mocked.post(url, payload=whole(example))
    got = await client.conversations.mark_read("418450")
    assert isinstance(got, Conversation)
    assert (got.id, got.unread) == ("418450", False)
    assert all(isinstance(a, Account) for a in got.accounts)
    no_body(only_request(mocked, "POST", url))


async def test_delete(mocked, client):
    url = f"{URL}/418450"
    mocked.delete(url, payload=method_example("conversations.delete"))
    assert await client.conversations.delete("418450") is None
    no_body(only_request(mocked, "DELETE", url))
