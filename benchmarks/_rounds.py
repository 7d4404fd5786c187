"""Alternated rounds, min and median, and the tables every benchmark prints.

Fairness rules every script follows through this module:

- Contenders run in alternated rounds within one run (round 1: A B C, round 2: B C A,
  ...), so that a change of load on the machine hits every contender alike; the order
  rotates so that none always runs right after the same neighbour.
- Each contender runs once untimed first (imports, decoder building, connection pool),
  unless it is too slow to (then its rounds say so).
- ``gc.collect()`` before every timed run: no contender pays for another's garbage.
- A contender whose runs add up to more than ``budget`` seconds is not repeated further
  (the slow peers): the table shows how many runs each got.
- Ratios to a floor are *paired*: each round's figure against the same round's floor, and
  the median of those (plus the ratio of the minimums), which is robust to drifting load.
- Where the machine is shared, wall time measures the neighbours too: ``timed_cpu`` also
  records the process's own CPU time (``time.process_time``: every thread of this
  process, none of the server's, which runs in a process of its own), and ``table`` and
  ``headline`` take the ``metric`` to compare (``"seconds"`` or ``"cpu"``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from typing import Literal, TypeVar

T = TypeVar("T")

Measurement = float | Mapping[str, float]
"""What one run returns: seconds, or several named figures (``"seconds"`` among them)."""

METRICS = {"seconds": "wall time", "cpu": "client CPU time"}
"""The metrics that are times, and how a table names them."""


class Skipped(Exception):
    """A contender that cannot be measured here: the message is the printed reason."""


@dataclass
class Contender:
    """One thing to measure: ``run()`` does one timed run and returns its figure(s)."""

    name: str
    run: Callable[[], Measurement]
    warmup: bool = True
    fragile: bool = False
    """A peer: an exception is reported as its result rather than ending the script."""
    note: str = ""


@dataclass
class Result:
    name: str
    samples: list[dict[str, float] | None]
    """Index = round; ``None`` where the contender did not run that round."""
    skipped: str | None = None
    note: str = ""
    spent: float = field(default=0.0, repr=False)

    def values(self, metric: str = "seconds") -> list[float]:
        return [s[metric] for s in self.samples if s is not None]

    @property
    def runs(self) -> int:
        return sum(s is not None for s in self.samples)

    def min(self, metric: str = "seconds") -> float:
        return min(self.values(metric))

    def median(self, metric: str = "seconds") -> float:
        return statistics.median(self.values(metric))

    def max(self, metric: str = "seconds") -> float:
        return max(self.values(metric))


def _as_sample(measurement: Measurement) -> dict[str, float]:
    if isinstance(measurement, Mapping):
        return dict(measurement)
    return {"seconds": float(measurement)}


def _attempt(contender: Contender, result: Result) -> dict[str, float] | None:
    try:
        return _as_sample(contender.run())
    except Skipped as exc:
        result.skipped = str(exc)
    except Exception as exc:
        if not contender.fragile:
            raise
        result.skipped = f"failed: {type(exc).__name__}: {str(exc)[:160]}"
    return None


def alternate(
    contenders: Sequence[Contender], rounds: int, *, budget: float = 12.0
) -> list[Result]:
    """Run every contender ``rounds`` times, alternated; results in the contenders' order."""
    results = [Result(c.name, [None] * rounds, note=c.note) for c in contenders]
    for contender, result in zip(contenders, results, strict=True):
        if contender.warmup:
            gc.collect()
            _attempt(contender, result)
    order = list(range(len(contenders)))
    for round_ in range(rounds):
        if sys.stderr.isatty():
            print(f"\r  round {round_ + 1}/{rounds}", end="", file=sys.stderr, flush=True)
        shift = round_ % len(order)
        for index in order[shift:] + order[:shift]:
            contender, result = contenders[index], results[index]
            if result.skipped is not None or (result.runs and result.spent > budget):
                continue
            gc.collect()
            started = time.perf_counter()
            sample = _attempt(contender, result)
            result.spent += time.perf_counter() - started
            result.samples[round_] = sample
    if sys.stderr.isatty():
        print("\r" + " " * 20 + "\r", end="", file=sys.stderr, flush=True)
    return results


def paired(result: Result, floor: Result, metric: str = "seconds") -> list[float]:
    """Per-round ratios of ``result`` to ``floor`` (rounds where both ran)."""
    return [
        mine[metric] / theirs[metric]
        for mine, theirs in zip(result.samples, floor.samples, strict=True)
        if mine is not None and theirs is not None
    ]


def difference(result: Result, floor: Result, metric: str = "seconds") -> tuple[float, float]:
    """(median of the per-round differences, difference of the minimums) of ``result``
    minus ``floor`` (rounds where both ran), in the metric's unit."""
    diffs = [
        mine[metric] - theirs[metric]
        for mine, theirs in zip(result.samples, floor.samples, strict=True)
        if mine is not None and theirs is not None
    ]
    return statistics.median(diffs), result.min(metric) - floor.min(metric)


def difference_tables(
    results: Sequence[Result],
    counts: Sequence[int],
    floor_label: str,
    *,
    metrics: Sequence[str] = ("seconds",),
    digits: int = 1,
) -> dict[str, list[str]]:
    """Per task count, a table of its pair of ``results`` (the floor first, then ours,
    in ``counts``' order) with our time minus the floor's in µs; and per metric, each
    count's headline: ``"10 tasks 3.0 µs (min/min 2.8)"``."""
    lines: dict[str, list[str]] = {metric: [] for metric in metrics}
    for index, count in enumerate(counts):
        floor, ours = results[2 * index], results[2 * index + 1]
        tasks = f"{count} task{'s' * (count > 1)}"
        table(
            f"{tasks} at once",
            [floor, ours],
            floors=[(floor.name, floor_label)],
            unit=UNITS["µs"],
            compare="difference",
        )
        for metric in metrics:
            median, fastest = difference(ours, floor, metric)
            lines[metric].append(
                f"{tasks} {median * 1e6:.{digits}f} µs (min/min {fastest * 1e6:.{digits}f})"
            )
    return lines


def ratio(
    result: Result, floor: Result, metric: str = "seconds", *, rate: bool = False
) -> tuple[float, float]:
    """(median of the paired ratios, ratio of the minimums) of ``result`` to ``floor``.

    ``rate``: the ratio of rates (the floor's time over ours, higher is better) instead
    of times.
    """
    pairs = paired(result, floor, metric)
    if rate:
        return statistics.median(1 / p for p in pairs), floor.min(metric) / result.min(metric)
    return statistics.median(pairs), result.min(metric) / floor.min(metric)


def by_name(results: Sequence[Result], name: str) -> Result:
    for result in results:
        if result.name == name:
            return result
    raise KeyError(name)


Unit = tuple[str, float]
UNITS: dict[str, Unit] = {"s": ("s", 1.0), "ms": ("ms", 1e3), "µs": ("µs", 1e6)}


def pick_unit(seconds: float) -> Unit:
    if seconds >= 1.0:
        return UNITS["s"]
    if seconds >= 1e-3:
        return UNITS["ms"]
    return UNITS["µs"]


def _figure(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}"


def table(
    title: str,
    results: Sequence[Result],
    *,
    floors: Sequence[tuple[str, str]] = (),
    count: int | None = None,
    per: str = "statuses",
    compare: Literal["time", "rate", "difference"] = "time",
    unit: Unit | None = None,
    metric: str = "seconds",
) -> None:
    """Print one table: runs, min, median (and a rate) per contender, and the comparisons.

    Args:
        floors: (result name, short label) of each floor a column compares with.
        count: Items one run handles, for the ``per``/s column.
        compare: ``"time"``: our time over the floor's (lower is better);
            ``"rate"``: our rate over the floor's (higher is better); ``"difference"``:
            our time minus the floor's, in the table's unit.
        metric: Which figure of each run the table shows (a key of ``METRICS``).
    """
    measured = [r for r in results if r.skipped is None and r.runs]
    if unit is None:
        unit = pick_unit(max((r.median(metric) for r in measured), default=1.0))
    label, scale = unit
    print(title)
    floor_results = [(by_name(results, name), short) for name, short in floors]
    width = max([len(r.name) for r in results] + [9])
    header = f"  {'contender':{width}} {'runs':>4} {'min ' + label:>10} {'median ' + label:>10}"
    if count is not None:
        header += f" {per + '/s':>13}"
    for _, short in floor_results:
        header += f"  {'vs ' + short:>18}"
    if any(r.note for r in results):
        header += "  note"
    print(header)
    for result in results:
        line = f"  {result.name:{width}}"
        if result.skipped is not None or not result.runs:
            print(f"{line} skipped: {result.skipped or 'not run'}")
            continue
        line += f" {result.runs:>4} {_figure(result.min(metric) * scale):>10}"
        line += f" {_figure(result.median(metric) * scale):>10}"
        if count is not None:
            line += f" {count / result.median(metric):>13,.0f}"
        for floor, _ in floor_results:
            if floor.skipped is not None or not floor.runs:
                line += f"  {'-':>18}"
            elif compare == "difference":
                diffs = [
                    (mine[metric] - theirs[metric]) * scale
                    for mine, theirs in zip(result.samples, floor.samples, strict=True)
                    if mine is not None and theirs is not None
                ]
                line += f"  {'+' + _figure(statistics.median(diffs)) + ' ' + label:>18}"
            else:
                median, of_mins = ratio(result, floor, metric, rate=compare == "rate")
                line += f"  {f'{median:.2f}x ({of_mins:.2f}x)':>18}"
        if result.note:
            line += f"  {result.note}"
        print(line)
    if floor_results and compare != "difference":
        what = "rate" if compare == "rate" else METRICS.get(metric, metric)
        print(
            f"  vs: {what} against the floor, median of the per-round ratios "
            "(ratio of the minimums in brackets)"
        )
    elif floor_results:
        print("  vs: median of the per-round differences from the floor")


def headline(
    what: str,
    result: Result,
    floor: Result,
    floor_label: str,
    *,
    rate: bool = False,
    target: str = "",
    metric: str = "seconds",
    label: str = "headline",
) -> None:
    """One line naming the headline figure, the floor and the metric it is measured by
    (``label`` another word than "headline" for a figure beside it)."""
    if result.skipped is not None or floor.skipped is not None:
        return
    median, of_mins = ratio(result, floor, metric, rate=rate)
    spread = paired(result, floor, metric)
    low, high = (min(spread), max(spread)) if not rate else (1 / max(spread), 1 / min(spread))
    by = f" by {METRICS[metric]}" if metric != "seconds" else ""
    print(
        f"  {label}: {what} = {median:.2f}x {floor_label}{by} (rounds {low:.2f}x to "
        f"{high:.2f}x; min/min {of_mins:.2f}x)" + (f"; target {target}" if target else "")
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> None:
    """The first line of every script: when, where, and the load other work puts on it."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"# {now}; {os.cpu_count()} cores, load average {load}; Python "
        f"{platform.python_version()}, aiomastodon {_version('aiomastodon')}, aiohttp "
        f"{_version('aiohttp')}, msgspec {_version('msgspec')}"
    )
    print()


def timed(run: Callable[[], object]) -> float:
    """Seconds one call of ``run`` takes."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def timed_cpu(run: Callable[[], T]) -> tuple[T, dict[str, float]]:
    """What one call of ``run`` returns, and its wall (``seconds``) and CPU (``cpu``) time.

    The CPU time is this process's alone: a neighbour on a loaded machine delays the run
    (wall time) but does not add to it, and neither does a server in its own process.
    """
    cpu, started = time.process_time(), time.perf_counter()
    outcome = run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return outcome, {"seconds": seconds, "cpu": cpu}


def instructions(argv: Sequence[str]) -> int:
    """The instructions the command ``argv`` executes, counted by valgrind's callgrind.

    A count, not a time: the same for the same code and inputs whatever else the machine
    does, so that two runs can be compared to the last percent where timings on a shared
    machine cannot. ``PYTHONHASHSEED=0``: the same set and dict layouts in every run.

    Raises:
        Skipped: valgrind is not installed.
    """
    if shutil.which("valgrind") is None:
        raise Skipped("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as directory:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={directory}/out", *argv],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{argv[:3]} under callgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def instructions_per_item(
    names: Sequence[str],
    run: Callable[[str, int], contextlib.AbstractContextManager[list[str]]],
    small: int,
    large: int,
    per: str,
) -> dict[str, float]:
    """Instructions per item of each contender named, printed as they come.

    ``run(name, n)`` enters whatever one run over ``n`` items needs (its server, say) and
    gives the command of that run, which ``instructions`` counts; see
    ``marginal_instructions`` for why two run lengths.
    """
    counts: dict[str, float] = {}
    width = max(len(name) for name in names)
    for name in names:

        def count(items: int, name: str = name) -> int:
            with run(name, items) as argv:
                return instructions(argv)

        counts[name] = marginal_instructions(count, small, large)
        print(f"  {name:{width}s} {counts[name]:10,.0f} instructions per {per}", flush=True)
    return counts


def marginal_instructions(count: Callable[[int], int], small: int, large: int) -> float:
    """Instructions per item: ``(count(large) - count(small)) / (large - small)``, where
    ``count(n)`` is the instructions of a whole run over ``n`` items (starting the
    interpreter, importing and connecting cost every run the same, and cancel out)."""
    return (count(large) - count(small)) / (large - small)
