"""client.proofs: identity proofs, removed in Mastodon 3.5 (legacy)."""

from __future__ import annotations

import pytest

from aiomastodon.api.proofs import ProofSignature, ProofsOfAccount

from ._helpers import BASE, method_example, no_body, only_request


async def test_get_is_legacy(mocked, client):
    url = f"{BASE}/api/proofs?provider=keybase&username=gargron"
    payload = method_example("proofs.get")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match="removed in Mastodon 3.5"):
        got = await client.proofs.get(provider="keybase", username="gargron")
    assert isinstance(got, ProofsOfAccount)
    assert got.avatar == payload["avatar"]
    assert got.signatures == [
        ProofSignature(sig_hash=s["sig_hash"], kb_username=s["kb_username"])
        for s in payload["signatures"]
    ]
    no_body(only_request(mocked, "GET", url))
