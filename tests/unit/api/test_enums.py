"""Parameters with documented values: Literal types a type checker enforces, generated from
the docs' data, with ``Raw`` for the values the docs do not list."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aiomastodon import Client
from aiomastodon.api import enums
from aiomastodon.api.enums import Raw

from ._helpers import BASE, form_of, only_request, status
from .test_namespaces import METHODS, _function

ROOT = Path(__file__).resolve().parents[3]

# Typed in streaming/, which another part of the package owns: the stream names are there.
NOT_IN_API = {"StreamName"}

SNIPPET = textwrap.dedent(
    """\
    from aiomastodon import Client
    from aiomastodon.api.enums import Raw


    async def main(client: Client) -> None:
        await client.statuses.create("x", visibility="everyone")  # line 6
        await client.statuses.create("x", visibility="unlisted", media_ids="1")
        await client.statuses.create("x", visibility=Raw("local"))
        client.notifications.list(types=["mention", "follows"])  # line 9
        client.notifications.list(types="mention", exclude_types=[Raw("x"), "poll"])
        await client.statuses.get(1)  # line 11
        await client.filters.create("t", context="home", filter_action="blur")
        await client.filters.create("t", context=["home", "timeline"])  # line 13
        await client.lists.create("l", replies_policy="all")  # line 14
        await client.reports.create("1", category="spam", rule_ids="2")
    """
)


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    """``mypy --strict`` on SNIPPET: the error message of each line that has one."""
    pytest.importorskip("mypy", reason="mypy comes with the dev extra, not the test one")
    where = tmp_path_factory.mktemp("mypy")
    (where / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
    command += ["--cache-dir", str(where / "cache"), "snippet.py"]
    result = subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=50)
    assert result.returncode == 1, result.stdout + result.stderr
    errors: dict[int, str] = {}
    for line in result.stdout.splitlines():
        name, number, kind, message = line.split(":", 3)
        assert name == "snippet.py", line
        if kind.strip() == "error":
            errors[int(number)] = message
    return errors


def test_mypy_rejects_a_value_the_docs_do_not_list(mypy_errors: dict[int, str]) -> None:
    assert 'Argument "visibility" to "create" of "Statuses"' in mypy_errors[6]
    assert "Literal['everyone']" in mypy_errors[6]
    assert "Literal['follows']" in mypy_errors[9]
    assert "Literal['timeline']" in mypy_errors[13]
    assert 'Argument "replies_policy"' in mypy_errors[14]


def test_mypy_rejects_an_int_id(mypy_errors: dict[int, str]) -> None:
    assert '"get" of "Statuses" has incompatible type "int"' in mypy_errors[11]


def test_mypy_accepts_documented_values_raw_and_single_array_items(
    mypy_errors: dict[int, str],
) -> None:
    assert sorted(mypy_errors) == [6, 9, 11, 13, 14]


def test_the_generated_module_is_up_to_date() -> None:
    command = [sys.executable, str(ROOT / "tools" / "gen_enums.py"), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=50)
    assert result.returncode == 0, result.stderr


def test_every_literal_types_some_parameter() -> None:
    annotations = " ".join(
        str(parameter.annotation)
        for namespace, method in METHODS
        for parameter in inspect.signature(_function(namespace, method)).parameters.values()
    )
    names = [name for name in enums.__all__ if name not in ("Raw", "OneOrMany")]
    unused = [name for name in names if name not in annotations and name not in NOT_IN_API]
    assert unused == []


def test_literals_carry_the_documented_values() -> None:
    assert enums.Visibility.__args__ == ("public", "unlisted", "private", "direct")
    assert "direct" not in enums.ReblogVisibility.__args__
    assert {"mention", "follow", "admin.sign_up"} <= set(enums.NotificationType.__args__)
    assert enums.NotificationPolicyValue.__args__ == ("accept", "filter", "drop")


async def test_values_are_sent_as_given_documented_or_raw(mocked, client: Client) -> None:
    url = f"{BASE}/api/v1/statuses"
    mocked.post(url, payload=status("1"))
    await client.statuses.create("hi", visibility=Raw("local"), quote_approval_policy="nobody")
    form = form_of(only_request(mocked, "POST", url))
    assert ("visibility", "local") in form
    assert ("quote_approval_policy", "nobody") in form
