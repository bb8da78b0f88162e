"""The day's paragraph of a report: the part of the report base that writes it.

:class:`DayParagraph` is mixed into :class:`fangkong.reports.base.Report`: it
opens with the cut-off, asks the report for its sentences
(:meth:`Report.paragraph_body`), and ends with the follow-up of alerts. A
report's sentences use :meth:`DayParagraph.figure`, :meth:`DayParagraph.add_change`
and :meth:`DayParagraph.add_run`, so that every number records its sidecar field.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.paragraph import Number, Paragraph, change_key, number, streak


class DayParagraph:
    """The paragraph of the day, for a report (see the module docstring)."""

    def figure(self, name: str, rule: str = "value") -> Number:
        """A number of the paragraph read from ``figures.<name>``."""
        return number(f"figures.{name}", self.figures[name], rule)

    def change(self, name: str) -> tuple[str, Number]:
        """The change of a headline figure against D-1: its phrase key and its number."""
        value = self.changes.loc[name, "change"]
        value = None if pd.isna(value) else int(value)
        return change_key(value), number(f"headline.{name}.change", value, "abs")

    def add_change(self, p: Paragraph, name: str, unit: str) -> None:
        """Append ", up 3 on the day before" (or down, or unchanged) for a headline figure."""
        key, n = self.change(name)
        previous = self.changes.loc[self.base_figure, "previous"]
        if n.values[0] is None or pd.isna(previous) or not previous:
            return  # nothing to compare with: the day before has no data
        p.add(key, n=n, unit=unit) if key != "para.same" else p.add(key)

    def day_paragraph(self) -> Paragraph:
        """The paragraph of the day: as of the cut-off, the report's sentences, the alerts."""
        cached = self.__dict__.get("_paragraph")
        if cached is not None:
            return cached
        p = Paragraph(self.ctx.lang)
        day = pd.Timestamp(self.ctx.day).strftime("%Y-%m-%d")
        cutoff = self.data.town.policy.cutoff
        lead = {
            "month": number("report_date", day, "month"),
            "day": number("report_date", day, "day"),
            "hour": number("policy.cutoff", cutoff, "hour"),
        }
        if cutoff.endswith(":00"):
            p.add("para.as_of", **lead)
        else:
            p.add("para.as_of_minute", **lead, minute=number("policy.cutoff", cutoff, "minute"))
        self.paragraph_body(p)
        counts = self.alert_followup.counts()
        if not self.alert_followup.recorded:
            total = sum(self.alerts_count.values())
            p.add("para.followup_unrecorded", total=number("alerts_total", total))
        else:
            p.add(
                "para.followup",
                new=number("followup.counts.new", counts["new"]),
                closed=number("followup.counts.closed", counts["closed"]),
                handled=number("followup.counts.closed_handled", counts["closed_handled"]),
                supervised=number("followup.counts.supervised", counts["supervised"]),
            )
        self.__dict__["_paragraph"] = p
        return p

    def streaks(self) -> dict:
        """Runs of days the paragraph may name (default: none); see :meth:`streak_of`."""
        return {}

    def add_run(self, p: Paragraph, name: str, keys: tuple[str, str, str]) -> None:
        """Name the run ``streaks()[name]`` when it is 2 days or more.

        ``keys`` are the sentences for a run, for a run as long as the trend
        window (which may have begun earlier: "in the last N days"), and for
        no run.
        """
        run, (during, window, otherwise) = self.streaks()[name], keys
        if run["days"] < 2:
            p.add(otherwise)
            return
        days = number(f"streaks.{name}.days", run["days"])
        p.add(window if run["days"] == run["window"] else during, days=days)

    def streak_of(self, series: str, test: str) -> dict:
        """Days in a row up to D whose ``trend`` value of ``series`` passes ``test``.

        ``test`` is ``zero``, ``up`` (above the day before) or ``down``. The
        run cannot be longer than the trend window, which is recorded with it.
        """
        rows = self.sidecar_trend()
        # A run stops at a day without data: no data is not "no fever".
        start = max((i + 1 for i, r in enumerate(rows) if not r.get(self.base_series)), default=0)
        values = [row[series] for row in rows[start:]]
        if test == "zero":
            days = streak(values, lambda v: v == 0)
        else:
            steps = [
                None if a is None or b is None else (b > a if test == "up" else b < a)
                for a, b in zip(values, values[1:])
            ]
            days = streak(steps, bool)
        return {"days": days, "series": series, "test": test, "window": len(rows)}
