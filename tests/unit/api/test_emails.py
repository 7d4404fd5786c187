"""client.emails: the confirmation email of a new account."""

from __future__ import annotations

from ._helpers import BASE, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/emails/confirmations"


async def test_resend_confirmation(mocked, client):
    mocked.post(URL, payload=method_example("emails.confirmation"))
    assert await client.emails.resend_confirmation() is None
    no_body(only_request(mocked, "POST", URL))


async def test_resend_confirmation_to_a_new_address(mocked, client):
    mocked.post(URL, payload={})
    assert await client.emails.resend_confirmation(email="shark@sea.example") is None
    assert form_of(only_request(mocked, "POST", URL)) == [("email", "shark@sea.example")]
