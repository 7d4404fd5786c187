"""Realistic Mastodon 4.x statuses for the benchmarks, made deterministically.

The shapes follow what Mastodon sends (the docs' examples under shared/mastodon-api/
examples/ and live home timelines): a page of 40 is 110 to 140 KB, about 124 KB on
average, like a busy home timeline on mastodon.social. One status in ten is a boost (a
whole second status inside); many carry media (images, a few gifv and video with their
longer ``meta``), mentions, hashtags, links shortened the way Mastodon renders them, and
custom emojis (in content, display names and polls); some have a preview card (with
4.3's ``authors``), a poll, a content warning, an edit, a reply target, or a
``filtered`` warning. Every page decodes strictly into ``list[Status]``.

    python benchmarks/_corpus.py     # page sizes and what they hold
"""

from __future__ import annotations

import random
from typing import Any

import msgspec

HOST = "mastodon.example"
FILES = f"https://files.{HOST}"

_LINES = (
    "the quick brown fox jumps over lazy dogs while asyncio event loops spin and",
    "msgspec decodes structs faster than anyone expected on a quiet sunday afternoon",
    "federation means your server talks to mine and nobody owns the whole network",
)
_WORDS = tuple(word for line in _LINES for word in line.split())
_TAGS = ("python", "asyncio", "fediverse", "mastodon", "photography", "cats", "opensource")
_LANGUAGES = ("en", "en", "en", "en", "de", "fr", "ja", "es", None)
_VISIBILITY = ("public",) * 7 + ("unlisted",) * 2 + ("private",)
_BLURHASH = "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}"


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(low, high)))


def _emoji(n: int) -> dict[str, Any]:
    code = f"blobcat{n}"
    return {
        "shortcode": code,
        "url": f"{FILES}/custom_emojis/images/000/0{n:02d}/original/{code}.png",
        "static_url": f"{FILES}/custom_emojis/images/000/0{n:02d}/static/{code}.png",
        "visible_in_picker": True,
        "category": "blobcats",
    }


def _link(rng: random.Random, n: int) -> str:
    """A link as Mastodon renders one: the scheme and the tail hidden, the middle shown."""
    path = f"news.example/articles/2026/{n % 97}/{'-'.join(rng.choices(_WORDS, k=6))}"
    return (
        f'<a href="https://{path}" target="_blank" rel="nofollow noopener" translate="no">'
        f'<span class="invisible">https://</span><span class="ellipsis">{path[:30]}</span>'
        f'<span class="invisible">{path[30:]}</span></a>'
    )


def _account(rng: random.Random, n: int) -> dict[str, Any]:
    name = f"user{n}"
    local = n % 3 != 0
    has_emoji = n % 4 == 1
    fields = [
        {
            "name": label,
            "value": f'<a href="https://{name}.example/{label.lower()}" rel="me nofollow noopener"'
            f' target="_blank"><span class="invisible">https://</span>'
            f"<span>{name}.example/{label.lower()}</span></a>",
            "verified_at": "2023-01-01T00:00:00.000+00:00" if (n + k) % 2 else None,
        }
        for k, label in enumerate(("Website", "Code")[: n % 5 // 2])
    ]
    return {
        "id": str(108000000000000000 + n),
        "username": name,
        "acct": name if local else f"{name}@remote{n % 7}.example",
        "display_name": f"User {n} :blobcat{n % 5}:" if has_emoji else f"User Number {n}",
        "locked": n % 11 == 0,
        "bot": n % 13 == 0,
        "discoverable": True,
        "indexable": n % 5 != 0,
        "group": False,
        "created_at": f"2022-11-{1 + n % 28:02d}T00:00:00.000Z",
        "note": f"<p>{_text(rng, 2, 6)}</p>",
        "url": f"https://{HOST}/@{name}",
        "uri": f"https://{HOST}/users/{name}",
        "avatar": f"{FILES}/accounts/avatars/000/000/{n:03d}/original/a1b2c3d4.png",
        "avatar_static": f"{FILES}/accounts/avatars/000/000/{n:03d}/original/a1b2c3d4.png",
        "header": f"{FILES}/accounts/headers/000/000/{n:03d}/original/h1b2c3d4.png",
        "header_static": f"{FILES}/accounts/headers/000/000/{n:03d}/original/h1b2c3d4.png",
        "followers_count": rng.randint(0, 50000),
        "following_count": rng.randint(0, 2000),
        "statuses_count": rng.randint(0, 90000),
        "last_status_at": "2026-11-26",
        "hide_collections": False,
        "noindex": n % 9 == 0,
        "emojis": [_emoji(n % 5)] if has_emoji else [],
        "roles": [{"id": "3", "name": "Moderator", "color": ""}] if n % 97 == 0 else [],
        "fields": fields,
    }


def _image(rng: random.Random, media_id: int) -> dict[str, Any]:
    return {
        "id": str(media_id),
        "type": "image",
        "url": f"{FILES}/media_attachments/files/{media_id}/original/9cf4b7cf5567b569.jpeg",
        "preview_url": f"{FILES}/media_attachments/files/{media_id}/small/9cf4b7cf5567b569.jpeg",
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {
            "original": {"width": 1920, "height": 1080, "size": "1920x1080", "aspect": 1.7777},
            "small": {"width": 640, "height": 360, "size": "640x360", "aspect": 1.7777},
            "focus": {"x": round(rng.uniform(-1, 1), 2), "y": round(rng.uniform(-1, 1), 2)},
        },
        "description": _text(rng, 3, 10) if rng.random() < 0.7 else None,
        "blurhash": _BLURHASH,
    }


def _video(rng: random.Random, media_id: int, kind: str) -> dict[str, Any]:
    duration = round(rng.uniform(2, 120), 2)
    return {
        "id": str(media_id),
        "type": kind,
        "url": f"{FILES}/media_attachments/files/{media_id}/original/dab9a597f68b9745.mp4",
        "preview_url": f"{FILES}/media_attachments/files/{media_id}/small/dab9a597f68b9745.png",
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {
            "length": f"0:0{int(duration) // 60}:{duration % 60:05.2f}",
            "duration": duration,
            "fps": 30,
            "size": "1280x720",
            "width": 1280,
            "height": 720,
            "aspect": 1.7777777777777777,
            "audio_encode": "aac (LC) (mp4a / 0x6134706D)" if kind == "video" else None,
            "audio_bitrate": "44100 Hz" if kind == "video" else None,
            "audio_channels": "stereo" if kind == "video" else None,
            "original": {
                "width": 1280,
                "height": 720,
                "frame_rate": "30/1",
                "duration": duration,
                "bitrate": 862056,
            },
            "small": {"width": 400, "height": 225, "size": "400x225", "aspect": 1.7777},
        },
        "description": _text(rng, 4, 10) if rng.random() < 0.5 else None,
        "blurhash": _BLURHASH,
    }


def _media(rng: random.Random, status_id: int) -> list[dict[str, Any]]:
    count = rng.choice((0,) * 17 + (1, 1, 2, 4))
    media = []
    for k in range(count):
        roll = rng.random()
        media_id = status_id * 10 + k
        if roll < 0.85:
            media.append(_image(rng, media_id))
        else:
            media.append(_video(rng, media_id, "gifv" if roll < 0.93 else "video"))
    return media


def _card(rng: random.Random, status_id: int) -> dict[str, Any]:
    author = rng.randint(1, 400)
    with_account = author % 8 == 0
    return {
        "url": f"https://news.example/articles/2026/{status_id % 97}",
        "title": _text(rng, 4, 8),
        "description": _text(rng, 6, 16),
        "language": "en",
        "type": "video" if status_id % 7 == 0 else "link",
        "author_name": f"Writer {author}",
        "author_url": f"https://news.example/authors/{author}",
        "provider_name": "News Example",
        "provider_url": "https://news.example/",
        "html": (
            f'<iframe width="480" height="270" src="https://video.example/embed/{status_id}"'
            ' frameborder="0" allowfullscreen=""></iframe>'
            if status_id % 7 == 0
            else ""
        ),
        "width": 400,
        "height": 200,
        "image": f"{FILES}/cache/preview_cards/images/{status_id}/original/651b1c6976817824.jpg",
        "image_description": "",
        "embed_url": "",
        "blurhash": _BLURHASH,
        "published_at": "2026-11-25T08:00:00.000Z",
        "authors": [
            {
                "name": f"Writer {author}",
                "url": f"https://news.example/authors/{author}",
                "account": _account(rng, author) if with_account else None,
            }
        ],
    }


def _poll(rng: random.Random, status_id: int) -> dict[str, Any]:
    options = rng.randint(2, 4)
    with_emoji = status_id % 3 == 0
    votes = [rng.randint(0, 300) for _ in range(options)]
    return {
        "id": str(status_id),
        "expires_at": "2026-11-28T12:34:56.789Z",
        "expired": False,
        "multiple": status_id % 5 == 0,
        "votes_count": sum(votes),
        "voters_count": sum(votes),
        "voted": False,
        "own_votes": [],
        "options": [
            {"title": f"{w} :blobcat1:" if with_emoji else w, "votes_count": v}
            for w, v in zip(rng.sample(_WORDS, options), votes, strict=True)
        ],
        "emojis": [_emoji(1)] if with_emoji else [],
    }


def _filtered(status_id: int) -> list[dict[str, Any]]:
    return [
        {
            "filter": {
                "id": "3",
                "title": "Spoilers",
                "context": ["home", "public"],
                "expires_at": None,
                "filter_action": "warn",
            },
            "keyword_matches": ["spoiler"],
            "status_matches": [],
        }
    ]


def _status(rng: random.Random, status_id: int, *, boost: bool) -> dict[str, Any]:
    author = rng.randint(1, 400)
    tags = rng.sample(_TAGS, rng.choice((0, 0, 1, 2, 3)))
    mentioned = [_account(rng, rng.randint(1, 400)) for _ in range(rng.choice((0, 0, 0, 1, 2)))]
    emojis = [_emoji(author % 5)] if author % 3 == 0 else []
    paragraphs = [
        " ".join(
            f'<span class="h-card" translate="no"><a href="{m["url"]}" class="u-url mention">'
            f"@<span>{m['username']}</span></a></span>"
            for m in mentioned
        )
        + f" {_text(rng, 2, 10)}"
        + (f" :{emojis[0]['shortcode']}:" if emojis else "")
    ]
    if rng.random() < 0.2:
        paragraphs.append(f"{_text(rng, 3, 10)} {_link(rng, status_id)}")
    if tags:
        paragraphs.append(
            " ".join(
                f'<a href="https://{HOST}/tags/{t}" class="mention hashtag" rel="tag">'
                f"#<span>{t}</span></a>"
                for t in tags
            )
        )
    reply = rng.random() < 0.2
    warning = rng.random() < 0.08
    local = author % 3 != 0
    status: dict[str, Any] = {
        "id": str(status_id),
        "created_at": "2026-11-26T12:34:56.789Z",
        "edited_at": "2026-11-26T12:40:01.123Z" if rng.random() < 0.05 else None,
        "in_reply_to_id": str(status_id - 1000) if reply else None,
        "in_reply_to_account_id": str(108000000000000000 + author + 1) if reply else None,
        "sensitive": warning,
        "spoiler_text": _text(rng, 2, 5) if warning else "",
        "visibility": rng.choice(_VISIBILITY),
        "language": rng.choice(_LANGUAGES),
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
        "content": "".join(f"<p>{p}</p>" for p in paragraphs),
        "filtered": _filtered(status_id) if rng.random() < 0.02 else [],
        "reblog": None,
        "application": {"name": "Web", "website": None} if local else None,
        "account": _account(rng, author),
        "media_attachments": _media(rng, status_id),
        "mentions": [
            {"id": m["id"], "username": m["username"], "url": m["url"], "acct": m["acct"]}
            for m in mentioned
        ],
        "tags": [{"name": t, "url": f"https://{HOST}/tags/{t}"} for t in tags],
        "emojis": emojis,
        "quote": None,
        "quote_approval": {"automatic": ["public"], "manual": [], "current_user": "automatic"},
        "card": _card(rng, status_id) if rng.random() < 0.15 else None,
        "poll": _poll(rng, status_id) if rng.random() < 0.05 else None,
    }
    if boost:
        status["reblog"] = _status(rng, status_id - 1, boost=False)
        for key in ("media_attachments", "mentions", "tags", "emojis", "filtered"):
            status[key] = []
        status.update(content="", card=None, poll=None, spoiler_text="", sensitive=False)
        status.update(in_reply_to_id=None, in_reply_to_account_id=None, edited_at=None)
    return status


def statuses(first_id: int, count: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """``count`` statuses with ids descending from ``first_id`` (newest first)."""
    rng = random.Random(seed * 1_000_003 + first_id)
    return [_status(rng, first_id - i * 2, boost=rng.random() < 0.1) for i in range(count)]


def page(first_id: int, count: int = 40, *, seed: int = 0) -> bytes:
    """One page of statuses as the JSON bytes a server would send."""
    return msgspec.json.encode(statuses(first_id, count, seed=seed))


def mean_page_kb(pages: int) -> float:
    """The average size of the first ``pages`` pages the timeline server serves, in KB."""
    first = 110_000_000_000_000_000
    return sum(len(page(first - k * 80, 40, seed=k)) for k in range(pages)) / pages / 1000


def _describe(pages: int = 250) -> None:
    import statistics

    from aiomastodon.entities import Status

    strict = msgspec.json.Decoder(list[Status])
    sizes: list[int] = []
    kinds = dict.fromkeys(("boosts", "cards", "polls", "media", "emojis", "mentions"), 0)
    first = 110_000_000_000_000_000
    for k in range(pages):
        items = statuses(first - k * 80, 40, seed=k)
        body = msgspec.json.encode(items)
        strict.decode(body)  # every page must decode without the repair path
        sizes.append(len(body))
        for item in items:
            inner = item["reblog"] or item
            kinds["boosts"] += item["reblog"] is not None
            kinds["cards"] += inner["card"] is not None
            kinds["polls"] += inner["poll"] is not None
            kinds["media"] += len(inner["media_attachments"])
            kinds["emojis"] += len(inner["emojis"]) + len(inner["account"]["emojis"])
            kinds["mentions"] += len(inner["mentions"])
    print(
        f"{pages} pages of 40: {statistics.mean(sizes) / 1000:.1f} KB on average "
        f"({min(sizes) / 1000:.0f} to {max(sizes) / 1000:.0f} KB)"
    )
    print("per page: " + ", ".join(f"{v / pages:.1f} {k}" for k, v in kinds.items()))


if __name__ == "__main__":
    _describe()
