"""The quarantine report, section by section, for ``notebooks/quarantine.ipynb``.

The notebook builds a :class:`QuarantineReport` with
:meth:`QuarantineReport.from_store` and shows one section per cell. The data
come from :mod:`fangkong.reports.quarantine.data`, every number from
:mod:`fangkong.reports.quarantine.figures`; personal data is masked here, at the last
step, unless the report is the internal copy.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import ENUMS, label
from fangkong.reports.base import Report, computed_once
from fangkong.reports.breakdown import ONE_DAY, days_between, json_share, rate, with_zone
from fangkong.reports.charts import figure_png, figure_svg, share_trend_chart
from fangkong.reports.headline import headline_changes, measure_changes
from fangkong.reports.html import Section, charts_html, fmt_int, table_html
from fangkong.reports.paragraph import Paragraph, number
from fangkong.reports.quarantine.alerts import ALERT_COLUMNS, Wording, alert_items
from fangkong.reports.quarantine.charts import flows_chart, stock_chart, trend_panels
from fangkong.reports.quarantine.data import load_quarantine
from fangkong.reports.quarantine.duties import DUTY_FIGURES, screening_trend
from fangkong.reports.quarantine.duty_sections import (
    DUTY_ALERTS,
    DUTY_FILED_BY,
    DUTY_INPUTS,
    DutySections,
)
from fangkong.reports.quarantine.figures import (
    ALERTS,
    VILLAGE_FIGURES,
    DayFigures,
    alert_counts,
    day_figures,
    headline,
    village_counts,
)
from fangkong.reports.quarantine.ledger import by_reason
from fangkong.reports.quarantine.sections import FollowUpSections
from fangkong.reports.quarantine.trend import TREND_COLUMNS, trend
from fangkong.reports.sections import breakdown_html, breakdown_section, breakdown_tables

#: Headline cards, in display order, and those shown in red when not zero.
HEADLINE_CARDS = (
    "in_quarantine",
    "new_today",
    "released_today",
    "transferred_today",
    "due_tomorrow",
    "overdue",
    "fever_alerts",
    "lost_contact",
    "missed_checks",
    "screening_coverage",
    "shifts_rate",
    "patrolled",
)
ALERT_FIGURES = ("overdue", "fever_alerts", "lost_contact", "missed_checks")
#: Columns of the main by-zone and by-village tables.
BREAKDOWN = (
    "in_quarantine",
    "new_today",
    "released_today",
    "transferred_today",
    "due_tomorrow",
    "overdue",
    "fever_alerts",
    "missed_checks",
    "lost_contact",
)
RATES = {
    "checks_rate": ("checks_done", "checks_owed"),
    "disinfections_rate": ("disinfections_done", "disinfections_owed"),
    "calls_rate": ("calls_reached", "calls_owed"),
}


class QuarantineReport(DutySections, FollowUpSections, Report):
    """The quarantine report of a day, section by section.

    Parameters
    ----------
    As for :class:`fangkong.reports.base.Report`; ``data`` is a
    :class:`QuarantineData`.
    """

    name = "quarantine"
    load = staticmethod(load_quarantine)
    headline_cards = HEADLINE_CARDS
    # Shifts staffed as a share of those owed: the count would move with the villages
    # that filed.
    headline_measures = {"screening_coverage": "rate", "shifts_rate": "rate"}
    alert_figures = ALERT_FIGURES
    alert_kinds = (*ALERTS, *DUTY_ALERTS)
    urgent_alerts = ("fever", "lost_contact")
    alert_columns = ("zone", *ALERT_COLUMNS[1:-1])
    urgent_columns = ("kind", "detail")
    private_alert_columns = ("person_id", "phone")
    input_tables = ("quarantine", "health_checks", "disinfections", "followup_calls")
    input_tables += ("enterprises", "enterprise_status", "checkpoints", *DUTY_INPUTS)
    filed_by = {
        "health_checks": ("checks_done", "checks_rate", "missed_checks"),
        "disinfections": ("disinfections_done", "disinfections_rate"),
        "followup_calls": ("calls_reached", "calls_rate", "lost_contact", "mood_alerts"),
        **DUTY_FILED_BY,
    }
    alerts_lead = "q.alerts.narrative"
    base_figure = "in_quarantine"
    base_series = "in_quarantine"
    sections = (
        "header",
        "headline",
        "alerts",
        "followup",
        "breakdown",
        "trend",
        "by_reason",
        "fever",
        "medical_visits",
        "care",
        "four_to_one",
        "returning_workers",
        "screening",
        "checkpoints",
        "patrols",
        "data_quality",
        "appendix",
    )

    def compute(self) -> None:
        data, policy = self.data, self.data.town.policy
        self.words = Wording(policy, self.ctx.lang)
        self.figs: DayFigures = day_figures(data.today, policy)
        counts = village_counts(self.figs)
        yesterday = day_figures(data.yesterday, policy)
        duties, duties_before = self.compute_duties(yesterday)
        self.figures = headline(self.figs, counts) | duties
        self.changes = headline_changes(self.figures, headline(yesterday) | duties_before)
        self.measures = measure_changes(
            {n: v[0] for n, v in self.duty_rate_values.items()},
            {n: v[1] for n, v in self.duty_rate_values.items()},
            self.headline_measures,
        )
        self.alerts_count = alert_counts(self.figures)
        self.alerts_count |= {k: self.figures[f] for k, f in DUTY_ALERTS.items()}
        self.zones, self.villages = breakdown_tables(data.town, counts, VILLAGE_FIGURES, RATES)

    # -- helpers -------------------------------------------------------------------

    def _zoned(self, frame: pd.DataFrame, sort: bool = True, first=()) -> pd.DataFrame:
        """Rows with their zone, shown; sorted by ``first`` columns then town order."""
        return self._shown(self._in_town_order(frame, sort, first))

    def _in_town_order(self, frame: pd.DataFrame, sort: bool = True, first=()) -> pd.DataFrame:
        """Rows with their zone code; sorted by ``first`` columns then town order."""
        out = with_zone(frame.assign(village=frame["village"].fillna("")), self.data.town)
        if sort:
            order = {v: i for i, v in enumerate(self.data.town.village_names)}
            out = out.assign(_o=out["village"].map(order).fillna(len(order)))
            out = out.sort_values([*first, "_o"], kind="stable").drop(columns="_o")
        return out.reset_index(drop=True)

    def _person_cols(self) -> dict[str, str]:
        return self._cols("zone", "village", "name", "person_id", "phone")

    def _village_table(self, columns: dict[str, str], formats: dict[str, str], alerts=()):
        """A by-village table (with total row) of some figures and rates."""
        return breakdown_html(self.ctx, self.villages, columns, formats, alerts, self.not_filed())

    # -- the alert list ------------------------------------------------------------

    @computed_once
    def alert_items(self) -> pd.DataFrame:
        """Every alert of the day, one row each, most urgent kind first, then by village.

        Returns
        -------
        DataFrame
            ``kind``, ``zone``, ``village``, ``name``, ``person_id``, ``phone``,
            ``detail`` and ``team``, unmasked, zone codes.
        """
        items = alert_items(self.figs, self.words)
        duties = self.duty_alert_items()
        if len(duties):
            items = pd.concat([items, duties.astype("object")], ignore_index=True)
        items["_k"] = items["kind"].map({k: i for i, k in enumerate(self.alert_kinds)})
        items = self._in_town_order(items, first=["_k"])
        return items[["kind", *self.alert_columns, "subject"]]

    # -- sections ------------------------------------------------------------------

    def paragraph_body(self, p: Paragraph) -> None:
        f, unit = self.figure, self.t("unit.person")
        p.add("q.para.stock", in_quarantine=f("in_quarantine"))
        self.add_change(p, "in_quarantine", unit)
        p.add(
            "q.para.flows",
            new=f("new_today"),
            released=f("released_today"),
            transferred=f("transferred_today"),
            due=f("due_tomorrow"),
        )
        if self.figures["overdue"]:
            p.add("q.para.overdue", overdue=f("overdue"))
        p.add("q.para.end")
        if self.figures["fever_alerts"]:
            p.add("q.para.fever", fever=f("fever_alerts"))
            self.add_change(p, "fever_alerts", unit)
            p.add("q.para.end")
        else:
            keys = ("q.para.fever_free", "q.para.fever_free_window", "q.para.no_fever")
            self.add_run(p, "fever_free", keys)
        rates = self.sidecar_extra()["rates"]
        if rates["checks_rate"] is None or rates["calls_rate"] is None:
            p.add("q.para.care_counts", missed=f("missed_checks"), lost=f("lost_contact"))
            self.duty_paragraph(p)
            return
        p.add(
            "q.para.care",
            checks=number("extra.rates.checks_rate", rates["checks_rate"], "percent"),
            missed=f("missed_checks"),
            calls=number("extra.rates.calls_rate", rates["calls_rate"], "percent"),
            lost=f("lost_contact"),
        )
        self.duty_paragraph(p)

    def streaks(self) -> dict:
        return {"fever_free": self.streak_of("fever_alerts", "zero")}

    def by_reason(self) -> Section:
        """People in quarantine by reason, with a total."""
        counts = by_reason(self.data.today.ledger, self.data.day, list(ENUMS["quarantine_reason"]))
        total = int(counts["count"].sum())
        shown = counts.assign(
            reason=counts["reason"].map(lambda c: label("quarantine_reason", c, self.ctx.lang))
        )
        shown = pd.concat([shown, pd.DataFrame([{"reason": self.t("total"), "count": total}])])
        classes = [""] * len(counts) + ["total"]
        cols = {"reason": self.t("q.col.reason"), "count": self.t("q.col.count")}
        table = table_html(shown, cols, {"count": "int"}, row_classes=classes)
        narrative = self.t("q.reason.narrative", total=fmt_int(total))
        return Section(self.t("q.reason.title"), narrative, [table], clock=self.ctx.clock("stock"))

    def breakdown(self) -> Section:
        """The main figures by war zone, then by village."""
        headers = {c: self.with_unit(self.t(f"q.figure.{c}"), c) for c in BREAKDOWN}
        formats = dict.fromkeys(BREAKDOWN, "int")
        alerts = ("overdue", "fever_alerts", "missed_checks", "lost_contact")
        return breakdown_section(
            self.ctx,
            self.zones,
            self.villages,
            headers,
            formats,
            alerts,
            # The ledger dates a start or a release by the day, not the hour.
            clock="stock_day",
            not_filed=self.not_filed(),
        )

    def fever(self) -> Section:
        """Fever and symptom alerts with temperatures, symptoms and teams."""
        threshold = self.data.town.policy.fever_threshold_c
        fever = self.figs.fever
        # Each person with a fever or symptoms is an alert: listed there, once, with
        # temperature, symptoms, time of the check and the team.
        table = self.alert_reference("fever") or f'<p class="empty">{self.t("q.fever.none")}</p>'
        narrative = self.t("q.fever.narrative", count=fmt_int(len(fever)), threshold=threshold)
        return Section(self.t("q.fever.title"), narrative, [table], clock=self.ctx.clock("day"))

    @computed_once
    def trend_frame(self) -> pd.DataFrame:
        """The daily series of the trend chart (see :func:`.trend.trend`)."""
        data = self.data
        days = days_between(data.day - (data.trend_days - 1) * ONE_DAY, data.day)
        frame = trend(data.history, data.trend_checks, data.town.policy.fever_threshold_c, days)
        coverage = screening_trend(data.town, data.duties.screening, days)
        return frame.assign(screening_coverage=coverage.to_numpy())

    def trend(self) -> Section:
        """Charts of the people in quarantine and, apart, of the day's flows, day by day."""
        frame = self.trend_frame()
        days, unit = len(frame), self.t("unit.person")
        series = {c: self.t(f"q.trend.{c}") for c in TREND_COLUMNS[1:]}
        stock_title = self.t("q.trend.stock_chart", days=days)
        flows_title = self.t("q.trend.flows_chart", days=days)
        svgs = [
            figure_svg(stock_chart(frame, stock_title, unit), stock_title),
            figure_svg(flows_chart(frame, series, flows_title), flows_title),
        ]
        narrative = self.t("q.trend.narrative")
        # Screening coverage, where the town file gives households to count it against.
        if frame["screening_coverage"].notna().any():
            cover_title = self.t("q.trend.screening_chart", days=days)
            label = self.label("figure", "screening_coverage")
            chart = share_trend_chart(frame, "date", "screening_coverage", label, cover_title)
            svgs.append(figure_svg(chart, cover_title))
            narrative = self.t("q.trend.screening_narrative")
        charts = charts_html(*svgs)
        # Both panels in one PNG for the email, where the chart goes alone: its
        # heading names the town.
        heading = self.t("q.trend.chart", town=self.data.town.name, days=days)
        png = figure_png(trend_panels(frame, series, (stock_title, flows_title), heading, unit))
        title = self.t("trend.title", days=days)
        return Section(title, narrative, [charts], png=png, clock=self.ctx.clock("trend"))

    def sidecar_zones(self) -> list[dict]:
        duties = self.duty_zones.set_index("zone")
        return [
            {"zone": row["zone"]}
            | {name: int(row[name]) for name in VILLAGE_FIGURES}
            | {name: int(duties.loc[row["zone"], name]) for name in DUTY_FIGURES}
            for row in self.zones.to_dict("records")
        ]

    def sidecar_trend(self) -> list[dict]:
        return [
            {"date": r.date.strftime("%Y-%m-%d")}
            | {c: int(getattr(r, c)) for c in TREND_COLUMNS}
            | {"screening_coverage": json_share(r.screening_coverage)}
            for r in self.trend_frame().itertuples(index=False)
        ]

    def sidecar_extra(self) -> dict:
        reasons = by_reason(self.data.today.ledger, self.data.day, list(ENUMS["quarantine_reason"]))
        return {
            "rates": {
                name: json_share(rate(self.figures[num], self.figures[den]).iloc[0])
                for name, (num, den) in RATES.items()
            },
            "by_reason": {r: int(n) for r, n in reasons.itertuples(index=False)},
            "duty_rates": self.duty_rates,
        }
