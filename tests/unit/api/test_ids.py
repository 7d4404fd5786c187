"""Ids are ``str``: an ``int`` is sent as its digits, anything else is refused before
anything is sent (a ``Status`` in a path would otherwise go out as its repr)."""

from __future__ import annotations

from typing import Any, cast

import pytest
from aioresponses import aioresponses

from aiomastodon import Client
from aiomastodon._sansio.decode import decoder_for
from aiomastodon.api.statuses import GET
from aiomastodon.entities import Status

from ._helpers import BASE, only_request, status


def test_a_str_and_an_int_name_the_same_path() -> None:
    assert GET.expand("109") == GET.expand(cast(Any, 109)) == "/api/v1/statuses/109"


@pytest.mark.parametrize("wrong", [True, 1.5, None, b"1", ["1"]])
def test_anything_else_is_refused(wrong: object) -> None:
    with pytest.raises(TypeError, match=r"GET /api/v1/statuses/:id: :id takes an id"):
        GET.expand(cast(Any, wrong))


async def test_an_int_id_reaches_the_server_as_digits(mocked: aioresponses, client: Client) -> None:
    mocked.get(f"{BASE}/api/v1/statuses/42", payload=status("42"))
    assert (await client.statuses.get(cast(Any, 42))).id == "42"
    only_request(mocked, "GET", f"{BASE}/api/v1/statuses/42")


async def test_an_entity_for_an_id_sends_nothing(mocked: aioresponses, client: Client) -> None:
    entity = decoder_for(Status).convert(status("7"))
    with pytest.raises(TypeError, match="not Status"):
        await client.statuses.favourite(cast(Any, entity))
    assert mocked.requests == {}
