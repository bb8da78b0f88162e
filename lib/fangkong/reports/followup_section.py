"""The follow-up section every report shows, and its record in the sidecar.

New, carried over, closed since the day before (how, and by whom when a village
handled it), and the 督办 items with their war zone's commander. The
computation is :mod:`fangkong.reports.followup`; this module shows it.
"""

from __future__ import annotations

import pandas as pd

from fangkong.masking import scrub_text
from fangkong.reports.context import Context
from fangkong.reports.followup import HANDLED, FollowUp, commander_of
from fangkong.reports.html import (
    Section,
    fmt_datetime,
    fmt_int,
    paragraph,
    subheading,
    table_html,
)
from fangkong.reports.sections import zone_label


def open_for(ctx: Context, days, at_least: bool = False) -> str:
    """``新增`` for an alert new today, else ``第N天`` (``≥N天`` when open since the
    history began, so possibly longer)."""
    if days is None or pd.isna(days):
        return ""
    if int(days) == 1:
        return ctx.t("followup.new")
    return ctx.t("followup.day_n_at_least" if at_least else "followup.day_n", n=int(days))


def _commander(ctx: Context, zone: str) -> str:
    return commander_of(ctx.town, zone) or ctx.t("followup.town_hq")


def _action(value, mask: bool) -> str | None:
    if not isinstance(value, str):
        return None
    return scrub_text(value) if mask else value


def followup_section(ctx: Context, followup: FollowUp, kinds: dict[str, str]) -> Section:
    """The section: a sentence of counts, the 督办 table and the closed table.

    Parameters
    ----------
    ctx : Context
    followup : FollowUp
    kinds : dict
        Alert kind -> its label.

    Returns
    -------
    Section
    """
    t, counts = ctx.t, followup.counts()
    if not followup.recorded:
        narrative = t("followup.unrecorded")
    else:
        narrative = t(
            "followup.narrative",
            open=fmt_int(counts["open"]),
            new=fmt_int(counts["new"]),
            carried=fmt_int(counts["carried"]),
            closed=fmt_int(counts["closed"]),
            handled=fmt_int(counts["closed_handled"]),
            ended=fmt_int(counts["closed_ended"]),
            supervised=fmt_int(counts["supervised"]),
        )
    parts = [subheading(t("followup.supervised")), _supervised_by_zone(ctx, followup)]
    # A village's latest action on a 督办 item shows in the item's row of the alert
    # list (latest_actions): the problem is listed once, there.
    reported = latest_actions(ctx, followup)
    busy = followup.supervised["key"].isin(reported.keys()).sum()
    if busy:
        parts.append(paragraph(t("followup.in_progress_note", count=fmt_int(busy))))
    closed = followup.closed
    closed_shown = closed.assign(
        kind=closed["kind"].map(kinds),
        outcome=[_outcome(ctx, r) for r in closed.itertuples(index=False)],
    )
    closed_cols = {
        "key": t("followup.col.key"),
        "kind": t("followup.col.kind"),
        "village": t("col.village"),
        "days_open": t("followup.col.days_open"),
        "outcome": t("followup.col.outcome"),
    }
    parts += [
        subheading(t("followup.closed")),
        table_html(
            closed_shown,
            closed_cols,
            {"days_open": "int"},
            empty=t("followup.closed_none"),
            cards=True,
        ),
    ]
    return Section(
        t("followup.title"), narrative, parts, css_class="fk-followup", clock=ctx.clock("stock")
    )


def _supervised_by_zone(ctx: Context, followup: FollowUp) -> str:
    """督办 by war zone: its commander, how many items, the longest open, their keys.

    Each item is listed once, in the alert list above, under its key: here the
    keys stand for them (a commander's list to chase).
    """
    items = followup.supervised
    rows = []
    for zone, group in items.groupby("zone", sort=False):
        longest = group.iloc[group["days_open"].argmax()]
        rows.append(
            {
                "zone_name": zone_label(ctx, zone),
                "commander": _commander(ctx, zone),
                "count": len(group),
                "longest": open_for(ctx, longest["days_open"], bool(longest["at_least"])),
                "keys": ctx.t("list_separator").join(group["key"]),
            }
        )
    order = {z.name: i for i, z in enumerate(ctx.town.zones)}
    frame = pd.DataFrame(rows, columns=["zone_name", "commander", "count", "longest", "keys"])
    frame = frame.sort_values("zone_name", key=lambda c: c.map(order).fillna(len(order)))
    cols = {
        "zone_name": ctx.t("col.zone"),
        "commander": ctx.t("followup.col.commander"),
        "count": ctx.t("followup.col.count"),
        "longest": ctx.t("followup.col.longest"),
        "keys": ctx.t("followup.col.keys"),
    }
    return table_html(
        frame, cols, {"count": "int"}, empty=ctx.t("followup.supervised_none"), cards=True
    )


def _outcome(ctx: Context, row) -> str:
    """How a closed alert ended: the village's action, who and when; or that it ended."""
    how = ctx.t(f"followup.how.{row.how}")
    if row.how != HANDLED:
        return how
    at = fmt_datetime(row.handled_at) if isinstance(row.handled_at, pd.Timestamp) else ""
    action = _action(row.action, ctx.mask_pii) or ""
    return ctx.t("followup.outcome", how=how, action=action, who=row.handled_by, at=at)


def latest_actions(ctx: Context, followup: FollowUp) -> dict[str, str]:
    """The latest feedback that did not close an alert, by key: action, who, when.

    Parameters
    ----------
    ctx : Context
    followup : FollowUp

    Returns
    -------
    dict
        Alert key -> e.g. ``已上门谈心（祁峰，03-10 15:15）``; keys without feedback are absent.
    """
    progress = followup.progress
    return {
        row["key"]: ctx.t(
            "followup.progress",
            action=_action(row["action"], ctx.mask_pii) or "",
            who=row["handled_by"],
            at=fmt_datetime(row["handled_at"]),
        )
        for _, row in progress.iterrows()
    }


def followup_record(followup: FollowUp, mask: bool = True) -> dict:
    """The follow-up in the sidecar: counts, 督办 items and closed alerts (no subjects).

    Parameters
    ----------
    followup : FollowUp
    mask : bool
        Mask ID numbers and phones written into feedback actions.

    Returns
    -------
    dict
        ``recorded``, ``counts``, ``supervised`` (key, kind, zone, village,
        first_day, days_open) and ``closed`` (key, kind, zone, village,
        days_open, how, action, handled_by, handled_at).
    """

    def day(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")

    def text(value):
        return (
            None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        )

    supervised = [
        {
            "key": r.key,
            "kind": r.kind,
            "zone": r.zone,
            "village": text(r.village),
            "first_day": day(r.first_day),
            "days_open": int(r.days_open),
            "days_open_at_least": bool(r.at_least),
        }
        for r in followup.supervised.itertuples(index=False)
    ]
    closed = [
        {
            "key": r.key,
            "kind": r.kind,
            "zone": r.zone,
            "village": text(r.village),
            "days_open": int(r.days_open),
            "how": r.how,
            "action": _action(r.action, mask) if r.how == HANDLED else None,
            "handled_by": text(r.handled_by) if r.how == HANDLED else None,
            "handled_at": (pd.Timestamp(r.handled_at).isoformat() if r.how == HANDLED else None),
        }
        for r in followup.closed.itertuples(index=False)
    ]
    return {
        "recorded": followup.recorded,
        "counts": followup.counts(),
        "supervised": supervised,
        "closed": closed,
    }
