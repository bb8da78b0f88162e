"""The welfare report: its data read from the store, its sections for the notebook.

``notebooks/welfare.ipynb`` builds a :class:`WelfareReport` with
:meth:`WelfareReport.from_store` and shows one section per cell. Every number
comes from :mod:`fangkong.reports.welfare.households`, :mod:`fangkong.reports.welfare.gas` and
:mod:`fangkong.reports.welfare.community`; personal data is masked here, at the last step,
unless the report is the internal copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fangkong.catalogue import label
from fangkong.reports.breakdown import TOTAL, json_number, with_zone
from fangkong.reports.charts import figure_png
from fangkong.reports.data import DAY, Report, ReportData, load_report_data
from fangkong.reports.html import Section, fmt_float, fmt_int, fmt_rate, image_html, subheading
from fangkong.reports.html import table_html as _table_html
from fangkong.reports.masking import mask_frame
from fangkong.reports.sections import (
    Context,
    alert_summary,
    breakdown_section,
    breakdown_tables,
    computed_once,
    data_quality,
    data_quality_section,
    header_section,
    headline_changes,
    headline_section,
    zone_label,
)
from fangkong.reports.sidecar import Sidecar, sidecar
from fangkong.reports.welfare import community, gas
from fangkong.reports.welfare import households as welfare
from fangkong.reports.welfare import trend as welfare_trend
from fangkong.reports.welfare.charts import (
    coverage_trend_chart,
    gas_trend_chart,
    produce_balance_chart,
)
from fangkong.town import Town

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
)
ALERT_FIGURES = ("households_unvisited", "gas_overdue")
#: Alert kinds (keys of ``welfare.headline(...)["alerts"]``), most urgent first.
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
PRODUCE_SERIES = ("stock_kg", "sold_kg", "demand_kg")


@dataclass(frozen=True)
class WelfareData(ReportData):
    """Everything the welfare report of a day reads from the store.

    The fields of :class:`fangkong.reports.data.ReportData`; ``today`` and
    ``yesterday`` are :class:`fangkong.reports.welfare.households.WelfareInputs`.
    """

    today: welfare.WelfareInputs
    yesterday: welfare.WelfareInputs


def load_welfare(store, town: Town, day, trend_days: int = 14) -> WelfareData:
    """Read from the store what the welfare report of a day needs.

    Parameters
    ----------
    store, town, day, trend_days
        As for :func:`fangkong.reports.data.report_fields` (``trend_days`` here
        defaults to 14).

    Returns
    -------
    WelfareData
    """
    return load_report_data(WelfareData, welfare.load_inputs, store, town, day, trend_days)


class WelfareReport(Report):
    """The welfare report of a day, section by section.

    Parameters
    ----------
    data : WelfareData
    lang : {"zh", "en"}
    mask_pii : bool
        Mask names, ID numbers and phones (default); False only for the
        internal copy that stays on the local machine.
    **kw
        Passed to :class:`fangkong.reports.sections.Context` (``generated_at``).
    """

    load = staticmethod(load_welfare)

    def __init__(self, data: WelfareData, lang: str = "zh", mask_pii: bool = True, **kw):
        self.data = data
        self.ctx = Context("welfare", data.town, data.day, lang, mask_pii, data.data_as_of, **kw)
        self.t = self.ctx.t
        town, day, inputs = data.town, data.day, data.today
        self.hv = welfare.household_visits(inputs.households, inputs.visits, town, day)
        self.need_rows = welfare.open_needs(inputs.households, inputs.visits, town, day)
        self.gas_rows = gas.gas_status(inputs.gas_requests, town, day)
        head = welfare.headline(inputs, town, day)
        self.figures, self.alerts_count = head["figures"], head["alerts"]
        previous = welfare.headline(data.yesterday, town, day - DAY)["figures"]
        self.changes = headline_changes(
            {k: self.figures[k] for k in HEADLINE_CARDS}, {k: previous[k] for k in HEADLINE_CARDS}
        )
        self.quality = data_quality(data.missing, data.issues)
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
                    "covered": status.eq(welfare.COVERED).astype(int),
                    "overdue": status.eq(welfare.OVERDUE).astype(int),
                    "never_visited": status.eq(welfare.NEVER_VISITED).astype(int),
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

    def _shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Zone codes labelled and personal data masked (unless internal)."""
        out = frame.copy()
        if "zone" in out.columns:
            out["zone"] = out["zone"].map(lambda z: zone_label(self.ctx, z))
        return mask_frame(out, self.ctx.mask_pii)

    def _cols(self, *names: str) -> dict[str, str]:
        """Column -> header; shared headers first, then this report's."""
        shared = {"zone": "col.zone", "village": "col.village"}
        return {n: self.t(shared.get(n, f"w.col.{n}")) for n in names}

    def _labels(self, frame: pd.DataFrame, column: str, enum: str) -> pd.DataFrame:
        """Codes of a column (``;``-joined sets too) replaced by their labels."""
        sep = self.t("list_separator")

        def words(value):
            if not isinstance(value, str) or not value:
                return value
            codes = value.split(";")
            return sep.join(self._code(enum, c) for c in codes)

        return frame.assign(**{column: frame[column].map(words)})

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
            ``kind``, ``zone``, ``village``, ``who`` (household head or gas
            contact, masked unless internal), ``detail`` and ``responsible``
            (the household's cadre; empty where the village acts).
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
            rows.append(("gas_overdue", r["village"], r["contact_name"], detail, None))
        for _, r in welfare.unvisited_households(self.hv, self.data.town).iterrows():
            if r["visit_status"] == welfare.NEVER_VISITED:
                detail = t("w.detail.never_visited")
            else:
                detail = t("w.detail.overdue", days=fmt_int(r[welfare.DAYS_SINCE_VISIT]))
            rows.append(("households_unvisited", r["village"], r["head_name"], detail, r["cadre"]))
        for _, r in self.need_rows.iterrows():
            detail = t(
                "w.detail.need",
                need=label("need", r["need"], self.ctx.lang),
                days=fmt_int(r[welfare.DAYS_OPEN]),
            )
            rows.append(("open_needs", r["village"], r["head_name"], detail, r["cadre"]))
        surplus = community.produce_surplus(self.data.today.produce, self.data.town, self.data.day)
        for _, r in surplus.iterrows():
            days = r[community.DAYS_OF_SALES]
            detail = t(
                "w.detail.surplus" if pd.notna(days) else "w.detail.surplus_unsold",
                product=r["product"],
                stock=fmt_float(r["stock_kg"], 0),
                days=fmt_float(days),
            )
            rows.append(("produce_surplus", r["village"], None, detail, None))
        cols = ["kind", "village", "head_name", "detail", "responsible"]
        items = pd.DataFrame(rows, columns=cols).astype("object")
        items = with_zone(items.assign(village=items["village"].fillna("")), self.data.town)
        return items[["kind", "zone", *cols[1:]]]

    # -- sections ------------------------------------------------------------------

    def header(self) -> Section:
        """Title, town, report date, data as of, generated at, version."""
        return header_section(self.ctx, self.t("w.title"))

    def headline(self) -> Section:
        """Headline figures with the change against D-1."""
        cards = {name: self.t(f"w.figure.{name}") for name in HEADLINE_CARDS}
        f = self.figures
        narrative = self.t(
            "w.headline.narrative",
            households=fmt_int(f["households"]),
            days=self.data.town.policy.visit_interval_days,
            covered=fmt_int(f["covered"]),
            coverage=fmt_rate(f["coverage"]),
            unvisited=fmt_int(f["households_unvisited"]),
            needs=fmt_int(f["open_needs"]),
            received=fmt_int(f["gas_received"]),
            delivered=fmt_int(f["gas_delivered"]),
            pending=fmt_int(f["gas_pending"]),
            overdue=fmt_int(f["gas_overdue"]),
        )
        return headline_section(self.ctx, self.changes, cards, narrative, ALERT_FIGURES)

    def alerts(self) -> Section:
        """Overdue gas requests, unvisited households, open needs and produce surpluses."""
        labels = {k: self.t(f"w.alert.{k}") for k in ALERTS}
        items = self.alert_items()
        urgent = items["kind"].isin(["gas_overdue", "households_unvisited"]).to_list()
        shown = self._shown(items.assign(kind=items["kind"].map(labels)))
        cols = {"kind": self.t("w.col.kind")} | self._cols(
            "zone", "village", "head_name", "detail", "responsible"
        )
        table = _table_html(shown, cols, alert_cells={"kind": urgent})
        summary = alert_summary(self.ctx, {k: self.alerts_count[k] for k in ALERTS}, labels)
        return Section(self.t("alerts.title"), summary, [table], css_class="fk-alerts")

    def breakdown(self) -> Section:
        """Visit coverage, open needs and gas requests by war zone, then by village."""
        headers = {c: self.t(f"w.breakdown.{c}") for c in BREAKDOWN}
        formats = dict.fromkeys(BREAKDOWN, "int") | {"coverage": "rate"}
        alerts = ("overdue", "never_visited", "gas_overdue")
        return breakdown_section(self.ctx, self.zones, self.villages, headers, formats, alerts)

    @computed_once
    def trend_frame(self) -> pd.DataFrame:
        """Daily coverage and gas queue of the trend window (:func:`welfare_trend.trend`)."""
        data = self.data
        return welfare_trend.trend(data.today, data.town, data.day, data.trend_days)

    def trend(self) -> Section:
        """Charts of visit coverage and of the gas queue, day by day."""
        frame = self.trend_frame()
        title = self.t("trend.title", days=len(frame))
        coverage = figure_png(
            coverage_trend_chart(frame, self.t("w.trend.coverage"), self.t("w.trend.coverage"))
        )
        series = {c: self.t(f"w.figure.{c}") for c in GAS_SERIES}
        queue = figure_png(gas_trend_chart(frame, series, self.t("w.trend.gas")))
        parts = [image_html(coverage, self.t("w.trend.coverage")), image_html(queue, title)]
        return Section(title, self.t("w.trend.narrative"), parts, png=coverage)

    def households(self) -> Section:
        """Households and visit coverage by category; households never visited or overdue."""
        t = self.t
        table = welfare.visit_coverage(self.hv, self.data.town, welfare.CATEGORY)
        shown = self._labels(table, welfare.CATEGORY, "household_category")
        cols = self._cols("category", "households", "covered", "coverage", "overdue")
        cols |= self._cols("never_visited")
        formats = dict.fromkeys(cols, "int") | {"category": "text", "coverage": "rate"}
        classes = self._total_classes(table, welfare.CATEGORY)
        parts = [_table_html(shown, cols, formats, row_classes=classes)]
        unvisited = welfare.unvisited_households(self.hv, self.data.town)
        unvisited = unvisited.assign(
            visit_status=unvisited["visit_status"].map(lambda s: t(f"w.status.{s}"))
        )
        unvisited = self._labels(unvisited, "categories", "household_category")
        cols = self._cols("zone", "village", "head_name", "categories", "cadre", "visit_status")
        cols |= self._cols("last_visited_on", "days_since_visit")
        parts += [
            subheading(t("w.households.unvisited")),
            _table_html(
                self._shown(unvisited),
                cols,
                {"last_visited_on": "date", "days_since_visit": "int"},
                empty=t("w.households.none_unvisited"),
            ),
        ]
        narrative = t(
            "w.households.narrative",
            households=fmt_int(self.figures["households"]),
            multi=fmt_int(self.figures["households_multi_category"]),
            days=self.data.town.policy.visit_interval_days,
        )
        return Section(t("w.households.title"), narrative, parts)

    def needs(self) -> Section:
        """Needs found on visits and not yet resolved, by type, with village and cadre."""
        t = self.t
        counts = welfare.needs_by_type(self.need_rows)
        shown = self._labels(counts, welfare.NEED, "need")
        classes = self._total_classes(counts, welfare.NEED)
        parts = [
            _table_html(shown, self._cols("need", "open"), {"open": "int"}, row_classes=classes)
        ]
        listed = self._labels(self.need_rows, welfare.NEED, "need")
        cols = self._cols("need", "zone", "village", "head_name", "cadre", "found_on")
        cols |= self._cols("days_open", "last_visitor", "needs_detail")
        parts += [
            subheading(t("w.needs.list")),
            _table_html(
                self._shown(listed),
                cols,
                {"found_on": "date", "days_open": "int"},
                empty=t("w.needs.none"),
            ),
        ]
        narrative = t(
            "w.needs.narrative",
            needs=fmt_int(self.figures["open_needs"]),
            households=fmt_int(self.figures["households_with_open_needs"]),
        )
        return Section(t("w.needs.title"), narrative, parts)

    def gas_requests(self) -> Section:
        """The pending queue in delivery order, and today's deliveries."""
        t, f = self.t, self.figures
        median = f["gas_median_hours_to_delivery"]
        narrative = t(
            "w.gas.narrative",
            cutoff=self.data.town.policy.cutoff,
            received=fmt_int(f["gas_received"]),
            delivered=fmt_int(f["gas_delivered"]),
            pending=fmt_int(f["gas_pending"]),
            cylinders=fmt_int(f["gas_cylinders_pending"]),
            overdue=fmt_int(f["gas_overdue"]),
            hours=f"{self.data.town.policy.gas_overdue_hours:g}",
            median=fmt_float(median) if median is not None else t("w.gas.no_median"),
        )
        queue = self._labels(gas.gas_queue(self.gas_rows), "urgency", "urgency")
        cols = self._cols("position", "urgency", "reported_at", "zone", "village")
        cols |= self._cols("contact_name", "phone", "cylinders", "hours_waiting")
        formats = {
            "position": "int",
            "reported_at": "datetime",
            "cylinders": "int",
            "hours_waiting": "float",
        }
        late = {"hours_waiting": queue[gas.OVERDUE].astype(bool).to_list()}
        parts = [
            subheading(t("w.gas.queue")),
            _table_html(
                self._shown(queue), cols, formats, alert_cells=late, empty=t("w.gas.none_pending")
            ),
        ]
        done = self._labels(gas.delivered_today(self.gas_rows), "urgency", "urgency")
        cols = self._cols("urgency", "zone", "village", "contact_name", "cylinders")
        cols |= self._cols("reported_at", "delivered_at", "hours_to_delivery")
        formats = {
            "cylinders": "int",
            "reported_at": "datetime",
            "delivered_at": "datetime",
            "hours_to_delivery": "float",
        }
        parts += [
            subheading(t("w.gas.delivered")),
            _table_html(self._shown(done), cols, formats, empty=t("w.gas.none_delivered")),
        ]
        return Section(t("w.gas.title"), narrative, parts)

    def produce(self) -> Section:
        """Stock, sales and demand by product; villages needing a sales channel."""
        t, day = self.t, self.data.day
        table = community.produce_by_product(self.data.today.produce, day)
        shown = table.assign(product=table["product"].map(lambda p: t(p) if p == TOTAL else p))
        names = ("product", "villages", *PRODUCE_SERIES, "balance_kg")
        formats = dict.fromkeys(names, "float") | {"product": "text", "villages": "int"}
        classes = self._total_classes(table, "product")
        parts = [_table_html(shown, self._cols(*names), formats, row_classes=classes)]
        png = None
        if len(table) > 1:
            series = {c: t(f"w.col.{c}") for c in PRODUCE_SERIES}
            png = figure_png(produce_balance_chart(table, series, t("w.produce.chart"), "kg"))
            parts.append(image_html(png, t("w.produce.chart")))
        surplus = community.produce_surplus(self.data.today.produce, self.data.town, day)
        cols = self._cols("zone", "village", "product", *PRODUCE_SERIES, "days_of_sales")
        cols |= self._cols("channel")
        formats = dict.fromkeys(PRODUCE_SERIES, "float") | {"days_of_sales": "float"}
        parts += [
            subheading(t("w.produce.surplus", days=community.SURPLUS_DAYS)),
            _table_html(self._shown(surplus), cols, formats, empty=t("w.produce.none_surplus")),
        ]
        narrative = t(
            "w.produce.narrative",
            products=fmt_int(len(table) - 1),
            surplus=fmt_int(len(surplus)),
            days=community.SURPLUS_DAYS,
        )
        return Section(t("w.produce.title"), narrative, parts)

    def volunteers(self) -> Section:
        """Volunteer services by type, shuttle trips and workers carried back to work."""
        t = self.t
        table = community.services_by_type(self.data.today.services, self.data.day)
        shown = self._labels(table, "service", "service")
        names = ("service", "records", "served", "volunteers", "records_to_date")
        names += ("served_to_date", "volunteers_to_date")
        formats = dict.fromkeys(names, "int") | {"service": "text"}
        classes = self._total_classes(table, "service")
        parts = [_table_html(shown, self._cols(*names), formats, row_classes=classes)]
        s = community.shuttle_summary(self.data.today.services, self.data.day)
        narrative = t("w.volunteers.narrative", **{k: fmt_int(v) for k, v in s.items()})
        return Section(t("w.volunteers.title"), narrative, parts)

    def donations(self) -> Section:
        """Donations of money and goods, today and to date."""
        t, day = self.t, self.data.day
        rows = self.data.today.donations
        summary = community.donations_summary(rows, day)
        shown = self._labels(summary, "kind", "donation_kind")
        names = ("kind", "donations_today", "amount_yuan_today", "donations_to_date")
        names += ("amount_yuan_to_date",)
        formats = dict.fromkeys(names, "int") | {
            "kind": "text",
            "amount_yuan_today": lambda v: fmt_float(v, 0),
            "amount_yuan_to_date": lambda v: fmt_float(v, 0),
        }
        parts = [_table_html(shown, self._cols(*names), formats)]
        goods = community.goods_by_item(rows, day)
        names = ("items", "donations_today", "quantity_today", "donations_to_date")
        names += ("quantity_to_date",)
        formats = dict.fromkeys(names, "float") | {
            "items": "text",
            "donations_today": "int",
            "donations_to_date": "int",
        }
        parts += [
            subheading(t("w.donations.goods")),
            _table_html(goods, self._cols(*names), formats, empty=t("w.donations.none_goods")),
        ]
        today = self._labels(community.donations_today(rows, day), "kind", "donation_kind")
        names = ("donor", "kind", "amount_yuan", "items", "quantity", "village")
        formats = {"amount_yuan": lambda v: fmt_float(v, 0), "quantity": "float"}
        parts += [
            subheading(t("w.donations.today")),
            _table_html(
                self._shown(today), self._cols(*names), formats, empty=t("w.donations.none")
            ),
        ]
        f = self.figures
        narrative = t(
            "w.donations.narrative",
            money_today=fmt_float(f["money_yuan_today"], 0),
            money_to_date=fmt_float(f["money_yuan_to_date"], 0),
            goods_today=fmt_int(f["goods_donations_today"]),
            goods_to_date=fmt_int(f["goods_donations_to_date"]),
        )
        return Section(t("w.donations.title"), narrative, parts)

    def data_quality(self) -> Section:
        """Missing submissions, rejected rows and warnings of the day."""
        return data_quality_section(self.ctx, self.quality)

    def sidecar(self) -> Sidecar:
        """The machine-readable summary, for the runner (hidden in the HTML)."""
        zones = self.zones.set_index("zone")
        trend_rows = self.trend_frame()
        items = self.alert_items().drop(columns=["head_name"])
        return Sidecar(
            sidecar(
                self.ctx,
                self.changes,
                {k: self.alerts_count[k] for k in ALERTS},
                self.quality,
                figures=self.figures,
                zones={
                    zone: {c: json_number(zones.loc[zone, c]) for c in BREAKDOWN}
                    for zone in zones.index
                },
                trend=[
                    {"date": row["day"].strftime("%Y-%m-%d")}
                    | {c: json_number(row[c]) for c in ("coverage", *GAS_SERIES)}
                    for _, row in trend_rows.iterrows()
                ],
                alert_items=[
                    {k: (None if pd.isna(v) else str(v)) for k, v in row.items()}
                    for row in mask_frame(items, self.ctx.mask_pii).to_dict("records")
                ],
            )
        )
