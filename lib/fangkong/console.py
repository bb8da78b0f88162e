"""Plain-text tables for the terminal and for cron's mail."""

from __future__ import annotations

import unicodedata

import pandas as pd


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(frame: pd.DataFrame, max_rows: int = 20, max_cell: int = 60) -> str:
    """Render a frame as an aligned text table that accounts for wide CJK glyphs.

    Parameters
    ----------
    frame : pandas.DataFrame
    max_rows : int
        Rows shown; a last line says how many were left out.
    max_cell : int
        Cells longer than this are cut with an ellipsis.

    Returns
    -------
    str
    """
    shown = frame.head(max_rows)

    def cell(v) -> str:
        text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
        return text if len(text) <= max_cell else text[: max_cell - 1] + "…"

    rows = [[str(c) for c in shown.columns]] + [
        [cell(v) for v in r] for r in shown.itertuples(index=False)
    ]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(shown.columns))]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]

    def line(r):
        parts = []
        for text, w, num in zip(r, widths, numeric):
            pad = " " * (w - _width(text))
            parts.append(pad + text if num else text + pad)
        return "  ".join(parts).rstrip()

    out = [line(rows[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in rows[1:]]
    if len(frame) > max_rows:
        out.append(f"... {len(frame) - max_rows} more")
    return "\n".join(out)
