"""client.statuses.reply: the mentions, the content warning, the audience and the
language of a reply, each rule a table of cases, over aioresponses.

The caller is ``@me`` (id 100) on example.social; ``alice`` and ``carol`` are local,
``bob`` is on remote.social.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import msgspec
import pytest
from aioresponses import aioresponses
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon import Client, Unauthorized
from aiomastodon.api.enums import Raw
from aiomastodon.api.statuses import _reply_mentions, _reply_visibility
from aiomastodon.entities import Status
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import VirtualClock

from ._helpers import BASE, TOKEN, account, calls_to, form_of, only_request, status

URL = f"{BASE}/api/v1/statuses"
ME_URL = f"{BASE}/api/v1/accounts/verify_credentials"

ME = {"id": "100", "username": "me", "acct": "me", "url": f"{BASE}/@me"}
ALICE = {"id": "1", "username": "alice", "acct": "alice", "url": f"{BASE}/@alice"}
BOB = {
    "id": "2",
    "username": "bob",
    "acct": "bob@remote.social",
    "url": "https://remote.social/@bob",
}
CAROL = {"id": "3", "username": "carol", "acct": "carol", "url": f"{BASE}/@carol"}


def original(
    *, author: dict[str, str] = ALICE, mentions: tuple[dict[str, str], ...] = (), **changes: Any
) -> Status:
    """A status by ``author`` mentioning ``mentions``, decoded as the client decodes it."""
    payload = status("50", account=account(author["id"], **author), **changes)
    payload["mentions"] = list(mentions)
    return msgspec.json.decode(msgspec.json.encode(payload), type=Status)


def answer_as_me(mocked: aioresponses) -> None:
    mocked.get(ME_URL, payload=account("100", **ME, source={"privacy": "public"}))
    mocked.post(URL, payload=status("60"))


def sent(mocked: aioresponses) -> dict[str, str]:
    """The reply's form, one value per key (the tables send no array)."""
    pairs = form_of(only_request(mocked, "POST", URL))
    assert len({key for key, _ in pairs}) == len(pairs), pairs
    return dict(pairs)


# --- mentions ---------------------------------------------------------------------------

MENTIONS = [
    # (case, author, mentioned in the original, text, the status sent)
    ("the author", ALICE, (), "hi", "@alice hi"),
    ("then the others in order", ALICE, (BOB, CAROL), "hi", "@alice @bob@remote.social @carol hi"),
    ("never me", ALICE, (ME, BOB), "hi", "@alice @bob@remote.social hi"),
    ("not me as the author", ME, (CAROL, ALICE), "hi", "@carol @alice hi"),
    ("nobody: my own status", ME, (), "hi", "hi"),
    ("the author once", ALICE, (ALICE, BOB), "hi", "@alice @bob@remote.social hi"),
    ("each once", ALICE, (BOB, BOB), "hi", "@alice @bob@remote.social hi"),
    ("not again: in the text", ALICE, (BOB,), "thanks @alice", "@bob@remote.social thanks @alice"),
    ("case-insensitive", ALICE, (CAROL,), "@ALICE @Carol yes", "@ALICE @Carol yes"),
    ("local, with its domain", ALICE, (), "@alice@Example.Social yes", "@alice@Example.Social yes"),
    ("remote, with its domain", ALICE, (BOB,),
     "@Bob@remote.social yes", "@alice @Bob@remote.social yes"),
    ("remote: a bare @bob is a local bob", ALICE, (BOB,), "@bob", "@alice @bob@remote.social @bob"),
    ("local: another domain is another account", ALICE, (),
     "@alice@remote.social", "@alice @alice@remote.social"),
    ("an address is no mention", ALICE, (), "mail x@alice", "@alice mail x@alice"),
    ("a URL is no mention", ALICE, (), f"see {BASE}/@alice", f"@alice see {BASE}/@alice"),
    ("a longer name is another", ALICE, (), "@alice_b", "@alice @alice_b"),
    ("an empty text", ALICE, (BOB,), "", "@alice @bob@remote.social"),
    ("every mention already there", ALICE, (BOB,),
     "@alice @bob@remote.social", "@alice @bob@remote.social"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("author", "mentions", "text", "expected"),
    [case[1:] for case in MENTIONS],
    ids=[case[0] for case in MENTIONS],
)
async def test_mentions(
    mocked: aioresponses,
    client: Client,
    author: dict[str, str],
    mentions: tuple[dict[str, str], ...],
    text: str,
    expected: str,
) -> None:
    answer_as_me(mocked)
    posted = await client.statuses.reply(original(author=author, mentions=mentions), text)
    assert posted.id == "60"
    form = sent(mocked)
    assert form["status"] == expected
    assert form["in_reply_to_id"] == "50"


PEOPLE = (ME, ALICE, BOB, CAROL)
# Words of a text, each with the acct it mentions (None: no mention of a candidate).
WORDS = st.sampled_from(
    [("@alice", "alice"), ("@ALICE,", "alice"), ("@alice@example.social", "alice"),
     ("@bob", None), ("@bob@Remote.Social", "bob@remote.social"), ("(@carol)", "carol"),
     ("@me", "me"), ("x@carol", None), ("/@bob@remote.social", None), ("é@alice", None),
     ("@", None), ("@@", None), ("hi", None), ("@caro", None), ("@alice_", None)]
)  # fmt: skip


@given(
    author=st.sampled_from(PEOPLE),
    mentions=st.lists(st.sampled_from(PEOPLE), max_size=5),
    words=st.lists(WORDS, max_size=8),
    separator=st.sampled_from([" ", "\n", "  "]),
)
def test_each_account_is_mentioned_once_unless_written_and_never_me(
    author: dict[str, str],
    mentions: list[dict[str, str]],
    words: list[tuple[str, str | None]],
    separator: str,
) -> None:
    text = separator.join(word for word, _ in words)
    written = {acct for _, acct in words}
    added = _reply_mentions(original(author=author, mentions=tuple(mentions)), text, ME["id"])
    expected: list[str] = []
    for person in (author, *mentions):
        name = "@" + person["acct"]
        if person is not ME and name not in expected and person["acct"] not in written:
            expected.append(name)
    assert added == expected


# --- visibility: the original's or narrower ---------------------------------------------

LEVELS = ["public", "unlisted", "private", "direct"]
VISIBILITY = [
    (given, asked, LEVELS[max(LEVELS.index(given), LEVELS.index(asked))])
    for given in LEVELS
    for asked in LEVELS
] + [
    ("public", None, "public"),
    ("unlisted", None, "unlisted"),
    ("private", None, "private"),
    ("direct", None, "direct"),
    ("local", None, "local"),  # a fork's value: passed on as it is
    ("local", "direct", "local"),  # cannot be ranked: the original's
    ("private", "local", "private"),
    ("", None, "direct"),  # no visibility at all: the narrowest
    ("", "public", "direct"),
]


@pytest.mark.parametrize(("given", "asked", "expected"), VISIBILITY)
async def test_visibility_is_never_wider(
    mocked: aioresponses, client: Client, given: str, asked: str | None, expected: str
) -> None:
    answer_as_me(mocked)
    to = original(visibility=given)
    if asked is None:
        await client.statuses.reply(to, "ok")
    else:
        await client.statuses.reply(to, "ok", visibility=Raw(asked))
    assert sent(mocked)["visibility"] == expected


def test_a_typed_ceiling_is_accepted() -> None:
    assert _reply_visibility("private", "public") == "private"
    assert _reply_visibility("public", "unlisted") == "unlisted"


# --- content warning, sensitive, language -----------------------------------------------

KEPT = [
    # (case, original's fields, options, fields sent)
    ("copied", {"spoiler_text": "cw: food", "sensitive": True, "language": "de"}, {},
     {"spoiler_text": "cw: food", "sensitive": "true", "language": "de"}),
    ("none to copy", {"spoiler_text": "", "sensitive": False, "language": "en"}, {},
     {"spoiler_text": "", "sensitive": "false", "language": "en"}),
    ("overridden", {"spoiler_text": "cw", "sensitive": True, "language": "de"},
     {"spoiler_text": "other", "sensitive": False, "language": "fr"},
     {"spoiler_text": "other", "sensitive": "false", "language": "fr"}),
    ("a warning removed", {"spoiler_text": "cw", "sensitive": True}, {"spoiler_text": ""},
     {"spoiler_text": "", "sensitive": "true"}),
    ("no language: none sent", {"language": None}, {}, {"language": None}),
    ("no language, one given", {"language": None}, {"language": "es"}, {"language": "es"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "options", "expected"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT]
)
async def test_warning_sensitive_and_language(
    mocked: aioresponses,
    client: Client,
    fields: dict[str, Any],
    options: dict[str, Any],
    expected: dict[str, str | None],
) -> None:
    answer_as_me(mocked)
    await client.statuses.reply(original(**fields), "ok", **options)
    form = sent(mocked)
    for key, value in expected.items():
        assert form.get(key) == value, key


# --- everything else, as in create --------------------------------------------------------


async def test_the_other_options_are_those_of_create(mocked: aioresponses, client: Client) -> None:
    answer_as_me(mocked)
    await client.statuses.reply(
        original(spoiler_text="", language="en"),
        "look",
        media_ids=["10", "11"],
        quoted_status_id="6",
        quote_approval_policy="followers",
        idempotency_key="key-1",
    )
    call = only_request(mocked, "POST", URL)
    assert form_of(call) == [
        ("status", "@alice look"),
        ("media_ids[]", "10"),
        ("media_ids[]", "11"),
        ("in_reply_to_id", "50"),
        ("sensitive", "false"),
        ("spoiler_text", ""),
        ("visibility", "public"),
        ("language", "en"),
        ("quoted_status_id", "6"),
        ("quote_approval_policy", "followers"),
    ]
    assert call.kwargs["headers"]["Idempotency-Key"] == "key-1"


async def test_a_poll(mocked: aioresponses, client: Client) -> None:
    answer_as_me(mocked)
    await client.statuses.reply(
        original(), "which?", poll={"options": ["a", "b"], "expires_in": 60}
    )
    pairs = form_of(only_request(mocked, "POST", URL))
    assert ("poll[options][]", "a") in pairs
    assert ("poll[expires_in]", "60") in pairs


async def test_a_boost_is_answered_at_the_boosted_status(
    mocked: aioresponses, client: Client
) -> None:
    answer_as_me(mocked)
    inner = status("70", account=account("3", **CAROL), visibility="private", mentions=[BOB])
    boost = original(author=ALICE, reblog=inner, visibility="public")
    await client.statuses.reply(boost, "hi")
    form = sent(mocked)
    assert form["in_reply_to_id"] == "70"
    assert form["status"] == "@carol @bob@remote.social hi"
    assert form["visibility"] == "private"


async def test_a_fresh_idempotency_key_per_reply(mocked: aioresponses, client: Client) -> None:
    mocked.get(ME_URL, payload=account("100", **ME))
    mocked.post(URL, payload=status("60"), repeat=True)
    await client.statuses.reply(original(), "one")
    await client.statuses.reply(original(), "two")
    keys = [call.kwargs["headers"]["Idempotency-Key"] for call in calls_to(mocked, "POST", URL)]
    assert len(keys) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)
    assert keys[0] != keys[1]


async def test_a_retried_reply_keeps_its_idempotency_key(mocked: aioresponses) -> None:
    clock = VirtualClock()
    scheduler = Scheduler(retries=2, clock=clock.time, sleep=clock.sleep)
    mocked.get(ME_URL, payload=account("100", **ME))
    mocked.post(URL, status=503, payload={"error": "busy"})
    mocked.post(URL, payload=status("60"))
    async with Client(BASE, access_token=TOKEN, scheduler=scheduler) as retrying:
        posted = await retrying.statuses.reply(original(), "hi")
    assert posted.id == "60"
    calls = calls_to(mocked, "POST", URL)
    assert len(calls) == 2
    assert (
        calls[0].kwargs["headers"]["Idempotency-Key"]
        == calls[1].kwargs["headers"]["Idempotency-Key"]
    )
    assert len(calls_to(mocked, "GET", ME_URL)) == 1


# --- who "me" is: asked once per client ---------------------------------------------------


async def test_the_callers_account_is_asked_once_per_client(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(ME_URL, payload=account("100", **ME))  # answered once: a second GET fails
    mocked.post(URL, payload=status("60"), repeat=True)
    await client.statuses.reply(original(mentions=(ME,)), "one")
    await asyncio.gather(*(client.statuses.reply(original(), "again") for _ in range(3)))
    assert len(calls_to(mocked, "GET", ME_URL)) == 1
    assert form_of(calls_to(mocked, "POST", URL)[0])[0] == ("status", "@alice one")


async def test_two_first_replies_at_once_ask_once(mocked: aioresponses, client: Client) -> None:
    asked = asyncio.Event()
    answer = asyncio.Event()

    async def slow_answer(url: object, **kwargs: object) -> None:
        asked.set()
        await answer.wait()  # held until the second reply is waiting too

    mocked.get(ME_URL, payload=account("100", **ME), callback=slow_answer)
    mocked.post(URL, payload=status("60"), repeat=True)
    first = asyncio.ensure_future(client.statuses.reply(original(), "a"))
    await asked.wait()
    # Scheduled before the answer is released, so it starts while the first one waits.
    second = asyncio.ensure_future(client.statuses.reply(original(), "b"))
    answer.set()
    await asyncio.gather(first, second)
    assert len(calls_to(mocked, "GET", ME_URL)) == 1
    assert len(calls_to(mocked, "POST", URL)) == 2


async def test_each_client_asks_for_its_own_account(mocked: aioresponses) -> None:
    mocked.get(ME_URL, payload=account("100", **ME))
    mocked.get(ME_URL, payload=account("1", **ALICE))
    mocked.post(URL, payload=status("60"), repeat=True)
    for _ in range(2):
        async with Client(BASE, access_token=TOKEN, retries=0) as fresh:
            await fresh.statuses.reply(original(author=ALICE, mentions=(ME,)), "hi")
    first, second = (dict(form_of(c))["status"] for c in calls_to(mocked, "POST", URL))
    assert first == "@alice hi"  # as me
    assert second == "@me hi"  # as alice


async def test_a_refused_token_posts_nothing_and_is_not_remembered(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(ME_URL, status=401, payload={"error": "The access token is invalid"})
    with pytest.raises(Unauthorized) as caught:
        await client.statuses.reply(original(), "hi")
    assert "verify_credentials" in str(caught.value)
    assert calls_to(mocked, "POST", URL) == []
    answer_as_me(mocked)
    await client.statuses.reply(original(), "hi")
    assert len(calls_to(mocked, "GET", ME_URL)) == 2
