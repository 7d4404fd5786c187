"""``aiomastodon``'s arguments: every option alone and against the others, in this process.

Each bad command line is one line on stderr, exit status 2, nothing on stdout, and no
file created (the checks come before the lock, the state or any request). None of these
runs reaches a network: the instances named do not exist.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from aiomastodon import __version__
from aiomastodon.auth import Credentials, save_credentials
from aiomastodon.cli import main
from aiomastodon.cli.options import parser, resolve

SECRET = "tok-Zq8-never-echoed-Lw2"
URL = "https://mastodon.example"


@pytest.fixture(autouse=True)
def clean_environment() -> Iterator[None]:
    """No MASTODON_* from the machine running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")}
    with mock.patch.dict(os.environ, env, clear=True):
        yield


def run(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env):
        status = main(list(argv), out=out, err=err)
    result = subprocess.CompletedProcess(list(argv), status, out.getvalue(), err.getvalue())
    assert SECRET not in result.stdout + result.stderr
    return result


def assert_usage_error(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("aiomastodon: error: "), lines[0]
    assert says in lines[0], lines[0]


def credentials(tmp_path: Path, base_url: str = URL, token: str | None = SECRET) -> str:
    made = Credentials(base_url, "client-id", "client-secret", access_token=token)
    return str(save_credentials(made, tmp_path / "secret" / "mastodon.json"))


# --- the command itself ---------------------------------------------------------------------


def test_version_prints_the_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"aiomastodon {__version__}\n",
        "",
    )


def test_no_arguments_print_the_usage_and_exit_2() -> None:
    result = run()
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: aiomastodon [-h] [--version] COMMAND ...\n")
    assert "archive" in result.stderr
    assert "archive a timeline to JSON Lines" in result.stderr


def test_archive_help_documents_the_exit_statuses_and_the_token_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("archive", "--help").returncode == 0
    text = capsys.readouterr().out
    for status in ("0", "1", "2", "3", "4", "5", "130"):
        assert f"\n  {status:>3}  " in text
    assert "token     --token TOKEN, else --credentials FILE, else $MASTODON_TOKEN" in text
    assert "OUTPUT.state.json" in text
    assert "OUTPUT.demo.sqlite" in text


# --- every bad command line -------------------------------------------------------------------


BAD = {
    # (arguments, what the line says); {out} is a file in the test's directory
    "an unknown command": (("export",), "invalid choice: 'export'"),
    "archive alone": (("archive",), "the following arguments are required: TIMELINE, OUTPUT"),
    "no OUTPUT": (("archive", "home"), "required: OUTPUT"),
    "an unknown option": (("archive", "home", "{out}", "--color"), "unrecognized arguments"),
    "an abbreviated option": (
        ("archive", "home", "{out}", "--inst", URL),
        "unrecognized arguments: --inst",
    ),
    "an unknown TIMELINE": (("archive", "everything", "{out}"), "unknown timeline 'everything'"),
    "an empty tag": (("archive", "tag:", "{out}"), "unknown timeline 'tag:'"),
    "--also with one value": (
        ("archive", "home", "{out}", "--also", "public"),
        "argument --also: expected 2 arguments",
    ),
    "an unknown TIMELINE in --also": (
        ("archive", "home", "{out}", "--also", "timeline:x", "{out}2", "--instance", URL),
        "argument --also: unknown timeline 'timeline:x'",
    ),
    "OUTPUT twice": (
        ("archive", "home", "{out}", "--also", "public", "{out}", "--instance", URL),
        "each timeline needs its own OUTPUT",
    ),
    "OUTPUT on another's state file": (
        ("archive", "home", "{out}", "--also", "public", "{out}.state.json", "--instance", URL),
        "would be both the state of",
    ),
    "OUTPUT on the demo's data": (
        ("archive", "home", "{out}", "--also", "public", "{out}.demo.sqlite", "--demo"),
        "would be both the demo instance's data and OUTPUT",
    ),
    "OUTPUT on stdout": (("archive", "home", "-", "--instance", URL), "OUTPUT must be a file"),
    "OUTPUT a directory": (("archive", "home", "{dir}", "--instance", URL), "is a directory"),
    "OUTPUT a device": (("archive", "home", "/dev/null", "--instance", URL), "not a regular file"),
    "--demo with --instance": (
        ("archive", "home", "{out}", "--demo", "--instance", URL),
        "--demo runs its own instance: drop --instance",
    ),
    "--demo with --credentials": (
        ("archive", "home", "{out}", "--demo", "--credentials", "{dir}/c.json"),
        "--demo runs its own instance: drop --credentials",
    ),
    "--demo with --token": (
        ("archive", "home", "{out}", "--demo", "--token", SECRET),
        "--demo uses its own account's token: drop --token",
    ),
    "--demo-statuses without --demo": (
        ("archive", "home", "{out}", "--instance", URL, "--demo-statuses", "5"),
        "--demo-statuses seeds the demo instance: it needs --demo",
    ),
    "--demo-statuses -5": (
        ("archive", "home", "{out}", "--demo", "--demo-statuses", "-5"),
        "argument --demo-statuses: give 1 to 100,000 (not -5)",
    ),
    "--demo-statuses 0": (
        ("archive", "home", "{out}", "--demo", "--demo-statuses", "0"),
        "give 1 to 100,000 (not 0)",
    ),
    "--demo-statuses too many": (
        ("archive", "home", "{out}", "--demo", "--demo-statuses", "100001"),
        "give 1 to 100,000 (not 100001)",
    ),
    "--demo-statuses not a number": (
        ("archive", "home", "{out}", "--demo", "--demo-statuses", "many"),
        "argument --demo-statuses: not a whole number: 'many'",
    ),
    "--demo-statuses without a value": (
        ("archive", "home", "{out}", "--demo", "--demo-statuses"),
        "argument --demo-statuses: expected one argument",
    ),
    "a malformed --instance": (
        ("archive", "home", "{out}", "--instance", "http://[::1"),
        "not a usable",
    ),
    "an ftp --instance": (
        ("archive", "home", "{out}", "--instance", "ftp://x.example"),
        "not an http",
    ),
    "an --instance with credentials in it": (
        ("archive", "home", "{out}", "--instance", "https://me:pw@x.example"),
        "must not carry a query, fragment or credentials",
    ),
    "no instance": (("archive", "public", "{out}"), "no instance: give --instance URL"),
    "an empty --token": (
        ("archive", "home", "{out}", "--instance", URL, "--token", ""),
        "--token: not an access token",
    ),
    "a --token with a newline": (
        ("archive", "home", "{out}", "--instance", URL, "--token", SECRET + "\nX-Evil: 1"),
        "--token: not an access token",
    ),
    "a --token with a space": (
        ("archive", "home", "{out}", "--instance", URL, "--token", "Bearer " + SECRET),
        "--token: not an access token",
    ),
    "no token for home": (
        ("archive", "home", "{out}", "--instance", URL),
        "home needs an access token: set MASTODON_TOKEN, or give --credentials FILE or --token",
    ),
    "no token for --also notifications": (
        ("archive", "public", "{out}", "--instance", URL, "--also", "notifications", "{out}2"),
        "notifications needs an access token",
    ),
    "--token with --credentials": (
        ("archive", "home", "{out}", "--credentials", "{creds}", "--token", SECRET),
        "give --token or --credentials, not both",
    ),
    "a missing credentials file": (
        ("archive", "home", "{out}", "--credentials", "{dir}/none.json"),
        "--credentials: no such file",
    ),
    "a credentials file that is a directory": (
        ("archive", "home", "{out}", "--credentials", "{dir}"),
        "--credentials: cannot read",
    ),
    "--instance other than the credentials'": (
        ("archive", "home", "{out}", "--credentials", "{creds}", "--instance", "https://b.example"),
        "is not the server of",
    ),
}


@pytest.mark.parametrize(("argv", "says"), BAD.values(), ids=BAD.keys())
def test_a_bad_command_line_is_one_line_exit_2_and_touches_nothing(
    tmp_path: Path, argv: tuple[str, ...], says: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    fill = {"{out}": str(work / "out.jsonl"), "{dir}": str(work), "{creds}": credentials(tmp_path)}
    args = list(argv)
    for key, value in fill.items():
        args = [arg.replace(key, value) for arg in args]
    assert_usage_error(run(*args), says)
    assert list(work.iterdir()) == []


def test_a_bad_token_from_the_environment_is_refused_unquoted(tmp_path: Path) -> None:
    result = run("archive", "home", str(tmp_path / "o"), "--instance", URL,
                 MASTODON_TOKEN=SECRET + "\n")  # fmt: skip
    assert_usage_error(result, "MASTODON_TOKEN: not an access token")


def test_a_credentials_file_others_may_read_is_refused(tmp_path: Path) -> None:
    path = credentials(tmp_path)
    os.chmod(path, 0o644)
    result = run("archive", "home", str(tmp_path / "o"), "--credentials", path)
    assert_usage_error(result, "other users may read or change it (mode 0644); run `chmod 600")


def test_a_malformed_credentials_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"format": "aiomastodon-credentials/1"}')
    path.chmod(0o600)
    result = run("archive", "home", str(tmp_path / "o"), "--credentials", str(path))
    assert_usage_error(result, "not an aiomastodon credentials file")


def test_a_credentials_file_without_a_token_says_so(tmp_path: Path) -> None:
    path = credentials(tmp_path, token=None)
    result = run("archive", "home", str(tmp_path / "o"), "--credentials", path)
    assert_usage_error(result, f"home needs an access token, and {path} holds none")


# --- where the instance and the token come from -------------------------------------------------


def resolved(*argv: str, **env: str) -> tuple[str | None, str | None, list[str]]:
    options = resolve(parser().parse_args(["archive", *argv]), env)
    return options.instance, options.token, options.warnings


def test_instance_and_token_from_the_environment(tmp_path: Path) -> None:
    got = resolved("home", str(tmp_path / "o"), MASTODON_INSTANCE=URL, MASTODON_TOKEN=SECRET)
    assert got == (URL + "/", SECRET, [])


def test_the_command_line_comes_before_the_environment(tmp_path: Path) -> None:
    instance, token, warnings = resolved(
        "home", str(tmp_path / "o"), "--instance", "https://b.example", "--token", "tok-b",
        MASTODON_INSTANCE=URL, MASTODON_TOKEN=SECRET,
    )  # fmt: skip
    assert (instance, token) == ("https://b.example/", "tok-b")
    assert warnings == [
        "--token is visible to other users of this machine (ps, /proc): set MASTODON_TOKEN "
        "or use --credentials FILE instead"
    ]


def test_credentials_give_both_and_the_environment_is_not_read(tmp_path: Path) -> None:
    path = credentials(tmp_path, "https://a.example")
    got = resolved("home", str(tmp_path / "o"), "--credentials", path,
                   MASTODON_INSTANCE=URL, MASTODON_TOKEN="tok-of-another-server")  # fmt: skip
    assert got == ("https://a.example/", SECRET, [])
    # The same server, named again: fine.
    got = resolved("home", str(tmp_path / "o"), "--credentials", path, "--instance", "a.example")
    assert got == ("https://a.example/", SECRET, [])


def test_an_empty_environment_token_is_no_token(tmp_path: Path) -> None:
    assert (
        resolved("public", str(tmp_path / "o"), MASTODON_INSTANCE=URL, MASTODON_TOKEN="")[1] is None
    )


@pytest.mark.parametrize(
    ("instance", "warned"),
    [
        ("http://mastodon.example", True),
        ("http://192.0.2.7:3000", True),
        ("http://127.0.0.1:3000", False),
        ("http://[::1]:3000", False),
        ("http://localhost:3000", False),
        ("https://mastodon.example", False),
    ],
)
def test_a_token_over_plain_http_is_warned_about(
    tmp_path: Path, instance: str, warned: bool
) -> None:
    warnings = resolved("home", str(tmp_path / "o"), "--instance", instance, MASTODON_TOKEN=SECRET)[
        2
    ]
    assert warnings == (
        [f"the token travels unencrypted to {instance}/ (http, not https)"] if warned else []
    )
