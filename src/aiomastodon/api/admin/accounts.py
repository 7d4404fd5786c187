"""Moderate accounts.

Docs: https://docs.joinmastodon.org/methods/admin/accounts/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType, as_array
from ..._sansio.routes import route
from ...entities import AdminAccount
from ...pagination import Paginator
from .._base import Namespace, cursor_query
from ..enums import AdminAccountAction, AdminAccountOrigin, AdminAccountStatus, OneOrMany, Raw
from ._common import call_or_none, flag

__all__ = ["AdminAccounts"]

LIST = route("GET", "/api/v2/admin/accounts", "admin.accounts.list", paging="id", version="3.5.0")
LIST_V1 = route(
    "GET", "/api/v1/admin/accounts", "admin.accounts.list_v1", paging="id", version="2.9.1"
)
GET = route("GET", "/api/v1/admin/accounts/:id", "admin.accounts.get", version="2.9.1")
APPROVE = route(
    "POST",
    "/api/v1/admin/accounts/:id/approve",
    "admin.accounts.approve",
    version="2.9.1",
    retry_safe=True,
)
REJECT = route(
    "POST",
    "/api/v1/admin/accounts/:id/reject",
    "admin.accounts.reject",
    version="2.9.1",
    retry_safe=True,
)
DELETE = route("DELETE", "/api/v1/admin/accounts/:id", "admin.accounts.delete", version="3.3.0")
MODERATE = route(
    "POST", "/api/v1/admin/accounts/:id/action", "admin.accounts.moderate", version="2.9.1"
)
ENABLE = route(
    "POST",
    "/api/v1/admin/accounts/:id/enable",
    "admin.accounts.enable",
    version="2.9.1",
    retry_safe=True,
)
UNSILENCE = route(
    "POST",
    "/api/v1/admin/accounts/:id/unsilence",
    "admin.accounts.unsilence",
    version="2.9.1",
    retry_safe=True,
)
UNSUSPEND = route(
    "POST",
    "/api/v1/admin/accounts/:id/unsuspend",
    "admin.accounts.unsuspend",
    version="2.9.1",
    retry_safe=True,
)
UNSENSITIVE = route(
    "POST",
    "/api/v1/admin/accounts/:id/unsensitive",
    "admin.accounts.unsensitive",
    version="3.3.0",
    retry_safe=True,
)


class AdminAccounts(Namespace):
    """``client.admin.accounts``: find, approve, limit and restore accounts.

    Needs a token with ``admin:read:accounts`` / ``admin:write:accounts`` of a user
    whose role may manage users.
    """

    __slots__ = ()

    def list(
        self,
        *,
        origin: AdminAccountOrigin | Raw | UnsetType = UNSET,
        status: AdminAccountStatus | Raw | UnsetType = UNSET,
        permissions: str | UnsetType = UNSET,
        role_ids: OneOrMany[str] | UnsetType = UNSET,
        invited_by: str | UnsetType = UNSET,
        username: str | UnsetType = UNSET,
        display_name: str | UnsetType = UNSET,
        by_domain: str | UnsetType = UNSET,
        email: str | UnsetType = UNSET,
        ip: str | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminAccount]:
        """``GET /api/v2/admin/accounts``: accounts matching moderation filters.

        The server lists local, active accounts unless told otherwise.

        Args:
            origin: ``local`` or ``remote``.
            status: ``active``, ``pending``, ``disabled``, ``silenced`` or ``suspended``.
            permissions: ``staff``: only accounts whose role has any permission.
            role_ids: Only accounts with one of these roles (``role_ids[]``; 4.0+).
            invited_by: Only accounts invited by this account id.
            username: Usernames matching this.
            display_name: Display names matching this.
            by_domain: Only accounts of this domain.
            email: Emails matching this.
            ip: Only accounts that signed in from this IP or CIDR range.
            limit: Accounts per page (default 100, at most 200).
            max_id: Start below this id (older).
            since_id: Only accounts newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#v2
        """
        query = {
            "origin": origin,
            "status": status,
            "permissions": permissions,
            "role_ids": as_array(role_ids),
            "invited_by": invited_by,
            "username": username,
            "display_name": display_name,
            "by_domain": by_domain,
            "email": email,
            "ip": ip,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, LIST, AdminAccount, query=query)

    def list_v1(
        self,
        *,
        local: bool | UnsetType = UNSET,
        remote: bool | UnsetType = UNSET,
        active: bool | UnsetType = UNSET,
        pending: bool | UnsetType = UNSET,
        disabled: bool | UnsetType = UNSET,
        silenced: bool | UnsetType = UNSET,
        suspended: bool | UnsetType = UNSET,
        sensitized: bool | UnsetType = UNSET,
        username: str | UnsetType = UNSET,
        display_name: str | UnsetType = UNSET,
        by_domain: str | UnsetType = UNSET,
        email: str | UnsetType = UNSET,
        ip: str | UnsetType = UNSET,
        staff: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminAccount]:
        """``GET /api/v1/admin/accounts``: accounts matching moderation filters (v1 form).

        Prefer [`list`][aiomastodon.api.admin.accounts.AdminAccounts.list] (v2, Mastodon 3.5+). The
        v1 filters are flags the server reads by presence (``remote=false`` would still mean
        remote), so a flag set to ``False`` is not sent at all, the same as leaving it out.

        Args:
            local: Only local accounts (the server's default).
            remote: Only remote accounts.
            active: Only active accounts (the default).
            pending: Only accounts waiting for approval.
            disabled: Only accounts whose login is disabled.
            silenced: Only limited accounts.
            suspended: Only suspended accounts.
            sensitized: Only accounts whose media is forced sensitive (3.3+).
            username: Usernames matching this.
            display_name: Display names matching this.
            by_domain: Only accounts of this domain.
            email: Emails matching this.
            ip: Only accounts that signed in from this IP.
            staff: Only staff accounts.
            limit: Accounts per page (default 100, at most 200).
            max_id: Start below this id (older).
            since_id: Only accounts newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#v1
        """
        query = {
            "local": flag(local),
            "remote": flag(remote),
            "active": flag(active),
            "pending": flag(pending),
            "disabled": flag(disabled),
            "silenced": flag(silenced),
            "suspended": flag(suspended),
            "sensitized": flag(sensitized),
            "username": username,
            "display_name": display_name,
            "by_domain": by_domain,
            "email": email,
            "ip": ip,
            "staff": flag(staff),
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, LIST_V1, AdminAccount, query=query)

    async def get(self, account_id: str, /) -> AdminAccount:
        """``GET /api/v1/admin/accounts/:id``: one account, as moderators see it.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#get-one
        """
        return await self._requester.call(AdminAccount, GET, account_id)

    async def approve(self, account_id: str, /) -> AdminAccount:
        """``POST /api/v1/admin/accounts/:id/approve``: approve a pending sign-up.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#approve
        """
        return await self._requester.call(AdminAccount, APPROVE, account_id)

    async def reject(self, account_id: str, /) -> AdminAccount | None:
        """``POST /api/v1/admin/accounts/:id/reject``: reject a pending sign-up (deleting it).

        Returns the rejected account as it was, or ``None`` from servers that answer
        with an empty object (current Mastodon does; the docs show the account).

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#reject
        """
        return await call_or_none(self._requester, AdminAccount, REJECT, account_id)

    async def delete(self, account_id: str, /) -> AdminAccount | None:
        """``DELETE /api/v1/admin/accounts/:id``: delete the data of a suspended account.

        The deletion runs in the background. Returns the account as it was, or
        ``None`` from servers that answer with an empty object (current Mastodon does;
        the docs show the account).

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#delete
        """
        return await call_or_none(self._requester, AdminAccount, DELETE, account_id)

    async def moderate(
        self,
        account_id: str,
        /,
        type: AdminAccountAction | Raw,
        *,
        report_id: str | UnsetType = UNSET,
        warning_preset_id: str | UnsetType = UNSET,
        text: str | UnsetType = UNSET,
        send_email_notification: bool | UnsetType = UNSET,
    ) -> None:
        """``POST /api/v1/admin/accounts/:id/action``: act against an account.

        ``none`` only warns; ``sensitive`` forces its media sensitive; ``disable``
        blocks its login; ``silence`` limits it; ``suspend`` suspends it. Undo with
        [`unsensitive`][aiomastodon.api.admin.accounts.AdminAccounts.unsensitive],
        [`enable`][aiomastodon.api.admin.accounts.AdminAccounts.enable],
        [`unsilence`][aiomastodon.api.admin.accounts.AdminAccounts.unsilence],
        [`unsuspend`][aiomastodon.api.admin.accounts.AdminAccounts.unsuspend].

        Args:
            type: ``none``, ``sensitive``, ``disable``, ``silence`` or ``suspend``.
            report_id: The report this settles (it is marked resolved).
            warning_preset_id: A saved warning text to use.
            text: A note for the user, added to the warning.
            send_email_notification: Email the user about it (default true).

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#action
        """
        form = {
            "type": type,
            "report_id": report_id,
            "warning_preset_id": warning_preset_id,
            "text": text,
            "send_email_notification": send_email_notification,
        }
        await self._requester.send(MODERATE, account_id, form=form)

    async def enable(self, account_id: str, /) -> AdminAccount:
        """``POST /api/v1/admin/accounts/:id/enable``: let a disabled account log in again.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#enable
        """
        return await self._requester.call(AdminAccount, ENABLE, account_id)

    async def unsilence(self, account_id: str, /) -> AdminAccount:
        """``POST /api/v1/admin/accounts/:id/unsilence``: lift a limit.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsilence
        """
        return await self._requester.call(AdminAccount, UNSILENCE, account_id)

    async def unsuspend(self, account_id: str, /) -> AdminAccount:
        """``POST /api/v1/admin/accounts/:id/unsuspend``: lift a suspension.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsuspend
        """
        return await self._requester.call(AdminAccount, UNSUSPEND, account_id)

    async def unsensitive(self, account_id: str, /) -> AdminAccount:
        """``POST /api/v1/admin/accounts/:id/unsensitive``: stop forcing media sensitive.

        Docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsensitive
        """
        return await self._requester.call(AdminAccount, UNSENSITIVE, account_id)
