"""Rules of the rest of the article's duties: screening, checkpoints and their duty,
night patrols, spring farming, and volunteer_services' household and party members.

Column rules (required, ranges, enumerations) are in the schemas; these need two
columns, the town file or the checkpoints registry. Kept apart from
:mod:`fangkong.ingest.rules`, which finds them in :data:`DUTY_RULES`.
"""

from __future__ import annotations

import pandas as pd

from fangkong.ingest.rules import (
    WARN,
    Finding,
    RuleContext,
    _column,
    _duplicates,
    _has,
    _registered,
)
from fangkong.schema_kit import people_named


def _over(frame: pd.DataFrame, part: str, whole: str) -> pd.Series:
    """Rows whose ``part`` count is more than their ``whole`` (both given)."""
    both = _has(frame, part) & _has(frame, whole)
    return (both & (frame[part] > frame[whole])).fillna(False).astype(bool)


def screening_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """Risk-area returnees among the returnees found; a day's households within the village's.

    More households screened in a day than the town file gives the village is a
    warning (the town file's count may be old), naming that count.
    """
    table = "screening"
    returnees, risk = _column(table, "returnees_found"), _column(table, "risk_area_found")
    screened = _column(table, "households_screened")
    found = [Finding(_over(frame, risk, returnees), risk, "risk_over_returnees")]
    households = {v.name: v.households for v in ctx.town.villages if v.households}
    cap = frame["village"].map(households).astype("Int64")
    over = (_has(frame, screened) & (frame[screened] > cap)).fillna(False).astype(bool)
    found.append(
        Finding(over, screened, "screened_over_households", WARN, "households: " + cap.astype(str))
    )
    return found


def checkpoints_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """A checkpoint listed twice in one file; a later file with its id updates it."""
    return [_duplicates(frame, ctx, [_column("checkpoints", "checkpoint_id")], "checkpoint_id")]


def checkpoint_duty_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """A registered checkpoint, a shift it has, and no more party members than names.

    ``all_day`` belongs to a one-shift checkpoint, ``day`` and ``night`` to a
    two-shift one (the registry as of the submission date). Party members
    outnumbering the people named on duty is a warning: a cadre may write
    "张三等5人".
    """
    table = "checkpoint_duty"
    checkpoint, shift = _column(table, "checkpoint_id"), _column(table, "shift")
    on_duty, party = _column(table, "on_duty"), _column(table, "party_members")
    registry = ctx.checkpoints
    found = [
        Finding(
            _registered(frame, checkpoint, registry, "checkpoint_id"),
            checkpoint,
            "unknown_checkpoint",
        )
    ]
    if len(registry):
        shifts = frame[checkpoint].map(
            registry.drop_duplicates("checkpoint_id", keep="last").set_index("checkpoint_id")[
                "shifts_per_day"
            ]
        )
        wrong = (shifts.eq(1) & frame[shift].isin(["day", "night"])) | (
            shifts.eq(2) & frame[shift].eq("all_day")
        )
        detail = "shifts_per_day: " + shifts.astype("Int64").astype(str)
        found.append(
            Finding(
                wrong.fillna(False).astype(bool), shift, "shift_not_of_checkpoint", detail=detail
            )
        )
    named = frame[on_duty].map(people_named, na_action="ignore")
    frame_named = pd.DataFrame({"party": frame[party], "named": named.astype("Int64")})
    found.append(
        Finding(
            _over(frame_named, "party", "named"),
            party,
            "party_over_on_duty",
            WARN,
            "named: " + frame_named["named"].astype(str),
        )
    )
    return found


def patrols_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """A patrol ends after it starts; its party members are among its patrollers."""
    table = "patrols"
    started, ended = _column(table, "started_at"), _column(table, "ended_at")
    party, patrollers = _column(table, "party_members"), _column(table, "patrollers")
    early = _has(frame, started) & _has(frame, ended) & (frame[ended] <= frame[started])
    return [
        Finding(early.fillna(False).astype(bool), ended, "ended_before_started"),
        Finding(_over(frame, party, patrollers), party, "party_over_patrollers"),
    ]


def farming_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """The area sown so far is within the area planned."""
    sown, planned = _column("farming", "sown_mu"), _column("farming", "planned_mu")
    return [Finding(_over(frame, sown, planned), sown, "sown_over_planned")]


def volunteer_services_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """The household served, when given, is registered; party members are among the volunteers."""
    table = "volunteer_services"
    household, party = _column(table, "household_id"), _column(table, "party_members")
    return [
        Finding(
            _registered(frame, household, ctx.households, "household_id"),
            household,
            "unknown_household",
        ),
        Finding(_over(frame, party, _column(table, "volunteers")), party, "party_over_volunteers"),
    ]


DUTY_RULES = {
    "screening": screening_rules,
    "checkpoints": checkpoints_rules,
    "checkpoint_duty": checkpoint_duty_rules,
    "patrols": patrols_rules,
    "farming": farming_rules,
    "volunteer_services": volunteer_services_rules,
}
