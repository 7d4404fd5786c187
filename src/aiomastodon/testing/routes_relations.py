"""Blocks, mutes, domain blocks and follow requests.

Each listing pages, newest first, by the id of its hidden record (the block, the mute,
the domain block, the follow request), which only the ``Link`` header carries, as
Mastodon's controllers do: ``GET /api/v1/blocks``, ``/mutes`` and ``/follow_requests``
(accounts, 40 a page by default) and ``GET /api/v1/domain_blocks`` (the domains as plain
strings, 100 a page). Acting answers the ``Relationship`` (``POST
/api/v1/accounts/:id/block``, ``unblock``, ``mute`` with ``notifications`` and
``duration`` in seconds, ``unmute``; ``POST /api/v1/follow_requests/:account_id/authorize``
and ``reject``); ``POST`` and ``DELETE /api/v1/domain_blocks`` take ``domain`` and answer
``{}``.
"""

from __future__ import annotations

from aiohttp import web

from .core import Core
from .paging import page
from .routes_timelines import link_for, paged_accounts
from .state import Account, ApiError

__all__ = ["setup"]


def setup(app: web.Application, server: Core) -> None:
    """Add the block, mute, domain block and follow request routes to ``app``."""
    routes = _RelationRoutes(server)
    add_get, add_post = app.router.add_get, app.router.add_post
    add_post("/api/v1/accounts/{id}/block", routes.block)
    add_post("/api/v1/accounts/{id}/unblock", routes.unblock)
    add_post("/api/v1/accounts/{id}/mute", routes.mute)
    add_post("/api/v1/accounts/{id}/unmute", routes.unmute)
    add_get("/api/v1/blocks", routes.blocks)
    add_get("/api/v1/mutes", routes.mutes)
    add_get("/api/v1/domain_blocks", routes.domain_blocks)
    add_post("/api/v1/domain_blocks", routes.block_domain)
    app.router.add_delete("/api/v1/domain_blocks", routes.unblock_domain)
    add_get("/api/v1/follow_requests", routes.follow_requests)
    add_post("/api/v1/follow_requests/{id}/authorize", routes.authorize)
    add_post("/api/v1/follow_requests/{id}/reject", routes.reject)


class _RelationRoutes:
    def __init__(self, server: Core) -> None:
        self.server = server
        self.world = server.world

    def _pair(self, request: web.Request) -> tuple[Account, Account]:
        return self.server.user(request), self.world.account(request.match_info["id"])

    def _relationship(self, user: Account, target: Account) -> web.Response:
        self.server.changed()
        return self.server.json(self.server.render.relationship(user, target))

    async def block(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/block``."""
        user, target = self._pair(request)
        self.world.block(user, target)
        return self._relationship(user, target)

    async def unblock(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/unblock``."""
        user, target = self._pair(request)
        self.world.unblock(user, target)
        return self._relationship(user, target)

    async def mute(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/mute`` (``notifications``, ``duration``)."""
        user, target = self._pair(request)
        params = self.server.params(request)
        raw = params.text("duration", "0").strip()
        if not raw.isdigit():
            raise ApiError(422, "Validation failed: Duration is not a number")
        notifications = params.flag("notifications", True)
        self.world.mute(user, target, notifications=notifications, duration=int(raw))
        return self._relationship(user, target)

    async def unmute(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/unmute``."""
        user, target = self._pair(request)
        self.world.unmute(user, target)
        return self._relationship(user, target)

    async def blocks(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/blocks``: paged by the blocks' ids."""
        user = self.server.user(request)
        records = [(b.id, b.target) for b in reversed(self.world.blocks) if b.account is user]
        return paged_accounts(self.server, request, records)

    async def mutes(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/mutes``: paged by the mutes' ids (ended mutes left out)."""
        user = self.server.user(request)
        records = [
            (m.id, m.target)
            for m in reversed(self.world.mutes)
            if m.account is user and self.world.mute_of(user, m.target) is m
        ]
        return paged_accounts(self.server, request, records)

    async def domain_blocks(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/domain_blocks``: the domains, paged by the blocks' ids."""
        user = self.server.user(request)
        records = [
            (d.id, d.domain) for d in reversed(self.world.domain_blocks) if d.account is user
        ]
        chosen, limit = page(records, request.query, 100, self.server.page_max)
        headers = link_for(self.server, request, [k for k, _ in chosen], limit)
        return self.server.json([domain for _, domain in chosen], headers=headers)

    async def block_domain(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/domain_blocks`` (``domain``)."""
        user = self.server.user(request)
        self.world.block_domain(user, self.server.params(request).text("domain"))
        self.server.changed()
        return self.server.json({})

    async def unblock_domain(self, request: web.Request) -> web.StreamResponse:
        """``DELETE /api/v1/domain_blocks`` (``domain``, in the query or the body)."""
        user = self.server.user(request)
        self.world.unblock_domain(user, self.server.params(request).text("domain"))
        self.server.changed()
        return self.server.json({})

    async def follow_requests(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/follow_requests``: paged by the requests' ids."""
        user = self.server.user(request)
        records = [
            (r.id, r.account) for r in reversed(self.world.follow_requests) if r.target is user
        ]
        return paged_accounts(self.server, request, records)

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/follow_requests/:account_id/authorize``."""
        user, requester = self._pair(request)
        self.world.answer_request(user, requester, accept=True)
        await self.server.settle()
        return self._relationship(user, requester)

    async def reject(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/follow_requests/:account_id/reject``."""
        user, requester = self._pair(request)
        self.world.answer_request(user, requester, accept=False)
        return self._relationship(user, requester)
