"""A concurrency cap per host, for traffic that spends no rate-limit budget (media files).

The scheduler's own cap (``max_concurrency``) counts every request of its clients
together. Media files come from many hosts (the instance's CDN, object storage, other
instances), each of which should see only a few connections from one client at a time,
however many files are queued for it: ``HostLimit`` holds that cap, one small semaphore
per host, made when a host is first used and dropped when its last holder leaves (so
that walking many hosts keeps nothing).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager

__all__ = ["DEFAULT_PER_HOST", "HostLimit"]

DEFAULT_PER_HOST = 4
"""Connections to one host at once, by default: what browsers allowed per host for
years, and little enough that a media host never sees one client as a flood."""


class HostLimit:
    """At most ``per_host`` holders of a slot for the same host at once.

    Args:
        per_host: The cap, at least 1.
    """

    def __init__(self, per_host: int = DEFAULT_PER_HOST) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._hosts: dict[Hashable, tuple[asyncio.Semaphore, int]] = {}

    def __repr__(self) -> str:
        return f"HostLimit(per_host={self.per_host}, busy_hosts={len(self._hosts)})"

    def holders(self, host: Hashable) -> int:
        """How many tasks hold or wait for a slot of ``host``."""
        entry = self._hosts.get(host)
        return entry[1] if entry is not None else 0

    @asynccontextmanager
    async def slot(self, host: Hashable) -> AsyncIterator[None]:
        """Hold one of ``host``'s slots for the ``async with`` block (waiting for one)."""
        semaphore, users = self._hosts.get(host) or (asyncio.Semaphore(self.per_host), 0)
        self._hosts[host] = (semaphore, users + 1)
        try:
            async with semaphore:
                yield
        finally:
            semaphore, users = self._hosts[host]
            if users == 1:
                del self._hosts[host]
            else:
                self._hosts[host] = (semaphore, users - 1)
