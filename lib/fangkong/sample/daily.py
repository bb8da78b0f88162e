"""Village livelihood tables: welfare visits, gas requests, produce, volunteers, donations.

Each method returns the canonical rows one village (or the town, for donations)
sends for one day. Rows that may take an injected defect without disturbing
other tables carry ``_spoilable=True``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fangkong.sample.people import make_mobile, make_name, rng_for
from fangkong.sample.registries import NAMED_FIRMS, Registries
from fangkong.sample.supermarkets import FACTORIES
from fangkong.town import Town

#: Farm products: name -> usual daily sales at one village (kg, low and high).
PRODUCTS = {
    "小麦": (500, 2000),
    "蔬菜": (200, 1500),
    "大蒜": (300, 1500),
    "苹果": (200, 800),
    "柿饼": (50, 300),
    "红薯": (100, 600),
    "山药": (100, 500),
    "蜂蜜": (10, 50),
}
CHANNELS = ("超市对接", "线上团购", "批发市场", "社区配送", "电商平台", "农超对接")
BACKLOG_DAYS = 6  # visits of the week before the first day, sent with the first file
_NEED_DETAIL = {
    "supplies": ("需要米面油", "需要代购蔬菜"),
    "medicine": ("需要代购降压药", "需要胰岛素"),
    "gas": ("煤气快用完了",),
    "medical": ("需要陪同就医", "腿疼需要看医生"),
    "other": ("家中电路故障", "需要帮忙取快递"),
}
_DONATED_GOODS = {
    "口罩": (1000, 10000),
    "消毒液": (50, 500),
    "方便面": (50, 300),
    "蔬菜": (200, 2000),
    "防护服": (20, 200),
}


@dataclass
class GasRequest:
    request_id: str
    village: str
    household_id: str | None
    contact_name: str
    phone: str
    cylinders: int
    urgency: str
    reported_at: dt.datetime
    delivered_at: dt.datetime | None

    def row(self, delivered: bool) -> dict:
        return dict(
            request_id=self.request_id,
            village=self.village,
            household_id=self.household_id,
            contact_name=self.contact_name,
            phone=self.phone,
            cylinders=self.cylinders,
            urgency=self.urgency,
            reported_at=self.reported_at,
            delivered_at=self.delivered_at if delivered else None,
        )


class Livelihood:
    """Welfare, gas, produce, volunteer and donation records of a sample town.

    Parameters
    ----------
    town : Town
    registries : Registries
    days : list of datetime.date
    seed : int
    """

    def __init__(self, town: Town, registries: Registries, days: list[dt.date], seed: int):
        self.town, self.registries, self.days, self.seed = town, registries, days, seed
        hour, minute = (int(part) for part in town.policy.cutoff.split(":"))
        self.cutoff = dt.time(hour, minute)
        self.gas = {village.name: self._gas_requests(village) for village in town.villages}
        # Household -> needs found and not yet settled (visits are made day by day).
        self.open_needs: dict[str, tuple[str, ...]] = {}
        self.produce_lines = {village.name: self._produce(village) for village in town.villages}

    def _at_cutoff(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.cutoff)

    # -- welfare visits -----------------------------------------------------------------

    def welfare_visits(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "visits", village, day)
        staff = self.registries.staff[village]
        dates = [day]
        if day == self.days[0]:
            dates = [day - dt.timedelta(days=k) for k in range(BACKLOG_DAYS, -1, -1)]
        anchor = self.days[0] - dt.timedelta(days=BACKLOG_DAYS)
        rows = []
        households = self.registries.households_in(village, day)
        for when in dates:
            for household in households:
                every = household.visit_every
                if every is None or when < household.registered_on - dt.timedelta(
                    days=BACKLOG_DAYS
                ):
                    continue
                base = (
                    anchor if household.registered_on == self.days[0] else household.registered_on
                )
                if (when - base).days % every != household.visit_offset:
                    continue
                # A need left open is taken up again, and mostly settled, on the next visit.
                needs = self.open_needs.pop(household.household_id, None)
                settle = 0.85
                if needs is None:
                    needs, settle = ("none",), 0.7
                    if rng.random() < 0.2:
                        needs = tuple(sorted(rng.sample(list(_NEED_DETAIL), rng.choice((1, 1, 2)))))
                resolved = None if needs == ("none",) else rng.random() < settle
                if resolved is False:
                    self.open_needs[household.household_id] = needs
                detail = "；".join(rng.choice(_NEED_DETAIL[n]) for n in needs if n in _NEED_DETAIL)
                rows.append(
                    dict(
                        household_id=household.household_id,
                        visited_on=when,
                        visitor=household.cadre
                        if rng.random() < 0.85
                        else rng.choice(staff.cadres),
                        needs=needs,
                        needs_detail=detail or None,
                        resolved=resolved,
                        _spoilable=True,
                    )
                )
        return rows

    # -- gas requests -------------------------------------------------------------------

    def _gas_requests(self, village) -> list[GasRequest]:
        rng = rng_for(self.seed, "gas", village.name)
        index = self.registries.village_index[village.name]
        rate = 0.6 * village.population / 4333
        out = []
        for day in self.days:
            households = self.registries.households_in(village.name, day)
            n = sum(1 for _ in range(8) if rng.random() < rate / 8)
            for k in range(1, n + 1):
                household = rng.choice(households) if households and rng.random() < 0.4 else None
                contact = (
                    household.head.name
                    if household
                    else make_name(rng, rng.choice(("male", "female")))
                )
                phone = household.phone if household and household.phone else make_mobile(rng)
                urgency = rng.choices(("urgent", "soon", "normal"), (20, 30, 50))[0]
                reported = dt.datetime.combine(
                    day, dt.time(rng.randint(7, 16), rng.randrange(0, 60, 5))
                )
                hours = {"urgent": (1, 5), "soon": (2, 12), "normal": (4, 20)}[urgency]
                delay = rng.uniform(*hours) + (rng.uniform(24, 40) if rng.random() < 0.04 else 0)
                delivered = reported + dt.timedelta(hours=delay)
                if delivered.hour >= 20:  # nobody delivers at night: first thing next morning
                    delivered = dt.datetime.combine(
                        delivered.date() + dt.timedelta(days=1), dt.time(8)
                    )
                elif delivered.hour < 7:
                    delivered = dt.datetime.combine(delivered.date(), dt.time(8))
                delivered = delivered.replace(
                    minute=delivered.minute // 5 * 5, second=0, microsecond=0
                )
                out.append(
                    GasRequest(
                        request_id=f"G{index + 1:03d}-{day:%Y%m%d}-{k:02d}",
                        village=village.name,
                        household_id=household.household_id if household else None,
                        contact_name=contact,
                        phone=phone,
                        cylinders=rng.choices((1, 2, 3), (80, 18, 2))[0],
                        urgency=urgency,
                        reported_at=reported,
                        delivered_at=delivered,
                    )
                )
        return out

    def gas_requests(self, village: str, day: dt.date) -> list[dict]:
        """New requests of ``day`` and updates of older ones delivered since the last cut-off."""
        cutoff, previous = self._at_cutoff(day), self._at_cutoff(day - dt.timedelta(days=1))
        rows = []
        for request in self.gas[village]:
            if request.reported_at.date() == day:
                row = request.row(request.delivered_at <= cutoff)
                row["_spoilable"] = True
                rows.append(row)
            elif request.reported_at.date() < day and previous < request.delivered_at <= cutoff:
                rows.append(request.row(True))
        return rows

    # -- produce ------------------------------------------------------------------------

    def _produce(self, village) -> dict[dt.date, list[dict]]:
        rng = rng_for(self.seed, "produce", village.name)
        lines = []
        for product in rng.sample(list(PRODUCTS), rng.choice((1, 2, 2, 3))):
            usual = rng.uniform(*PRODUCTS[product]) * village.population / 4333
            surplus = rng.random() < 0.2
            keep_days = rng.uniform(10, 25) if surplus else rng.uniform(2, 6)
            lines.append(
                [product, usual, surplus, keep_days, usual * keep_days, rng.choice(CHANNELS)]
            )
        out = {}
        for i, day in enumerate(self.days):
            progress = i / max(1, len(self.days) - 1)
            rows = []
            for line in lines:
                product, usual, surplus, keep_days, stock, channel = line
                sold = usual * rng.uniform(0.7, 1.3) * (0.8 + 0.4 * progress)
                if surplus:
                    demand = sold * rng.uniform(0.9, 1.05)
                    harvest = sold * rng.uniform(0.9, 1.1)
                else:
                    demand = sold * rng.uniform(1.0, 1.4)
                    harvest = sold * (
                        rng.uniform(0.8, 1.2)
                        if stock < usual * keep_days
                        else rng.uniform(0.5, 0.9)
                    )
                sold = min(sold, stock + harvest)
                stock = stock - sold + harvest
                line[4] = stock
                rows.append(
                    dict(
                        date=day,
                        village=village.name,
                        product=product,
                        stock_kg=float(round(stock)),
                        sold_kg=float(round(sold)),
                        demand_kg=float(round(demand)),
                        channel=channel if rng.random() < 0.9 else rng.choice(CHANNELS),
                        _spoilable=True,
                    )
                )
            out[day] = rows
        return out

    def produce(self, village: str, day: dt.date) -> list[dict]:
        return [dict(line) for line in self.produce_lines[village][day]]

    # -- volunteers and donations -------------------------------------------------------

    def volunteer_services(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "volunteers", village, day)
        firms = [
            firm
            for firm in self.registries.firms_in(village)
            if firm.category in FACTORIES and firm.resume_on and firm.resume_on <= day
        ]
        chances = {
            "purchase": 0.55,
            "haircut": 0.12,
            "health_check": 0.2,
            "shuttle": 0.5 if firms else 0.0,
            "disinfection": 0.3,
            "other": 0.05,
        }
        served_range = {
            "purchase": (10, 60),
            "haircut": (5, 20),
            "health_check": (10, 40),
            "shuttle": (5, 30),
            "disinfection": (20, 80),
            "other": (3, 15),
        }
        rows = []
        for service, chance in chances.items():
            if rng.random() >= chance:
                continue
            served = rng.randint(*served_range[service])
            note = None
            if service == "shuttle":
                note = f"爱心专车送岗：送{served}名职工到{rng.choice(firms).name}"
            elif service == "purchase":
                note = "为居家隔离户代购生活物资"
            rows.append(
                dict(
                    date=day,
                    village=village,
                    service=service,
                    served=served,
                    volunteers=rng.randint(1, 3 if service in ("shuttle", "haircut") else 8),
                    note=note,
                    _spoilable=True,
                )
            )
        return rows

    def donations(self, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "donations", day)
        copies = max(1, round(len(self.town.villages) / 15))
        villages = self.town.village_names
        rows = []
        for _ in range(sum(1 for _ in range(4 * copies) if rng.random() < 0.35)):
            roll = rng.random()
            if roll < 0.3:
                donor = rng.choice(list(NAMED_FIRMS))
            elif roll < 0.6:
                donor = "爱心人士" + make_name(rng, rng.choice(("male", "female")))
            else:
                donor = f"{rng.choice(villages)}在外乡贤"
            row = dict(
                date=day,
                donor=donor,
                village=rng.choice(villages) if rng.random() < 0.5 else None,
                _spoilable=True,
            )
            if rng.random() < 0.5:
                row.update(
                    kind="money",
                    amount_yuan=float(rng.choice((500, 1000, 2000, 5000, 10000, 50000))),
                )
            else:
                item = rng.choice(list(_DONATED_GOODS))
                row.update(
                    kind="goods", items=item, quantity=float(rng.randint(*_DONATED_GOODS[item]))
                )
            rows.append(row)
        return rows
