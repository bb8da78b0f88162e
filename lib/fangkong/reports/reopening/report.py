"""The reopening report, section by section, for ``notebooks/reopening.ipynb``.

The notebook builds a :class:`ReopeningReport` with
:meth:`ReopeningReport.from_store` and shows one section per cell. The data
come from :mod:`fangkong.reports.reopening.data`, every number from the firm,
resumption and check computations beside this module; contact names and phones
are masked at the last step, unless the report is the internal copy. Firm names
are not personal data and stay readable.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import label
from fangkong.masking import mask_name
from fangkong.reports.base import Report, computed_once
from fangkong.reports.breakdown import ONE_DAY, TOTAL, json_number
from fangkong.reports.charts import figure_png, figure_svg
from fangkong.reports.headline import headline_changes, measure_changes
from fangkong.reports.html import Section, fmt_float, fmt_int, fmt_rate, subheading
from fangkong.reports.html import table_html as _table_html
from fangkong.reports.paragraph import Paragraph, streak
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import resumption
from fangkong.reports.reopening.charts import resumption_trend_chart
from fangkong.reports.reopening.data import load_reopening
from fangkong.reports.reopening.figures import day_tables, headline, headline_of
from fangkong.reports.reopening.firms import CATEGORIES
from fangkong.reports.reopening.sections import FirmSections
from fangkong.reports.reopening.trend import trend
from fangkong.reports.sections import with_commander

#: Headline cards (whole numbers), in display order, and those red when not zero.
HEADLINE_CARDS = (
    "firms",
    "resumed",
    "rate",
    "supermarket_rate",
    "never_reported",
    "not_reported_today",
    "staff_on_site",
    "returned_from_outside",
    "in_quarantine",
    "worker_mismatches",
    "masks_short",
)
ALERT_FIGURES = ("not_reported_today", "worker_mismatches", "masks_short")
#: The cards that are rates: the town's, and the supermarkets' apart (they stayed
#: open to supply the town).
MEASURES = {"rate": "rate", "supermarket_rate": "rate"}
#: The cards that are whole numbers.
COUNTS = tuple(c for c in HEADLINE_CARDS if c not in MEASURES)
#: Alert kinds (keys of ``figures.headline(...)["alerts"]``), most urgent first.
ALERTS = (
    "categories_below_target",
    "worker_mismatches",
    "compliance_failures",
    "masks_short",
    "not_reported_today",
    "firms_not_resumed",
)


class ReopeningReport(FirmSections, Report):
    """The reopening report of a day, section by section.

    Parameters
    ----------
    As for :class:`fangkong.reports.base.Report`; ``data`` is a
    :class:`fangkong.reports.reopening.data.ReopeningData`. Only contact names
    and phones are personal data here.
    """

    name = "reopening"
    load = staticmethod(load_reopening)
    headline_cards = HEADLINE_CARDS
    headline_measures = MEASURES
    alert_figures = ALERT_FIGURES
    alert_kinds = ALERTS
    urgent_alerts = ALERTS[:2]
    alert_columns = ("zone", "village", "enterprise_name", "detail", "contact", "phone")
    input_tables = ("enterprises", "enterprise_status", "quarantine")
    base_figure = "firms"
    base_series = "firms"
    sections = (
        "header",
        "headline",
        "alerts",
        "followup",
        "resumption",
        "trend",
        "staff",
        "compliance",
        "masks",
        "not_reported",
        "data_quality",
        "appendix",
    )

    def compute(self) -> None:
        town, day = self.data.town, self.data.day
        self.tables = day_tables(self.data.today, town, day)
        self.firms = self.tables.firms
        head = headline_of(self.tables, town)
        self.figures, self.alerts_count = head["figures"], head["alerts"]
        previous = headline(self.data.yesterday, town, day - ONE_DAY)["figures"]
        self.changes = headline_changes(
            {k: self.figures[k] for k in COUNTS}, {k: previous[k] for k in COUNTS}
        )
        self.measures = measure_changes(self.figures, previous, self.headline_measures)

    # -- helpers -------------------------------------------------------------------

    def _masked(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The firm name kept, contacts and phones masked unless internal."""
        out = frame.rename(columns={"name": "enterprise_name"})
        if self.ctx.mask_pii and "contact" in out.columns:
            out["contact"] = out["contact"].map(mask_name, na_action="ignore")
        return super()._masked(out)

    def _shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Zone and category codes as words, contacts and phones masked unless internal."""
        out = frame.copy()
        if "category" in out.columns:
            out["category"] = out["category"].map(self._category)
        return super()._shown(out)

    def _category(self, code) -> str:
        if code == TOTAL:
            return self.t("total")
        return label("enterprise_category", code, self.ctx.lang)

    def _met(self, value) -> str:
        if value is None or pd.isna(value):
            return ""
        return self.t("r.met" if value else "r.not_met")

    # -- the alert list ------------------------------------------------------------

    @computed_once
    def alert_items(self) -> pd.DataFrame:
        """Every alert of the day, one row each, most urgent kind first.

        Returns
        -------
        DataFrame
            ``kind``, ``zone`` (a code), ``village``, ``name`` (the firm's),
            ``detail``, ``contact`` and ``phone``, unmasked: the page and the
            sidecar mask contacts and phones and show ``name`` as
            ``enterprise_name``.
        """
        t, town = self.t, self.data.town
        rows = []
        by_category = self.tables.by_category
        for _, r in by_category[by_category["met"].eq(False).fillna(False)].iterrows():
            detail = t(
                "r.detail.below_target",
                category=self._category(r["category"]),
                rate=fmt_rate(r["rate"]),
                target=fmt_rate(r["target"]),
            )
            rows.append(
                {
                    "kind": "categories_below_target",
                    "zone": TOTAL,
                    "detail": detail,
                    "subject": r["category"],
                }
            )

        def firm_rows(kind, frame, detail):
            for _, r in frame.iterrows():
                rows.append(
                    {
                        "kind": kind,
                        "zone": r.get("zone"),
                        "village": r.get("village"),
                        "name": r.get("name"),
                        "detail": detail(r),
                        "contact": r.get("contact"),
                        "phone": r.get("phone"),
                        # One problem per firm and kind; per failing check for compliance.
                        "subject": r["enterprise_id"]
                        + (f"|{r['check']}" if kind == "compliance_failures" else ""),
                    }
                )

        contacts = self.firms.set_index("enterprise_id")[["contact", "phone"]]
        check = self.tables.crosscheck
        check = check[check["check"] == firm_checks.MISMATCH].join(contacts, on="enterprise_id")
        firm_rows(
            "worker_mismatches",
            check,
            lambda r: t(
                "r.detail.worker_mismatch",
                reported=fmt_int(r["reported"]),
                in_ledger=fmt_int(r["in_ledger"]),
            ),
        )
        failures = self.tables.failures
        firm_rows(
            "compliance_failures",
            failures,
            lambda r: (
                t("r.detail.not_done", check=t(f"r.check.{r['check']}"))
                + ("" if r["reported_today"] else t("r.detail.no_report"))
            ),
        )
        stock = self.tables.stock
        short = firm_checks.masks_short(stock).join(contacts, on="enterprise_id")
        firm_rows(
            "masks_short",
            short,
            lambda r: t(
                "r.detail.masks", days=fmt_float(r["mask_days"]), masks=fmt_int(r["masks"])
            ),
        )
        firm_rows(
            "not_reported_today",
            resumption.not_reported_today(self.firms, town),
            lambda r: self._last_report(r),
        )
        firm_rows(
            "firms_not_resumed",
            resumption.not_resumed(self.firms, town),
            lambda r: t(
                "r.detail.not_resumed",
                category=self._category(r["category"]),
                staff=fmt_int(r["staff_total"]),
                last=self._last_report(r),
            ),
        )
        cols = ["kind", "zone", "village", "name", "detail", "contact", "phone", "subject"]
        return pd.DataFrame(rows, columns=cols).astype("object")

    @computed_once
    def resumption_by_zone(self) -> pd.DataFrame:
        """Resumption by war zone and category (:func:`.resumption.resumption`)."""
        return resumption.resumption(self.firms, self.data.town)

    @property
    def day(self) -> pd.Timestamp:
        return self.data.day

    def _last_report(self, row) -> str:
        if row["never_reported"]:
            return self.t("r.detail.never_reported")
        return self.t(
            "r.detail.last_report", day=pd.Timestamp(row["last_report"]).strftime("%m-%d")
        )

    # -- sections ------------------------------------------------------------------

    def paragraph_body(self, p: Paragraph) -> None:
        f, t = self.figure, self.t
        p.add("r.para.firms", firms=f("firms"), resumed=f("resumed"))
        self.add_change(p, "resumed", t("unit.firm"))
        p.add("r.para.rate", rate=f("rate", "percent"))
        for i, c in enumerate(CATEGORIES):
            p.add(
                "r.para.category_first" if i == 0 else "r.para.category",
                category=self._category(c),
                rate=f(f"{c}_rate", "percent"),
                target=f(f"{c}_target", "percent"),
            )
        if not all(self.figures[f"{c}_met"] for c in CATEGORIES):
            p.add("r.para.targets_missed")
        else:
            keys = ("r.para.targets_met_days", "r.para.targets_met_window", "r.para.targets_met")
            self.add_run(p, "targets_met", keys)
        p.add(
            "r.para.staff",
            on_site=f("staff_on_site"),
            share=f("on_site_rate", "percent"),
            failing=f("firms_failing_compliance"),
            masks=f("masks_short"),
            missing=f("not_reported_today"),
        )

    def streaks(self) -> dict:
        met: dict[str, list[bool]] = {}
        for row in self.sidecar_trend():
            rate, target = row["rate"], row["target"]
            # A day without firms has no rate: it breaks the run.
            ok = bool(row["firms"]) and rate is not None and target is not None
            met.setdefault(row["date"], []).append(ok and rate >= target)
        days = [all(flags) for _, flags in sorted(met.items())]
        return {
            "targets_met": {
                "days": streak(days, bool),
                "series": "rate >= target",
                "test": "every category",
                "window": len(days),
            }
        }

    def resumption(self) -> Section:
        """Resumption by category against the targets, town-wide and by war zone."""
        t = self.t
        table = self.tables.by_category
        shown = self._shown(table).assign(met=table["met"].map(self._met))
        names = ("category", "firms", "resumed", "not_resumed", "never_reported", "rate")
        names += ("target", "met")
        formats = dict.fromkeys(names, "int") | {
            "category": "text",
            "rate": "rate",
            "target": "rate",
            "met": "text",
        }
        bad = table["met"].eq(False).fillna(False).to_list()
        classes = ["total" if c == TOTAL else "" for c in table["category"]]
        parts = [
            _table_html(
                shown, self._cols(*names), formats, alert_cells={"met": bad}, row_classes=classes
            )
        ]
        wide, flags = self._by_zone_wide(self.resumption_by_zone())
        cols = {"zone": t("col.zone")} | {c: self._category(c) for c in [*CATEGORIES, TOTAL]}
        classes = ["total" if z == TOTAL else "" for z in wide["zone"]]
        wide, cols = with_commander(self.ctx, wide, cols)
        parts += [
            subheading(t("r.resumption.by_zone")),
            _table_html(self._shown(wide), cols, alert_cells=flags, row_classes=classes),
        ]
        # Each firm not resumed is an alert: listed there, once.
        parts += [
            subheading(t("r.resumption.not_resumed")),
            self.alert_reference("firms_not_resumed")
            or f'<p class="empty">{t("r.resumption.none_not_resumed")}</p>',
        ]
        f = self.figures
        narrative = t(
            "r.resumption.narrative",
            firms=fmt_int(f["firms"]),
            never=t("r.resumption.never", never=fmt_int(f["never_reported"]))
            if f["never_reported"]
            else "",
        )
        return Section(t("r.resumption.title"), narrative, parts, clock=self.ctx.clock("stock"))

    def _by_zone_wide(self, zones: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
        """Zone x category cells "resumed/firms (rate)", and the cells below target."""

        def cell(r) -> str:
            if not r["firms"]:
                return ""
            return f"{fmt_int(r['resumed'])}/{fmt_int(r['firms'])} ({fmt_rate(r['rate'])})"

        cells = zones.assign(cell=[cell(r) for _, r in zones.iterrows()])
        wide = cells.pivot(index="zone", columns="category", values="cell")
        met = zones.pivot(index="zone", columns="category", values="met")
        order = list(dict.fromkeys(zones["zone"]))
        cats = [*CATEGORIES, TOTAL]
        wide = wide.reindex(index=order, columns=cats).rename_axis(None, axis=1).reset_index()
        met = met.reindex(index=order, columns=cats)
        flags = {c: met[c].eq(False).fillna(False).to_list() for c in cats}
        return wide, flags

    @computed_once
    def trend_frame(self) -> pd.DataFrame:
        """Daily resumption by category of the trend window (:func:`.trend.trend`)."""
        data = self.data
        return trend(data.today, data.town, data.day, data.trend_days)

    def trend(self) -> Section:
        """A chart of the resumption rate of each category, with its target."""
        frame = self.trend_frame()
        days = frame["day"].nunique()
        chart_title = self.t("r.trend.chart", days=days)
        categories = {c: self._category(c) for c in CATEGORIES}
        chart = resumption_trend_chart(frame, categories, self.t("r.trend.target"), chart_title)
        # The same chart, as a PNG, is the email's.
        png = figure_png(chart)
        title = self.t("trend.title", days=days)
        return Section(
            title,
            self.t("r.trend.narrative"),
            [figure_svg(chart, chart_title)],
            png=png,
            clock=self.ctx.clock("trend"),
        )

    def sidecar_zones(self) -> list[dict]:
        return [
            {k: json_number(v) if k not in ("zone", "category") else v for k, v in r.items()}
            for r in self.resumption_by_zone().to_dict("records")
        ]

    def sidecar_trend(self) -> list[dict]:
        return [
            {"date": r["day"].strftime("%Y-%m-%d"), "category": r["category"]}
            | {c: json_number(r[c]) for c in ("firms", "resumed", "rate", "target")}
            for _, r in self.trend_frame().iterrows()
        ]
