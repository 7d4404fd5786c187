"""What ``aiomastodon archive`` says while it works, and the summary it ends with.

The progress line shows only on a terminal; the demo's phases show as one line rewritten
on a terminal, and one line per phase otherwise (they take seconds, before the first
page: silence would look like a hang). Nothing but errors with ``--quiet``.

Plain ANSI (carriage return, erase line) rather than ``rich``: one line of text needs no
layout engine, and the command imports nothing it does not use.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TextIO

from ..scheduler import BucketState, SchedulerEvent
from .archive import Progress

__all__ = ["PhaseLine", "ProgressLine", "left_beside", "summary"]


def _count(n: int) -> str:
    return f"{n:,}"


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ProgressLine:
    """One line, rewritten in place: items, pages, rate, the rate-limit budget, any wait."""

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.clock = clock
        self.started = clock()
        self._wait_until = 0.0
        self._wait_reason = ""
        self._shown = False

    def on_event(self, event: SchedulerEvent) -> None:
        """Scheduler hook: remember a wait, to show it with a countdown."""
        if event.kind in ("wait", "rate_limited"):
            self._wait_until = self.clock() + event.delay
            self._wait_reason = "rate limit" if event.kind == "wait" else "429 from the server"

    def render(self, timelines: Sequence[tuple[str, Progress]], buckets: list[BucketState]) -> str:
        """The line's text."""
        elapsed = max(self.clock() - self.started, 1e-9)
        items = sum(p.items for _, p in timelines)
        pages = sum(p.pages for _, p in timelines)
        parts = [
            " · ".join(f"{name} {_count(p.items)}" for name, p in timelines),
            f"{_count(items)} items, {_count(pages)} pages, {items / elapsed:,.0f} items/s",
        ]
        account = next((b for b in buckets if b.name in ("account", "ip")), None)
        if account is not None and account.limit is not None:
            budget = f"budget {account.remaining}/{account.limit}"
            if account.reset_at is not None:
                left = (account.reset_at - datetime.now(timezone.utc)).total_seconds()
                budget += f", resets in {_clock_text(left)}"
            parts.append(budget)
        waiting = self._wait_until - self.clock()
        if waiting > 0:
            parts.append(f"waiting {waiting:.0f} s ({self._wait_reason})")
        notes = [p.note for _, p in timelines if p.note]
        if notes:
            parts.append(notes[0])
        return " | ".join(parts)

    def show(self, timelines: Sequence[tuple[str, Progress]], buckets: list[BucketState]) -> None:
        """Rewrite the line (when enabled)."""
        if not self.enabled:
            return
        width = shutil.get_terminal_size((100, 20)).columns - 1
        text = self.render(timelines, buckets)[:width]
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Remove the line, so that what follows starts clean."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


class PhaseLine:
    """The demo's phases: ``line(phase, done, total)`` (``total`` 0: no count).

    On a terminal, one line rewritten in place, with the count; otherwise one line per
    phase, without counts.
    """

    def __init__(self, stream: TextIO, *, enabled: bool, terminal: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.terminal = terminal
        self._last = ""

    def __call__(self, phase: str, done: int = 0, total: int = 0) -> None:
        if not self.enabled:
            return
        if self.terminal:
            count = f": {_count(done)}/{_count(total)}" if total else ""
            width = shutil.get_terminal_size((100, 20)).columns - 1
            if len(phase) + len(count) > width:  # keep the count: shorten the phase
                phase = phase[: max(0, width - len(count) - 1)] + "…"
            self.stream.write(f"\r\x1b[K{phase}{count}")
        elif phase != self._last:
            self.stream.write(phase + "\n")
        self.stream.flush()
        self._last = phase

    def clear(self) -> None:
        """Remove the line on a terminal, so that what follows starts clean."""
        if self.enabled and self.terminal and self._last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def left_beside(files: Sequence[tuple[str, str]]) -> str:
    """The line that names the files a run left beside its OUTPUTs: ``(path, what)``."""
    return "beside OUTPUT: " + ", ".join(f"{path} ({what})" for path, what in files)


def summary(results: Sequence[tuple[str, str, Progress, int]], seconds: float) -> str:
    """The one-line summary: ``(timeline, output, progress, items in the file)`` each."""
    items = sum(p.items for _, _, p, _ in results)
    pages = sum(p.pages for _, _, p, _ in results)
    rate = items / seconds if seconds > 0 else 0.0
    each = "; ".join(
        f"{name} +{_count(p.items)} → {output} ({_count(total)} in all)"
        for name, output, p, total in results
    )
    return (
        f"archived {_plural(items, 'new item')} in {_plural(pages, 'page')}, "
        f"{seconds:.1f} s ({rate:,.0f} items/s): {each}"
    )


def _plural(n: int, noun: str) -> str:
    return f"{_count(n)} {noun}" if n == 1 else f"{_count(n)} {noun}s"
