"""The reopening report's sections on staff, compliance, masks and firms not reporting."""

from __future__ import annotations

from fangkong.reports.breakdown import TOTAL
from fangkong.reports.charts import figure_svg
from fangkong.reports.html import Section, fmt_float, fmt_int, fmt_rate, subheading
from fangkong.reports.html import table_html as _table_html
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import resumption
from fangkong.reports.reopening.charts import compliance_chart
from fangkong.reports.sections import with_commander, zone_label

STAFF = ("firms", "staff_total", "staff_on_site", "on_site_rate", "returned_from_outside")
STAFF += ("in_quarantine",)


class FirmSections:
    """The reopening report's sections on staff, compliance, masks and firms not reporting.

    Mixed into the report class, whose figures, words and helpers they use.
    """

    def staff(self) -> Section:
        """Staff on site against staff total; returned workers and those in quarantine."""
        t, town = self.t, self.data.town
        parts = []
        for by, key in (("category", "category"), ("zone", "zone")):
            table = resumption.staff(self.firms, town, by=by)
            formats = dict.fromkeys(STAFF, "int") | {"on_site_rate": "rate"}
            classes = ["total" if v == TOTAL else "" for v in table[key]]
            parts += [
                subheading(t(f"r.staff.by_{by}")),
                _table_html(
                    self._shown(table), self._cols(key, *STAFF), formats, row_classes=classes
                ),
            ]
        check = self.tables.crosscheck
        check = check.assign(check=check["check"].map(lambda c: t(f"r.crosscheck.{c}")))
        bad = (check["check"] != t("r.crosscheck.match")).to_list()
        names = ("enterprise_name", "enterprise_id", "zone", "village", "reported", "in_ledger")
        names += ("difference", "check")
        formats = {"reported": "int", "in_ledger": "int", "difference": "change"}
        parts += [
            subheading(t("r.staff.crosscheck")),
            _table_html(
                self._shown(check),
                self._cols(*names),
                formats,
                alert_cells={"check": bad},
                empty=t("r.staff.none_crosscheck"),
            ),
        ]
        f = self.figures
        narrative = t(
            "r.staff.narrative",
            on_site=fmt_int(f["staff_on_site"]),
            total=fmt_int(f["staff_total"]),
            rate=fmt_rate(f["on_site_rate"]),
            returned=fmt_int(f["returned_from_outside"]),
            quarantine=fmt_int(f["in_quarantine"]),
            mismatches=fmt_int(f["worker_mismatches"]),
            not_reported=fmt_int(f["workers_not_reported"]),
        )
        return Section(t("r.staff.title"), narrative, parts, clock=self.ctx.clock("day"))

    def compliance(self) -> Section:
        """Each prevention check among resumed firms: rate, chart by zone, failing firms."""
        t, town = self.t, self.data.town
        table = self.tables.compliance
        shown = table.assign(check=table["check"].map(lambda c: t(f"r.check.{c}")))
        names = ("check", "firms", "passing", "failing")
        cols = self._cols(*names) | {"rate": t("r.col.compliance_rate")}
        formats = dict.fromkeys(names, "int") | {"check": "text", "rate": "rate"}
        parts = [_table_html(shown, cols, formats)]
        by_zone = firm_checks.compliance(self.firms, town)
        checks = {c: t(f"r.check.{c}") for c in firm_checks.CHECKS}
        zones = {z: zone_label(self.ctx, z) for z in by_zone["zone"]}
        chart = compliance_chart(by_zone, checks, zones, t("r.compliance.chart"))
        parts.append(figure_svg(chart, t("r.compliance.chart")))
        # Each failing check of a firm is an alert: listed there, once.
        parts += [
            subheading(t("r.compliance.failures")),
            self.alert_reference("compliance_failures")
            or f'<p class="empty">{t("r.compliance.none_failing")}</p>',
        ]
        narrative = t(
            "r.compliance.narrative",
            failing=fmt_int(self.figures["firms_failing_compliance"]),
        )
        return Section(t("r.compliance.title"), narrative, parts, clock=self.ctx.clock("day"))

    def masks(self) -> Section:
        """Days of masks at the policy's use per person; firms short; disinfectant."""
        t, town, policy = self.t, self.data.town, self.data.town.policy
        stock = self.tables.stock
        table = firm_checks.stock_by_zone(stock, town)
        names = ("zone", "firms", "staff_on_site", "masks", "mask_days", "short")
        names += ("disinfectant_l",)
        formats = dict.fromkeys(names, "int") | {
            "zone": "text",
            "mask_days": "float",
            "disinfectant_l": "float",
        }
        classes = ["total" if z == TOTAL else "" for z in table["zone"]]
        flags = {"short": table["short"].fillna(0).gt(0).to_list()}
        table, cols = with_commander(self.ctx, table, self._cols(*names))
        parts = [
            _table_html(
                self._shown(table),
                cols,
                formats,
                alert_cells=flags,
                row_classes=classes,
            )
        ]
        # Each firm short of masks is an alert: listed there, once.
        parts += [
            subheading(t("r.masks.short", days=f"{policy.mask_days_min:g}")),
            self.alert_reference("masks_short") or f'<p class="empty">{t("r.masks.none")}</p>',
        ]
        narrative = t(
            "r.masks.narrative",
            per_day=f"{policy.masks_per_person_day:g}",
            days=f"{policy.mask_days_min:g}",
            short=fmt_int(self.figures["masks_short"]),
            disinfectant=fmt_float(self.figures["disinfectant_l"]),
        )
        return Section(t("r.masks.title"), narrative, parts, clock=self.ctx.clock("day"))

    def not_reported(self) -> Section:
        """Registered firms with no daily report today."""
        t = self.t
        listed = resumption.not_reported_today(self.firms, self.data.town)
        listed = listed.assign(
            last_report=[self._last_report(r) for _, r in listed.iterrows()],
            resumed=listed["resumed"].map(lambda v: t("r.resumed" if v else "r.not_resumed")),
        )
        names = ("category", "zone", "village", "enterprise_name", "contact", "phone")
        names += ("last_report", "resumed")
        table = _table_html(self._shown(listed), self._cols(*names), empty=t("r.not_reported.none"))
        narrative = t(
            "r.not_reported.narrative", missing=fmt_int(self.figures["not_reported_today"])
        )
        return Section(t("r.not_reported.title"), narrative, [table], clock=self.ctx.clock("day"))
