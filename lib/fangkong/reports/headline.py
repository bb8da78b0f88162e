"""Headline cards: the day's figures with their change against D-1.

Whole numbers (:func:`headline_changes`) and measures, rates and areas
(:func:`measure_changes`): a rate's card says ``90.8%`` and its change in points
(``+3.2个百分点``), an area ``2,221亩`` and ``+17``. :func:`headline_section` draws
both as one row of cards, in the order of their labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from fangkong.reports.context import Context
from fangkong.reports.html import (
    Figure,
    Section,
    figures_html,
    fmt_change,
    fmt_int,
    fmt_quantity,
    fmt_rate,
)


def headline_changes(today: Mapping[str, int], previous: Mapping[str, int]) -> pd.DataFrame:
    """Headline figures with their change against the day before.

    Parameters
    ----------
    today, previous : mapping
        Figure name -> value on D and on D-1 (both computed from the store).

    Returns
    -------
    DataFrame
        Indexed by figure name, in the order of ``today``: ``value``,
        ``previous`` and ``change`` (Int64; empty where D-1 lacks the figure).
    """
    names = list(today)
    out = pd.DataFrame(
        {
            "value": pd.array([today[n] for n in names], dtype="Int64"),
            "previous": pd.array([previous.get(n) for n in names], dtype="Int64"),
        },
        index=pd.Index(names, name="figure"),
    )
    out["change"] = out["value"] - out["previous"]
    return out


#: Formats of headline measures (figures that are not whole numbers).
MEASURE_FORMATS = ("rate", "quantity")


def measure_changes(
    today: Mapping[str, float | None],
    previous: Mapping[str, float | None],
    formats: Mapping[str, str],
) -> pd.DataFrame:
    """Headline measures (rates, areas) with their change against the day before.

    Parameters
    ----------
    today, previous : mapping
        Measure name -> value on D and on D-1 (a share for a rate); None when
        it cannot be told (a rate over nothing).
    formats : mapping
        Measure name -> ``rate`` (a share, its change in percentage points as a
        share: 0.032 is 3.2 points) or ``quantity`` (an amount in its unit), in
        display order.

    Returns
    -------
    DataFrame
        Indexed by measure name: ``value``, ``previous`` (Float64, rates to 4
        decimals, quantities to 1), ``change`` (rates to 3 decimals: a tenth of a
        point; quantities to 1) and ``format``. A measure without
        a value on D (a rate over nothing, e.g. of a category without firms) is
        left out: it has nothing to tell.
    """
    names = [n for n in formats if today.get(n) is not None]
    # A rate to 4 decimals (90.82%), its change to a tenth of a point as the card
    # says it, so that "unchanged" is the same on the card, in the email and here.
    digits = [4 if formats[n] == "rate" else 1 for n in names]
    change_digits = [3 if formats[n] == "rate" else 1 for n in names]

    def rounded(values, places):
        return pd.array(
            [
                None if v is None or pd.isna(v) else round(float(v), d) + 0.0
                for v, d in zip(values, places)
            ],
            dtype="Float64",
        )

    now = [today[n] for n in names]
    before = [previous.get(n) for n in names]
    # The change of the values as computed, rounded once (not of the rounded values).
    moved = [None if b is None else float(a) - float(b) for a, b in zip(now, before)]
    out = pd.DataFrame(
        {
            "value": rounded(now, digits),
            "previous": rounded(before, digits),
            "change": rounded(moved, change_digits),
        },
        index=pd.Index(names, name="figure"),
    )
    out["format"] = [formats[n] for n in names]
    return out


def _measure_card(ctx: Context, label: str, row, unit: str) -> Figure:
    """A headline card of a rate (``90.8%``, ``+3.2个百分点``) or a quantity."""
    value, change = row["value"], row["change"]
    if row["format"] == "rate":
        shown = fmt_rate(value)
        if pd.isna(change):
            moved = ""
        else:  # unchanged says 0, as a whole number's card does
            moved = ctx.t("headline.pp", pp=f"{float(change) * 100:+.1f}") if change else "0"
        return Figure(label=label, value=shown, change=moved)
    if pd.isna(change):
        moved = ""
    else:
        moved = ("+" if change > 0 else "-" if change < 0 else "") + fmt_quantity(abs(change))
    return Figure(label=label, value=fmt_quantity(value), change=moved, unit=unit)


def headline_section(
    ctx: Context,
    changes: pd.DataFrame,
    labels: Mapping[str, str],
    narrative: str,
    alert_figures: Sequence[str] = (),
    units: Mapping[str, str] | None = None,
    measures: pd.DataFrame | None = None,
) -> Section:
    """Headline figures as cards, each with its unit and its change against D-1.

    Parameters
    ----------
    ctx : Context
    changes : DataFrame
        From :func:`headline_changes`.
    labels : mapping
        Figure name -> label, in display order; only these are shown.
    narrative : str
    alert_figures : sequence of str
        Figures shown in red when above zero.
    units : mapping, optional
        Figure name -> its unit (人, 户, 家), shown after the value.
    measures : DataFrame, optional
        From :func:`measure_changes`: rates and quantities, in the order of
        ``labels`` too; a label of neither table (a measure left out) shows no card.

    Returns
    -------
    Section
    """
    units = units or {}
    measures = measures if measures is not None else measure_changes({}, {}, {})
    cards = []
    for name, label in labels.items():
        if name in measures.index:
            cards.append(_measure_card(ctx, label, measures.loc[name], units.get(name, "")))
        elif name in changes.index:
            value = changes.loc[name, "value"]
            cards.append(
                Figure(
                    label=label,
                    value=fmt_int(value),
                    change=fmt_change(changes.loc[name, "change"]),
                    alert=name in alert_figures and bool(value > 0),
                    unit=units.get(name, ""),
                )
            )
    return Section(
        ctx.t("headline.title"),
        narrative,
        [figures_html(cards, ctx.t("headline.change"))],
        css_class="fk-headline",
    )
