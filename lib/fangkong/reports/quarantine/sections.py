"""The quarantine report's sections on each person's follow-up.

Medical visits, disinfection and calls, four-to-one teams and returning
workers: lists of people with their village and team.
"""

from __future__ import annotations

from fangkong.reports.breakdown import rate
from fangkong.reports.html import Section, fmt_int, fmt_rate, subheading, table_html


class FollowUpSections:
    """The quarantine report's sections on each person's follow-up.

    Mixed into the report class, whose figures, words and helpers they use.
    """

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
        # Each person who missed a visit is an alert: listed there, once, with the team.
        parts = [
            by_village_table,
            subheading(self.t("q.visits.missed")),
            self.alert_reference("missed_check")
            or f'<p class="empty">{self.t("q.visits.none_missed")}</p>',
        ]
        return Section(self.t("q.visits.title"), narrative, parts, clock=self.ctx.clock("day"))

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
        # Lost contact and low mood are alerts: listed there, once, with the team.
        parts += [
            subheading(t("q.care.lost")),
            self.alert_reference("lost_contact") or f'<p class="empty">{t("q.care.lost_none")}</p>',
            subheading(t("q.care.mood")),
            self.alert_reference("mood") or f'<p class="empty">{t("q.care.mood_none")}</p>',
        ]
        return Section(t("q.care.title"), narrative, parts, clock=self.ctx.clock("day"))

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
        table = table_html(shown, cols, alert_cells={"missing_roles": flags})
        narrative = t(
            "q.team.narrative" if self.figures["team_gaps"] else "q.team.complete",
            total=fmt_int(self.figures["in_quarantine"]),
            gaps=fmt_int(self.figures["team_gaps"]),
        )
        return Section(t("q.team.title"), narrative, [table], clock=self.ctx.clock("stock"))

    def returning_workers(self) -> Section:
        """Returning workers in quarantine per employer against the employers' reports."""
        workers, t = self.figs.workers, self.t
        shown = self._masked(
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
        return Section(t("q.workers.title"), narrative, [table], clock=self.ctx.clock("day"))
