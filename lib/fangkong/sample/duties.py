"""The rest of the article's duties in a sample town: screening, checkpoints and their
duty, night patrols, spring farming, employment, and who the volunteers served.

Each method returns the canonical rows one village sends for one day. Every table
draws from random streams of its own (seeded by the sample's seed, the table, the
village and the day), so adding these tables left the older tables' rows as they
were. Rows that may take an injected defect carry ``_spoilable=True``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from fangkong.sample.people import make_name, rng_for
from fangkong.sample.registries import Registries
from fangkong.town import Town

#: Households per inhabitant where the town file gives none (about 3.3 people each).
PEOPLE_PER_HOUSEHOLD = 3.3
#: The 入户排查 campaign: the days up to the sample's end over which every village
#: screens (nearly) all its households, whatever the length of the sample.
CAMPAIGN_DAYS = 30
#: Crops sown in spring in Henan, with the planned area of one village of 4,333
#: people (mu, low and high) and the share sown when the period starts. Winter wheat
#: and garlic are sown in autumn; corn and peanuts are sown from April, so in
#: February and March they are being prepared for (备耕): seed, fertilizer, machines.
CROPS = {
    "玉米": (300, 900, None),
    "花生": (100, 400, None),
    "马铃薯": (30, 150, 0.1),
    "蔬菜": (50, 200, 0.2),
}
_CROP_NEEDS = {
    "玉米": ("seed", "fertilizer", "machinery"),
    "花生": ("seed", "fertilizer"),
    "马铃薯": ("seed", "fertilizer", "labour"),
    "蔬菜": ("seed", "pesticide", "labour"),
}
_NEED_DETAIL = {
    "seed": "种子需统一代购",
    "fertilizer": "复合肥不足",
    "pesticide": "需要杀虫剂",
    "machinery": "播种机待检修",
    "labour": "劳力不足，需志愿者帮忙",
}
_PATROL_ISSUES = (
    "发现村民聚集打牌，已劝散",
    "发现外来车辆，已登记劝返",
    "劝导未戴口罩村民2人",
    "防疫宣传栏损坏，已修复",
    "发现一处卡点夜间无人值守，已通知补岗",
)
_ROADS = ("北路口", "南路口", "东路口", "西路口")


@dataclass
class Checkpoint:
    """A checkpoint of the registry and the people who take its shifts."""

    checkpoint_id: str
    name: str
    village: str
    kind: str
    shifts_per_day: int
    roster: list[str]

    def row(self) -> dict:
        return dict(
            checkpoint_id=self.checkpoint_id,
            name=self.name,
            village=self.village,
            kind=self.kind,
            shifts_per_day=self.shifts_per_day,
            status="active",
        )

    @property
    def shifts(self) -> tuple[str, ...]:
        return ("all_day",) if self.shifts_per_day == 1 else ("day", "night")


def village_households(village) -> int:
    """A village's households: from the town file, else from its population."""
    return village.households or max(1, round(village.population / PEOPLE_PER_HOUSEHOLD))


class Duties:
    """Screening, checkpoint, patrol, farming and employment records of a sample town.

    Parameters
    ----------
    town : Town
    registries : Registries
    days : list of datetime.date
    seed : int
    """

    #: Chance that a shift is not reported (the report counts shifts owed).
    SHIFT_MISSED = 0.02
    #: Chance that a village sends no patrol for a night.
    NO_PATROL = 0.08

    def __init__(self, town: Town, registries: Registries, days: list[dt.date], seed: int):
        self.town, self.registries, self.days, self.seed = town, registries, days, seed
        self.villages = {village.name: village for village in town.villages}
        self.checkpoints = self._checkpoints()
        self.screening_plan = {name: self._screening(v) for name, v in self.villages.items()}
        self.farming_plan = {name: self._farming(v) for name, v in self.villages.items()}

    # -- checkpoints ----------------------------------------------------------------------

    def _checkpoints(self) -> dict[str, list[Checkpoint]]:
        """Each village: a station at its gate (a second in a large village); the first
        village of each war zone also a road checkpoint, staffed day and night."""
        out: dict[str, list[Checkpoint]] = {}
        first_of_zone = {}
        for village in self.town.villages:
            first_of_zone.setdefault(village.zone, village.name)
        for index, village in enumerate(self.town.villages):
            rng = rng_for(self.seed, "checkpoints", village.name)
            prefix = f"JY{index + 1:02d}"
            sites = [("community", f"{village.name}村口防疫站点")]
            if village.population >= 4500 and rng.random() < 0.7:
                sites.append(("community", f"{village.name}{rng.choice(_ROADS)}防疫站点"))
            if first_of_zone[village.zone] == village.name:
                sites.append(("road", f"{village.name}{rng.choice(_ROADS)}道路卡点"))
            out[village.name] = [
                Checkpoint(
                    checkpoint_id=f"{prefix}-{k}",
                    name=name,
                    village=village.name,
                    kind=kind,
                    shifts_per_day=2 if kind == "road" or rng.random() < 0.3 else 1,
                    roster=[make_name(rng, rng.choice(("male", "female"))) for _ in range(8)],
                )
                for k, (kind, name) in enumerate(sites, start=1)
            ]
        return out

    def checkpoint_rows(self, village: str) -> list[dict]:
        """The village's checkpoints registry, sent on the first day."""
        return [checkpoint.row() for checkpoint in self.checkpoints[village]]

    def checkpoint_duty(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "checkpoint_duty", village, day)
        scale = self.villages[village].population / 4333
        rows = []
        for checkpoint in self.checkpoints[village]:
            for shift in checkpoint.shifts:
                if rng.random() < self.SHIFT_MISSED:
                    continue
                names = rng.sample(checkpoint.roster, rng.randint(2, 4))
                night = shift == "night"
                road = checkpoint.kind == "road"
                people = (10, 50) if night else ((60, 200) if road else (80, 300))
                vehicles = (5, 30) if night else ((30, 120) if road else (5, 40))
                rows.append(
                    dict(
                        checkpoint_id=checkpoint.checkpoint_id,
                        date=day,
                        shift=shift,
                        on_duty="、".join(names),
                        party_members=rng.randint(1, len(names)),
                        people_registered=round(rng.randint(*people) * scale),
                        vehicles_registered=round(rng.randint(*vehicles) * scale),
                        temperature_alerts=int(rng.random() < 0.03),
                        _spoilable=True,
                    )
                )
        return rows

    # -- screening ------------------------------------------------------------------------

    def _screening(self, village) -> dict[dt.date, tuple[int, int, int, int, int]]:
        """Households screened each day of the campaign: the :data:`CAMPAIGN_DAYS` days
        to the sample's end, reaching 85-100 % of the village's households; none before."""
        rng = rng_for(self.seed, "screening-plan", village.name)
        households = village_households(village)
        goal = households * rng.uniform(0.85, 1.0)
        end = self.days[-1]
        done, out = 0, {}
        for i in range(CAMPAIGN_DAYS):
            day = end - dt.timedelta(days=CAMPAIGN_DAYS - 1 - i)
            screened = max(0, round((goal - done) / (CAMPAIGN_DAYS - i) * rng.uniform(0.7, 1.3)))
            screened = min(screened, households - done)
            done += screened
            wave = max(0.2, 1 - i / CAMPAIGN_DAYS)  # returns fall off in March
            returnees = sum(1 for _ in range(screened // 10) if rng.random() < 0.05 * wave)
            risk = sum(1 for _ in range(returnees) if rng.random() < 0.15)
            referred = risk + sum(1 for _ in range(returnees - risk) if rng.random() < 0.2)
            people = round(screened * rng.uniform(2.8, 3.6))
            out[day] = (screened, people, returnees, risk, referred)
        return out

    def screening(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "screening", village, day)
        plan = self.screening_plan[village]
        screened, people, returnees, risk, referred = plan.get(day, (0, 0, 0, 0, 0))
        if not screened:
            return []
        cadre = rng.choice(self.registries.staff[village].cadres)
        return [
            dict(
                date=day,
                village=village,
                households_screened=screened,
                people_screened=people,
                returnees_found=returnees,
                risk_area_found=risk,
                referred=referred,
                screened_by=f"入户排查专班{cadre}等{rng.randint(4, 9)}人",
                _spoilable=True,
            )
        ]

    # -- patrols --------------------------------------------------------------------------

    def patrols(self, village: str, day: dt.date) -> list[dict]:
        """Last night's patrols (the night of the day before), sent the next afternoon."""
        rng = rng_for(self.seed, "patrols", village, day)
        night = day - dt.timedelta(days=1)
        rows = []
        for _ in range(0 if rng.random() < self.NO_PATROL else (2 if rng.random() < 0.05 else 1)):
            start = dt.datetime.combine(night, dt.time(rng.randint(19, 21), rng.choice((0, 30))))
            end = start + dt.timedelta(minutes=rng.randrange(120, 270, 15))
            patrollers = rng.randint(4, 10)
            issues = rng.choices((0, 1, 2), (82, 14, 4))[0]
            rows.append(
                dict(
                    date=night,
                    village=village,
                    started_at=start,
                    ended_at=end,
                    patrollers=patrollers,
                    party_members=rng.randint(1, max(1, patrollers // 2 + 1)),
                    issues_found=issues,
                    issues_detail="；".join(rng.sample(_PATROL_ISSUES, issues)) or None,
                    _spoilable=True,
                )
            )
        return rows

    # -- farming --------------------------------------------------------------------------

    def _farming(self, village) -> list[tuple[str, float, list[float]]]:
        """Per crop: planned area and the area sown by each day (cumulative)."""
        rng = rng_for(self.seed, "farming-plan", village.name)
        scale = village.population / 4333
        plan = []
        for crop in sorted(
            rng.sample(list(CROPS), rng.choice((2, 3, 3, 4))), key=list(CROPS).index
        ):
            low, high, start = CROPS[crop]
            planned = float(round(rng.uniform(low, high) * scale))
            sown, by_day = (start or 0.0) * planned * rng.uniform(0.5, 1.5), []
            for _ in self.days:
                if start is not None:
                    sown = min(planned, sown + planned * rng.uniform(0.01, 0.05))
                by_day.append(float(math.floor(sown)))
            plan.append((crop, planned, by_day))
        return plan

    def farming(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "farming", village, day)
        i = self.days.index(day)
        rows = []
        for crop, planned, by_day in self.farming_plan[village]:
            needs = ("none",)
            if rng.random() < 0.5 * (1 - i / max(1, len(self.days))) + 0.1:
                options = _CROP_NEEDS[crop]
                needs = tuple(sorted(rng.sample(options, rng.randint(1, 2)), key=options.index))
            detail = "；".join(_NEED_DETAIL[n] for n in needs if n in _NEED_DETAIL)
            rows.append(
                dict(
                    date=day,
                    village=village,
                    crop=crop,
                    planned_mu=planned,
                    sown_mu=by_day[i],
                    needs=needs,
                    needs_detail=detail or None,
                    _spoilable=True,
                )
            )
        return rows

    # -- employment -----------------------------------------------------------------------

    def employment(self, village: str, day: dt.date) -> list[dict]:
        """Job seekers (workers who cannot go back yet), jobs offered by reopened firms."""
        rng = rng_for(self.seed, "employment", village, day)
        reopened = [
            firm
            for firm in self.registries.firms_in(village)
            if firm.resume_on and firm.resume_on <= day and firm.closed_on is None
        ]
        seekers = rng.randint(0, round(6 * self.villages[village].population / 4333))
        offered = sum(rng.randint(0, 3) for _ in reopened)
        placed = min(offered, rng.randint(0, seekers + 2))
        return [
            dict(
                date=day,
                village=village,
                job_seekers=seekers,
                jobs_offered=offered,
                placed=placed,
                _spoilable=True,
            )
        ]

    # -- volunteers: the household served and party members -------------------------------

    #: Needs a purchase answers (as the welfare report links them), and the chance that
    #: a purchase goes to a household of the village with one of them open.
    PURCHASE_NEEDS = ("supplies", "medicine")
    FOR_NEEDS = 0.8

    def serve(self, rows: list[dict], village: str, day: dt.date, open_needs=None) -> list[dict]:
        """Party members among the volunteers, and purchases for registered households.

        Most days a village also buys for one or two vulnerable households (物资代购,
        one household served each), naming the household. Drawn from a stream of
        its own; the day's other rows keep their values and come first. The new rows
        are marked ``_duty_spoilable``: only the second pass of
        :class:`fangkong.sample.defects.Spoiler` may spoil them.

        ``open_needs`` (household -> needs a visit found and left open, as the
        welfare visits of the day left them) makes a purchase go, most of the time,
        to a household of the village with an open supplies or medicine need: a
        stream of its own picks it, so every other value drawn stays the same.
        """
        rng = rng_for(self.seed, "volunteers-served", village, day)
        pick = rng_for(self.seed, "volunteers-for-needs", village, day)
        for row in rows:
            if rng.random() < 0.8:
                row["party_members"] = rng.randint(0, row["volunteers"])
        households = self.registries.households_in(village, day)
        wanting = sorted(
            h.household_id
            for h in households
            if set((open_needs or {}).get(h.household_id, ())) & set(self.PURCHASE_NEEDS)
        )
        for _ in range(rng.choice((1, 1, 2)) if households and rng.random() < 0.6 else 0):
            volunteers = rng.randint(1, 2)
            household = rng.choice(households).household_id
            if wanting and pick.random() < self.FOR_NEEDS:
                household = pick.choice(wanting)
            rows.append(
                dict(
                    date=day,
                    village=village,
                    service="purchase",
                    served=1,
                    volunteers=volunteers,
                    note="为困难群众代购米面油、药品",
                    household_id=household,
                    party_members=rng.randint(0, volunteers),
                    _duty_spoilable=True,
                )
            )
        return rows
