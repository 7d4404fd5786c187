"""Transports move a ``PreparedRequest`` to the server
and bring back a ``RawResponse``; nothing more."""

from .base import Transport

__all__ = ["Transport"]
