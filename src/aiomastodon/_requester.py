"""The request loop: every call of every endpoint goes through :meth:`Requester.send`.

build (pure) → transport → observe → error or answer → decode (pure).

Nothing above this module sleeps, retries or reads headers; nothing below it knows an
endpoint. The rate-limit scheduler and the retry policy plug in here, in one place.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from yarl import URL

from ._sansio.request import FileInput, UnsetType, build_request
from ._sansio.response import RawResponse, decode_body, error_for
from ._sansio.routes import Route
from .errors import PaginationError
from .transport.base import Transport

__all__ = ["Requester"]

T = TypeVar("T")

log = logging.getLogger("aiomastodon")


class Requester:
    """Sends requests for one instance and one token.

    Args:
        base_url: The instance origin (with a base path, if it has one).
        token: The access token, or ``None`` for anonymous calls. Sent only in the
            ``Authorization`` header, only to ``base_url``'s origin.
        transport: Moves the bytes.
        user_agent: The ``User-Agent`` header.
        sleep: The coroutine used to wait (injected, so tests run in virtual time).
    """

    def __init__(
        self,
        base_url: URL,
        *,
        token: str | None,
        transport: Transport,
        user_agent: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = base_url
        self._token = token
        self.transport = transport
        self._headers: dict[str, str] = {"User-Agent": user_agent, "Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self.sleep = sleep

    def __repr__(self) -> str:
        token = "set" if self._token else "none"
        return f"Requester({str(self.base_url)!r}, token={token})"

    @property
    def has_token(self) -> bool:
        """Whether requests are sent with an access token."""
        return bool(self._token)

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

        Args:
            url: Request this exact URL (a ``Link`` the server gave) instead of building
                one from ``route`` and ``query``. It must be on ``base_url``'s origin.

        Raises:
            HTTPError: The server answered 4xx/5xx (the subclass fits the status).
            TransportError: No answer arrived.
            PaginationError: ``url`` is on another origin than ``base_url``.
        """
        if url is not None and url.origin() != self.base_url.origin():
            # The token goes only where the caller pointed the client.
            raise PaginationError(
                f"refusing to follow a link to another origin ({url.origin()})",
                method=route.method,
                path=url.path,
            )
        request = build_request(
            self.base_url,
            route,
            path_args,
            query=query,
            form=form,
            files=files,
            headers={**self._headers, **(headers or {})},
            url=url,
        )
        response = await self.transport.send(request)
        log.debug("%s %s -> %d", request.method, request.path, response.status)
        if not response.ok:
            raise error_for(response)
        return response

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
        """:meth:`send`, then decode the body into ``into``.

        Raises:
            DecodeError: The body is not what the endpoint returns.
        """
        response = await self.send(
            route, *path_args, query=query, form=form, files=files, headers=headers
        )
        return decode_body(response, into)
