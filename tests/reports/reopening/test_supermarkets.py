"""Supermarkets (商超) as their own category in the assembled reopening report.

The demo town's target for supermarkets is 100 % (they stayed open to supply the
town). Three supermarkets and one above-size firm, on a store of two days:

- D-1 (03-09): M1 open, M2 and M3 closed; A1 open.
- D (03-10): M1 and M2 open, M3 still closed; A1 open.

So supermarkets resume 1 of 3 (33.3 %) on D-1 and 2 of 3 (66.7 %) on D, below their
target both days; the town 2 of 4 (50 %) then 3 of 4 (75 %).
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.reopening.report import ReopeningReport
from fangkong.store.database import Store
from reopening_rows import firm, report
from repo_paths import DEMO_TOWN_FILE
from report_rows import frame, save

D = "2020-03-10"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('supermarkets') / 'store.db'}"
    store = Store(url)
    firms = [
        firm("M1", "槐林村", "supermarket", 20),
        firm("M2", "南河村", "supermarket", 10),
        firm("M3", "石门村", "supermarket", 10),
        firm("A1", "槐林村", "above_size", 100),
    ]
    save(store, "enterprises", frame("enterprises", firms), day="2020-03-01",
         at="2020-03-01 09:00")  # fmt: skip
    opened = {"2020-03-09": {"M1", "A1"}, D: {"M1", "M2", "A1"}}
    for day, open_ in opened.items():
        rows = [
            report(f["enterprise_id"], day, f["enterprise_id"] in open_, masks=500) for f in firms
        ]
        save(store, "enterprise_status", frame("enterprise_status", rows), day=day,
             at=f"{day} 12:00", villages=["槐林村", "南河村", "石门村"])  # fmt: skip
    try:
        made = ReopeningReport.from_store(D, str(DEMO_TOWN_FILE), url, trend_days=2)
        made.follow(store, recorded_at=pd.Timestamp(f"{D} 18:30"))
        return made, made.sidecar().payload
    finally:
        store.close()


def test_supermarkets_have_their_rate_against_their_target(made):
    _, sidecar = made
    figures = sidecar["figures"]
    assert (figures["supermarket_firms"], figures["supermarket_resumed"]) == (3, 2)
    assert figures["supermarket_rate"] == pytest.approx(2 / 3)
    assert figures["supermarket_target"] == 1.0 and figures["supermarket_met"] is False
    # The cards: the town's rate and the supermarkets', each against D-1 in points.
    assert sidecar["headline"]["rate"] == {
        "value": 0.75,
        "previous": 0.5,
        "change": 0.25,
        "format": "rate",
    }
    assert sidecar["headline"]["supermarket_rate"] == {
        "value": 0.6667,
        "previous": 0.3333,
        "change": 0.333,  # to a tenth of a point
        "format": "rate",
    }


def test_supermarkets_below_target_are_an_alert_and_in_the_paragraph(made):
    report_, sidecar = made
    below = [i for i in sidecar["alert_items"] if i["kind"] == "categories_below_target"]
    assert len(below) == 1 and "商超" in below[0]["detail"]
    assert below[0]["key"].startswith("R")
    assert "商超66.7%（目标100%）" in sidecar["paragraph"]["text"]
    cards = "".join(report_.headline().parts)
    assert "商超复工率" in cards and "66.7%" in cards and "+33.3个百分点" in cards
    table = "".join(report_.resumption().parts)
    assert "商超" in table
