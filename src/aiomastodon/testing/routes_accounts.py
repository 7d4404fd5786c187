"""Accounts, follows, lists and search.

``followers``, ``following`` and a list's accounts page by the follow and membership
records' ids (``Link`` only); an account's statuses by the statuses' ids. A list's
accounts with ``limit=0`` are all of them, unpaged. ``GET /api/v2/search`` matches
accounts by username or display name, hashtags by name, and statuses by their text
among those the viewer may see; ``type`` picks one kind, ``limit`` and ``offset`` page.
"""

from __future__ import annotations

from aiohttp import web

from .core import Core
from .paging import offset_page
from .routes_timelines import paged_accounts, paged_statuses
from .state import REPLIES_POLICIES, Account, ApiError, MemberList, RepliesPolicy, not_found

__all__ = ["setup"]


def setup(app: web.Application, server: Core) -> None:
    """Add the account, list and search routes to ``app``."""
    routes = _AccountRoutes(server)
    add_get, add_post = app.router.add_get, app.router.add_post
    add_get("/api/v1/accounts/verify_credentials", routes.verify_credentials)
    add_get("/api/v1/accounts/relationships", routes.relationships)
    add_get("/api/v1/accounts/lookup", routes.lookup)
    add_get("/api/v1/accounts/search", routes.search_accounts)
    add_get("/api/v1/accounts/{id}", routes.get)
    add_get("/api/v1/accounts/{id}/statuses", routes.statuses)
    add_get("/api/v1/accounts/{id}/followers", routes.followers)
    add_get("/api/v1/accounts/{id}/following", routes.following)
    add_get("/api/v1/accounts/{id}/lists", routes.account_lists)
    add_post("/api/v1/accounts/{id}/follow", routes.follow)
    add_post("/api/v1/accounts/{id}/unfollow", routes.unfollow)
    add_get("/api/v1/lists", routes.lists)
    add_post("/api/v1/lists", routes.create_list)
    add_get("/api/v1/lists/{id}", routes.get_list)
    app.router.add_put("/api/v1/lists/{id}", routes.update_list)
    app.router.add_delete("/api/v1/lists/{id}", routes.delete_list)
    add_get("/api/v1/lists/{id}/accounts", routes.list_accounts)
    add_post("/api/v1/lists/{id}/accounts", routes.add_list_accounts)
    app.router.add_delete("/api/v1/lists/{id}/accounts", routes.remove_list_accounts)
    add_get("/api/v2/search", routes.search)


class _AccountRoutes:
    def __init__(self, server: Core) -> None:
        self.server = server
        self.world = server.world
        self.render = server.render

    def _target(self, request: web.Request) -> Account:
        return self.world.account(request.match_info["id"])

    def _accounts_page(
        self, request: web.Request, records: list[tuple[int, Account]]
    ) -> web.Response:
        return paged_accounts(self.server, request, records)

    async def verify_credentials(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/verify_credentials``."""
        return self.server.json(self.render.credential_account(self.server.user(request)))

    async def get(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/:id``."""
        return self.server.json(self.render.account(self._target(request)))

    async def lookup(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/lookup?acct=``."""
        acct = request.query.get("acct", "")
        username, _, _domain = acct.removeprefix("@").partition("@")
        account = self.world.named_or_none(username)
        if account is None:
            raise not_found()
        return self.server.json(self.render.account(account))

    async def statuses(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/:id/statuses``."""
        params = self.server.params(request)
        viewer = self.server.viewer(request)
        statuses = self.world.by_account(
            viewer,
            self._target(request),
            exclude_replies=params.flag("exclude_replies"),
            exclude_reblogs=params.flag("exclude_reblogs"),
            only_media=params.flag("only_media"),
            pinned=params.flag("pinned"),
            tagged=params.get("tagged"),
        )
        records = [(int(s.id), s) for s in statuses]
        return paged_statuses(self.server, request, records, viewer)

    async def followers(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/:id/followers``: paged by the follows' ids."""
        target = self._target(request)
        records = [(f.id, f.account) for f in reversed(self.world.follows) if f.target is target]
        return self._accounts_page(request, records)

    async def following(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/:id/following``: paged by the follows' ids."""
        target = self._target(request)
        records = [(f.id, f.target) for f in reversed(self.world.follows) if f.account is target]
        return self._accounts_page(request, records)

    async def follow(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/follow`` (``notify``, ``reblogs``)."""
        user = self.server.user(request)
        target = self._target(request)
        params = self.server.params(request)
        self.world.follow(
            user, target, notify=params.flag("notify"), reblogs=params.flag("reblogs", True)
        )
        await self.server.settle()
        return self.server.json(self.render.relationship(user, target))

    async def unfollow(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/accounts/:id/unfollow``."""
        user = self.server.user(request)
        target = self._target(request)
        self.world.unfollow(user, target)
        self.server.changed()
        return self.server.json(self.render.relationship(user, target))

    async def relationships(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/relationships?id[]=``."""
        user = self.server.user(request)
        found = [
            self.render.relationship(user, self.world.accounts[i])
            for i in self.server.params(request).list("id")
            if i in self.world.accounts
        ]
        return self.server.json(found)

    def _matching_accounts(self, query: str) -> list[Account]:
        wanted = query.removeprefix("@").partition("@")[0].lower()
        return [
            a
            for a in self.world.accounts.values()
            if wanted and (wanted in a.username.lower() or wanted in a.display_name.lower())
        ]

    async def search_accounts(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/search?q=`` (``limit``, ``offset``)."""
        found = self._matching_accounts(request.query.get("q", ""))
        chosen, _ = offset_page(found, request.query, 40)
        return self.server.json([self.render.account(a) for a in chosen])

    async def search(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v2/search?q=`` (``type``, ``limit``, ``offset``)."""
        viewer = self.server.viewer(request)
        query = request.query.get("q", "").strip()
        kind = request.query.get("type")
        accounts = self._matching_accounts(query) if kind in (None, "accounts") else []
        wanted = query.lower().removeprefix("#")
        tags: list[str] = []
        statuses = []
        if kind in (None, "hashtags") and wanted:
            for status in self.world.statuses.values():
                for tag in status.tags:
                    if tag.startswith(wanted) and tag not in tags:
                        tags.append(tag)
        if kind in (None, "statuses") and wanted:
            statuses = [
                s
                for s in sorted(self.world.statuses.values(), key=lambda s: -int(s.id))
                if s.reblog is None
                and self.world.can_see(viewer, s)
                and (wanted in s.text.lower() or _is_url_of(self.server, s.id, query))
            ]
        if kind is None or viewer is None:  # offset needs a type (and a user)
            query_dict = {k: v for k, v in request.query.items() if k != "offset"}
        else:
            query_dict = dict(request.query)
        chosen_accounts, _ = offset_page(accounts, query_dict, 20)
        chosen_tags, _ = offset_page(tags, query_dict, 20)
        chosen_statuses, _ = offset_page(statuses, query_dict, 20)
        return self.server.json(
            {
                "accounts": [self.render.account(a) for a in chosen_accounts],
                "statuses": [self.render.status(s, viewer) for s in chosen_statuses],
                "hashtags": [
                    {
                        "name": t,
                        "url": f"{self.server.url}/tags/{t}",
                        "history": [],
                        "following": False,
                    }
                    for t in chosen_tags
                ],
            }
        )

    # --- lists ---------------------------------------------------------------------------

    def _list(self, request: web.Request) -> MemberList:
        return self.world.own_list(self.server.user(request), request.match_info["id"])

    async def lists(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/lists``."""
        user = self.server.user(request)
        owned = [lst for lst in self.world.lists.values() if lst.owner is user]
        return self.server.json([self.render.list(lst) for lst in owned])

    async def account_lists(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/accounts/:id/lists``: the viewer's lists that hold the account."""
        user = self.server.user(request)
        target = self._target(request)
        holding = [
            lst for lst in self.world.lists.values() if lst.owner is user and lst.has(target)
        ]
        return self.server.json([self.render.list(lst) for lst in holding])

    async def create_list(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/lists`` (``title``, ``replies_policy``, ``exclusive``)."""
        user = self.server.user(request)
        params = self.server.params(request)
        member_list = self.world.create_list(
            user,
            params.text("title"),
            replies_policy=_policy(params.get("replies_policy") or "list"),
            exclusive=params.flag("exclusive"),
        )
        self.server.changed()
        return self.server.json(self.render.list(member_list))

    async def get_list(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/lists/:id``."""
        return self.server.json(self.render.list(self._list(request)))

    async def update_list(self, request: web.Request) -> web.StreamResponse:
        """``PUT /api/v1/lists/:id``."""
        member_list = self._list(request)
        params = self.server.params(request)
        title = params.get("title")
        if title is not None:
            if not title.strip():
                raise ApiError(422, "Validation failed: Title can't be blank")
            member_list.title = title
        policy = params.get("replies_policy")
        if policy is not None:
            member_list.replies_policy = _policy(policy)
        if params.has("exclusive"):
            member_list.exclusive = params.flag("exclusive")
        self.server.changed()
        return self.server.json(self.render.list(member_list))

    async def delete_list(self, request: web.Request) -> web.StreamResponse:
        """``DELETE /api/v1/lists/:id``."""
        member_list = self._list(request)
        del self.world.lists[member_list.id]
        self.server.changed()
        return self.server.json({})

    async def list_accounts(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/lists/:id/accounts``: paged by membership ids; ``limit=0``: all."""
        member_list = self._list(request)
        records = [(m.id, m.account) for m in reversed(member_list.members)]
        if request.query.get("limit") == "0":
            return self.server.json([self.render.account(a) for _, a in records])
        return self._accounts_page(request, records)

    def _account_ids(self, request: web.Request) -> list[Account]:
        ids = self.server.params(request).list("account_ids")
        return [self.world.account(i) for i in ids]

    async def add_list_accounts(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/lists/:id/accounts`` (``account_ids[]``, followed ones only)."""
        member_list = self._list(request)
        self.world.add_to_list(member_list, self._account_ids(request))
        self.server.changed()
        return self.server.json({})

    async def remove_list_accounts(self, request: web.Request) -> web.StreamResponse:
        """``DELETE /api/v1/lists/:id/accounts`` (``account_ids[]``)."""
        member_list = self._list(request)
        gone = self._account_ids(request)
        member_list.members = [m for m in member_list.members if m.account not in gone]
        self.server.changed()
        return self.server.json({})


def _is_url_of(server: Core, status_id: str, query: str) -> bool:
    """Whether ``query`` is the status's own URL or URI (search with ``resolve``)."""
    return query.startswith(server.url) and query.rstrip("/").endswith("/" + status_id)


def _policy(value: str) -> RepliesPolicy:
    for policy in REPLIES_POLICIES:
        if policy == value:
            return policy
    raise ApiError(422, "Validation failed: Replies policy is not included in the list")
