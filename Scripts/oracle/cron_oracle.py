#!/usr/bin/env python3
"""Differential oracle for `sundial cron`, backed by croniter.

    cron_oracle.py generate --seed S --count N --out FILE    write the golden corpus (JSONL)
    cron_oracle.py check --seed S --count N --binary PATH    compare a built `sundial` against fresh cases
    cron_oracle.py dst-report --seed S --count N             count where croniter's own zone handling differs

croniter decides which wall-clock times an expression names (fields, names, steps, `L`, `W`, `#`, `?`,
the Vixie day rule via `implement_cron_bug=True`, seconds first via `second_at_beginning=True`). It runs on
naive wall times; this script then resolves each wall time in the zone with Sundial's rule (gap: shift
forward by the gap's length; overlap: the first occurrence; duplicates once). croniter's own zone handling
differs on transition days (it moves a gap time to the next existing minute or skips it, and fires an
ambiguous time twice), so it is not used; `dst-report` measures how often that matters.

Requires Python 3.11, python-dateutil 2.9 and croniter (written against 7.0.0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import re
import sys
import warnings

from croniter import CroniterBadDateError, CroniterError, croniter

import oracle_common as common
from cron_cases import CronCase, CronGenerator



def offset_spread(tzinfo: dt.tzinfo, around: int) -> tuple[dt.timedelta, dt.timedelta]:
    """The smallest and largest UTC offsets in force within two days of `around` (seconds since the epoch).

    A wall time maps to an instant through one of these offsets, so wall times earlier than `after` read with
    the largest offset cannot land after `after`, and once croniter names a wall time later than the last
    needed one by the spread, no later wall time can sort before it.
    """
    offsets = [(common.EPOCH + dt.timedelta(seconds=around + hours * 3600)).astimezone(tzinfo).utcoffset()
               for hours in range(-48, 49, 3)]
    return min(offsets), max(offsets)


def make_croniter(case: CronCase, start: dt.datetime, **extra) -> croniter:
    six_fields = len(case.expression.split()) == 6
    return croniter(case.expression, start, ret_type=dt.datetime, day_or=True, implement_cron_bug=True,
                    second_at_beginning=six_fields, **extra)


def expand(case: CronCase) -> list[str] | None:
    """The first `case.count` occurrences strictly after `case.after`, as `sundial cron` prints them, or None
    when croniter finds no occurrence within its search window."""
    kind = case.kind
    tzinfo = kind.tzinfo
    low, high = offset_spread(tzinfo, case.after)
    after_utc = (common.EPOCH + dt.timedelta(seconds=case.after)).replace(tzinfo=None)
    start = after_utc + low - dt.timedelta(seconds=1)  # croniter answers strictly after its start
    settle = high - low
    found: dict[int, dt.datetime] = {}
    try:
        iterator = make_croniter(case, start)
        while True:
            wall = iterator.get_next()
            resolved = common.resolve_local(wall, tzinfo)
            key = common.epoch_seconds(resolved)
            if key > case.after:
                found.setdefault(key, resolved)
            if len(found) >= case.count:
                last = sorted(found)[case.count - 1]
                last_wall = found[last].replace(tzinfo=None)
                if wall > last_wall + settle:
                    break
            if wall.year > 9000:
                return None
    except CroniterBadDateError:
        if not found:
            return None
    except (CroniterError, OverflowError, ValueError):
        return None
    keys = sorted(found)[: case.count]
    return [common.format_occurrence(found[key], kind) for key in keys]


def native_expand(case: CronCase) -> list[str] | None:
    """croniter's own answer with an aware start (its built-in DST handling), for `dst-report`."""
    tzinfo = case.kind.tzinfo
    start = (common.EPOCH + dt.timedelta(seconds=case.after)).astimezone(tzinfo)
    try:
        iterator = make_croniter(case, start)
        values = [iterator.get_next() for _ in range(case.count)]
    except (CroniterError, OverflowError, ValueError):
        return None
    return [common.format_occurrence(value, case.kind) for value in values]


def generate_cases(seed: int, count: int, known: list[dict]) -> tuple[list[tuple[CronCase, dict]], int]:
    generator = CronGenerator(seed)
    patterns = [re.compile(entry["pattern"]) for entry in known if entry.get("handling") == "excluded"]
    cases = []
    skipped = 0
    while len(cases) < count:
        case = generator.next_case()
        if any(pattern.search(case.expression) for pattern in patterns):
            skipped += 1
            continue
        with common.case_time_limit(60, lambda: case.expression):
            expected = expand(case)
        if expected is None or not expected:
            skipped += 1
            continue
        cases.append((case, {
            "id": len(cases) + 1,
            "expression": case.expression,
            "tz": case.zone_name,
            "after": common.rfc3339_utc(case.after),
            "count": case.count,
            "expected": expected,
        }))
    return cases, skipped


def command_for(binary: str, record: dict) -> list[str]:
    argv = [binary, "cron", "--count", str(record["count"]), "--after", record["after"]]
    if record["tz"]:
        argv += ["--tz", record["tz"]]
    return argv + [record["expression"]]


def run_generate(args: argparse.Namespace) -> int:
    cases, skipped = generate_cases(args.seed, args.count, common.load_known_differences("croniter"))
    common.write_jsonl(args.out, [record for _, record in cases])
    print(f"seed {args.seed}: wrote {len(cases)} cases to {args.out} ({skipped} candidates skipped)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    print(f"seed {args.seed}")
    sys.stdout.flush()
    known = common.load_known_differences("croniter")
    cases, skipped = generate_cases(args.seed, args.count, known)
    return common.check_cases([record for _, record in cases], args.binary, command_for, lambda record: record["expression"], known, skipped)


def run_dst_report(args: argparse.Namespace) -> int:
    """How many zoned cases croniter's built-in DST handling would answer differently, with examples."""
    cases, _ = generate_cases(args.seed, args.count, common.load_known_differences("croniter"))
    zoned = [(case, record) for case, record in cases if case.zone_name]
    differing = []
    for case, record in zoned:
        native = native_expand(case)
        if native != record["expected"]:
            differing.append((record, native))
    print(f"{len(zoned)} zoned cases, {len(differing)} where croniter's own DST handling differs")
    for record, native in differing[: args.examples]:
        index = next((i for i, (a, b) in enumerate(zip(record["expected"], native or [])) if a != b), 0)
        print(f"  {record['expression']!r} tz={record['tz']} after={record['after']}: "
              f"sundial {record['expected'][index:index + 2]} croniter {(native or [])[index:index + 2]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("generate", "write a golden corpus"),
                            ("check", "run a sundial binary against fresh cases"),
                            ("dst-report", "compare croniter's own DST handling with the normalised answers")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--seed", type=int, required=True, help="random seed; the same seed gives the same cases")
        sub.add_argument("--count", type=int, required=True, help="number of cases")
        if name == "generate":
            sub.add_argument("--out", required=True, help="output JSONL file")
        elif name == "check":
            sub.add_argument("--binary", required=True, help="path to the sundial executable")
        else:
            sub.add_argument("--examples", type=int, default=15, help="how many differing cases to print")
    args = parser.parse_args(argv)
    print(f"croniter {importlib.metadata.version('croniter')}", file=sys.stderr)
    warnings.simplefilter("ignore")
    runners = {"generate": run_generate, "check": run_check, "dst-report": run_dst_report}
    return runners[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
