"""What goes wrong on purpose, and what the client sent: faults and the request log.

Faults are rules a test adds (``Faults``): the next ``count`` requests that match
``path`` (a glob, ``"/api/v1/timelines/*"``) and ``method``, after ``skip`` that are let
through, get the fault instead of their answer:

- ``"status"``: any HTTP status, with Mastodon's error body or the bytes given (a
  redirect is one: ``Faults.redirect()`` adds its ``Location``);
- ``"429"``: Mastodon's own refusal, ``Remaining: 0`` until the window's end (with
  ``Retry-After`` if asked: Mastodon sends none);
- ``"429-proxy"``: a front proxy's limiter, ``Reset`` ``reset_in`` seconds ahead and
  ``Retry-After``, whatever the window;
- ``"truncate"``: a 200 whose JSON is cut in half;
- ``"drop"``: the headers and half the body, then the connection closed;
- ``"reset"``: the connection closed before any answer.

And latency (``Faults.latency()``): seconds to wait before answering matching requests;
and holds (``Faults.hold()``): matching requests are logged, then kept waiting until
``Faults.release()`` (at most ``HOLD_LIMIT`` seconds, so a test that forgets fails
instead of hanging).

The log (``RecordedRequest``) keeps every request on both origins, with its headers
minus secrets: the ``Authorization`` value is replaced by ``<redacted>`` (so its presence
shows), and so are an ``access_token`` in the query and passwords or secrets in the form.
"""

from __future__ import annotations

import asyncio
import fnmatch
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .._sansio.request import redact_headers

__all__ = [
    "HOLD_LIMIT",
    "Fault",
    "FaultKind",
    "Faults",
    "Origin",
    "RecordedRequest",
    "redact_pairs",
]

HOLD_LIMIT = 30.0
"""Seconds a held request waits for ``Faults.release()`` before it is answered anyway."""

FaultKind = Literal["status", "429", "429-proxy", "truncate", "drop", "reset"]
Origin = Literal["api", "media"]
_SECRET_PARAMS = frozenset(
    {"access_token", "password", "client_secret", "code", "refresh_token", "token"}
)


def redact_pairs(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Query or form pairs with secret values replaced by ``<redacted>``."""
    return tuple((k, "<redacted>" if k in _SECRET_PARAMS else v) for k, v in pairs)


@dataclass
class RecordedRequest:
    """One request the server received, secrets removed."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    origin: Origin
    account: str | None = None
    """The username whose token came with it (``None``: no valid token); streaming
    handshakes too, whichever of the three places the token came in."""
    form: tuple[tuple[str, str], ...] = ()
    """Body parameters (url-encoded, multipart text fields or JSON), secrets removed."""
    files: tuple[tuple[str, str, int], ...] = ()
    """Uploaded files: ``(field, filename, size in bytes)``."""
    file_digests: tuple[str, ...] = ()
    """The SHA-256 (hex) of each uploaded file, in ``files``' order: which bytes came,
    exactly, without the log keeping them."""
    status: int | None = None
    """The status answered (``None`` until answered, or when the connection was cut)."""

    @property
    def authorized(self) -> bool:
        """Whether an ``Authorization`` header came (whatever its value)."""
        return self.header("Authorization") is not None

    def header(self, name: str) -> str | None:
        """A header's value, any case (``<redacted>`` for credentials)."""
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)

    def param(self, name: str) -> str | None:
        """The first query or form value of ``name``."""
        return next((v for k, v in (*self.query, *self.form) if k == name), None)

    @classmethod
    def of(
        cls,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        origin: Origin,
    ) -> RecordedRequest:
        return cls(method, path, redact_pairs(query), redact_headers(headers), origin)


@dataclass
class Fault:
    """One rule: see the module docstring."""

    kind: FaultKind
    path: str = "*"
    method: str | None = None
    count: int = 1
    skip: int = 0
    status: int = 503
    body: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    reset_in: float = 1.2
    retry_after: float | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and fnmatch.fnmatchcase(
            path, self.path
        )


@dataclass
class _Latency:
    seconds: float
    path: str
    method: str | None


class Faults:
    """The fault rules of one server (see the module docstring)."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []
        self.served: Counter[str] = Counter()
        """Faults sent so far, by kind (``"status"`` ones by their status: ``"503"``)."""
        self._latency: list[_Latency] = []
        self._holds: list[_Latency] = []
        self._held: list[asyncio.Future[None]] = []

    def add(self, fault: Fault) -> Fault:
        """Add a rule (after the others: the first matching rule applies)."""
        self.rules.append(fault)
        return fault

    def fail(
        self,
        path: str = "*",
        *,
        status: int = 503,
        count: int = 1,
        skip: int = 0,
        method: str | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with ``status`` (and ``body``; by
        default Mastodon's ``{"error": ...}`` for that status)."""
        return self.add(
            Fault(
                "status", path, method, count, skip, status, body, content_type,
                dict(headers or {}),
            )
        )  # fmt: skip

    def redirect(
        self,
        path: str,
        location: str,
        *,
        status: int = 307,
        count: int = 1,
        skip: int = 0,
        method: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with a redirect to ``location``
        (``Location: <location>``, as given: relative, or another origin's URL). It
        comes before the route and the token check, as a front proxy's would, so any
        path can be redirected, served here or not."""
        return self.fail(
            path, status=status, count=count, skip=skip, method=method,
            headers={"Location": location},
        )  # fmt: skip

    def rate_limit(
        self,
        path: str = "*",
        *,
        count: int = 1,
        skip: int = 0,
        method: str | None = None,
        proxy: bool = False,
        reset_in: float = 1.2,
        retry_after: float | None = None,
    ) -> Fault:
        """Refuse the next ``count`` matching requests with 429: Mastodon's (``Reset`` at
        the window's end), or with ``proxy`` a front limiter's (``Reset`` ``reset_in``
        seconds ahead, ``Retry-After`` rounded up)."""
        kind: FaultKind = "429-proxy" if proxy else "429"
        return self.add(
            Fault(kind, path, method, count, skip, 429, reset_in=reset_in, retry_after=retry_after)
        )

    def truncate(self, path: str = "*", *, count: int = 1, skip: int = 0) -> Fault:
        """Answer 200 with the JSON cut in half."""
        return self.add(Fault("truncate", path, None, count, skip, 200))

    def drop(self, path: str = "*", *, count: int = 1, skip: int = 0) -> Fault:
        """Send the headers and half the body, then close the connection."""
        return self.add(Fault("drop", path, None, count, skip, 200))

    def reset(self, path: str = "*", *, count: int = 1, skip: int = 0) -> Fault:
        """Close the connection without answering."""
        return self.add(Fault("reset", path, None, count, skip))

    def latency(self, seconds: float, path: str = "*", *, method: str | None = None) -> None:
        """Wait ``seconds`` before answering each matching request (until ``clear()``)."""
        self._latency.append(_Latency(seconds, path, method))

    def hold(self, path: str = "*", *, method: str | None = None) -> None:
        """Keep matching requests waiting, once logged, until ``release()``."""
        self._holds.append(_Latency(0.0, path, method))

    def release(self) -> None:
        """Answer the held requests, and hold no more (call it on the server's loop)."""
        self._holds.clear()
        for waiter in self._held:
            if not waiter.done():
                waiter.set_result(None)
        self._held.clear()

    async def wait_if_held(self, method: str, path: str) -> None:
        """Wait for ``release()`` if a hold matches this request."""
        if not any(_matches(rule, method, path) for rule in self._holds):
            return
        waiter = asyncio.get_running_loop().create_future()
        self._held.append(waiter)
        await asyncio.wait([waiter], timeout=HOLD_LIMIT)

    def clear(self) -> None:
        """Remove every rule, every latency and every hold (releasing what was held)."""
        self.rules.clear()
        self._latency.clear()
        self.release()

    def pending(self) -> int:
        """How many faults are still to be sent."""
        return sum(rule.count for rule in self.rules)

    def delay(self, method: str, path: str) -> float:
        return sum(rule.seconds for rule in self._latency if _matches(rule, method, path))

    def take(self, method: str, path: str) -> Fault | None:
        """The fault this request gets, if any (counted as served)."""
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            if rule.skip > 0:
                rule.skip -= 1
                return None
            rule.count -= 1
            if rule.count <= 0:
                self.rules.remove(rule)
            self.served[str(rule.status) if rule.kind == "status" else rule.kind] += 1
            return rule
        return None


def _matches(rule: _Latency, method: str, path: str) -> bool:
    return (rule.method is None or rule.method.upper() == method) and fnmatch.fnmatchcase(
        path, rule.path
    )
