#!/usr/bin/env python3
"""The RRULE examples of RFC 5545 §3.8.5.3, cross-checked against dateutil, printed as the Swift table of
Tests/RRuleTests/RFC5545ExampleTests.swift.

Each example carries the RFC's own listing, transcribed by hand in a compact form
(`1997-09:2-11@EDT 1997-10:26,28@EST`: year-month, days, and the zone abbreviation the RFC prints; for the
sub-daily examples `1997-09-02:09:00,12:00@EDT`). The script expands the rule with dateutil (normalised
like the corpora), checks it against the listing, and reports every disagreement; an example whose RFC
listing is itself inconsistent with its rule carries `rfc_listing_wrong` with the reason, and the Swift
table takes dateutil's (RFC-conformant) answer for it.

    rfc5545_examples.py check   cross-check and summarise
    rfc5545_examples.py swift   print the Swift array literal
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap

from dateutil import rrule as du_rrule

import oracle_common as common

NY = "America/New_York"
OFFSETS = {"EDT": "-04:00", "EST": "-05:00"}

# (title, DTSTART local, RRULE value, EXDATE local or None, after (RFC 3339 Z) or None, how many to take,
#  complete (True when the list is the whole recurrence set), RFC listing, rfc_listing_wrong reason or None)
EXAMPLES = [
    ("Daily for 10 occurrences", "19970902T090000", "FREQ=DAILY;COUNT=10", None, None, 10, True,
     "1997-09:2-11@EDT", None),
    ("Daily until December 24, 1997 (start)", "19970902T090000", "FREQ=DAILY;UNTIL=19971224T000000Z", None, None, 10,
     False, "1997-09:2-11@EDT", None),
    ("Daily until December 24, 1997 (end)", "19970902T090000", "FREQ=DAILY;UNTIL=19971224T000000Z", None,
     "1997-12-19T00:00:00Z", 10, True, "1997-12:19-23@EST", None),
    ("Every other day, forever", "19970902T090000", "FREQ=DAILY;INTERVAL=2", None, None, 10, False,
     "1997-09:2,4,6,8,10,12,14,16,18,20@EDT", None),
    ("Every other day, across the change to EST", "19970902T090000", "FREQ=DAILY;INTERVAL=2", None,
     "1997-10-19T00:00:00Z", 10, False, "1997-10:20,22,24@EDT 1997-10:26,28,30@EST 1997-11:1,3,5,7@EST", None),
    ("Every 10 days, 5 occurrences", "19970902T090000", "FREQ=DAILY;INTERVAL=10;COUNT=5", None, None, 5, True,
     "1997-09:2,12,22@EDT 1997-10:2,12@EDT", None),
    ("Every day in January, for 3 years (YEARLY)", "19980101T090000",
     "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", None, None, 10, False,
     "1998-01:1-10@EST", None),
    ("Every day in January, for 3 years (YEARLY, end)", "19980101T090000",
     "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", None, "2000-01-25T00:00:00Z", 10,
     True, "2000-01:25-31@EST", None),
    ("Every day in January, for 3 years (DAILY)", "19980101T090000", "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
     None, "1998-01-28T00:00:00Z", 10, False, "1998-01:28-31@EST 1999-01:1-6@EST", None),
    ("Weekly for 10 occurrences", "19970902T090000", "FREQ=WEEKLY;COUNT=10", None, None, 10, True,
     "1997-09:2,9,16,23,30@EDT 1997-10:7,14,21@EDT 1997-10:28@EST 1997-11:4@EST", None),
    ("Weekly until December 24, 1997", "19970902T090000", "FREQ=WEEKLY;UNTIL=19971224T000000Z", None, None, 17, True,
     "1997-09:2,9,16,23,30@EDT 1997-10:7,14,21@EDT 1997-10:28@EST 1997-11:4,11,18,25@EST 1997-12:2,9,16,23@EST",
     None),
    ("Every other week, forever", "19970902T090000", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", None, None, 12, False,
     "1997-09:2,16,30@EDT 1997-10:14@EDT 1997-10:28@EST 1997-11:11,25@EST 1997-12:9,23@EST 1998-01:6,20@EST "
     "1998-02:3@EST", None),
    ("Weekly on Tuesday and Thursday for five weeks (UNTIL)", "19970902T090000",
     "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", None, None, 10, True,
     "1997-09:2,4,9,11,16,18,23,25,30@EDT 1997-10:2@EDT", None),
    ("Weekly on Tuesday and Thursday for five weeks (COUNT)", "19970902T090000",
     "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", None, None, 10, True,
     "1997-09:2,4,9,11,16,18,23,25,30@EDT 1997-10:2@EDT", None),
    ("Every other week on Monday, Wednesday and Friday until December 24, 1997", "19970901T090000",
     "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", None, None, 25, True,
     "1997-09:1,3,5,15,17,19,29@EDT 1997-10:1,3,13,15,17@EDT 1997-10:27,29,31@EST 1997-11:10,12,14,24,26,28@EST "
     "1997-12:8,10,12,22@EST", None),
    ("Every other week on Tuesday and Thursday, for 8 occurrences", "19970902T090000",
     "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", None, None, 8, True,
     "1997-09:2,4,16,18,30@EDT 1997-10:2,14,16@EDT", None),
    ("Monthly on the first Friday for 10 occurrences", "19970905T090000", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", None,
     None, 10, True, "1997-09:5@EDT 1997-10:3@EDT 1997-11:7@EST 1997-12:5@EST 1998-01:2@EST 1998-02:6@EST "
     "1998-03:6@EST 1998-04:3@EST 1998-05:1@EDT 1998-06:5@EDT", None),
    ("Monthly on the first Friday until December 24, 1997", "19970905T090000",
     "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", None, None, 4, True,
     "1997-09:5@EDT 1997-10:3@EDT 1997-11:7@EST 1997-12:5@EST", None),
    ("Every other month on the first and last Sunday for 10 occurrences", "19970907T090000",
     "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", None, None, 10, True,
     "1997-09:7,28@EDT 1997-11:2,30@EST 1998-01:4,25@EST 1998-03:1,29@EST 1998-05:3,31@EDT", None),
    ("Monthly on the second-to-last Monday for 6 months", "19970922T090000", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", None,
     None, 6, True, "1997-09:22@EDT 1997-10:20@EDT 1997-11:17@EST 1997-12:22@EST 1998-01:19@EST 1998-02:16@EST",
     None),
    ("Monthly on the third-to-the-last day, forever", "19970928T090000", "FREQ=MONTHLY;BYMONTHDAY=-3", None, None, 6,
     False, "1997-09:28@EDT 1997-10:29@EST 1997-11:28@EST 1997-12:29@EST 1998-01:29@EST 1998-02:26@EST", None),
    ("Monthly on the 2nd and 15th for 10 occurrences", "19970902T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
     None, None, 10, True, "1997-09:2,15@EDT 1997-10:2,15@EDT 1997-11:2,15@EST 1997-12:2,15@EST 1998-01:2,15@EST",
     None),
    ("Monthly on the first and last day for 10 occurrences", "19970930T090000",
     "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", None, None, 10, True,
     "1997-09:30@EDT 1997-10:1@EDT 1997-10:31@EST 1997-11:1,30@EST 1997-12:1,31@EST 1998-01:1,31@EST 1998-02:1@EST",
     None),
    ("Every 18 months on the 10th thru 15th for 10 occurrences", "19970910T090000",
     "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", None, None, 10, True,
     "1997-09:10-15@EDT 1999-03:10-13@EST", None),
    ("Every Tuesday, every other month", "19970902T090000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", None, None, 18, False,
     "1997-09:2,9,16,23,30@EDT 1997-11:4,11,18,25@EST 1998-01:6,13,20,27@EST 1998-03:3,10,17,24,31@EST", None),
    ("Yearly in June and July for 10 occurrences", "19970610T090000", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", None, None,
     10, True, "1997-06:10@EDT 1997-07:10@EDT 1998-06:10@EDT 1998-07:10@EDT 1999-06:10@EDT 1999-07:10@EDT "
     "2000-06:10@EDT 2000-07:10@EDT 2001-06:10@EDT 2001-07:10@EDT", None),
    ("Every other year on January, February and March for 10 occurrences", "19970310T090000",
     "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", None, None, 10, True,
     "1997-03:10@EST 1999-01:10@EST 1999-02:10@EST 1999-03:10@EST 2001-01:10@EST 2001-02:10@EST 2001-03:10@EST "
     "2003-01:10@EST 2003-02:10@EST 2003-03:10@EST", None),
    ("Every third year on the 1st, 100th and 200th day for 10 occurrences", "19970101T090000",
     "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", None, None, 10, True,
     "1997-01:1@EST 1997-04:10@EDT 1997-07:19@EDT 2000-01:1@EST 2000-04:9@EDT 2000-07:18@EDT 2003-01:1@EST "
     "2003-04:10@EDT 2003-07:19@EDT 2006-01:1@EST", None),
    ("Every 20th Monday of the year, forever", "19970519T090000", "FREQ=YEARLY;BYDAY=20MO", None, None, 3, False,
     "1997-05:19@EDT 1998-05:18@EDT 1999-05:17@EDT", None),
    ("Monday of week number 20, forever", "19970512T090000", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", None, None, 3, False,
     "1997-05:12@EDT 1998-05:11@EDT 1999-05:17@EDT", None),
    ("Every Thursday in March, forever", "19970313T090000", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", None, None, 11, False,
     "1997-03:13,20,27@EST 1998-03:5,12,19,26@EST 1999-03:4,11,18,25@EST", None),
    ("Every Thursday, but only during June, July and August, forever", "19970605T090000",
     "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", None, None, 13, False,
     "1997-06:5,12,19,26@EDT 1997-07:3,10,17,24,31@EDT 1997-08:7,14,21,28@EDT", None),
    ("Every Friday the 13th, forever", "19970902T090000", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "19970902T090000",
     None, 5, False, "1998-02:13@EST 1998-03:13@EST 1998-11:13@EST 1999-08:13@EDT 2000-10:13@EDT", None),
    ("The first Saturday that follows the first Sunday of the month, forever", "19970913T090000",
     "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", None, None, 10, False,
     "1997-09:13@EDT 1997-10:11@EDT 1997-11:8@EST 1997-12:13@EST 1998-01:10@EST 1998-02:7@EST 1998-03:7@EST "
     "1998-04:11@EDT 1998-05:9@EDT 1998-06:13@EDT", None),
    ("Every 4 years, the first Tuesday after a Monday in November (U.S. Presidential Election day)",
     "19961105T090000", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", None, None, 3, False,
     "1996-11:5@EST 2000-11:7@EST 2004-11:2@EST", None),
    ("The third instance of Tuesday, Wednesday or Thursday, for the next 3 months", "19970904T090000",
     "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", None, None, 3, True,
     "1997-09:4@EDT 1997-10:7@EDT 1997-11:6@EST", None),
    ("The second-to-last weekday of the month", "19970929T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
     None, None, 7, False, "1997-09:29@EDT 1997-10:30@EST 1997-11:27@EST 1997-12:30@EST 1998-01:29@EST "
     "1998-02:26@EST 1998-03:30@EST", None),
    ("Every 3 hours from 9:00 AM to 5:00 PM on a specific day", "19970902T090000",
     "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", None, None, 3, True, "1997-09-02:09:00,12:00,15:00@EDT",
     "UNTIL=19970902T170000Z is 13:00 EDT, so 15:00 EDT (19:00Z) is past UNTIL; the listing fits an UNTIL "
     "of 17:00 local time, not 17:00Z. Only 09:00 and 12:00 EDT are in the set."),
    ("Every 15 minutes for 6 occurrences", "19970902T090000", "FREQ=MINUTELY;INTERVAL=15;COUNT=6", None, None, 6,
     True, "1997-09-02:09:00,09:15,09:30,09:45,10:00,10:15@EDT", None),
    ("Every hour and a half for 4 occurrences", "19970902T090000", "FREQ=MINUTELY;INTERVAL=90;COUNT=4", None, None, 4,
     True, "1997-09-02:09:00,10:30,12:00,13:30@EDT", None),
    ("Every 20 minutes from 9:00 AM to 4:40 PM every day (DAILY)", "19970902T090000",
     "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", None, "1997-09-02T20:10:00Z", 4, False,
     "1997-09-02:16:20,16:40@EDT 1997-09-03:09:00,09:20@EDT", None),
    ("Every 20 minutes from 9:00 AM to 4:40 PM every day (MINUTELY)", "19970902T090000",
     "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", None, None, 6, False,
     "1997-09-02:09:00,09:20,09:40,10:00,10:20,10:40@EDT", None),
    ("WKST=MO makes a difference", "19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", None, None,
     4, True, "1997-08:5,10,19,24@EDT", None),
    ("WKST=SU makes a difference", "19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", None,
     None, 4, True, "1997-08:5,17,19,31@EDT", None),
    ("An invalid date (February 30) is ignored", "20070115T090000", "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", None,
     None, 5, True, "2007-01:15,30@EST 2007-02:15@EST 2007-03:15,30@EDT", None),
]


def listing_to_rfc3339(listing: str) -> list[str]:
    """Expand the compact RFC listing into RFC 3339 strings (09:00 local unless times are given)."""
    result = []
    for chunk in listing.split():
        where, abbreviation = chunk.split("@")
        offset = OFFSETS[abbreviation]
        head, tail = where.split(":", 1)
        if head.count("-") == 2:  # "1997-09-02:09:00,12:00"
            result += [f"{head}T{time}:00{offset}" for time in tail.split(",")]
            continue
        for part in tail.split(","):
            low, _, high = part.partition("-")
            for day in range(int(low), int(high or low) + 1):
                result.append(f"{head}-{day:02d}T09:00:00{offset}")
    return result


def text_of(example: tuple) -> str:
    title, start, rule, exdate, *_ = example
    lines = [f"DTSTART;TZID={NY}:{start}", f"RRULE:{rule}"]
    if exdate:
        lines.insert(1, f"EXDATE;TZID={NY}:{exdate}")
    return "\n".join(lines)


def dateutil_answer(example: tuple) -> list[str]:
    title, start, rule, exdate, after, take, complete, listing, wrong = example
    tzinfo = common.zone(NY)
    kind = common.Kind("zoned", NY)
    dtstart = dt.datetime.strptime(start, "%Y%m%dT%H%M%S").replace(tzinfo=tzinfo)
    recurrence = du_rrule.rrulestr(rule, dtstart=dtstart)
    excluded = set()
    if exdate:
        excluded.add(dt.datetime.strptime(exdate, "%Y%m%dT%H%M%S").replace(tzinfo=tzinfo))
    after_seconds = common.parse_rfc3339_utc(after) if after else None
    answer = []
    for value in recurrence:
        resolved = common.resolve_local(value.replace(tzinfo=None), tzinfo)
        if resolved in excluded or (after_seconds is not None and common.epoch_seconds(resolved) <= after_seconds):
            continue
        answer.append(common.format_occurrence(resolved, kind))
        if len(answer) == take + 1:
            break
    return answer


def run_check() -> int:
    problems = 0
    for example in EXAMPLES:
        title, *_, take, complete, listing, wrong = example
        ours = dateutil_answer(example)
        expected = ours[:take]
        rfc = listing_to_rfc3339(listing)
        if complete and len(ours) > take:
            print(f"[extra] {title}: dateutil has more than {take}: {ours[take]}")
            problems += 1
        if rfc != expected:
            status = "documented" if wrong else "MISMATCH"
            print(f"[{status}] {title}\n    RFC      {rfc}\n    dateutil {expected}")
            problems += 0 if wrong else 1
    print(f"{len(EXAMPLES)} examples, {problems} unexplained differences")
    return 1 if problems else 0


def swift_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_swift() -> int:
    for example in EXAMPLES:
        title, start, rule, exdate, after, take, complete, listing, wrong = example
        expected = dateutil_answer(example)[:take]
        if wrong:
            for line in textwrap.wrap(f"RFC listing inconsistent: {wrong}", 100):
                print(f"        // {line}")
        print("        RFCExample(")
        print(f"            {swift_string(title)},")
        lines = text_of(example).split("\n")
        print("            " + "\n                + ".join(
            swift_string(line + ("\n" if index < len(lines) - 1 else "")) for index, line in enumerate(lines)) + ",")
        if after:
            print(f"            after: {swift_string(after)},")
        print(f"            complete: {'true' if complete else 'false'},")
        print("            [")
        for start in range(0, len(expected), 3):
            print("                " + " ".join(swift_string(value) + "," for value in expected[start:start + 3]))
        print("            ]),")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "swift"])
    args = parser.parse_args(argv)
    return run_check() if args.command == "check" else run_swift()


if __name__ == "__main__":
    sys.exit(main())
