"""Record raw HTTP exchanges with real Mastodon-API servers (GoToSocial, Takahe, snac)
as test data under tests/data/realservers/<server>/NN-<slug>.json.

    python tools/record_realservers.py /tmp/realserver/token.txt \
        [--extra-tokens /tmp/realserver/bob-token.txt] [--servers gts,takahe,snac] \
        [--out tests/data/realservers]

The token file holds ``GTS_BASE_URL=...`` / ``GTS_ALICE_TOKEN=...`` lines (likewise TAKAHE_,
SNAC_); the optional extra file may hold ``<NAME>_BOB_TOKEN=...`` for a second local user
``bob`` (then bob follows, mentions, favourites and replies to alice, and alice follows bob).

Each server is first given content (about 15 statuses by alice, favourites, bookmarks,
replies), then the read endpoints are recorded. Only HTTP is spoken: stdlib + aiohttp, no
aiomastodon. Every answer is stored as received (headers in received order and case,
without Set-Cookie; the body after aiohttp's content decoding), then sanitised: access
tokens and client secrets become "REDACTED", the server's host:port (and the bare host)
becomes a fixed placeholder (gts.invalid, takahe.invalid, snac.invalid).

Besides the NN-*.json exchanges each server directory gets ``keepalive.json``: what
happened on one aiohttp session doing sequential requests (GETs and POSTs) on reused
connections, and on one raw socket sending two requests back to back.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import re
import ssl
import struct
import sys
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp

SERVERS = {  # token-file prefix -> (server name, placeholder host)
    "GTS": ("gotosocial", "gts.invalid"),
    "TAKAHE": ("takahe", "takahe.invalid"),
    "SNAC": ("snac", "snac.invalid"),
}
TEXT_TYPES = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded")
LINK_RE = re.compile(r'<([^>]*)>\s*;\s*rel="?([^";,]+)"?')
STATUSES = 15


def read_env(path: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if path:
        for line in Path(path).read_text().splitlines():
            k, sep, v = line.strip().partition("=")
            if sep and not k.startswith("#"):
                out[k] = v
    return out


def png_bytes(size: int = 16) -> bytes:
    """A small valid RGB PNG (a two-colour diagonal), made with zlib."""
    rows = b"".join(
        b"\x00" + b"".join(b"\x30\x80\xe0" if x > y else b"\xf0\xa0\x20" for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def split_url(url: str) -> tuple[str, list[list[str]]]:
    u = urlsplit(url)
    return u.path, [list(kv) for kv in parse_qsl(u.query, keep_blank_values=True)]


def links(headers: list[list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers:
        if name.lower() == "link":
            for url, rel in LINK_RE.findall(value):
                for r in rel.split():
                    out.setdefault(r, url)
    return out


class Resp:
    def __init__(self, status: int, headers: list[list[str]], text: str):
        self.status, self.headers, self.text = status, headers, text
        try:
            self.json: Any = json.loads(text) if text else None
        except ValueError:
            self.json = None

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def links(self) -> dict[str, str]:
        return links(self.headers)

    def ids(self) -> list[str]:
        return [x.get("id") for x in self.json] if isinstance(self.json, list) else []


class Recorder:
    def __init__(self, key: str, base: str, token: str, bob: str | None, out: Path):
        self.key = key
        self.server, self.placeholder = SERVERS[key]
        self.base = base.rstrip("/")
        u = urlsplit(self.base)
        self.hostport = u.netloc
        self.host = u.hostname or ""
        self.port = u.port or 80
        self.token, self.bob = token, bob
        self.secrets = {t for t in (token, bob) if t}
        self.dir = out / self.server
        self.n = 0
        self.version = ""
        self.session: aiohttp.ClientSession | None = None
        self.log: list[str] = []
        self.first_id = ""
        self.tasks: set[asyncio.Future[None]] = set()  # background posts (keep references)

    # ---- sanitising -------------------------------------------------------------
    def clean(self, s: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            s = s.replace(secret, "REDACTED")
        for form in (
            self.hostport,
            self.hostport.replace(":", "%3A"),
            self.hostport.replace(":", "%3a"),
        ):
            s = s.replace(form, self.placeholder)
        return s.replace(self.host, self.placeholder) if self.host else s

    def clean_obj(self, o: Any) -> Any:
        if isinstance(o, str):
            return self.clean(o)
        if isinstance(o, list):
            return [self.clean_obj(x) for x in o]
        if isinstance(o, dict):
            return {self.clean(k): self.clean_obj(v) for k, v in o.items()}
        return o

    # ---- one exchange -----------------------------------------------------------
    def auth(self, who: str | None) -> dict[str, str]:
        tok = {"alice": self.token, "bob": self.bob}.get(who or "", who)
        return {"Authorization": f"Bearer {tok}"} if who else {}

    async def req(
        self,
        method: str,
        path: str,
        *,
        query: list | None = None,
        data: Any = None,
        json_body: Any = None,
        who: str | None = "alice",
        headers: dict[str, str] | None = None,
    ) -> Resp:
        assert self.session is not None
        url = self.base + path
        hdrs = {**self.auth(who), **(headers or {})}
        async with self.session.request(
            method,
            url,
            params=query or None,
            data=data,
            json=json_body,
            headers=hdrs,
            allow_redirects=False,
        ) as r:
            raw = await r.read()
            ctype = r.headers.get("Content-Type", "")
            hl = [
                [k.decode("latin-1"), v.decode("latin-1")]
                for k, v in r.raw_headers
                if k.lower() != b"set-cookie"
            ]
            if not raw or any(t in ctype.lower() for t in TEXT_TYPES) or not ctype:
                text = raw.decode("utf-8", errors="replace")
            else:
                text = f"<{len(raw)} bytes of {ctype}, not stored>"
            resp = Resp(r.status, hl, text)
            if isinstance(resp.json, dict):  # never store a secret the server hands out
                for k in ("client_secret", "access_token", "refresh_token"):
                    if isinstance(resp.json.get(k), str) and resp.json[k]:
                        self.secrets.add(resp.json[k])
            return resp

    async def rec(
        self,
        slug: str,
        method: str,
        path: str,
        *,
        query: list | None = None,
        note: str = "",
        **kw: Any,
    ) -> Resp:
        if path.startswith("http"):  # a Link URL: request its path+query on our base URL
            note = (note + "; " if note else "") + f"URL as given: {path}"
            p, q = split_url(path)
            path, query = p, q + (query or [])
        r = await self.req(method, path, query=query, **kw)
        self.save(slug, method, path, query or [], note, r.status, r.headers, r.text)
        return r

    def save(
        self,
        slug: str,
        method: str,
        path: str,
        query: list,
        note: str,
        status: int,
        headers: list,
        body: str,
    ) -> None:
        self.n += 1
        doc = {
            "server": self.server,
            "version": self.version,
            "method": method,
            "path": path,
            "query": [list(kv) for kv in query],
            "request_note": note,
            "status": status,
            "headers": headers,
            "body": body,
        }
        doc = self.clean_obj(doc)
        name = f"{self.n:02d}-{slug}.json"
        (self.dir / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        self.log.append(f"{name}: {status}")
        print(f"  {self.server}/{name}: {status}", flush=True)

    # ---- the script -------------------------------------------------------------
    async def run(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.json"):
            old.unlink()
        timeout = aiohttp.ClientTimeout(total=60)
        # Recording itself uses a fresh connection per request (force_close) so that a
        # server closing keep-alive connections cannot break it; keep-alive is probed
        # separately. With force_close aiohttp would send "Connection: close", which
        # servers echo; send "Connection: keep-alive" instead, so each answer is the one a
        # keep-alive client gets on a new connection.
        conn = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(
            timeout=timeout, connector=conn, headers={"Connection": "keep-alive"}
        ) as s:
            self.session = s
            await self.script()
        await self.keepalive_probe()

    async def script(self) -> None:
        r = await self.req("GET", "/api/v1/instance", who=None)
        self.version = (r.json or {}).get("version", "") if isinstance(r.json, dict) else ""
        inst = await self.rec(
            "instance-v1", "GET", "/api/v1/instance", who=None, note="no Authorization header"
        )
        inst2 = await self.rec(
            "instance-v2", "GET", "/api/v2/instance", who=None, note="no Authorization header"
        )
        ni = await self.rec("nodeinfo-wellknown", "GET", "/.well-known/nodeinfo", who=None)
        for item in (ni.json or {}).get("links", []) if isinstance(ni.json, dict) else []:
            href = item.get("href", "")
            if "nodeinfo" in item.get("rel", "") and href:
                await self.rec(
                    "nodeinfo-doc", "GET", href, who=None, note=f"the href of rel {item.get('rel')}"
                )
        await self.rec(
            "apps-create",
            "POST",
            "/api/v1/apps",
            who=None,
            json_body={
                "client_name": "realserver-recorder",
                "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                "scopes": "read write",
            },
            note="JSON body: client_name, redirect_uris=urn:ietf:wg:oauth:2.0:oob, "
            "scopes='read write'; client_secret redacted",
        )
        me = await self.rec("verify-credentials", "GET", "/api/v1/accounts/verify_credentials")
        await self.rec(
            "verify-credentials-bad-token",
            "GET",
            "/api/v1/accounts/verify_credentials",
            who="not-a-valid-token-123",
            note="Authorization: Bearer not-a-valid-token-123",
        )
        await self.rec(
            "verify-credentials-no-token",
            "GET",
            "/api/v1/accounts/verify_credentials",
            who=None,
            note="no Authorization header",
        )
        alice_id = me.json["id"]
        bob_id = None
        if self.bob:
            b = await self.req("GET", "/api/v1/accounts/verify_credentials", who="bob")
            bob_id = b.json["id"] if b.status == 200 else None

        # ---- content ------------------------------------------------------------
        ids: list[str] = []
        for i in range(1, STATUSES + 1):
            text = f"Recorder status {i} of {STATUSES}: hello from alice #realserver"
            if i == 1:
                r = await self.rec(
                    "status-post-form",
                    "POST",
                    "/api/v1/statuses",
                    data={"status": text, "visibility": "public"},
                    note=f"form body: status={text!r}, visibility=public",
                )
            elif i == 2:
                r = await self.rec(
                    "status-post-json",
                    "POST",
                    "/api/v1/statuses",
                    json_body={"status": text, "visibility": "public", "language": "en"},
                    note=f"JSON body: status={text!r}, visibility=public, language=en",
                )
            elif i % 2:
                r = await self.req(
                    "POST", "/api/v1/statuses", data={"status": text, "visibility": "public"}
                )
            else:
                r = await self.req("POST", "/api/v1/statuses", json_body={"status": text})
            if r.status == 200 and isinstance(r.json, dict):
                ids.append(r.json["id"])
            else:
                print(f"  ! post {i}: {r.status} {r.text[:200]}", file=sys.stderr)
            await asyncio.sleep(0.3)
        first = self.first_id = ids[0]
        reply = await self.rec(
            "status-post-reply",
            "POST",
            "/api/v1/statuses",
            json_body={"status": "A reply by alice to her first status", "in_reply_to_id": first},
            note="JSON body: status, in_reply_to_id=<first status>",
        )
        reply_id = reply.json.get("id") if isinstance(reply.json, dict) else None
        if reply_id:
            await self.req(
                "POST",
                "/api/v1/statuses",
                json_body={"status": "A reply to the reply", "in_reply_to_id": reply_id},
            )

        if self.bob and bob_id:
            r1 = await self.rec(
                "bob-follows-alice",
                "POST",
                f"/api/v1/accounts/{alice_id}/follow",
                who="bob",
                note="as bob: bob follows alice (local)",
            )
            await asyncio.sleep(3)
            r2 = await self.rec(
                "follow-bob",
                "POST",
                f"/api/v1/accounts/{bob_id}/follow",
                note="alice follows bob (local), after bob followed alice",
            )
            if r2.status == 404:  # snac: 404 until the followee's actor is known locally
                await asyncio.sleep(6)
                r2 = await self.rec(
                    "follow-bob-again",
                    "POST",
                    f"/api/v1/accounts/{bob_id}/follow",
                    note="the same, 6 s after a 404",
                )
            # GoToSocial's CLI-made accounts are locked: the follows stay requested.
            for r, follower, approver in ((r1, bob_id, "alice"), (r2, alice_id, "bob")):
                if isinstance(r.json, dict) and r.json.get("requested"):
                    if approver == "alice":
                        await self.rec(
                            "follow-requests-pending",
                            "GET",
                            "/api/v1/follow_requests",
                            note="bob's follow request is pending (alice is locked)",
                        )
                    await self.rec(
                        f"follow-request-authorize-by-{approver}",
                        "POST",
                        f"/api/v1/follow_requests/{follower}/authorize",
                        who=approver,
                        note=f"as {approver}: authorize the pending follow request",
                    )
            await asyncio.sleep(2)
            for i in (1, 2, 3):
                await self.req(
                    "POST",
                    "/api/v1/statuses",
                    who="bob",
                    data={"status": f"Bob's status {i}", "visibility": "public"},
                )
            await self.rec(
                "bob-mentions-alice",
                "POST",
                "/api/v1/statuses",
                who="bob",
                data={"status": "@alice hello from bob", "visibility": "public"},
                note="as bob; form body: status='@alice hello from bob'",
            )
            await self.req(
                "POST",
                "/api/v1/statuses",
                who="bob",
                json_body={"status": "@alice Bob replies", "in_reply_to_id": first},
            )
            await self.req("POST", f"/api/v1/statuses/{ids[2]}/favourite", who="bob")
            await self.req("POST", f"/api/v1/statuses/{ids[2]}/reblog", who="bob")

        for j, k in enumerate((1, 3, 5, 7)):
            if k < len(ids):
                if j == 0:
                    await self.rec(
                        "status-favourite", "POST", f"/api/v1/statuses/{ids[k]}/favourite"
                    )
                else:
                    await self.req("POST", f"/api/v1/statuses/{ids[k]}/favourite")
        for j, k in enumerate((2, 4, 6, 8)):
            if k < len(ids):
                if j == 0:
                    await self.rec("status-bookmark", "POST", f"/api/v1/statuses/{ids[k]}/bookmark")
                else:
                    await self.req("POST", f"/api/v1/statuses/{ids[k]}/bookmark")
        if len(ids) > 9:
            await self.req("POST", f"/api/v1/statuses/{ids[9]}/favourite")
            await self.rec(
                "status-unfavourite",
                "POST",
                f"/api/v1/statuses/{ids[9]}/unfavourite",
                note="a status favourited just before",
            )
        # Takahe fans out and notifies in its background worker (stator); snac and GTS
        # deliver local follows/mentions through queues too.
        await asyncio.sleep(8)

        # ---- reads --------------------------------------------------------------
        await self.rec("account", "GET", f"/api/v1/accounts/{alice_id}")
        await self.rec("account-unknown", "GET", "/api/v1/accounts/99999999999999999999")
        r = await self.rec(
            "account-statuses",
            "GET",
            f"/api/v1/accounts/{alice_id}/statuses",
            query=[["limit", "5"]],
        )
        if not r.links.get("next") and r.ids():
            await self.rec(
                "account-statuses-max-id",
                "GET",
                f"/api/v1/accounts/{alice_id}/statuses",
                query=[["limit", "5"], ["max_id", r.ids()[-1]]],
                note="no Link rel=next: max_id=<last id of the previous page> by hand",
            )
        for page in (2, 3):
            nxt = r.links.get("next")
            if not nxt:
                break
            r = await self.rec(
                f"account-statuses-next{page}",
                "GET",
                nxt,
                note="the Link rel=next URL of the previous file",
            )

        h1 = await self.rec("home", "GET", "/api/v1/timelines/home", query=[["limit", "5"]])
        r, pages = h1, [h1]
        for page in (2, 3, 4):
            nxt = r.links.get("next")
            if not nxt:
                break
            r = await self.rec(
                f"home-next{page}",
                "GET",
                nxt,
                note="the Link rel=next URL of the previous home file",
            )
            pages.append(r)
        if len(pages) > 1 and pages[1].links.get("prev"):
            await self.rec(
                "home-page2-prev",
                "GET",
                pages[1].links["prev"],
                note="the Link rel=prev URL of home page 2 (should give page 1 back)",
            )
        if h1.links.get("prev"):
            await self.rec(
                "home-page1-prev",
                "GET",
                h1.links["prev"],
                note="the Link rel=prev URL of home page 1 (nothing newer exists)",
            )
        await self.rec(
            "home-tail",
            "GET",
            "/api/v1/timelines/home",
            query=[["limit", "5"], ["max_id", ids[2]]],
            note="max_id=<3rd status posted>: only 2 older statuses exist in the "
            "home timeline, fewer than limit",
        )
        await self.rec(
            "home-since-id",
            "GET",
            "/api/v1/timelines/home",
            query=[["limit", "3"], ["since_id", ids[5]]],
            note="since_id=<6th status posted>: newest 3 newer than it",
        )
        await self.rec(
            "home-min-id",
            "GET",
            "/api/v1/timelines/home",
            query=[["limit", "3"], ["min_id", ids[5]]],
            note="min_id=<6th status posted>: the 3 oldest newer than it",
        )

        await self.rec("public", "GET", "/api/v1/timelines/public", query=[["limit", "5"]])
        await self.rec(
            "public-local",
            "GET",
            "/api/v1/timelines/public",
            query=[["local", "true"], ["limit", "3"]],
        )
        await self.rec(
            "public-no-token",
            "GET",
            "/api/v1/timelines/public",
            query=[["limit", "2"]],
            who=None,
            note="no Authorization header",
        )
        await self.rec(
            "tag-timeline", "GET", "/api/v1/timelines/tag/realserver", query=[["limit", "2"]]
        )

        for kind in ("favourites", "bookmarks"):
            r = await self.rec(kind, "GET", f"/api/v1/{kind}", query=[["limit", "2"]])
            if r.links.get("next"):
                await self.rec(
                    f"{kind}-next",
                    "GET",
                    r.links["next"],
                    note="the Link rel=next URL of the previous file",
                )

        r = await self.rec("notifications", "GET", "/api/v1/notifications", query=[["limit", "5"]])
        if r.links.get("next"):
            await self.rec(
                "notifications-next",
                "GET",
                r.links["next"],
                note="the Link rel=next URL of the previous file",
            )

        await self.rec(
            "status",
            "GET",
            f"/api/v1/statuses/{first}",
            note="alice's first status (it has replies)",
        )
        await self.rec("status-context", "GET", f"/api/v1/statuses/{first}/context")
        if reply_id:
            await self.rec("status-context-of-reply", "GET", f"/api/v1/statuses/{reply_id}/context")
        unknown = (
            "01ZZZZZZZZZZZZZZZZZZZZZZZZ"
            if self.key == "GTS"
            else (
                "ffffffffffffffffffffffffffffffff" if self.key == "SNAC" else "999999999999999999"
            )
        )
        await self.rec(
            "status-unknown",
            "GET",
            f"/api/v1/statuses/{unknown}",
            note="an id of the server's own format that does not exist",
        )
        await self.rec("status-unknown-junk", "GET", "/api/v1/statuses/not-an-id")
        await self.rec("status-favourited-by", "GET", f"/api/v1/statuses/{ids[1]}/favourited_by")

        d = await self.req("POST", "/api/v1/statuses", json_body={"status": "To be deleted"})
        if isinstance(d.json, dict) and d.json.get("id"):
            did = d.json["id"]
            await self.rec(
                "status-delete",
                "DELETE",
                f"/api/v1/statuses/{did}",
                note="a status posted just before",
            )
            await self.rec(
                "status-after-delete",
                "GET",
                f"/api/v1/statuses/{did}",
                note="the status deleted just before",
            )
        await self.rec("status-unbookmark", "POST", f"/api/v1/statuses/{ids[8]}/unbookmark")

        await self.rec("custom-emojis", "GET", "/api/v1/custom_emojis")
        await self.rec("markers", "GET", "/api/v1/markers", query=[["timeline[]", "home"]])
        await self.rec(
            "markers-post",
            "POST",
            "/api/v1/markers",
            data={"home[last_read_id]": ids[-1]},
            note="form body: home[last_read_id]=<newest status>",
        )
        await self.rec("lists", "GET", "/api/v1/lists")
        await self.rec("follow-requests", "GET", "/api/v1/follow_requests")
        await self.rec("search-v2", "GET", "/api/v2/search", query=[["q", "alice"], ["limit", "3"]])
        await self.rec(
            "relationships",
            "GET",
            "/api/v1/accounts/relationships",
            query=[["id[]", bob_id or alice_id]],
        )
        await self.rec("preferences", "GET", "/api/v1/preferences")
        await self.rec("filters-v2", "GET", "/api/v2/filters")
        await self.rec("streaming-health", "GET", "/api/v1/streaming/health", who=None)

        # ---- media --------------------------------------------------------------
        form = aiohttp.FormData()
        form.add_field("file", png_bytes(), filename="pixel.png", content_type="image/png")
        form.add_field("description", "a 16x16 test image")
        m = await self.rec(
            "media-upload-v2",
            "POST",
            "/api/v2/media",
            data=form,
            note="multipart: file=pixel.png (16x16 RGB PNG, image/png), description",
        )
        mid = m.json.get("id") if isinstance(m.json, dict) else None
        if mid:
            r = await self.rec("media-get", "GET", f"/api/v1/media/{mid}")
            if r.status == 206:
                await asyncio.sleep(2)
                await self.rec("media-get-again", "GET", f"/api/v1/media/{mid}")
            await self.rec(
                "status-post-with-media",
                "POST",
                "/api/v1/statuses",
                json_body={"status": "A status with an image", "media_ids": [mid]},
                note="JSON body: status, media_ids=[<uploaded id>]",
            )
        else:
            form = aiohttp.FormData()
            form.add_field("file", png_bytes(), filename="pixel.png", content_type="image/png")
            await self.rec(
                "media-upload-v1",
                "POST",
                "/api/v1/media",
                data=form,
                note="v2 failed; multipart: file=pixel.png",
            )

        await self.streaming(inst, inst2)

    # ---- streaming --------------------------------------------------------------
    async def streaming(self, inst: Resp, inst2: Resp) -> None:
        assert self.session is not None
        # SSE
        url = self.base + "/api/v1/streaming/user"
        t0 = time.monotonic()
        try:
            async with self.session.get(
                url,
                headers=self.auth("alice"),
                timeout=aiohttp.ClientTimeout(total=None, sock_read=None),
                allow_redirects=False,
            ) as r:
                hl = [
                    [k.decode("latin-1"), v.decode("latin-1")]
                    for k, v in r.raw_headers
                    if k.lower() != b"set-cookie"
                ]
                chunks: list[bytes] = []
                posted = False
                while time.monotonic() - t0 < 2.0:
                    if r.status == 200 and not posted:
                        posted = True  # make an event happen while we listen
                        self.tasks.add(
                            asyncio.ensure_future(
                                self.req_fresh(
                                    "POST",
                                    "/api/v1/statuses",
                                    json_body={"status": "Posted while the SSE stream is open"},
                                )
                            )
                        )
                    try:
                        c = await asyncio.wait_for(
                            r.content.readany(), 2.0 - (time.monotonic() - t0)
                        )
                    except asyncio.TimeoutError:
                        break
                    if not c:
                        break
                    chunks.append(c)
                body = b"".join(chunks).decode("utf-8", "replace")
                self.save(
                    "streaming-sse-user",
                    "GET",
                    "/api/v1/streaming/user",
                    [],
                    "Authorization: Bearer header; body = what arrived in at most 2 s"
                    + ("; a status was posted right after the headers" if posted else ""),
                    r.status,
                    hl,
                    body,
                )
        except Exception as e:
            self.save(
                "streaming-sse-user",
                "GET",
                "/api/v1/streaming/user",
                [],
                f"no HTTP answer: {type(e).__name__}: {e}",
                0,
                [],
                "",
            )
        await asyncio.sleep(0.5)

        # WebSocket: the advertised URL(s) and the base URL.
        targets: list[tuple[str, str]] = []
        adv1 = (
            ((inst.json or {}).get("urls") or {}).get("streaming_api")
            if isinstance(inst.json, dict)
            else None
        )
        adv2 = None
        if isinstance(inst2.json, dict):
            adv2 = (((inst2.json.get("configuration") or {}).get("urls")) or {}).get("streaming")
        for label, adv in (
            ("v1 urls.streaming_api", adv1),
            ("v2 configuration.urls.streaming", adv2),
        ):
            if adv and all(adv != t for t, _ in targets):
                targets.append((adv, f"advertised by /api/v{label[1]}/instance ({label})"))
        base_ws = "ws://" + self.hostport
        if all(t.rstrip("/") != base_ws for t, _ in targets):
            targets.append((base_ws, "the base URL, as ws://"))
        else:
            targets = [
                (t, n + " (= the base URL)") if t.rstrip("/") == base_ws else (t, n)
                for t, n in targets
            ]
        for i, (root, why) in enumerate(targets):
            await self.ws_probe(f"ws{i + 1}", root, why, header_auth=True)
        # Also the query-parameter form of the token at the base URL.
        await self.ws_probe(
            "ws-query-token", base_ws, "the base URL, token as ?access_token=", header_auth=False
        )

    async def req_fresh(self, *a: Any, **kw: Any) -> None:
        try:
            await self.req(*a, **kw)
        except Exception as e:
            print(f"  ! background request failed: {e!r}", file=sys.stderr)

    async def ws_probe(self, slug: str, root: str, why: str, header_auth: bool) -> None:
        """A hand-made WebSocket handshake, so the answer is recorded byte-exact."""
        u = urlsplit(root)
        tls = u.scheme == "wss"
        host, port = u.hostname or self.host, u.port or (443 if tls else 80)
        path = (u.path.rstrip("/") or "") + "/api/v1/streaming"
        query = [["stream", "user"]]
        if not header_auth:
            query.append(["access_token", self.token])
        qs = "&".join(f"{k}={v}" for k, v in query)
        note = f"WebSocket handshake to {root} ({why}); "
        note += "Authorization: Bearer header" if header_auth else "no Authorization header"
        lines = [
            f"GET {path}?{qs} HTTP/1.1",
            f"Host: {u.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
            "Sec-WebSocket-Version: 13",
            "User-Agent: realserver-recorder/1",
        ]
        if header_auth:
            lines.append(f"Authorization: Bearer {self.token}")
        ctx = None
        if tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, ssl=ctx), 5)
        except Exception as e:
            self.save(
                slug,
                "GET",
                path,
                query,
                note + f"; no HTTP answer: connect failed: {type(e).__name__}: {e}",
                0,
                [],
                "",
            )
            return
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await writer.drain()
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError) as e:
                part = getattr(e, "partial", b"")
                self.save(
                    slug,
                    "GET",
                    path,
                    query,
                    note + f"; no HTTP answer: {type(e).__name__} (received {part[:200]!r})",
                    0,
                    [],
                    "",
                )
                return
            status_line, *hdr_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split()[1])
            hl = [
                [k, v.lstrip()]
                for k, _, v in (h.partition(":") for h in hdr_lines if h)
                if k.lower() != "set-cookie"
            ]
            note += f"; status line {status_line!r}"
            if status == 101:
                self.tasks.add(
                    asyncio.ensure_future(
                        self.req_fresh(
                            "POST",
                            "/api/v1/statuses",
                            json_body={"status": "Posted while the WebSocket is open"},
                        )
                    )
                )
                frames = await read_ws_frames(reader, 2.0)
                body = json.dumps(frames, ensure_ascii=False)
                note += (
                    "; a status was posted after the upgrade; body = JSON list of the "
                    "frames received within 2 s ([opcode, text])"
                )
                writer.write(ws_close_frame())
                await writer.drain()
            else:
                body = await read_http_body(reader, hl)
            self.save(slug, "GET", path, query, note, status, hl, body)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    # ---- keep-alive ---------------------------------------------------------------
    async def keepalive_probe(self) -> None:
        result: dict[str, Any] = {"server": self.server, "version": self.version}
        events: list[str] = []

        async def on_create(_s: Any, _c: Any, _p: Any) -> None:
            events.append("new-connection")

        async def on_reuse(_s: Any, _c: Any, _p: Any) -> None:
            events.append("reused-connection")

        tc = aiohttp.TraceConfig()
        tc.on_connection_create_end.append(on_create)
        tc.on_connection_reuseconn.append(on_reuse)
        steps: list[dict[str, Any]] = []
        known = self.first_id
        async with aiohttp.ClientSession(
            trace_configs=[tc], timeout=aiohttp.ClientTimeout(total=30)
        ) as s:
            self.session = s
            sid = None
            plan: list[tuple[str, str, dict[str, Any]]] = [
                ("GET", "/api/v1/instance", {}),
                ("GET", "/api/v1/accounts/verify_credentials", {}),
                ("POST", "/api/v1/statuses", {"data": {"status": "keep-alive probe 1"}}),
                ("GET", "/api/v1/timelines/home", {"query": [["limit", "2"]]}),
                ("POST", "FAV", {}),
                ("POST", "/api/v1/statuses", {"json_body": {"status": "keep-alive probe 2"}}),
                ("GET", "/api/v1/notifications", {"query": [["limit", "2"]]}),
                ("DELETE", "DEL", {}),
                ("SLEEP", "3", {}),
                ("GET", "/api/v1/instance", {}),
                ("POST", "/api/v1/statuses", {"data": {"status": "keep-alive probe 3"}}),
                ("SLEEP", "6", {}),
                ("POST", "/api/v1/statuses", {"data": {"status": "keep-alive probe 4"}}),
            ]
            for method, path, kw in plan:
                if method == "SLEEP":
                    await asyncio.sleep(float(path))
                    steps.append({"step": f"idle {path} s"})
                    continue
                if path == "FAV":
                    path = f"/api/v1/statuses/{sid or known}/favourite"
                if path == "DEL":
                    if not sid:
                        steps.append({"step": "DELETE skipped: no status posted on this session"})
                        continue
                    path = f"/api/v1/statuses/{sid}"
                before = len(events)
                step: dict[str, Any] = {"method": method, "path": path}
                try:
                    r = await self.req(method, path, **kw)
                    step["status"] = r.status
                    step["connection_header"] = r.header("Connection")
                    step["keep_alive_header"] = r.header("Keep-Alive")
                    if method == "POST" and path == "/api/v1/statuses" and isinstance(r.json, dict):
                        sid = r.json.get("id")
                except Exception as e:
                    step["error"] = f"{type(e).__name__}: {e}"
                step["connection_events"] = events[before:]
                steps.append(step)
        result["aiohttp_session"] = {
            "note": "one aiohttp.ClientSession (default TCPConnector, keep-alive), requests "
            "one after another; connection_events from aiohttp TraceConfig "
            "(aiohttp retries a failed idempotent request once on a reused "
            "connection, never a POST)",
            "aiohttp": aiohttp.__version__,
            "steps": steps,
        }
        result["raw_socket"] = await self.raw_two_requests()
        (self.dir / "keepalive.json").write_text(
            json.dumps(self.clean_obj(result), indent=1, ensure_ascii=False) + "\n"
        )
        print(f"  {self.server}/keepalive.json", flush=True)

    async def raw_two_requests(self) -> dict[str, Any]:
        """Two GETs on one raw socket (HTTP/1.1, no Connection header), the second sent
        only after the first answer is read; then whether the server closed."""
        out: dict[str, Any] = {
            "note": "raw socket: GET /api/v1/instance twice, HTTP/1.1 without a Connection header"
        }
        reader, writer = await asyncio.open_connection(self.host, self.port)
        req = (
            f"GET /api/v1/instance HTTP/1.1\r\nHost: {self.hostport}\r\n"
            "User-Agent: realserver-recorder/1\r\nAccept: application/json\r\n\r\n"
        ).encode()
        try:
            for n in (1, 2):
                try:
                    writer.write(req)
                    await writer.drain()
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                    status_line, *hdr = head.decode("latin-1").split("\r\n")
                    hl = [[k, v.lstrip()] for k, _, v in (h.partition(":") for h in hdr if h)]
                    body = await read_http_body(reader, hl)
                    conn = [v for k, v in hl if k.lower() == "connection"]
                    out[f"request{n}"] = {
                        "status_line": status_line,
                        "connection_header": conn[0] if conn else None,
                        "content_length": next(
                            (v for k, v in hl if k.lower() == "content-length"), None
                        ),
                        "body_chars": len(body),
                    }
                except Exception as e:
                    out[f"request{n}"] = {"error": f"{type(e).__name__}: {e!r}"}
                    break
                try:  # did the server close the connection after this answer?
                    extra = await asyncio.wait_for(reader.read(1), 1.0)
                    out[f"after{n}"] = (
                        "EOF: server closed the connection"
                        if extra == b""
                        else f"unexpected byte {extra!r}"
                    )
                except asyncio.TimeoutError:
                    out[f"after{n}"] = "still open after 1 s"
                except ConnectionError as e:
                    out[f"after{n}"] = f"{type(e).__name__}"
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        return out


async def read_http_body(reader: asyncio.StreamReader, hl: list[list[str]]) -> str:
    h = {k.lower(): v for k, v in hl}
    try:
        if "content-length" in h:
            data = await asyncio.wait_for(reader.readexactly(int(h["content-length"])), 5)
        elif "chunked" in h.get("transfer-encoding", "").lower():
            data = b""
            while True:
                size = int((await asyncio.wait_for(reader.readline(), 5)).split(b";")[0], 16)
                chunk = await asyncio.wait_for(reader.readexactly(size + 2), 5)
                if size == 0:
                    break
                data += chunk[:-2]
        else:
            data = await asyncio.wait_for(reader.read(1 << 20), 2)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
        data = getattr(e, "partial", b"") or b""
    return data.decode("utf-8", "replace")


async def read_ws_frames(reader: asyncio.StreamReader, seconds: float) -> list[list[Any]]:
    frames: list[list[Any]] = []
    end = time.monotonic() + seconds
    try:
        while (left := end - time.monotonic()) > 0:
            b0, b1 = await asyncio.wait_for(reader.readexactly(2), left)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", await reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", await reader.readexactly(8))[0]
            mask = await reader.readexactly(4) if b1 & 0x80 else b""
            data = await reader.readexactly(n)
            if mask:
                data = bytes(c ^ mask[i % 4] for i, c in enumerate(data))
            op = b0 & 0x0F
            if op == 8:
                code = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else None
                frames.append([op, f"close {code} {data[2:].decode('utf-8', 'replace')}"])
                break
            frames.append([op, data.decode("utf-8", "replace")])
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        pass
    return frames


def ws_close_frame() -> bytes:
    mask = os.urandom(4)
    payload = struct.pack(">H", 1000)
    return (
        bytes([0x88, 0x80 | len(payload)])
        + mask
        + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
    )


async def record(args: argparse.Namespace) -> int:
    env = {**read_env(args.token_file), **read_env(args.extra_tokens)}
    out = Path(args.out)
    for name in args.servers.split(","):
        key = name.strip().upper()
        base, tok = env.get(f"{key}_BASE_URL"), env.get(f"{key}_ALICE_TOKEN")
        if key not in SERVERS or not base or not tok:
            print(f"skipping {name}: no {key}_BASE_URL / {key}_ALICE_TOKEN", file=sys.stderr)
            continue
        print(f"{SERVERS[key][0]} at {base}", flush=True)
        rec = Recorder(key, base, tok, env.get(f"{key}_BOB_TOKEN"), out)
        await rec.run()
        if rec.tasks:
            await asyncio.gather(*rec.tasks)
        # Nothing may keep a token, a client secret or the real host:port.
        leaks = [
            f.name
            for f in sorted(rec.dir.iterdir())
            for x in (*rec.secrets, rec.hostport)
            if x in f.read_text()
        ]
        if leaks:
            print(f"LEAK: a secret or {rec.hostport} is still in {leaks}", file=sys.stderr)
            return 1
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("token_file")
    ap.add_argument("--extra-tokens", help="file with <NAME>_BOB_TOKEN=... lines")
    ap.add_argument("--servers", default="gts,takahe,snac")
    ap.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parent.parent / "tests" / "data" / "realservers"),
    )
    return asyncio.run(record(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
