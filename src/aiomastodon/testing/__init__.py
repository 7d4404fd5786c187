"""Testing code that uses aiomastodon: a fake Mastodon server, faults, virtual time.

```python
from aiomastodon import Client
from aiomastodon.testing import FakeMastodon

async def test_a_mention_is_seen() -> None:
    async with FakeMastodon() as server:
        token = await server.add_account("alice")
        await server.add_account("bob")
        await server.post(as_="bob", text="@alice hi")
        async with Client(server.url, access_token=token) as client:
            [mention] = [n async for n in client.notifications.list()]
            assert mention.type == "mention"
```

With ``pip install 'aiomastodon[testing]'``, pytest gets the fixtures ``mastodon_server``,
``mastodon_client`` and ``threaded_mastodon`` (``aiomastodon.testing.plugin``). The
server's parts load on first use: importing this package for ``VirtualClock`` costs
no web server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .clock import VirtualClock
from .signal import Signal

if TYPE_CHECKING:
    from .core import InstanceInfo
    from .encoding import JSONStyle
    from .faults import Fault, FaultKind, Faults, RecordedRequest
    from .media import MediaControl, MediaFault
    from .ratelimit import Budget, RateLimits
    from .server import FakeMastodon, Seeded
    from .streaming import Handshake, StreamingControl
    from .thread import ThreadedMastodon

__all__ = [
    "Budget",
    "FakeMastodon",
    "Fault",
    "FaultKind",
    "Faults",
    "Handshake",
    "InstanceInfo",
    "JSONStyle",
    "MediaControl",
    "MediaFault",
    "RateLimits",
    "RecordedRequest",
    "Seeded",
    "Signal",
    "StreamingControl",
    "ThreadedMastodon",
    "VirtualClock",
]

_LAZY = {
    "Budget": "ratelimit",
    "FakeMastodon": "server",
    "Fault": "faults",
    "FaultKind": "faults",
    "Faults": "faults",
    "Handshake": "streaming",
    "InstanceInfo": "core",
    "JSONStyle": "encoding",
    "MediaControl": "media",
    "MediaFault": "media",
    "RateLimits": "ratelimit",
    "RecordedRequest": "faults",
    "Seeded": "server",
    "StreamingControl": "streaming",
    "ThreadedMastodon": "thread",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
