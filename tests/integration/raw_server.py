"""A raw HTTP/1.1 server on 127.0.0.1 that answers with hand-written bytes.

aiohttp.web cannot send a malformed status line or header, nor close a connection after
an answer without saying so: this one can. ``answer(request)`` returns the whole answer
(status line, headers, body) as bytes for each request it reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["RawRequest", "RawServer", "http_answer"]


@dataclass
class RawRequest:
    """One request as the server read it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection: int  # which connection carried it (1, 2, ...)


def http_answer(
    status: int = 200,
    body: bytes = b"{}",
    headers: list[tuple[str, str]] | None = None,
    *,
    reason: str = "OK",
) -> bytes:
    """A well-formed answer with ``Content-Length`` (and ``Content-Type: application/json``)."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    given = headers or []
    if not any(name.lower() == "content-type" for name, _ in given):
        lines.append("Content-Type: application/json")
    lines += [f"{name}: {value}" for name, value in given]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class RawServer:
    """Answers every request with ``answer(request)``.

    Args:
        answer: The bytes to send for a request.
        keep_alive: Read further requests on a connection after an answer; ``False``
            closes it after each answer, without a ``Connection: close`` (as snac does).
    """

    answer: Callable[[RawRequest], bytes]
    keep_alive: bool = True
    requests: list[RawRequest] = field(default_factory=list)
    connections: int = 0
    url: str = ""
    _server: asyncio.Server | None = None

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        connection = self.connections
        try:
            while True:
                request = await _read_request(reader, connection)
                if request is None:
                    break
                self.requests.append(request)
                writer.write(self.answer(request))
                await writer.drain()
                if not self.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader, connection: int) -> RawRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    first, *lines = head.decode("latin-1").split("\r\n")
    method, target, _ = first.split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return RawRequest(method, target, headers, body, connection)
