"""What the report classes share (fangkong.reports.base)."""

from __future__ import annotations

import pandas as pd


def test_computed_once_hands_out_copies():
    from fangkong.reports.base import computed_once

    class Report:
        calls = 0

        @computed_once
        def frame(self):
            """A frame."""
            Report.calls += 1
            return pd.DataFrame({"a": [1, 2]})

    report = Report()
    first = report.frame()
    first.loc[0, "a"] = 99  # a caller changing its copy changes nothing else
    assert report.frame()["a"].tolist() == [1, 2]
    assert Report.calls == 1 and Report.frame.__doc__ == "A frame."
    Report().frame()
    assert Report.calls == 2  # once per report
