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
from fangkong.reports.breakdown import days_between, rate, with_zone
from fangkong.reports.charts import figure_png, trend_chart
from fangkong.reports.data import DAY, Report
from fangkong.reports.html import (
    Section,
    fmt_int,
    fmt_rate,
    image_html,
    paragraph,
    subheading,
    table_html,
)
from fangkong.reports.masking import mask_frame
from fangkong.reports.quarantine.alerts import ALERT_COLUMNS, Wording, alert_items
from fangkong.reports.quarantine.computations import by_reason
from fangkong.reports.quarantine.data import QuarantineData, load_quarantine
from fangkong.reports.quarantine.figures import (
    ALERTS,
    VILLAGE_FIGURES,
    DayFigures,
    alert_counts,
    day_figures,
    headline,
    village_counts,
)
from fangkong.reports.quarantine.trend import trend
from fangkong.reports.sections import (
    Context,
    alert_summary,
    breakdown_html,
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


class QuarantineReport(Report):
    """The quarantine report of a day, section by section.

    Parameters
    ----------
    data : QuarantineData
    lang : {"zh", "en"}
    mask_pii : bool
        Mask names, ID numbers and phones (default). False only for the
        internal copy that stays on the local machine.
    generated_at : datetime, optional
        Default: now (the generation time, not the report date).
    """

    load = staticmethod(load_quarantine)

    def __init__(
        self, data: QuarantineData, lang: str = "zh", mask_pii: bool = True, generated_at=None
    ):
        self.data = data
        when = {"generated_at": generated_at} if generated_at is not None else {}
        self.ctx = Context(
            "quarantine", data.town, data.day, lang, mask_pii, data.data_as_of, **when
        )
        self.t = self.ctx.t
        self.words = Wording(data.town.policy, lang)
        policy = data.town.policy
        self.figs: DayFigures = day_figures(data.today, policy)
        counts = village_counts(self.figs)
        self.figures = headline(self.figs, counts)
        self.changes = headline_changes(self.figures, headline(day_figures(data.yesterday, policy)))
        self.alerts_count = alert_counts(self.figures)
        self.quality = data_quality(data.missing, data.issues)
        self.zones, self.villages = breakdown_tables(data.town, counts, VILLAGE_FIGURES, RATES)

    # -- helpers -------------------------------------------------------------------

    def _mask(self, frame: pd.DataFrame) -> pd.DataFrame:
        return mask_frame(frame, self.ctx.mask_pii)

    def _zoned(self, frame: pd.DataFrame, sort: bool = True, first=()) -> pd.DataFrame:
        """Rows with their zone, masked; sorted by ``first`` columns then town order."""
        out = with_zone(frame.assign(village=frame["village"].fillna("")), self.data.town)
        if sort:
            order = {v: i for i, v in enumerate(self.data.town.village_names)}
            out = out.assign(_o=out["village"].map(order).fillna(len(order)))
            out = out.sort_values([*first, "_o"], kind="stable").drop(columns="_o")
        out["zone"] = out["zone"].map(lambda z: zone_label(self.ctx, z))
        return self._mask(out.reset_index(drop=True))

    def _person_cols(self) -> dict[str, str]:
        return {
            "zone": self.t("col.zone"),
            "village": self.t("col.village"),
            "name": self.t("q.col.name"),
            "person_id": self.t("q.col.person_id"),
            "phone": self.t("q.col.phone"),
        }

    def _village_table(self, columns: dict[str, str], formats: dict[str, str], alerts=()):
        """A by-village table (with total row) of some figures and rates."""
        return breakdown_html(self.ctx, self.villages, columns, formats, alerts)

    # -- the alert list ------------------------------------------------------------

    @computed_once
    def alert_items(self) -> pd.DataFrame:
        """Every alert of the day, one row each, most urgent kind first, then by village.

        Returns
        -------
        DataFrame
            ``kind``, ``zone``, ``village``, ``name``, ``person_id``, ``phone``,
            ``detail`` and ``team``, masked unless internal.
        """
        items = alert_items(self.figs, self.words)
        items["_k"] = items["kind"].map({k: i for i, k in enumerate(ALERTS)})
        return self._zoned(items, first=["_k"])[["kind", "zone", *ALERT_COLUMNS[1:]]]

    # -- sections ------------------------------------------------------------------

    def header(self) -> Section:
        """Title, town, report date, data as of, generated at, version."""
        return header_section(self.ctx, self.t("q.title"))

    def headline(self) -> Section:
        """Headline figures with the change against D-1."""
        cards = {name: self.t(f"q.figure.{name}") for name in HEADLINE_CARDS}
        words = {k: fmt_int(v) for k, v in self.figures.items()}
        narrative = self.t("q.headline.narrative", **words)
        return headline_section(self.ctx, self.changes, cards, narrative, ALERT_FIGURES)

    def alerts(self) -> Section:
        """Every alert with its village and four-to-one team, most urgent first."""
        labels = {k: self.t(f"q.alert.{k}") for k in ALERTS}
        items = self.alert_items()
        urgent = items["kind"].isin(["fever", "lost_contact"]).to_list()
        shown = items.assign(kind=items["kind"].map(labels))
        cols = {"kind": self.t("q.col.kind")} | self._person_cols()
        cols |= {"detail": self.t("q.col.detail"), "team": self.t("q.col.team")}
        parts = [table_html(shown, cols, alert_cells={"kind": urgent, "detail": urgent})]
        if len(items):
            parts.insert(0, paragraph(self.t("q.alerts.narrative")))
        summary = alert_summary(self.ctx, self.alerts_count, labels)
        return Section(self.t("alerts.title"), summary, parts, css_class="fk-alerts")

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
        return Section(self.t("q.reason.title"), narrative, [table])

    def breakdown(self) -> Section:
        """The main figures by war zone, then by village."""
        headers = {c: self.t(f"q.figure.{c}") for c in BREAKDOWN}
        formats = dict.fromkeys(BREAKDOWN, "int")
        alerts = ("overdue", "fever_alerts", "missed_checks", "lost_contact")
        return breakdown_section(self.ctx, self.zones, self.villages, headers, formats, alerts)

    def fever(self) -> Section:
        """Fever and symptom alerts with temperatures, symptoms and teams."""
        threshold = self.data.town.policy.fever_threshold_c
        fever = self.figs.fever
        shown = self._zoned(
            sort=False,
            frame=fever.assign(
                symptoms=fever["symptoms"].map(self.words.symptoms),
                status=fever["status"].map(lambda s: label("quarantine_status", s, self.ctx.lang)),
                team=[self.words.team(r) for _, r in fever.iterrows()],
            ),
        )
        cols = self._person_cols() | {
            "status": self.t("q.col.status"),
            "temperature_c": self.t("q.col.temperature"),
            "symptoms": self.t("q.col.symptoms"),
            "checked_at": self.t("q.col.checked_at"),
            "team": self.t("q.col.team"),
        }
        formats = {"temperature_c": "float", "checked_at": "datetime"}
        hot = shown["fever"].astype(bool).to_list() if len(shown) else []
        table = table_html(
            shown, cols, formats, alert_cells={"temperature_c": hot}, empty=self.t("q.fever.none")
        )
        narrative = self.t("q.fever.narrative", count=fmt_int(len(fever)), threshold=threshold)
        return Section(self.t("q.fever.title"), narrative, [table])

    def medical_visits(self) -> Section:
        """Visits done against owed by village, and who missed one today."""
        h = self.figures
        narrative = self.t(
            "q.visits.narrative",
            per_day=self.data.town.policy.checks_per_day,
            done=fmt_int(h["checks_done"]),
            owed=fmt_int(h["checks_owed"]),
            rate=fmt_rate(rate(h["checks_done"], h["checks_owed"]).iloc[0]),
            missed=fmt_int(h["missed_checks"]),
        )
        by_village_table = self._village_table(
            {
                "checks_owed": self.t("q.figure.checks_owed"),
                "checks_done": self.t("q.figure.checks_done"),
                "checks_rate": self.t("q.rate.checks"),
                "missed_checks": self.t("q.figure.missed_checks"),
            },
            {
                "checks_owed": "int",
                "checks_done": "int",
                "checks_rate": "rate",
                "missed_checks": "int",
            },
            alerts=("missed_checks",),
        )
        missed = self.figs.missed_checks
        shown = self._zoned(missed.assign(missing=missed["missing"].map(self.words.slots)))
        cols = self._person_cols() | {
            "missing": self.t("q.col.missing"),
            "doctor": self.t("q.col.doctor"),
        }
        missed_table = table_html(shown, cols, empty=self.t("q.visits.none_missed"))
        parts = [by_village_table, subheading(self.t("q.visits.missed")), missed_table]
        return Section(self.t("q.visits.title"), narrative, parts)

    def care(self) -> Section:
        """Disinfection and phone follow-ups against owed; lost contact; anxious or low."""
        h, t = self.figures, self.t
        narrative = t(
            "q.care.narrative",
            dis_done=fmt_int(h["disinfections_done"]),
            dis_owed=fmt_int(h["disinfections_owed"]),
            dis_rate=fmt_rate(rate(h["disinfections_done"], h["disinfections_owed"]).iloc[0]),
            calls_reached=fmt_int(h["calls_reached"]),
            calls_owed=fmt_int(h["calls_owed"]),
            calls_rate=fmt_rate(rate(h["calls_reached"], h["calls_owed"]).iloc[0]),
            days=self.data.town.policy.lost_contact_days,
            lost=fmt_int(h["lost_contact"]),
            mood=fmt_int(h["mood_alerts"]),
        )
        figures = (
            "disinfections_owed",
            "disinfections_done",
            "calls_owed",
            "calls_reached",
            "lost_contact",
            "mood_alerts",
        )
        columns = {c: t(f"q.figure.{c}") for c in figures}
        columns = (
            dict(list(columns.items())[:2])
            | {"disinfections_rate": t("q.rate.disinfections")}
            | dict(list(columns.items())[2:4])
            | {"calls_rate": t("q.rate.calls")}
            | dict(list(columns.items())[4:])
        )
        formats = dict.fromkeys(figures, "int") | {
            "disinfections_rate": "rate",
            "calls_rate": "rate",
        }
        parts = [self._village_table(columns, formats, alerts=("lost_contact", "mood_alerts"))]
        lost = self._zoned(self.figs.lost_contact)
        lost = lost.assign(team=[self.words.team(r) for _, r in self.figs.lost_contact.iterrows()])
        cols = self._person_cols() | {
            "last_reached": t("q.col.last_reached"),
            "team": t("q.col.team"),
        }
        parts += [
            subheading(t("q.care.lost")),
            table_html(lost, cols, {"last_reached": "datetime"}, empty=t("q.care.lost_none")),
        ]
        mood = self.figs.mood
        mood = self._zoned(
            mood.assign(mood=mood["mood"].map(lambda m: label("mood", m, self.ctx.lang)))
        )
        cols = self._person_cols() | {
            "mood": t("q.col.mood"),
            "needs": t("q.col.needs"),
            "caller": t("q.col.caller"),
            "called_at": t("q.col.called_at"),
        }
        parts += [
            subheading(t("q.care.mood")),
            table_html(mood, cols, {"called_at": "datetime"}, empty=t("q.care.mood_none")),
        ]
        return Section(t("q.care.title"), narrative, parts)

    def four_to_one(self) -> Section:
        """People in quarantine whose four-to-one team has a gap."""
        gaps, t = self.figs.team_gaps, self.t
        sep = t("list_separator")
        shown = self._zoned(
            gaps.assign(
                missing_roles=gaps["missing_roles"].map(
                    lambda roles: sep.join(t(f"q.role.{r}") for r in roles)
                ),
                team=[self.words.team(r) for _, r in gaps.iterrows()],
            )
        )
        cols = self._person_cols() | {
            "missing_roles": t("q.col.missing_roles"),
            "team": t("q.col.team"),
        }
        flags = [True] * len(shown)
        table = table_html(
            shown, cols, alert_cells={"missing_roles": flags}, empty=t("q.team.none")
        )
        narrative = t(
            "q.team.narrative",
            total=fmt_int(self.figures["in_quarantine"]),
            gaps=fmt_int(self.figures["team_gaps"]),
        )
        return Section(t("q.team.title"), narrative, [table])

    def returning_workers(self) -> Section:
        """Returning workers in quarantine per employer against the employers' reports."""
        workers, t = self.figs.workers, self.t
        shown = self._mask(
            workers.assign(check=workers["check"].map(lambda c: t(f"q.workers.{c}")))
        )
        cols = {
            "enterprise_name": t("q.col.enterprise"),
            "enterprise_id": t("q.col.enterprise_id"),
            "village": t("col.village"),
            "in_ledger": t("q.col.in_ledger"),
            "reported": t("q.col.reported"),
            "check": t("q.col.check"),
        }
        bad = workers["check"].ne("match").to_list()
        table = table_html(
            shown,
            cols,
            {"in_ledger": "int", "reported": "int"},
            alert_cells={"check": bad},
            empty=t("q.workers.none"),
        )
        narrative = t(
            "q.workers.narrative",
            mismatch=fmt_int(self.figures["employer_mismatches"]),
            not_reported=fmt_int(self.figures["employers_not_reported"]),
        )
        return Section(t("q.workers.title"), narrative, [table])

    @computed_once
    def trend_frame(self) -> pd.DataFrame:
        """The daily series of the trend chart (see :func:`quarantine_trend.trend`)."""
        data = self.data
        days = days_between(data.day - (data.trend_days - 1) * DAY, data.day)
        return trend(data.history, data.trend_checks, data.town.policy.fever_threshold_c, days)

    def trend(self) -> Section:
        """A chart of people in quarantine, new people and fever alerts per day."""
        frame = self.trend_frame()
        series = {c: self.t(f"q.trend.{c}") for c in ("in_quarantine", "new_today", "fever_alerts")}
        title = self.t("trend.title", days=len(frame))
        # The chart also goes alone into the email, so it names the town in its title.
        chart_title = self.t("q.trend.chart", town=self.data.town.name, days=len(frame))
        png = figure_png(trend_chart(frame, "date", series, chart_title))
        return Section(title, self.t("q.trend.narrative"), [image_html(png, chart_title)], png=png)

    def data_quality(self) -> Section:
        """Missing submissions, rejected rows and warnings of the day."""
        return data_quality_section(self.ctx, self.quality)

    def sidecar(self) -> Sidecar:
        """The machine-readable summary, for the runner (hidden in the HTML)."""
        items = self.alert_items()
        trend_rows = self.trend_frame()
        zones = self.zones.set_index("zone")
        return Sidecar(
            sidecar(
                self.ctx,
                self.changes,
                self.alerts_count,
                self.quality,
                rates={
                    name: _plain_rate(rate(self.figures[num], self.figures[den]).iloc[0])
                    for name, (num, den) in RATES.items()
                },
                by_reason={
                    r: int(n)
                    for r, n in by_reason(
                        self.data.today.ledger, self.data.day, list(ENUMS["quarantine_reason"])
                    ).itertuples(index=False)
                },
                zones={
                    zone: {name: int(zones.loc[zone, name]) for name in VILLAGE_FIGURES}
                    for zone in zones.index
                },
                trend=[
                    {"date": r.date.strftime("%Y-%m-%d")}
                    | {
                        c: int(getattr(r, c))
                        for c in ("in_quarantine", "new_today", "fever_alerts")
                    }
                    for r in trend_rows.itertuples(index=False)
                ],
                alert_items=[
                    {k: (None if pd.isna(v) else str(v)) for k, v in row.items()}
                    for row in items.drop(columns=["person_id", "phone"]).to_dict("records")
                ],
            )
        )


def _plain_rate(value):
    return None if pd.isna(value) else round(float(value), 4)
