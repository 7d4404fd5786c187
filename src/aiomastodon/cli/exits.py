"""The exit statuses of ``aiomastodon``: one table, for the code, ``--help`` and the docs.

Each failure has its own status, so that a script (cron, a systemd timer) can tell "try
again later" (1, 4) from "a person must look" (2, 3, 5) without reading the message.
``docs/archive.md`` shows the same table; a unit test keeps the two equal.
"""

from __future__ import annotations

from typing import Final

from ..errors import ArchiveError, ArchiveIOError, ArchiveLocked, MastodonError, UsageError

__all__ = [
    "DONE",
    "EXIT_STATUSES",
    "FAILED",
    "INTERRUPTED",
    "IO_ERROR",
    "LOCKED",
    "NOT_THIS_ARCHIVE",
    "USAGE",
    "describe",
    "exit_status",
]

DONE: Final = 0
FAILED: Final = 1
USAGE: Final = 2
NOT_THIS_ARCHIVE: Final = 3
LOCKED: Final = 4
IO_ERROR: Final = 5
INTERRUPTED: Final = 130

EXIT_STATUSES: Final = (
    (DONE, "done: OUTPUT holds every item up to now"),
    (
        FAILED,
        "the instance failed: refused the token, not found, unreachable, kept failing; "
        "the demo instance could not start",
    ),
    (
        USAGE,
        "bad or conflicting arguments, no instance, no token where one is needed, an "
        "unusable credentials file",
    ),
    (
        NOT_THIS_ARCHIVE,
        "OUTPUT is not this archive: not an aiomastodon archive, another instance or "
        "timeline, a damaged or forged state file",
    ),
    (LOCKED, "another run is archiving to the same OUTPUT"),
    (
        IO_ERROR,
        "OUTPUT, its state or its lock cannot be read or written: a missing or read-only "
        "directory, permissions, a full disk",
    ),
    (INTERRUPTED, "interrupted (Ctrl-C)"),
)
"""``(status, meaning)`` for every status the command ends with."""


def exit_status(error: MastodonError) -> int:
    """The status the command ends with after ``error``."""
    if isinstance(error, UsageError):
        return USAGE
    if isinstance(error, ArchiveLocked):
        return LOCKED
    if isinstance(error, ArchiveIOError):
        return IO_ERROR
    if isinstance(error, ArchiveError):
        return NOT_THIS_ARCHIVE
    return FAILED


def describe() -> str:
    """The table as ``--help`` shows it."""
    return "\n".join(f"  {status:>3}  {meaning}" for status, meaning in EXIT_STATUSES)
