"""OAuth: the authorization URL, tokens, revocation, user info and server metadata.

These are the endpoints one by one, sent as given. For the flows (register, authorize
with ``state`` and PKCE, exchange, save), see [`aiomastodon.auth`][aiomastodon.auth], which also
checks scopes before anything is sent.

Docs: https://docs.joinmastodon.org/methods/oauth/
"""

from __future__ import annotations

from collections.abc import Sequence

from .._sansio.oauth import AccessToken, ServerMetadata, UserInfo, authorization_url, scope_text
from .._sansio.request import UNSET, UnsetType, join_url
from .._sansio.routes import route
from ..errors import HTTPError, oauth_error
from ._base import Namespace

__all__ = ["OAuth"]

AUTHORIZE = route("GET", "/oauth/authorize", "oauth.authorize", version="0.1.0")
TOKEN = route("POST", "/oauth/token", "oauth.token", version="0.1.0")
# Revoking twice is harmless: a retry after a lost answer is safe.
REVOKE = route("POST", "/oauth/revoke", "oauth.revoke", version="0.1.0", retry_safe=True)
USERINFO = route("GET", "/oauth/userinfo", "oauth.userinfo", version="4.4.0")
# OpenID Connect lets a client ask by POST too; same claims, same method here.
USERINFO_POST = route(
    "POST",
    "/oauth/userinfo",
    "oauth.userinfo",
    version="4.4.0",
    retry_safe=True,
)
SERVER_METADATA = route(
    "GET", "/.well-known/oauth-authorization-server", "oauth.server_metadata", version="4.3.0"
)


class OAuth(Namespace):
    """``client.oauth``: the OAuth endpoints (no token needed, except for ``userinfo``)."""

    __slots__ = ()

    def authorize(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        scopes: str | Sequence[str] = "read",
        state: str | None = None,
        code_challenge: str | None = None,
        force_login: bool = False,
        lang: str | None = None,
    ) -> str:
        """``GET /oauth/authorize``: the URL of the page where the user approves the app.

        Only builds the URL (nothing is sent): open it in the user's browser. The server
        then redirects to ``redirect_uri`` with ``code`` and ``state``, or, for
        ``urn:ietf:wg:oauth:2.0:oob``, shows the code for the user to copy.
        [`aiomastodon.auth.start_authorization`][aiomastodon.auth.start_authorization] makes the
        ``state`` and PKCE values.

        Args:
            client_id: The app's ``client_id``.
            redirect_uri: One of the app's registered redirect URIs.
            scopes: The scopes to ask for (space-separated, or a sequence); at most those
                the app was registered with.
            state: A value the redirect carries back unchanged, to check it.
            code_challenge: The PKCE ``S256`` challenge (Mastodon 4.3+).
            force_login: Ask for a login even if the user is logged in.
            lang: The language of the page (ISO 639-1).

        Docs: https://docs.joinmastodon.org/methods/oauth/#authorize
        """
        return authorization_url(
            join_url(self._requester.base_url, AUTHORIZE.path),
            client_id=client_id,
            redirect_uri=redirect_uri,
            scopes=scopes.split() if isinstance(scopes, str) else tuple(scopes),
            state=state,
            code_challenge=code_challenge,
            force_login=force_login,
            lang=lang,
        )

    async def token(
        self,
        *,
        grant_type: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str | UnsetType = UNSET,
        code: str | UnsetType = UNSET,
        code_verifier: str | UnsetType = UNSET,
        scopes: str | Sequence[str] | UnsetType = UNSET,
        username: str | UnsetType = UNSET,
        password: str | UnsetType = UNSET,
    ) -> AccessToken:
        """``POST /oauth/token``: obtain an access token.

        Never retried (a code is good for one exchange). ``repr()`` of the answer hides
        the token.

        Args:
            grant_type: ``"authorization_code"`` (with ``code``, ``redirect_uri`` and,
                with PKCE, ``code_verifier``), ``"client_credentials"`` (an app token), or
                the legacy ``"password"`` (with ``username`` and ``password``; current
                Mastodon refuses it).
            client_id: The app's ``client_id``.
            client_secret: The app's ``client_secret``.
            redirect_uri: The redirect URI of the authorization.
            code: The authorization code.
            code_verifier: The PKCE verifier whose challenge the authorization carried.
            scopes: The scopes to ask for (not for ``authorization_code``).
            username: The user's e-mail address (``password`` grant).
            password: The user's password (``password`` grant).

        Raises:
            OAuthError: The server refused: [`InvalidGrant`][aiomastodon.errors.InvalidGrant],
                [`InvalidClient`][aiomastodon.errors.InvalidClient],
                [`UnsupportedGrantType`][aiomastodon.errors.UnsupportedGrantType], ... with
                ``error`` and ``description``.

        Docs: https://docs.joinmastodon.org/methods/oauth/#token
        """
        form = {
            "grant_type": grant_type,
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
            "code_verifier": code_verifier,
            "scope": scope_text(scopes),
            "username": username,
            "password": password,
        }
        try:
            return await self._requester.call(AccessToken, TOKEN, form=form)
        except HTTPError as exc:
            raise oauth_error(exc) from None

    async def revoke(self, *, client_id: str, client_secret: str, token: str) -> None:
        """``POST /oauth/revoke``: revoke an access token (it answers 401 from then on).

        Revoking a token that is unknown or already revoked succeeds (RFC 7009).

        Args:
            client_id: The ``client_id`` of the app the token was issued to.
            client_secret: That app's ``client_secret``.
            token: The access token to revoke.

        Raises:
            OAuthError: The server refused (``unauthorized_client``: another app's token).

        Docs: https://docs.joinmastodon.org/methods/oauth/#revoke
        """
        form = {"client_id": client_id, "client_secret": client_secret, "token": token}
        try:
            await self._requester.send(REVOKE, form=form)
        except HTTPError as exc:
            raise oauth_error(exc) from None

    async def userinfo(self, *, post: bool = False) -> UserInfo:
        """``GET /oauth/userinfo``: OpenID Connect claims about the token's user.

        Mastodon 4.4+ (older servers answer 404, [`NotFound`][aiomastodon.errors.NotFound]); needs a
        user token with the ``profile`` scope. Whether a server
        offers it: ``ServerMetadata.userinfo_endpoint``.

        Args:
            post: Ask with ``POST /oauth/userinfo`` instead (OpenID Connect allows both;
                some proxies strip the ``Authorization`` header of one or the other).

        Docs: https://docs.joinmastodon.org/methods/oauth/#userinfo
        """
        return await self._requester.call(UserInfo, USERINFO_POST if post else USERINFO)

    async def server_metadata(self) -> ServerMetadata:
        """``GET /.well-known/oauth-authorization-server``: the OAuth endpoints and
        capabilities (RFC 8414).

        Mastodon 4.3+; older servers answer 404.
        [`aiomastodon.auth.discover`][aiomastodon.auth.discover] falls back to the classic paths for
        them.

        Docs: https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata
        """
        return await self._requester.call(ServerMetadata, SERVER_METADATA)
