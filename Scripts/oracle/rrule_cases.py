"""Random RFC 5545 recurrence sets for the dateutil oracle: the case model, its iCalendar text, the
equivalent dateutil rule, and a seeded generator.

The generator only writes rules RFC 5545 §3.3.10 allows: BYDAY ordinals only with MONTHLY/YEARLY (not
with BYWEEKNO), BYWEEKNO only with YEARLY, BYYEARDAY not with DAILY/WEEKLY/MONTHLY, BYMONTHDAY not with
WEEKLY, BYSETPOS only beside another BYxxx part. Sub-daily intervals are chosen so BYHOUR/BYMINUTE/
BYSECOND values are reachable from DTSTART, which keeps dateutil's constructor from rejecting them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from dateutil import rrule as du_rrule

import oracle_common as common

FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
FREQ_WEIGHTS = [18, 22, 18, 24, 9, 6, 3]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SUB_DAILY = {"HOURLY", "MINUTELY", "SECONDLY"}


@dataclass
class RuleSpec:
    """One RRULE's parts; list fields are empty when the part is absent."""

    freq: str
    interval: int = 1
    count: int | None = None
    until: dt.datetime | None = None  # in the DTSTART's kind (aware UTC for zoned and UTC rules)
    wkst: str | None = None
    bymonth: list[int] = field(default_factory=list)
    byweekno: list[int] = field(default_factory=list)
    byyearday: list[int] = field(default_factory=list)
    bymonthday: list[int] = field(default_factory=list)
    byday: list[tuple[int | None, str]] = field(default_factory=list)
    byhour: list[int] = field(default_factory=list)
    byminute: list[int] = field(default_factory=list)
    bysecond: list[int] = field(default_factory=list)
    bysetpos: list[int] = field(default_factory=list)

    def has_by_part(self) -> bool:
        return any([self.bymonth, self.byweekno, self.byyearday, self.bymonthday, self.byday,
                    self.byhour, self.byminute, self.bysecond])


@dataclass
class Case:
    kind: common.Kind
    dtstart: dt.datetime  # naive wall time (midnight for DATE values)
    rule: RuleSpec
    rdates: list[dt.datetime]
    exdates: list[dt.datetime]
    after: int | None  # seconds since the epoch, exclusive
    count: int  # how many occurrences to ask for

    # -- iCalendar text --------------------------------------------------------------------------

    def _stamp(self, value: dt.datetime) -> str:
        if self.kind.name == "date":
            return value.strftime("%Y%m%d")
        text = f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}"
        return text + ("Z" if self.kind.name == "utc" else "")

    def _property(self, name: str, values: list[dt.datetime]) -> str:
        params = {"date": ";VALUE=DATE", "zoned": f";TZID={self.kind.zone_name}"}.get(self.kind.name, "")
        return f"{name}{params}:" + ",".join(self._stamp(value) for value in values)

    def rrule_value(self) -> str:
        rule = self.rule
        parts = [f"FREQ={rule.freq}"]
        if rule.interval != 1:
            parts.append(f"INTERVAL={rule.interval}")
        if rule.count is not None:
            parts.append(f"COUNT={rule.count}")
        if rule.until is not None:
            if self.kind.name == "date":
                parts.append("UNTIL=" + rule.until.strftime("%Y%m%d"))
            elif self.kind.name == "floating":
                parts.append("UNTIL=" + self._stamp(rule.until))
            else:  # RFC 5545: UNTIL is UTC when DTSTART has a zone
                utc = rule.until.astimezone(common.UTC)
                parts.append("UNTIL=" + utc.strftime("%Y%m%dT%H%M%SZ"))
        if rule.wkst:
            parts.append(f"WKST={rule.wkst}")
        lists = [("BYMONTH", rule.bymonth), ("BYWEEKNO", rule.byweekno), ("BYYEARDAY", rule.byyearday),
                 ("BYMONTHDAY", rule.bymonthday),
                 ("BYDAY", [f"{n if n is not None else ''}{day}" for n, day in rule.byday]),
                 ("BYHOUR", rule.byhour), ("BYMINUTE", rule.byminute), ("BYSECOND", rule.bysecond),
                 ("BYSETPOS", rule.bysetpos)]
        parts += [f"{name}={','.join(str(v) for v in values)}" for name, values in lists if values]
        return ";".join(parts)

    def text(self) -> str:
        lines = [self._property("DTSTART", [self.dtstart]), "RRULE:" + self.rrule_value()]
        if self.rdates:
            lines.append(self._property("RDATE", self.rdates))
        if self.exdates:
            lines.append(self._property("EXDATE", self.exdates))
        return "\n".join(lines)

    # -- dateutil ----------------------------------------------------------------------------------

    def dateutil_rule(self) -> du_rrule.rrule:
        rule = self.rule
        tzinfo = self.kind.tzinfo
        dtstart = self.dtstart.replace(tzinfo=tzinfo) if tzinfo else self.dtstart
        byweekday = [getattr(du_rrule, day)(n) if n is not None else getattr(du_rrule, day) for n, day in rule.byday]
        return du_rrule.rrule(
            getattr(du_rrule, rule.freq), dtstart=dtstart, interval=rule.interval,
            wkst=getattr(du_rrule, rule.wkst) if rule.wkst else None,
            count=rule.count, until=rule.until,
            bysetpos=rule.bysetpos or None, bymonth=rule.bymonth or None, bymonthday=rule.bymonthday or None,
            byyearday=rule.byyearday or None, byweekno=rule.byweekno or None, byweekday=byweekday or None,
            byhour=rule.byhour or None, byminute=rule.byminute or None, bysecond=rule.bysecond or None,
            cache=False)


class CaseGenerator:
    """Deterministic stream of cases for a seed (Python's `random.Random` is stable across versions for
    the calls used here: random(), randint(), choice(), sample(), shuffle())."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._transitions: dict[tuple[str, int], list] = {}

    # -- small helpers -----------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def some(self, population: list[int], low: int = 1, high: int = 3) -> list[int]:
        picked = self.rng.sample(population, min(len(population), self.rng.randint(low, high)))
        return sorted(picked)

    def transitions(self, zone_name: str, year: int) -> list:
        key = (zone_name, year)
        if key not in self._transitions:
            self._transitions[key] = common.transitions(zone_name, year)
        return self._transitions[key]

    # -- DTSTART -------------------------------------------------------------------------------------

    def pick_kind(self, freq: str) -> common.Kind:
        roll = self.rng.random()
        if freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") and roll < 0.05:
            return common.Kind("date")
        if roll < 0.15:
            return common.Kind("floating")
        if roll < 0.27:
            return common.Kind("utc")
        return common.Kind("zoned", self.rng.choice(common.ZONES))

    def pick_dtstart(self, kind: common.Kind, freq: str) -> dt.datetime:
        rng = self.rng
        year = rng.randint(1975, 2045)
        if kind.name == "zoned" and self.chance(0.4):
            near = self.near_transition(kind.zone_name, year)
            if near is not None:
                return near
        base = dt.datetime(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        if kind.name == "date":
            return base
        hour = rng.choice([0, 1, 2, 3, 6, 8, 9, 9, 9, 10, 12, 14, 17, 18, 22, 23, rng.randint(0, 23)])
        minute = rng.choice([0, 0, 0, 15, 30, 45, rng.randint(0, 59)])
        second = 0 if freq != "SECONDLY" and self.chance(0.9) else rng.randint(0, 59)
        return base.replace(hour=hour, minute=minute, second=second)

    def near_transition(self, zone_name: str, year: int) -> dt.datetime | None:
        """A wall time inside a gap or overlap, or a few days before one, in `zone_name`."""
        found = self.transitions(zone_name, year)
        if not found:
            return None
        instant, before, after = self.rng.choice(found)
        tzinfo = common.zone(zone_name)
        change = after - before
        wall_before = (instant + before).replace(tzinfo=None)  # wall clock reading at the transition, old offset
        if self.chance(0.5):
            # Inside the gap (clock jumps from wall_before to wall_before + change) or the overlap
            # (wall times from wall_before + change up to wall_before repeat).
            span = int(abs(change.total_seconds()))
            offset = self.rng.randrange(0, span, 60 if span % 60 == 0 else 1) if span else 0
            start = wall_before if change > dt.timedelta(0) else wall_before + change
            return start + dt.timedelta(seconds=offset)
        days = self.rng.randint(-6, 0)
        wall = (instant.astimezone(tzinfo) + dt.timedelta(days=days)).replace(tzinfo=None)
        return wall.replace(minute=self.rng.choice([0, 0, 30, wall.minute]), second=0, microsecond=0)

    # -- RRULE ----------------------------------------------------------------------------------------

    def weekday_list(self, ordinal_limit: int | None) -> list[tuple[int | None, str]]:
        days = self.rng.sample(WEEKDAYS, self.rng.choice([1, 1, 1, 2, 2, 3, 5]))
        result = []
        for day in days:
            if ordinal_limit and self.chance(0.6):
                n = self.rng.choice([1, 1, 2, 3, -1, -1, -2, self.rng.randint(1, ordinal_limit)])
                n = -n if n > 0 and self.chance(0.15) else n
                result.append((n, day))
            else:
                result.append((None, day))
        return result

    def monthdays(self) -> list[int]:
        pool = list(range(1, 29)) * 2 + [29, 30, 31, -1, -1, -1, -2, -3, -7, -28, -29, -30, -31]
        return sorted(set(self.rng.sample(pool, self.rng.randint(1, 3))))

    def pick_rule(self, freq: str, kind: common.Kind, dtstart: dt.datetime) -> RuleSpec:
        rng = self.rng
        rule = RuleSpec(freq)
        chance = self.chance
        if freq == "YEARLY":
            rule.interval = rng.choice([1, 1, 1, 2, 3, 4])
            if chance(0.5):
                rule.bymonth = self.some(list(range(1, 13)))
            if chance(0.25) and not rule.bymonth:
                rule.byweekno = sorted(set(rng.choice([1, 1, 2, 10, 20, 26, 52, 53, -1, -2, rng.randint(1, 53)])
                                           for _ in range(rng.randint(1, 2))))
            elif chance(0.25):
                rule.byyearday = sorted(set(rng.choice([1, 60, 100, 200, 365, 366, -1, -100, -366, rng.randint(1, 366)])
                                            for _ in range(rng.randint(1, 3))))
            if chance(0.35):
                rule.bymonthday = self.monthdays()
            if chance(0.45) or (rule.byweekno and chance(0.8)):  # BYWEEKNO alone is excluded, see known_differences
                limit = None if rule.byweekno else (5 if rule.bymonth else 53)
                rule.byday = self.weekday_list(limit)
        elif freq == "MONTHLY":
            rule.interval = rng.choice([1, 1, 1, 2, 3, 6, 18])
            if chance(0.5):
                rule.bymonthday = self.monthdays()
            if chance(0.5):
                rule.byday = self.weekday_list(5)
            if chance(0.15):
                rule.bymonth = self.some(list(range(1, 13)), 2, 6)
        elif freq == "WEEKLY":
            rule.interval = rng.choice([1, 1, 2, 2, 3, 4])
            if chance(0.7):
                rule.byday = self.weekday_list(None)
            if chance(0.1):
                rule.bymonth = self.some(list(range(1, 13)), 3, 8)
        elif freq == "DAILY":
            rule.interval = rng.choice([1, 1, 1, 2, 3, 7, 10])
            if chance(0.2):
                rule.byday = self.weekday_list(None)
            if chance(0.15):
                rule.bymonth = self.some(list(range(1, 13)), 1, 6)
            if chance(0.1):
                rule.bymonthday = self.monthdays()
        if freq in SUB_DAILY:
            self.sub_daily_parts(rule, dtstart)
        elif kind.name != "date" and chance(0.25):
            rule.byhour = self.some(list(range(24)))
            if chance(0.5):
                rule.byminute = self.some([0, 0, 15, 30, 45, rng.randint(0, 59)])
            if chance(0.1):
                rule.bysecond = self.some([0, 30, rng.randint(0, 59)], 1, 2)
        if freq in ("WEEKLY", "MONTHLY", "YEARLY") and (rule.interval > 1 or rule.byweekno) and chance(0.5):
            rule.wkst = rng.choice(WEEKDAYS)
        elif chance(0.05):
            rule.wkst = rng.choice(WEEKDAYS)
        if rule.has_by_part() and chance(0.15):
            choices = [1, 1, 2, 3, -1, -1, -2]
            if freq in SUB_DAILY:
                # A sub-daily period holds one time per finer BY value; a BYSETPOS past that never matches,
                # and dateutil would walk every second (or minute) of the search window looking for one.
                finer = {"HOURLY": [rule.byminute, rule.bysecond], "MINUTELY": [rule.bysecond]}.get(freq, [])
                size = math.prod(len(values) or 1 for values in finer)
                choices = [n for n in choices if abs(n) <= size]
            rule.bysetpos = sorted(set(rng.choice(choices) for _ in range(rng.randint(1, 2))))
        return rule

    def sub_daily_parts(self, rule: RuleSpec, dtstart: dt.datetime) -> None:
        """Intervals and BY values for HOURLY/MINUTELY/SECONDLY that DTSTART can reach."""
        rng, chance = self.rng, self.chance
        if rule.freq == "HOURLY":
            rule.interval = rng.choice([1, 1, 2, 3, 5, 6, 8, 12])
            if chance(0.3):
                step = math.gcd(rule.interval, 24)
                rule.byhour = self.some([h for h in range(24) if h % step == dtstart.hour % step])
            if chance(0.2):
                rule.byminute = [dtstart.minute]
        elif rule.freq == "MINUTELY":
            rule.interval = rng.choice([1, 5, 10, 15, 20, 30, 45, 90])
            if chance(0.3) and 60 % rule.interval == 0:
                rule.byminute = self.some([m for m in range(60) if m % rule.interval == dtstart.minute % rule.interval])
            if chance(0.2):
                rule.byhour = self.some(list(range(24)))
        else:
            rule.interval = rng.choice([1, 1, 5, 10, 15, 30, 45])
            if chance(0.3) and 60 % rule.interval == 0:
                rule.bysecond = self.some([s for s in range(60) if s % rule.interval == dtstart.second % rule.interval])
            if chance(0.15):
                rule.byminute = self.some(list(range(60)))
        if chance(0.15):
            rule.byday = self.weekday_list(None)
        if chance(0.1):
            rule.bymonth = self.some(list(range(1, 13)), 2, 6)

    # -- bounds, extra dates, the question --------------------------------------------------------------

    UNTIL_SPANS = {"YEARLY": 30 * 365, "MONTHLY": 5 * 365, "WEEKLY": 2 * 365, "DAILY": 120,
                   "HOURLY": 5, "MINUTELY": 0.25, "SECONDLY": 0.01}

    def next_case(self) -> Case:
        rng = self.rng
        freq = rng.choices(FREQS, FREQ_WEIGHTS)[0]
        kind = self.pick_kind(freq)
        dtstart = self.pick_dtstart(kind, freq)
        rule = self.pick_rule(freq, kind, dtstart)
        bound = rng.random()
        small = freq in ("MINUTELY", "SECONDLY")
        if bound < (0.6 if small else 0.35):
            rule.count = rng.choice([1, 2, 3, 5, 10, 10, 20, 40]) if not small else rng.randint(1, 30)
        elif bound < 0.65:
            span = dt.timedelta(days=self.UNTIL_SPANS[freq] * rng.uniform(0.05, 1.0))
            until = dtstart + span
            if freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") and kind.name != "date" and self.chance(0.5):
                until = until.replace(hour=dtstart.hour, minute=dtstart.minute, second=dtstart.second)  # inclusive edge
            until = until.replace(microsecond=0)
            if kind.name == "date":
                until = dt.datetime(until.year, until.month, until.day)
            elif kind.name in ("zoned", "utc"):
                until = common.resolve_local(until, kind.tzinfo).astimezone(common.UTC)
            rule.until = until
        rdates, exdates = self.extra_dates(kind, dtstart, freq)
        after = self.pick_after(kind, dtstart, rule)
        count = rng.choice([1, 3, 5, 10, 10, 10, 20, 30]) if not small else rng.choice([1, 5, 10])
        return Case(kind, dtstart, rule, rdates, exdates, after, count)

    def extra_dates(self, kind: common.Kind, dtstart: dt.datetime, freq: str):
        rng = self.rng
        rdates: list[dt.datetime] = []
        exdates: list[dt.datetime] = []
        if freq in SUB_DAILY or not self.chance(0.12):
            return rdates, exdates
        def shifted(days: int) -> dt.datetime:
            return dtstart + dt.timedelta(days=days)
        if self.chance(0.6):
            for _ in range(rng.randint(1, 3)):
                value = shifted(rng.randint(-3, 60))
                rdates.append(value if kind.name == "date" else value.replace(hour=rng.randint(0, 23)))
            rdates = sorted(set(rdates))
        if self.chance(0.7):
            step = {"DAILY": 1, "WEEKLY": 7}.get(freq, 0)
            exdates = sorted({dtstart + dt.timedelta(days=step * rng.randint(0, 10)) if step else
                              shifted(rng.randint(0, 60)) for _ in range(rng.randint(1, 3))})
        return rdates, exdates

    def pick_after(self, kind: common.Kind, dtstart: dt.datetime, rule: RuleSpec) -> int | None:
        rng = self.rng
        if self.chance(0.55):
            return None
        if kind.name in ("zoned", "utc"):
            start = common.epoch_seconds(common.resolve_local(dtstart, kind.tzinfo))
        else:
            start = common.epoch_seconds(dtstart.replace(tzinfo=common.UTC))
        unbounded = rule.count is None and rule.until is None
        if rule.freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") and unbounded and self.chance(0.5):
            return start + rng.randint(20 * 365, 80 * 365) * 86400 + rng.randint(0, 86399)
        reach = {"YEARLY": 3650, "MONTHLY": 700, "WEEKLY": 200, "DAILY": 60, "HOURLY": 3}.get(rule.freq, 0.05)
        return start + int(rng.uniform(-0.1, 1.0) * reach * 86400)
