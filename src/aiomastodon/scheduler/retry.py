"""When a failed request may be sent again.

A request may be re-sent only if sending it twice cannot do a thing twice: its method is
idempotent (GET, HEAD, PUT, DELETE, OPTIONS), its route is marked ``retry_safe`` (a POST
idempotent by meaning: favourite, follow, dismiss, ...; ``PreparedRequest.idempotent``
says either), or it carries an ``Idempotency-Key`` the server deduplicates on
(``POST /api/v1/statuses``). Any request may be re-sent when the server provably never got
it whole (the connection was refused, or broke while the request was being written), or
when the server refused it with 429 (it did nothing). An upload from a stream that cannot
be rewound can never be sent again.
"""

from __future__ import annotations

from pathlib import Path

from .._sansio.request import Multipart, PreparedRequest
from ..errors import TransportError

__all__ = ["RETRY_STATUSES", "may_resend", "retryable_error", "retryable_status"]

RETRY_STATUSES = frozenset({502, 503, 504})
"""Proxy and overload answers: the server may well answer the same request a moment later."""


def _replayable_body(request: PreparedRequest) -> bool:
    if not isinstance(request.body, Multipart):
        return True
    return all(
        isinstance(part.source, (bytes, Path)) or part.source.seekable()
        for part in request.body.files
    )


def may_resend(request: PreparedRequest) -> bool:
    """Whether sending ``request`` a second time is harmless."""
    return request.idempotent or "Idempotency-Key" in request.headers


def retryable_error(request: PreparedRequest, error: TransportError) -> bool:
    """Whether to retry after ``error`` (no answer came)."""
    if not _replayable_body(request):
        return False
    return may_resend(request) or not error.request_sent


def retryable_status(request: PreparedRequest, status: int) -> bool:
    """Whether to retry after an answer with ``status`` (429 is handled by the scheduler)."""
    return status in RETRY_STATUSES and may_resend(request) and _replayable_body(request)
