"""Shared pieces of the differential-testing oracles: time formatting, DST resolution, zones, the
documented-differences list, JSONL output and running the `sundial` binary.

Every oracle normalises its peer's answer to Sundial's decided semantics (DESIGN.md, "Time"):
a local time inside a DST gap is shifted forward by the gap's length, an ambiguous local time
means its first occurrence, and the same instant produced twice is printed once.
"""

from __future__ import annotations

import datetime as dt
import contextlib
import json
import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import tz as dateutil_tz

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)

# Zones every generated corpus covers. The first eight are required by the test plan; the others
# add transitions at midnight (Santiago), a 30-minute DST (Lord Howe), a +05:45 standard offset
# (Kathmandu) and a southern-hemisphere zone with an ordinary hour (Sydney).
ZONES = [
    "America/New_York",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Europe/London",
    "Asia/Tokyo",
    "America/Santiago",
    "Australia/Sydney",
    "Asia/Kathmandu",
]

KNOWN_DIFFERENCES_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_differences.json")


def zone(name: str) -> ZoneInfo:
    """The IANA zone from the system tz database (the same files Sundial's `Zone` reads)."""
    return ZoneInfo(name)


def resolve_local(naive: dt.datetime, tzinfo: dt.tzinfo) -> dt.datetime:
    """Attach `tzinfo` to a wall time the way Sundial resolves it.

    Ambiguous (fall back): fold=0, the first occurrence. Non-existent (spring forward): shifted forward by
    the gap's length, which `dateutil.tz.resolve_imaginary` does; the shifted time keeps the instant the
    wall time would have had under the offset before the transition.
    """
    aware = naive.replace(tzinfo=tzinfo, fold=0)
    if not dateutil_tz.datetime_exists(aware):
        aware = dateutil_tz.resolve_imaginary(aware)
    return aware


def epoch_seconds(aware: dt.datetime) -> int:
    """Whole seconds since the Unix epoch of an aware datetime (exact integer arithmetic)."""
    delta = aware.astimezone(UTC) - EPOCH
    return delta.days * 86400 + delta.seconds


def format_offset(offset: dt.timedelta) -> str:
    """`+02:00`, `-03:30`; seconds are kept when the offset has them (historical LMT offsets)."""
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    magnitude = abs(total)
    text = f"{sign}{magnitude // 3600:02d}:{magnitude % 3600 // 60:02d}"
    if magnitude % 60:
        text += f":{magnitude % 60:02d}"
    return text


def format_wall(value: dt.datetime) -> str:
    """`2025-03-30T09:30:00` from the wall-clock fields of a datetime."""
    return value.strftime("%Y-%m-%dT%H:%M:%S") if value.year >= 1000 else (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}")


@dataclass(frozen=True)
class Kind:
    """How a recurrence names its times: floating, UTC, zoned, or whole dates."""

    name: str  # "floating" | "utc" | "zoned" | "date"
    zone_name: str | None = None

    @property
    def tzinfo(self) -> dt.tzinfo | None:
        if self.name == "utc":
            return UTC
        if self.name == "zoned":
            return zone(self.zone_name)
        return None


def format_occurrence(value: dt.datetime, kind: Kind) -> str:
    """An occurrence exactly as `sundial rrule`/`sundial cron` print it."""
    if kind.name == "date":
        return value.strftime("%Y-%m-%d")
    if kind.name == "floating":
        return format_wall(value)
    if kind.name == "utc":
        return format_wall(value.astimezone(UTC)) + "Z"
    return format_wall(value) + format_offset(value.utcoffset())


def sort_key_seconds(value: dt.datetime, kind: Kind) -> int:
    """The instant used to order and deduplicate occurrences; floating and date values read as UTC."""
    if kind.name in ("floating", "date"):
        return epoch_seconds(value.replace(tzinfo=UTC))
    return epoch_seconds(value)


def rfc3339_utc(seconds: int) -> str:
    """`2025-03-30T07:30:00Z` for whole seconds since the epoch."""
    return format_wall(EPOCH + dt.timedelta(seconds=seconds)) + "Z"


def parse_rfc3339_utc(text: str) -> int:
    """Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`."""
    value = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return epoch_seconds(value)


def transitions(zone_name: str, year: int) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """The UTC offset changes of a zone in a year, as (UTC instant, offset before, offset after).

    Found by scanning in six-hour steps and then bisecting to the second; zones change offset at most
    a few times a year and never twice within six hours.
    """
    tzinfo = zone(zone_name)
    found = []
    start = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=6)
    cursor = start
    previous = cursor.astimezone(tzinfo).utcoffset()
    while cursor < end:
        following = cursor + step
        offset = following.astimezone(tzinfo).utcoffset()
        if offset != previous:
            low, high = cursor, following
            while (high - low) > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle.astimezone(tzinfo).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found.append((high, previous, offset))
            previous = offset
        cursor = following
    return found


@contextlib.contextmanager
def case_time_limit(seconds: int, describe):
    """Abort the whole run (never skip the case) when one case takes longer than `seconds`.

    Which cases are answerable is decided by construction (bounded searches), so a slow case means a bug or
    a pathological peer; skipping it on a timer would make the corpus depend on the machine's speed.
    """

    def expire(signum, frame):  # noqa: ARG001
        raise SystemExit(f"a case took over {seconds}s, which the bounded search should prevent: {describe()}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- Documented differences -------------------------------------------------------------------------


def load_known_differences(oracle: str) -> list[dict]:
    """The entries of known_differences.json that apply to `oracle` ("dateutil" or "croniter")."""
    with open(KNOWN_DIFFERENCES_PATH, encoding="utf-8") as handle:
        document = json.load(handle)
    return [entry for entry in document["differences"] if entry["oracle"] == oracle]


# --- Corpus files and the binary ------------------------------------------------------------------


def write_jsonl(path: str, cases: list[dict]) -> None:
    """One JSON object a line, keys in a stable order, no trailing spaces, LF line ends."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for case in cases:
            handle.write(json.dumps(case, ensure_ascii=False, separators=(", ", ": ")) + "\n")


@dataclass
class RunResult:
    lines: list[str]
    exit_code: int
    stderr: str


def run_binary(argv: list[str], timeout: float = 20.0) -> RunResult:
    """Run the CLI once; a timeout counts as a failure with exit code -1."""
    try:
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return RunResult([], -1, f"timed out after {timeout:.0f}s")
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    return RunResult(lines, completed.returncode, completed.stderr.strip())


def shell_command(argv: list[str]) -> str:
    """A command line a reader can paste (newlines inside RULE arguments are quoted with $'…')."""
    parts = []
    for arg in argv:
        if "\n" in arg:
            escaped = arg.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
            parts.append(f"$'{escaped}'")
        else:
            parts.append(shlex.quote(arg))
    return " ".join(parts)


def report_mismatch(case_id: int, argv: list[str], expected: list[str], result: RunResult, known: dict | None) -> None:
    """Print one mismatch: the reproduction command and the first line where the outputs part."""
    label = f"known difference {known['id']}" if known else "MISMATCH"
    print(f"--- case {case_id}: {label}")
    print(f"    reproduce: {shell_command(argv)}")
    if result.exit_code != 0:
        print(f"    exit {result.exit_code}: {result.stderr}")
    for index in range(max(len(expected), len(result.lines))):
        want = expected[index] if index < len(expected) else "(none)"
        got = result.lines[index] if index < len(result.lines) else "(none)"
        if want != got:
            print(f"    line {index + 1}: expected {want}  got {got}")
            break
    if len(expected) != len(result.lines):
        print(f"    expected {len(expected)} lines, got {len(result.lines)}")
    sys.stdout.flush()


def check_cases(records, binary: str, command_for, subject_of, known: list[dict], skipped: int) -> int:
    """Runs `binary` on each record (a dict with "id" and "expected"), compares its lines, reports mismatches and
    prints the closing line; a mismatch whose subject matches a 'tolerated' known difference does not fail.
    Returns the exit status: 1 when any mismatch is not tolerated."""
    tolerated = [(entry, re.compile(entry["pattern"])) for entry in known if entry.get("handling") == "tolerated"]
    passed = failed = tolerated_count = 0
    for record in records:
        argv = command_for(binary, record)
        result = run_binary(argv)
        if result.exit_code == 0 and result.lines == record["expected"]:
            passed += 1
            continue
        entry = next((entry for entry, pattern in tolerated if pattern.search(subject_of(record))), None)
        report_mismatch(record["id"], argv, record["expected"], result, entry)
        if entry:
            tolerated_count += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed ({tolerated_count} known differences, {skipped} candidates skipped)")
    return 1 if failed else 0
