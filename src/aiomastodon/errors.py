"""Every failure reaches the caller as a :class:`MastodonError`.

```
MastodonError
├── TransportError            the request did not get an HTTP answer (connect, reset, timeout)
├── DecodeError               an answer arrived but its body is not what the endpoint returns
├── PaginationError           a page's links cannot be followed (bad Link header, other origin)
└── HTTPError                 the server answered 4xx/5xx
    ├── Unauthorized          401
    ├── Forbidden             403
    ├── NotFound              404
    ├── Gone                  410
    ├── Unprocessable         422
    ├── RateLimited           429 (also raised locally by the scheduler in "raise" mode)
    └── ServerError           5xx
```

Errors name the request by method and path (``GET /api/v1/statuses/1``), never by a
URL with credentials, and never carry the access token.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pagination import Cursor

__all__ = [
    "DecodeError",
    "Forbidden",
    "Gone",
    "HTTPError",
    "MastodonError",
    "NotFound",
    "PaginationError",
    "RateLimitStoreError",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "Unprocessable",
    "UnsupportedByServer",
]


class MastodonError(Exception):
    """Base class of every error aiomastodon raises.

    Attributes:
        method: The HTTP method of the request that failed, e.g. ``"GET"``.
        path: The URL path of that request, e.g. ``"/api/v1/statuses/1"`` (no query, no host).
        cursor: Set when the error stopped a walk: the :class:`~aiomastodon.Cursor` to resume
            from (its first request is the one that failed).
    """

    cursor: Cursor | None = None

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path

    @property
    def endpoint(self) -> str:
        """``"METHOD /path"`` of the failed request, or ``""`` if not tied to one."""
        return f"{self.method} {self.path}".strip()

    def __str__(self) -> str:
        where = self.endpoint
        return f"{where}: {self.message}" if where else self.message


class TransportError(MastodonError):
    """The request got no HTTP answer: connection refused or reset, DNS, TLS, or a timeout.

    Attributes:
        request_sent: ``False`` when the connection could not even be made, so the server
            cannot have seen the request; ``True`` when it may have.
    """

    def __init__(
        self, message: str, *, method: str = "", path: str = "", request_sent: bool = True
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent


class DecodeError(MastodonError):
    """The body of a successful answer is not what the endpoint returns.

    Attributes:
        excerpt: The first bytes of the body (at most 200), for the log.
        status: The HTTP status of the answer.
    """

    def __init__(
        self, message: str, *, method: str = "", path: str = "", excerpt: str = "", status: int = 0
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.excerpt = excerpt
        self.status = status

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} (body starts: {self.excerpt!r})" if self.excerpt else base


class PaginationError(MastodonError):
    """A page's Link header is malformed, or points at another origin.

    Following a link to another scheme, host or port would hand the access token to a
    server the caller never named, so aiomastodon refuses.
    """


class HTTPError(MastodonError):
    """The server answered with a 4xx or 5xx status.

    Attributes:
        status: The HTTP status code.
        error: The ``error`` string of Mastodon's Error entity, or a short excerpt of a body
            that is not JSON (an HTML page from a proxy, say).
        description: The ``error_description``, where the server sent one.
        headers: The response headers.
    """

    def __init__(
        self,
        status: int,
        error: str,
        *,
        description: str | None = None,
        method: str = "",
        path: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        message = f"HTTP {status}: {error}" if error else f"HTTP {status}"
        if description:
            message = f"{message} ({description})"
        super().__init__(message, method=method, path=path)
        self.status = status
        self.error = error
        self.description = description
        self.headers: Mapping[str, str] = headers if headers is not None else {}


class Unauthorized(HTTPError):
    """401: the token is missing, revoked, or lacks the scope."""


class Forbidden(HTTPError):
    """403: the account may not do this (suspended, blocked, not the owner)."""


class NotFound(HTTPError):
    """404: no such resource, or not visible to this token, or an endpoint the server lacks.

    Attributes:
        added_in: The Mastodon version that added the endpoint, where known: a server
            older than that answers 404 for the endpoint itself.
    """

    added_in: str | None = None


class Gone(HTTPError):
    """410: the resource existed and was deleted."""


class Unprocessable(HTTPError):
    """422: validation failed (too long, bad parameter, media not ready)."""


class RateLimited(HTTPError):
    """429, or a request the scheduler refused to send because the budget is spent.

    Attributes:
        reset_at: When the budget is expected to refill (aware UTC), if known.
    """

    def __init__(
        self,
        status: int = 429,
        error: str = "Too many requests",
        *,
        description: str | None = None,
        method: str = "",
        path: str = "",
        headers: Mapping[str, str] | None = None,
        reset_at: datetime | None = None,
    ) -> None:
        super().__init__(
            status, error, description=description, method=method, path=path, headers=headers
        )
        self.reset_at = reset_at


class UnsupportedByServer(MastodonError):
    """Not sent: the server's version is older than the one that added the endpoint.

    Raised only when the client was asked to check (``Client(check_versions=True)``).

    Attributes:
        version_added: The Mastodon version that added the endpoint.
        server_version: The version the server reports.
    """

    def __init__(
        self, version_added: str, server_version: str, *, method: str = "", path: str = ""
    ) -> None:
        super().__init__(
            f"not sent: added in Mastodon {version_added}, the server runs {server_version}",
            method=method,
            path=path,
        )
        self.version_added = version_added
        self.server_version = server_version


class ServerError(HTTPError):
    """5xx: the server or a proxy in front of it failed."""


_BY_STATUS: dict[int, type[HTTPError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    410: Gone,
    422: Unprocessable,
    429: RateLimited,
}


def error_class(status: int) -> type[HTTPError]:
    """The most specific :class:`HTTPError` subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, HTTPError)


class RateLimitStoreError(MastodonError):
    """The shared rate-limit store (Redis) did not answer in time, or answered wrongly.

    Raised before the request is sent: nothing was sent. See ``docs/ratelimits-redis.md``
    for the opt-in fallback to a local budget.
    """
