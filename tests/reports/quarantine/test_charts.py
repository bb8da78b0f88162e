"""The quarantine report's charts: the stock in quarantine apart from the day's flows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fangkong.catalogue import text
from fangkong.reports.quarantine import charts as qc
from fangkong.reports.quarantine.trend import TREND_COLUMNS

FLOWS = {c: text(f"q.trend.{c}") for c in TREND_COLUMNS[1:]}


@pytest.fixture
def frame():
    # A town's fortnight: 55 to 74 people in quarantine, a handful coming and going.
    rng = np.random.default_rng(7)
    out = pd.DataFrame({"date": pd.date_range("2020-02-26", periods=14)})
    out["in_quarantine"] = pd.array(rng.integers(55, 75, 14), dtype="Int64")
    for column in TREND_COLUMNS[1:]:
        out[column] = pd.array(rng.integers(0, 9, 14), dtype="Int64")
    return out


def _lines(ax) -> dict:
    """Label -> y data of each labelled line of an axes."""
    return {
        line.get_label(): list(line.get_ydata()) for line in ax.lines if line.get_label()[0] != "_"
    }


def test_stock_and_flows_are_on_different_axes(frame):
    stock = qc.stock_chart(frame, "在隔离", "人").axes
    flows = qc.flows_chart(frame, FLOWS, "每日").axes
    assert len(stock) == len(flows) == 1
    (line,) = stock[0].lines
    assert list(line.get_ydata()) == list(frame["in_quarantine"].astype(float))
    drawn = _lines(flows[0])
    assert list(drawn) == list(FLOWS.values())  # released and transferred among them
    for column, label in FLOWS.items():
        assert drawn[label] == list(frame[column].astype(float))
    # The flows' axis is scaled to the flows (0 to 8), not stretched to the stock's 55-74.
    assert 8 <= flows[0].get_ylim()[1] < 55 <= frame["in_quarantine"].min()
    assert stock[0].get_ylim()[1] >= frame["in_quarantine"].max()
    # Today's stock written by the line's end.
    assert f"{frame['in_quarantine'].iloc[-1]}人" in [t.get_text() for t in stock[0].texts]


def test_the_email_chart_has_both_panels(frame):
    fig = qc.trend_panels(frame, FLOWS, ("在隔离人数（人）", "每日（人/日）"), "某镇 近14日", "人")
    top, bottom = fig.axes
    assert top.get_title(loc="left") == "在隔离人数（人）" and len(top.lines) == 1
    assert list(_lines(bottom)) == list(FLOWS.values())
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(FLOWS.values())
