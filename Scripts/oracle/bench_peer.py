#!/usr/bin/env python3
"""Measure the peer implementations on a rule set, for `sundial bench rrule` to print ratios against.

    bench_peer.py --rules '[{"name": "daily", "rrule": "DTSTART:20250101T090000Z\\nRRULE:FREQ=DAILY"}]'
    bench_peer.py --file rules.json

A rule set is a JSON array (or an object with a "rules" array) of
    {"name": N, "rrule": "DTSTART…\\nRRULE:…[\\nRDATE…][\\nEXDATE…]"}     measured with python-dateutil
    {"name": N, "cron": "EXPR", "tz": "Zone", "start": "RFC 3339 Z"}     measured with croniter
                                                  (tz and start optional)
For each rule it prints
    expand_per_sec       occurrences per second expanding the first 100,000 (or all the rule has),
    next_far_median_us   median time, over --repeats runs, to compute the first occurrence after an instant
                         75 years after DTSTART (cron: after `start`, default 2025-01-01T00:00:00Z),
as {"rules": [{"name", "expand_per_sec", "next_far_median_us", "expanded", "next_far_runs", "peer"}]}.

dateutil has no way to jump ahead, so a far `next` walks every period from DTSTART; for sub-daily rules a
single run can take minutes. Repeats stop once they have used --far-budget seconds (at least one run is
made), and `next_far_runs` says how many were timed. Peer times are the raw library calls: no DST
normalisation, no formatting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import itertools
import json
import statistics
import sys
import time
import warnings

from croniter import croniter
from dateutil import rrule as du_rrule

import oracle_common as common

EXPAND_LIMIT = 100_000
FAR_YEARS = 75


def add_years(value: dt.datetime, years: int) -> dt.datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def measure_far(call, repeats: int, budget: float) -> tuple[float, int]:
    """Median microseconds of `call()` over up to `repeats` runs, stopping once `budget` seconds are used."""
    timings = []
    spent_start = time.perf_counter()
    for _ in range(repeats):
        started = time.perf_counter_ns()
        call()
        timings.append((time.perf_counter_ns() - started) / 1000)
        if time.perf_counter() - spent_start > budget:
            break
    return statistics.median(timings), len(timings)


def bench_rrule(text: str, repeats: int, budget: float) -> dict:
    recurrence = du_rrule.rrulestr(text, forceset=True, cache=False)
    dtstart = recurrence._rrule[0]._dtstart if recurrence._rrule else min(recurrence._rdate)  # noqa: SLF001
    started = time.perf_counter_ns()
    expanded = sum(1 for _ in itertools.islice(iter(recurrence), EXPAND_LIMIT))
    elapsed = (time.perf_counter_ns() - started) / 1e9
    far = add_years(dtstart, FAR_YEARS)
    median, runs = measure_far(lambda: recurrence.after(far), repeats, budget)
    return {"expand_per_sec": round(expanded / elapsed, 1) if elapsed else None, "next_far_median_us": round(median, 2),
            "expanded": expanded, "next_far_runs": runs, "peer": f"python-dateutil {_version('python-dateutil')}"}


def bench_cron(expression: str, zone_name: str | None, start_text: str | None, repeats: int, budget: float) -> dict:
    tzinfo = common.zone(zone_name) if zone_name else common.UTC
    start_seconds = common.parse_rfc3339_utc(start_text or "2025-01-01T00:00:00Z")
    start = (common.EPOCH + dt.timedelta(seconds=start_seconds)).astimezone(tzinfo)
    six_fields = len(expression.split()) == 6

    def make(at: dt.datetime) -> croniter:
        return croniter(expression, at, ret_type=dt.datetime, day_or=True, implement_cron_bug=True,
                        second_at_beginning=six_fields)

    iterator = make(start)
    started = time.perf_counter_ns()
    expanded = 0
    for _ in range(EXPAND_LIMIT):
        try:
            iterator.get_next()
        except (OverflowError, ValueError):  # croniter runs off the end of datetime (year 9999) and raises
            break
        expanded += 1
    elapsed = (time.perf_counter_ns() - started) / 1e9
    far = add_years(start, FAR_YEARS)
    median, runs = measure_far(lambda: make(far).get_next(), repeats, budget)
    return {"expand_per_sec": round(expanded / elapsed, 1) if elapsed else None, "next_far_median_us": round(median, 2),
            "expanded": expanded, "next_far_runs": runs, "peer": f"croniter {_version('croniter')}"}


def _version(package: str) -> str:
    return importlib.metadata.version(package)


def load_rules(args: argparse.Namespace) -> list[dict]:
    text = args.rules if args.rules is not None else open(args.file, encoding="utf-8").read()
    document = json.loads(text)
    rules = document["rules"] if isinstance(document, dict) else document
    for rule in rules:
        if "name" not in rule or ("rrule" in rule) == ("cron" in rule):
            raise SystemExit(f"each rule needs a name and exactly one of rrule/cron: {rule!r}")
    return rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--rules", help="the rule set as JSON text")
    source.add_argument("--file", help="a file holding the rule set as JSON")
    parser.add_argument("--repeats", type=int, default=21, help="timed runs of the far `next` (default 21)")
    parser.add_argument("--far-budget", type=float, default=5.0,
                        help="seconds after which far-`next` repeats stop early (default 5)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    results = []
    for rule in load_rules(args):
        if "rrule" in rule:
            figures = bench_rrule(rule["rrule"], args.repeats, args.far_budget)
        else:
            figures = bench_cron(rule["cron"], rule.get("tz"), rule.get("start"), args.repeats, args.far_budget)
        results.append({"name": rule["name"], **figures})
    json.dump({"rules": results}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
