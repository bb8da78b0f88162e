"""The alert list of a report: alerts by kind, capped on the page, the rest in an appendix.

A problem is listed once, under its alert key: in the alert section (at most
:data:`ALERTS_PER_KIND` of a kind, most urgent first) or in the appendix at the
end; a section that counts the same problems links there
(:meth:`AlertList.alert_reference`). Mixed into :class:`fangkong.reports.base.Report`,
whose alert kinds, columns, follow-up and words it uses.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from fangkong.reports.followup_section import latest_actions, open_for
from fangkong.reports.html import Section, esc, fmt_int, link, paragraph, subheading, table_html
from fangkong.reports.sections import alert_summary

#: Alerts of one kind listed in the alert section; the rest are in the appendix.
ALERTS_PER_KIND = 20
#: The appendix section's anchor, linked from the alert section.
APPENDIX = "fk-appendix"
#: The alert section's anchor, linked from the sections that count the same problems.
ALERTS = "fk-alerts"


class AlertList:
    """The alert and appendix sections, and links to them (see the module docstring)."""

    def alert_list(self) -> pd.DataFrame:
        """:meth:`alert_items`, most urgent kind first (stable within a kind)."""
        items = self.alert_items()
        order = items["kind"].map({k: i for i, k in enumerate(self.alert_kinds)})
        return items.iloc[order.argsort(kind="stable")].reset_index(drop=True)

    def _alert_rows(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The alert list with keys and days open, split into what the page shows
        (the first :data:`ALERTS_PER_KIND` of each kind, in the report's order of
        urgency) and the rest (the appendix)."""
        items = self.alert_followup.keyed(self.alert_list())
        latest = latest_actions(self.ctx, self.alert_followup)
        items["detail"] = [
            f"{d}{self.t('alerts.latest', latest=latest[k])}" if k in latest else d
            for d, k in zip(items["detail"], items["key"])
        ]
        items["open_for"] = [
            open_for(self.ctx, n, bool(a) if pd.notna(a) else False)
            for n, a in zip(items["days_open"], items["at_least"])
        ]
        first = items.groupby("kind", sort=False).cumcount() < ALERTS_PER_KIND
        return items[first].reset_index(drop=True), items[~first].reset_index(drop=True)

    def _alert_tables(
        self, items: pd.DataFrame, more: Mapping[str, int] | None = None, rest: bool = False
    ) -> list:
        """One table per alert kind under a heading naming it and its count.

        The heading says what a row is, so the table needs no column for it: on
        paper and on a phone every column saved is width for the detail. In the
        appendix (``rest``) it counts the rows listed there, as the rest of the kind.
        """
        parts = []
        for kind, group in items.groupby("kind", sort=False):
            label = self.label("alert", kind)
            if rest:
                heading = self.t("alerts.kind_heading_rest", label=label, count=len(group))
            else:
                total = self.alerts_count.get(kind, len(group))
                heading = self.t("alerts.kind_heading", label=label, count=total)
            parts.append(subheading(heading))
            urgent = [kind in self.urgent_alerts] * len(group)
            cols = {"key": self.t("followup.col.key")} | self._cols(*self.alert_columns)
            cols |= {"open_for": self.t("followup.col.open_for")}
            shown = self._shown(group.reset_index(drop=True))
            parts.append(
                table_html(
                    shown,
                    cols,
                    alert_cells=dict.fromkeys(self.urgent_columns, urgent),
                    cards=True,
                )
            )
            rest = (more or {}).get(kind, 0)
            if rest:
                note = self.t("alerts.more", count=fmt_int(rest), label=label)
                parts.append(f'<p class="fk-more">{link(note, APPENDIX)}</p>')
        return parts

    def alerts(self) -> Section:
        """The day's alerts, most urgent first, with who is responsible; at most
        :data:`ALERTS_PER_KIND` of a kind, the rest counted and listed in the appendix."""
        labels = {k: self.label("alert", k) for k in self.alert_kinds}
        shown, rest = self._alert_rows()
        more = rest.groupby("kind", sort=False).size().to_dict()
        parts = self._alert_tables(shown, more)
        if self.alerts_lead and len(shown):
            parts.insert(0, paragraph(self.t(self.alerts_lead)))
        counts = {k: self.alerts_count[k] for k in self.alert_kinds}
        summary = alert_summary(self.ctx, counts, labels)
        return Section(
            self.t("alerts.title"),
            summary,
            parts,
            css_class="fk-alerts",
            anchor=ALERTS,
            clock=self.ctx.clock("stock"),
        )

    def alert_reference(self, kind: str) -> str:
        """Where the problems of an alert kind are listed, for a section that counts them.

        A problem is listed once, under its alert key, in the alert section (or,
        beyond :data:`ALERTS_PER_KIND` of its kind, in the appendix); a section
        on the same subject links there instead of listing it again.

        Parameters
        ----------
        kind : str
            One of the report's alert kinds.

        Returns
        -------
        str
            An HTML paragraph, or ``""`` when there is no such alert today.
        """
        count = self.alerts_count.get(kind, 0)
        if not count:
            return ""
        t = self.t
        body = esc(t("alerts.see", label=self.label("alert", kind), count=fmt_int(count)))
        body += link(t("alerts.title"), ALERTS)
        if count > ALERTS_PER_KIND:
            rest = fmt_int(count - ALERTS_PER_KIND)
            body += esc(t("alerts.see_rest", cap=ALERTS_PER_KIND, rest=rest))
            body += link(t("appendix.link"), APPENDIX)
        return f'<p class="fk-see">{body}{esc(t("alerts.see_end"))}</p>'

    def appendix(self) -> Section:
        """附录: the alerts beyond the first :data:`ALERTS_PER_KIND` of each kind."""
        _, rest = self._alert_rows()
        if not len(rest):
            return Section(self.t("appendix.title"), self.t("appendix.none"), anchor=APPENDIX)
        narrative = self.t("appendix.narrative", count=fmt_int(len(rest)), cap=ALERTS_PER_KIND)
        return Section(
            self.t("appendix.title"),
            narrative,
            self._alert_tables(rest, rest=True),
            anchor=APPENDIX,
        )
