"""The supermarkets (商超) of a sample town's enterprise registry.

Supermarkets stayed open through the epidemic to supply the town, so every one
has resumed before the period starts (the town file's target for them is 100 %).
They are added after the other firms and drawn from random streams of their own,
so that the other firms, and everything made from them, are as before.
"""

from __future__ import annotations

import datetime as dt

from fangkong.sample.people import make_credit_code, make_mobile, make_name, rng_for
from fangkong.sample.registries import Enterprise, Registries
from fangkong.town import Town

#: Supermarkets at scale 1 (about one per 10,000 people), in the largest villages.
SUPERMARKETS_PER_TOWN = 6
#: Firms whose returning workers come from elsewhere (the ledger's employers) and
#: that the volunteers' shuttles serve: factories, not shops or supermarkets.
FACTORIES = ("above_size", "below_size")
_WORDS = ("丹尼斯", "惠民", "万家福", "金誉", "好又多", "联华", "百姓", "福满家")
_KINDS = ("购物广场", "生活超市", "便民超市", "连锁超市")


def add_supermarkets(seed: int, town: Town, registries: Registries, end: dt.date) -> None:
    """Append the town's supermarkets to ``registries.enterprises`` and regroup them.

    Parameters
    ----------
    seed : int
    town : Town
        The (possibly scaled) town: K copies of the villages get K times as many.
    registries : Registries
    end : datetime.date
        The sample's last day.
    """
    rng = rng_for(seed, "supermarkets")
    copies = max(1, round(len(town.villages) / 15))
    largest = sorted(town.villages, key=lambda village: -village.population)
    taken = {firm.name for firm in registries.enterprises}
    for k in range(SUPERMARKETS_PER_TOWN * copies):
        village = largest[k % len(largest)]
        name, branch = f"{rng.choice(_WORDS)}{rng.choice(_KINDS)}", 2
        unique = name
        while unique in taken:
            unique, branch = f"{name}{village.name}{branch}店", branch + 1
        taken.add(unique)
        registries.enterprises.append(
            Enterprise(
                enterprise_id=make_credit_code(rng),
                name=unique,
                village=village.name,
                category="supermarket",
                staff_total=rng.randint(8, 40),
                contact=make_name(rng, rng.choice(("male", "female"))),
                phone=make_mobile(rng),
                officer=make_name(rng, rng.choice(("male", "female"))),
                resume_on=end - dt.timedelta(days=rng.randint(30, 45)),
            )
        )
    registries.reindex()
