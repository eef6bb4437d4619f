"""Random cron expressions for the croniter oracle, drawn deterministically from a seed.

Fields follow Sundial's grammar: 5 fields (minute hour day-of-month month day-of-week) or 6 with the
seconds FIRST, names (JAN, MON), ranges, steps, lists, `L` and `nW` in day-of-month, `d#n` in day-of-week,
`?`, and the macros. Forms whose meaning croniter and Sundial's documented semantics do not share are
not generated (see README.md in the corpus folder and known_differences.json):

- `L`, `W` and `#` only beside a `*` or `?` in the other day field (croniter combines them with a
  restricted other field as an intersection, whatever the Vixie day rule says);
- no `LW`, no `L` in day-of-week (croniter's `L5` spelling is not Sundial's), no `N/step` without a range.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import oracle_common as common

MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
MACROS = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly"]


@dataclass
class CronCase:
    expression: str
    zone_name: str | None  # None means UTC
    after: int  # seconds since the epoch, exclusive
    count: int

    @property
    def kind(self) -> common.Kind:
        return common.Kind("zoned", self.zone_name) if self.zone_name else common.Kind("utc")


class CronGenerator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._transitions: dict[tuple[str, int], list] = {}

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- fields ----------------------------------------------------------------------------------------

    def numeric_field(self, low: int, high: int, favourites: list[int], steps: list[int]) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            return "*"
        if roll < 0.5:
            return str(rng.choice(favourites + [rng.randint(low, high)]))
        if roll < 0.65:
            return f"*/{rng.choice(steps)}"
        if roll < 0.78:
            a = rng.randint(low, high - 1)
            b = rng.randint(a + 1, min(high, a + (high - low) // 2 + 1))
            return f"{a}-{b}" + (f"/{rng.choice(steps)}" if self.chance(0.3) else "")
        values = sorted(set(rng.randint(low, high) for _ in range(rng.randint(2, 4))))
        parts = [str(v) for v in values]
        if self.chance(0.3):
            a = rng.randint(low, high - 1)
            parts.append(f"{a}-{min(high, a + rng.randint(1, 5))}")
        return ",".join(parts)

    def month_field(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.7:
            return "*"
        if roll < 0.8:
            return str(rng.randint(1, 12))
        if roll < 0.87:
            a = rng.randint(0, 10)
            return f"{MONTH_NAMES[a]}-{MONTH_NAMES[rng.randint(a + 1, 11)]}"
        if roll < 0.93:
            return f"*/{rng.choice([2, 3, 4, 6])}"
        names = sorted(rng.sample(range(12), rng.randint(2, 4)))
        return ",".join(MONTH_NAMES[i] if self.chance(0.5) else str(i + 1) for i in names)

    def day_fields(self) -> tuple[str, str]:
        """(day-of-month, day-of-week), exercising the Vixie day rule in both directions."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            return "*", "*"
        if roll < 0.52:  # day of month only
            return self.numeric_field(1, 28, [1, 1, 15, 28, 29, 30, 31], [2, 5, 10, 15]), rng.choice(["*", "*", "?"])
        if roll < 0.66:  # day of week only
            return rng.choice(["*", "*", "?"]), self.weekday_field()
        if roll < 0.76:  # both restricted: a day matching either runs (or both, when one starts with '*')
            dom = self.numeric_field(1, 28, [1, 13, 15, 31], [2, 5, 10])
            if dom == "*":
                dom = "*/" + str(rng.choice([2, 3, 10]))
            dow = self.weekday_field()
            if dow == "*":
                dow = rng.choice(["1-5", "MON", "*/2"])
            return dom, dow
        if roll < 0.84:
            return rng.choice(["L", f"{rng.randint(1, 28)}W", "1W", "31W", "15W"]), rng.choice(["*", "?"])
        if roll < 0.92:
            other = rng.choice(["*", "?"])
            day = rng.choice([rng.randint(0, 6), DAY_NAMES[rng.randint(0, 6)]])
            return other, f"{day}#{rng.randint(1, 5)}"
        return rng.choice(["29", "30", "31", "-".join(sorted(map(str, rng.sample(range(25, 32), 2)), key=int))]), "*"

    def weekday_field(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return "*"
        if roll < 0.4:
            return rng.choice([str(rng.randint(0, 7)), DAY_NAMES[rng.randint(0, 6)]])
        if roll < 0.65:
            a = rng.randint(0, 5)
            b = rng.randint(a + 1, 6)
            return f"{DAY_NAMES[a]}-{DAY_NAMES[b]}" if self.chance(0.5) else f"{a}-{b}"
        if roll < 0.75:
            return f"*/{rng.choice([2, 3])}"
        days = sorted(rng.sample(range(7), rng.randint(2, 3)))
        return ",".join(DAY_NAMES[d] if self.chance(0.5) else str(d) for d in days)

    def expression(self, hour_hint: int | None = None) -> str:
        """A cron expression; `hour_hint` (a local hour in which the clock changes) makes the hour field name
        that hour more often, so the corpus has many times that fall in a gap or an overlap."""
        rng = self.rng
        if self.chance(0.05):
            return rng.choice(MACROS)
        minute = self.numeric_field(0, 59, [0, 0, 0, 15, 30, 45], [2, 5, 10, 15, 20, 30])
        hour = self.numeric_field(0, 23, [0, 1, 2, 2, 3, 9, 12, 23], [2, 3, 4, 6, 8, 12])
        if hour_hint is not None and self.chance(0.6):
            hour = rng.choice([str(hour_hint), f"{hour_hint},{(hour_hint + 12) % 24}",
                               f"{max(hour_hint - 1, 0)}-{hour_hint}"])
        dom, dow = self.day_fields()
        fields = [minute, hour, dom, self.month_field(), dow]
        if self.chance(0.2):
            fields.insert(0, self.numeric_field(0, 59, [0, 0, 30, 59], [5, 10, 15, 20, 30]))
        return " ".join(fields)

    # -- the question ------------------------------------------------------------------------------------

    def next_case(self) -> CronCase:
        rng = self.rng
        zone_name = None if self.chance(0.3) else rng.choice(common.ZONES)
        year = rng.randint(1975, 2095)
        after = common.epoch_seconds(dt.datetime(year, 1, 1, tzinfo=common.UTC)) + rng.randint(0, 365 * 86400)
        hour_hint = None
        if zone_name and self.chance(0.45):
            key = (zone_name, year)
            if key not in self._transitions:
                self._transitions[key] = common.transitions(zone_name, year)
            if self._transitions[key]:
                instant, before, changed = rng.choice(self._transitions[key])
                after = common.epoch_seconds(instant) - rng.randint(0, 3 * 86400)
                # The local hour at which the clock changes: the gap or the repeated hour starts there.
                hour_hint = min(instant + before, instant + changed).hour
        count = rng.choice([1, 3, 5, 10, 10, 10, 20, 30])
        return CronCase(self.expression(hour_hint), zone_name, after, count)
