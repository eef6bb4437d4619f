#!/usr/bin/env python3
"""Differential oracle for `sundial rrule`, backed by python-dateutil.

    rrule_oracle.py generate --seed S --count N --out FILE    write the golden corpus (JSONL)
    rrule_oracle.py check --seed S --count N --binary PATH    compare a built `sundial` against fresh cases

Cases are random RFC 5545 recurrence sets (DTSTART, RRULE, optional RDATE/EXDATE) drawn deterministically
from the seed. dateutil expands each rule; its answer is normalised to Sundial's semantics (DST gap shifted
forward, ambiguous time = first occurrence, duplicates printed once) by `expand` below.

Requires Python 3.11 and python-dateutil 2.9.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
import types
import warnings

import dateutil
from dateutil import rrule as du_rrule

import oracle_common as common
from rrule_cases import Case, CaseGenerator

UNSHIFTED_MARGIN = 2 * 86400
"""Shifting a gap time forward can move it past later occurrences by at most the gap's length (an hour or
less in the zones used); an answer is final once dateutil has produced an occurrence this much later than
the last one the answer needs."""


@contextlib.contextmanager
def capped_years(last_year: int):
    """Make dateutil stop iterating after `last_year`.

    dateutil checks UNTIL only when a period yields a candidate, so a rule with no occurrences (or none for a
    very long time) would iterate to year 9999. Its only other exit is `year > datetime.MAXYEAR`, read from
    the `datetime` module it imported; swapping that module for one with a smaller MAXYEAR bounds the work
    by construction, so whether a case is answerable never depends on the machine's speed.
    """
    original = du_rrule.datetime
    capped = types.ModuleType("datetime_capped")
    capped.__dict__.update({name: getattr(original, name) for name in dir(original) if not name.startswith("__")})
    capped.MAXYEAR = last_year
    du_rrule.datetime = capped
    try:
        yield
    finally:
        du_rrule.datetime = original


# How many years past DTSTART (or `after`) dateutil may look for the answer, by frequency.
SEARCH_YEARS = {
    "YEARLY": 400, "MONTHLY": 200, "WEEKLY": 60, "DAILY": 40, "HOURLY": 3, "MINUTELY": 1, "SECONDLY": 1,
}


def expand(case: Case) -> list[str] | None:
    """The first `case.count` occurrences strictly after `case.after`, as the CLI prints them.

    Returns None when dateutil cannot answer within the search window (a rule that never or very rarely
    matches); such cases are left out of the corpus.
    """
    kind = case.kind
    tzinfo = kind.tzinfo
    rule = case.dateutil_rule()
    start_year = case.dtstart.year
    if case.after is not None:
        start_year = max(start_year, (common.EPOCH + dt.timedelta(seconds=case.after)).year)
    last_year = min(start_year + SEARCH_YEARS[case.rule.freq], 9000)

    def resolve(naive: dt.datetime) -> dt.datetime:
        if kind.name in ("zoned", "utc"):
            return common.resolve_local(naive.replace(tzinfo=None), tzinfo)
        return naive

    excluded = {common.sort_key_seconds(resolve(value), kind) for value in case.exdates}
    after = case.after if case.after is not None else -(1 << 62)
    # Candidates strictly after `after`, keyed by instant (so duplicates collapse). Only the `count`
    # smallest can be in the answer, so the dictionary is pruned back to those whenever it grows.
    found: dict[int, dt.datetime] = {}

    def add(resolved: dt.datetime) -> int:
        key = common.sort_key_seconds(resolved, kind)
        if key > after and key not in excluded:
            found.setdefault(key, resolved)
            if len(found) > 4 * case.count + 16:
                for stale in sorted(found)[case.count:]:
                    del found[stale]
        return key

    def answer() -> list[int]:
        return sorted(found)[: case.count]

    for value in case.rdates:
        add(resolve(value))

    produced = 0
    stopped_early = False
    with warnings.catch_warnings(), capped_years(last_year):
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            for value in rule:
                key = add(resolve(value))
                produced += 1
                if len(found) >= case.count and produced % 16 == 0:
                    keys = answer()
                    if key > keys[-1] + UNSHIFTED_MARGIN:
                        stopped_early = True
                        break
        except (ValueError, OverflowError):
            return None

    if not stopped_early:
        complete = (case.rule.count is not None and produced == case.rule.count) or (
            case.rule.until is not None and case.rule.until.year < last_year)
        if not complete:
            keys = answer()
            cap_key = common.sort_key_seconds(resolve(dt.datetime(last_year, 12, 31)), kind)
            if len(keys) < case.count or keys[-1] > cap_key - UNSHIFTED_MARGIN:
                return None
    return [common.format_occurrence(found[key], kind) for key in answer()]


def generate_cases(seed: int, count: int, known: list[dict]) -> tuple[list[dict], int]:
    """`count` answerable cases for `seed`, skipping those dateutil cannot answer or that hit a documented
    difference. Returns the cases and how many candidates were skipped."""
    generator = CaseGenerator(seed)
    patterns = [re.compile(entry["pattern"]) for entry in known if entry.get("handling") == "excluded"]
    cases: list[dict] = []
    skipped = empty_after = 0
    while len(cases) < count:
        case = generator.next_case()
        text = case.text()
        if any(pattern.search(text) for pattern in patterns):
            skipped += 1
            continue
        with common.case_time_limit(60, lambda: text):
            expected = expand(case)
        if expected is None:
            skipped += 1
            continue
        if not expected and case.after is not None:
            # An `after` past the end of a bounded rule is worth testing, but the generator draws it often;
            # keep one in four so the corpus is mostly about occurrences.
            empty_after += 1
            if empty_after % 4:
                skipped += 1
                continue
        cases.append({
            "id": len(cases) + 1,
            "text": text,
            "after": None if case.after is None else common.rfc3339_utc(case.after),
            "count": case.count,
            "expected": expected,
        })
    return cases, skipped


def command_for(binary: str, case: dict) -> list[str]:
    argv = [binary, "rrule", "--count", str(case["count"])]
    if case["after"] is not None:
        argv += ["--after", case["after"]]
    return argv + [case["text"]]


def run_generate(args: argparse.Namespace) -> int:
    known = common.load_known_differences("dateutil")
    cases, skipped = generate_cases(args.seed, args.count, known)
    common.write_jsonl(args.out, cases)
    print(f"seed {args.seed}: wrote {len(cases)} cases to {args.out} ({skipped} candidates skipped)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    print(f"seed {args.seed}")
    sys.stdout.flush()
    known = common.load_known_differences("dateutil")
    cases, skipped = generate_cases(args.seed, args.count, known)
    return common.check_cases(cases, args.binary, command_for, lambda case: case["text"], known, skipped)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write a golden corpus")
    generate.add_argument("--seed", type=int, required=True, help="random seed; the same seed gives the same file")
    generate.add_argument("--count", type=int, required=True, help="number of cases")
    generate.add_argument("--out", required=True, help="output JSONL file")
    check = commands.add_parser("check", help="run a sundial binary against fresh cases")
    check.add_argument("--seed", type=int, required=True, help="random seed")
    check.add_argument("--count", type=int, required=True, help="number of cases")
    check.add_argument("--binary", required=True, help="path to the sundial executable")
    args = parser.parse_args(argv)
    print(f"python-dateutil {dateutil.__version__}", file=sys.stderr)
    return run_generate(args) if args.command == "generate" else run_check(args)


if __name__ == "__main__":
    sys.exit(main())
