"""The ``Client``: one instance, one token, every endpoint group."""

from __future__ import annotations

import asyncio
import contextlib
import os
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, overload

from yarl import URL

from .__about__ import __version__
from ._requester import Requester
from ._sansio.routes import Route
from ._sansio.versions import ServerVersion
from .credentials import Credentials, load_credentials
from .errors import MastodonError, UnsupportedByServer
from .scheduler import BucketState, MemoryStore, Policy, RateLimitStore, Scheduler
from .scheduler.scheduler import DEFAULT_MAX_WAIT
from .server import ServerInfo
from .transport.base import DEFAULT_MAX_BODY_SIZE, Transport

T = TypeVar("T")

if TYPE_CHECKING:
    import aiohttp
    from typing_extensions import Unpack

    from .api.accounts import Accounts
    from .api.admin import Admin
    from .api.announcements import Announcements
    from .api.annual_reports import AnnualReports
    from .api.apps import Apps
    from .api.async_refreshes import AsyncRefreshes
    from .api.blocks import Blocks
    from .api.bookmarks import Bookmarks
    from .api.collections import Collections
    from .api.conversations import Conversations
    from .api.custom_emojis import CustomEmojis
    from .api.directory import Directory
    from .api.domain_blocks import DomainBlocks
    from .api.emails import Emails
    from .api.endorsements import Endorsements
    from .api.favourites import Favourites
    from .api.featured_tags import FeaturedTags
    from .api.filters import Filters
    from .api.follow_requests import FollowRequests
    from .api.followed_tags import FollowedTags
    from .api.grouped_notifications import GroupedNotifications
    from .api.health import Health
    from .api.instance import InstanceMethods
    from .api.lists import Lists
    from .api.markers import Markers
    from .api.media import Media
    from .api.mutes import Mutes
    from .api.notifications import Notifications
    from .api.notifications_alpha import NotificationsAlpha
    from .api.oauth import OAuth
    from .api.oembed import OEmbed
    from .api.polls import Polls
    from .api.preferences import Preferences
    from .api.profile import Profile
    from .api.proofs import Proofs
    from .api.push import Push
    from .api.reports import Reports
    from .api.scheduled_statuses import ScheduledStatuses
    from .api.search import SearchMethods
    from .api.statuses import Statuses
    from .api.suggestions import Suggestions
    from .api.tags import Tags
    from .api.timelines import Timelines
    from .api.trends import Trends
    from .entities import Entity
    from .pagination import Cursor, Paginator
    from .streaming import Streaming

__all__ = ["DEFAULT_USER_AGENT", "Client", "ClientOptions", "normalize_base_url"]

DEFAULT_USER_AGENT = f"aiomastodon/{__version__} (+https://pypi.org/project/aiomastodon/)"


def normalize_base_url(base_url: str | URL) -> URL:
    """The instance's origin as a URL: ``"example.social"`` → ``https://example.social``.

    Raises:
        ValueError: The value is not an http(s) URL with a host, or carries a query,
            fragment or credentials.
    """
    text = str(base_url).strip()
    if "://" not in text:
        text = f"https://{text}"
    try:
        url = URL(text)
    except ValueError as exc:
        raise ValueError(f"not a usable instance URL: {str(base_url)!r} ({exc})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"not an http(s) instance URL: {str(base_url)!r}")
    if any(char.isspace() for char in url.host):
        raise ValueError(f"not a usable instance URL: {str(base_url)!r} (space in the host)")
    if url.query_string or url.fragment or url.user or url.password:
        raise ValueError(
            f"the instance URL must not carry a query, fragment or credentials: {url.origin()}"
        )
    return url.with_path(url.path.rstrip("/") or "/")


class ClientOptions(TypedDict, total=False):
    """The keyword arguments of ``Client`` (for ``Client.from_credentials``)."""

    session: aiohttp.ClientSession | None
    user_agent: str
    timeout: float | None
    max_body_size: int
    ratelimit: Policy
    max_wait: float | None
    max_concurrency: int
    retries: int
    check_versions: bool
    streaming_url: str | None
    scheduler: Scheduler | None
    transport: Transport | None
    rate_limit_store: MemoryStore | RateLimitStore | str | None


class Client:
    """An asyncio client for one Mastodon server and (at most) one access token.

    Use it as an async context manager, or call ``close`` when done::

        async with Client("https://example.social", access_token=TOKEN) as client:
            me = await client.accounts.verify_credentials()

    Args:
        base_url: The server, e.g. ``"https://example.social"`` (``https://`` is assumed
            when no scheme is given).
        access_token: An OAuth access token; ``None`` for public, anonymous calls. It is
            sent only to ``base_url``'s origin (and, for streams, to the streaming server
            the instance names, or ``streaming_url``), and never appears in reprs, logs
            or errors.
        session: An ``aiohttp.ClientSession`` you own; the client uses it and never
            closes it. Without one, the client makes its own and closes it on exit.
        user_agent: The ``User-Agent`` header.
        timeout: Seconds allowed for one whole request, or ``None`` for no limit.
        max_body_size: The largest answer read, in bytes as decoded (a compressed body is
            measured inflated; a stream of server-sent events, per event): beyond it,
            [`ResponseTooLarge`][aiomastodon.errors.ResponseTooLarge]. 32 MiB by default,
            far above any answer of Mastodon's.
        ratelimit: How to spend the rate-limit budget: ``"wait"`` (the default: send
            freely, wait at zero), ``"pace"`` (spread the budget evenly to the reset) or
            ``"raise"`` (raise [`RateLimited`][aiomastodon.errors.RateLimited] instead of waiting).
        max_wait: Raise [`RateLimited`][aiomastodon.errors.RateLimited] rather than wait longer than
            this many seconds for the budget (a reset, a ``Retry-After``): 35 minutes by
            default, past Mastodon's longest window (30 minutes); ``None``: no bound.
        max_concurrency: Requests in flight at once, across all tasks using the client.
        retries: Retries of one call after transient failures (no answer, 502, 503, 504)
            and 429s; only requests that are safe to send twice are retried.
        check_versions: Before each call, judge the endpoint against
            [`server_info`][aiomastodon.Client.server_info] (asked once) and raise
            [`UnsupportedByServer`][aiomastodon.errors.UnsupportedByServer] instead of sending a
            request the server cannot know: Mastodon (and forks keeping its numbers) by
            the version that added the endpoint, other software by the features the
            server table (``docs/servers.md``) says it lacks. Unknown software, and
            features the table does not know for a server, are not refused.
        streaming_url: Where the streaming server is, if not where the instance says
            (``configuration.urls.streaming``) or, failing that, ``base_url``.
        scheduler: A ``Scheduler`` to use instead of making
            one (then ``ratelimit``, ``max_wait``, ``max_concurrency`` and ``retries`` are
            its own). Clients of the same account can share one, and so one budget.
        transport: Replaces the aiohttp transport altogether (``session``, ``timeout`` and
            ``max_body_size`` are then unused); for tests and custom stacks. It carries
            every byte the client moves: requests, streamed answers and WebSockets (see
            ``aiomastodon.transport.base.Transport``).
        rate_limit_store: Where the rate-limit budget lives (without ``scheduler``):
            ``None``, this process; ``"redis://host:6379/0"``, shared by every process
            using that Redis (needs ``aiomastodon[redis]``; see
            ``docs/ratelimits-redis.md``); or a store object, which you close.
    """

    def __init__(
        self,
        base_url: str | URL,
        access_token: str | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float | None = 30.0,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        ratelimit: Policy = "wait",
        max_wait: float | None = DEFAULT_MAX_WAIT,
        max_concurrency: int = 16,
        retries: int = 3,
        check_versions: bool = False,
        streaming_url: str | None = None,
        scheduler: Scheduler | None = None,
        transport: Transport | None = None,
        rate_limit_store: MemoryStore | RateLimitStore | str | None = None,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        if transport is None:
            from .transport.aiohttp import AiohttpTransport  # aiohttp loads with a client

            transport = AiohttpTransport(session, timeout=timeout, max_body_size=max_body_size)
        self._transport = transport
        self.scheduler = scheduler or Scheduler(
            policy=ratelimit,
            max_wait=max_wait,
            max_concurrency=max_concurrency,
            retries=retries,
            store=rate_limit_store,
        )
        self._owns_scheduler = scheduler is None
        self._requester = Requester(
            self.base_url,
            token=access_token,
            transport=self._transport,
            user_agent=user_agent,
            scheduler=self.scheduler,
        )
        self._streaming_url = streaming_url
        self._server_info: ServerInfo | None = None
        self._server_info_lock = asyncio.Lock()
        if check_versions:
            self._requester.before_send = self._check_version

    @classmethod
    def from_credentials(
        cls,
        credentials: Credentials | str | os.PathLike[str],
        **options: Unpack[ClientOptions],
    ) -> Client:
        """A client for the server and access token of saved credentials.

        Args:
            credentials: A ``Credentials``, or the path of a file
                ``aiomastodon.auth.save_credentials`` wrote (read with
                ``load_credentials``, which refuses a file other
                users can read). Without an access token, the client is anonymous.
            **options: The constructor's keyword arguments (``session``, ``timeout``,
                ``ratelimit``, ...).
        """
        if not isinstance(credentials, Credentials):
            credentials = load_credentials(credentials)
        return cls(credentials.base_url, credentials.access_token, **options)

    def __repr__(self) -> str:
        token = "set" if self._requester.has_token else "none"
        return f"Client({str(self.base_url)!r}, token={token})"

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- knowing the server (aiomastodon.server) ---------------------------------------

    async def server_info(self) -> ServerInfo:
        """What the server is: its software, versions and features (asked once, then kept).

        Asks ``GET /.well-known/nodeinfo`` and the NodeInfo 2.x document it links
        (``client.instance.nodeinfo()``), then ``GET /api/v2/instance`` (or
        ``/api/v1/instance`` where there is no v2), each through the ordinary request
        loop. NodeInfo is optional; so is the instance document for software without
        the Mastodon API. Tasks that ask at the same time share one set of requests; a
        failed attempt is not kept, so the next call asks again.

        Raises:
            MastodonError: Neither NodeInfo nor the instance document could be read.
        """
        if self._server_info is not None:
            return self._server_info
        async with self._server_info_lock:
            if self._server_info is None:
                nodeinfo = None
                with contextlib.suppress(MastodonError):  # optional: the instance says more
                    nodeinfo = await self.instance.nodeinfo()
                try:
                    version_text, api_versions = await self.instance._version()
                except MastodonError:
                    if nodeinfo is None:
                        raise
                    version_text, api_versions = None, {}
                self._server_info = ServerInfo.from_documents(
                    version_text,
                    api_versions,
                    nodeinfo_name=nodeinfo.software.name if nodeinfo else None,
                    nodeinfo_version=nodeinfo.software.version if nodeinfo else None,
                )
            return self._server_info

    async def server_version(self) -> ServerVersion:
        """The version the server reports, as [`server_info`][aiomastodon.Client.server_info]
        read it; ``.mastodon`` is ``None`` for other software than Mastodon."""
        info = await self.server_info()
        return ServerVersion(info.version_text, info.mastodon_version if info.is_mastodon else None)

    async def _check_version(self, route: Route) -> None:
        if route.name.startswith("instance."):
            return  # server_info asks these itself
        info = await self.server_info()
        feature = None if info.is_mastodon else info.refuses(route)
        version = ServerVersion(info.version_text, info.mastodon_version)
        if feature is None and not (info.is_mastodon and version.lacks(route.version)):
            return
        raise UnsupportedByServer(
            route.version or "",
            info.version_text if feature is None else info.name,
            method=route.method,
            path=route.path,
            feature=feature,
        )

    @overload
    def resume(self, cursor: Cursor) -> Paginator[Entity]: ...
    @overload
    def resume(self, cursor: Cursor, item_type: type[T]) -> Paginator[T]: ...
    def resume(self, cursor: Cursor, item_type: type[Any] | None = None) -> Paginator[Any]:
        """The walk a saved [`Cursor`][aiomastodon.Cursor] belongs to, continuing from it.

        The cursor names its endpoint, parameters, direction and entity, so the endpoint
        method need not be called again: ``client.resume(Cursor.from_json(saved))``.
        Pass ``item_type`` (``Status``) for a paginator typed as such.

        Raises:
            ValueError: The cursor is not one this version can resume (another
                endpoint table, or saved before cursors named their entity: resume
                those with the endpoint method's ``.resume()``), or its items are not
                ``item_type``.
        """
        from .pagination import resume

        return resume(self._requester, cursor, item_type)

    @property
    def rate_limits(self) -> list[BucketState]:
        """The rate-limit buckets of this client's host and token, as last known.

        One per budget seen so far: ``account`` (or ``ip`` without a token), and
        ``media`` or ``status_delete`` once those endpoints were used. Each has
        ``limit``, ``remaining``, ``reset_at`` and ``in_flight``.
        """
        return self.scheduler.state(self._requester.key)

    async def close(self) -> None:
        """Close every stream, and the HTTP session if the client made it."""
        if "streaming" in self.__dict__:
            await self.streaming.close()
        await self._transport.close()
        if self._owns_scheduler:
            await self.scheduler.aclose()

    # --- endpoint groups, one per methods page of the docs ----------------------------

    @cached_property
    def announcements(self) -> Announcements:
        """Announcements from the server's staff."""
        from .api.announcements import Announcements

        return Announcements(self._requester)

    @cached_property
    def annual_reports(self) -> AnnualReports:
        """Annual reports (Wrapstodon)."""
        from .api.annual_reports import AnnualReports

        return AnnualReports(self._requester)

    @cached_property
    def async_refreshes(self) -> AsyncRefreshes:
        """Asynchronous refreshes (alpha)."""
        from .api.async_refreshes import AsyncRefreshes

        return AsyncRefreshes(self._requester)

    @cached_property
    def collections(self) -> Collections:
        """Collections: curated sets of accounts."""
        from .api.collections import Collections

        return Collections(self._requester)

    @cached_property
    def conversations(self) -> Conversations:
        """Direct conversations."""
        from .api.conversations import Conversations

        return Conversations(self._requester)

    @cached_property
    def directory(self) -> Directory:
        """The profile directory."""
        from .api.directory import Directory

        return Directory(self._requester)

    @cached_property
    def emails(self) -> Emails:
        """Email confirmation."""
        from .api.emails import Emails

        return Emails(self._requester)

    @cached_property
    def endorsements(self) -> Endorsements:
        """Accounts you feature on your profile."""
        from .api.endorsements import Endorsements

        return Endorsements(self._requester)

    @cached_property
    def featured_tags(self) -> FeaturedTags:
        """Hashtags featured on your profile."""
        from .api.featured_tags import FeaturedTags

        return FeaturedTags(self._requester)

    @cached_property
    def filters(self) -> Filters:
        """Filters: hide or warn about statuses by keyword (v2), and the v1 filters."""
        from .api.filters import Filters

        return Filters(self._requester)

    @cached_property
    def followed_tags(self) -> FollowedTags:
        """Hashtags you follow."""
        from .api.followed_tags import FollowedTags

        return FollowedTags(self._requester)

    @cached_property
    def grouped_notifications(self) -> GroupedNotifications:
        """Grouped notifications (v2)."""
        from .api.grouped_notifications import GroupedNotifications

        return GroupedNotifications(self._requester)

    @cached_property
    def health(self) -> Health:
        """The server's health check."""
        from .api.health import Health

        return Health(self._requester)

    @cached_property
    def markers(self) -> Markers:
        """Read positions in timelines, saved across devices."""
        from .api.markers import Markers

        return Markers(self._requester)

    @cached_property
    def notifications_alpha(self) -> NotificationsAlpha:
        """Grouped notifications, alpha API (deprecated: use grouped_notifications)."""
        from .api.notifications_alpha import NotificationsAlpha

        return NotificationsAlpha(self._requester)

    @cached_property
    def oembed(self) -> OEmbed:
        """oEmbed for statuses."""
        from .api.oembed import OEmbed

        return OEmbed(self._requester)

    @cached_property
    def polls(self) -> Polls:
        """Polls: read and vote."""
        from .api.polls import Polls

        return Polls(self._requester)

    @cached_property
    def preferences(self) -> Preferences:
        """Your preferences."""
        from .api.preferences import Preferences

        return Preferences(self._requester)

    @cached_property
    def profile(self) -> Profile:
        """Your profile: avatar, header and the profile entity."""
        from .api.profile import Profile

        return Profile(self._requester)

    @cached_property
    def proofs(self) -> Proofs:
        """Identity proofs (removed)."""
        from .api.proofs import Proofs

        return Proofs(self._requester)

    @cached_property
    def push(self) -> Push:
        """Web Push subscriptions."""
        from .api.push import Push

        return Push(self._requester)

    @cached_property
    def scheduled_statuses(self) -> ScheduledStatuses:
        """Statuses scheduled for later."""
        from .api.scheduled_statuses import ScheduledStatuses

        return ScheduledStatuses(self._requester)

    @cached_property
    def suggestions(self) -> Suggestions:
        """Suggested accounts to follow."""
        from .api.suggestions import Suggestions

        return Suggestions(self._requester)

    @cached_property
    def tags(self) -> Tags:
        """Hashtags: look up, follow, feature."""
        from .api.tags import Tags

        return Tags(self._requester)

    @cached_property
    def trends(self) -> Trends:
        """Trending hashtags, statuses and links."""
        from .api.trends import Trends

        return Trends(self._requester)

    @cached_property
    def admin(self) -> Admin:
        """The admin API: ``client.admin.accounts``, ``client.admin.reports``, ..."""
        from .api.admin import Admin

        return Admin(self._requester)

    @cached_property
    def accounts(self) -> Accounts:
        """Accounts: profiles, relationships, follows, blocks and mutes by account."""
        from .api.accounts import Accounts

        return Accounts(self._requester)

    @cached_property
    def apps(self) -> Apps:
        """Apps: register an OAuth application."""
        from .api.apps import Apps

        return Apps(self._requester)

    @cached_property
    def blocks(self) -> Blocks:
        """Blocks: the accounts you block."""
        from .api.blocks import Blocks

        return Blocks(self._requester)

    @cached_property
    def bookmarks(self) -> Bookmarks:
        """Bookmarks: the statuses you bookmarked."""
        from .api.bookmarks import Bookmarks

        return Bookmarks(self._requester)

    @cached_property
    def custom_emojis(self) -> CustomEmojis:
        """Custom emojis of the server."""
        from .api.custom_emojis import CustomEmojis

        return CustomEmojis(self._requester)

    @cached_property
    def domain_blocks(self) -> DomainBlocks:
        """Domain blocks: whole servers you hide."""
        from .api.domain_blocks import DomainBlocks

        return DomainBlocks(self._requester)

    @cached_property
    def favourites(self) -> Favourites:
        """Favourites: the statuses you favourited."""
        from .api.favourites import Favourites

        return Favourites(self._requester)

    @cached_property
    def follow_requests(self) -> FollowRequests:
        """Follow requests to your locked account."""
        from .api.follow_requests import FollowRequests

        return FollowRequests(self._requester)

    @cached_property
    def instance(self) -> InstanceMethods:
        """The server's own description, rules and configuration."""
        from .api.instance import InstanceMethods

        return InstanceMethods(self._requester)

    @cached_property
    def lists(self) -> Lists:
        """Lists of accounts, and their members."""
        from .api.lists import Lists

        return Lists(self._requester)

    @cached_property
    def media(self) -> Media:
        """Media uploads."""
        from .api.media import Media

        return Media(self._requester)

    @cached_property
    def mutes(self) -> Mutes:
        """Mutes: the accounts you mute."""
        from .api.mutes import Mutes

        return Mutes(self._requester)

    @cached_property
    def notifications(self) -> Notifications:
        """Notifications."""
        from .api.notifications import Notifications

        return Notifications(self._requester)

    @cached_property
    def oauth(self) -> OAuth:
        """OAuth: authorization URL, tokens, revocation, user info, server metadata."""
        from .api.oauth import OAuth

        return OAuth(self._requester)

    @cached_property
    def reports(self) -> Reports:
        """Reports to the moderators."""
        from .api.reports import Reports

        return Reports(self._requester)

    @cached_property
    def search(self) -> SearchMethods:
        """Search for accounts, statuses and hashtags."""
        from .api.search import SearchMethods

        return SearchMethods(self._requester)

    @cached_property
    def statuses(self) -> Statuses:
        """Statuses: post, read, delete, favourite, boost, pin."""
        from .api.statuses import Statuses

        return Statuses(self._requester)

    @cached_property
    def streaming(self) -> Streaming:
        """Streams of live events: user, public, hashtag, list, direct."""
        from .streaming import Streaming

        return Streaming(self._requester, streaming_url=self._streaming_url)

    @cached_property
    def timelines(self) -> Timelines:
        """Timelines: home, public, hashtag, list."""
        from .api.timelines import Timelines

        return Timelines(self._requester)
