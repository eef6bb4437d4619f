#!/usr/bin/env python3
"""Writes Tests/RRuleTests/Corpus/zones.json: UTC offsets and wall-time resolutions from Python's zoneinfo.

zoneinfo reads the same TZif files as the Swift Zone (the system tz database), but with an independent
implementation, so the fixture checks our TZif reader, POSIX footer rules and gap/overlap resolution.

Every transition from 1900 to 2100 contributes the offsets on both sides of it; those from 1970 to 2040 also
contribute wall times at the edges of the gap or overlap they make. Transitions are found by scanning each zone every few hours and bisecting to the second, not by reading
zoneinfo's private tables. Resolutions use PEP 495 folds: fold=0 reads a wall time with the offset in force
before a transition, fold=1 with the one after.

Regenerate from the repository root with:

    python3 Scripts/oracle/zone_oracle.py > Tests/RRuleTests/Corpus/zones.json
"""

import datetime as dt
import json
import os
import random
import sys
import zoneinfo

TZDIR = os.environ.get("TZDIR") or "/usr/share/zoneinfo"
zoneinfo.reset_tzpath([TZDIR])

ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Paris",
    "Europe/London",
    "Europe/Dublin",  # negative DST in the footer: IST-1GMT0,M10.5.0,M3.5.0/1
    "Europe/Moscow",  # standard-offset changes in 2011 and 2014
    "Australia/Lord_Howe",  # 30-minute DST
    "Australia/Sydney",
    "Pacific/Chatham",  # +12:45/+13:45, transitions at 2:45 and 3:45
    "Asia/Kolkata",
    "Asia/Tehran",
    "Asia/Jerusalem",  # IST-2IDT,M3.4.4/26,M10.5.0: a transition time past 24h
    "America/Sao_Paulo",
    "America/Santiago",  # transitions at 24:00
    "America/Nuuk",  # transitions at -1:00
    "America/St_Johns",
    "Africa/Casablanca",  # Ramadan suspensions listed explicitly until 2087
    "Pacific/Apia",  # skipped 2011-12-30 (a 24-hour gap)
    "Pacific/Kiritimati",  # +14, moved from -10:40 in 1979/1995
    "Antarctica/Troll",  # +00/+02, a two-hour DST
    "Asia/Gaza",
]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
NAIVE_EPOCH = dt.datetime(1970, 1, 1)


def ts(year, month=1, day=1):
    return int((dt.datetime(year, month, day, tzinfo=dt.timezone.utc) - EPOCH).total_seconds())


def offset_at(zone, instant):
    """The UTC offset in seconds that zoneinfo gives at a UTC instant."""
    local = (EPOCH + dt.timedelta(seconds=instant)).astimezone(zone)
    return int(local.utcoffset().total_seconds())


def transitions(zone, start, end, step=3 * 3600):
    """Every instant in [start, end) where the offset changes, to the second (changes closer than `step`
    apart and back again would be missed; none of the zones above has one)."""
    found = []
    previous = offset_at(zone, start)
    t = start
    while t < end:
        nxt = min(t + step, end)
        current = offset_at(zone, nxt)
        if current != previous:
            low, high = t, nxt  # offset(low) == previous, offset(high) != previous
            while high - low > 1:
                mid = (low + high) // 2
                if offset_at(zone, mid) == previous:
                    low = mid
                else:
                    high = mid
            found.append(high)
            previous = offset_at(zone, high)
            t = high
            continue
        t = nxt
    return found


def resolve(zone, wall):
    """The resolution of a wall time (seconds since the local epoch), via PEP 495 folds."""
    naive = NAIVE_EPOCH + dt.timedelta(seconds=wall)
    before = int(naive.replace(tzinfo=zone, fold=0).utcoffset().total_seconds())
    after = int(naive.replace(tzinfo=zone, fold=1).utcoffset().total_seconds())
    valid = sorted({wall - o for o in (before, after) if offset_at(zone, wall - o) == o})
    if len(valid) == 2:
        return [wall, "overlap", valid[0], valid[1]]
    if len(valid) == 1:
        return [wall, "unique", valid[0]]
    return [wall, "gap", wall - before, after - before]


def zone_entry(key, rng):
    zone = zoneinfo.ZoneInfo.no_cache(key)
    instants = set()
    walls = set()
    for t in transitions(zone, ts(1900), ts(2101)):
        instants.update((t - 1, t))
        if not ts(1970) <= t < ts(2041):
            continue
        b, a = offset_at(zone, t - 1), offset_at(zone, t)
        low, high = t + min(a, b), t + max(a, b)
        walls.update((low - 1, low, (low + high) // 2, high - 1, high))
    instants.update(rng.randrange(ts(1900), ts(2101)) for _ in range(700))
    instants.update(rng.randrange(ts(2101), ts(9999)) for _ in range(100))
    instants.update((ts(1900), ts(1970), ts(2038), ts(2100), ts(2400, 7, 1)))
    walls.update(rng.randrange(ts(1900), ts(2101)) for _ in range(300))
    return {
        "offsets": [[t, offset_at(zone, t)] for t in sorted(instants)],
        "resolutions": [resolve(zone, w) for w in sorted(walls)],
    }


def tzdata_version():
    try:
        with open(os.path.join(TZDIR, "tzdata.zi")) as f:
            first = f.readline().split()
            return first[2] if first[:2] == ["#", "version"] else "unknown"
    except OSError:
        return "unknown"


def main():
    for key in ZONES:
        if not os.path.isfile(os.path.join(TZDIR, key)):
            sys.exit(f"{key} is not in {TZDIR}")
    rng = random.Random(20261122)
    corpus = {
        "generator": "Scripts/oracle/zone_oracle.py (Python zoneinfo " + sys.version.split()[0] + ")",
        "tzdata": tzdata_version(),
        "zones": {key: zone_entry(key, rng) for key in ZONES},
    }
    json.dump(corpus, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
