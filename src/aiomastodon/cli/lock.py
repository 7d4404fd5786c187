"""An exclusive lock on one OUTPUT: two archivers never write the same archive at once.

The lock is ``flock(LOCK_EX | LOCK_NB)`` on ``OUTPUT.lock``, a file beside OUTPUT. A second
run finds it held and stops at once, before any request. The kernel drops the lock when
its process ends, however it ends (``kill -9`` too), so a lock is never stale: what a
killed run leaves is an unlocked file, which the next run takes over.

The file is removed when the lock is released, so that a finished run leaves nothing
beside OUTPUT but the state. Removing a lock file has one trap: a run that opened the
file just before its holder removed it then locks a file that no longer has a name, while
a third run creates and locks a new one. So after locking, a run checks that the name
still leads to the file it locked, and starts over if not.

POSIX only (Linux, macOS, the BSDs), as is the archiver's state file (``os.pwrite``).
Locks on network file systems are as good as the server's.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from ..errors import ArchiveIOError, ArchiveLocked

__all__ = ["LOCK_SUFFIX", "OutputLock", "io_error"]

LOCK_SUFFIX = ".lock"
_ATTEMPTS = 20  # each retry means another run removed the file in between: a handful at most


def io_error(action: str, path: Path, error: OSError) -> ArchiveIOError:
    """One line for a failed file operation: what, where, and the system's reason."""
    if error.errno == errno.ENOENT and not path.parent.is_dir():
        reason = f"there is no directory {path.parent}"
    else:
        reason = error.strerror or str(error)
    return ArchiveIOError(f"cannot {action} {path}: {reason}")


class OutputLock:
    """The lock of one OUTPUT (``OUTPUT.lock``); held from ``acquire`` to ``release``."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = output.with_name(output.name + LOCK_SUFFIX)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds it."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or fail at once.

        Raises:
            ArchiveLocked: Another run holds it.
            ArchiveIOError: The lock file cannot be created (a missing or read-only
                directory, permissions), or this system has no ``flock``.
        """
        if self._fd is not None:
            return
        try:
            import fcntl
        except ImportError:  # not POSIX
            raise ArchiveIOError(
                "aiomastodon archive needs POSIX file locks (fcntl), which this system lacks"
            ) from None
        for _ in range(_ATTEMPTS):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise io_error("create", self.path, exc) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _holder(fd)
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise ArchiveLocked(
                        f"{self.output} is being archived by another run{holder}: "
                        "let it finish, or stop it, then run again"
                    ) from None
                raise io_error("lock", self.path, exc) from None
            if _names(self.path, fd):
                with contextlib.suppress(OSError):  # the pid is for the message only
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, b"%d\n" % os.getpid(), 0)
                self._fd = fd
                return
            os.close(fd)  # its holder removed it as we opened it: take the new one
        raise ArchiveIOError(f"cannot lock {self.path}: it keeps being replaced")

    def release(self) -> None:
        """Remove the lock file, then let go of the lock (a no-op if not held)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):  # removing it is tidiness, not safety
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None


def _names(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the open file ``fd``."""
    try:
        named = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _holder(fd: int) -> str:
    """`` (pid N)``, as the holder wrote it, or nothing."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""
