"""A simulated Mastodon on virtual time: a transport that enforces fixed-window budgets."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime

from multidict import CIMultiDict, CIMultiDictProxy

from aiomastodon._sansio.request import PreparedRequest
from aiomastodon._sansio.response import RawResponse
from aiomastodon.errors import TransportError
from aiomastodon.testing import VirtualClock

STATUS = (
    b'{"id":"1","created_at":"2026-01-01T00:00:00Z",'
    b'"account":{"id":"2","created_at":"2026-01-01T00:00:00Z"}}'
)


@dataclass
class Budget:
    limit: int
    window: float
    used: dict[float, int] = field(default_factory=dict)


@dataclass
class Sent:
    at: float
    method: str
    path: str
    status: int
    headers: CIMultiDictProxy[str]


Fault = Callable[[PreparedRequest], "RawResponse | TransportError | None"]


class SimServer:
    """Answers every request after ``latency`` virtual seconds, enforcing the budgets.

    ``reset`` is how X-RateLimit-Reset is written: ``"iso"`` (Mastodon), ``"epoch"``
    (GoToSocial, mastodon-mock), ``"garbled"`` or ``"none"``. ``skew`` puts the server's
    clock that many seconds ahead of ours. ``faults`` are consulted first, in order; each
    may answer (or fail) a request instead of the server, once.
    """

    def __init__(
        self,
        clock: VirtualClock,
        *,
        limit: int = 30,
        window: float = 3.0,
        media: tuple[int, float] = (30, 1800.0),
        reset: str = "iso",
        skew: float = 0.0,
        latency: float = 0.05,
        headers: bool = True,
    ) -> None:
        self.clock = clock
        self.account = Budget(limit, window)
        self.media = Budget(*media)
        self.reset = reset
        self.skew = skew
        self.latency = latency
        self.headers = headers
        self.faults: list[Fault] = []
        self.sent: list[Sent] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def statuses(self) -> list[int]:
        return [s.status for s in self.sent]

    def _window(self, budget: Budget, now: float) -> tuple[float, int]:
        start = math.floor(now / budget.window) * budget.window
        return start + budget.window, budget.used.get(start, 0)

    def _reset_text(self, reset: float) -> str:
        if self.reset == "iso":  # as Mastodon 4.7: microseconds, Z
            return datetime.fromtimestamp(reset, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if self.reset == "epoch":
            return str(int(reset))
        return "tomorrow-ish"

    async def send(self, request: PreparedRequest) -> RawResponse:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await self.clock.sleep(self.latency)
            for fault in list(self.faults):
                outcome = fault(request)
                if outcome is not None:
                    self.faults.remove(fault)
                    if isinstance(outcome, TransportError):
                        self.sent.append(
                            Sent(self.clock.time(), request.method, request.path, 0, _headers({}))
                        )
                        raise outcome
                    self.sent.append(
                        Sent(
                            self.clock.time(),
                            request.method,
                            request.path,
                            outcome.status,
                            outcome.headers,
                        )
                    )
                    return outcome
            return self._answer(request)
        finally:
            self.in_flight -= 1

    def _answer(self, request: PreparedRequest) -> RawResponse:
        now = self.clock.time() + self.skew
        budgets = [self.account]
        if request.path in ("/api/v1/media", "/api/v2/media"):
            budgets.append(self.media)
        status = 200
        nearest: tuple[int, float, int] | None = None
        for budget in budgets:
            reset, used = self._window(budget, now)
            if used >= budget.limit:
                status = 429
            remaining = max(budget.limit - used - 1, 0)
            if nearest is None or remaining < nearest[2]:
                nearest = (budget.limit, reset, remaining)
        if status == 200:
            for budget in budgets:
                start = math.floor(now / budget.window) * budget.window
                budget.used[start] = budget.used.get(start, 0) + 1
        assert nearest is not None
        limit, reset, remaining = nearest
        headers: dict[str, str] = {
            "Content-Type": "application/json",
            "Date": format_datetime(datetime.fromtimestamp(now, timezone.utc), usegmt=True),
        }
        if self.headers:
            headers["X-RateLimit-Limit"] = str(limit)
            headers["X-RateLimit-Remaining"] = str(remaining if status == 200 else 0)
            if self.reset != "none":
                headers["X-RateLimit-Reset"] = self._reset_text(reset)
        body = STATUS if status == 200 else b'{"error":"Too many requests"}'
        answer = response(request, status, body, headers)
        self.sent.append(
            Sent(self.clock.time(), request.method, request.path, status, answer.headers)
        )
        return answer

    async def close(self) -> None:
        return None


def _headers(values: dict[str, str]) -> CIMultiDictProxy[str]:
    return CIMultiDictProxy(CIMultiDict(values))


def response(
    request: PreparedRequest,
    status: int,
    body: bytes = b"{}",
    headers: dict[str, str] | None = None,
) -> RawResponse:
    return RawResponse(
        status=status,
        headers=_headers(headers or {"Content-Type": "application/json"}),
        body=body,
        url=request.url,
        method=request.method,
    )


def once(
    status: int,
    path: str | None = None,
    headers: dict[str, str] | None = None,
    seen: list[PreparedRequest] | None = None,
) -> Fault:
    """A fault: answer the next matching request with ``status`` (recording it in ``seen``)."""

    def fault(request: PreparedRequest) -> RawResponse | None:
        if path is not None and request.path != path:
            return None
        if seen is not None:
            seen.append(request)
        return response(request, status, b'{"error":"injected"}', headers)

    return fault


def refuse(*, sent: bool) -> Fault:
    """A fault: the next request gets no answer (connection refused, or reset after sending)."""

    def fault(request: PreparedRequest) -> TransportError:
        return TransportError(
            "injected", method=request.method, path=request.path, request_sent=sent
        )

    return fault
