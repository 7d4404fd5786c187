"""The scheduler's store argument, and the in-memory store as the default road."""

from __future__ import annotations

import sys

import pytest

from aiomastodon import Client
from aiomastodon.errors import RateLimitStoreError
from aiomastodon.scheduler import MemoryStore, Scheduler
from aiomastodon.scheduler.scheduler import token_key
from tests.conftest import BASE, TOKEN


def test_the_default_store_is_in_memory_and_called_without_await() -> None:
    scheduler = Scheduler()
    assert isinstance(scheduler.store, MemoryStore)
    assert "MemoryStore" in repr(scheduler)


def test_a_store_object_is_used_as_given() -> None:
    store = MemoryStore()
    one, two = Scheduler(store=store), Scheduler(store=store)
    assert one.store is store
    assert two.store is store


@pytest.mark.parametrize("url", ["memcache://127.0.0.1", "127.0.0.1:6379", ""])
def test_a_url_of_another_kind_is_a_clear_error(url: str) -> None:
    with pytest.raises(ValueError, match="redis://, rediss:// or unix://"):
        Scheduler(store=url)
    with pytest.raises(ValueError, match="redis://, rediss:// or unix://"):
        Client(BASE, access_token=TOKEN, rate_limit_store=url)


def test_a_redis_url_without_the_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "aiomastodon.scheduler.redis_store", raising=False)
    monkeypatch.setitem(sys.modules, "redis", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(RateLimitStoreError, match=r"pip install 'aiomastodon\[redis\]'"):
        Scheduler(store="redis://127.0.0.1:6379/0")


def test_the_token_reaches_stores_only_as_a_128_bit_digest() -> None:
    host, digest = token_key("example.social", TOKEN)
    assert host == "example.social"
    assert len(digest) == 32
    assert TOKEN not in digest
    assert token_key("example.social", None) == ("example.social", "")


def test_redis_store_names_carry_no_token_and_differ_per_prefix() -> None:
    pytest.importorskip("redis")
    from aiomastodon.scheduler.redis_store import RedisStore

    key = token_key("example.social", TOKEN)
    one = RedisStore("redis://:secret@127.0.0.1:1/0", prefix="one")
    two = RedisStore("redis://127.0.0.1:1/0", prefix="two")
    tag_one, tag_two = one._tag(key), two._tag(key)
    assert tag_one.startswith("one:{example.social|")
    assert tag_one.split("|")[1] != tag_two.split("|")[1]  # unrelated across deployments
    assert key[1] not in tag_one  # not even the scheduler's own digest
    assert "secret" not in repr(one)
    with pytest.raises(ValueError, match="braces"):
        RedisStore("redis://127.0.0.1:1/0", prefix="a{b}")
