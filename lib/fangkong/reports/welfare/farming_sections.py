"""The welfare report's spring farming (春耕备耕) and employment (就业服务) sections.

Mixed into :class:`fangkong.reports.welfare.report.WelfareReport`: its
:meth:`FarmingSections.compute_farming` adds the figures of :mod:`.farming` of D and
D-1 to the report's; the two sections come right after the volunteers' (whose shuttle
carries workers back to work), and one sentence goes into the day's paragraph.
"""

from __future__ import annotations

from fangkong.catalogue import label
from fangkong.reports.base import computed_once
from fangkong.reports.breakdown import ONE_DAY, TOTAL, json_number, json_share
from fangkong.reports.html import (
    Section,
    fmt_int,
    fmt_quantity,
    fmt_rate,
    paragraph,
    subheading,
    table_html,
)
from fangkong.reports.paragraph import Paragraph
from fangkong.reports.sections import breakdown_html, breakdown_tables
from fangkong.reports.welfare.farming import (
    DAYS_OPEN,
    EMPLOYMENT_SUMS,
    FARMING_FIGURES,
    FARMING_RATES,
    OPEN_NEEDS,
    PLANNED,
    SOWN,
    SOWN_SHARE,
    farming_by_crop,
    mu,
    open_farming_needs,
    sown_trend,
    town_figures,
    village_counts,
)

#: Area sown today: the day's change of the cumulative sown area, by village.
SOWN_TODAY = "sown_today"
#: Figures counted per village in the farming and employment tables.
COUNTED = (*FARMING_FIGURES, SOWN_TODAY)
#: The new figures of the report's headline (with their change against D-1); the
#: shuttle's workers carried are the volunteers' figure already.
FARMING_HEADLINE = (PLANNED, SOWN, SOWN_TODAY, OPEN_NEEDS, *EMPLOYMENT_SUMS[:-1])
#: Input table -> its by-village figures of today (未报 where not filed). A village
#: that did not file farming today keeps its latest planned and sown area.
FARMING_FILED_BY = {
    "farming": (SOWN_TODAY,),
    "employment": EMPLOYMENT_SUMS[:3],
}
FARMING_INPUTS = tuple(FARMING_FILED_BY)
#: Open input needs listed on the page at most; the rest are counted.
NEEDS_LISTED = 20


class FarmingSections:
    """Spring farming and employment services (see the module docstring)."""

    def compute_farming(self) -> tuple[dict, dict]:
        """The farming and employment figures of D and of D-1 (:data:`FARMING_HEADLINE`
        and ``sown_share``: as the welfare report keeps a rate, its D-1 value is the
        trend's day before), and the by-zone and by-village tables."""
        data = self.data
        days = [data.day - n * ONE_DAY for n in range(3)]
        raw = [village_counts(data.town, data.farming, data.today.services, d) for d in days]
        # Sown today: the day's change of the cumulative sown area.
        counts = [
            c.assign(**{SOWN_TODAY: (c[SOWN] - b[SOWN]).astype("Float64")})
            for c, b in zip(raw, raw[1:])
        ]
        self.farming_zones, self.farming_villages = breakdown_tables(
            data.town, counts[0], COUNTED, FARMING_RATES
        )
        figures = []
        for frame in counts:
            f = town_figures(frame)
            f[SOWN_TODAY] = mu(frame[SOWN_TODAY].sum())
            figures.append({k: f[k] for k in (*FARMING_HEADLINE, SOWN_SHARE)})
        today, before = figures
        return today, before

    def farming_paragraph(self, p: Paragraph) -> None:
        """One sentence: area sown and its share of the plan; people placed today."""
        if not self.figures[PLANNED]:
            p.add("w.para.employment", placed=self.figure("placed"))
            return
        p.add(
            "w.para.farming",
            sown=self.figure(SOWN),
            share=self.figure(SOWN_SHARE, "percent"),
            placed=self.figure("placed"),
        )

    @computed_once
    def farming_trend(self) -> dict:
        """Day of the trend window -> ``sown_mu`` and ``sown_share`` at its end."""
        frame = sown_trend(self.data.farming.farming, tuple(self.trend_frame()["day"]))
        return {
            r.day: {SOWN: mu(r.sown_mu), SOWN_SHARE: json_share(r.sown_share)}
            for r in frame.itertuples(index=False)
        }

    def farming_zone_record(self, zone: str) -> dict:
        """The farming and employment figures of one war zone, for the sidecar."""
        # Row by row, as records: a row taken whole would turn the counts into floats.
        rows = self.farming_zones[self.farming_zones["zone"].eq(zone)].to_dict("records")
        if not rows:
            return {}
        areas = (PLANNED, SOWN, SOWN_TODAY)
        return {c: mu(rows[0][c]) if c in areas else json_number(rows[0][c]) for c in COUNTED} | {
            SOWN_SHARE: json_share(rows[0][SOWN_SHARE])
        }

    def _zone_table(self, names, alerts=(), by_village=False) -> str:
        headers = {n: self.with_unit(self.t(f"w.figure.{n}"), n) for n in names}
        formats = {n: "rate" if n in FARMING_RATES else "int" for n in names}
        formats |= {n: "quantity" for n in (PLANNED, SOWN, SOWN_TODAY) if n in names}
        if by_village:  # with 未报 where a village did not file today
            table = self.farming_villages
            return breakdown_html(self.ctx, table, headers, formats, alerts, self.not_filed())
        return breakdown_html(self.ctx, self.farming_zones, headers, formats, alerts)

    def farming(self) -> Section:
        """Spring farming: sown against planned by village and by crop; open input needs."""
        t, f, day = self.t, self.figures, self.data.day
        narrative = t(
            "w.farming.narrative",
            planned=fmt_quantity(f[PLANNED]),
            sown=fmt_quantity(f[SOWN]),
            share=fmt_rate(f[SOWN_SHARE]),
            today=fmt_quantity(f[SOWN_TODAY]),
            needs=fmt_int(f[OPEN_NEEDS]),
        )
        names = (PLANNED, SOWN, SOWN_SHARE, SOWN_TODAY, OPEN_NEEDS)
        # By village (with its war zone and the town's total): the issue's "by crop and
        # village"; a table by war zone beside it would not fit the printed pages.
        parts = [
            subheading(t("breakdown.by_village")),
            self._zone_table(names, (OPEN_NEEDS,), by_village=True),
        ]
        crops = farming_by_crop(self.data.farming.farming, day)
        if len(crops) > 1:
            shown = crops.assign(crop=crops["crop"].map(lambda c: t(c) if c == TOTAL else c))
            cols = {"crop": t("w.farming.crop"), "villages": t("w.farming.villages")}
            cols |= {n: self.with_unit(t(f"w.figure.{n}"), n) for n in (PLANNED, SOWN)}
            cols |= {SOWN_SHARE: t(f"w.figure.{SOWN_SHARE}")}
            formats = {"villages": "int", PLANNED: "quantity", SOWN: "quantity"}
            formats |= {SOWN_SHARE: "rate"}
            classes = ["total" if c == TOTAL else "" for c in crops["crop"]]
            parts += [
                subheading(t("w.farming.by_crop")),
                table_html(shown, cols, formats, row_classes=classes),
            ]
        parts += [subheading(t("w.farming.needs")), self._needs_table()]
        parts += self.not_filed_note("farming", "w.farming.not_filed")
        return Section(t("w.farming.title"), narrative, parts, clock=self.ctx.clock("day"))

    def _needs_table(self) -> str:
        t, lang = self.t, self.ctx.lang
        needs = open_farming_needs(self.data.town, self.data.farming.farming, self.data.day)
        sep = t("list_separator")
        # The needs and their detail in one cell: four columns read on a phone.
        words = [
            sep.join(label("farming_need", c, lang) for c in codes.split(";"))
            + (t("w.farming.need_note", note=note) if isinstance(note, str) and note else "")
            for codes, note in zip(needs["needs"], needs["needs_detail"])
        ]
        shown = needs.assign(needs=words).head(NEEDS_LISTED)
        shown[DAYS_OPEN] = [
            t("w.farming.days_open_today") if d == 0 else fmt_int(d) for d in shown[DAYS_OPEN]
        ]
        cols = {"village": t("col.village"), "crop": t("w.farming.crop")}
        cols |= {"needs": t("w.farming.need"), DAYS_OPEN: t("w.farming.days_open")}
        html = table_html(
            self._shown(shown), cols, {DAYS_OPEN: "text"}, empty=t("w.farming.none_needs")
        )
        rest = len(needs) - len(shown)
        return html + (paragraph(t("w.farming.needs_rest", n=fmt_int(rest))) if rest else "")

    def employment(self) -> Section:
        """Employment services by war zone, beside the workers the shuttle carried."""
        t, f = self.t, self.figures
        narrative = t(
            "w.employment.narrative",
            seekers=fmt_int(f["job_seekers"]),
            offered=fmt_int(f["jobs_offered"]),
            placed=fmt_int(f["placed"]),
            to_date=fmt_int(f["placed_to_date"]),
            carried=fmt_int(f["workers_carried_today"]),
        )
        parts = [self._zone_table(EMPLOYMENT_SUMS)]
        parts += self.not_filed_note("employment", "w.employment.not_filed")
        return Section(t("w.employment.title"), narrative, parts, clock=self.ctx.clock("day"))
