"""The welfare report's inputs read from a real store (tests/welfare_rows.py, ``fill_store``)."""

from __future__ import annotations

import pytest
from fangkong.reports.welfare import data as welfare_data
from fangkong.reports.welfare import figures as welfare_figures
from fangkong.reports.welfare import trend as welfare_trend
from welfare_rows import DAY, fill_store


@pytest.fixture
def loaded(store):
    return fill_store(store)


def test_load_inputs_reads_what_the_report_needs(loaded, town):
    inputs = welfare_data.load_inputs(loaded, town, DAY, days=2)
    head = welfare_figures.headline(inputs, town, DAY)["figures"]
    assert (head["households"], head["covered"], head["never_visited"]) == (6, 2, 2)
    assert head["open_needs"] == 4
    assert (head["gas_received"], head["gas_delivered"], head["gas_pending"]) == (6, 2, 6)
    assert head["gas_median_hours_to_delivery"] == 8
    assert head["produce_stock_kg"] == 2200
    assert (head["services_volunteers"], head["workers_carried_to_date"]) == (9, 40)
    assert head["money_yuan_to_date"] == 62000
    trend = welfare_trend.trend(inputs, town, DAY, days=2)
    assert trend["households"].tolist() == [5, 6]  # H7 registered on 03-10
    assert trend["gas_delivered"].tolist() == [1, 2]  # R5, delivered 03-09 12:00
    assert trend["gas_pending"].tolist() == [2, 6]
