"""The one base every entity shares, and the field types the generator uses.

The policy lives here, once: entities are frozen, keyword-only msgspec Structs whose
field names equal the JSON keys; unknown fields are ignored (servers and forks add
fields); every field that not every server sends has a default. Decoding goes through
``aiomastodon._sansio.decode.decoder_for``, which is strict and fast for well-formed
bodies and repairs odd fields instead of failing a page.

JSON text in and out, as everywhere in the package: ``Status.from_json(str | bytes)``
(``aiomastodon.decode(Status, data)``, with its ``DecodeError``) and ``status.to_json()``
giving ``str``; ``aiomastodon.encode(status)`` gives the bytes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeVar

import msgspec

from ..codec import decode, encode

__all__ = ["AwareDatetime", "Entity", "redacted_repr"]

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
"""A timestamp with its UTC offset; naive or date-only values are repaired to UTC."""

_E = TypeVar("_E", bound="Entity")


class Entity(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Base of every Mastodon entity.

    Decoded trees never form reference cycles, so entities opt out of the garbage
    collector (``gc=False``): faster to build, cheaper to hold.
    """

    @classmethod
    def from_json(cls: type[_E], data: bytes | str) -> _E:
        """Decode one entity from its JSON, tolerating odd fields like the client does.

        Raises:
            DecodeError: ``data`` is not JSON, or not this entity.
        """
        return decode(cls, data)

    def to_json(self) -> str:
        """Encode back to JSON text (every field, defaults included)."""
        return encode(self).decode()


def redacted_repr(entity: Entity, secrets: tuple[str, ...]) -> str:
    """``Token(access_token='<redacted>', ...)``: an entity's repr without its credentials."""
    fields = ", ".join(
        f"{name}={'<redacted>' if name in secrets else repr(getattr(entity, name))}"
        for name in entity.__struct_fields__
    )
    return f"{type(entity).__name__}({fields})"
