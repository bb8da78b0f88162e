"""Spring farming (春耕备耕) and employment services (就业服务) for the welfare report.

Each function takes the rows the report read (every row dated up to D) and returns
one row per village of the town file, so that war-zone totals are sums, or one row
per crop, or one row per open need. The figures, as of the report day D:

- ``planned_mu``: planned area (亩), the sum over villages and crops of the latest
  row of each village and crop dated up to D.
- ``sown_mu``: area sown to date (亩), from the same rows (``sown_mu`` is cumulative,
  so a village that did not file today keeps its latest figure).
- ``sown_share``: ``sown_mu`` over ``planned_mu`` (empty without a plan).
- ``farming_open_needs``: village crops whose latest row names an input need (种子,
  化肥, 农药, 农机, 劳力), not 无; it has been open since the first row of the unbroken
  run of rows naming a need that ends with the latest (a row naming none ends a run).
- ``job_seekers``, ``jobs_offered``, ``placed``: the employment rows dated D
  (job seekers registered, jobs offered, people placed in work or back at work today).
- ``placed_to_date``: people placed, every employment row dated up to D.
- ``workers_carried_today``: workers the volunteers' shuttle (爱心专车) carried back to
  work today (:func:`.community.shuttle_summary`), by village, beside the placements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import TOTAL, ZONE, as_day, columns, rate, with_zone
from fangkong.reports.welfare.community import SERVICE, SHUTTLE
from fangkong.schema_kit import SET_SEPARATOR
from fangkong.schemas import TABLES
from fangkong.town import Town

FARMING = columns("farming")
EMPLOYMENT = columns("employment")

#: The need code that says there is none.
NO_NEED = "none"

# Output columns.
PLANNED = "planned_mu"
SOWN = "sown_mu"
SOWN_SHARE = "sown_share"
OPEN_NEEDS = "farming_open_needs"
VILLAGES = "villages"
REPORTED_ON = "reported_on"
OPEN_SINCE = "open_since"
DAYS_OPEN = "days_open"
PLACED_TO_DATE = "placed_to_date"
WORKERS_CARRIED = "workers_carried_today"

FARMING_SUMS = (PLANNED, SOWN, OPEN_NEEDS)
EMPLOYMENT_TODAY = (EMPLOYMENT.job_seekers, EMPLOYMENT.jobs_offered, EMPLOYMENT.placed)
EMPLOYMENT_SUMS = (*EMPLOYMENT_TODAY, PLACED_TO_DATE, WORKERS_CARRIED)
#: Figures counted per village, summed to the zones' and the town's.
FARMING_FIGURES = (*FARMING_SUMS, *EMPLOYMENT_SUMS)
#: Rates of the farming figures: name -> (numerator, denominator).
FARMING_RATES = {SOWN_SHARE: (SOWN, PLANNED)}

#: Provenance columns that order two rows of one village, crop and day (the later wins).
_ORDER = ("submitted_on", "ingested_at", "src_row")


@dataclass(frozen=True)
class FarmingInputs:
    """The farming and employment rows the welfare report reads (empty by default).

    Attributes
    ----------
    farming, employment : DataFrame
        Every row dated up to D (sown area and placements are counted to date).
    """

    farming: pd.DataFrame = field(default_factory=lambda: TABLES["farming"].empty_frame())
    employment: pd.DataFrame = field(default_factory=lambda: TABLES["employment"].empty_frame())


def _has_need(needs: pd.Series) -> pd.Series:
    """True where a ``needs`` cell names a need other than none."""
    # Each distinct cell once: a town's rows repeat a few dozen sets of needs.
    cells = needs.astype("object")
    named = {
        v: bool({c for c in v.split(SET_SEPARATOR) if c} - {NO_NEED})
        for v in cells.dropna().unique()
        if isinstance(v, str)
    }
    return cells.map(named).fillna(False).astype(bool)


def _ordered(rows: pd.DataFrame, day) -> pd.DataFrame:
    """Farming rows dated up to ``day``, by village, crop, date and submission."""
    rows = rows[rows[FARMING.date].le(as_day(day))]
    order = [c for c in _ORDER if c in rows.columns]
    rows = rows.assign(_pos=range(len(rows)), _need=_has_need(rows[FARMING.needs]))
    keys = [FARMING.village, FARMING.crop, FARMING.date, *order, "_pos"]
    return rows.sort_values(keys, kind="stable", na_position="first")


def latest_farming(rows: pd.DataFrame, day) -> pd.DataFrame:
    """The latest row of each village and crop dated up to ``day``.

    Parameters
    ----------
    rows : DataFrame
        Farming rows (those after ``day`` are left out).
    day : date-like

    Returns
    -------
    DataFrame
        The farming columns, ``reported_on`` (the row's date), ``open_since`` (see the
        module docstring; empty when the row names no need) and ``days_open`` (D
        less ``open_since``, Int64), one row per village and crop. Of two rows of one
        day, the later submission wins.
    """
    day = as_day(day)
    ordered = _ordered(rows, day)
    key = [FARMING.village, FARMING.crop]
    # A run of rows naming a need is broken by a row naming none.
    run = (~ordered["_need"]).astype(int).groupby([ordered[k] for k in key]).cumsum()
    ordered = ordered.assign(_run=run)
    latest = ordered.drop_duplicates(key, keep="last")
    needing = ordered[ordered["_need"]]
    since = needing.groupby([*key, "_run"], sort=False)[FARMING.date].min().rename(OPEN_SINCE)
    out = latest.merge(since.reset_index(), on=[*key, "_run"], how="left")
    out.loc[~out["_need"].to_numpy(), OPEN_SINCE] = pd.NaT
    out[OPEN_SINCE] = out[OPEN_SINCE].astype("datetime64[ns]")
    out[REPORTED_ON] = out[FARMING.date]
    out[DAYS_OPEN] = (day - out[OPEN_SINCE]).dt.days.astype("Int64")
    out["_need"] = out["_need"].astype(bool)
    return out.drop(columns=["_pos", "_run"]).reset_index(drop=True)


def _villages(town: Town) -> pd.DataFrame:
    return pd.DataFrame({"village": pd.array(town.village_names, dtype="str")})


def farming_by_village(town: Town, rows: pd.DataFrame, day) -> pd.DataFrame:
    """Planned and sown area and open input needs by village, as of ``day``.

    Returns
    -------
    DataFrame
        One row per village of the town file: ``planned_mu``, ``sown_mu`` (Float64)
        and ``farming_open_needs`` (Int64), zeros where a village never filed.
    """
    latest = latest_farming(rows, day)
    summed = pd.DataFrame(
        {
            "village": latest[FARMING.village].astype("str"),
            PLANNED: latest[FARMING.planned_mu].astype("Float64").fillna(0),
            SOWN: latest[FARMING.sown_mu].astype("Float64").fillna(0),
            OPEN_NEEDS: latest["_need"].astype("Int64"),
        }
    )
    summed = summed.groupby("village")[list(FARMING_SUMS)].sum().reset_index()
    out = _villages(town).merge(summed, on="village", how="left")
    out[[PLANNED, SOWN]] = out[[PLANNED, SOWN]].astype("Float64").fillna(0)
    out[OPEN_NEEDS] = out[OPEN_NEEDS].astype("Int64").fillna(0)
    return out


def farming_by_crop(rows: pd.DataFrame, day) -> pd.DataFrame:
    """Planned and sown area by crop as of ``day``, with a total row.

    Returns
    -------
    DataFrame
        ``crop``, ``villages`` (villages growing it, Int64), ``planned_mu``,
        ``sown_mu`` (Float64) and ``sown_share``; crops by planned area, largest
        first; the last row (``TOTAL``) is the sum.
    """
    latest = latest_farming(rows, day)
    area = latest[[FARMING.planned_mu, FARMING.sown_mu]].astype("Float64").fillna(0)
    frame = pd.DataFrame(
        {"crop": latest[FARMING.crop].astype("str"), "village": latest[FARMING.village]}
        | {PLANNED: area[FARMING.planned_mu], SOWN: area[FARMING.sown_mu]}
    )
    g = frame.groupby("crop")
    out = pd.DataFrame({VILLAGES: g["village"].nunique(), PLANNED: g[PLANNED].sum()})
    out[SOWN] = g[SOWN].sum()
    out = out.sort_values(PLANNED, ascending=False, kind="stable").reset_index()
    total = {"crop": TOTAL, VILLAGES: frame["village"].nunique()}
    total |= {PLANNED: frame[PLANNED].sum(), SOWN: frame[SOWN].sum()}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["crop"] = out["crop"].astype("str")
    out[VILLAGES] = out[VILLAGES].astype("Int64")
    out[[PLANNED, SOWN]] = out[[PLANNED, SOWN]].astype("Float64")
    out[SOWN_SHARE] = rate(out[SOWN], out[PLANNED]).to_numpy()
    return out


def open_farming_needs(town: Town, rows: pd.DataFrame, day) -> pd.DataFrame:
    """Village crops whose latest row up to ``day`` names an input need.

    Returns
    -------
    DataFrame
        ``zone``, ``village``, ``crop``, ``needs`` (codes joined by ``;``, none left
        out, in the catalogue's order), ``needs_detail``, ``reported_on``,
        ``open_since`` and ``days_open``; longest open first, then in town-file order.
    """
    latest = latest_farming(rows, day)
    out = latest[latest["_need"]].copy()
    codes = list(ENUMS["farming_need"])
    out[FARMING.needs] = out[FARMING.needs].map(
        lambda v: SET_SEPARATOR.join(
            sorted({c for c in v.split(SET_SEPARATOR) if c and c != NO_NEED}, key=codes.index)
        )
    )
    out = with_zone(out, town, FARMING.village)
    order = {v: i for i, v in enumerate(town.village_names)}
    out["_o"] = out[FARMING.village].map(order).fillna(len(order))
    out = out.sort_values([DAYS_OPEN, "_o"], ascending=[False, True], kind="stable")
    keep = [ZONE, FARMING.village, FARMING.crop, FARMING.needs, FARMING.needs_detail]
    keep += [REPORTED_ON, OPEN_SINCE, DAYS_OPEN]
    out = out[keep].reset_index(drop=True)
    for c in (FARMING.village, FARMING.crop, FARMING.needs):
        out[c] = out[c].astype("str")
    return out


def employment_by_village(
    town: Town, rows: pd.DataFrame, services: pd.DataFrame, day
) -> pd.DataFrame:
    """Employment services of ``day`` by village, beside the shuttle's workers carried.

    Parameters
    ----------
    town : Town
    rows : DataFrame
        Employment rows (those after ``day`` are left out).
    services : DataFrame
        Volunteer service rows (only the shuttle's of ``day`` count).
    day : date-like

    Returns
    -------
    DataFrame
        One row per village of the town file: :data:`EMPLOYMENT_SUMS` (Int64). Two
        rows of one village and day are added up.
    """
    day = as_day(day)
    rows = rows[rows[EMPLOYMENT.date].le(day)]
    today = rows[rows[EMPLOYMENT.date].eq(day)]
    parts = [
        _sum(today, {c: c for c in EMPLOYMENT_TODAY}),
        _sum(rows, {PLACED_TO_DATE: EMPLOYMENT.placed}),
        _sum(
            services[services[SERVICE.service].eq(SHUTTLE) & services[SERVICE.date].eq(day)],
            {WORKERS_CARRIED: SERVICE.served},
        ),
    ]
    out = _villages(town)
    for part in parts:
        out = out.merge(part, on="village", how="left")
    for c in EMPLOYMENT_SUMS:
        out[c] = out[c].astype("Int64").fillna(0)
    return out


def _sum(frame: pd.DataFrame, columns_: dict[str, str]) -> pd.DataFrame:
    """Sums of source columns (values) as new columns (keys), by village."""
    parts = {new: frame[old].astype("Int64").fillna(0) for new, old in columns_.items()}
    summed = pd.DataFrame({"village": frame["village"].astype("str"), **parts})
    return summed.groupby("village")[list(columns_)].sum().reset_index()


def village_counts(town: Town, inputs: FarmingInputs, services: pd.DataFrame, day) -> pd.DataFrame:
    """Every farming and employment figure by village (:data:`FARMING_FIGURES`)."""
    farming = farming_by_village(town, inputs.farming, day)
    employment = employment_by_village(town, inputs.employment, services, day)
    return farming.merge(employment, on="village")


def town_figures(counts: pd.DataFrame) -> dict:
    """The town's figures from :func:`village_counts`: the sums and ``sown_share``.

    Areas are plain floats rounded to a tenth of a mu, as ints when whole (so they
    read ``1,234`` like any count); counts are ints; the share is None without a plan.
    """
    out = {}
    for name in FARMING_FIGURES:
        total = counts[name].sum()
        out[name] = mu(total) if name in (PLANNED, SOWN) else int(total)
    share = rate(out[SOWN], out[PLANNED]).iloc[0]
    out[SOWN_SHARE] = None if pd.isna(share) else round(float(share), 4)
    return out


def mu(value) -> int | float:
    """An area in mu as the sidecar keeps it: a tenth of a mu, an int when whole."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def sown_trend(rows: pd.DataFrame, days) -> pd.DataFrame:
    """Planned and sown area and the sown share at the end of each day.

    Parameters
    ----------
    rows : DataFrame
        Farming rows up to the last day.
    days : sequence of Timestamp

    Returns
    -------
    DataFrame
        ``day``, ``planned_mu``, ``sown_mu`` (Float64) and ``sown_share``, one row
        per day: the town totals of :func:`farming_by_crop` on that day.
    """
    days = [as_day(d) for d in days]
    last = max(days, default=as_day("2000-01-01"))
    key = [FARMING.village, FARMING.crop]
    ordered = _ordered(rows, last).drop_duplicates([*key, FARMING.date], keep="last")
    # Dates down, village crops across, each filled forward from its latest row: one
    # pass over the rows rather than the latest rows of each day.
    area = {}
    for name in (PLANNED, SOWN):
        # Plain floats: a pivot of a nullable column makes a block per column.
        values = ordered.assign(_v=ordered[name].astype("float64"))
        wide = values.pivot(index=FARMING.date, columns=key, values="_v")
        dates = wide.index.union(pd.DatetimeIndex(days))
        wide = wide.reindex(dates).ffill().fillna(0)
        area[name] = wide.sum(axis=1).reindex(pd.DatetimeIndex(days)).to_numpy()
    out = pd.DataFrame({"day": days, PLANNED: area[PLANNED], SOWN: area[SOWN]})
    out[[PLANNED, SOWN]] = out[[PLANNED, SOWN]].astype("Float64")
    out[SOWN_SHARE] = rate(out[SOWN], out[PLANNED]).to_numpy()
    return out
