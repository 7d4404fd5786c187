"""Who may receive what: every outgoing request's headers, redirects, the streaming host.

One place decides, for REST calls, OAuth, streams (SSE and the WebSocket handshake) and
media downloads alike:

- **Headers** (``Identity``): every request says who sends it (``User-Agent``) and what
  it takes (``Accept``). The access token (``Authorization: Bearer``) goes only to the
  origins it was given for: ``base_url``'s, and the streaming server's once
  ``streaming_target`` has accepted it. Never to an origin a server named (a redirect, a
  ``Link``, a media URL).
- **Redirects** (``next_hop``): transports follow none. The request loop (and the stream
  openers) follow a redirect only to the same origin, only for ``GET`` and ``HEAD``, at
  most ``MAX_REDIRECTS`` in a row. Anything else raises ``RedirectRefused`` before a byte
  goes to the target: a redirected ``POST`` would send its body (a password, a client
  secret) again, and another origin would get the token. A rule for media downloads lets
  hops go to other http(s) origins, never with the token.
- **The streaming host**: see ``streaming_target``.

An origin is (scheme, host, port), with ``ws`` the same as ``http`` and ``wss`` the same as
``https``: a WebSocket handshake is an HTTP request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, NoReturn

import msgspec
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ..errors import RedirectRefused, StreamingURLRefused
from .request import PreparedRequest, has_credentials

__all__ = [
    "MAX_REDIRECTS",
    "SAME_ORIGIN",
    "Identity",
    "Origin",
    "RedirectRule",
    "describe_origin",
    "next_hop",
    "origin_of",
    "streaming_target",
]

Origin = tuple[str, str, int]
"""``(scheme, host, port)``, with ``ws``/``wss`` read as ``http``/``https``."""

_SCHEMES: Final = {"http": "http", "https": "https", "ws": "http", "wss": "https"}
_TLS: Final = frozenset({"https", "wss"})


def origin_of(url: URL) -> Origin:
    """The origin of an absolute URL (``("", "", 0)`` for one that has none)."""
    scheme = _SCHEMES.get(url.scheme, url.scheme)
    return (scheme, url.host or "", url.port or 0)


def describe_origin(url: URL) -> str:
    """``scheme://host[:port]`` of a URL, for messages: never its path or query."""
    if not url.host:
        return "a URL without a host"
    port = f":{url.explicit_port}" if url.explicit_port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


@dataclass(frozen=True, repr=False)
class Identity:
    """What every request says about its sender, and where the token may go.

    Attributes:
        user_agent: The ``User-Agent`` header, sent with every request.
        token: The access token, or ``None``.
        token_origins: The origins the token may be sent to.
    """

    user_agent: str
    token: str | None = None
    token_origins: frozenset[Origin] = frozenset()

    @classmethod
    def for_instance(cls, base_url: URL, user_agent: str, token: str | None) -> Identity:
        """The identity of a client of ``base_url``: its token goes to that origin only."""
        return cls(user_agent, token or None, frozenset({origin_of(base_url)}))

    def trusting(self, url: URL) -> Identity:
        """The same identity, its token also allowed to ``url``'s origin."""
        return dataclasses.replace(self, token_origins=self.token_origins | {origin_of(url)})

    def token_for(self, url: URL) -> str | None:
        """The token, if it may be sent to ``url``; else ``None``."""
        if self.token is None or origin_of(url) not in self.token_origins:
            return None
        return self.token

    def headers(
        self, url: URL, *, accept: str = "application/json", token: bool = True
    ) -> dict[str, str]:
        """The headers of a request to ``url``.

        Args:
            url: Where the request goes; the token is added only if it may go there.
            accept: The ``Accept`` header.
            token: ``False`` leaves the token out even where it may go (it travels in
                the query instead, or the request needs none: a media download).
        """
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        if token:
            allowed = self.token_for(url)
            if allowed is not None:
                headers["Authorization"] = f"Bearer {allowed}"
        return headers

    def __repr__(self) -> str:
        token = "set" if self.token else "none"
        return f"Identity(user_agent={self.user_agent!r}, token={token})"


# --- redirects ------------------------------------------------------------------------------

MAX_REDIRECTS: Final = 5
"""How many redirects in a row one request may follow before
[RedirectRefused][aiomastodon.errors.RedirectRefused] is raised."""

_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_FOLLOWED_METHODS: Final = frozenset({"GET", "HEAD"})
_CREDENTIAL_HEADERS: Final = ("Authorization", "Cookie", "Proxy-Authorization")


@dataclass(frozen=True)
class RedirectRule:
    """Which redirects to follow.

    Attributes:
        max_hops: How many in a row (``MAX_REDIRECTS`` by default).
        cross_origin: Follow hops to other http(s) origins too, without any credential
            header (for media files, which CDNs serve; the token never goes along).
    """

    max_hops: int = MAX_REDIRECTS
    cross_origin: bool = False


SAME_ORIGIN: Final = RedirectRule()
"""The rule of every request that may carry the token: same origin, GET and HEAD only."""


def next_hop(
    request: PreparedRequest,
    status: int,
    headers: Mapping[str, str],
    hops: int,
    rule: RedirectRule = SAME_ORIGIN,
) -> PreparedRequest | None:
    """The request to send after an answer, if it is a redirect to follow.

    Args:
        request: The request that was answered.
        status: The answer's status.
        headers: The answer's headers (``Location``).
        hops: How many redirects were followed already for this call.
        rule: Which redirects to follow.

    Returns:
        The same request aimed at the redirect's target (credential headers dropped if the
        rule let it leave the origin), or ``None`` when the answer is no redirect to
        follow (not a redirect status, or no ``Location``): it is the answer.

    Raises:
        RedirectRefused: A redirect the rule does not allow: to another origin, of a
            method other than GET or HEAD, to a scheme other than http(s)/ws(s), or past
            ``rule.max_hops``.
    """
    if status not in _REDIRECTS:
        return None
    location = headers.get("Location")
    if location is None:
        return None
    try:
        target = request.url.join(URL(location.strip()))
        target_origin = origin_of(target)
        where = describe_origin(target)
    except Exception:  # yarl raises ValueError, UnicodeError, IndexError... for odd text
        _refuse(request, status, "an unreadable location", "its Location is not a URL")
    if target.scheme not in _SCHEMES or not target.host:
        _refuse(request, status, where, "only http(s) redirects are followed")
    if has_credentials(target):
        _refuse(request, status, where, "its Location carries credentials (user:password@)")
    if request.method not in _FOLLOWED_METHODS:
        _refuse(
            request,
            status,
            where,
            f"a redirected {request.method} would send its body again; only GET and HEAD "
            "are redirected",
        )
    same_origin = target_origin == origin_of(request.url)
    if not same_origin and not rule.cross_origin:
        _refuse(request, status, where, "it leads to another origin, which gets no token")
    if hops >= rule.max_hops:
        _refuse(request, status, where, f"more than {rule.max_hops} redirects in a row")
    kept = request.headers
    if not same_origin:
        stripped: CIMultiDict[str] = CIMultiDict(request.headers)
        for name in _CREDENTIAL_HEADERS:
            stripped.popall(name, None)
        kept = CIMultiDictProxy(stripped)
    return msgspec.structs.replace(request, url=target, headers=kept)


def _refuse(request: PreparedRequest, status: int, where: str, why: str) -> NoReturn:
    raise RedirectRefused(
        f"refusing a {status} redirect to {where}: {why}",
        status=status,
        target=where,
        method=request.method,
        path=request.path,
    )


# --- the streaming host ---------------------------------------------------------------------


def streaming_target(base_url: URL, *, named: str | None, advertised: str | None) -> URL:
    """Where the client's streams connect; the token goes there too.

    - ``named`` (``Client(streaming_url=...)``), the caller's choice, is used as given.
    - Without an advertised URL (``configuration.urls.streaming``), ``base_url``.
    - The advertised URL is used when it is over TLS (``wss``/``https``), or on
      ``base_url``'s own host without lowering an ``https`` instance to cleartext.

    Raises:
        StreamingURLRefused: The advertised URL would lower an ``https`` instance to
            ``ws``/``http``, leads to another host over cleartext, or is not a usable URL.
            Nothing is sent to it.
    """
    if named is not None:
        return URL(named)
    if not advertised:
        return base_url
    try:
        url = URL(advertised.strip())
        usable = url.scheme in _SCHEMES and bool(url.host) and not has_credentials(url)
    except Exception:  # yarl raises ValueError, UnicodeError, IndexError... for odd text
        usable = False
    if not usable:
        raise StreamingURLRefused(
            f"the instance advertises no usable streaming URL ({advertised[:80]!r}); "
            "pass Client(streaming_url=...)"
        )
    tls = url.scheme in _TLS
    if base_url.scheme == "https" and not tls:
        raise StreamingURLRefused(
            f"the instance is served over https but advertises its streaming server at "
            f"{describe_origin(url)} (cleartext): refusing to send the token unencrypted; "
            "pass Client(streaming_url=...) to choose the streaming server"
        )
    if url.host != base_url.host and not tls:
        raise StreamingURLRefused(
            f"the instance advertises a streaming server on another host over cleartext "
            f"({describe_origin(url)}): refusing to send it the token; pass "
            "Client(streaming_url=...) to choose the streaming server"
        )
    return url
