"""``aiomastodon archive --rate-limit-store``: archive processes of one account share Redis.

The server is the kit's fake Mastodon in a thread (test_cli's :class:`Timeline`); the
Redis is a real ``redis-server`` on a loopback port (``tests/conftest.py``: skipped
without one unless ``AIOMASTODON_REQUIRE_REDIS`` is set).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from .test_cli import (
    CLI,
    TOKEN,
    Timeline,
    archived_ok,
    assert_exact,
    cli_env,
    closed_port,
    run_cli,
)
from .test_cli import make_server as make_server  # the fixture

pytestmark = pytest.mark.integration


def test_two_archive_processes_share_one_budget_through_redis(
    make_server: Callable[..., Timeline], tmp_path: Path, redis_url: str
) -> None:
    server = make_server(120)
    home = tmp_path / "home.jsonl"
    flag = ("--rate-limit-store", redis_url)
    other = subprocess.Popen(
        [*CLI, "home", str(home), "--instance", server.base_url, *flag],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    archived_ok(server, "home", tmp_path / "home2.jsonl", *flag)
    out, err = other.communicate(timeout=60)
    assert other.returncode == 0, err
    assert TOKEN not in out + err
    assert_exact(home, server.items())
    assert_exact(tmp_path / "home2.jsonl", server.items())
    with redis.Redis.from_url(redis_url, socket_timeout=5) as connection:
        keys = [key.decode() for key in connection.scan_iter("aiomastodon:*")]
    assert any(key.endswith(":account") and "{127.0.0.1|" in key for key in keys), keys
    assert not any(TOKEN in key for key in keys)


def test_a_store_url_of_another_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("home", str(tmp_path / "h.jsonl"), "--rate-limit-store", "memcache://x")
    assert result.returncode == 2
    assert "--rate-limit-store: give a redis://" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_unreachable_store_is_a_one_line_error(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(20)
    store = f"redis://127.0.0.1:{closed_port()}/0"
    result = run_cli(
        "home",
        str(tmp_path / "h.jsonl"),
        "--instance",
        server.base_url,
        "--rate-limit-store",
        store,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("aiomastodon: error: GET /api/v1/timelines/home")
    assert "the rate-limit store (redis://127.0.0.1:" in result.stderr
