"""The concurrency cap per host (``scheduler/hosts.py``)."""

from __future__ import annotations

import asyncio

import pytest

from aiomastodon.scheduler.hosts import DEFAULT_PER_HOST, HostLimit


async def test_at_most_per_host_holders_per_host_and_hosts_are_independent():
    limit = HostLimit(2)
    inside: dict[str, int] = {"a": 0, "b": 0}
    most: dict[str, int] = {"a": 0, "b": 0}
    gate = asyncio.Event()

    async def hold(host: str) -> None:
        async with limit.slot(host):
            inside[host] += 1
            most[host] = max(most[host], inside[host])
            await gate.wait()
            inside[host] -= 1

    tasks = [asyncio.ensure_future(hold(h)) for h in "aaaaab"]
    for _ in range(5):
        await asyncio.sleep(0)  # let every task reach its slot or its wait
    assert inside == {"a": 2, "b": 1}
    assert limit.holders("a") == 5
    gate.set()
    await asyncio.gather(*tasks)
    assert most == {"a": 2, "b": 1}


async def test_a_host_is_forgotten_when_its_last_holder_leaves():
    limit = HostLimit()
    async with limit.slot(("https", "files.example", 443)):
        assert limit.holders(("https", "files.example", 443)) == 1
    assert limit.holders(("https", "files.example", 443)) == 0
    assert "busy_hosts=0" in repr(limit)


async def test_a_holder_that_fails_gives_its_slot_back():
    limit = HostLimit(1)
    with pytest.raises(RuntimeError):
        async with limit.slot("a"):
            raise RuntimeError("boom")
    assert limit.holders("a") == 0

    async def again() -> None:
        async with limit.slot("a"):
            pass

    await asyncio.wait_for(again(), 5)  # the slot is free: no wait at all


def test_the_cap_is_at_least_one():
    assert DEFAULT_PER_HOST == 4
    with pytest.raises(ValueError, match="at least 1"):
        HostLimit(0)
