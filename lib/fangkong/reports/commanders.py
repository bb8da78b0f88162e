"""The war zones' commanders (指挥长) beside the zones in by-zone tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from fangkong.reports.context import Context


def commander(ctx: Context, zone: str) -> str:
    """The commander (指挥长) of a war zone, as the town file names them; ``""`` for
    the total and unassigned rows."""
    return {z.name: z.commander for z in ctx.town.zones}.get(zone, "")


def with_commander(ctx: Context, table: pd.DataFrame, cols: Mapping[str, str]):
    """A by-zone table shown with its zones' commanders after the zone column.

    Parameters
    ----------
    ctx : Context
    table : DataFrame
        Has ``zone`` (codes) and no ``village`` column.
    cols : mapping
        Column -> header, with ``zone``.

    Returns
    -------
    (DataFrame, dict)
        The table with ``commander`` and the headers with 指挥长 after the zone's.
    """
    out = table.copy()
    out.insert(
        list(out.columns).index("zone") + 1, "commander", [commander(ctx, z) for z in table["zone"]]
    )
    headers = {}
    for key, header in cols.items():
        headers[key] = header
        if key == "zone":
            headers["commander"] = ctx.t("col.commander")
    return out, headers
