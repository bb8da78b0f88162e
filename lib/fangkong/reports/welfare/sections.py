"""The welfare report's sections on households, needs, gas, produce, volunteers and donations."""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import item_unit
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.charts import figure_svg
from fangkong.reports.html import Section, fmt_float, fmt_int, fmt_quantity, subheading
from fangkong.reports.html import table_html as _table_html
from fangkong.reports.welfare import community, gas
from fangkong.reports.welfare import households as visits
from fangkong.reports.welfare.charts import produce_balance_chart

PRODUCE_SERIES = ("stock_kg", "sold_kg", "demand_kg")


class WelfareSections:
    """The welfare report's sections on households, needs, gas, produce, volunteers and donations.

    Mixed into the report class, whose figures, words and helpers they use.
    """

    def households(self) -> Section:
        """Households and visit coverage by category; households never visited or overdue."""
        t = self.t
        table = visits.visit_coverage(self.hv, self.data.town, visits.CATEGORY)
        shown = self._labels(table, visits.CATEGORY, "household_category")
        cols = self._cols("category", "households", "covered", "coverage", "overdue")
        cols |= self._cols("never_visited")
        formats = dict.fromkeys(cols, "int") | {"category": "text", "coverage": "rate"}
        classes = self._total_classes(table, visits.CATEGORY)
        parts = [_table_html(shown, cols, formats, row_classes=classes)]
        # Each household never visited or overdue is an alert: listed there, once.
        parts += [
            subheading(t("w.households.unvisited")),
            self.alert_reference("households_unvisited")
            or f'<p class="empty">{t("w.households.none_unvisited")}</p>',
        ]
        narrative = t(
            "w.households.narrative",
            households=fmt_int(self.figures["households"]),
            multi=fmt_int(self.figures["households_multi_category"]),
            days=self.data.town.policy.visit_interval_days,
        )
        return Section(t("w.households.title"), narrative, parts, clock=self.ctx.clock("stock"))

    def needs(self) -> Section:
        """Needs found on visits and not yet resolved, by type, with village and cadre."""
        t = self.t
        counts = visits.needs_by_type(self.need_rows)
        shown = self._labels(counts, visits.NEED, "need")
        classes = self._total_classes(counts, visits.NEED)
        parts = [
            _table_html(shown, self._cols("need", "open"), {"open": "int"}, row_classes=classes)
        ]
        # Each open need is an alert: listed there, once, with its household and cadre.
        parts += [
            subheading(t("w.needs.list")),
            self.alert_reference("open_needs") or f'<p class="empty">{t("w.needs.none")}</p>',
        ]
        narrative = t(
            "w.needs.narrative",
            needs=fmt_int(self.figures["open_needs"]),
            households=fmt_int(self.figures["households_with_open_needs"]),
        )
        narrative += self.purchase_sentence()
        return Section(t("w.needs.title"), narrative, parts, clock=self.ctx.clock("stock"))

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
        narrative += self.gas_link_sentence()
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
        return Section(t("w.gas.title"), narrative, parts, clock=self.ctx.clock("stock_flow"))

    def produce(self) -> Section:
        """Stock, sales and demand by product; villages needing a sales channel."""
        t, day = self.t, self.data.day
        table = community.produce_by_product(self.data.today.produce, day)
        shown = table.assign(product=table["product"].map(lambda p: t(p) if p == TOTAL else p))
        names = ("product", "villages", *PRODUCE_SERIES, "balance_kg")
        formats = dict.fromkeys(names, "quantity") | {"product": "text", "villages": "int"}
        classes = self._total_classes(table, "product")
        parts = [_table_html(shown, self._cols(*names), formats, row_classes=classes)]
        if len(table) > 1:
            series = {c: t(f"w.col.{c}") for c in PRODUCE_SERIES}
            chart = produce_balance_chart(table, series, t("w.produce.chart"), t("w.produce.unit"))
            parts.append(figure_svg(chart, t("w.produce.chart")))
        surplus = community.produce_surplus(self.data.today.produce, self.data.town, day)
        # Each village product in surplus is an alert: listed there, once.
        parts += [
            subheading(t("w.produce.surplus", days=community.SURPLUS_DAYS)),
            self.alert_reference("produce_surplus")
            or f'<p class="empty">{t("w.produce.none_surplus")}</p>',
        ]
        narrative = t(
            "w.produce.narrative",
            products=fmt_int(len(table) - 1),
            surplus=fmt_int(len(surplus)),
            days=community.SURPLUS_DAYS,
        )
        return Section(t("w.produce.title"), narrative, parts, clock=self.ctx.clock("day"))

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
        narrative += self.volunteer_sentence()
        return Section(t("w.volunteers.title"), narrative, parts, clock=self.ctx.clock("day"))

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
        goods = goods.assign(unit=goods["items"].map(lambda i: item_unit(i, self.ctx.lang)))
        names = ("items", "unit", "donations_today", "quantity_today", "donations_to_date")
        names += ("quantity_to_date",)
        formats = dict.fromkeys(names, "quantity") | {
            "items": "text",
            "unit": "text",
            "donations_today": "int",
            "donations_to_date": "int",
        }
        parts += [
            subheading(t("w.donations.goods")),
            _table_html(goods, self._cols(*names), formats, empty=t("w.donations.none_goods")),
        ]
        today = self._labels(community.donations_today(rows, day), "kind", "donation_kind")
        names = ("donor", "kind", "amount_yuan", "items", "quantity", "village")
        today = today.assign(
            quantity=[
                f"{fmt_quantity(q)}{item_unit(i, self.ctx.lang)}" if pd.notna(q) else ""
                for q, i in zip(today["quantity"], today["items"])
            ]
        )
        formats = {"amount_yuan": lambda v: fmt_float(v, 0), "quantity": "text"}
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
        return Section(t("w.donations.title"), narrative, parts, clock=self.ctx.clock("day"))
