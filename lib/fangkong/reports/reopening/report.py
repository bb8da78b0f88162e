"""The reopening report: its data read from the store, its sections for the notebook.

``notebooks/reopening.ipynb`` builds a :class:`ReopeningReport` with
:meth:`ReopeningReport.from_store` and shows one section per cell. Every number
comes from :mod:`fangkong.reports.reopening.resumption`, :mod:`fangkong.reports.reopening.firms` and
:mod:`fangkong.reports.reopening.checks`; contact names and phones are masked here, at the
last step, unless the report is the internal copy. Firm names are not
personal data and stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fangkong.catalogue import label
from fangkong.reports.breakdown import TOTAL, json_number
from fangkong.reports.charts import figure_png
from fangkong.reports.data import DAY, Report, ReportData, load_report_data
from fangkong.reports.html import Section, fmt_float, fmt_int, fmt_rate, image_html, subheading
from fangkong.reports.html import table_html as _table_html
from fangkong.reports.masking import mask_frame, mask_name
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import resumption as reopening
from fangkong.reports.reopening import trend as reopening_trend
from fangkong.reports.reopening.charts import compliance_chart, resumption_trend_chart
from fangkong.reports.reopening.firms import CATEGORIES
from fangkong.reports.sections import (
    Context,
    alert_summary,
    computed_once,
    data_quality,
    data_quality_section,
    header_section,
    headline_changes,
    headline_section,
    zone_label,
)
from fangkong.reports.sidecar import Sidecar, sidecar
from fangkong.town import Town

#: Headline cards (whole numbers), in display order, and those red when not zero.
HEADLINE_CARDS = (
    "firms",
    "resumed",
    "never_reported",
    "not_reported_today",
    "staff_on_site",
    "returned_from_outside",
    "in_quarantine",
    "worker_mismatches",
    "masks_short",
)
ALERT_FIGURES = ("not_reported_today", "worker_mismatches", "masks_short")
#: Alert kinds (keys of ``reopening.headline(...)["alerts"]``), most urgent first.
ALERTS = (
    "categories_below_target",
    "worker_mismatches",
    "compliance_failures",
    "masks_short",
    "not_reported_today",
    "firms_not_resumed",
)
STAFF = ("firms", "staff_total", "staff_on_site", "on_site_rate", "returned_from_outside")
STAFF += ("in_quarantine",)


@dataclass(frozen=True)
class ReopeningData(ReportData):
    """Everything the reopening report of a day reads from the store.

    The fields of :class:`fangkong.reports.data.ReportData`; ``today`` and
    ``yesterday`` are :class:`fangkong.reports.reopening.resumption.ReopeningInputs`.
    """

    today: reopening.ReopeningInputs
    yesterday: reopening.ReopeningInputs


def load_reopening(store, town: Town, day, trend_days: int = 14) -> ReopeningData:
    """Read from the store what the reopening report of a day needs.

    Parameters
    ----------
    store, town, day, trend_days
        As for :func:`fangkong.reports.data.report_fields` (``trend_days`` here
        defaults to 14).

    Returns
    -------
    ReopeningData
    """
    return load_report_data(ReopeningData, reopening.load_inputs, store, town, day, trend_days)


class ReopeningReport(Report):
    """The reopening report of a day, section by section.

    Parameters
    ----------
    data : ReopeningData
    lang : {"zh", "en"}
    mask_pii : bool
        Mask contact names and phones (default); False only for the internal copy.
    **kw
        Passed to :class:`fangkong.reports.sections.Context` (``generated_at``).
    """

    load = staticmethod(load_reopening)

    def __init__(self, data: ReopeningData, lang: str = "zh", mask_pii: bool = True, **kw):
        self.data = data
        self.ctx = Context("reopening", data.town, data.day, lang, mask_pii, data.data_as_of, **kw)
        self.t = self.ctx.t
        town, day, inputs = data.town, data.day, data.today
        self.tables = reopening.day_tables(inputs, town, day)
        self.firms = self.tables.firms
        head = reopening.headline_of(self.tables, town)
        self.figures, self.alerts_count = head["figures"], head["alerts"]
        previous = reopening.headline(data.yesterday, town, day - DAY)["figures"]
        self.changes = headline_changes(
            {k: self.figures[k] for k in HEADLINE_CARDS}, {k: previous[k] for k in HEADLINE_CARDS}
        )
        self.quality = data_quality(data.missing, data.issues)

    # -- helpers -------------------------------------------------------------------

    def _shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Codes labelled, the firm name kept, contacts and phones masked unless internal."""
        out = frame.rename(columns={"name": "enterprise_name"})
        if "zone" in out.columns:
            out["zone"] = out["zone"].map(lambda z: zone_label(self.ctx, z))
        if "category" in out.columns:
            out["category"] = out["category"].map(self._category)
        if self.ctx.mask_pii and "contact" in out.columns:
            out["contact"] = out["contact"].map(mask_name, na_action="ignore")
        return mask_frame(out, self.ctx.mask_pii)

    def _category(self, code) -> str:
        if code == TOTAL:
            return self.t("total")
        return label("enterprise_category", code, self.ctx.lang)

    def _cols(self, *names: str) -> dict[str, str]:
        shared = {"zone": "col.zone", "village": "col.village"}
        return {n: self.t(shared.get(n, f"r.col.{n}")) for n in names}

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
            ``kind``, ``zone``, ``village``, ``enterprise_name``, ``detail``,
            ``contact`` and ``phone`` (masked unless internal).
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
            rows.append({"kind": "categories_below_target", "zone": TOTAL, "detail": detail})

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
                t(f"r.check.{r['check']}")
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
            reopening.not_reported_today(self.firms, town),
            lambda r: self._last_report(r),
        )
        firm_rows(
            "firms_not_resumed",
            reopening.not_resumed(self.firms, town),
            lambda r: self._last_report(r),
        )
        cols = ["kind", "zone", "village", "name", "detail", "contact", "phone"]
        return pd.DataFrame(rows, columns=cols).astype("object")

    @computed_once
    def resumption_by_zone(self) -> pd.DataFrame:
        """Resumption by war zone and category (:func:`reopening.resumption`)."""
        return reopening.resumption(self.firms, self.data.town)

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

    def header(self) -> Section:
        """Title, town, report date, data as of, generated at, version."""
        return header_section(self.ctx, self.t("r.title"))

    def headline(self) -> Section:
        """Headline figures with the change against D-1."""
        cards = {name: self.t(f"r.figure.{name}") for name in HEADLINE_CARDS}
        f, t = self.figures, self.t
        parts = [
            t(
                "r.headline.category",
                category=self._category(c),
                resumed=fmt_int(f[f"{c}_resumed"]),
                firms=fmt_int(f[f"{c}_firms"]),
                rate=fmt_rate(f[f"{c}_rate"]),
                target=fmt_rate(f[f"{c}_target"]),
                met=self._met(f[f"{c}_met"]),
            )
            for c in CATEGORIES
        ]
        narrative = t(
            "r.headline.narrative",
            firms=fmt_int(f["firms"]),
            resumed=fmt_int(f["resumed"]),
            rate=fmt_rate(f["rate"]),
            categories=t("list_separator").join(parts),
            never=fmt_int(f["never_reported"]),
            missing=fmt_int(f["not_reported_today"]),
        )
        return headline_section(self.ctx, self.changes, cards, narrative, ALERT_FIGURES)

    def alerts(self) -> Section:
        """Categories below target, worker mismatches, compliance, masks, firms not reporting."""
        labels = {k: self.t(f"r.alert.{k}") for k in ALERTS}
        items = self.alert_items()
        items["_k"] = items["kind"].map({k: i for i, k in enumerate(ALERTS)})
        items = items.sort_values("_k", kind="stable").drop(columns="_k")
        urgent = items["kind"].isin(ALERTS[:2]).to_list()
        shown = self._shown(items.assign(kind=items["kind"].map(labels)))
        cols = {"kind": self.t("r.col.kind")} | self._cols(
            "zone", "village", "enterprise_name", "detail", "contact", "phone"
        )
        table = _table_html(shown, cols, alert_cells={"kind": urgent})
        summary = alert_summary(self.ctx, {k: self.alerts_count[k] for k in ALERTS}, labels)
        return Section(self.t("alerts.title"), summary, [table], css_class="fk-alerts")

    def resumption(self) -> Section:
        """Resumption by category against the targets, town-wide and by war zone."""
        t, town = self.t, self.data.town
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
        parts += [
            subheading(t("r.resumption.by_zone")),
            _table_html(self._shown(wide), cols, alert_cells=flags, row_classes=classes),
        ]
        listed = reopening.not_resumed(self.firms, town)
        listed = listed.assign(last_report=[self._last_report(r) for _, r in listed.iterrows()])
        names = ("category", "zone", "village", "enterprise_name", "staff_total", "contact")
        names += ("phone", "last_report")
        parts += [
            subheading(t("r.resumption.not_resumed")),
            _table_html(
                self._shown(listed),
                self._cols(*names),
                {"staff_total": "int"},
                empty=t("r.resumption.none_not_resumed"),
            ),
        ]
        f = self.figures
        narrative = t(
            "r.resumption.narrative",
            firms=fmt_int(f["firms"]),
            never=fmt_int(f["never_reported"]),
        )
        return Section(t("r.resumption.title"), narrative, parts)

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
        """Daily resumption by category of the trend window (:func:`reopening_trend.trend`)."""
        data = self.data
        return reopening_trend.trend(data.today, data.town, data.day, data.trend_days)

    def trend(self) -> Section:
        """A chart of the resumption rate of each category, with its target."""
        frame = self.trend_frame()
        title = self.t("trend.title", days=frame["day"].nunique())
        categories = {c: self._category(c) for c in CATEGORIES}
        chart = resumption_trend_chart(frame, categories, self.t("r.trend.target"), title)
        png = figure_png(chart)
        return Section(title, self.t("r.trend.narrative"), [image_html(png, title)], png=png)

    def staff(self) -> Section:
        """Staff on site against staff total; returned workers and those in quarantine."""
        t, town = self.t, self.data.town
        parts = []
        for by, key in (("category", "category"), ("zone", "zone")):
            table = reopening.staff(self.firms, town, by=by)
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
        return Section(t("r.staff.title"), narrative, parts)

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
        png = figure_png(compliance_chart(by_zone, checks, zones, t("r.compliance.chart")))
        parts.append(image_html(png, t("r.compliance.chart")))
        failures = self.tables.failures
        failures = failures.assign(
            check=failures["check"].map(lambda c: t(f"r.check.{c}")),
            reported_today=failures["reported_today"].map(
                lambda v: "" if v else t("r.detail.no_report_short")
            ),
        )
        names = ("check", "category", "zone", "village", "enterprise_name")
        names += ("prevention_officer", "contact", "phone", "reported_today")
        parts += [
            subheading(t("r.compliance.failures")),
            _table_html(
                self._shown(failures), self._cols(*names), empty=t("r.compliance.none_failing")
            ),
        ]
        narrative = t(
            "r.compliance.narrative",
            failing=fmt_int(self.figures["firms_failing_compliance"]),
        )
        return Section(t("r.compliance.title"), narrative, parts)

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
        parts = [
            _table_html(
                self._shown(table),
                self._cols(*names),
                formats,
                alert_cells=flags,
                row_classes=classes,
            )
        ]
        short = firm_checks.masks_short(stock)
        names = ("category", "zone", "village", "enterprise_name", "staff_on_site", "masks")
        names += ("mask_days", "disinfectant_l", "last_report")
        formats = {
            "staff_on_site": "int",
            "masks": "int",
            "mask_days": "float",
            "disinfectant_l": "float",
            "last_report": "date",
        }
        parts += [
            subheading(t("r.masks.short", days=f"{policy.mask_days_min:g}")),
            _table_html(self._shown(short), self._cols(*names), formats, empty=t("r.masks.none")),
        ]
        narrative = t(
            "r.masks.narrative",
            per_day=f"{policy.masks_per_person_day:g}",
            days=f"{policy.mask_days_min:g}",
            short=fmt_int(self.figures["masks_short"]),
            disinfectant=fmt_float(self.figures["disinfectant_l"]),
        )
        return Section(t("r.masks.title"), narrative, parts)

    def not_reported(self) -> Section:
        """Registered firms with no daily report today."""
        t = self.t
        listed = reopening.not_reported_today(self.firms, self.data.town)
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
        return Section(t("r.not_reported.title"), narrative, [table])

    def data_quality(self) -> Section:
        """Missing submissions, rejected rows and warnings of the day."""
        return data_quality_section(self.ctx, self.quality)

    def sidecar(self) -> Sidecar:
        """The machine-readable summary, for the runner (hidden in the HTML)."""
        zones = self.resumption_by_zone()
        trend_rows = self.trend_frame()
        items = self._shown(self.alert_items())
        return Sidecar(
            sidecar(
                self.ctx,
                self.changes,
                {k: self.alerts_count[k] for k in ALERTS},
                self.quality,
                figures=self.figures,
                zones=[
                    {
                        k: json_number(v) if k not in ("zone", "category") else v
                        for k, v in r.items()
                    }
                    for r in zones.to_dict("records")
                ],
                trend=[
                    {"date": r["day"].strftime("%Y-%m-%d"), "category": r["category"]}
                    | {c: json_number(r[c]) for c in ("firms", "resumed", "rate", "target")}
                    for _, r in trend_rows.iterrows()
                ],
                alert_items=[
                    {k: (None if pd.isna(v) else str(v)) for k, v in row.items()}
                    for row in items.to_dict("records")
                ],
            )
        )
