"""OAuth, from nothing to a working token: register an app, authorize with ``state`` and
PKCE, exchange the code, save the credentials, start a client from them.

A script (the server shows the code, the user pastes it)::

    from aiomastodon import Client, auth

    async with Client("https://example.social") as client:
        app = await auth.register_app(client, "my script", scopes="read write")
        login = await auth.start_authorization(client, app)
        print("Open", login.url)
        creds = await auth.finish_authorization(client, app, login, code=input("Code: "))
    auth.save_credentials(creds, "example.social.json")      # mode 0600

    async with Client.from_credentials("example.social.json") as client:
        me = await client.accounts.verify_credentials()

Every request goes through the client's request loop (rate limits, errors without
secrets). Scopes are checked against the documented ones before anything is sent.
Secrets (``client_secret``, tokens, the PKCE verifier, ``state``) never appear in a
``repr``, an error or a log line.

PKCE: [`start_authorization`][aiomastodon.auth.start_authorization] reads the server's metadata
(Mastodon 4.3+). With ``pkce=None`` (the default) it uses PKCE (``S256``) when the server offers it,
and goes on without it, with a
[`PKCEUnsupportedWarning`][aiomastodon.errors.PKCEUnsupportedWarning], when it does not (servers
before 4.3, where the ``client_secret`` alone protects the exchange). ``pkce=True`` raises
[`PKCEUnsupported`][aiomastodon.errors.PKCEUnsupported] instead; ``pkce=False`` never uses it.

The credentials file (``save_credentials``, ``load_credentials``) is
``aiomastodon.credentials``; the protocol's pure parts (scopes, PKCE, the authorization URL,
what the token endpoint answers) are ``aiomastodon._sansio.oauth``; the errors are in
``aiomastodon.errors``. This module runs the flows, and re-exports the public names of
all three.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

from yarl import URL

from ._sansio.oauth import (
    OOB,
    SCOPES,
    AccessToken,
    AuthorizationRequest,
    ServerMetadata,
    UserInfo,
    authorization_url,
    check_state,
    code_challenge,
    new_code_verifier,
    new_state,
    parse_callback,
    parse_scopes,
)
from ._sansio.request import UNSET, UnsetType
from .client import Client, normalize_base_url
from .credentials import (
    CREDENTIALS_FORMAT,
    Credentials,
    load_credentials,
    save_credentials,
)
from .errors import (
    AuthorizationError,
    CredentialsFileError,
    DecodeError,
    Gone,
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    NotFound,
    OAuthError,
    PKCEUnsupported,
    PKCEUnsupportedWarning,
    StateMismatch,
    UnauthorizedClient,
    UnknownScope,
    UnsupportedByServer,
    UnsupportedGrantType,
)

__all__ = [
    "CREDENTIALS_FORMAT",
    "OOB",
    "SCOPES",
    "AccessToken",
    "AuthorizationError",
    "AuthorizationRequest",
    "Credentials",
    "CredentialsFileError",
    "InvalidClient",
    "InvalidGrant",
    "InvalidRequest",
    "InvalidScope",
    "OAuthError",
    "PKCEUnsupported",
    "PKCEUnsupportedWarning",
    "ServerMetadata",
    "StateMismatch",
    "UnauthorizedClient",
    "UnknownScope",
    "UnsupportedGrantType",
    "UserInfo",
    "app_token",
    "code_challenge",
    "discover",
    "finish_authorization",
    "load_credentials",
    "new_code_verifier",
    "new_state",
    "parse_scopes",
    "password_token",
    "register_app",
    "revoke",
    "save_credentials",
    "start_authorization",
]


def _check_instance(client: Client, credentials: Credentials) -> None:
    """The client secret goes only to the server that issued it."""
    if normalize_base_url(credentials.base_url) != client.base_url:
        raise ValueError(
            f"these credentials are for {credentials.base_url}, "
            f"but the client talks to {client.base_url}"
        )


def _scopes(scopes: str | Sequence[str] | None, credentials: Credentials) -> tuple[str, ...]:
    if scopes is None:
        return parse_scopes(credentials.scopes, extra=credentials.scopes)
    return parse_scopes(scopes, extra=credentials.scopes)


async def register_app(
    client: Client,
    client_name: str,
    *,
    scopes: str | Sequence[str] = "read",
    redirect_uris: str | Sequence[str] = OOB,
    website: str | UnsetType = UNSET,
    extra_scopes: Iterable[str] = (),
) -> Credentials:
    """``POST /api/v1/apps``: register an app and keep its client credentials.

    Args:
        client: A client for the server (no token needed).
        client_name: The app's name, shown to users on the authorization page.
        scopes: The scopes the app may ask for, space-separated or a sequence.
        redirect_uris: Where the server may send users after they approve: your web
            app's callback, or ``OOB`` (the default) to show the code instead.
        website: The app's homepage.
        extra_scopes: Scopes to accept besides the documented ones (a fork's own).

    Raises:
        UnknownScope: A scope is not documented (checked before anything is sent).
        ValueError: No redirect URI.
        Unprocessable: The server refused the registration.
    """
    wanted = parse_scopes(scopes, extra=extra_scopes)
    uris = (redirect_uris,) if isinstance(redirect_uris, str) else tuple(redirect_uris)
    uris = tuple(uri for part in uris for uri in part.split("\n") if uri)
    app = await client.apps.create(client_name, redirect_uris=uris, scopes=wanted, website=website)
    return Credentials(
        base_url=str(client.base_url).rstrip("/"),
        client_id=app.client_id,
        client_secret=app.client_secret,
        redirect_uris=uris,
        scopes=wanted,
    )


async def discover(client: Client) -> ServerMetadata:
    """``GET /.well-known/oauth-authorization-server``, or the classic paths.

    Mastodon 4.3+ publishes its OAuth endpoints and capabilities (RFC 8414). Older servers
    answer 404 (or a page that is not JSON; or the client, made with
    ``check_versions=True``, knows the server is older and sends nothing): then this returns
    [`ServerMetadata.classic`][aiomastodon.auth.ServerMetadata.classic], the ``/oauth/*`` paths
    every version serves, with no PKCE and ``discovered`` ``False``.

    Raises:
        HTTPError: Another failure (a 5xx, say), which says nothing about the server's
            OAuth support.
    """
    try:
        return await client.oauth.server_metadata()
    except (NotFound, Gone, DecodeError, UnsupportedByServer):
        return ServerMetadata.classic(client.base_url)


async def start_authorization(
    client: Client,
    credentials: Credentials,
    *,
    scopes: str | Sequence[str] | None = None,
    redirect_uri: str | None = None,
    pkce: bool | None = None,
    force_login: bool = False,
    lang: str | None = None,
    metadata: ServerMetadata | None = None,
) -> AuthorizationRequest:
    """``GET /oauth/authorize``: begin a login, with a fresh ``state`` and PKCE.

    Send the user to the result's ``url``; keep the result to finish with
    [`finish_authorization`][aiomastodon.auth.finish_authorization]. The only request sent is
    [`discover`][aiomastodon.auth.discover] (none when ``metadata`` is given: a web app can discover
    once and pass it to every login).

    Args:
        client: A client for the credentials' server.
        credentials: The app's credentials ([`register_app`][aiomastodon.auth.register_app]).
        scopes: The scopes to ask for; by default all the app's.
        redirect_uri: One of the app's redirect URIs; by default the first.
        pkce: ``None``: PKCE when the server offers it, else go on without it and warn
            ([`PKCEUnsupportedWarning`][aiomastodon.errors.PKCEUnsupportedWarning]). ``True``:
            require it. ``False``: never.
        force_login: Ask for a login even if the user is logged in (switch accounts).
        lang: The language of the authorization page (ISO 639-1).
        metadata: The server's metadata, if already discovered.

    Raises:
        UnknownScope: A scope is neither documented nor the app's (before any request).
        ValueError: ``redirect_uri`` is not one the app registered, or the credentials
            are for another server (before any request).
        PKCEUnsupported: ``pkce=True`` and the server does not offer ``S256``.
    """
    _check_instance(client, credentials)
    wanted = _scopes(scopes, credentials)
    target = credentials.redirect_uri if redirect_uri is None else redirect_uri
    if target not in credentials.redirect_uris:
        raise ValueError(
            f"redirect_uri {target!r} is not registered for this app "
            f"(registered: {', '.join(credentials.redirect_uris)})"
        )
    if metadata is None:
        metadata = await discover(client)
    use_pkce = metadata.supports_pkce if pkce is None else pkce
    if use_pkce and not metadata.supports_pkce:
        raise PKCEUnsupported(_no_pkce(client, metadata) + "; pass pkce=None or pkce=False")
    if pkce is None and not use_pkce:
        warnings.warn(
            _no_pkce(client, metadata) + ": authorizing without PKCE (pass pkce=False to "
            "silence this, or pkce=True to refuse)",
            PKCEUnsupportedWarning,
            stacklevel=2,
        )
    verifier = new_code_verifier() if use_pkce else None
    state = new_state()
    url = authorization_url(
        metadata.authorization_endpoint_on(client.base_url),
        client_id=credentials.client_id,
        redirect_uri=target,
        scopes=wanted,
        state=state,
        code_challenge=code_challenge(verifier) if verifier is not None else None,
        force_login=force_login,
        lang=lang,
    )
    return AuthorizationRequest(
        url=url, state=state, redirect_uri=target, scopes=wanted, code_verifier=verifier
    )


def _no_pkce(client: Client, metadata: ServerMetadata) -> str:
    if metadata.discovered:
        return f"{client.base_url} does not offer PKCE with S256"
    return f"{client.base_url} publishes no OAuth metadata (Mastodon before 4.3: no PKCE)"


async def finish_authorization(
    client: Client,
    credentials: Credentials,
    request: AuthorizationRequest,
    *,
    code: str | None = None,
    callback_url: str | URL | None = None,
    state: str | None = None,
) -> Credentials:
    """``POST /oauth/token``: exchange the authorization code for a user token.

    Give either ``callback_url``, the whole URL the server redirected the user to (its
    ``state`` is checked, and an ``error`` in it raised), or ``code`` (the one the user
    copied, out of band). A redirect flow's ``code`` needs the ``state`` that came with
    it: a callback's ``state`` is always checked, before anything is sent.

    Args:
        client: A client for the credentials' server.
        credentials: The app's credentials.
        request: What [`start_authorization`][aiomastodon.auth.start_authorization] returned for
            this login.
        code: The authorization code.
        callback_url: The callback URL, with ``code`` and ``state`` in its query.
        state: The ``state`` the callback carried (with ``code``).

    Returns:
        The credentials with the new access token.

    Raises:
        StateMismatch: The callback's ``state`` is missing or wrong (nothing is sent).
        AuthorizationError: The callback carries an error (``access_denied``: the user
            declined) or no code.
        InvalidGrant: The code is wrong, expired or used, or the PKCE verifier does not
            match.
        InvalidClient: The client credentials are wrong.
    """
    _check_instance(client, credentials)
    if code is not None and callback_url is not None:
        raise ValueError("give either code= or callback_url=, not both")
    if callback_url is not None:
        code = parse_callback(callback_url, state=request.state)
    elif code is None:
        raise ValueError("give either code= or callback_url=")
    elif state is not None:
        check_state(request.state, state)
    elif not request.out_of_band:
        raise ValueError(
            "a redirect flow must check the callback's state: pass callback_url=, "
            "or state= with code="
        )
    token = await client.oauth.token(
        grant_type="authorization_code",
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        redirect_uri=request.redirect_uri,
        code=code,
        code_verifier=UNSET if request.code_verifier is None else request.code_verifier,
    )
    return credentials.with_token(token.access_token)


async def app_token(
    client: Client,
    credentials: Credentials,
    *,
    scopes: str | Sequence[str] | None = None,
) -> Credentials:
    """``POST /oauth/token`` (client credentials grant): a token for the app itself.

    An app token acts for no user: it can verify the app
    (``client.apps.verify_credentials``) and read public data, and nothing that needs an
    account.

    Args:
        client: A client for the credentials' server.
        credentials: The app's credentials.
        scopes: The scopes to ask for; by default all the app's.

    Returns:
        The credentials with the app token.

    Raises:
        UnknownScope: A scope is neither documented nor the app's (before any request).
        InvalidClient: The client credentials are wrong.
    """
    _check_instance(client, credentials)
    wanted = _scopes(scopes, credentials)
    token = await client.oauth.token(
        grant_type="client_credentials",
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        redirect_uri=credentials.redirect_uri,
        scopes=wanted,
    )
    return credentials.with_token(token.access_token)


async def password_token(
    client: Client,
    credentials: Credentials,
    username: str,
    password: str,
    *,
    scopes: str | Sequence[str] | None = None,
) -> Credentials:
    """``POST /oauth/token`` (password grant, legacy): a user token from an e-mail and password.

    Legacy: only servers that still allow it answer (Mastodon before 4.3 did; current
    Mastodon, which lists ``grant_types_supported`` in its metadata without
    ``password``, refuses with [`UnsupportedGrantType`][aiomastodon.errors.UnsupportedGrantType]).
    It never works for accounts with two-factor authentication. Use the authorization code flow
    ([`start_authorization`][aiomastodon.auth.start_authorization]) instead.

    Args:
        client: A client for the credentials' server.
        credentials: The app's credentials.
        username: The account's e-mail address.
        password: The account's password (sent once, to the token endpoint only).
        scopes: The scopes to ask for; by default all the app's.

    Raises:
        UnsupportedGrantType: The server does not offer the password grant.
        InvalidGrant: Wrong e-mail or password.
    """
    _check_instance(client, credentials)
    wanted = _scopes(scopes, credentials)
    token = await client.oauth.token(
        grant_type="password",
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        username=username,
        password=password,
        scopes=wanted,
    )
    return credentials.with_token(token.access_token)


async def revoke(client: Client, credentials: Credentials) -> Credentials:
    """``POST /oauth/revoke``: revoke the credentials' access token.

    The token answers 401 ([`Unauthorized`][aiomastodon.errors.Unauthorized]) from then on.

    Returns:
        The credentials without the token (the app's client credentials stay valid).

    Raises:
        ValueError: The credentials hold no token.
        OAuthError: The server refused.
    """
    _check_instance(client, credentials)
    if not credentials.access_token:
        raise ValueError("these credentials hold no access token to revoke")
    await client.oauth.revoke(
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        token=credentials.access_token,
    )
    return credentials.with_token(None)
