#!/usr/bin/env python3
"""Check the oracles' normalisation against answers worked out by hand.

    selftest.py                 exits 1 and prints the case when an oracle's answer differs
    selftest.py --corpus FILE   also re-reads every case of a dateutil corpus through dateutil's own parser

The golden corpora are only as good as the normalisation in rrule_oracle.py and cron_oracle.py (DST gap
shifted forward, ambiguous time = first occurrence, duplicates once, EXDATE by instant, the Vixie day rule,
seconds first). These cases pin each of those down with dates derived from the calendar, not from a peer.
Run it after changing an oracle or upgrading dateutil or croniter, before regenerating a corpus.

`--corpus` checks the other direction: that each case's *text* (what Sundial parses) means what the generator
meant. It parses the text with `dateutil.rrule.rrulestr`, which the generator never uses, and expands it
again. Two limits of that parser are stepped around: it cannot read RDATE parameters (those cases are
skipped), and it reads TZID with `dateutil.tz`, whose zone files give standard time after 2037, so the
parsed DTSTART and EXDATE values are moved onto `zoneinfo` before expanding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
import warnings

import oracle_common as common
from cron_cases import CronCase
from cron_oracle import expand as cron_expand
from rrule_cases import Case, RuleSpec
from dateutil.rrule import rruleset, rrulestr
from rrule_oracle import UNSHIFTED_MARGIN, capped_years
from rrule_oracle import expand as rrule_expand

NY = common.Kind("zoned", "America/New_York")
FLOATING = common.Kind("floating")


def at(text: str) -> int:
    return common.parse_rfc3339_utc(text)


RRULE_CASES = [
    ("gap: 02:30 on the spring-forward day is shifted by the hour to 03:30 EDT",
     Case(NY, dt.datetime(2026, 3, 7, 2, 30), RuleSpec("DAILY", count=3), [], [], None, 10),
     ["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]),
    ("overlap: 01:30 on the fall-back day is the first one, in EDT",
     Case(NY, dt.datetime(2026, 10, 31, 1, 30), RuleSpec("DAILY", count=3), [], [], None, 10),
     ["2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
    ("gap: 02:00 shifts onto 03:00, which counts toward COUNT but prints once",
     Case(NY, dt.datetime(2026, 3, 8, 0, 0), RuleSpec("HOURLY", count=4), [], [], None, 10),
     ["2026-03-08T00:00:00-05:00", "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00"]),
    ("EXDATE removes, RDATE adds, floating times print without an offset",
     Case(FLOATING, dt.datetime(2025, 1, 1, 9), RuleSpec("DAILY", count=3), [dt.datetime(2025, 1, 10, 7)],
          [dt.datetime(2025, 1, 2, 9)], None, 10),
     ["2025-01-01T09:00:00", "2025-01-03T09:00:00", "2025-01-10T07:00:00"]),
    ("after is exclusive and the answer starts at the next occurrence",
     Case(NY, dt.datetime(2026, 1, 5, 9), RuleSpec("WEEKLY"), [], [], at("2026-01-12T14:00:00Z"), 2),
     ["2026-01-19T09:00:00-05:00", "2026-01-26T09:00:00-05:00"]),
    ("UNTIL is inclusive",
     Case(NY, dt.datetime(2026, 1, 5, 9), RuleSpec("DAILY", until=dt.datetime(2026, 1, 7, 14, tzinfo=common.UTC)),
          [], [], None, 10),
     ["2026-01-05T09:00:00-05:00", "2026-01-06T09:00:00-05:00", "2026-01-07T09:00:00-05:00"]),
]

CRON_CASES = [
    ("gap: 30 2 * * * runs at 03:30 EDT on the spring-forward day",
     CronCase("30 2 * * *", "America/New_York", at("2026-03-07T12:00:00Z"), 3),
     ["2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"]),
    ("overlap: 30 1 * * * runs once, in EDT, on the fall-back day",
     CronCase("30 1 * * *", "America/New_York", at("2026-10-31T12:00:00Z"), 2),
     ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
    ("gap: */30 shifts 02:00 and 02:30 onto 03:00 and 03:30, printed once each",
     CronCase("*/30 * * * *", "America/New_York", at("2026-03-08T06:10:00Z"), 3),
     ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"]),
    ("day rule: a '*'-led day-of-month intersects with day-of-week (Mondays on the 1st/11th/21st/31st)",
     CronCase("0 0 */10 * MON", None, at("2026-11-01T00:00:00Z"), 2),
     ["2026-12-21T00:00:00Z", "2027-01-11T00:00:00Z"]),
    ("day rule: two restricted day fields unite (the 1st, and every Sunday to Tuesday)",
     CronCase("0 0 1 * SUN-TUE", None, at("2026-10-31T00:00:00Z"), 4),
     ["2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-08T00:00:00Z"]),
    ("nW: the 15th of November 2026 is a Sunday, so 15W is Monday the 16th",
     CronCase("0 0 15W * *", None, at("2026-11-01T00:00:00Z"), 2),
     ["2026-11-16T00:00:00Z", "2026-12-15T00:00:00Z"]),
    ("six fields put seconds first",
     CronCase("30 0 0 1 * *", None, at("2026-11-01T00:40:00Z"), 1),
     ["2026-12-01T00:00:30Z"]),
    ("London in winter prints +00:00, not Z",
     CronCase("0 12 * * *", "Europe/London", at("2026-01-01T00:00:00Z"), 1),
     ["2026-01-01T12:00:00+00:00"]),
]


def kind_of(text: str) -> common.Kind:
    first = text.split("\n")[0]
    if "TZID=" in first:
        return common.Kind("zoned", first.split("TZID=")[1].split(":")[0])
    if "VALUE=DATE" in first:
        return common.Kind("date")
    return common.Kind("utc") if first.endswith("Z") else common.Kind("floating")


def reread(case: dict) -> list[str] | None:
    """A corpus case answered again from its text alone, or None when dateutil's parser cannot read it."""
    if re.search(r"RDATE;(TZID|VALUE)", case["text"]):
        return None
    kind = kind_of(case["text"])
    parsed = rrulestr(case["text"], forceset=True, cache=False)
    if kind.name == "zoned":
        # Swap dateutil.tz for zoneinfo in what the parser built (its TZif reader stops at 2037), so UNTIL
        # and EXDATE compare against the right offsets. rruleset keeps its parts in private lists.
        recurrence = rruleset(cache=False)
        for rule in parsed._rrule:  # noqa: SLF001
            recurrence.rrule(rule.replace(dtstart=rule._dtstart.replace(tzinfo=kind.tzinfo)))  # noqa: SLF001
        for excluded in parsed._exdate:  # noqa: SLF001
            recurrence.exdate(excluded.replace(tzinfo=kind.tzinfo))
    else:
        recurrence = parsed
    after = common.parse_rfc3339_utc(case["after"]) if case["after"] else -(1 << 62)
    start_year = int((case["after"] or case["text"].split(":")[1])[:4])
    found: dict[int, dt.datetime] = {}
    with capped_years(start_year + 400):
        for value in itertools.islice(recurrence, 500_000):
            naive = value.replace(tzinfo=None)
            resolved = common.resolve_local(naive, kind.tzinfo) if kind.tzinfo else naive
            key = common.sort_key_seconds(resolved, kind)
            if key <= after:
                continue
            found.setdefault(key, resolved)
            if len(found) > 4 * case["count"] + 16:  # only the `count` earliest can be in the answer
                for stale in sorted(found)[case["count"]:]:
                    del found[stale]
            if len(found) >= case["count"] and key > sorted(found)[case["count"] - 1] + UNSHIFTED_MARGIN:
                break
    return [common.format_occurrence(found[key], kind) for key in sorted(found)[: case["count"]]]


def check_corpus(path: str) -> int:
    failures = checked = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            answer = reread(case)
            if answer is None:
                continue
            checked += 1
            if answer != case["expected"]:
                failures += 1
                print(f"corpus case {case['id']}: {case['text']!r} after {case['after']}\n"
                      f"    corpus   {case['expected']}\n    re-read  {answer}")
    print(f"{checked} corpus cases re-read, {failures} differ")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", help="a dateutil.jsonl to re-read through dateutil's own parser")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    failures = 0
    for title, case, expected in RRULE_CASES:
        actual = rrule_expand(case)
        if actual != expected:
            failures += 1
            print(f"rrule: {title}\n    {case.text()!r}\n    expected {expected}\n    got      {actual}")
    for title, case, expected in CRON_CASES:
        actual = cron_expand(case)
        if actual != expected:
            failures += 1
            print(f"cron: {title}\n    {case.expression!r} tz={case.zone_name}\n    expected {expected}\n"
                  f"    got      {actual}")
    mixed = next(entry for entry in common.load_known_differences("dateutil")
                 if entry["id"] == "dateutil-byday-mixed-ordinals")
    if not re.search(mixed["pattern"], "RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=-1TU,FR"):
        failures += 1
        print(f"known difference {mixed['id']}: its pattern no longer matches its own example")
    total = len(RRULE_CASES) + len(CRON_CASES) + 1
    print(f"{total - failures} passed, {failures} failed")
    if args.corpus:
        failures += check_corpus(args.corpus)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
