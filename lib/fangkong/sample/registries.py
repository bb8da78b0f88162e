"""The registries of a sample town: vulnerable households, enterprises, and staff.

Everything here is decided once for the whole period: who is registered, who
joins or leaves on which day, each household's visiting rhythm and each firm's
resumption date, so that the daily tables only read these decisions.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from fangkong.sample.people import (
    LOCAL_AREA,
    People,
    Person,
    make_credit_code,
    make_mobile,
    make_name,
    rng_for,
)
from fangkong.town import Town

#: The three firms the source article names, all above-size: name -> staff total.
NAMED_FIRMS = {"河南康晖水泥制品有限公司": 260, "首创奥莱": 420, "豫能热电": 380}
#: Firms per category at scale 1 (about 120, as in the demo town).
FIRMS_PER_TOWN = {"above_size": 18, "below_size": 42, "street_shop": 60}
#: Share of firms of a category still closed on the last day (targets 100/90/80 %).
NOT_RESUMED_SHARE = {"above_size": 0.0, "below_size": 0.05, "street_shop": 0.13}
#: Vulnerable households per inhabitant (about 600 in a town of 65,000).
HOUSEHOLDS_PER_PERSON = 600 / 65000
_CATEGORY_WEIGHTS = {
    "elderly": 35,
    "subsistence": 25,
    "registered_poor": 20,
    "disabled": 12,
    "extreme_poverty": 8,
}
_FIRM_WORDS = (
    "宏达",
    "鑫源",
    "华通",
    "恒泰",
    "金鼎",
    "永安",
    "盛世",
    "中原",
    "嘉禾",
    "瑞丰",
    "天成",
    "豫丰",
    "佳美",
    "兴旺",
    "广源",
    "正阳",
    "东方",
    "万通",
    "顺发",
    "康源",
    "富民",
    "利民",
)
_INDUSTRIES = {
    "above_size": ("建材", "耐火材料", "机械制造", "新材料", "食品", "物流", "电力设备", "包装"),
    "below_size": ("商贸", "农业科技", "五金", "建材", "汽修", "印刷", "服装", "家具"),
}
_SHOPS = (
    "超市",
    "便利店",
    "药店",
    "餐馆",
    "理发店",
    "五金店",
    "粮油店",
    "农资店",
    "早餐店",
    "手机店",
)


@dataclass
class Staff:
    """A village's four-to-one team members and other workers (names)."""

    police: list[str]
    doctors: list[str]
    town_staff: list[str]
    cadres: list[str]
    disinfectors: list[str]


@dataclass
class Household:
    """A vulnerable household and how often it gets visited."""

    household_id: str
    village: str
    head: Person
    phone: str | None
    categories: tuple[str, ...]
    members: int
    address: str
    cadre: str
    registered_on: dt.date
    visit_every: int | None  # days between visits; None = never visited
    visit_offset: int = 0

    def row(self) -> dict:
        return dict(
            household_id=self.household_id,
            village=self.village,
            head_name=self.head.name,
            head_id_number=self.head.person_id,
            phone=self.phone,
            categories=self.categories,
            members=self.members,
            address=self.address,
            cadre=self.cadre,
            status="active",
        )


@dataclass
class Enterprise:
    """A firm, when it resumes work and whether it closes during the period."""

    enterprise_id: str
    name: str
    village: str
    category: str
    staff_total: int
    contact: str
    phone: str
    officer: str | None
    resume_on: dt.date | None  # None = still closed on the last day
    closed_on: dt.date | None = None
    returned_base: int = 0  # workers back before the period (already out of quarantine)

    def row(self, status: str = "active") -> dict:
        return dict(
            enterprise_id=self.enterprise_id,
            name=self.name,
            village=self.village,
            category=self.category,
            staff_total=self.staff_total,
            contact=self.contact,
            phone=self.phone,
            prevention_officer=self.officer,
            status=status,
        )


@dataclass
class Registries:
    """Households, firms and staff of a sample town."""

    households: list[Household]
    enterprises: list[Enterprise]
    staff: dict[str, Staff]
    office_callers: list[str]
    village_index: dict[str, int] = field(default_factory=dict)
    _households_by_village: dict = field(default_factory=dict, init=False, repr=False)
    _firms_by_village: dict = field(default_factory=dict, init=False, repr=False)

    def reindex(self) -> None:
        """Group households and firms by village; call after adding any."""
        self._households_by_village = _group(self.households)
        self._firms_by_village = _group(self.enterprises)

    def households_in(self, village: str, day: dt.date) -> list[Household]:
        """Households of a village registered by ``day``."""
        return [
            household
            for household in self._households_by_village.get(village, [])
            if household.registered_on <= day
        ]

    def firms_in(self, village: str) -> list[Enterprise]:
        """Firms of a village, closed ones included."""
        return self._firms_by_village.get(village, [])

    def active_firms(self, day: dt.date) -> list[Enterprise]:
        return [firm for firm in self.enterprises if firm.closed_on is None or firm.closed_on > day]


def _group(items) -> dict[str, list]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.village, []).append(item)
    return groups


def _staff(seed: int, village: str) -> Staff:
    rng = rng_for(seed, "staff", village)

    def names(n):
        return [make_name(rng, rng.choice(("male", "female"))) for _ in range(n)]

    return Staff(names(1), names(2), names(1), names(3), names(2))


def _household(rng, people, village, index, seq, staff, registered_on) -> Household:
    cats, weights = list(_CATEGORY_WEIGHTS), list(_CATEGORY_WEIGHTS.values())
    first = rng.choices(cats, weights)[0]
    categories = [first]
    if rng.random() < 0.15:
        categories.append(rng.choice([category for category in cats if category != first]))
    categories.sort(key=cats.index)
    elderly = "elderly" in categories
    head = people.make(
        rng, born=(1928, 1952) if elderly else (1945, 1985), area=LOCAL_AREA, landline_share=0.3
    )
    roll = rng.random()
    every = rng.randint(3, 6) if roll < 0.8 else (rng.randint(8, 12) if roll < 0.95 else None)
    return Household(
        household_id=f"H{index + 1:03d}{seq:04d}",
        village=village.name,
        head=head,
        phone=None if rng.random() < 0.05 else head.phone,
        categories=tuple(categories),
        members=rng.randint(1, 2) if elderly else rng.randint(1, 6),
        address=f"{village.name}{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
        cadre=rng.choice(staff.cadres),
        registered_on=registered_on,
        visit_every=every,
        visit_offset=rng.randrange(every or 1),
    )


def _households(seed, people, village, index, staff, first_day) -> list[Household]:
    rng = rng_for(seed, "households", village.name)
    count = max(3, round(village.population * HOUSEHOLDS_PER_PERSON))
    return [
        _household(rng, people, village, index, seq, staff, first_day)
        for seq in range(1, count + 1)
    ]


def _firm_counts(town: Town, scale_factor: float) -> dict[str, dict[str, int]]:
    """Firms per village and category, in proportion to population (largest remainder)."""
    total_pop = sum(village.population for village in town.villages) or 1
    counts = {}
    for category, per_town in FIRMS_PER_TOWN.items():
        wanted = round(per_town * scale_factor)
        shares = [village.population / total_pop * wanted for village in town.villages]
        base = [math.floor(share) for share in shares]
        order = sorted(range(len(shares)), key=lambda i: base[i] - shares[i])
        for i in order[: wanted - sum(base)]:
            base[i] += 1
        counts[category] = {village.name: n for village, n in zip(town.villages, base)}
    return counts


def _firm_name(rng, category: str, taken: set[str]) -> str:
    word = rng.choice(_FIRM_WORDS)
    if category == "street_shop":
        owner = make_name(rng, "male")[0] + "记"
        name = f"{owner if rng.random() < 0.5 else word}{rng.choice(_SHOPS)}"
    else:
        prefix = rng.choice(("荥阳市", "郑州", "河南"))
        name = f"{prefix}{word}{rng.choice(_INDUSTRIES[category])}有限公司"
    # The name space is small for a city-sized sample: later namesakes are branches.
    branch, unique = 2, name
    while unique in taken:
        unique = f"{name}{branch}店" if category == "street_shop" else f"{name}第{branch}分公司"
        branch += 1
    taken.add(unique)
    return unique


def _enterprises(seed, town, days, end, scale_factor) -> list[Enterprise]:
    counts = _firm_counts(town, scale_factor)
    taken: set[str] = set(NAMED_FIRMS)
    firms: list[Enterprise] = []
    named = list(NAMED_FIRMS.items())
    # The named firms sit in the first, seventh and tenth village (any would do).
    homes = [town.villages[i % len(town.villages)].name for i in (0, 6, 9)]
    for (name, staff_total), village in zip(named, homes):
        counts["above_size"][village] = max(0, counts["above_size"][village] - 1)
        rng = rng_for(seed, "firm", name)
        firms.append(_firm(rng, name, village, "above_size", staff_total, end))
    for village in town.villages:
        rng = rng_for(seed, "firms", village.name)
        for category in FIRMS_PER_TOWN:
            for _ in range(counts[category][village.name]):
                staff_total = {
                    "above_size": rng.randint(100, 600),
                    "below_size": rng.randint(12, 90),
                    "street_shop": rng.randint(1, 8),
                }[category]
                firms.append(
                    _firm(
                        rng,
                        _firm_name(rng, category, taken),
                        village.name,
                        category,
                        staff_total,
                        end,
                    )
                )
    _decide_resumption(seed, firms, end)
    return firms


def _firm(rng, name, village, category, staff_total, end) -> Enterprise:
    shop = category == "street_shop"
    return Enterprise(
        enterprise_id=make_credit_code(rng, sole_trader=shop),
        name=name,
        village=village,
        category=category,
        staff_total=staff_total,
        contact=make_name(rng, rng.choice(("male", "female"))),
        phone=make_mobile(rng),
        officer=None if shop else make_name(rng, rng.choice(("male", "female"))),
        resume_on=end,
        returned_base=0 if shop else round(staff_total * rng.uniform(0.02, 0.08)),
    )


def _decide_resumption(seed: int, firms: list[Enterprise], end: dt.date) -> None:
    """Resumption dates rising towards ``end``; a fixed share still closed at the end."""
    rng = rng_for(seed, "resumption")
    earliest = {"above_size": 25, "below_size": 24, "street_shop": 22}
    for category, share in NOT_RESUMED_SHARE.items():
        group = [firm for firm in firms if firm.category == category]
        closed = set(rng.sample(range(len(group)), math.floor(len(group) * share)))
        for i, firm in enumerate(group):
            latest = 3 if category == "above_size" else 0
            firm.resume_on = (
                None
                if i in closed
                else end - dt.timedelta(days=rng.randint(latest, earliest[category]))
            )


def build_registries(town: Town, days: list[dt.date], seed: int, people: People) -> Registries:
    """Decide the households, firms and staff of a sample town.

    Parameters
    ----------
    town : Town
        The (possibly scaled) town.
    days : list of datetime.date
        The sample's days, in order.
    seed : int
    people : People
        The ID registry shared by the whole sample.

    Returns
    -------
    Registries
    """
    staff = {village.name: _staff(seed, village.name) for village in town.villages}
    households = []
    for index, village in enumerate(town.villages):
        households += _households(seed, people, village, index, staff[village.name], days[0])
    scale_factor = sum(village.population for village in town.villages) / 65000
    firms = _enterprises(seed, town, days, days[-1], scale_factor)
    rng = rng_for(seed, "office")
    callers = [
        make_name(rng, rng.choice(("male", "female"))) for _ in range(max(3, len(town.zones)))
    ]
    registries = Registries(
        households,
        firms,
        staff,
        callers,
        {village.name: i for i, village in enumerate(town.villages)},
    )
    _later_updates(seed, town, days, people, registries)
    registries.reindex()
    return registries


def _later_updates(seed, town, days, people, registries: Registries) -> None:
    """A few registry changes after the first day: new households, a closed shop."""
    if len(days) < 2:
        return
    rng = rng_for(seed, "updates")
    copies = max(1, round(len(town.villages) / 15))
    for _ in range(2 * copies):
        village = rng.choice(town.villages)
        day = days[rng.randrange(1, len(days))]
        index = registries.village_index[village.name]
        seq = 1 + sum(1 for household in registries.households if household.village == village.name)
        new = _household(rng, people, village, index, seq, registries.staff[village.name], day)
        # A newly registered household is visited on the day it is registered.
        new.visit_every, new.visit_offset = rng.randint(3, 6), 0
        registries.households.append(new)
    shops = [
        firm
        for firm in registries.enterprises
        if firm.category == "street_shop" and firm.resume_on is None
    ]
    for firm in rng.sample(shops, min(len(shops), copies)):
        firm.closed_on = days[rng.randrange(1, len(days))]
