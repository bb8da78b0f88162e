"""Sections every report shows, built from its figures.

The header (the headline cards are :mod:`fangkong.reports.headline`'s); the alert summary;
breakdowns by war zone then village whose zone totals equal the town total; and
the data-quality section. :class:`fangkong.reports.base.Report` puts them
together; a report's own sections use the breakdown helpers directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from fangkong import __version__
from fangkong.catalogue import reason
from fangkong.reports.breakdown import (
    TOTAL,
    UNASSIGNED,
    as_day,
    by_village,
    by_zone,
    rate,
    with_zone,
)
from fangkong.reports.commanders import commander, with_commander  # noqa: F401
from fangkong.reports.context import Context
from fangkong.reports.html import (
    Section,
    esc,
    fmt_datetime,
    fmt_int,
    paragraph,
    subheading,
    table_html,
)
from fangkong.schemas import TABLES
from fangkong.town import Town


def header_section(ctx: Context, title: str) -> Section:
    """The report header: title, town, date, data as of, generated at, version.

    Parameters
    ----------
    ctx : Context
    title : str

    Returns
    -------
    Section
    """
    t = ctx.t
    # One clock: "数据截至" is the cut-off every figure counts to; when the last
    # file came in is a fact of its own.
    received = fmt_datetime(ctx.data_as_of, "%m-%d %H:%M") if ctx.data_as_of else None
    day = as_day(ctx.day).strftime("%Y-%m-%d")
    facts = [
        (t("header.report_date"), day),
        (t("header.data_as_of"), f"{day} {ctx.town.policy.cutoff}"),
        (t("header.received"), received or t("header.no_data")),
        (t("header.generated_at"), pd.Timestamp(ctx.generated_at).strftime("%Y-%m-%d %H:%M")),
        (t("header.version"), __version__),
    ]
    items = "".join(
        f'<span class="fk-fact"><span class="fk-key">{esc(k)}</span> {esc(v)}</span>'
        for k, v in facts
    )
    privacy = t("header.masked") if ctx.mask_pii else t("header.internal")
    town = t("header.town", town=ctx.town.name, county=ctx.town.county)
    return Section(
        title=f"{ctx.town.name} {title}",
        parts=[
            paragraph(town, "fk-town"),
            f'<p class="fk-facts">{items}</p>',
            paragraph(privacy, "fk-privacy" if ctx.mask_pii else "fk-privacy alert"),
        ],
        level=1,
        css_class="fk-header",
    )


def alert_summary(ctx: Context, counts: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """One sentence counting the day's alerts by kind.

    Parameters
    ----------
    ctx : Context
    counts : mapping
        Alert kind -> count.
    labels : mapping
        Alert kind -> label.

    Returns
    -------
    str
        ``alerts.none`` when there are none; kinds without alerts are left out.
    """
    total = sum(counts.values())
    if not total:
        return ctx.t("alerts.none")
    parts = [
        ctx.t("alerts.part", label=labels[k], count=fmt_int(n)) for k, n in counts.items() if n
    ]
    return ctx.t("alerts.summary", total=fmt_int(total), parts=ctx.t("list_separator").join(parts))


def zone_label(ctx: Context, code: str) -> str:
    """A zone or village cell as shown: the total and unassigned codes get labels."""
    return {TOTAL: ctx.t("total"), UNASSIGNED: ctx.t("unassigned")}.get(code, code)


def breakdown_tables(
    town: Town, counts: pd.DataFrame, sums: Sequence[str], rates: Mapping[str, tuple[str, str]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures by war zone and by village, each with a total row, plus rates.

    Parameters
    ----------
    town : Town
    counts : DataFrame
        One row per village (or per item) with ``village`` and the ``sums``.
    sums : sequence of str
        Columns to add up.
    rates : mapping
        New column -> (numerator, denominator) of summed columns; empty
        where the denominator is 0 (a village with nobody to count).

    Returns
    -------
    (DataFrame, DataFrame)
        By zone (every zone, then ``total``) and by village (every village in
        town-file order, then ``total``). The total rows are the sums of the
        rows above them, so zone totals equal the town total.
    """
    frame = with_zone(counts, town)
    zones = by_zone(frame, town, list(sums))
    villages = by_village(frame, town, list(sums))
    for table in (zones, villages):
        for name, (num, den) in rates.items():
            table[name] = rate(table[num], table[den]).to_numpy()
    return zones, villages


def breakdown_section(
    ctx: Context,
    zones: pd.DataFrame,
    villages: pd.DataFrame,
    headers: Mapping[str, str],
    formats: Mapping[str, str],
    alert_columns: Sequence[str] = (),
    clock: str = "stock_flow",
    not_filed: Mapping[str, Sequence[str]] | None = None,
) -> Section:
    """The by-zone and by-village tables of :func:`breakdown_tables`.

    Parameters
    ----------
    ctx : Context
    zones, villages : DataFrame
    headers : mapping
        Figure column -> header, in display order (zone and village columns
        are added in front).
    formats : mapping
        Figure column -> format name of :func:`fangkong.reports.html.table_html`.
    alert_columns : sequence of str
        Columns whose non-zero cells are shown in red.
    clock : str
        The kind of :meth:`.Context.clock` the figures count by.
    not_filed : mapping, optional
        As for :func:`breakdown_html`.

    Returns
    -------
    Section
    """
    parts = []
    for title, table in (("breakdown.by_zone", zones), ("breakdown.by_village", villages)):
        parts.append(subheading(ctx.t(title)))
        parts.append(breakdown_html(ctx, table, headers, formats, alert_columns, not_filed))
    return Section(
        ctx.t("breakdown.title"), ctx.t("breakdown.narrative"), parts, clock=ctx.clock(clock)
    )


def breakdown_html(
    ctx: Context,
    table: pd.DataFrame,
    headers: Mapping[str, str],
    formats: Mapping[str, str],
    alert_columns: Sequence[str] = (),
    not_filed: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """One table of :func:`breakdown_tables` (by zone, or by village) as HTML.

    Parameters
    ----------
    ctx : Context
    table : DataFrame
        By zone (``zone`` column) or by village (``zone`` and ``village``).
    headers, formats, alert_columns
        As for :func:`breakdown_section`.
    not_filed : mapping, optional
        Column -> the villages that did not file the table it counts today: their
        cells say 未报, not a 0 or a 0.0% that reads as work not done.

    Returns
    -------
    str
        The total row in bold; zone and total codes as words.
    """
    keys = ["zone", "village"] if "village" in table.columns else ["zone"]
    shown = table.copy()
    for key in keys:
        shown[key] = shown[key].map(lambda c: zone_label(ctx, c))
    if len(keys) == 2:  # the total row names the town once
        shown.loc[table["village"].eq(TOTAL), "zone"] = ""
    cols = {k: ctx.t(f"col.{k}") for k in keys} | dict(headers)
    if len(keys) == 1:  # a war zone is named with its commander
        shown, cols = with_commander(ctx, shown.assign(zone=table["zone"]), cols)
        shown["zone"] = shown["zone"].map(lambda c: zone_label(ctx, c))
    unfiled = {}
    if len(keys) == 2:
        for column, villages in (not_filed or {}).items():
            if column in cols:
                unfiled[column] = table["village"].isin(list(villages))
                shown[column] = (
                    shown[column].astype("object").mask(unfiled[column], ctx.t("not_filed"))
                )
    alerts = {}
    for c in alert_columns:
        flags = table[c].fillna(0).gt(0).astype(bool)
        if c in unfiled:
            flags &= ~unfiled[c].astype(bool)
        alerts[c] = flags.to_list()
    classes = ["total" if v == TOTAL else "" for v in table[keys[-1]]]
    return table_html(shown, cols, formats, alert_cells=alerts, row_classes=classes)


def data_quality(missing: pd.DataFrame, issues: pd.DataFrame) -> dict:
    """The data-quality figures of a day.

    Parameters
    ----------
    missing : DataFrame
        :func:`fangkong.store.submissions.missing_submissions` of the day: village,
        zone, table, table_zh.
    issues : DataFrame
        The store's issue log of the day: file (or sha256), sheet, row, table,
        code, severity (``rejected`` or ``warning``), ...

    Returns
    -------
    dict
        ``missing`` (the frame), ``missing_count``, ``villages_missing``,
        ``rejected`` and ``warnings`` (frames of table, code, rows: the
        number of distinct rows per reason, most first), ``rejected_rows``
        and ``warning_rows`` (distinct rows in all).
    """
    row_key = [c for c in ("sha256", "file", "sheet", "row") if c in issues.columns]
    out = {
        "missing": missing,
        "missing_count": len(missing),
        "villages_missing": int(missing["village"].nunique()),
    }
    for severity, name, total in (
        ("rejected", "rejected", "rejected_rows"),
        ("warning", "warnings", "warning_rows"),
    ):
        part = issues[issues["severity"].eq(severity).fillna(False).astype(bool)]
        rows = part.drop_duplicates(["table", "code", *row_key])
        counts = rows.groupby(["table", "code"]).size().rename("rows").reset_index()
        counts["rows"] = counts["rows"].astype("Int64")
        out[name] = counts.sort_values(["rows", "table", "code"], ascending=[False, True, True])
        out[total] = len(part.drop_duplicates(row_key))
    return out


def data_quality_section(ctx: Context, quality: dict) -> Section:
    """Missing submissions, rejected rows by reason and warnings by reason.

    Parameters
    ----------
    ctx : Context
    quality : dict
        From :func:`data_quality`.

    Returns
    -------
    Section
    """
    t, lang = ctx.t, ctx.lang
    missing = quality["missing"]
    table_label = {
        name: (tab.zh if lang == "zh" else name.replace("_", " ")) for name, tab in TABLES.items()
    }
    per_village = (
        missing.assign(label=missing["table"].map(table_label))
        .groupby(["zone", "village"], sort=False)["label"]
        .agg(t("list_separator").join)
        .rename("tables")
        .reset_index()
    )
    parts = [subheading(t("quality.missing"))]
    cols = {"zone": t("col.zone"), "village": t("col.village"), "tables": t("col.tables")}
    parts.append(table_html(per_village, cols, empty=t("quality.missing_none")))
    for key, none in (("rejected", "quality.rejected_none"), ("warnings", "quality.warnings_none")):
        counts = quality[key].copy()
        counts["table"] = counts["table"].map(lambda n: table_label.get(n, n))
        counts["code"] = counts["code"].map(lambda c: reason(c, lang))
        parts.append(subheading(t(f"quality.{key}")))
        cols = {"table": t("col.table"), "code": t("col.reason"), "rows": t("col.rows")}
        parts.append(table_html(counts, cols, {"rows": "int"}, empty=t(none)))
    narrative = t(
        "quality.narrative",
        missing=fmt_int(quality["missing_count"]),
        villages=fmt_int(quality["villages_missing"]),
        rejected=fmt_int(quality["rejected_rows"]),
        warnings=fmt_int(quality["warning_rows"]),
    )
    return Section(
        t("quality.title"), narrative, parts, css_class="fk-quality", clock=ctx.clock("day")
    )
