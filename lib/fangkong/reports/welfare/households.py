"""Welfare report computations: vulnerable households, visit coverage and needs.

Every function takes plain DataFrames with the schema columns of
:data:`fangkong.schemas.TABLES` (normalised dtypes) and returns DataFrames with
English column names and codes; the display layer labels them.

Decisions (the report states them):

- A household is *covered* on day D when its latest visit on or before D is at
  most ``visit_interval_days`` days old: visits exactly every
  ``visit_interval_days`` days never make a household overdue. Visits dated
  after D are ignored, so a report can be re-run for a past day.
- A household in several categories counts once in every total and once in
  each of its categories, so the category rows add up to more than the total.
- A need is the pair (household, need type). It stays open until a later visit
  records the same need as resolved; a visit recording "no needs" does not
  close it, because that only says no new need was found. Closed households
  drop out (there is nobody left to serve).
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import (
    TOTAL,
    VILLAGE,
    ZONE,
    active,
    as_day,
    by_village,
    by_zone,
    columns,
    rate,
    with_zone,
    yes,
)
from fangkong.schemas import SET_SEPARATOR
from fangkong.town import Town

HOUSEHOLD = columns("households")
VISIT = columns("welfare_visits")

# Visit status codes of a household on the report day.
COVERED = "covered"
OVERDUE = "overdue"
NEVER_VISITED = "never_visited"

# Output columns.
HOUSEHOLDS = "households"
CATEGORY = "category"
COVERAGE = "coverage"
LAST_VISITED_ON = "last_visited_on"
LAST_VISITOR = "last_visitor"
DAYS_SINCE_VISIT = "days_since_visit"
VISIT_STATUS = "visit_status"
NEED = "need"
FOUND_ON = "found_on"
DAYS_OPEN = "days_open"
OPEN = "open"

#: The need code meaning "nothing needed".
NO_NEED = "none"

_COUNTS = [HOUSEHOLDS, COVERED, OVERDUE, NEVER_VISITED]


def household_visits(
    households: pd.DataFrame, visits: pd.DataFrame, town: Town, day
) -> pd.DataFrame:
    """Each active household with its latest visit and visit status on a day.

    Parameters
    ----------
    households : DataFrame
        The households registry as of ``day`` (closed households are dropped).
    visits : DataFrame
        Welfare visits; those dated after ``day`` are ignored.
    town : Town
        Gives ``policy.visit_interval_days`` and the war zone of each village.
    day : date, str or Timestamp
        The report date.

    Returns
    -------
    DataFrame
        The registry columns plus ``zone``, ``last_visited_on``, ``last_visitor``,
        ``days_since_visit`` (Int64, empty if never visited) and ``visit_status``
        (``covered``, ``overdue`` or ``never_visited``).
    """
    day = as_day(day)
    seen = visits[visits[VISIT.visited_on] <= day]
    last = (
        seen.sort_values(VISIT.visited_on, kind="stable")
        .drop_duplicates(VISIT.household_id, keep="last")[
            [VISIT.household_id, VISIT.visited_on, VISIT.visitor]
        ]
        .rename(columns={VISIT.visited_on: LAST_VISITED_ON, VISIT.visitor: LAST_VISITOR})
    )
    out = with_zone(active(households), town, HOUSEHOLD.village).merge(
        last, on=HOUSEHOLD.household_id, how="left"
    )
    out[DAYS_SINCE_VISIT] = (day - out[LAST_VISITED_ON]).dt.days.astype("Int64")
    never = out[LAST_VISITED_ON].isna()
    late = out[DAYS_SINCE_VISIT].gt(town.policy.visit_interval_days).fillna(False)
    status = pd.Series(COVERED, index=out.index, dtype="str")
    status[late.astype(bool)] = OVERDUE
    status[never] = NEVER_VISITED
    out[VISIT_STATUS] = status
    return out.reset_index(drop=True)


def _flags(hv: pd.DataFrame) -> pd.DataFrame:
    out = hv.copy()
    out[HOUSEHOLDS] = 1
    for status in (COVERED, OVERDUE, NEVER_VISITED):
        out[status] = (out[VISIT_STATUS] == status).astype(int)
    return out


def _with_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    frame[COVERAGE] = rate(frame[COVERED], frame[HOUSEHOLDS]).to_numpy()
    return frame


def visit_coverage(hv: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """Visit coverage by category, war zone or village, with a total row.

    Parameters
    ----------
    hv : DataFrame
        The output of :func:`household_visits`.
    town : Town
    by : {"category", "zone", "village"}

    Returns
    -------
    DataFrame
        The group column(s) (``category``; ``zone``; or ``zone`` and
        ``village``), then ``households``, ``covered``, ``overdue``,
        ``never_visited`` (Int64) and ``coverage`` (covered / households,
        Float64, empty for an empty group). The last row is the total
        (``TOTAL``). By zone or village every zone or village of the town is
        listed and the total is the sum of the rows. By category, every
        category is listed, a household counts in each of its categories and
        the total counts each household once, so the rows may add up to more.
    """
    flagged = _flags(hv)
    if by == ZONE:
        return _with_coverage(by_zone(flagged, town, _COUNTS))
    if by == VILLAGE:
        return _with_coverage(by_village(flagged, town, _COUNTS))
    if by != CATEGORY:
        raise ValueError(f"by must be 'category', 'zone' or 'village', not {by!r}")
    exploded = _explode(flagged, HOUSEHOLD.categories, CATEGORY)
    codes = list(ENUMS["household_category"])
    grouped = exploded.groupby(CATEGORY)[_COUNTS].sum().reindex(codes, fill_value=0)
    total = pd.DataFrame([{c: flagged[c].sum() for c in _COUNTS}], index=[TOTAL])
    out = pd.concat([grouped, total]).rename_axis(CATEGORY).reset_index()
    out[CATEGORY] = out[CATEGORY].astype("str")
    out[_COUNTS] = out[_COUNTS].astype("Int64")
    return _with_coverage(out)


def _explode(frame: pd.DataFrame, column: str, into: str) -> pd.DataFrame:
    """One row per member of a set column (codes joined by ``;``)."""
    out = frame.assign(**{into: frame[column].str.split(SET_SEPARATOR)}).explode(into)
    out = out[out[into].notna() & (out[into] != "")]
    out[into] = out[into].astype("str")
    return out


def multi_category_households(hv: pd.DataFrame) -> int:
    """How many households are in more than one category.

    Parameters
    ----------
    hv : DataFrame
        Households (the registry or :func:`household_visits`).

    Returns
    -------
    int
        The number the report quotes when it says category rows overlap.
    """
    sizes = (
        hv[HOUSEHOLD.categories]
        .fillna("")
        .str.split(SET_SEPARATOR)
        .map(lambda members: len({m for m in members if m}))
    )
    return int((sizes > 1).sum())


def unvisited_households(hv: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Households never visited or overdue, to be visited first.

    Parameters
    ----------
    hv : DataFrame
        The output of :func:`household_visits`.
    town : Town

    Returns
    -------
    DataFrame
        ``household_id``, ``head_name``, ``zone``, ``village``, ``categories``,
        ``cadre``, ``visit_status``, ``last_visited_on``, ``days_since_visit``:
        never-visited households first, then the longest overdue, each group
        in town order of zones and villages.
    """
    out = hv[hv[VISIT_STATUS] != COVERED].copy()
    out["_never"] = out[VISIT_STATUS] == NEVER_VISITED
    out["_village"] = out[HOUSEHOLD.village].map({v: i for i, v in enumerate(town.village_names)})
    out = out.sort_values(
        ["_never", DAYS_SINCE_VISIT, "_village", HOUSEHOLD.household_id],
        ascending=[False, False, True, True],
        kind="stable",
    )
    keep = [
        HOUSEHOLD.household_id,
        HOUSEHOLD.head_name,
        ZONE,
        HOUSEHOLD.village,
        HOUSEHOLD.categories,
        HOUSEHOLD.cadre,
        VISIT_STATUS,
        LAST_VISITED_ON,
        DAYS_SINCE_VISIT,
    ]
    return out[keep].reset_index(drop=True)


def open_needs(households: pd.DataFrame, visits: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Needs found on visits and not resolved by the report day.

    Parameters
    ----------
    households : DataFrame
        The households registry as of ``day``.
    visits : DataFrame
        Welfare visits; those after ``day`` are ignored.
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        One row per open (household, need): ``need``, ``household_id``,
        ``head_name``, ``zone``, ``village``, ``cadre`` (the household's cadre),
        ``found_on`` (first mention since the need was last resolved),
        ``last_visited_on`` and ``last_visitor`` (latest mention),
        ``needs_detail`` (of the latest mention that has one) and ``days_open``.
        Sorted by need type, then oldest first. When two visits of the same day
        disagree, the resolved one wins.
    """
    day = as_day(day)
    seen = visits[visits[VISIT.visited_on] <= day]
    seen = seen.assign(_pos=range(len(seen)))
    mentions = _explode(seen, VISIT.needs, NEED)
    mentions = mentions[mentions[NEED] != NO_NEED].copy()
    mentions["_resolved"] = yes(mentions[VISIT.resolved])
    mentions = mentions.sort_values(
        [VISIT.household_id, NEED, VISIT.visited_on, "_resolved", "_pos"], kind="stable"
    )
    key = [VISIT.household_id, NEED]
    grouped = mentions.groupby(key, sort=False)["_resolved"]
    # Resolved mentions strictly before each row: the episode a mention belongs to.
    mentions["_episode"] = grouped.cumsum() - mentions["_resolved"]
    last = mentions.drop_duplicates(key, keep="last")
    last = last[~last["_resolved"]]
    episode = mentions.merge(last[[*key, "_episode"]], on=[*key, "_episode"])
    found = episode.groupby(key, sort=False)[VISIT.visited_on].min().rename(FOUND_ON)
    detail = (
        episode[episode[VISIT.needs_detail].notna() & (episode[VISIT.needs_detail] != "")]
        .drop_duplicates(key, keep="last")
        .set_index(key)[VISIT.needs_detail]
    )
    out = last.set_index(key)[[VISIT.visited_on, VISIT.visitor]].rename(
        columns={VISIT.visited_on: LAST_VISITED_ON, VISIT.visitor: LAST_VISITOR}
    )
    out = out.join(found).join(detail).reset_index()
    registry = with_zone(active(households), town, HOUSEHOLD.village)[
        [HOUSEHOLD.household_id, HOUSEHOLD.head_name, ZONE, HOUSEHOLD.village, HOUSEHOLD.cadre]
    ]
    out = registry.merge(out, on=HOUSEHOLD.household_id, how="inner")
    out[DAYS_OPEN] = (day - out[FOUND_ON]).dt.days.astype("Int64")
    out[NEED] = out[NEED].astype("str")
    order = {code: i for i, code in enumerate(ENUMS["need"])}
    out = out.assign(_order=out[NEED].map(order)).sort_values(
        ["_order", FOUND_ON, HOUSEHOLD.household_id], kind="stable"
    )
    keep = [
        NEED,
        HOUSEHOLD.household_id,
        HOUSEHOLD.head_name,
        ZONE,
        HOUSEHOLD.village,
        HOUSEHOLD.cadre,
        FOUND_ON,
        LAST_VISITED_ON,
        LAST_VISITOR,
        VISIT.needs_detail,
        DAYS_OPEN,
    ]
    return out[keep].reset_index(drop=True)


def needs_by_type(needs: pd.DataFrame) -> pd.DataFrame:
    """Open needs counted by type, every type listed, with a total row.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`open_needs`.

    Returns
    -------
    DataFrame
        ``need`` and ``open`` (Int64); the last row (``TOTAL``) is the sum. A
        household with two open needs counts once in each type.
    """
    codes = [c for c in ENUMS["need"] if c != NO_NEED]
    counts = needs[NEED].value_counts().reindex(codes, fill_value=0)
    out = pd.DataFrame({NEED: codes + [TOTAL], OPEN: [*counts.tolist(), int(counts.sum())]})
    out[NEED] = out[NEED].astype("str")
    out[OPEN] = out[OPEN].astype("Int64")
    return out
