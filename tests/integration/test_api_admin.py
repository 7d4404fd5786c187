"""client.admin.* over real HTTP against mastodon-mock on 127.0.0.1.

The mock does not enforce staff roles (any token may moderate), so alice acts as the
moderator here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aiomastodon import Client, NotFound
from aiomastodon.entities import (
    Account,
    AdminAccount,
    AdminCanonicalEmailBlock,
    AdminDimension,
    AdminDomainAllow,
    AdminDomainBlock,
    AdminEmailDomainBlock,
    AdminIpBlock,
    AdminMeasure,
    AdminReport,
    AdminTag,
    Status,
)

pytestmark = pytest.mark.integration


async def _account(client: Client, username: str) -> Account:
    return await client.accounts.lookup(username)


async def test_accounts_list_and_page(alice: Client) -> None:
    local = await alice.admin.accounts.list(origin="local").collect()
    assert {"alice", "bob", "carol"} <= {a.username for a in local}
    assert all(isinstance(a, AdminAccount) and a.domain is None for a in local)
    # One per page: the walk follows the Link header (which the mock sends without the
    # filters; they are put back) and sees every account exactly once.
    paged = await alice.admin.accounts.list(origin="local", limit=1).collect()
    assert [a.id for a in paged] == [a.id for a in local]
    remote = await alice.admin.accounts.list_v1(remote=True).collect()
    assert [a.username for a in remote] == ["dave"]
    assert [a.username for a in await alice.admin.accounts.list_v1(username="car").collect()] == [
        "carol"
    ]


async def test_accounts_moderate_and_undo(alice: Client) -> None:
    bob = await _account(alice, "bob")
    accounts = alice.admin.accounts
    assert (await accounts.get(bob.id)).account.id == bob.id

    assert await accounts.moderate(bob.id, "silence", text="calm down") is None
    assert (await accounts.get(bob.id)).silenced is True
    silenced = await accounts.list(status="silenced").collect()
    assert [a.id for a in silenced] == [bob.id]
    assert (await accounts.unsilence(bob.id)).silenced is False

    await accounts.moderate(bob.id, "disable")
    assert (await accounts.get(bob.id)).disabled is True
    assert (await accounts.enable(bob.id)).disabled is False

    await accounts.moderate(bob.id, "sensitive")
    assert (await accounts.get(bob.id)).sensitized is True
    assert (await accounts.unsensitive(bob.id)).sensitized is False

    await accounts.moderate(bob.id, "suspend", send_email_notification=False)
    assert (await accounts.get(bob.id)).suspended is True
    assert (await accounts.unsuspend(bob.id)).suspended is False

    assert (await accounts.approve(bob.id)).approved is True


async def test_accounts_reject_and_delete(alice: Client) -> None:
    carol = await _account(alice, "carol")
    dave = await _account(alice, "dave@remote.example")
    rejected = await alice.admin.accounts.reject(carol.id)
    assert rejected is None or rejected.id == carol.id
    deleted = await alice.admin.accounts.delete(dave.id)
    assert deleted is None or deleted.id == dave.id
    for gone in (carol.id, dave.id):
        with pytest.raises(NotFound):
            await alice.admin.accounts.get(gone)


async def test_reports_triage(alice: Client, bob: Client) -> None:
    carol = await _account(bob, "carol")
    filed = await bob.reports.create(carol.id, comment="spam", category="spam")
    reports = alice.admin.reports
    open_reports = await reports.list(target_account_id=carol.id).collect()
    assert [r.id for r in open_reports] == [filed.id]
    report = await reports.get(filed.id)
    assert isinstance(report, AdminReport)
    assert (report.target_account.id, report.comment) == (carol.id, "spam")

    assigned = await reports.assign_to_self(filed.id)
    assert assigned.assigned_account is not None
    assert assigned.assigned_account.username == "alice"
    assert (await reports.unassign(filed.id)).assigned_account is None

    assert (await reports.resolve(filed.id)).action_taken is True
    assert [r.id for r in await reports.list().collect()] == []
    assert [r.id for r in await reports.list(resolved=True).collect()] == [filed.id]
    assert (await reports.reopen(filed.id)).action_taken is False

    # Acting on the account with the report settles the report.
    await alice.admin.accounts.moderate(carol.id, "none", report_id=filed.id)
    assert (await reports.get(filed.id)).action_taken is True


async def test_domain_blocks(alice: Client) -> None:
    blocks = alice.admin.domain_blocks
    created = await blocks.create(
        "spam.example", severity="suspend", reject_media=True, public_comment="spam"
    )
    assert isinstance(created, AdminDomainBlock)
    assert (created.domain, created.severity, created.reject_media) == (
        "spam.example",
        "suspend",
        True,
    )
    updated = await blocks.update(created.id, severity="silence", obfuscate=True)
    assert (updated.severity, updated.obfuscate, updated.public_comment) == (
        "silence",
        True,
        "spam",
    )
    assert (await blocks.get(created.id)).severity == "silence"
    assert [b.id for b in await blocks.list().collect()] == [created.id]
    assert await blocks.delete(created.id) is None
    with pytest.raises(NotFound):
        await blocks.get(created.id)


async def test_domain_allows(alice: Client) -> None:
    allows = alice.admin.domain_allows
    created = await allows.create("friends.example")
    assert isinstance(created, AdminDomainAllow)
    assert (await allows.create("friends.example")).id == created.id  # idempotent
    assert (await allows.get(created.id)).domain == "friends.example"
    assert [a.domain for a in await allows.list().collect()] == ["friends.example"]
    removed = await allows.delete(created.id)
    assert removed is None or removed.id == created.id
    assert await allows.list().collect() == []


async def test_email_domain_blocks(alice: Client) -> None:
    blocks = alice.admin.email_domain_blocks
    created = await blocks.create("throwaway.example")
    assert isinstance(created, AdminEmailDomainBlock)
    assert (await blocks.get(created.id)).domain == "throwaway.example"
    assert [b.id for b in await blocks.list().collect()] == [created.id]
    assert await blocks.delete(created.id) is None
    assert await blocks.list().collect() == []


async def test_canonical_email_blocks(alice: Client) -> None:
    blocks = alice.admin.canonical_email_blocks
    assert await blocks.test("spammer@example.com") == []
    by_email = await blocks.create("spammer@example.com")
    assert isinstance(by_email, AdminCanonicalEmailBlock)
    # Another spelling of the same address matches the block.
    matches = await blocks.test("Spam.mer+again@example.com")
    assert [m.id for m in matches] == [by_email.id]
    by_hash = await blocks.create(canonical_email_hash="0" * 64)
    assert by_hash.canonical_email_hash == "0" * 64
    assert (await blocks.get(by_email.id)).canonical_email_hash == by_email.canonical_email_hash
    listed = await blocks.list(limit=1).collect()  # one per page, over the Link header
    assert [b.id for b in listed] == [by_hash.id, by_email.id]
    assert await blocks.delete(by_email.id) is None
    assert await blocks.test("spammer@example.com") == []


async def test_ip_blocks(alice: Client) -> None:
    blocks = alice.admin.ip_blocks
    created = await blocks.create(
        "192.0.2.0/24", severity="sign_up_block", comment="abuse", expires_in=3600
    )
    assert isinstance(created, AdminIpBlock)
    assert (created.ip, created.severity, created.comment) == (
        "192.0.2.0/24",
        "sign_up_block",
        "abuse",
    )
    assert created.expires_at is not None
    assert created.expires_at > datetime.now(timezone.utc)
    updated = await blocks.update(created.id, severity="no_access")
    assert (updated.severity, updated.ip) == ("no_access", "192.0.2.0/24")
    assert (await blocks.get(created.id)).severity == "no_access"
    assert [b.id for b in await blocks.list().collect()] == [created.id]
    assert await blocks.delete(created.id) is None
    with pytest.raises(NotFound):
        await blocks.get(created.id)


async def test_statistics_and_trends(alice: Client) -> None:
    end = datetime.now(timezone.utc)
    start = end - timedelta(days=7)
    measures = await alice.admin.measures.get(
        ["active_users", "new_users"], start_at=start, end_at=end
    )
    assert [m.key for m in measures] == ["active_users", "new_users"]
    assert all(isinstance(m, AdminMeasure) for m in measures)
    dimensions = await alice.admin.dimensions.get(["languages"], start_at=start, end_at=end)
    assert [d.key for d in dimensions] == ["languages"]
    assert isinstance(dimensions[0], AdminDimension)
    assert await alice.admin.retention.get(start_at=start, end_at=end, frequency="day") == []

    await alice.statuses.create("trending now #aiomastodon")
    tags = await alice.admin.trends.tags()
    assert all(isinstance(t, AdminTag) for t in tags)
    statuses = await alice.admin.trends.statuses()
    assert all(isinstance(s, Status) for s in statuses)
    assert await alice.admin.trends.links() == []
