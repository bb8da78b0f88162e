"""The quarantine report's duties: door-to-door screening, checkpoint duty, night patrols.

Each function takes the rows the report read (:mod:`.data`) and returns one row per
village of the town file (so war-zone totals are sums), or one row per shift owed.

- Screening: households screened to date (every row dated up to D) over the
  village's ``households`` (town file); today's returnees, risk-area arrivals and
  referrals (rows dated D) against today's new entries in the quarantine ledger.
  A village is behind when its coverage is more than :data:`BEHIND_PP` below the
  town's.
- Checkpoint duty: each registered checkpoint owes ``shifts_per_day`` shifts on D
  (全天, or 白班 and 夜班); a shift is staffed when a duty row of D names it.
- Night patrols: a patrol counts for D when it started in the 24 hours that end at
  the cut-off of D.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from fangkong.reports.breakdown import ONE_DAY, as_day, cutoff_at
from fangkong.schema_kit import people_named
from fangkong.schemas import TABLES
from fangkong.town import Town

#: A village is behind with its screening when its coverage is more than this
#: (a share: 0.10 is 10 percentage points) below the town's coverage.
BEHIND_PP = 0.10

#: The shifts a checkpoint owes each day, by its ``shifts_per_day``.
SHIFTS = {1: ("all_day",), 2: ("day", "night")}

SCREENING_SUMS = (
    "households",
    "screened_to_date",
    "screened_today",
    "people_today",
    "returnees_found",
    "risk_area_found",
    "referred",
    "new_in_ledger",
)
CHECKPOINT_SUMS = (
    "shifts_owed",
    "shifts_staffed",
    "on_duty",
    "party_members",
    "people_registered",
    "vehicles_registered",
    "temperature_alerts",
)
PATROL_SUMS = ("patrols", "patrolled", "patrollers", "patrol_party_members", "issues_found")


def _villages(town: Town) -> pd.DataFrame:
    return pd.DataFrame({"village": pd.array(town.village_names, dtype="str")})


def _sum_by_village(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Sums of source columns (values) as new columns (keys), by village."""
    if frame.empty:
        return pd.DataFrame(columns=["village", *columns])
    parts = {new: frame[old].astype("Int64").fillna(0) for new, old in columns.items()}
    summed = pd.DataFrame({"village": frame["village"], **parts}).groupby("village").sum()
    return summed.reset_index()


def _joined(town: Town, *parts: pd.DataFrame, names=()) -> pd.DataFrame:
    out = _villages(town)
    for part in parts:
        out = out.merge(part, on="village", how="left")
    for name in names:
        out[name] = out[name].astype("Int64").fillna(0)
    return out


def screening(town: Town, rows: pd.DataFrame, new_entries: pd.DataFrame, day) -> pd.DataFrame:
    """Screening by village: coverage to date and today's finds against the ledger.

    Parameters
    ----------
    town : Town
        ``households`` of each village (none: coverage cannot be told).
    rows : DataFrame
        Screening rows dated up to ``day`` (later rows are left out).
    new_entries : DataFrame
        ``village`` of each person who entered the quarantine ledger today.
    day : date-like

    Returns
    -------
    DataFrame
        One row per village of the town file: :data:`SCREENING_SUMS`, ``coverage``
        (screened to date over households, capped at 1; empty without households),
        ``mismatch`` (referred today differs from the ledger's new entries) and
        ``behind`` (see :data:`BEHIND_PP`).
    """
    day = as_day(day)
    rows = rows[rows["date"].le(day)]
    households = pd.DataFrame(
        {
            "village": [v.name for v in town.villages],
            "households": pd.array([v.households for v in town.villages], dtype="Int64"),
        }
    )
    to_date = _sum_by_village(rows, {"screened_to_date": "households_screened"})
    today = _sum_by_village(
        rows[rows["date"].eq(day)],
        {
            "screened_today": "households_screened",
            "people_today": "people_screened",
            "returnees_found": "returnees_found",
            "risk_area_found": "risk_area_found",
            "referred": "referred",
        },
    )
    ledger = new_entries.groupby("village").size().rename("new_in_ledger").reset_index()
    out = households.merge(
        _joined(town, to_date, today, ledger, names=SCREENING_SUMS[1:]), on="village"
    )
    out["screened_to_date"] = out[["screened_to_date", "households"]].min(axis=1, skipna=True)
    out["coverage"] = coverage(out["screened_to_date"], out["households"])
    out["mismatch"] = out["referred"].ne(out["new_in_ledger"])
    town_rate = coverage(out["screened_to_date"].sum(), out["households"].sum()).iloc[0]
    out["behind"] = (out["coverage"] < town_rate - BEHIND_PP).fillna(False).astype(bool)
    return out


def coverage(screened, households) -> pd.Series:
    """Households screened over households, empty where there are none."""
    num = pd.Series(screened, dtype="Float64")
    den = pd.Series(households, dtype="Float64")
    return (num / den.where(den > 0)).astype("Float64")


def shifts_owed(checkpoints: pd.DataFrame, duty: pd.DataFrame, day) -> pd.DataFrame:
    """Every shift the registered checkpoints owe on ``day``, staffed or not.

    Parameters
    ----------
    checkpoints : DataFrame
        The checkpoints registry as of ``day`` (closed ones left out).
    duty : DataFrame
        Checkpoint duty rows (only those dated ``day`` count).
    day : date-like

    Returns
    -------
    DataFrame
        ``checkpoint_id``, ``name``, ``village``, ``shift``, ``staffed`` (bool) and
        the duty row's ``on_duty`` (people named), ``party_members``,
        ``people_registered``, ``vehicles_registered``, ``temperature_alerts``
        (0 for an unstaffed shift), in registry order.
    """
    day = as_day(day)
    rows = [
        {"checkpoint_id": c.checkpoint_id, "name": c.name, "village": c.village, "shift": s}
        for c in checkpoints.itertuples(index=False)
        for s in SHIFTS.get(int(c.shifts_per_day), ())
    ]
    owed = pd.DataFrame(rows, columns=["checkpoint_id", "name", "village", "shift"])
    today = duty[duty["date"].eq(day)].copy()
    today["on_duty"] = today["on_duty"].map(people_named).astype("Int64")
    values = ["party_members", "people_registered", "vehicles_registered", "temperature_alerts"]
    for c in values:
        today[c] = today[c].astype("Int64").fillna(0)
    done = today.groupby(["checkpoint_id", "shift"], as_index=False)[["on_duty", *values]].sum()
    out = owed.merge(done.assign(staffed=True), on=["checkpoint_id", "shift"], how="left")
    out["staffed"] = out["staffed"].astype("boolean").fillna(False).astype(bool)
    for c in ["on_duty", *values]:
        out[c] = out[c].astype("Int64").fillna(0)
    return out


def checkpoint_duty(town: Town, shifts: pd.DataFrame) -> pd.DataFrame:
    """Checkpoint duty by village, from :func:`shifts_owed`.

    A shift of a village that did not file its duty (``filed`` false, when given)
    is neither owed nor staffed: its village shows 未报, and the town's shifts
    owed, staffed and unstaffed add up.

    Returns
    -------
    DataFrame
        One row per village of the town file: :data:`CHECKPOINT_SUMS`.
    """
    filed = shifts["filed"] if "filed" in shifts else pd.Series(True, index=shifts.index)
    counts = shifts.assign(
        shifts_owed=filed.astype(int), shifts_staffed=(shifts["staffed"] & filed).astype(int)
    )
    columns = {c: c for c in CHECKPOINT_SUMS}
    return _joined(town, _sum_by_village(counts, columns), names=CHECKPOINT_SUMS)


def patrols_counted(patrols: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """The patrols that count for ``day``: started in the 24 hours to its cut-off."""
    end = cutoff_at(town, day)
    start = end - ONE_DAY
    started = patrols["started_at"]
    return patrols[started.gt(start) & started.le(end)].reset_index(drop=True)


def night_patrols(town: Town, patrols: pd.DataFrame, day) -> pd.DataFrame:
    """Night patrols by village for ``day`` (see :func:`patrols_counted`).

    Returns
    -------
    DataFrame
        One row per village of the town file: :data:`PATROL_SUMS` (``patrolled`` is
        1 for a village with a patrol, whatever their number).
    """
    counted = patrols_counted(patrols, town, day).assign(patrols=1)
    columns = {
        "patrols": "patrols",
        "patrollers": "patrollers",
        "patrol_party_members": "party_members",
        "issues_found": "issues_found",
    }
    out = _joined(town, _sum_by_village(counted, columns), names=columns)
    out["patrolled"] = out["patrols"].gt(0).astype("Int64")
    return out[["village", *PATROL_SUMS]]


@dataclass(frozen=True)
class DutyInputs:
    """The duty rows the quarantine report reads (empty by default).

    Attributes
    ----------
    screening : DataFrame
        Screening rows dated up to D.
    checkpoints : DataFrame
        The checkpoints registry as of D, closed ones left out.
    duty : DataFrame
        Checkpoint duty rows of D-1 and D.
    patrols : DataFrame
        Patrols started from D-2 to D.
    not_filed_prev : tuple of (village, table)
        The daily tables villages did not file on D-1.
    """

    screening: pd.DataFrame = field(default_factory=lambda: TABLES["screening"].empty_frame())
    checkpoints: pd.DataFrame = field(default_factory=lambda: TABLES["checkpoints"].empty_frame())
    duty: pd.DataFrame = field(default_factory=lambda: TABLES["checkpoint_duty"].empty_frame())
    patrols: pd.DataFrame = field(default_factory=lambda: TABLES["patrols"].empty_frame())
    not_filed_prev: tuple = ()


@dataclass(frozen=True)
class DutyFigures:
    """The duties of one day, by village (and by shift owed)."""

    screening: pd.DataFrame
    shifts: pd.DataFrame
    checkpoints: pd.DataFrame
    patrols: pd.DataFrame

    @property
    def unstaffed(self) -> pd.DataFrame:
        """Shifts owed and not staffed, at checkpoints whose village filed its duty."""
        return self.shifts[~self.shifts["staffed"] & self.shifts["filed"]]

    @property
    def behind(self) -> pd.DataFrame:
        """Villages behind with their screening (:data:`BEHIND_PP`)."""
        return self.screening[self.screening["behind"]]

    def counts(self) -> pd.DataFrame:
        """Every by-village figure in one frame (see :data:`DUTY_FIGURES`)."""
        out = self.screening[["village", *SCREENING_SUMS]].copy()
        out["screening_mismatches"] = self.screening["mismatch"].astype("Int64")
        out["villages_screening_behind"] = self.screening["behind"].astype("Int64")
        out = out.merge(self.checkpoints, on="village").merge(self.patrols, on="village")
        unstaffed = self.unstaffed.groupby("village").size()
        out["shifts_unstaffed"] = out["village"].map(unstaffed).fillna(0).astype("Int64")
        return out


#: Figures counted per village, summed to the town's.
DUTY_FIGURES = (
    *SCREENING_SUMS,
    "screening_mismatches",
    "villages_screening_behind",
    *CHECKPOINT_SUMS,
    "shifts_unstaffed",
    *PATROL_SUMS,
)


def duty_figures(town: Town, inputs: DutyInputs, new_entries, day, not_filed=()) -> DutyFigures:
    """Screening, checkpoint duty and night patrols of ``day``.

    Parameters
    ----------
    town : Town
    inputs : DutyInputs
    new_entries : DataFrame
        ``village`` of each person new in the quarantine ledger on ``day``.
    day : date-like
    not_filed : iterable of (village, table)
        Daily tables not filed on ``day``: a checkpoint of a village that did not
        file its duty is 未报, not unstaffed.

    Returns
    -------
    DutyFigures
    """
    shifts = shifts_owed(inputs.checkpoints, inputs.duty, day)
    unfiled = {v for v, t in not_filed if t == "checkpoint_duty"}
    shifts["filed"] = ~shifts["village"].isin(unfiled)
    return DutyFigures(
        screening=screening(town, inputs.screening, new_entries, day),
        shifts=shifts,
        checkpoints=checkpoint_duty(town, shifts),
        patrols=night_patrols(town, inputs.patrols, day),
    )


def screening_trend(town: Town, rows: pd.DataFrame, days) -> pd.Series:
    """Town-wide screening coverage at the end of each day of a window.

    As :func:`screening` counts it on each day (each village's households screened
    to date, capped at its households, over all households), from the rows as
    filed by the report's cut-off.

    Parameters
    ----------
    town : Town
    rows : DataFrame
        Screening rows up to the last day.
    days : sequence of date-like

    Returns
    -------
    Series of Float64
        Indexed like ``days``; empty where the town file gives no households.
    """
    none_new = pd.DataFrame({"village": pd.Series([], dtype="str")})
    values = []
    for day in days:
        table = screening(town, rows, none_new, day)
        values.append(coverage(table["screened_to_date"].sum(), table["households"].sum()).iloc[0])
    return pd.Series(pd.array(values, dtype="Float64"), index=list(days))
