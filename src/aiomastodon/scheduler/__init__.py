"""Rate limits, pacing, backoff and retries: what happens between "call" and "send".

One ``Scheduler`` per client (or shared by clients of the same account) holds the
buckets every task spends; see ``aiomastodon.scheduler.scheduler`` for the design.
The budgets live in a store: in memory (``MemoryStore``, the default), or shared
between processes in Redis (``aiomastodon.scheduler.redis_store.RedisStore``, with the
``redis`` extra).
"""

from .bucket import BucketState, Policy
from .scheduler import Scheduler, SchedulerEvent
from .store import MemoryStore, RateLimitStore

__all__ = ["BucketState", "MemoryStore", "Policy", "RateLimitStore", "Scheduler", "SchedulerEvent"]
