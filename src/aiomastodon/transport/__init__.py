"""Transports move a :class:`~aiomastodon._sansio.request.PreparedRequest` to the server
and bring back a :class:`~aiomastodon._sansio.response.RawResponse`; nothing more."""

from .base import Transport

__all__ = ["Transport"]
