"""The reopening report's inputs read from a real store (tests/reopening_rows.py,
``fill_store``).
"""

from __future__ import annotations

from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import figures as reopening_figures
from fangkong.reports.reopening import trend as reopening_trend
from reopening_rows import DAY, fill_store


def test_load_inputs_gives_the_same_report_as_the_frames(store, enterprises, status, ledger, town):
    """The store's reads must give the figures worked out by hand from the
    frames (test_headline)."""
    fill_store(store)
    inputs = reopening_data.load_inputs(store, town, DAY)
    expected = reopening_data.ReopeningInputs(enterprises, status, ledger)
    assert reopening_figures.headline(inputs, town, DAY) == reopening_figures.headline(
        expected, town, DAY
    )
    trend = reopening_trend.trend(inputs, town, DAY, days=2)
    street = trend[trend["category"] == "street_shop"]
    assert street["firms"].tolist() == [1, 2]  # S2 registered on 03-10
    assert street["resumed"].tolist() == [0, 1]
