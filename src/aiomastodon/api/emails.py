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
