"""The welfare report, section by section, for ``notebooks/welfare.ipynb``.

The notebook builds a :class:`WelfareReport` with
:meth:`WelfareReport.from_store` and shows one section per cell. The data come
from :mod:`fangkong.reports.welfare.data`, every number from the household, gas
and community computations beside this module; personal data is masked at the
last step, unless the report is the internal copy.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import label
from fangkong.reports.base import Report, computed_once
from fangkong.reports.breakdown import ONE_DAY, TOTAL, json_number, with_zone
from fangkong.reports.charts import figure_png, figure_svg, share_trend_chart
from fangkong.reports.headline import headline_changes, measure_changes
from fangkong.reports.html import Section, charts_html, fmt_datetime, fmt_float, fmt_int
from fangkong.reports.paragraph import Number, Paragraph, number
from fangkong.reports.sections import breakdown_section, breakdown_tables
from fangkong.reports.welfare import community, gas
from fangkong.reports.welfare import households as visits
from fangkong.reports.welfare.charts import (
    coverage_trend_chart,
    gas_trend_chart,
)
from fangkong.reports.welfare.data import load_welfare
from fangkong.reports.welfare.farming_sections import (
    FARMING_FILED_BY,
    FARMING_HEADLINE,
    FARMING_INPUTS,
    FarmingSections,
)
from fangkong.reports.welfare.figures import headline
from fangkong.reports.welfare.link_sections import (
    LINK_ALERT_FIGURES,
    LINK_CHANGES,
    LinkSections,
)
from fangkong.reports.welfare.sections import WelfareSections
from fangkong.reports.welfare.trend import trend

#: Headline cards (whole numbers), in display order, and those red when not zero.
HEADLINE_CARDS = (
    "households",
    "covered",
    "households_unvisited",
    "open_needs",
    "gas_received",
    "gas_delivered",
    "gas_pending",
    "gas_overdue",
    # Beside 煤气超时: gas needs found on visits that nobody registered in time.
    "gas_needs_unregistered_late",
    # Spring farming and employment (farming_sections.py): area sown and its share
    # of the plan (measures), people placed today.
    "sown_mu",
    "sown_share",
    "placed",
)
ALERT_FIGURES = ("households_unvisited", "gas_overdue")
#: The cards that are not whole numbers.
MEASURES = {"sown_mu": "quantity", "sown_share": "rate"}
#: Every figure compared with D-1 that is not a whole number: the cards', and areas
#: in tenths of a mu (rounding them to whole mu would differ from the page).
COMPARED_MEASURES = MEASURES | {"planned_mu": "quantity", "sown_today": "quantity"}
#: Alert kinds (keys of ``figures.headline(...)["alerts"]``), most urgent first.
ALERTS = ("gas_overdue", "households_unvisited", "open_needs", "produce_surplus")
#: Figures counted per village in the breakdown tables.
VILLAGE_FIGURES = (
    "households",
    "covered",
    "overdue",
    "never_visited",
    "open_needs",
    "gas_received",
    "gas_delivered",
    "gas_pending",
    "gas_overdue",
)
BREAKDOWN = (*VILLAGE_FIGURES[:2], "coverage", *VILLAGE_FIGURES[2:])
GAS_SERIES = ("gas_received", "gas_delivered", "gas_pending", "gas_overdue")
#: The gas chart's series in drawing order: bars at the cut-off, then the day's flows.
GAS_CHART = ("gas_pending", "gas_overdue", "gas_received", "gas_delivered")


class WelfareReport(FarmingSections, WelfareSections, LinkSections, Report):
    """The welfare report of a day, section by section.

    Parameters
    ----------
    As for :class:`fangkong.reports.base.Report`; ``data`` is a
    :class:`fangkong.reports.welfare.data.WelfareData`.
    """

    name = "welfare"
    load = staticmethod(load_welfare)
    headline_cards = HEADLINE_CARDS
    headline_measures = MEASURES
    alert_figures = ALERT_FIGURES + LINK_ALERT_FIGURES
    alert_kinds = ALERTS
    urgent_alerts = ("gas_overdue", "households_unvisited")
    alert_columns = ("zone", "village", "head_name", "detail", "responsible")
    private_alert_columns = ("head_name",)
    input_tables = ("households", "welfare_visits", "gas_requests", "produce")
    input_tables += ("volunteer_services", "donations")
    filed_by = {"gas_requests": ("gas_received", "gas_delivered")}
    input_tables += FARMING_INPUTS
    filed_by |= FARMING_FILED_BY
    base_figure = "households"
    base_series = "coverage"
    sections = (
        "header",
        "headline",
        "alerts",
        "followup",
        "breakdown",
        "trend",
        "households",
        "needs",
        "gas_requests",
        "produce",
        "volunteers",
        "farming",
        "employment",
        "donations",
        "data_quality",
        "appendix",
    )

    def compute(self) -> None:
        town, day, inputs = self.data.town, self.data.day, self.data.today
        self.hv = visits.household_visits(inputs.households, inputs.visits, town, day)
        self.need_rows = visits.open_needs(inputs.households, inputs.visits, town, day)
        self.gas_rows = gas.gas_status(inputs.gas_requests, town, day)
        head = headline(inputs, town, day)
        self.figures, self.alerts_count = head["figures"], head["alerts"]
        previous = headline(self.data.yesterday, town, day - ONE_DAY)["figures"]
        farming, farming_before = self.compute_farming()
        self.figures |= farming
        previous |= farming_before
        # The whole-number cards, the links of needs to purchases and gas requests,
        # and farming and employment, against D-1; an area or a share is a measure.
        compared = dict.fromkeys((*HEADLINE_CARDS, *LINK_CHANGES, *FARMING_HEADLINE))
        compared = [k for k in compared if k not in COMPARED_MEASURES]
        self.changes = headline_changes(
            {k: self.figures[k] for k in compared}, {k: previous[k] for k in compared}
        )
        self.measures = measure_changes(self.figures, previous, COMPARED_MEASURES)
        self.compute_links()
        self.zones, self.villages = breakdown_tables(
            town, self._village_counts(), VILLAGE_FIGURES, {"coverage": ("covered", "households")}
        )

    # -- helpers -------------------------------------------------------------------

    def _village_counts(self) -> pd.DataFrame:
        """One row per counted thing with its village and 0/1 flags, for the breakdown."""
        status = self.hv["visit_status"]
        parts = [
            pd.DataFrame(
                {
                    "village": self.hv["village"],
                    "households": 1,
                    "covered": status.eq(visits.COVERED).astype(int),
                    "overdue": status.eq(visits.OVERDUE).astype(int),
                    "never_visited": status.eq(visits.NEVER_VISITED).astype(int),
                }
            ),
            pd.DataFrame({"village": self.need_rows["village"], "open_needs": 1}),
            pd.DataFrame(
                {
                    "village": self.gas_rows["village"],
                    "gas_received": self.gas_rows[gas.RECEIVED].astype(int),
                    "gas_delivered": self.gas_rows[gas.DELIVERED].astype(int),
                    "gas_pending": self.gas_rows[gas.PENDING].astype(int),
                    "gas_overdue": self.gas_rows[gas.OVERDUE].astype(int),
                }
            ),
        ]
        counts = pd.concat(parts, ignore_index=True)
        counts["village"] = counts["village"].astype("str")
        for c in VILLAGE_FIGURES:
            counts[c] = counts[c].fillna(0).astype("Int64")
        return counts

    def _labels(self, frame: pd.DataFrame, column: str, enum: str) -> pd.DataFrame:
        """Codes of a column (``;``-joined sets too) replaced by their labels."""
        return frame.assign(**{column: frame[column].map(lambda v: self._words(enum, v))})

    def _words(self, enum: str, value):
        """A code, or a ``;``-joined set of codes, as labels joined by the list separator."""
        if not isinstance(value, str) or not value:
            return value
        return self.t("list_separator").join(self._code(enum, c) for c in value.split(";"))

    def _code(self, enum: str, code: str) -> str:
        return self.t(code) if code == TOTAL else label(enum, code, self.ctx.lang)

    def _total_classes(self, frame: pd.DataFrame, column: str) -> list[str]:
        return ["total" if v == TOTAL else "" for v in frame[column]]

    # -- the alert list ------------------------------------------------------------

    @computed_once
    def alert_items(self) -> pd.DataFrame:
        """Every alert of the day, one row each, most urgent kind first.

        Returns
        -------
        DataFrame
            ``kind``, ``zone`` (a code), ``village``, ``head_name`` (household
            head or gas contact, unmasked: the page and the sidecar mask it),
            ``detail``, ``responsible`` (the household's cadre; empty where
            the village acts) and ``subject`` (the gas request, the household,
            the household and its need, or the village and product).
        """
        t = self.t
        rows = []
        for _, r in gas.overdue_requests(self.gas_rows).iterrows():
            detail = t(
                "w.detail.gas_overdue",
                hours=fmt_float(r[gas.HOURS_WAITING]),
                urgency=label("urgency", r["urgency"], self.ctx.lang),
                cylinders=fmt_int(r["cylinders"]),
            )
            rows.append(
                ("gas_overdue", r["village"], r["contact_name"], detail, None, r["request_id"])
            )
        for _, r in visits.unvisited_households(self.hv, self.data.town).iterrows():
            if r["visit_status"] == visits.NEVER_VISITED:
                detail = t("w.detail.never_visited")
            else:
                detail = t(
                    "w.detail.overdue",
                    days=fmt_int(r[visits.DAYS_SINCE_VISIT]),
                    last=fmt_datetime(r["last_visited_on"], "%m-%d"),
                )
            categories = self._words("household_category", r["categories"])
            detail += t("w.detail.categories", categories=categories) if categories else ""
            rows.append(
                (
                    "households_unvisited",
                    r["village"],
                    r["head_name"],
                    detail,
                    r["cadre"],
                    r["household_id"],
                )
            )
        for _, r in self.need_rows.iterrows():
            note = r["needs_detail"] if isinstance(r["needs_detail"], str) else ""
            detail = t(
                "w.detail.need" if r[visits.DAYS_OPEN] else "w.detail.need_today",
                need=label("need", r["need"], self.ctx.lang),
                note=t("w.detail.need_note", note=note) if note else "",
                days=fmt_int(r[visits.DAYS_OPEN]),
            )
            detail += self.need_link(r["household_id"], r["need"])
            subject = f"{r['household_id']}|{r['need']}"
            rows.append(("open_needs", r["village"], r["head_name"], detail, r["cadre"], subject))
        surplus = community.produce_surplus(self.data.today.produce, self.data.town, self.data.day)
        for _, r in surplus.iterrows():
            days = r[community.DAYS_OF_SALES]
            detail = t(
                "w.detail.surplus" if pd.notna(days) else "w.detail.surplus_unsold",
                product=r["product"],
                stock=fmt_float(r["stock_kg"], 0),
                days=fmt_float(days),
            )
            subject = f"{r['village']}|{r['product']}"
            rows.append(("produce_surplus", r["village"], None, detail, None, subject))
        cols = ["kind", "village", "head_name", "detail", "responsible", "subject"]
        items = pd.DataFrame(rows, columns=cols).astype("object")
        items = with_zone(items.assign(village=items["village"].fillna("")), self.data.town)
        return items[["kind", "zone", *cols[1:]]]

    # -- sections ------------------------------------------------------------------

    def paragraph_body(self, p: Paragraph) -> None:
        f, household = self.figure, self.t("unit.household")
        trend = self.sidecar_trend()
        p.add(
            "w.para.visits",
            households=f("households"),
            days=number("policy.visit_interval_days", self.data.town.policy.visit_interval_days),
            covered=f("covered"),
            coverage=f("coverage", "percent"),
        )
        if len(trend) >= 2 and None not in (trend[-1]["coverage"], trend[-2]["coverage"]):
            pair = (trend[-1]["coverage"], trend[-2]["coverage"])
            points = Number(("trend[-1].coverage", "trend[-2].coverage"), "pp_abs", pair)
            if points.value == 0:
                p.add("para.same")
            else:
                p.add("w.para.pp_up" if pair[0] > pair[1] else "w.para.pp_down", pp=points)
        p.add("w.para.unvisited", unvisited=f("households_unvisited"))
        self.add_change(p, "households_unvisited", household)
        p.add("w.para.needs", needs=f("open_needs"))
        p.add(
            "w.para.gas",
            received=f("gas_received"),
            delivered=f("gas_delivered"),
            pending=f("gas_pending"),
        )
        if self.figures["gas_overdue"]:
            p.add("w.para.gas_overdue", overdue=f("gas_overdue"))
        else:
            keys = ("w.para.gas_on_time", "w.para.gas_on_time_window", "w.para.gas_none_overdue")
            self.add_run(p, "gas_on_time", keys)
        self.paragraph_links(p)
        self.farming_paragraph(p)

    def streaks(self) -> dict:
        return {"gas_on_time": self.streak_of("gas_overdue", "zero")}

    def breakdown(self) -> Section:
        """Visit coverage, open needs and gas requests by war zone, then by village."""
        headers = {c: self.with_unit(self.t(f"w.breakdown.{c}"), c) for c in BREAKDOWN}
        formats = dict.fromkeys(BREAKDOWN, "int") | {"coverage": "rate"}
        alerts = ("overdue", "never_visited", "gas_overdue")
        return breakdown_section(
            self.ctx,
            self.zones,
            self.villages,
            headers,
            formats,
            alerts,
            not_filed=self.not_filed(),
        )

    @computed_once
    def trend_frame(self) -> pd.DataFrame:
        """Daily coverage and gas queue of the trend window (:func:`.trend.trend`)."""
        data = self.data
        return trend(data.today, data.town, data.day, data.trend_days)

    def trend(self) -> Section:
        """Charts of visit coverage and of the gas queue, day by day."""
        frame = self.trend_frame()
        days = len(frame)
        coverage_title = self.t("w.trend.coverage_chart", days=days)
        coverage = coverage_trend_chart(frame, self.t("w.trend.coverage"), coverage_title)
        series = {c: self.t(f"w.trend.{c}") for c in GAS_CHART}
        gas_title = self.t("w.trend.gas_chart", days=days)
        queue = gas_trend_chart(frame, series, gas_title)
        svgs = [figure_svg(queue, gas_title), figure_svg(coverage, coverage_title)]
        narrative = self.t("w.trend.narrative")
        # Spring sowing, where the villages gave a plan.
        sown = self.farming_trend()
        shares = pd.DataFrame(
            {
                "day": frame["day"],
                "sown_share": [sown.get(d, {}).get("sown_share") for d in frame["day"]],
            }
        )
        if shares["sown_share"].notna().any():
            sown_title = self.t("w.trend.sown_chart", days=days)
            chart = share_trend_chart(
                shares, "day", "sown_share", self.t("w.trend.sown"), sown_title
            )
            svgs.append(figure_svg(chart, sown_title))
            narrative += self.t("w.trend.sown_narrative")
        charts = charts_html(*svgs)
        # The gas queue is the email's chart: coverage barely moves from day to day.
        png = figure_png(queue)
        title = self.t("trend.title", days=days)
        return Section(title, narrative, [charts], png=png, clock=self.ctx.clock("trend"))

    def sidecar_zones(self) -> list[dict]:
        return [
            {"zone": row["zone"]}
            | {c: json_number(row[c]) for c in BREAKDOWN}
            | self.farming_zone_record(row["zone"])
            for row in self.zones.to_dict("records")
        ]

    def sidecar_trend(self) -> list[dict]:
        sown = self.farming_trend()
        return [
            {"date": row["day"].strftime("%Y-%m-%d")}
            | {c: json_number(row[c]) for c in ("coverage", *GAS_SERIES)}
            | sown.get(row["day"], {})
            for _, row in self.trend_frame().iterrows()
        ]
