"""client.admin.accounts: find, approve, limit and restore accounts."""

from __future__ import annotations

import pytest

from aiomastodon.entities import AdminAccount, Role

from .._helpers import (
    BASE,
    form_of,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    with_params,
)
from ._payloads import account_example, admin_account, admin_account_from

V1 = f"{BASE}/api/v1/admin/accounts"
V2 = f"{BASE}/api/v2/admin/accounts"


async def walk_two_pages(mocked, walk, first_url):
    """Walk an id-paged list over two pages, the second reached by its ``Link``.

    The second page sends a ``prev`` link but no ``next``: the walk ends there, and a
    third request (one that ignored the link or rebuilt the query) finds nothing.
    """
    second_url = with_params(first_url, max_id="11")
    mocked.get(
        first_url,
        payload=[admin_account("13"), admin_account("12")],
        headers=link(next=second_url, prev=with_params(first_url, min_id="13")),
    )
    mocked.get(
        second_url,
        payload=[admin_account("11")],
        headers=link(prev=with_params(first_url, min_id="11")),
    )
    accounts = [a async for a in walk]
    assert [a.id for a in accounts] == ["13", "12", "11"]
    assert all(isinstance(a, AdminAccount) for a in accounts)
    no_body(only_request(mocked, "GET", first_url))
    no_body(only_request(mocked, "GET", second_url))
    sent_nothing_else(mocked, ("GET", first_url), ("GET", second_url))


async def test_list_sends_every_filter_and_follows_the_link_header(mocked, client):
    walk = client.admin.accounts.list(
        origin="local",
        status="pending",
        permissions="staff",
        role_ids=["1", "3"],
        invited_by="7",
        username="goo",
        display_name="Goo Dy",
        by_domain="mastodon.local",
        email="goody@mastodon.local",
        ip="192.168.42.0/24",
        limit=2,
    )
    first = (
        f"{V2}?origin=local&status=pending&permissions=staff&role_ids%5B%5D=1&role_ids%5B%5D=3"
        "&invited_by=7&username=goo&display_name=Goo+Dy&by_domain=mastodon.local"
        "&email=goody%40mastodon.local&ip=192.168.42.0%2F24&limit=2"
    )
    await walk_two_pages(mocked, walk, first)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_accounts.v2")
    mocked.get(V2, payload=[admin_account_from(item) for item in example])
    accounts = await client.admin.accounts.list().take(len(example)).collect()
    assert [a.id for a in accounts] == [item["id"] for item in example]
    assert all(isinstance(a, AdminAccount) for a in accounts)
    assert accounts[0].email == example[0]["email"]
    assert isinstance(accounts[0].role, Role)
    no_body(only_request(mocked, "GET", V2))


async def test_list_without_a_link_header_pages_by_account_id(mocked, client):
    # Admin accounts are paged by their public ids: with no Link, the last id is the cursor.
    mocked.get(f"{V2}?limit=2", payload=[admin_account("20"), admin_account("19")])
    mocked.get(f"{V2}?limit=2&max_id=19", payload=[])
    accounts = await client.admin.accounts.list(limit=2).collect()
    assert [a.id for a in accounts] == ["20", "19"]
    sent_nothing_else(mocked, ("GET", f"{V2}?limit=2"), ("GET", f"{V2}?limit=2&max_id=19"))


async def test_list_v1_sends_set_flags_only(mocked, client):
    walk = client.admin.accounts.list_v1(
        local=True,
        remote=False,  # read by presence: "remote=false" would list remote accounts
        pending=True,
        sensitized=False,
        staff=True,
        username="goody",
        display_name="Goody",
        by_domain="mastodon.local",
        email="goody@mastodon.local",
        ip="192.168.42.1",
        limit=2,
    )
    first = (
        f"{V1}?local=true&pending=true&username=goody&display_name=Goody"
        "&by_domain=mastodon.local&email=goody%40mastodon.local&ip=192.168.42.1"
        "&staff=true&limit=2"
    )
    await walk_two_pages(mocked, walk, first)


@pytest.mark.parametrize("flag", ["active", "disabled", "silenced", "suspended"])
async def test_list_v1_status_flags(mocked, client, flag):
    url = f"{V1}?{flag}=true"
    example = method_example("admin_accounts.v1")
    mocked.get(url, payload=[admin_account_from(item) for item in example])
    accounts = await client.admin.accounts.list_v1(**{flag: True}).take(len(example)).collect()
    assert [a.id for a in accounts] == [item["id"] for item in example]
    assert isinstance(accounts[0], AdminAccount)
    no_body(only_request(mocked, "GET", url))


async def test_get(mocked, client):
    payload = account_example("admin_accounts.get-one")
    url = f"{V1}/{payload['id']}"
    mocked.get(url, payload=payload)
    got = await client.admin.accounts.get(payload["id"])
    assert isinstance(got, AdminAccount)
    assert got.username == "admin"
    assert got.account.id == payload["id"]
    no_body(only_request(mocked, "GET", url))


async def test_get_encodes_the_id(mocked, client):
    url = f"{V1}/a%2Fb"
    mocked.get(url, payload=admin_account("a/b"))
    got = await client.admin.accounts.get("a/b")
    assert got.id == "a/b"
    only_request(mocked, "GET", url)


@pytest.mark.parametrize(
    ("verb", "example", "field"),
    [
        ("approve", "admin_accounts.approve", "approved"),
        ("enable", "admin_accounts.enable", "disabled"),
        ("unsilence", "admin_accounts.unsilence", "silenced"),
        ("unsuspend", "admin_accounts.unsuspend", "suspended"),
        ("unsensitive", "admin_accounts.unsensitive", "sensitized"),
    ],
)
async def test_state_changes(mocked, client, verb, example, field):
    payload = account_example(example)
    url = f"{V1}/{payload['id']}/{verb}"
    mocked.post(url, payload=payload)
    got = await getattr(client.admin.accounts, verb)(payload["id"])
    assert isinstance(got, AdminAccount)
    assert got.id == payload["id"]
    assert getattr(got, field) is payload[field]
    no_body(only_request(mocked, "POST", url))


async def test_reject(mocked, client):
    payload = method_example("admin_accounts.reject")
    url = f"{V1}/{payload['id']}/reject"
    mocked.post(url, payload=payload)
    got = await client.admin.accounts.reject(payload["id"])
    assert isinstance(got, AdminAccount)
    assert got.email == payload["email"]
    no_body(only_request(mocked, "POST", url))


async def test_delete(mocked, client):
    payload = method_example("admin_accounts.delete")
    url = f"{V1}/{payload['id']}"
    mocked.delete(url, payload=payload)
    got = await client.admin.accounts.delete(payload["id"])
    assert isinstance(got, AdminAccount)
    assert got.suspended is True
    no_body(only_request(mocked, "DELETE", url))


@pytest.mark.parametrize(
    ("verb", "method", "suffix"), [("reject", "POST", "/reject"), ("delete", "DELETE", "")]
)
async def test_reject_and_delete_accept_an_empty_answer(mocked, client, verb, method, suffix):
    # Current Mastodon answers these with {} (the docs show the account).
    url = f"{V1}/9{suffix}"
    mocked.add(url, method, payload={})
    assert await getattr(client.admin.accounts, verb)("9") is None
    only_request(mocked, method, url)


async def test_moderate(mocked, client):
    url = f"{V1}/9/action"
    mocked.post(url, payload=method_example("admin_accounts.action"))
    result = await client.admin.accounts.moderate(
        "9",
        "suspend",
        report_id="3",
        warning_preset_id="1",
        text="Spam",
        send_email_notification=False,
    )
    assert result is None
    assert form_of(only_request(mocked, "POST", url)) == [
        ("type", "suspend"),
        ("report_id", "3"),
        ("warning_preset_id", "1"),
        ("text", "Spam"),
        ("send_email_notification", "false"),
    ]


async def test_moderate_with_the_type_only(mocked, client):
    url = f"{V1}/9/action"
    mocked.post(url, payload={})
    await client.admin.accounts.moderate("9", type="none")
    assert form_of(only_request(mocked, "POST", url)) == [("type", "none")]
