"""aiomastodon: an asyncio client for the Mastodon API.

```python
from aiomastodon import Client

async with Client("https://example.social", access_token=TOKEN) as client:
    me = await client.accounts.verify_credentials()
    async for status in client.timelines.home(limit=40):
        print(status.account.acct, status.content)
```
"""

from __future__ import annotations

from . import auth
from .__about__ import __version__
from ._sansio.request import UNSET, File, UnsetType
from ._sansio.routes import ROUTES, Route
from .client import Client
from .codec import decode, encode
from .credentials import Credentials
from .errors import (
    AuthorizationError,
    CredentialsFileError,
    DecodeError,
    Forbidden,
    Gone,
    HTTPError,
    MastodonError,
    NotFound,
    OAuthError,
    PaginationError,
    RateLimited,
    RedirectRefused,
    ServerError,
    StateMismatch,
    StreamingURLRefused,
    StreamRefused,
    TransportError,
    Unauthorized,
    UnknownScope,
    Unprocessable,
    UnsupportedByServer,
)
from .pagination import Cursor, Page, Paginator, Undecodable
from .server import ServerInfo

__all__ = [
    "UNSET",
    "AuthorizationError",
    "Client",
    "Credentials",
    "CredentialsFileError",
    "Cursor",
    "DecodeError",
    "File",
    "Forbidden",
    "Gone",
    "HTTPError",
    "MastodonError",
    "NotFound",
    "OAuthError",
    "Page",
    "PaginationError",
    "Paginator",
    "RateLimited",
    "RedirectRefused",
    "Route",
    "ServerError",
    "ServerInfo",
    "StateMismatch",
    "StreamRefused",
    "StreamingURLRefused",
    "TransportError",
    "Unauthorized",
    "Undecodable",
    "UnknownScope",
    "Unprocessable",
    "UnsetType",
    "UnsupportedByServer",
    "__version__",
    "auth",
    "decode",
    "encode",
    "routes",
]


def routes() -> tuple[Route, ...]:
    """Every endpoint the package knows: ``.method``, ``.path``, ``.name`` and more.

    >>> next(r for r in routes() if r.name == "statuses.get").path
    '/api/v1/statuses/:id'
    """
    from .api import import_all  # the endpoint modules load lazily; the table needs them

    import_all()
    return tuple(ROUTES)
