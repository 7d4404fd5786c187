"""The request loop: every call of every endpoint goes through ``Requester.send``.

build (pure) → scheduler slot → transport → observe → redirect, error, retry or answer →
decode (pure).

Nothing above this module sleeps, retries or reads headers; nothing below it knows an
endpoint. The rate-limit scheduler and the retry policy plug in here, in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ._sansio.origin import Identity, describe_origin, next_hop
from ._sansio.ratelimit import as_datetime
from ._sansio.request import FileInput, UnsetType, build_request
from ._sansio.response import RawResponse, decode_body, error_for, says_no_route
from ._sansio.routes import Route
from .errors import HTTPError, NotFound, PaginationError, RateLimited, TransportError
from .scheduler.scheduler import Scheduler, token_key
from .transport.base import Transport

__all__ = ["Requester"]

T = TypeVar("T")

log = logging.getLogger("aiomastodon")


class Requester:
    """Sends requests for one instance and one token, through the scheduler.

    Args:
        base_url: The instance origin (with a base path, if it has one).
        token: The access token, or ``None`` for anonymous calls. Sent only in the
            ``Authorization`` header, only to ``base_url``'s origin.
        transport: Moves the bytes.
        user_agent: The ``User-Agent`` header.
        scheduler: Rate limits and retries; shared by every task of the client.
    """

    def __init__(
        self,
        base_url: URL,
        *,
        token: str | None,
        transport: Transport,
        user_agent: str,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.base_url = base_url
        self.before_send: Callable[[Route], Awaitable[None]] | None = None
        """Awaited with the route before each call is sent (the client's version check)."""
        self.identity = Identity.for_instance(base_url, user_agent, token)
        """Every request's headers, and where the token may go (``_sansio/origin.py``)."""
        self.transport = transport
        self.scheduler = scheduler or Scheduler()
        self.key = token_key(base_url.host or "", token)
        # Every REST request goes to base_url's origin: its headers are decided once, and
        # every request without a body or headers of its own carries this very mapping.
        self._headers = CIMultiDictProxy(CIMultiDict(self.identity.headers(base_url)))
        self._origin = (base_url.scheme, base_url.host, base_url.port)

    def __repr__(self) -> str:
        token = "set" if self.has_token else "none"
        return f"Requester({str(self.base_url)!r}, token={token})"

    @property
    def has_token(self) -> bool:
        """Whether requests are sent with an access token."""
        return self.identity.token is not None

    async def sleep(self, seconds: float) -> None:
        """Wait, on the scheduler's (injectable) clock."""
        await self.scheduler.sleep(seconds)

    async def send(
        self,
        route: Route,
        *path_args: str,
        query: Mapping[str, object] | None = None,
        form: Mapping[str, object] | None = None,
        files: Mapping[str, FileInput | UnsetType] | None = None,
        headers: Mapping[str, str] | None = None,
        url: URL | None = None,
    ) -> RawResponse:
        """Send one call of ``route`` and return the successful answer.

        The request waits for its rate-limit slot, and is retried (the same bytes, the
        same ``Idempotency-Key``) after transient failures when that is harmless. A
        redirect is followed only as ``_sansio/origin.next_hop`` allows (same origin,
        GET and HEAD, a few in a row); each hop takes its own slot.

        Args:
            url: Request this exact URL (a ``Link`` the server gave) instead of building
                one from ``route`` and ``query``. It must be on ``base_url``'s origin.

        Raises:
            HTTPError: The server answered 4xx/5xx (the subclass fits the status).
            RateLimited: The budget is spent and the policy or ``max_wait`` forbids waiting.
            TransportError: No answer arrived (after the retries allowed).
            ResponseTooLarge: The answer is larger than the transport's ``max_body_size``.
            ProtocolError: The answer is not readable HTTP, or ``url`` cannot be requested
                (it carries credentials, say); not retried.
            PaginationError: ``url`` is on another origin than ``base_url``.
            RedirectRefused: The server redirected where the rule forbids.
        """
        if url is not None:
            self._check_link(url, route)
        if self.before_send is not None:
            await self.before_send(route)
        request = build_request(
            self.base_url,
            route,
            path_args,
            query=query,
            form=form,
            files=files,
            headers={**self._headers, **headers} if headers else self._headers,
            url=url,
        )
        scheduler = self.scheduler
        attempt = hops = 0
        while True:
            slot = await scheduler.acquire(self.key, request)
            response: RawResponse | None = None
            try:
                response = await self.transport.send(request)
            except TransportError as exc:
                delay = scheduler.retry_delay(request, attempt, error=exc)
                if delay is None:
                    raise
                reason = exc.message
            else:
                if log.isEnabledFor(logging.DEBUG):  # request.path decodes the URL's path
                    log.debug("%s %s -> %d", request.method, request.path, response.status)
                if response.ok:
                    return response
                redirected = (
                    next_hop(request, response.status, response.headers, hops)
                    if 300 <= response.status < 400
                    else None
                )
                if redirected is not None:
                    request, hops = redirected, hops + 1
                    continue
                delay = scheduler.retry_delay(request, attempt, response=response)
                if delay is None:
                    raise self._error(response, route) from None
                reason = f"HTTP {response.status}"
            finally:
                scheduler.release(slot, response)
            attempt += 1
            scheduler.emit_retry(request, delay, attempt, reason)
            if delay:
                await scheduler.sleep(delay)

    def _check_link(self, url: URL, route: Route) -> None:
        """Refuse a URL (a ``Link`` a server gave) off ``base_url``'s origin."""
        try:
            same = (url.scheme, url.host, url.port) == self._origin
        except Exception:  # a host yarl cannot decode (IDNA) is no origin of ours
            same = False
        if not same:
            # The token goes only where the caller pointed the client.
            try:
                where = describe_origin(url)
            except Exception:
                where = "an unreadable origin"
            raise PaginationError(
                f"refusing to follow a link to another origin ({where})",
                method=route.method,
                path=url.raw_path,
            )

    def _error(self, response: RawResponse, route: Route) -> HTTPError:
        error = error_for(response)
        if isinstance(error, RateLimited):
            error.reset_at = as_datetime(self.scheduler.reset_of(response))
        elif isinstance(error, NotFound) and route.version:
            error.added_in = route.version
            if route.version != "0.0.0" and not route.placeholders and says_no_route(response):
                # Mastodon's words for a path it has no route for, and no id in the path
                # that could be the missing thing: the likelier story is an older server.
                error.message += (
                    f" (added in Mastodon {route.version}; the server answers as for a path "
                    "it does not know: is it older?)"
                )
        return error

    async def call(
        self,
        into: type[T],
        route: Route,
        *path_args: str,
        query: Mapping[str, object] | None = None,
        form: Mapping[str, object] | None = None,
        files: Mapping[str, FileInput | UnsetType] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """``send``, then decode the body into ``into``.

        Raises:
            DecodeError: The body is not what the endpoint returns.
        """
        response = await self.send(
            route, *path_args, query=query, form=form, files=files, headers=headers
        )
        return decode_body(response, into)
