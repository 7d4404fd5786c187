"""Apps: register an OAuth application with a server, and check an app token.

Docs: https://docs.joinmastodon.org/methods/apps/
"""

from __future__ import annotations

from collections.abc import Sequence

from .._sansio.oauth import scope_text
from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Application, CredentialApplication
from ._base import Namespace

__all__ = ["Apps"]

CREATE = route("POST", "/api/v1/apps", "apps.create")
VERIFY_CREDENTIALS = route(
    "GET", "/api/v1/apps/verify_credentials", "apps.verify_credentials", version="2.0.0"
)


class Apps(Namespace):
    """``client.apps``: register an OAuth application (no token needed), check a token's app."""

    __slots__ = ()

    async def create(
        self,
        client_name: str,
        *,
        redirect_uris: str | Sequence[str],
        scopes: str | Sequence[str] | UnsetType = UNSET,
        website: str | UnsetType = UNSET,
    ) -> CredentialApplication:
        """``POST /api/v1/apps``: register an application and get its client credentials.

        Needs no access token: a client made without one can call it. Keep the
        ``client_id`` and ``client_secret`` of the answer; they are shown only once.

        ``redirect_uris`` is sent as a single ``redirect_uris`` field, several URIs
        joined by newlines. Every Mastodon version reads that form (4.3+ also takes an
        array ``redirect_uris[]``, which older servers reject), so one call works
        everywhere.

        Args:
            client_name: The application's name, shown to users.
            redirect_uris: Where the server sends the user after authorization: one URI
                or several. ``urn:ietf:wg:oauth:2.0:oob`` shows the code instead.
            scopes: The scopes the app may ask for, space-separated or as a sequence
                (default ``read``).
            website: The application's homepage.

        Docs: https://docs.joinmastodon.org/methods/apps/#create
        """
        uris = redirect_uris if isinstance(redirect_uris, str) else "\n".join(redirect_uris)
        if not uris:
            raise ValueError("redirect_uris needs at least one URI")
        form = {
            "client_name": client_name,
            "redirect_uris": uris,
            "scopes": scope_text(scopes),
            "website": website,
        }
        return await self._requester.call(CredentialApplication, CREATE, form=form)

    async def verify_credentials(self) -> Application:
        """``GET /api/v1/apps/verify_credentials``: the app the client's token belongs to.

        Works with a user token or an app token (client credentials grant); a token that
        is invalid or revoked raises [`Unauthorized`][aiomastodon.errors.Unauthorized]. Before 4.3
        the token needed the ``read`` scope; from 4.3 the answer includes ``scopes`` and
        ``redirect_uris``.

        Docs: https://docs.joinmastodon.org/methods/apps/#verify_credentials
        """
        return await self._requester.call(Application, VERIFY_CREDENTIALS)
