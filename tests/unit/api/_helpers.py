"""Helpers shared by the api tests: recorded requests, bodies, example payloads.

aioresponses records each request under ``(METHOD, URL)``, the URL with its query
pairs sorted. :func:`only_request` looks one up by the URL a test writes out in full
(``"https://example.social/api/v1/x?id[]=1&local=true"``), so a missing, extra or
differently encoded query parameter fails the lookup.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aioresponses import aioresponses
from aioresponses.compat import normalize_url
from aioresponses.core import RequestCall
from yarl import URL

BASE = "https://example.social"
TOKEN = "test-token-5e3cret"  # the token of conftest.py's ``client`` fixture

DATA = Path(__file__).resolve().parents[2] / "data" / "mastodon-api"
EXAMPLES = DATA / "examples"
_INDEX = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))


# --- recorded requests -------------------------------------------------------------------


def recorded(mocked: aioresponses) -> list[tuple[str, str]]:
    """Every request sent, as ``(METHOD, URL)`` (query sorted), one entry per call."""
    return [(method, str(url)) for (method, url), calls in mocked.requests.items() for _ in calls]


def calls_to(mocked: aioresponses, method: str, url: str) -> list[RequestCall]:
    """Every request sent to ``method url``."""
    return list(mocked.requests.get((method, normalize_url(URL(url))), []))


def only_request(mocked: aioresponses, method: str, url: str) -> RequestCall:
    """The one request sent to ``method url``, after checking it was the only request
    to that URL and that it carried the token and aiomastodon's User-Agent."""
    key = (method, normalize_url(URL(url)))
    calls = mocked.requests.get(key)
    assert calls, f"no {method} {url}; sent: {recorded(mocked)}"
    assert len(calls) == 1, f"{method} {url} was sent {len(calls)} times"
    call = calls[0]
    headers = call.kwargs["headers"]
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["User-Agent"].startswith("aiomastodon/")
    return call


def sent_nothing_else(mocked: aioresponses, *expected: tuple[str, str]) -> None:
    """Assert the requests sent were exactly ``expected`` ``(METHOD, URL)`` pairs, in any
    order (URLs are compared as aioresponses records them, query sorted)."""
    want = sorted((method, str(normalize_url(URL(url)))) for method, url in expected)
    assert sorted(recorded(mocked)) == want


def form_of(call: RequestCall) -> list[tuple[str, str]]:
    """The url-encoded body of a request, as ordered ``(key, value)`` pairs."""
    data = call.kwargs.get("data")
    assert isinstance(data, bytes), f"expected a url-encoded body, got {type(data).__name__}"
    assert call.kwargs["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qsl(data.decode("ascii"), keep_blank_values=True, strict_parsing=True)


def no_body(call: RequestCall) -> None:
    """Assert the request carried no body."""
    assert call.kwargs.get("data") is None


class Part:
    """One part of a multipart body."""

    def __init__(self, message: Message) -> None:
        self.name = message.get_param("name", header="content-disposition")
        self.filename = message.get_filename()
        self.content_type = message.get_content_type()
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        self.data = payload

    def __repr__(self) -> str:
        return f"Part({self.name!r}, {self.filename!r}, {self.content_type!r}, {self.data!r})"


async def multipart_of(call: RequestCall) -> list[Part]:
    """The parts of a ``multipart/form-data`` body, rendered as aiohttp would send it."""
    form = call.kwargs.get("data")
    assert isinstance(form, aiohttp.FormData), f"expected multipart, got {type(form).__name__}"
    writer = copy.deepcopy(form)()
    body = await writer.as_bytes()
    head = f"Content-Type: {writer.content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    assert message.get_content_type() == "multipart/form-data"
    parts = message.get_payload()
    assert isinstance(parts, list)
    return [Part(part) for part in parts]


def fields_of(parts: list[Part]) -> list[tuple[str, str]]:
    """The text fields of a multipart body (the parts without a filename)."""
    return [(p.name, p.data.decode()) for p in parts if p.filename is None]


def files_of(parts: list[Part]) -> dict[str, Part]:
    """The file parts of a multipart body, by field name."""
    return {p.name: p for p in parts if p.filename is not None}


# --- example payloads ----------------------------------------------------------------------


def method_example(method_id: str, index: int = 0) -> Any:
    """A response example from the docs, by the endpoint id of endpoints.json
    (``"accounts.get"``); ``index`` picks one where the docs give several."""
    meta = _INDEX["methods"][method_id]
    data = json.loads((EXAMPLES / meta["file"]).read_text(encoding="utf-8"))
    return data[index] if meta["count"] > 1 else data


def entity_example(name: str, index: int = 0) -> Any:
    """An entity example from the docs (``"Account"``, ``"V1::Instance"``)."""
    meta = _INDEX["entities"][name]
    data = json.loads((EXAMPLES / meta["file"]).read_text(encoding="utf-8"))
    return data[index] if meta["count"] > 1 else data


def account(account_id: str, **changes: Any) -> dict[str, Any]:
    """The docs' whole Account example, with another id (and any other changes)."""
    return {**entity_example("Account"), "id": account_id, **changes}


def status(status_id: str, **changes: Any) -> dict[str, Any]:
    """The docs' whole Status example, with another id (and any other changes)."""
    return {**entity_example("Status"), "id": status_id, **changes}


def notification(notification_id: str, type_: str = "mention") -> dict[str, Any]:
    """A whole Notification: the docs' (abridged) example with a whole account and status."""
    base = entity_example("Notification")
    return {
        **base,
        "id": notification_id,
        "type": type_,
        "account": account("971724"),
        "status": status("103186126728896492"),
    }


def link(**rels: str) -> dict[str, str]:
    """A ``Link`` response header: ``link(next=url, prev=url)``."""
    return {"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in rels.items())}


def with_params(url: str, **params: str) -> str:
    """``url`` with query parameters added."""
    return str(URL(url).update_query(params))


async def assert_walks_link_pages(
    mocked: aioresponses,
    walk: Any,
    first_url: str,
    make_item: Callable[[str], Any],
    item_type: type,
) -> list[Any]:
    """Walk a ``"link"``-paged endpoint over two pages and check the cursors came only
    from the ``Link`` header.

    The first page's ``rel="next"`` carries ``max_id=9001``, a hidden record id that is
    no item's id; the second page has no ``Link``. The walk must request exactly those
    two URLs: a client that built ``max_id`` from the last item's id would request
    ``max_id=12`` (never registered, so the walk would fail), and one that ignored the
    missing ``Link`` would ask for a third page.
    """
    second_url = with_params(first_url, max_id="9001")
    newer_url = with_params(first_url, min_id="9100")
    mocked.get(
        first_url,
        payload=[make_item("11"), make_item("12")],
        headers=link(next=second_url, prev=newer_url),
    )
    mocked.get(second_url, payload=[make_item("13")])
    items = [item async for item in walk]
    assert all(isinstance(item, item_type) for item in items)
    payloads = [make_item(i) for i in ("11", "12", "13")]
    expected = [p if isinstance(p, str) else p["id"] for p in payloads]
    assert [item if isinstance(item, str) else item.id for item in items] == expected
    only_request(mocked, "GET", first_url)
    only_request(mocked, "GET", second_url)
    sent_nothing_else(mocked, ("GET", first_url), ("GET", second_url))
    return items
