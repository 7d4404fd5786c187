"""The pytest plugin: fixtures for a fake Mastodon, registered as ``aiomastodon``.

pytest loads it wherever aiomastodon is installed (an entry point is always registered),
so loading it costs next to nothing: it defines fixtures and imports the server only
when a test asks for one. The async fixtures need pytest-asyncio, which the ``testing``
extra brings (``pip install 'aiomastodon[testing]'``); without it they are not defined.
They work in pytest-asyncio's ``auto`` and ``strict`` modes (in strict mode, mark the
tests ``@pytest.mark.asyncio``).

- ``mastodon_server``: a running ``FakeMastodon``, empty.
  Options: ``@pytest.mark.fake_mastodon(json_style="pretty", media_polls=0)``.
- ``mastodon_client``: a ``Client`` logged in as ``alice``, an account the fixture adds.
- ``threaded_mastodon``: a ``ThreadedMastodon`` (no event
  loop needed), for tests of synchronous code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from aiomastodon import Client

    from .server import FakeMastodon
    from .thread import ThreadedMastodon

__all__ = ["mastodon_client", "mastodon_server", "threaded_mastodon"]

MARKER = "fake_mastodon"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): options of the mastodon_server fixture's FakeMastodon",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The marker's keyword arguments: FakeMastodon checks them (a bad one raises)."""
    marker = request.node.get_closest_marker(MARKER)
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def threaded_mastodon(request: pytest.FixtureRequest) -> Iterator[ThreadedMastodon]:
    """A fake Mastodon serving from a thread of its own."""
    from .server import FakeMastodon
    from .thread import ThreadedMastodon

    with ThreadedMastodon(FakeMastodon(**_options(request))) as threaded:
        yield threaded


try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - the testing extra brings it
    pass
else:

    @pytest_asyncio.fixture
    async def mastodon_server(request: pytest.FixtureRequest) -> AsyncIterator[FakeMastodon]:
        """A running fake Mastodon, with no accounts yet."""
        from .server import FakeMastodon

        async with FakeMastodon(**_options(request)) as server:
            yield server

    @pytest_asyncio.fixture
    async def mastodon_client(mastodon_server: FakeMastodon) -> AsyncIterator[Client]:
        """A ``Client`` for ``mastodon_server``, logged in as ``alice`` (added here)."""
        from aiomastodon import Client

        if mastodon_server.world.named_or_none("alice") is None:
            await mastodon_server.add_account("alice")
        token = mastodon_server.token("alice")
        async with Client(mastodon_server.url, access_token=token) as client:
            yield client
