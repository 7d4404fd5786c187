"""The arguments of ``aiomastodon``: the parser, and every check that needs no network.

A bad or conflicting argument is a [`UsageError`][aiomastodon.errors.UsageError]: one
line, exit status 2, before any file is touched or any request sent.

Where the instance and the token come from, first match wins:

- the instance: ``--instance URL``, else the ``base_url`` of ``--credentials FILE``, else
  ``$MASTODON_INSTANCE``;
- the token: ``--token TOKEN``, else the ``access_token`` of ``--credentials FILE``, else
  ``$MASTODON_TOKEN``.

``--credentials`` brings the instance and the token together: with it, the environment
is not read (``$MASTODON_TOKEN`` may belong to another server), and an ``--instance``
other than the file's is refused (its token would go there). ``--token`` works, with a
warning: a command line is visible to every user of the machine (``ps``, ``/proc``).
"""

from __future__ import annotations

import argparse
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from ..client import normalize_base_url
from ..credentials import load_credentials
from ..errors import CredentialsFileError, UsageError
from ..scheduler.store import STORE_SCHEMES
from .archive import STATE_SUFFIX
from .exits import describe
from .lock import LOCK_SUFFIX
from .media import INDEX_SUFFIX, MediaOptions, add_media_arguments, media_options
from .timelines import KINDS, Timeline, parse_timeline

__all__ = ["DEMO_STATUSES", "DEMO_SUFFIX", "Options", "parser", "resolve"]

DEMO_STATUSES = 3000
DEMO_MAX_STATUSES = 100_000  # mastodon-mock seeds one status at a time: minutes, beyond
DEMO_SUFFIX = ".demo.sqlite"
# RFC 6750's b64token: what a Bearer token may hold (no space, no newline, no quote).
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


@dataclass(frozen=True)
class Options:
    """What ``aiomastodon archive`` was asked to do, checked."""

    jobs: list[tuple[Timeline, Path]]
    instance: str | None
    """The instance's base URL; ``None`` with ``--demo``."""
    token: str | None = field(repr=False)
    demo: bool
    demo_statuses: int
    quiet: bool
    fsync: bool
    rate_limit_store: str | None = None
    """``--rate-limit-store``: the Redis URL of a budget shared with other processes."""
    media: MediaOptions | None = None
    """``--media DIR`` and its options, or ``None``."""
    warnings: list[str] = field(default_factory=list)
    """One line each, for stderr (not with ``--quiet``)."""

    @property
    def demo_database(self) -> Path:
        """Where the demo instance keeps its data: beside the first OUTPUT."""
        output = self.jobs[0][1]
        return output.with_name(output.name + DEMO_SUFFIX)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (ours), not the usage text and then the error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _timeline(text: str) -> Timeline:
    try:
        return parse_timeline(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _store_url(text: str) -> str:
    if text.partition("://")[0].lower() not in STORE_SCHEMES:
        raise argparse.ArgumentTypeError("give a redis://, rediss:// or unix:// URL")
    return text


def _demo_statuses(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= DEMO_MAX_STATUSES:
        raise argparse.ArgumentTypeError(f"give 1 to {DEMO_MAX_STATUSES:,} (not {value})")
    return value


_ARCHIVE_EPILOG = f"""\
where the instance and the token come from (first match wins):
  instance  --instance URL, else --credentials FILE, else $MASTODON_INSTANCE
  token     --token TOKEN, else --credentials FILE, else $MASTODON_TOKEN
  --credentials FILE (what aiomastodon.auth.save_credentials writes) gives both, and then
  the environment is not read. Prefer it or $MASTODON_TOKEN to --token: other users of
  this machine can read a command line.

files beside OUTPUT:
  OUTPUT{STATE_SUFFIX}   where the next run resumes (keep it with OUTPUT)
  OUTPUT{LOCK_SUFFIX}         only while a run holds OUTPUT (a second run stops at once)
  OUTPUT{DEMO_SUFFIX}  with --demo: the demo instance's data
  OUTPUT{INDEX_SUFFIX}  with --media DIR: each media URL's file, size, type, checksum
  New files get mode 0600 (only you may read them); existing files keep theirs.

exit status:
{describe()}
"""


def parser() -> argparse.ArgumentParser:
    """The ``aiomastodon`` command's parser."""
    top = _Parser(
        prog="aiomastodon",
        description="Tools for the Mastodon API, built on aiomastodon.",
        allow_abbrev=False,
    )
    top.add_argument("--version", action="store_true", help="print the version and exit")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    archive = commands.add_parser(
        "archive",
        help="archive a timeline to JSON Lines (resumable, lossless, incremental)",
        description=(
            "Archive a timeline to OUTPUT, one item per line exactly as the server sent it. "
            "Run the same command again to resume after any stop, or later to append what "
            "is new. TIMELINE is one of: " + ", ".join(KINDS) + "."
        ),
        epilog=_ARCHIVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # an abbreviation becomes ambiguous when an option is added
    )
    archive.add_argument("timeline", type=_timeline, metavar="TIMELINE")
    archive.add_argument("output", type=Path, metavar="OUTPUT")
    archive.add_argument(
        "--also",
        nargs=2,
        action="append",
        default=[],
        metavar=("TIMELINE", "OUTPUT"),
        help="archive another timeline in the same run, sharing the rate-limit budget",
    )
    archive.add_argument("--instance", metavar="URL", help="the server")
    archive.add_argument(
        "--credentials",
        type=Path,
        metavar="FILE",
        help="a credentials file (aiomastodon.auth.save_credentials): the instance and token",
    )
    archive.add_argument(
        "--token",
        metavar="TOKEN",
        help="an access token (visible to other users: prefer $MASTODON_TOKEN)",
    )
    archive.add_argument(
        "--demo",
        action="store_true",
        help="archive from an embedded demo instance (needs aiomastodon[demo])",
    )
    archive.add_argument(
        "--demo-statuses",
        type=_demo_statuses,
        metavar="N",
        help=f"seed a new demo instance with N statuses (default {DEMO_STATUSES:,}, "
        f"at most {DEMO_MAX_STATUSES:,})",
    )
    archive.add_argument(
        "--rate-limit-store",
        type=_store_url,
        metavar="URL",
        help="share the rate-limit budget with other processes through Redis "
        "(redis://host:6379/0; needs aiomastodon[redis])",
    )
    archive.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    archive.add_argument(
        "--fsync",
        action="store_true",
        help="sync every page to disk (survive a power loss, not just a crash; slower)",
    )
    add_media_arguments(archive)
    return top


def resolve(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    """Check ``aiomastodon archive``'s arguments against each other and the environment.

    Raises:
        UsageError: Conflicting or invalid arguments; no instance; no token where the
            timeline needs one; an unusable credentials file.
    """
    jobs = _jobs(args)
    if args.demo:
        for given, name in ((args.instance, "--instance"), (args.credentials, "--credentials")):
            if given is not None:
                raise UsageError(f"--demo runs its own instance: drop {name}")
        if args.token is not None:
            raise UsageError("--demo uses its own account's token: drop --token")
        return Options(
            jobs=jobs,
            instance=None,
            token=None,
            demo=True,
            demo_statuses=args.demo_statuses or DEMO_STATUSES,
            quiet=args.quiet,
            fsync=args.fsync,
            rate_limit_store=args.rate_limit_store,
            media=media_options(args),
        )
    if args.demo_statuses is not None:
        raise UsageError("--demo-statuses seeds the demo instance: it needs --demo")
    instance, token, source = _instance_and_token(args, environ)
    warnings: list[str] = []
    if args.token is not None:
        warnings.append(
            "--token is visible to other users of this machine (ps, /proc): set "
            "MASTODON_TOKEN or use --credentials FILE instead"
        )
    if token is None:
        needing = [timeline.text for timeline, _ in jobs if timeline.needs_token]
        if needing:
            raise UsageError(
                f"{needing[0]} needs an access token"
                + (f", and {source} holds none" if source else "")
                + ": set MASTODON_TOKEN, or give --credentials FILE or --token"
            )
    elif _cleartext(instance):
        warnings.append(f"the token travels unencrypted to {instance} (http, not https)")
    return Options(
        jobs=jobs,
        instance=instance,
        token=token,
        demo=False,
        demo_statuses=0,
        quiet=args.quiet,
        fsync=args.fsync,
        rate_limit_store=args.rate_limit_store,
        media=media_options(args),
        warnings=warnings,
    )


def _jobs(args: argparse.Namespace) -> list[tuple[Timeline, Path]]:
    pairs: list[tuple[Timeline, Path]] = [(args.timeline, args.output)]
    for text, output in args.also:
        try:
            pairs.append((parse_timeline(text), Path(output)))
        except ValueError as exc:
            raise UsageError(f"argument --also: {exc}") from None
    seen: dict[Path, str] = {}
    for n, (_, output) in enumerate(pairs):
        _check_output(output)
        mine = [(output, "OUTPUT")]
        mine += [(output.with_name(output.name + STATE_SUFFIX), f"the state of {output}")]
        mine += [(output.with_name(output.name + LOCK_SUFFIX), f"the lock of {output}")]
        if n == 0 and args.demo:
            mine += [(output.with_name(output.name + DEMO_SUFFIX), "the demo instance's data")]
        for path, role in mine:
            key = path.resolve()
            if key in seen:
                if seen[key] == role == "OUTPUT":
                    raise UsageError(f"each timeline needs its own OUTPUT ({output} twice)")
                raise UsageError(f"{path} would be both {seen[key]} and {role}")
            seen[key] = role
    return pairs


def _check_output(output: Path) -> None:
    if str(output) == "-":
        raise UsageError("OUTPUT must be a file: an archive cannot resume on stdout")
    if output.is_dir():
        raise UsageError(f"OUTPUT {output} is a directory: give a file in it")
    if output.exists() and not output.is_file():
        raise UsageError(f"OUTPUT {output} is not a regular file")


def _instance_and_token(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[str, str | None, str]:
    """(base URL, token or None, where the token was looked for: for the message)."""
    token: str | None
    if args.credentials is not None:
        if args.token is not None:
            raise UsageError("give --token or --credentials, not both")
        try:
            credentials = load_credentials(args.credentials)
        except FileNotFoundError:
            raise UsageError(f"--credentials: no such file: {args.credentials}") from None
        except OSError as exc:
            raise UsageError(
                f"--credentials: cannot read {args.credentials}: {exc.strerror}"
            ) from None
        except CredentialsFileError as exc:
            raise UsageError(f"--credentials: {exc}") from None
        text, token, source = credentials.base_url, credentials.access_token, str(args.credentials)
        if args.instance is not None and _url(args.instance) != _url(text):
            raise UsageError(
                f"--instance {args.instance} is not the server of {args.credentials} ({text}): "
                "its token is for that server only"
            )
    else:
        given = args.instance or environ.get("MASTODON_INSTANCE")
        if not given:
            raise UsageError(
                "no instance: give --instance URL or --credentials FILE, "
                "or set MASTODON_INSTANCE (or --demo)"
            )
        text = given
        if args.token is not None:
            token, source = args.token, ""
        else:
            token, source = environ.get("MASTODON_TOKEN") or None, ""
    if token is not None and not _TOKEN.fullmatch(token):
        # Never quoted: it may be a real token with a stray character.
        where = "--token" if args.token is not None else source or "MASTODON_TOKEN"
        raise UsageError(f"{where}: not an access token (a space, newline or quote in it?)")
    try:
        base = normalize_base_url(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return str(base), token, source


def _url(text: str) -> str:
    try:
        return str(normalize_base_url(text))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _cleartext(instance: str) -> bool:
    """Whether ``instance`` is plain http to another machine (loopback is fine)."""
    scheme, _, rest = instance.partition("://")
    if scheme != "http":
        return False
    host = rest.split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True
