"""A separate process sharing a Redis rate-limit store, for the tests (and the benchmark).

python redis_worker.py hold REDIS_URL PREFIX N
    take N leases on the account bucket of ("example.social", DIGEST), print "held",
    then wait to be killed.
python redis_worker.py learn REDIS_URL PREFIX HOST TOKEN LIMIT REMAINING RESET_IN
    settle one request of (HOST, TOKEN) with these headers (reset RESET_IN seconds
    from now), print "ok".
python redis_worker.py client REDIS_URL PREFIX BASE_URL TOKEN N LEASE_TTL
    fire N concurrent GET /api/v1/statuses/:id with a Client sharing the store,
    print a JSON line {"ok": answers, "rate_limited": 429s, "started": t0, "finished": t1}.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aiomastodon import Client, RateLimited
from aiomastodon._sansio.ratelimit import RateLimitHeaders
from aiomastodon.scheduler.redis_store import RedisStore
from aiomastodon.scheduler.scheduler import token_key
from aiomastodon.scheduler.store import Lease

DIGEST = "0123456789abcdef0123456789abcdef"
KEY = ("example.social", DIGEST)


async def hold(url: str, prefix: str, n: int) -> None:
    store = RedisStore(url, prefix=prefix, lease_ttl=30.0)
    for _ in range(n):
        lease = await store.reserve(KEY, None, "wait", time.time())
        assert isinstance(lease, Lease), lease
    print("held", flush=True)
    await asyncio.Event().wait()  # until SIGKILL


async def learn(
    url: str, prefix: str, key: tuple[str, str], limit: int, remaining: int, reset_in: float
) -> None:
    store = RedisStore(url, prefix=prefix)
    now = time.time()
    lease = await store.reserve(key, None, "wait", now)
    assert isinstance(lease, Lease), lease
    await store.settle(lease, RateLimitHeaders(limit, remaining, now + reset_in), True, None, now)
    await store.aclose()
    print("ok", flush=True)


async def client(
    url: str, prefix: str, base: str, token: str, n: int, lease_ttl: float, name: str
) -> None:
    store = RedisStore(url, prefix=prefix, lease_ttl=lease_ttl)
    rate_limited = 0
    started = time.time()
    async with Client(
        base, access_token=token, rate_limit_store=store, retries=0, user_agent=name
    ) as mastodon:

        async def one(i: int) -> bool:
            nonlocal rate_limited
            try:
                await mastodon.statuses.get(str(i))
            except RateLimited:
                rate_limited += 1
                return False
            return True

        print(json.dumps({"started": started}), flush=True)
        results = await asyncio.gather(*(one(i) for i in range(n)))
    finished = time.time()
    await store.aclose()
    print(
        json.dumps(
            {
                "ok": sum(results),
                "rate_limited": rate_limited,
                "started": started,
                "finished": finished,
            }
        ),
        flush=True,
    )


def main(argv: list[str]) -> None:
    mode, url, prefix, *rest = argv
    if mode == "hold":
        asyncio.run(hold(url, prefix, int(rest[0])))
    elif mode == "learn":
        host, token, limit, remaining, reset_in = rest
        key = token_key(host, token)
        asyncio.run(learn(url, prefix, key, int(limit), int(remaining), float(reset_in)))
    elif mode == "client":
        base, token, n, ttl, name = rest
        asyncio.run(client(url, prefix, base, token, int(n), float(ttl), name))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
