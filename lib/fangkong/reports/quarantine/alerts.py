"""The quarantine report's alert list, and the words it puts on each person.

:func:`alert_items` turns the day's per-person results into one row per alert
with its village, the person, a short detail and the four-to-one team who must
act. Nothing is masked here: the report masks what it shows.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import label, text
from fangkong.reports.html import fmt_datetime, fmt_float, fmt_int
from fangkong.reports.quarantine.figures import DayFigures
from fangkong.reports.quarantine.ledger import QUARANTINED, TEAM
from fangkong.town import Policy

#: Columns of :func:`alert_items`; ``subject`` (the person's ID, or the firm's
#: credit code) names the problem in the alert history and is never shown.
ALERT_COLUMNS = ("kind", "village", "name", "person_id", "phone", "detail", "team", "subject")


class Wording:
    """Report words about people in quarantine, in one language.

    Parameters
    ----------
    policy : fangkong.town.Policy
    lang : {"zh", "en"}
    """

    def __init__(self, policy: Policy, lang: str = "zh"):
        self.policy = policy
        self.lang = lang

    def t(self, key: str, **fields) -> str:
        """A label of ``REPORT_LABELS`` in this language."""
        return text(key, self.lang, **fields)

    def join(self, parts) -> str:
        """Parts joined with the language's list separator."""
        return self.t("list_separator").join(parts)

    def team(self, row) -> str:
        """The four-to-one team of a ledger row, e.g. ``民警 王一、医生 李二``."""
        present = [
            f"{self.t(f'q.role.{role}')} {row[role]}"
            for role in TEAM
            if isinstance(row.get(role), str) and row[role].strip()
        ]
        return self.join(present)

    def symptoms(self, codes) -> str:
        """Symptom codes joined by ``;`` as labels."""
        if not isinstance(codes, str) or not codes:
            return ""
        return self.join(label("symptom", c, self.lang) for c in codes.split(";"))

    def slots(self, missing) -> str:
        """Missed visit slots (see :func:`.followup.visit_slot`) as words."""
        per_day = self.policy.checks_per_day
        if per_day == 2:
            names = [self.t("q.slot.morning"), self.t("q.slot.afternoon")]
        else:
            names = [self.t("q.slot.nth", n=i + 1) for i in range(per_day)]
        return self.join(names[i] for i in missing)

    def roles(self, roles) -> str:
        """Four-to-one role columns as words."""
        return self.join(self.t(f"q.role.{r}") for r in roles)

    def fever_detail(self, row) -> str:
        """Temperature, symptoms and (when not in quarantine) the status."""
        status = row.get("status")
        moved = "" if not isinstance(status, str) or status == QUARANTINED else status
        parts = [p for p in (self.symptoms(row["symptoms"]), self._status(moved)) if p]
        tail = f" {self.join(parts)}" if parts else ""
        checked = row.get("checked_at")
        return self.t(
            "q.detail.fever",
            temperature=fmt_float(row["temperature_c"]),
            symptoms=tail,
            at=fmt_datetime(checked, "%H:%M") if pd.notna(checked) else "—",
        )

    def _status(self, code: str) -> str:
        return label("quarantine_status", code, self.lang) if code else ""


def alert_items(figs: DayFigures, words: Wording) -> pd.DataFrame:
    """Every alert of a day, one row each.

    Parameters
    ----------
    figs : DayFigures
    words : Wording

    Returns
    -------
    DataFrame
        :data:`ALERT_COLUMNS`, kinds in :data:`fangkong.reports.quarantine.figures.ALERTS`
        order; a firm's mismatch has no person and names the firm in ``detail``.
    """
    t, days = words.t, words.policy.lost_contact_days
    details = {
        "fever": (figs.fever, words.fever_detail),
        "lost_contact": (
            figs.lost_contact,
            lambda r: t(
                "q.detail.lost_contact",
                days=days,
                last=fmt_datetime(r["last_reached"]) if pd.notna(r["last_reached"]) else "—",
            ),
        ),
        "overdue": (
            figs.periods[figs.periods["overdue"]],
            lambda r: t("q.detail.overdue", end=fmt_datetime(r["end_date"], "%m-%d")),
        ),
        "missed_check": (
            figs.missed_checks,
            lambda r: t("q.detail.missed_check", slots=words.slots(r["missing"])),
        ),
        "mood": (
            figs.mood,
            lambda r: t(
                "q.detail.mood",
                mood=label("mood", r["mood"], words.lang),
                needs=t("q.detail.mood_needs", needs=r["needs"])
                if isinstance(r.get("needs"), str) and r["needs"]
                else "",
                caller=r.get("caller") or "—",
                at=fmt_datetime(r["called_at"], "%H:%M") if pd.notna(r.get("called_at")) else "—",
            ),
        ),
        "team_gap": (
            figs.team_gaps,
            lambda r: t("q.detail.team_gap", roles=words.roles(r["missing_roles"])),
        ),
    }
    rows = []
    for kind, (frame, detail) in details.items():
        for _, r in frame.iterrows():
            person = {c: r.get(c) for c in ("village", "name", "person_id", "phone")}
            rows.append(
                {
                    "kind": kind,
                    **person,
                    "detail": detail(r),
                    "team": words.team(r),
                    "subject": r["person_id"],
                }
            )
    workers = figs.workers
    for _, r in workers[workers["check"].eq("mismatch")].iterrows():
        detail = t(
            "q.detail.employer_mismatch",
            firm=r["enterprise_name"],
            in_ledger=fmt_int(r["in_ledger"]),
            reported=fmt_int(r["reported"]),
        )
        rows.append(
            {
                "kind": "employer_mismatch",
                "village": r["village"],
                "detail": detail,
                "subject": r["enterprise_id"],
            }
        )
    return pd.DataFrame(rows, columns=list(ALERT_COLUMNS)).astype("object")
