"""OAuth as pure code: scopes, PKCE, ``state``, the authorization URL and its callback,
and what the token endpoint and the metadata document answer.

Nothing here sends a request or touches a file: ``aiomastodon.auth`` runs the flows with
these, ``aiomastodon.credentials`` keeps the result, and the errors are in
``aiomastodon.errors``.

Secrets (a ``client_secret``, an access token, a PKCE ``code_verifier``, a ``state``)
never appear in a ``repr``, an exception's text or a log line: the value types below
print ``<redacted>`` in their place.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import msgspec
from yarl import URL

from ..errors import AuthorizationError, StateMismatch, UnknownScope
from .request import UnsetType

__all__ = [
    "OOB",
    "REDACTED",
    "SCOPES",
    "AccessToken",
    "AuthorizationRequest",
    "ServerMetadata",
    "UserInfo",
    "authorization_url",
    "check_state",
    "code_challenge",
    "new_code_verifier",
    "new_state",
    "parse_callback",
    "parse_scopes",
    "scope_text",
]

OOB: Final = "urn:ietf:wg:oauth:2.0:oob"
"""The out-of-band redirect URI: the server shows the code instead of redirecting."""

REDACTED: Final = "<redacted>"
"""What a ``repr`` shows in place of a secret."""

# --- scopes ---------------------------------------------------------------------------------

SCOPES: Final[frozenset[str]] = frozenset(
    {
        # top level
        "read",
        "write",
        "follow",  # deprecated since 3.5 in favour of read:follows write:follows ...
        "push",
        "profile",  # 4.3+
        "admin:read",
        "admin:write",
        # granular read
        "read:accounts",
        "read:blocks",
        "read:bookmarks",
        "read:collections",  # 4.6+
        "read:favourites",
        "read:filters",
        "read:follows",
        "read:lists",
        "read:mutes",
        "read:notifications",
        "read:search",
        "read:statuses",
        # granular write
        "write:accounts",
        "write:blocks",
        "write:bookmarks",
        "write:collections",  # 4.6+
        "write:conversations",
        "write:favourites",
        "write:filters",
        "write:follows",
        "write:lists",
        "write:media",
        "write:mutes",
        "write:notifications",
        "write:reports",
        "write:statuses",
        # granular admin
        "admin:read:accounts",
        "admin:read:canonical_email_blocks",
        "admin:read:domain_allows",
        "admin:read:domain_blocks",
        "admin:read:email_domain_blocks",
        "admin:read:ip_blocks",
        "admin:read:reports",
        "admin:write:accounts",
        "admin:write:canonical_email_blocks",
        "admin:write:domain_allows",
        "admin:write:domain_blocks",
        "admin:write:email_domain_blocks",
        "admin:write:ip_blocks",
        "admin:write:reports",
    }
)
"""Every OAuth scope the Mastodon documentation lists (https://docs.joinmastodon.org/api/oauth-scopes/)."""


def parse_scopes(scopes: str | Iterable[str], *, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Split, check and de-duplicate scopes: ``"read write"`` → ``("read", "write")``.

    Args:
        scopes: Space-separated scopes, or a sequence of them.
        extra: Scopes to accept besides the documented ones (a fork's own scopes).

    Raises:
        UnknownScope: A scope is neither documented nor in ``extra``.
        ValueError: No scope at all.
    """
    parts = scopes.split() if isinstance(scopes, str) else [p for s in scopes for p in s.split()]
    ordered = tuple(dict.fromkeys(parts))
    if not ordered:
        raise ValueError("at least one OAuth scope is needed (e.g. 'read')")
    allowed = SCOPES | frozenset(extra)
    unknown = [scope for scope in ordered if scope not in allowed]
    if unknown:
        raise UnknownScope(unknown, SCOPES)
    return ordered


def scope_text(scopes: str | Sequence[str] | UnsetType) -> str | UnsetType:
    """Scopes as the one space-separated field the endpoints take (``UNSET`` stays)."""
    return scopes if isinstance(scopes, (UnsetType, str)) else " ".join(scopes)


# --- PKCE and state -------------------------------------------------------------------------

_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def new_code_verifier() -> str:
    """A fresh PKCE ``code_verifier``: 86 random URL-safe characters (RFC 7636 §4.1)."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str) -> str:
    """The ``S256`` challenge of a verifier: base64url(SHA-256(verifier)), unpadded.

    Raises:
        ValueError: The verifier is not 43 to 128 characters of ``[A-Za-z0-9-._~]``.
    """
    if not _VERIFIER.fullmatch(verifier):
        raise ValueError("a PKCE code_verifier is 43 to 128 characters of [A-Za-z0-9-._~]")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_state() -> str:
    """A fresh, unguessable ``state`` value (256 bits) to tie a callback to its request."""
    return secrets.token_urlsafe(32)


# --- the authorization URL and its callback -------------------------------------------------


def authorization_url(
    endpoint: URL | str,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: Sequence[str],
    state: str | None = None,
    code_challenge: str | None = None,
    force_login: bool = False,
    lang: str | None = None,
) -> str:
    """The URL of the server's authorization page for one login.

    Args:
        endpoint: The authorization endpoint (``https://example.social/oauth/authorize``).
        client_id: The app's ``client_id``.
        redirect_uri: One of the app's registered redirect URIs, or ``OOB``.
        scopes: The scopes to ask for.
        state: The value the callback must carry back (see ``new_state``).
        code_challenge: The PKCE ``S256`` challenge (see ``code_challenge``).
        force_login: Show the login form even if the user is logged in (switch accounts).
        lang: The language of the page (ISO 639-1).
    """
    pairs = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("scope", " ".join(scopes)),
    ]
    if state is not None:
        pairs.append(("state", state))
    if code_challenge is not None:
        pairs += [("code_challenge", code_challenge), ("code_challenge_method", "S256")]
    if force_login:
        pairs.append(("force_login", "true"))
    if lang is not None:
        pairs.append(("lang", lang))
    return str(URL(str(endpoint)).extend_query(pairs))


def check_state(expected: str, received: str | None) -> None:
    """Compare a returned ``state`` with the one sent, in constant time.

    Raises:
        StateMismatch: ``received`` is missing or differs.
    """
    if received is None:
        raise StateMismatch("the callback carries no state")
    if not hmac.compare_digest(expected.encode(), received.encode()):
        raise StateMismatch()


def parse_callback(callback_url: URL | str, *, state: str | None) -> str:
    """The authorization code from the URL the server redirected the user to.

    The ``state`` is checked first (a forged callback's other contents are not trusted),
    then an ``error`` the server reported, then the code.

    Args:
        callback_url: The whole callback URL (its query, or its fragment for
            ``response_mode=fragment``, is read).
        state: The ``state`` sent with the authorization URL; ``None`` skips the check.

    Raises:
        StateMismatch: The ``state`` is missing or wrong.
        AuthorizationError: The server reported an error (``access_denied`` when the user
            declined), or sent no code.
    """
    url = URL(str(callback_url))
    params = url.query
    if "code" not in params and "error" not in params and url.fragment:
        params = URL(f"?{url.fragment}").query
    if state is not None:
        check_state(state, params.get("state"))
    if "error" in params:
        raise AuthorizationError(params["error"], params.get("error_description"))
    code = params.get("code")
    if not code:
        raise AuthorizationError("invalid_request", "the callback carries no code")
    return code


@dataclass(frozen=True, repr=False)
class AuthorizationRequest:
    """One login in progress: the URL to send the user to, and what checks the answer.

    A web app keeps it (server side: it holds the PKCE verifier) between the redirect to
    ``url`` and the callback; [`to_dict`][aiomastodon.auth.AuthorizationRequest.to_dict] and
    [`from_dict`][aiomastodon.auth.AuthorizationRequest.from_dict] convert it to and from
    JSON-friendly values for a session store.

    Attributes:
        url: The server's authorization page, with every parameter.
        state: The ``state`` the callback must carry back.
        redirect_uri: Where the server sends the user (or ``OOB``).
        scopes: The scopes asked for.
        code_verifier: The PKCE verifier, or ``None`` when PKCE is not used.
    """

    url: str
    state: str
    redirect_uri: str
    scopes: tuple[str, ...]
    code_verifier: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scopes", tuple(self.scopes))

    @property
    def pkce(self) -> bool:
        """Whether this login uses PKCE."""
        return self.code_verifier is not None

    @property
    def out_of_band(self) -> bool:
        """Whether the server shows the code to the user instead of redirecting."""
        return self.redirect_uri == OOB

    def __repr__(self) -> str:
        page = URL(self.url).with_query(None)
        return (
            f"AuthorizationRequest(url='{page}?…', redirect_uri={self.redirect_uri!r}, "
            f"scopes={self.scopes!r}, pkce={self.pkce}, state={REDACTED})"
        )

    def to_dict(self) -> dict[str, str | list[str] | None]:
        """JSON-friendly values (secrets included: keep them server side)."""
        return {
            "url": self.url,
            "state": self.state,
            "redirect_uri": self.redirect_uri,
            "scopes": list(self.scopes),
            "code_verifier": self.code_verifier,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> AuthorizationRequest:
        """The request [`to_dict`][aiomastodon.auth.AuthorizationRequest.to_dict] gave.

        Raises:
            ValueError: A field is missing or of the wrong type.
        """
        try:
            return msgspec.convert(dict(data), _AuthorizationRequestData).to_request()
        except msgspec.ValidationError as exc:
            raise ValueError(f"not a saved AuthorizationRequest: {exc}") from None


class _AuthorizationRequestData(msgspec.Struct, frozen=True, kw_only=True):
    url: str
    state: str
    redirect_uri: str
    scopes: tuple[str, ...]
    code_verifier: str | None = None

    def to_request(self) -> AuthorizationRequest:
        return AuthorizationRequest(
            url=self.url,
            state=self.state,
            redirect_uri=self.redirect_uri,
            scopes=self.scopes,
            code_verifier=self.code_verifier,
        )


# --- what the server answers ----------------------------------------------------------------


class AccessToken(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What ``POST /oauth/token`` answers (the Token entity). ``repr()`` hides the token.

    Attributes:
        access_token: The token, for the ``Authorization: Bearer`` header.
        token_type: ``"Bearer"``.
        scope: The scopes granted, space-separated.
        created_at: When it was issued (Unix time).
    """

    access_token: str
    token_type: str = "Bearer"
    scope: str = ""
    created_at: int = 0

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes granted, split."""
        return tuple(self.scope.split())

    def __repr__(self) -> str:
        return (
            f"AccessToken(access_token={REDACTED}, token_type={self.token_type!r}, "
            f"scope={self.scope!r}, created_at={self.created_at})"
        )

    def __rich_repr__(self) -> list[tuple[str, object]]:
        return [
            ("access_token", REDACTED),
            ("token_type", self.token_type),
            ("scope", self.scope),
            ("created_at", self.created_at),
        ]


class UserInfo(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """OpenID Connect claims about the token's user (``GET /oauth/userinfo``, 4.4+).

    Attributes:
        iss: The issuer (the server).
        sub: The subject: the account's ActivityPub URI.
        name: The display name.
        preferred_username: The username.
        profile: The profile page's URL.
        picture: The avatar's URL.
    """

    iss: str | None = None
    sub: str = ""
    name: str | None = None
    preferred_username: str | None = None
    profile: str | None = None
    picture: str | None = None


class ServerMetadata(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The server's OAuth endpoints and capabilities (RFC 8414), as Mastodon 4.3+ publishes
    them at ``/.well-known/oauth-authorization-server``.

    For an older server, [`aiomastodon.auth.discover`][aiomastodon.auth.discover] gives
    [`classic`][aiomastodon.auth.ServerMetadata.classic] instead: the classic paths, no PKCE, and an
    empty ``issuer`` ([`discovered`][aiomastodon.auth.ServerMetadata.discovered] is ``False``).
    """

    issuer: str = ""
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    revocation_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    app_registration_endpoint: str | None = None
    service_documentation: str | None = None
    scopes_supported: tuple[str, ...] = ()
    response_types_supported: tuple[str, ...] = ()
    response_modes_supported: tuple[str, ...] = ()
    grant_types_supported: tuple[str, ...] = ()
    token_endpoint_auth_methods_supported: tuple[str, ...] = ()
    code_challenge_methods_supported: tuple[str, ...] = ()

    @property
    def discovered(self) -> bool:
        """``True`` if the server published this; ``False`` for
        [`classic`][aiomastodon.auth.ServerMetadata.classic]."""
        return bool(self.issuer)

    @property
    def supports_pkce(self) -> bool:
        """Whether the server takes PKCE with the ``S256`` method."""
        return "S256" in self.code_challenge_methods_supported

    @classmethod
    def classic(cls, base_url: URL) -> ServerMetadata:
        """What every Mastodon server before 4.3 offers, without saying so."""
        root = str(base_url).rstrip("/")
        return cls(
            authorization_endpoint=f"{root}/oauth/authorize",
            token_endpoint=f"{root}/oauth/token",
            revocation_endpoint=f"{root}/oauth/revoke",
            app_registration_endpoint=f"{root}/api/v1/apps",
            response_types_supported=("code",),
            grant_types_supported=("authorization_code", "client_credentials", "password"),
        )

    def authorization_endpoint_on(self, base_url: URL) -> str:
        """The authorization endpoint to send users to: the published one when it is on
        ``base_url``'s origin, else the classic ``/oauth/authorize`` of ``base_url``."""
        published = URL(self.authorization_endpoint) if self.authorization_endpoint else None
        if published is not None and published.absolute and published.origin() == base_url.origin():
            return str(published)
        return f"{str(base_url).rstrip('/')}/oauth/authorize"
