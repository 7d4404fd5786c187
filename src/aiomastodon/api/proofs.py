"""Identity proofs (removed).

Docs: https://docs.joinmastodon.org/methods/proofs/
"""

from __future__ import annotations

import warnings

import msgspec

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Entity
from ._base import Namespace

__all__ = ["ProofSignature", "Proofs", "ProofsOfAccount"]

GET = route(
    "GET",
    "/api/proofs",
    "proofs.get",
    version="2.8.0",
    deprecated="removed in Mastodon 3.5 with identity proofs; there is no replacement "
    "(verified profile links, Account.fields, took their place)",
    legacy=True,
)


class ProofSignature(Entity, frozen=True, kw_only=True):
    """One proof in ``ProofsOfAccount``, as Keybase defined it.

    Attributes:
        sig_hash: The proof's signature hash.
        kb_username: The Keybase username it proves.
    """

    sig_hash: str = ""
    kb_username: str = ""


class ProofsOfAccount(Entity, frozen=True, kw_only=True):
    """What [`Proofs.get`][aiomastodon.api.proofs.Proofs.get] answered (the shape the provider,
    Keybase, asked for).

    Attributes:
        avatar: The account's avatar URL.
        signatures: The account's proofs for that provider.
    """

    avatar: str | None = None
    signatures: list[ProofSignature] = msgspec.field(default_factory=list)


class Proofs(Namespace):
    """``client.proofs``: identity proofs, removed from Mastodon (legacy)."""

    __slots__ = ()

    async def get(
        self,
        *,
        provider: str | UnsetType = UNSET,
        username: str | UnsetType = UNSET,
    ) -> ProofsOfAccount:
        """``GET /api/proofs``: an account's identity proofs for a provider (legacy).

        Removed in Mastodon 3.5 (added in 2.8, for Keybase): current servers answer
        404. There is no replacement; verified profile links took their place.

        Args:
            provider: The proof provider; only ``keybase`` ever existed.
            username: The local username whose proofs to list.

        Docs: https://docs.joinmastodon.org/methods/proofs/#get
        """
        warnings.warn(
            "GET /api/proofs was removed in Mastodon 3.5; identity proofs have no replacement",
            DeprecationWarning,
            stacklevel=2,
        )
        query = {"provider": provider, "username": username}
        return await self._requester.call(ProofsOfAccount, GET, query=query)
