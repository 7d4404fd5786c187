"""Routes: one value per endpoint, and the table of every endpoint the package knows.

A [`Route`][aiomastodon.Route] is plain data: the HTTP method, the path as the docs write it
(``/api/v1/statuses/:id``), the Python name of the method that calls it
(``statuses.get``), how it pages, and which rate-limit sub-bucket it spends.
Each namespace method in ``aiomastodon.api`` is declared against one route from
``ROUTES``; a test checks the two against each other and against the docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

__all__ = ["ROUTES", "Paging", "Route", "route"]

Paging = Literal["link", "id", "offset"]
"""How a list endpoint pages.

``"link"``: cursors are ids of hidden records; only the server's ``Link`` header may be followed.
``"id"``: cursors are the ids of the items themselves (``Link`` still preferred).
``"offset"``: ranked lists paged by ``offset``.
"""

_PLACEHOLDER = re.compile(r":([a-z_]+)")


@dataclass(frozen=True, slots=True)
class Route:
    """One endpoint of the Mastodon API.

    Attributes:
        method: HTTP method, upper case.
        path: The path with ``:name`` placeholders, exactly as the docs write it.
        name: The Python name of the method that calls it, ``"namespace.method"``.
        paging: How it pages, or ``None`` for a single answer.
        bucket: The rate-limit sub-bucket it also spends (``"media"``, ``"status_delete"``).
        version: The Mastodon version that added it, where known.
        deprecated: Why and what replaces it, if deprecated.
        legacy: ``True`` for endpoints current Mastodon no longer has.
        retry_safe: Sending it twice is harmless though the method is not idempotent
            by HTTP's definition (POST, PATCH): the second does nothing the first did not.
            Set on requests that put something in a state (favourite, follow, mute, mark
            read, dismiss, save a marker), on POSTs that only read (``translate``,
            ``admin.measures``), and on media uploads (a duplicate is never attached, and
            the server deletes it); never on one that creates a record or sends
            something (a list, a filter, a report, a vote, an email). A repeat may answer
            differently (404 after a dismiss, as after a DELETE): what it did is the same.
            The request loop retries such requests after transient failures
            (``scheduler/retry.py``); docs/ratelimits.md lists every decision.
    """

    method: str
    path: str
    name: str
    paging: Paging | None = None
    bucket: str | None = None
    version: str | None = None
    deprecated: str | None = None
    legacy: bool = False
    retry_safe: bool = False

    @property
    def template(self) -> str:
        """The path with ``{name}`` placeholders: ``/api/v1/statuses/{id}``."""
        return _PLACEHOLDER.sub(r"{\1}", self.path)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The names of the path's placeholders, in order."""
        return tuple(_PLACEHOLDER.findall(self.path))

    @property
    def wire(self) -> str:
        """``"GET /api/v1/statuses/:id"``: how docstrings and errors name the endpoint."""
        return f"{self.method} {self.path}"

    def expand(self, *args: str) -> str:
        """The path with each placeholder replaced by one argument, percent-encoded.

        IDs are opaque: ``/`` or ``?`` inside one must not change the path, so every
        character outside the unreserved set is encoded. IDs are ``str``; an ``int`` is
        taken as its decimal digits (the same id: Python's ints are exact), anything
        else is refused rather than sent as its ``str()`` (an entity's repr in a path).

        Raises:
            TypeError: If the number of arguments does not match the placeholders, or
                one is neither a ``str`` nor an ``int``.
            ValueError: If an argument is empty.
        """
        if ":" not in self.path and not args:
            return self.path  # nothing to substitute (most list endpoints)
        names = self.placeholders
        if len(args) != len(names):
            raise TypeError(f"{self.wire} takes {len(names)} path argument(s), got {len(args)}")
        values = iter(args)

        def substitute(match: re.Match[str]) -> str:
            given: object = next(values)
            if isinstance(given, bool) or not isinstance(given, (str, int)):
                raise TypeError(
                    f"{self.wire}: :{match.group(1)} takes an id, a str (or an int), "
                    f"not {type(given).__name__}"
                )
            value = str(given)

            if not value:
                raise ValueError(f"{self.wire}: {match.group(1)} must not be empty")
            return quote(value, safe="")

        return _PLACEHOLDER.sub(substitute, self.path)


ROUTES: list[Route] = []
"""Every route, in declaration order. Read it through ``aiomastodon.routes()``."""


def route(
    method: str,
    path: str,
    name: str,
    *,
    paging: Paging | None = None,
    bucket: str | None = None,
    version: str | None = "0.0.0",
    deprecated: str | None = None,
    legacy: bool = False,
    retry_safe: bool = False,
) -> Route:
    """Declare a route and add it to ``ROUTES``.

    ``version`` is the Mastodon version that added the endpoint: by default ``"0.0.0"``,
    one of the API's first (``None``: not known).
    """
    declared = Route(
        method=method,
        path=path,
        name=name,
        paging=paging,
        bucket=bucket,
        version=version,
        deprecated=deprecated,
        legacy=legacy,
        retry_safe=retry_safe,
    )
    ROUTES.append(declared)
    return declared
