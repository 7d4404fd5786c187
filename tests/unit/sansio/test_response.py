"""Error answers of real servers (tests/data/realservers/) mapped to the right classes.

Takahē refuses a bad token with 400 ``Invalid Bearer token``, snac with an empty 422 on
``verify_credentials``; both answer missing records with HTML pages. Each must come out
as the class a caller catches, with a few readable words instead of the page's markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon._sansio.response import (
    RawResponse,
    error_for,
    page_heading,
    refuses_token,
    says_no_route,
)
from aiomastodon.errors import (
    HTTPError,
    NotFound,
    ServerError,
    Unauthorized,
    Unprocessable,
)

RECORDINGS = Path(__file__).resolve().parents[2] / "data" / "realservers"


def recorded(name: str) -> RawResponse:
    """An exchange of tests/data/realservers/ as the transport would hand it over."""
    data = json.loads((RECORDINGS / name).read_text())
    headers = CIMultiDictProxy(CIMultiDict([tuple(pair) for pair in data["headers"]]))
    url = URL(f"http://{data['server']}.invalid{data['path']}")
    return RawResponse(data["status"], headers, data["body"].encode(), url, data["method"])


def answer(
    status: int,
    body: bytes = b"",
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> RawResponse:
    proxy = CIMultiDictProxy(CIMultiDict(headers or {}))
    return RawResponse(status, proxy, body, URL("https://example.social/api/v1/x"), method)


@pytest.mark.parametrize(
    ("name", "cls", "error"),
    [
        # A refused token, whatever status the fork chose.
        ("takahe/07-verify-credentials-bad-token.json", Unauthorized, "Invalid Bearer token"),
        ("takahe/08-verify-credentials-no-token.json", Unauthorized, "identity_token_required"),
        ("snac/08-verify-credentials-bad-token.json", Unauthorized, "Unprocessable Entity"),
        ("snac/09-verify-credentials-no-token.json", Unauthorized, "Unprocessable Entity"),
        ("gotosocial/08-verify-credentials-bad-token.json", Unauthorized, "Unauthorized"),
        # HTML pages keep the class of their status and say it in their own few words.
        ("takahe/45-status-unknown.json", NotFound, "Page Not Found"),
        ("takahe/52-markers.json", NotFound, "Page Not Found"),
        ("takahe/46-status-unknown-junk.json", ServerError, "Internal Server Error"),
        ("snac/41-status-unknown.json", NotFound, "404 Not Found (snac/2.94)"),
        ("snac/02-instance-v2.json", NotFound, "404 Not Found (snac/2.94)"),
        ("gotosocial/49-status-unknown.json", NotFound, "Not Found: target status not found"),
    ],
)
def test_real_servers_errors_map_to_the_class_a_caller_catches(
    name: str, cls: type[HTTPError], error: str
) -> None:
    response = recorded(name)
    mapped = error_for(response)
    assert type(mapped) is cls
    assert mapped.status == response.status  # the status stays the one received
    assert mapped.error.startswith(error)
    assert "<" not in str(mapped)
    assert len(mapped.error) <= 80
    assert mapped.endpoint == f"{response.method} {response.url.path}"


def test_every_recorded_error_is_an_http_error_with_readable_text() -> None:
    for path in sorted(RECORDINGS.glob("*/[0-9]*.json")):
        data = json.loads(path.read_text())
        if not 400 <= data["status"] < 600:
            continue
        mapped = error_for(recorded(f"{path.parent.name}/{path.name}"))
        assert isinstance(mapped, HTTPError), path.name
        assert mapped.error, path.name
        assert "<" not in mapped.error, path.name
        assert len(mapped.error) <= 201, path.name


@pytest.mark.parametrize(
    ("response", "refused"),
    [
        (answer(400, b"Invalid Bearer token"), True),
        (answer(403, b'{"error": "invalid_token"}'), True),
        (answer(422, b'{"error": "This method requires an authenticated user"}'), True),
        (answer(400, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}), True),
        (answer(422), True),  # snac: an empty 422 to a read
        (answer(422, method="HEAD"), True),
        (answer(422, method="POST"), False),  # snac's failed bookmark, pin, vote
        (answer(422, b'{"error": "Validation failed: Text can\'t be blank"}'), False),
        (answer(403, b'{"error": "This action is outside the authorized scopes"}'), False),
        (answer(400, b'{"error": "invalid_grant"}'), False),
        (answer(404, b"Invalid Bearer token"), False),  # only 400, 403 and 422 are read so
    ],
)
def test_which_answers_refuse_the_token(response: RawResponse, refused: bool) -> None:
    error = error_for(response)
    assert refuses_token(response, error.error) is refused
    assert isinstance(error, Unauthorized) is refused
    if not refused and response.status == 422:
        assert type(error) is Unprocessable


@pytest.mark.parametrize(
    ("body", "heading"),
    [
        (
            b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
            b" Gateway</h1></center><hr><center>nginx</center></body></html>",
            "502 Bad Gateway",
        ),
        (
            b"<title> - Tak&#257;h&#275;</title><h1 class='x'>Page&nbsp;Not <b>Found</b></h1>",
            "Page Not Found",
        ),
        (b"<html><title>Only a title</title><h1>  </h1></html>", "Only a title"),
        (b"<h1>" + b"a" * 500 + b"</h1>", "a" * 200 + "\u2026"),
        (b"no markup at all", ""),
        (b"<p>no heading</p>", ""),
    ],
)
def test_page_heading(body: bytes, heading: str) -> None:
    assert page_heading(body) == heading


@given(st.binary(max_size=300))
def test_page_heading_and_error_for_take_any_bytes(body: bytes) -> None:
    assert len(page_heading(body)) <= 201
    for status in (400, 404, 422, 500):
        assert isinstance(error_for(answer(status, body)), HTTPError)


@pytest.mark.parametrize(
    ("body", "unrouted"),
    [
        (b'{"error": "Not Found"}', True),  # Mastodon: a path it has no route for
        (b'{"error": "Record not found"}', False),  # Mastodon: a missing record
        (b'{"error": "Not Found: target status not found"}', False),  # GoToSocial
        (b"<h1>404 Not Found (snac/2.94)</h1>", False),  # a fork's page: it cannot tell
        (b"", False),
    ],
)
def test_only_mastodons_words_for_an_unknown_path_say_no_route(body: bytes, unrouted: bool) -> None:
    assert says_no_route(answer(404, body)) is unrouted
