"""Realistic Mastodon 4.x statuses for the benchmarks, made deterministically.

A page of 40 is about 110 KB, like a busy home timeline: one in ten statuses is
boosts (a whole second status inside), many carry media, mentions, hashtags, custom
emojis, and some a preview card or a poll.
"""

from __future__ import annotations

import random
from typing import Any

import msgspec

HOST = "mastodon.example"

_WORDS = (
    "the quick brown fox jumps over lazy dogs while asyncio event loops spin and",
    "msgspec decodes structs faster than anyone expected on a quiet sunday afternoon",
)
_WORDS = tuple(word for line in _WORDS for word in line.split())


def _emoji(rng: random.Random, n: int) -> dict[str, Any]:
    code = f"blobcat{n}"
    return {
        "shortcode": code,
        "url": f"https://files.{HOST}/custom_emojis/images/000/0{n:02d}/original/{code}.png",
        "static_url": f"https://files.{HOST}/custom_emojis/images/000/0{n:02d}/static/{code}.png",
        "visible_in_picker": True,
        "category": "blobcats",
    }


def _account(rng: random.Random, n: int) -> dict[str, Any]:
    name = f"user{n}"
    return {
        "id": str(108000000000000000 + n),
        "username": name,
        "acct": name if n % 3 else f"{name}@remote{n % 7}.example",
        "display_name": f"User Number {n} :blobcat{n % 5}:",
        "locked": n % 11 == 0,
        "bot": n % 13 == 0,
        "discoverable": True,
        "indexable": True,
        "group": False,
        "created_at": f"2022-11-{1 + n % 28:02d}T00:00:00.000Z",
        "note": "<p>" + " ".join(rng.choices(_WORDS, k=5)) + "</p>",
        "url": f"https://{HOST}/@{name}",
        "uri": f"https://{HOST}/users/{name}",
        "avatar": f"https://files.{HOST}/accounts/avatars/000/000/{n:03d}/original/a.png",
        "avatar_static": f"https://files.{HOST}/accounts/avatars/000/000/{n:03d}/original/a.png",
        "header": f"https://files.{HOST}/accounts/headers/000/000/{n:03d}/original/h.png",
        "header_static": f"https://files.{HOST}/accounts/headers/000/000/{n:03d}/original/h.png",
        "followers_count": rng.randint(0, 50000),
        "following_count": rng.randint(0, 2000),
        "statuses_count": rng.randint(0, 90000),
        "last_status_at": "2026-11-26",
        "hide_collections": False,
        "noindex": False,
        "emojis": [_emoji(rng, n % 5)] if n % 2 else [],
        "roles": [],
        "fields": [
            {
                "name": "Website",
                "value": f'<a href="https://{name}.example" rel="me">{name}.example</a>',
                "verified_at": "2023-01-01T00:00:00.000+00:00" if n % 2 else None,
            },
        ],
    }


def _media(rng: random.Random, media_id: int) -> dict[str, Any]:
    return {
        "id": str(media_id),
        "type": "image",
        "url": f"https://files.{HOST}/media_attachments/files/{media_id}/original/x.jpeg",
        "preview_url": f"https://files.{HOST}/media_attachments/files/{media_id}/small/x.jpeg",
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {
            "original": {"width": 1920, "height": 1080, "size": "1920x1080", "aspect": 1.7777},
            "small": {"width": 640, "height": 360, "size": "640x360", "aspect": 1.7777},
            "focus": {"x": round(rng.uniform(-1, 1), 2), "y": round(rng.uniform(-1, 1), 2)},
        },
        "description": " ".join(rng.choices(_WORDS, k=8)),
        "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
    }


def _status(rng: random.Random, status_id: int, *, boost: bool) -> dict[str, Any]:
    author = rng.randint(1, 400)
    tags = rng.sample(["python", "asyncio", "fediverse", "mastodon", "photography", "cats"], 2)
    mentioned = [_account(rng, rng.randint(1, 400)) for _ in range(rng.choice([0, 0, 1, 2]))]
    words = " ".join(rng.choices(_WORDS, k=rng.randint(5, 20)))
    content = (
        "<p>"
        + " ".join(
            f'<span class="h-card"><a href="{m["url"]}" class="u-url mention">'
            f"@<span>{m['username']}</span></a></span>"
            for m in mentioned
        )
        + f" {words} "
        + " ".join(
            f'<a href="https://{HOST}/tags/{t}" class="mention hashtag" rel="tag">'
            f"#<span>{t}</span></a>"
            for t in tags
        )
        + "</p>"
    )
    status: dict[str, Any] = {
        "id": str(status_id),
        "created_at": "2026-11-26T12:34:56.789Z",
        "edited_at": None,
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://{HOST}/users/user{author}/statuses/{status_id}",
        "url": f"https://{HOST}/@user{author}/{status_id}",
        "replies_count": rng.randint(0, 50),
        "reblogs_count": rng.randint(0, 500),
        "favourites_count": rng.randint(0, 2000),
        "quotes_count": 0,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "content": content,
        "filtered": [],
        "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": _account(rng, author),
        "media_attachments": [
            _media(rng, status_id * 10 + k) for k in range(rng.choice([0, 0, 0, 0, 0, 1, 2]))
        ],
        "mentions": [
            {"id": m["id"], "username": m["username"], "url": m["url"], "acct": m["acct"]}
            for m in mentioned
        ],
        "tags": [{"name": t, "url": f"https://{HOST}/tags/{t}"} for t in tags],
        "emojis": [_emoji(rng, author % 5)] if author % 3 == 0 else [],
        "quote": None,
        "quote_approval": {"automatic": ["public"], "manual": [], "current_user": "automatic"},
        "card": None,
        "poll": None,
    }
    if rng.random() < 0.15:
        status["card"] = {
            "url": f"https://news.example/article/{status_id}",
            "title": " ".join(rng.choices(_WORDS, k=8)),
            "description": " ".join(rng.choices(_WORDS, k=30)),
            "type": "link",
            "author_name": "",
            "author_url": "",
            "provider_name": "News",
            "provider_url": "",
            "html": "",
            "width": 400,
            "height": 200,
            "image": f"https://files.{HOST}/cache/preview_cards/{status_id}.jpg",
            "embed_url": "",
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
            "authors": [],
        }
    if rng.random() < 0.05:
        status["poll"] = {
            "id": str(status_id),
            "expires_at": "2026-11-28T12:34:56.789Z",
            "expired": False,
            "multiple": False,
            "votes_count": 10,
            "voters_count": 10,
            "voted": False,
            "own_votes": [],
            "options": [{"title": w, "votes_count": 5} for w in ("yes", "no")],
            "emojis": [],
        }
    if boost:
        inner = _status(rng, status_id - 1, boost=False)
        status["reblog"] = inner
        status["content"] = ""
        status["media_attachments"] = []
        status["mentions"] = []
        status["tags"] = []
    return status


def statuses(first_id: int, count: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """``count`` statuses with ids descending from ``first_id`` (newest first)."""
    rng = random.Random(seed * 1_000_003 + first_id)
    return [_status(rng, first_id - i * 2, boost=rng.random() < 0.1) for i in range(count)]


def page(first_id: int, count: int = 40, *, seed: int = 0) -> bytes:
    """One page of statuses as the JSON bytes a server would send."""
    return msgspec.json.encode(statuses(first_id, count, seed=seed))


if __name__ == "__main__":
    body = page(110_000_000_000_000_000)
    print(f"one page of 40: {len(body) / 1000:.0f} KB")
