"""Rate limits, pacing, backoff and retries: what happens between "call" and "send".

One ``Scheduler`` per client (or shared by clients of the same account) holds the
buckets every task spends; see ``aiomastodon.scheduler.scheduler`` for the design.
"""

from .bucket import BucketState, Policy
from .scheduler import Scheduler, SchedulerEvent

__all__ = ["BucketState", "Policy", "Scheduler", "SchedulerEvent"]
