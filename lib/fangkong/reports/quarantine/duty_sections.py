"""The quarantine report's duty sections: screening, checkpoint duty, night patrols.

Mixed into :class:`fangkong.reports.quarantine.report.QuarantineReport`: its
:meth:`DutySections.compute_duties` adds the duties' figures (:mod:`.duties`) of D
and D-1 to the report's, their alerts (a shift unstaffed, a village behind with
its screening) to its list, and one section per duty to its notebook.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import ONE_DAY, json_share, rate
from fangkong.reports.commanders import commander
from fangkong.reports.html import Section, fmt_int, fmt_rate, paragraph, subheading
from fangkong.reports.paragraph import Paragraph, number
from fangkong.reports.quarantine.duties import BEHIND_PP, DUTY_FIGURES, duty_figures
from fangkong.reports.sections import breakdown_html, breakdown_tables

#: Alert kinds of the duties and the figure that counts each.
DUTY_ALERTS = {
    "checkpoint_unstaffed": "shifts_unstaffed",
    "screening_behind": "villages_screening_behind",
}
#: Rates of the duty tables: name -> (numerator, denominator).
DUTY_RATES = {
    "screening_coverage": ("screened_to_date", "households"),
    "shifts_rate": ("shifts_staffed", "shifts_owed"),
    # Party members' share of the people on duty and on patrol (党员先锋岗).
    "party_share": ("party_members", "on_duty"),
    "patrol_party_share": ("patrol_party_members", "patrollers"),
}
#: Input table -> its by-village figures of today (未报 where not filed).
DUTY_FILED_BY = {
    "screening": ("screened_today", "people_today", "returnees_found", "risk_area_found"),
    "checkpoint_duty": (
        "shifts_owed",
        "shifts_staffed",
        "shifts_rate",
        "shifts_unstaffed",
        "on_duty",
        "party_members",
        "party_share",
        "people_registered",
        "vehicles_registered",
        "temperature_alerts",
    ),
    "patrols": (
        "patrolled",
        "patrols",
        "patrollers",
        "patrol_party_members",
        "patrol_party_share",
        "issues_found",
    ),
}
DUTY_INPUTS = tuple(DUTY_FILED_BY)
#: The screening table's referred and ledger columns, 未报 too where not filed.
DUTY_FILED_BY["screening"] += ("referred", "new_in_ledger")


def new_entries(periods: pd.DataFrame) -> pd.DataFrame:
    """The village of each quarantine period that starts today."""
    return periods.loc[periods["new_today"].astype(bool), ["village"]]


class DutySections:
    """Screening, checkpoint duty and night patrols (see the module docstring)."""

    def compute_duties(self, yesterday_figs) -> None:
        """Add the duties' figures of D (and their change against D-1) and alert counts."""
        data, town = self.data, self.data.town
        missing = tuple(zip(data.missing["village"], data.missing["table"]))
        self.duty = duty_figures(
            town, data.duties, new_entries(self.figs.periods), data.day, missing
        )
        prev = duty_figures(
            town,
            data.duties,
            new_entries(yesterday_figs.periods),
            data.day - ONE_DAY,
            data.duties.not_filed_prev,
        )
        counts = self.duty.counts()
        self.duty_zones, self.duty_villages = breakdown_tables(
            town, counts, DUTY_FIGURES, DUTY_RATES
        )
        today = {n: int(counts[n].sum()) for n in DUTY_FIGURES}
        before = {n: int(prev.counts()[n].sum()) for n in DUTY_FIGURES}
        #: Each rate of D and of D-1, as computed (None over nothing).
        self.duty_rate_values = {
            name: tuple(
                None if pd.isna(v := rate(sums[num], sums[den]).iloc[0]) else float(v)
                for sums in (today, before)
            )
            for name, (num, den) in DUTY_RATES.items()
        }
        self.duty_rates = {
            name: {
                "value": json_share(now),
                "previous": json_share(then),
                "change": None if None in (now, then) else json_share(now - then),
            }
            for name, (now, then) in self.duty_rate_values.items()
        }
        return today, before

    def duty_alert_items(self) -> pd.DataFrame:
        """The duties' alerts: each shift unstaffed, each village behind with screening."""
        t, town = self.t, self.data.town
        zone_of = town.zone_of
        rows = []
        for r in self.duty.unstaffed.itertuples(index=False):
            detail = t(
                "q.detail.checkpoint_unstaffed",
                checkpoint=r.name,
                shift=self.t(f"q.shift.{r.shift}"),
            )
            rows.append((r.village, detail, f"{r.checkpoint_id}/{r.shift}"))
        town_rate = self.duty_rates["screening_coverage"]["value"]
        for r in self.duty.behind.itertuples(index=False):
            detail = t(
                "q.detail.screening_behind",
                coverage=fmt_rate(r.coverage),
                town=fmt_rate(town_rate),
                pp=round(BEHIND_PP * 100),
            )
            rows.append((r.village, detail, r.village))
        kinds = ["checkpoint_unstaffed"] * len(self.duty.unstaffed)
        kinds += ["screening_behind"] * len(self.duty.behind)
        return pd.DataFrame(
            {
                "kind": kinds,
                "village": [r[0] for r in rows],
                "detail": [r[1] for r in rows],
                "team": [commander(self.ctx, zone_of.get(r[0], "")) for r in rows],
                "subject": [r[2] for r in rows],
            }
        )

    def duty_paragraph(self, p: Paragraph) -> None:
        """One sentence: screening coverage, shifts staffed against owed, villages patrolled."""
        f = self.figure
        p.add(
            "q.para.duties",
            coverage=number(
                "extra.duty_rates.screening_coverage.value",
                self.duty_rates["screening_coverage"]["value"],
                "percent",
            ),
            staffed=f("shifts_staffed"),
            owed=f("shifts_owed"),
            patrolled=f("patrolled"),
        )

    def _duty_table(self, table, names, alerts=()) -> str:
        headers = {n: self.with_unit(self.t(f"q.figure.{n}"), n) for n in names}
        formats = {n: "rate" if n in DUTY_RATES else "int" for n in names}
        return breakdown_html(self.ctx, table, headers, formats, alerts, self.not_filed())

    def screening(self) -> Section:
        """Door-to-door screening: coverage to date by war zone and village; today's finds."""
        f, t = self.figures, self.t
        names = ("households", "screened_to_date", "screening_coverage", "screened_today")
        names += ("returnees_found", "risk_area_found", "referred", "new_in_ledger")
        alerts = ("screening_mismatches",)
        village_names = (*names, "screening_mismatches")
        narrative = t(
            "q.screening.narrative",
            screened=fmt_int(f["screened_to_date"]),
            households=fmt_int(f["households"]),
            coverage=fmt_rate(self.duty_rates["screening_coverage"]["value"]),
            today=fmt_int(f["screened_today"]),
            returnees=fmt_int(f["returnees_found"]),
            risk=fmt_int(f["risk_area_found"]),
            referred=fmt_int(f["referred"]),
            new=fmt_int(f["new_in_ledger"]),
            mismatches=fmt_int(f["screening_mismatches"]),
            pp=round(BEHIND_PP * 100),
        )
        parts = [
            subheading(t("breakdown.by_zone")),
            self._duty_table(self.duty_zones, names),
            subheading(t("breakdown.by_village")),
            self._duty_table(self.duty_villages, village_names, alerts),
            self.alert_reference("screening_behind"),
        ]
        return Section(t("q.screening.title"), narrative, parts, clock=self.ctx.clock("stock_flow"))

    def checkpoints(self) -> Section:
        """Checkpoint duty by war zone: shifts staffed against owed, registrations, alerts."""
        f, t = self.figures, self.t
        # Party members as a share of those on duty: their count is in the sentence above,
        # and one more column would not fit an A4 page.
        names = ("shifts_owed", "shifts_staffed", "shifts_rate", "on_duty", "party_share")
        names += ("people_registered", "vehicles_registered", "temperature_alerts")
        narrative = t(
            "q.checkpoints.narrative",
            checkpoints=fmt_int(len(self.data.duties.checkpoints)),
            owed=fmt_int(f["shifts_owed"]),
            staffed=fmt_int(f["shifts_staffed"]),
            unstaffed=fmt_int(f["shifts_unstaffed"]),
            people=fmt_int(f["people_registered"]),
            vehicles=fmt_int(f["vehicles_registered"]),
            fever=fmt_int(f["temperature_alerts"]),
            on_duty=fmt_int(f["on_duty"]),
            party=fmt_int(f["party_members"]),
            party_share=fmt_rate(self.duty_rates["party_share"]["value"]),
        )
        parts = [
            self._duty_table(self.duty_zones, names, ("temperature_alerts",)),
            subheading(t("q.checkpoints.unstaffed")),
            self.alert_reference("checkpoint_unstaffed")
            or f'<p class="empty">{t("q.checkpoints.none_unstaffed")}</p>',
        ]
        # Their shifts are neither owed nor staffed above: say whose they are.
        parts += self.not_filed_note("checkpoint_duty", "q.checkpoints.not_filed")
        return Section(t("q.checkpoints.title"), narrative, parts, clock=self.ctx.clock("day"))

    def patrols(self) -> Section:
        """Night patrols by war zone: villages patrolled, patrollers, party members, issues."""
        f, t = self.figures, self.t
        names = ("patrolled", "patrols", "patrollers", "patrol_party_members")
        names += ("patrol_party_share", "issues_found")
        villages = self.duty_villages.iloc[:-1]
        unfiled = set(self.not_filed().get("patrolled", ()))
        quiet = [v for v, n in zip(villages["village"], villages["patrolled"]) if not n]
        quiet = [v for v in quiet if v not in unfiled]
        narrative = t(
            "q.patrols.narrative",
            patrolled=fmt_int(f["patrolled"]),
            villages=fmt_int(len(self.data.town.villages)),
            patrollers=fmt_int(f["patrollers"]),
            party=fmt_int(f["patrol_party_members"]),
            party_share=fmt_rate(self.duty_rates["patrol_party_share"]["value"]),
            issues=fmt_int(f["issues_found"]),
        )
        parts = [self._duty_table(self.duty_zones, names, ("issues_found",))]
        sep = t("list_separator")
        if quiet:
            parts.append(paragraph(t("q.patrols.none_in", villages=sep.join(quiet))))
        if unfiled:
            parts.append(paragraph(t("q.patrols.not_filed", villages=sep.join(sorted(unfiled)))))
        return Section(t("q.patrols.title"), narrative, parts, clock=self.ctx.clock("flow"))
