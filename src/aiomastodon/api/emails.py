"""Email confirmation.

Docs: https://docs.joinmastodon.org/methods/emails/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ._base import Namespace

__all__ = ["Emails"]

CONFIRMATION = route(
    "POST", "/api/v1/emails/confirmations", "emails.resend_confirmation", version="3.4.0"
)
# Undocumented by the Mastodon docs (the method's docstring gives the source).
CHECK_CONFIRMATION = route(
    "GET", "/api/v1/emails/check_confirmation", "emails.check_confirmation", version="4.2.0"
)


class Emails(Namespace):
    """``client.emails``: the confirmation email of a new account."""

    __slots__ = ()

    async def resend_confirmation(self, *, email: str | UnsetType = UNSET) -> None:
        """``POST /api/v1/emails/confirmations``: send the confirmation email again.

        Only for an account that is not confirmed yet, with a token of the app that
        registered it (the server answers 403 otherwise).

        Args:
            email: Also change the account's email address to this one first.

        Docs: https://docs.joinmastodon.org/methods/emails/#confirmation
        """
        await self._requester.send(CONFIRMATION, form={"email": email})

    async def check_confirmation(self) -> bool:
        """``GET /api/v1/emails/check_confirmation``: whether your email is confirmed yet.

        Undocumented: ``Api::V1::Emails::ConfirmationsController#check``, in Mastodon
        since 4.2.0 (CHANGELOG, #25013: the sign-up page polls it). The server answers
        a bare JSON ``true`` or ``false``. Needs a user token (``read`` or
        ``read:accounts``).

        Docs: https://docs.joinmastodon.org/methods/emails/ (not listed there)
        """
        return await self._requester.call(bool, CHECK_CONFIRMATION)
