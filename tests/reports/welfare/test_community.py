"""Produce, volunteer services and donations.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import pandas as pd
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.welfare import community
from welfare_rows import DAY


def test_produce_by_product(produce):
    table = community.produce_by_product(produce, DAY)
    cols = ["product", "villages", "stock_kg", "sold_kg", "demand_kg", "balance_kg"]
    assert table[cols].values.tolist() == [
        ["白菜", 2, 1900, 250, 200, -50],
        ["蒜苗", 1, 300, 0, 0, 0],
        ["草莓", 1, 0, 0, 20, 20],
        [TOTAL, 4, 2200, 250, 220, -30],
    ]


def test_produce_surplus(produce, town):
    surplus = community.produce_surplus(produce, town, DAY)
    assert surplus[["village", "product"]].values.tolist() == [
        ["槐林村", "白菜"],
        ["南河村", "蒜苗"],
    ]
    assert surplus["days_of_sales"].iloc[0] == 8
    assert pd.isna(surplus["days_of_sales"].iloc[1])
    assert surplus["channel"].iloc[0] == "电商;超市"
    assert surplus["zone"].tolist() == ["第一战区", "第二战区"]


def test_services_by_type(services):
    table = community.services_by_type(services, DAY).set_index("service")
    assert table.loc["purchase"].tolist() == [2, 40, 7, 2, 40, 7]
    assert table.loc["shuttle"].tolist() == [2, 20, 2, 3, 40, 4]
    assert table.loc["haircut"].tolist() == [0, 0, 0, 1, 15, 3]
    assert table.loc["health_check"].tolist() == [0] * 6
    assert table.loc[TOTAL].tolist() == [4, 60, 9, 6, 95, 14]


def test_shuttle_summary(services):
    assert community.shuttle_summary(services, DAY) == {
        "shuttle_trips_today": 2,
        "workers_carried_today": 20,
        "shuttle_trips_to_date": 3,
        "workers_carried_to_date": 40,
    }


def test_donations_summary(donations):
    table = community.donations_summary(donations, DAY).set_index("kind")
    assert table.loc["money"].tolist() == [2, 3, 52000, 62000]
    assert table.loc["goods", ["donations_today", "donations_to_date"]].tolist() == [1, 3]
    assert pd.isna(table.loc["goods", "amount_yuan_today"])


def test_goods_by_item(donations):
    table = community.goods_by_item(donations, DAY)
    assert table.values.tolist() == [["口罩", 1, 1000, 2, 1500], ["消毒液", 0, 0, 1, 200]]
    today = community.donations_today(donations, DAY)
    assert today["donor"].tolist() == ["个人乙", "公司甲", "超市丙"]
