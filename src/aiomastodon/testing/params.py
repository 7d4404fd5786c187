"""Request parameters as Rails reads them: from the query and the body, whatever its form.

The body may be url-encoded, multipart (text fields and files) or JSON; JSON is flattened
to the same bracket names (``{"media_ids": ["1"]}`` is ``media_ids[]=1``), so a handler
reads one thing. Arrays come as ``name[]`` (or a repeated ``name``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from aiohttp import web

from .state import ApiError

__all__ = ["Params", "Upload", "read_params"]

_TRUE = frozenset({"true", "1", "on", "t", "yes"})


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    """The parameters of one request."""

    query: list[tuple[str, str]] = field(default_factory=list)
    body: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, Upload] = field(default_factory=dict)

    def _pairs(self) -> list[tuple[str, str]]:
        return [*self.body, *self.query]

    def get(self, name: str) -> str | None:
        """The first value of ``name`` (body before query), or ``None``."""
        return next((v for k, v in self._pairs() if k == name), None)

    def text(self, name: str, default: str = "") -> str:
        value = self.get(name)
        return default if value is None else value

    def list(self, name: str) -> list[str]:
        """Every value of ``name[]`` (or of a repeated ``name``)."""
        return [v for k, v in self._pairs() if k in (f"{name}[]", name) and v != ""]

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        return default if value is None or value == "" else value.strip().lower() in _TRUE

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self._pairs())


async def read_params(request: web.Request) -> Params:
    """The query and body parameters of ``request``.

    Raises:
        ApiError: 400, a JSON body that does not parse.
    """
    params = Params(query=list(request.query.items()))
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        raw = await request.read()
        try:
            value = json.loads(raw) if raw.strip() else {}
        except ValueError:
            raise ApiError(400, "Error occurred while parsing request parameters") from None
        if isinstance(value, dict):
            for key, item in value.items():
                _flatten(str(key), item, params.body)
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, item in form.items():
            if isinstance(item, web.FileField):
                params.files[key] = Upload(item.filename, item.content_type, item.file.read())
            elif isinstance(item, str):
                params.body.append((key, item))
    return params


def _flatten(key: str, value: object, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for sub, item in value.items():
            _flatten(f"{key}[{sub}]", item, out)
    elif isinstance(value, list):
        for item in value:
            _flatten(f"{key}[]", item, out)
    elif isinstance(value, bool):
        out.append((key, "true" if value else "false"))
    elif value is None:
        out.append((key, ""))
    else:
        out.append((key, str(value)))
