"""Row and cross-table rules of the data contract.

Column-level rules (types, required, ranges, enumerations) live in the pandera
schemas; the rules here need several columns, other rows, or other tables. Each
rule returns :class:`Finding` objects: a boolean mask over the frame's rows, the
column to blame, a reason code from the catalogue, and a severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from fangkong.ingest.identifiers import id_sex
from fangkong.schemas import TABLES
from fangkong.town import Town

REJECT = "rejected"
WARN = "warning"


@dataclass
class Finding:
    """Rows of a frame that break one rule."""

    mask: pd.Series
    column: str
    code: str
    severity: str = REJECT
    detail: pd.Series | None = None  # per-row extra text, e.g. the other row


@dataclass
class RuleContext:
    """What rows are checked against: the town and the store as of the submission date."""

    town: Town
    submitted_on: dt.date
    households: pd.DataFrame = field(default_factory=pd.DataFrame)
    enterprises: pd.DataFrame = field(default_factory=pd.DataFrame)
    checkpoints: pd.DataFrame = field(default_factory=pd.DataFrame)
    ledger: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: ``person_id``, ``start_date``, ``left_on``: the day each period was first
    #: shown released or transferred (:meth:`Store.quarantine_left`).
    left: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Every alert key the store gave in the town (:meth:`Store.alert_keys`),
    #: read only for a batch with alert_feedback rows.
    alert_keys: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Per row of the frame being checked: which file (sheet) it came from, and
    #: how to name rows to a person (index -> "<file> row <n>"). Rows of one
    #: table from several files are checked together; duplicates are sought
    #: within a file. Names are made only for the rows a detail mentions.
    group: pd.Series | None = None
    where: Callable[[pd.Index], pd.Series] | None = None

    def groups(self, frame: pd.DataFrame) -> pd.Series:
        if self.group is None:
            return pd.Series(0, index=frame.index)
        return self.group.reindex(frame.index)

    def names(self, frame: pd.DataFrame) -> pd.Series:
        if self.where is None:
            return "row " + frame.index.to_series().astype(str)
        return self.where(frame.index)


_COLS = {name: set(spec.columns) for name, spec in TABLES.items()}


def _column(table: str, column: str) -> str:
    """A column name, checked against the schema so a typo fails loudly."""
    if column not in _COLS[table]:
        raise KeyError(f"{table} has no column {column!r}")
    return column


def _has(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].notna()


def village_rule(frame, ctx, table):
    if "village" not in frame:
        return []
    bad = _has(frame, "village") & ~frame["village"].isin(ctx.town.village_names)
    return [Finding(bad, "village", "unknown_village")]


def _registered(frame, column, registry, key):
    known = set(registry[key]) if len(registry) else set()
    return _has(frame, column) & ~frame[column].isin(known)


def enterprises_rules(frame, ctx):
    category, officer = (
        _column("enterprises", "category"),
        _column("enterprises", "prevention_officer"),
    )
    missing = (frame[category] != "street_shop") & frame[category].notna() & frame[officer].isna()
    return [Finding(missing.fillna(False), officer, "officer_required")]


def _overlaps(frame, ctx, start, end, key):
    """Rows whose [start, end] overlaps another row of the same key; detail names it.

    Two rows clash when they come from the same file, or from different
    villages; a later file of the same village replaces the earlier one.
    """
    idx = frame.index.to_series()
    pairs = frame[[key, start, end, "village"]].assign(_row=idx, _group=ctx.groups(frame))
    pairs = pairs.dropna(subset=[key, start, end])
    merged = pairs.merge(pairs, on=key, suffixes=("", "_o"))
    merged = merged[merged["_row"] != merged["_row_o"]]
    merged = merged[(merged[start] <= merged[end + "_o"]) & (merged[start + "_o"] <= merged[end])]
    clash = (merged["_group"] == merged["_group_o"]) | (merged["village"] != merged["village_o"])
    merged = merged[clash.fillna(True)]
    mask = idx.isin(merged["_row"])
    names = ctx.names(frame.loc[merged["_row_o"].unique()])
    detail = merged.groupby("_row")["_row_o"].apply(lambda others: ", ".join(names[others]))
    return mask, detail.reindex(idx.index)


def quarantine_rules(frame, ctx):
    table = "quarantine"
    person_id, sex, start, end = (
        _column(table, name) for name in ("person_id", "sex", "start_date", "end_date")
    )
    reason, origin, employer = (_column(table, name) for name in ("reason", "origin", "employer"))
    found = []
    with_id = _has(frame, person_id) & _has(frame, sex)
    id_sex_code = frame.loc[with_id, person_id].map(id_sex).reindex(frame.index)
    mismatch = with_id & id_sex_code.ne(frame[sex])
    found.append(Finding(mismatch.fillna(False), sex, "sex_mismatch"))
    both = _has(frame, start) & _has(frame, end)
    found.append(Finding(both & (frame[end] <= frame[start]), end, "end_before_start"))
    submitted = pd.Timestamp(ctx.submitted_on)
    found.append(
        Finding(_has(frame, start) & (frame[start] > submitted), start, "start_after_submission")
    )
    needs_origin = _has(frame, reason) & (frame[reason] != "close_contact") & frame[origin].isna()
    found.append(Finding(needs_origin, origin, "origin_required"))
    worker = frame[reason] == "returning_worker"
    found.append(
        Finding((worker & frame[employer].isna()).fillna(False), employer, "employer_required")
    )
    found.append(
        Finding(
            _registered(frame, employer, ctx.enterprises, "enterprise_id"),
            employer,
            "unknown_enterprise",
        )
    )
    planned = frame[start] + pd.Timedelta(days=ctx.town.policy.quarantine_days)
    found.append(
        Finding((both & (frame[end] != planned)).fillna(False), end, "end_not_planned", WARN)
    )
    mask, detail = _overlaps(frame, ctx, start, end, person_id)
    found.append(Finding(mask, person_id, "duplicate_period", detail=detail))
    found.append(_overlap_other_villages(frame, ctx))
    return found


def _overlap_other_villages(frame, ctx):
    """A person already in another village's current ledger with an overlapping period."""
    person_id, start, end = "person_id", "start_date", "end_date"
    empty = pd.Series(False, index=frame.index)
    if not len(ctx.ledger):
        return Finding(empty, person_id, "duplicate_period")
    mine = set(frame["village"].dropna())
    others = ctx.ledger[~ctx.ledger["village"].isin(mine)]
    rows = frame[[person_id, start, end]].reset_index(names="_row")
    merged = rows.merge(
        others[[person_id, start, end, "village", "src_file", "src_row"]],
        on=person_id,
        suffixes=("", "_o"),
    )
    hit = merged[(merged[start] <= merged[end + "_o"]) & (merged[start + "_o"] <= merged[end])]
    mask = frame.index.isin(hit["_row"])
    detail = hit.groupby("_row").apply(
        lambda hits: "; ".join(
            f"{village} {file} row {row}"
            for village, file, row in zip(hits["village"], hits["src_file"], hits["src_row"])
        ),
        include_groups=False,
    )
    return Finding(
        pd.Series(mask, index=frame.index),
        person_id,
        "duplicate_period",
        detail=detail.reindex(frame.index),
    )


def _in_quarantine(frame, ctx, when):
    """Rows whose person is unknown, or known but outside every period of theirs.

    A period runs from ``start_date`` until the person leaves quarantine: the
    day the ledger first showed them released or transferred, that day
    included. A person still shown 隔离中 after ``end_date`` is overdue, still
    in quarantine: their period has not ended.
    """
    person_id, start = "person_id", "start_date"
    ledger = ctx.ledger
    known = set(ledger[person_id]) if len(ledger) else set()
    unknown = _has(frame, person_id) & ~frame[person_id].isin(known)
    if not known:
        return [Finding(unknown, person_id, "unknown_person")]
    rows = frame[[person_id, when]].dropna().reset_index(names="_row")
    rows["_day"] = rows[when].dt.normalize()
    periods = ledger[[person_id, start, "status"]]
    left = ctx.left if len(ctx.left) else pd.DataFrame(columns=[person_id, start, "left_on"])
    periods = periods.merge(left[[person_id, start, "left_on"]], on=[person_id, start], how="left")
    # A period shown released with no record of when (never expected): open, as
    # refusing the records of a person in quarantine loses their follow-up.
    until = periods["left_on"].where(periods["status"] != "quarantined")
    periods = periods.assign(_until=pd.to_datetime(until).astype("datetime64[ns]"))
    merged = rows.merge(periods, on=person_id)
    inside = merged[
        (merged["_day"] >= merged[start])
        & (merged["_until"].isna() | (merged["_day"] <= merged["_until"]))
    ]
    outside = frame.index.isin(rows["_row"]) & ~frame.index.isin(inside["_row"]) & ~unknown
    return [
        Finding(unknown, person_id, "unknown_person"),
        Finding(pd.Series(outside, index=frame.index), when, "outside_period"),
    ]


def health_checks_rules(frame, ctx):
    return _in_quarantine(frame, ctx, _column("health_checks", "checked_at"))


def disinfections_rules(frame, ctx):
    return _in_quarantine(frame, ctx, _column("disinfections", "done_at"))


def followup_calls_rules(frame, ctx):
    reached, mood = _column("followup_calls", "reached"), _column("followup_calls", "mood")
    unreached_mood = frame[reached].eq(False) & _has(frame, mood)
    return _in_quarantine(frame, ctx, _column("followup_calls", "called_at")) + [
        Finding(unreached_mood.fillna(False), mood, "mood_when_unreached")
    ]


def welfare_visits_rules(frame, ctx):
    household_id = _column("welfare_visits", "household_id")
    return [
        Finding(
            _registered(frame, household_id, ctx.households, "household_id"),
            household_id,
            "unknown_household",
        )
    ]


def _duplicates(frame, ctx, columns, blame):
    """Rows of one file sharing a key; a later file with the key updates it instead."""
    keyed = frame[columns].assign(_group=ctx.groups(frame))
    dup = keyed.duplicated(keep=False) & frame[columns].notna().all(axis=1)
    if not dup.any():
        return Finding(dup, blame, "duplicate_key")
    names = ctx.names(frame[dup])
    together = names.groupby([keyed.loc[dup, column] for column in keyed.columns]).transform(
        ", ".join
    )
    return Finding(dup, blame, "duplicate_key", detail=together.reindex(frame.index))


def gas_requests_rules(frame, ctx):
    table = "gas_requests"
    request_id, household_id = _column(table, "request_id"), _column(table, "household_id")
    reported, delivered = _column(table, "reported_at"), _column(table, "delivered_at")
    early = _has(frame, reported) & _has(frame, delivered) & (frame[delivered] < frame[reported])
    return [
        _duplicates(frame, ctx, [request_id], request_id),
        Finding(
            _registered(frame, household_id, ctx.households, "household_id"),
            household_id,
            "unknown_household",
        ),
        Finding(early, delivered, "delivered_before_reported"),
    ]


def households_rules(frame, ctx):
    return [_duplicates(frame, ctx, [_column("households", "household_id")], "household_id")]


def enterprise_status_rules(frame, ctx):
    table = "enterprise_status"
    enterprise_id, day, resumed, resumed_on = (
        _column(table, name) for name in ("enterprise_id", "date", "resumed", "resumed_on")
    )
    on_site, in_quarantine = _column(table, "staff_on_site"), _column(table, "in_quarantine")
    registry = ctx.enterprises
    found = [
        _duplicates(frame, ctx, [enterprise_id, day], enterprise_id),
        Finding(
            _registered(frame, enterprise_id, registry, "enterprise_id"),
            enterprise_id,
            "unknown_enterprise",
        ),
        Finding(
            (frame[resumed].eq(True) & frame[resumed_on].isna()).fillna(False),
            resumed_on,
            "resumed_on_required",
        ),
    ]
    if len(registry):
        total = frame[enterprise_id].map(registry.set_index("enterprise_id")["staff_total"])
        found.append(Finding((frame[on_site] > total).fillna(False), on_site, "staff_over_total"))
    workers = ctx.ledger
    if len(workers):
        active = workers[
            (workers["reason"] == "returning_worker") & (workers["status"] == "quarantined")
        ]
        counts = active.groupby("employer").size()
        expected = frame[enterprise_id].map(counts).fillna(0).astype("Int64")
        detail = "ledger: " + expected.astype(str)
        found.append(
            Finding(
                (frame[in_quarantine] != expected).fillna(False),
                in_quarantine,
                "in_quarantine_mismatch",
                WARN,
                detail,
            )
        )
    return found


def enterprises_all(frame, ctx):
    return [_duplicates(frame, ctx, ["enterprise_id"], "enterprise_id")] + enterprises_rules(
        frame, ctx
    )


def donations_rules(frame, ctx):
    kind, amount, items = (_column("donations", name) for name in ("kind", "amount_yuan", "items"))
    return [
        Finding(
            ((frame[kind] == "money") & frame[amount].isna()).fillna(False),
            amount,
            "money_needs_amount",
        ),
        Finding(
            ((frame[kind] == "goods") & frame[items].isna()).fillna(False),
            items,
            "goods_need_items",
        ),
    ]


RULES = {
    "households": households_rules,
    "enterprises": enterprises_all,
    "quarantine": quarantine_rules,
    "health_checks": health_checks_rules,
    "disinfections": disinfections_rules,
    "followup_calls": followup_calls_rules,
    "welfare_visits": welfare_visits_rules,
    "gas_requests": gas_requests_rules,
    "enterprise_status": enterprise_status_rules,
    "donations": donations_rules,
}


def _rules_of(table: str):
    """A table's rules: here, or in a module of its own (imported here: it imports this one)."""
    from fangkong.ingest.alert_rules import alert_feedback_rules
    from fangkong.ingest.duty_rules import DUTY_RULES

    return RULES.get(table) or {"alert_feedback": alert_feedback_rules, **DUTY_RULES}.get(table)


def run_rules(table: str, frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """Every row and cross-table rule of a table, on a normalised frame.

    Parameters
    ----------
    table : str
        Table name in ``TABLES``.
    frame : pandas.DataFrame
        Normalised rows (schema columns), indexed by file row number.
    ctx : RuleContext
        The town and the store's registries and ledger as of the submission date.

    Returns
    -------
    list of Finding
    """
    findings = village_rule(frame, ctx, table)
    rule = _rules_of(table)
    if rule:
        findings += rule(frame, ctx)
    return [finding for finding in findings if bool(finding.mask.any())]
