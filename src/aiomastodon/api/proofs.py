"""Identity proofs (removed).

Docs: https://docs.joinmastodon.org/methods/proofs/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Proofs"]


class Proofs(Namespace):
    """Identity proofs (removed)."""

    __slots__ = ()
