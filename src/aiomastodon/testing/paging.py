"""Mastodon's paging: ``max_id``, ``since_id``, ``min_id``, ``limit``, ``offset``, and the
``Link`` header.

Items are paged by a key: their own id (statuses, notifications), or, for favourites,
bookmarks, followers, following and list members, the id of a hidden record (the
favourite, the bookmark, the follow), which is what the ``Link`` URLs carry. A page is
newest first; with ``min_id`` it holds the items just after the cursor (still newest
first), otherwise the newest ones below ``max_id`` and above ``since_id``.

``limit`` is read as Mastodon does: absent gives the endpoint's default; otherwise its
absolute value, at most twice the default. ``rel="next"`` (older, ``max_id`` of the
page's last key) is sent only for a full page, ``rel="prev"`` (newer, ``min_id`` of its
first key) for any page that is not empty; other query parameters are kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from yarl import URL

__all__ = ["CURSORS", "limit_param", "link_header", "offset_page", "page"]

T = TypeVar("T")
CURSORS = ("max_id", "since_id", "min_id")


def limit_param(query: Mapping[str, str], default: int, cap: int | None = None) -> int:
    """The page size Mastodon serves for ``limit`` (``default`` when it is absent), at
    most ``cap`` if one is set (a server configured with smaller pages)."""
    raw = query.get("limit")
    if raw is None:
        number = default
    else:
        digits = raw.strip().lstrip("+-")
        number = min(int(digits) if digits.isdigit() else 0, default * 2)
    return number if cap is None else min(number, cap)


def _bound(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() else None


def page(
    items: Sequence[tuple[int, T]],
    query: Mapping[str, str],
    default: int,
    cap: int | None = None,
) -> tuple[list[tuple[int, T]], int]:
    """The page of ``items`` (``(key, item)``, newest first) that ``query`` asks for,
    and the limit it was cut at."""
    limit = limit_param(query, default, cap)
    max_id, since_id, min_id = (_bound(query, name) for name in CURSORS)
    chosen = [
        (key, item)
        for key, item in items
        if (max_id is None or key < max_id)
        and (since_id is None or key > since_id)
        and (min_id is None or key > min_id)
    ]
    # With min_id: the oldest ones, just after the cursor; otherwise the newest.
    chosen = chosen[max(len(chosen) - limit, 0) :] if min_id is not None else chosen[:limit]
    return chosen, limit


def link_header(
    url: URL, query: Sequence[tuple[str, str]], keys: Sequence[int], limit: int
) -> str | None:
    """The ``Link`` header of a page whose keys are ``keys`` (newest first), at ``url``."""
    if not keys:
        return None
    kept = [(k, v) for k, v in query if k not in CURSORS]
    links = []
    if len(keys) >= limit > 0:
        links.append(f'<{url.with_query([*kept, ("max_id", str(keys[-1]))])}>; rel="next"')
    links.append(f'<{url.with_query([*kept, ("min_id", str(keys[0]))])}>; rel="prev"')
    return ", ".join(links)


def offset_page(items: Sequence[T], query: Mapping[str, str], default: int) -> tuple[list[T], int]:
    """``offset`` and ``limit`` paging (search, directory): a slice, and the limit."""
    limit = limit_param(query, default)
    raw = query.get("offset", "0")
    offset = int(raw) if raw.isdigit() else 0
    return list(items[offset : offset + limit]), limit
