"""A fresh project can use the kit's fixtures with nothing but ``aiomastodon[testing]``:
a new virtual environment, ``pip install '<this checkout>[testing]'`` (no packages of
ours or of this environment shared), one test file, and pytest run there.

Slow (it builds the package and installs its dependencies): deselect with
``-m "not slow"``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
TEST_FILE = """
from aiomastodon import Client
from aiomastodon.testing import FakeMastodon


async def test_a_bot_replies(mastodon_server: FakeMastodon, mastodon_client: Client) -> None:
    await mastodon_server.add_account("bob")
    await mastodon_server.post(as_="bob", text="@alice ping")
    async for mention in mastodon_client.notifications.list(types=["mention"]):
        assert mention.status is not None
        await mastodon_client.statuses.create("@bob pong", in_reply_to_id=mention.status.id)
    [reply] = [s for s in mastodon_server.world.statuses.values() if s.in_reply_to]
    assert reply.text == "@bob pong"
"""


def test_a_fresh_project_uses_the_fixtures(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    python = env_dir / "bin" / "python"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"{ROOT}[testing]"],
        check=True, env=environment, timeout=800,
    )  # fmt: skip
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_bot.py").write_text(TEST_FILE)
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\nasyncio_mode = "auto"\n')
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        env=environment, capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    installed = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "mastodon-mock" not in installed
    assert "aioresponses" not in installed
    assert sys.prefix not in str(python)
