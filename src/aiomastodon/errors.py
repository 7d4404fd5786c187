"""Every error aiomastodon raises, in one place, under one base: MastodonError.

```
MastodonError
├── TransportError            the request got no HTTP answer (connect, reset, timeout)
├── DecodeError               an answer arrived but its body is not what the endpoint returns
├── PaginationError           a page's links cannot be followed (bad Link, other origin, a circle)
├── RateLimitStoreError       the shared rate-limit store (Redis) failed; nothing was sent
├── UnsupportedByServer       not sent: the server is too old or lacks the feature (check_versions)
├── RedirectRefused           a redirect to another origin, of a POST, or one too many
├── WebSocketRefused          a WebSocket handshake answered without an upgrade
├── StreamingURLRefused       the advertised streaming server would expose the token
├── ResponseTooLarge          an answer (or one streamed event) beyond max_body_size
├── ProtocolError             a URL that cannot be requested, or an answer that is not HTTP
├── HTTPError                 the server answered 4xx/5xx
│   ├── Unauthorized          401
│   ├── Forbidden             403
│   ├── NotFound              404
│   ├── Gone                  410
│   ├── Unprocessable         422
│   ├── RateLimited           429 (also raised locally by the scheduler in "raise" mode)
│   ├── ServerError           5xx
│   ├── StreamRefused         a stream the server does not serve (403 not about the token, 404)
│   └── OAuthError            /oauth/token or /oauth/revoke refused (RFC 6749 error codes)
│       ├── InvalidRequest          invalid_request
│       ├── InvalidClient           invalid_client
│       ├── InvalidGrant            invalid_grant
│       ├── UnauthorizedClient      unauthorized_client
│       ├── UnsupportedGrantType    unsupported_grant_type
│       └── InvalidScope            invalid_scope
├── UnknownScope              a scope Mastodon does not document (also a ValueError)
├── AuthorizationError        the authorization step failed before a token was asked for
│   ├── StateMismatch         the callback's state is missing or wrong
│   └── PKCEUnsupported       PKCE required, the server does not offer it
├── CredentialsFileError      a credentials file is malformed or readable by others
├── ArchiveError              `aiomastodon archive`: OUTPUT is not this archive (one line)
│   ├── ArchiveLocked         another run is archiving to the same OUTPUT
│   └── ArchiveIOError        OUTPUT, its state or its lock cannot be read or written
├── UsageError                `aiomastodon`: bad arguments (one line, exit status 2)
├── DemoUnavailable           the demo instance cannot start (also a RuntimeError)
├── WebPushError              a push message that cannot be decrypted (aiomastodon.webpush)
├── BlurhashError             not a BlurHash (also a ValueError; aiomastodon.blurhash)
└── MediaError                a media download failed (names the URL's origin and path)
    ├── MediaRefused          not fetched: no http(s) URL, or a redirect not to follow
    ├── MediaUnavailable      the media host answered an error status (404, 410, 5xx, ...)
    ├── MediaTooLarge         the file is larger than the download's max_size
    └── MediaCorrupt          the bytes are not what was announced or expected
```

Besides: [PKCEUnsupportedWarning][aiomastodon.errors.PKCEUnsupportedWarning] (a warning,
not an error), and two ``ValueError`` subclasses that parsers raise inside the package and
that reach callers only as a ``DecodeError`` or a ``PaginationError``:
[Unrepairable][aiomastodon.errors.Unrepairable] and
[LinkHeaderError][aiomastodon.errors.LinkHeaderError].

Errors name the request by method and path (``GET /api/v1/statuses/1``), never by a
URL with credentials, and never carry the access token or another secret.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ._sansio.cursor import Cursor

__all__ = [
    "ArchiveError",
    "ArchiveIOError",
    "ArchiveLocked",
    "AuthorizationError",
    "BlurhashError",
    "CredentialsFileError",
    "DecodeError",
    "DemoUnavailable",
    "Forbidden",
    "Gone",
    "HTTPError",
    "InvalidClient",
    "InvalidGrant",
    "InvalidRequest",
    "InvalidScope",
    "LinkHeaderError",
    "MastodonError",
    "MediaCorrupt",
    "MediaError",
    "MediaRefused",
    "MediaTooLarge",
    "MediaUnavailable",
    "NotFound",
    "OAuthError",
    "PKCEUnsupported",
    "PKCEUnsupportedWarning",
    "PaginationError",
    "ProtocolError",
    "RateLimitStoreError",
    "RateLimited",
    "RedirectRefused",
    "ResponseTooLarge",
    "ServerError",
    "StateMismatch",
    "StreamRefused",
    "StreamingURLRefused",
    "TransportError",
    "Unauthorized",
    "UnauthorizedClient",
    "UnknownScope",
    "Unprocessable",
    "Unrepairable",
    "UnsupportedByServer",
    "UnsupportedGrantType",
    "UsageError",
    "WebPushError",
    "WebSocketRefused",
    "error_class",
    "oauth_error",
]


class MastodonError(Exception):
    """Base class of every error aiomastodon raises.

    Attributes:
        method: The HTTP method of the request that failed, e.g. ``"GET"``.
        path: The URL path of that request, e.g. ``"/api/v1/statuses/1"`` (no query, no host).
        cursor: Set when the error stopped a walk: the [`Cursor`][aiomastodon.Cursor] to resume
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
        request_sent: ``False`` when the server cannot have received the whole request
            (the connection could not be made, or broke while the request was being
            written); ``True`` when it may have.
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
    """A page's Link header is malformed, or points at another origin; or the server's
    pages go round in circles (a page fetched again, items that stop moving).

    Following a link to another scheme, host or port would hand the access token to a
    server the caller never named, so aiomastodon refuses.
    """


class RedirectRefused(MastodonError):
    """A redirect aiomastodon will not follow; nothing was sent to its target.

    Redirects are followed only to the same origin (scheme, host and port), only for
    ``GET`` and ``HEAD``, and at most ``MAX_REDIRECTS``
    times in a row: a redirect to another origin would hand it the token, and a redirected
    ``POST`` would send its body (a password, a client secret) again, there.

    Attributes:
        status: The redirect's HTTP status (301, 302, 303, 307 or 308).
        target: The origin the redirect pointed at (never its path or query, which may
            carry secrets).
    """

    def __init__(
        self, message: str, *, status: int, target: str, method: str = "", path: str = ""
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status = status
        self.target = target


class WebSocketRefused(MastodonError):
    """The server answered a WebSocket handshake without upgrading the connection.

    Attributes:
        status: The HTTP status of the answer (a redirect, an error, or 200 from a server
            that does not speak WebSocket there).
        headers: Its headers.
    """

    def __init__(
        self,
        status: int,
        headers: Mapping[str, str] | None = None,
        *,
        method: str = "GET",
        path: str = "",
    ) -> None:
        super().__init__(f"the WebSocket was refused with HTTP {status}", method=method, path=path)
        self.status = status
        self.headers: Mapping[str, str] = headers if headers is not None else {}


class StreamingURLRefused(MastodonError):
    """The streaming server the instance advertises would not keep the token safe.

    Raised (ending the stream) when ``configuration.urls.streaming`` names a cleartext
    (``ws://``, ``http://``) server for an ``https`` instance, a cleartext server on
    another host, or no usable URL at all. Pass ``Client(streaming_url=...)`` to choose
    the streaming server yourself.
    """


class ResponseTooLarge(MastodonError):
    """An answer larger than the client's ``max_body_size``; reading stopped there.

    The size counts the bytes as decoded (a compressed body is measured inflated), so a
    small compressed answer cannot expand into gigabytes in memory. For a stream of
    server-sent events the bound applies to each event instead of the whole stream.

    Attributes:
        limit: The bound that was passed, in bytes.
    """

    def __init__(
        self, limit: int, *, what: str = "the answer", method: str = "", path: str = ""
    ) -> None:
        super().__init__(
            f"{what} is larger than {limit:,} bytes (max_body_size); reading stopped",
            method=method,
            path=path,
        )
        self.limit = limit


class ProtocolError(MastodonError):
    """A request that cannot be sent, or an answer that cannot be read as HTTP.

    Raised for a URL that cannot be requested (an invalid host or port, or credentials
    such as ``user:password@`` in it: refused before anything is sent, so the token never
    travels with them), and for an answer whose status line or headers do not parse
    (too long, malformed). It is not retried: the same request would fail the same way.
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
    """Not sent: the server is older than the endpoint, or its software lacks the feature.

    Raised only when the client was asked to check (``Client(check_versions=True)``).

    Attributes:
        version_added: The Mastodon version that added the endpoint.
        server_version: The version the server reports (for other software than
            Mastodon: its name and own version, ``"gotosocial 0.20.0"``).
        feature: The feature the software is known to lack (``"grouped_notifications"``,
            see ``docs/servers.md``), or ``None`` when the version decided.
    """

    def __init__(
        self,
        version_added: str,
        server_version: str,
        *,
        method: str = "",
        path: str = "",
        feature: str | None = None,
    ) -> None:
        reason = (
            f"added in Mastodon {version_added}, the server runs {server_version}"
            if feature is None
            else f"{server_version} has no {feature} (docs/servers.md)"
        )
        super().__init__(f"not sent: {reason}", method=method, path=path)
        self.version_added = version_added
        self.server_version = server_version
        self.feature = feature


class ServerError(HTTPError):
    """5xx: the server or a proxy in front of it failed."""


class StreamRefused(HTTPError):
    """The streaming server will not serve this stream: unsupported or forbidden there.

    Raised, ending the stream without a retry, when opening it is answered with a 4xx
    that is not about the token (a refused token is ``Unauthorized``) and not 408 or
    429: a 403 without an authentication error (mastodon-mock refuses
    ``user:notification`` over WebSocket so), a 404 (snac2 answers every streaming path
    so), a 400 for a stream name the server does not know.

    Attributes:
        stream: The stream, as Mastodon names it (``"user:notification"``,
            ``"hashtag:python"``).
    """

    def __init__(
        self,
        status: int,
        error: str,
        *,
        stream: str,
        method: str = "GET",
        path: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, error, method=method, path=path, headers=headers)
        self.stream = stream


_BY_STATUS: dict[int, type[HTTPError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    410: Gone,
    422: Unprocessable,
    429: RateLimited,
}


def error_class(status: int) -> type[HTTPError]:
    """The most specific [`HTTPError`][aiomastodon.errors.HTTPError] subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, HTTPError)


class RateLimitStoreError(MastodonError):
    """The shared rate-limit store (Redis) did not answer in time, or answered wrongly.

    Raised before the request is sent: nothing was sent. See ``docs/ratelimits-redis.md``
    for the opt-in fallback to a local budget.
    """


# --- OAuth ----------------------------------------------------------------------------------


class OAuthError(HTTPError):
    """The server's OAuth endpoint (``/oauth/token``, ``/oauth/revoke``) refused the request.

    ``error`` is the OAuth error code (RFC 6749 §5.2) and ``description`` the server's
    ``error_description``. The subclasses name the common codes.
    """


class InvalidRequest(OAuthError):
    """``invalid_request``: a parameter is missing, repeated or malformed."""


class InvalidClient(OAuthError):
    """``invalid_client``: unknown ``client_id`` or wrong ``client_secret`` (usually a 401)."""


class InvalidGrant(OAuthError):
    """``invalid_grant``: the code (or password) is wrong, expired or already used, the
    ``redirect_uri`` differs from the authorization's, or the PKCE verifier does not match."""


class UnauthorizedClient(OAuthError):
    """``unauthorized_client``: this app may not use this grant, or revoke this token."""


class UnsupportedGrantType(OAuthError):
    """``unsupported_grant_type``: the server does not offer this grant (the password grant,
    on current Mastodon)."""


class InvalidScope(OAuthError):
    """``invalid_scope``: the server refuses the scopes (not registered for the app)."""


_OAUTH_ERRORS: Final[Mapping[str, type[OAuthError]]] = {
    "invalid_request": InvalidRequest,
    "invalid_client": InvalidClient,
    "invalid_grant": InvalidGrant,
    "unauthorized_client": UnauthorizedClient,
    "unsupported_grant_type": UnsupportedGrantType,
    "invalid_scope": InvalidScope,
    "unsupported_token_type": OAuthError,
    "access_denied": OAuthError,
}


def oauth_error(error: HTTPError) -> HTTPError:
    """The [OAuthError][aiomastodon.errors.OAuthError] for a 4xx answer of an OAuth
    endpoint that carries an OAuth error code; any other error (429, 5xx, a body without a
    known code) is returned as is."""
    cls = _OAUTH_ERRORS.get(error.error)
    if cls is None or not 400 <= error.status < 500 or error.status == 429:
        return error
    return cls(
        error.status,
        error.error,
        description=error.description,
        method=error.method,
        path=error.path,
        headers=error.headers,
    )


class UnknownScope(MastodonError, ValueError):
    """A scope that Mastodon does not document (a typo, most likely); raised before any request.

    Attributes:
        unknown: The scopes that are not known, in the order given.
    """

    def __init__(self, unknown: Sequence[str], known: Iterable[str] = ()) -> None:
        documented = sorted(known)
        hints = []
        for scope in unknown:
            close = difflib.get_close_matches(scope, documented, n=1, cutoff=0.6)
            hint = f"{scope!r} (did you mean {close[0]!r}?)" if close else repr(scope)
            hints.append(hint)
        message = f"unknown OAuth scope{'s' if len(unknown) > 1 else ''}: {', '.join(hints)}"
        if any("," in scope for scope in unknown):
            message += "; scopes are separated by spaces, not commas"
        super().__init__(message)
        self.unknown = tuple(unknown)


class AuthorizationError(MastodonError):
    """The authorization step failed before a token was asked for.

    Raised for a callback that carries an error (the user pressed *Deny*:
    ``access_denied``), no code, or the wrong ``state``; and when PKCE is required but the
    server does not offer it. Never carries a code, a state value or a secret.

    Attributes:
        error: An OAuth error code: ``"access_denied"``, ``"state_mismatch"``,
            ``"invalid_request"``, ``"pkce_unsupported"``, ...
        description: The server's ``error_description``, if it sent one.
    """

    def __init__(self, error: str, description: str | None = None) -> None:
        message = f"authorization failed: {error}"
        if description:
            message = f"{message} ({description})"
        super().__init__(message)
        self.error = error
        self.description = description


class StateMismatch(AuthorizationError):
    """The callback's ``state`` is missing or differs from the one sent: the callback may be
    forged (CSRF), or belong to another login. Raised before any request is sent."""

    def __init__(self, description: str = "the callback's state does not match") -> None:
        super().__init__("state_mismatch", description)


class PKCEUnsupported(AuthorizationError):
    """PKCE was required (``pkce=True``) but the server does not offer ``S256``."""

    def __init__(self, description: str) -> None:
        super().__init__("pkce_unsupported", description)


class PKCEUnsupportedWarning(UserWarning):
    """The server offers no PKCE, so the authorization goes on without it (``pkce=None``)."""


class CredentialsFileError(MastodonError):
    """A credentials file is malformed, of another format, or readable by other users.

    The message names the problem and the file, never a secret in it.
    """


# --- the command line and the demo ----------------------------------------------------------


class ArchiveError(MastodonError):
    """``aiomastodon archive``: a problem the user must resolve; its text is the one line
    the command prints."""


class ArchiveLocked(ArchiveError):
    """``aiomastodon archive``: another run holds OUTPUT's lock (exit status 4)."""


class ArchiveIOError(ArchiveError):
    """``aiomastodon archive``: OUTPUT, its state or its lock cannot be read or written
    (a missing or read-only directory, permissions, a full disk; exit status 5). The
    archive is left as its last complete page left it."""


class UsageError(MastodonError):
    """``aiomastodon``: bad arguments; one line, exit status 2."""


class DemoUnavailable(MastodonError, RuntimeError):
    """The demo instance cannot start (mastodon-mock is not installed)."""


class WebPushError(MastodonError):
    """A push message that cannot be read: wrong keys, altered or truncated content,
    missing or malformed headers, or a payload that is not a Mastodon notification.

    Also raised by ``PushKeys.from_json`` for saved keys that do not load.
    """


class BlurhashError(MastodonError, ValueError):
    """The text is not a BlurHash: wrong length, a character outside its alphabet, or a
    component out of range. Also a ``ValueError``."""


# --- media downloads -------------------------------------------------------------------------


class MediaError(MastodonError):
    """A media download failed: no answer after the retries, or one of the subclasses.

    Names the URL by its origin and path only: the query of a media URL may be a signed
    URL's secret. Nothing was left under the destination's name.

    Attributes:
        url: ``scheme://host[:port]/path`` of the URL that was asked for.
    """

    def __init__(self, message: str, *, url: str = "", path: str = "") -> None:
        super().__init__(message, method="GET", path=path)
        self.url = url

    def __str__(self) -> str:
        return f"GET {self.url}: {self.message}" if self.url else self.message


class MediaRefused(MediaError):
    """Not fetched: the media URL is not an absolute http(s) URL (``file:``, ``data:``,
    none at all), or it redirects where a download does not follow (to another scheme,
    or past the fifth redirect in a row: a loop). Nothing was sent to the target."""


class MediaUnavailable(MediaError):
    """The media host answered with an error status (after the retries allowed).

    Attributes:
        status: The HTTP status: 404 and 410 (and most 4xx) will not change by asking
            again; 5xx might.
    """

    def __init__(self, message: str, *, status: int, url: str = "", path: str = "") -> None:
        super().__init__(message, url=url, path=path)
        self.status = status


class MediaTooLarge(MediaError):
    """The file is larger than the download's ``max_size``; reading stopped there."""


class MediaCorrupt(MediaError):
    """The bytes are not what was announced or expected: more than the server said it
    would send, fewer after every retry, or another SHA-256 than the caller expected."""


# --- raised by parsers inside the package ---------------------------------------------------


class Unrepairable(ValueError):
    """A value that no repair can make fit its type; ``path`` says where (``$[3].id``).

    Raised while decoding; callers see it as a
    [DecodeError][aiomastodon.errors.DecodeError] (or a stream event's ``error``).
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{reason} - at `{path}`")
        self.path = path
        self.reason = reason


class LinkHeaderError(ValueError):
    """The header is not a valid ``Link`` value (callers see a ``PaginationError``)."""
