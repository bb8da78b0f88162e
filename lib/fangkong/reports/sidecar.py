"""The machine-readable sidecar of a report.

A report notebook's last cell displays it under :data:`SIDECAR_MIME`, for the
runner to take (so the notebook writes no file and runs without side effects in
JupyterLab); the HTML page drops that cell.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from fangkong import __version__
from fangkong.reports.breakdown import as_day, json_number
from fangkong.reports.context import Context

#: MIME type of the sidecar output of a report notebook.
SIDECAR_MIME = "application/vnd.fangkong.sidecar+json"
#: Version of the sidecar's layout, for its readers.
SIDECAR_VERSION = 3
#: The JSON Schema every sidecar meets (see :mod:`fangkong.registry`).
SCHEMA_FILE = "sidecar.schema.json"


def sidecar(
    ctx: Context,
    changes: pd.DataFrame,
    alerts: Mapping[str, int],
    quality: dict,
    *,
    figures: Mapping,
    zones: list[dict],
    trend: list[dict],
    alert_items: list[dict],
    extra: Mapping | None = None,
    paragraph: Mapping | None = None,
    followup: Mapping | None = None,
    streaks: Mapping | None = None,
    measures: pd.DataFrame | None = None,
) -> dict:
    """The machine-readable summary of a report, one shape for every report.

    Parameters
    ----------
    ctx : Context
    changes : DataFrame
        From :func:`fangkong.reports.headline.headline_changes`.
    alerts : mapping
        Alert kind -> count.
    quality : dict
        From :func:`fangkong.reports.sections.data_quality`.
    figures : mapping
        Every figure of the day, name -> JSON-ready number (or bool, or None).
    zones : list of dict
        Figures by war zone, one record per row with ``zone`` (a code) first;
        the town total is the row whose zone is ``total``.
    trend : list of dict
        The daily series, one record per row with ``date`` (YYYY-MM-DD) first.
    alert_items : list of dict
        Every alert, ``kind`` and ``zone`` as codes, values as text, masked.
    extra : mapping, optional
        JSON-ready entries only this report has.
    paragraph : mapping, optional
        The day's paragraph: ``text`` and ``numbers``, each number with its
        place in the text, its sidecar fields and rule
        (:mod:`fangkong.reports.paragraph`).
    followup : mapping, optional
        The follow-up of alerts (:func:`fangkong.reports.followup_section.followup_record`).
    streaks : mapping, optional
        Runs of days the paragraph names, e.g. days in a row without a fever alert.
    measures : DataFrame, optional
        From :func:`fangkong.reports.headline.measure_changes`: headline rates and
        quantities, in ``headline`` after the whole numbers with their ``format``.

    Returns
    -------
    dict
        JSON-ready, described by ``sidecar.schema.json``: report, town, dates,
        version, ``headline`` (figure -> value, previous, change), ``figures``,
        ``alerts`` (kind -> count), ``alerts_total``, ``alert_items``,
        ``zones``, ``trend``, ``data_quality`` (counts), ``extra``, ``policy``
        (the town's policy), ``paragraph``, ``followup`` and ``streaks``.
    """
    headline = {
        name: {k: _whole(row[k]) for k in ("value", "previous", "change")}
        for name, row in changes.iterrows()
    }
    for name, row in (measures if measures is not None else pd.DataFrame()).iterrows():
        headline[name] = {k: json_number(row[k]) for k in ("value", "previous", "change")}
        headline[name]["format"] = row["format"]
    return {
        "sidecar_version": SIDECAR_VERSION,
        "report": ctx.report,
        "town_id": ctx.town.id,
        "town": ctx.town.name,
        "report_date": as_day(ctx.day).strftime("%Y-%m-%d"),
        "data_as_of": None if ctx.data_as_of is None else pd.Timestamp(ctx.data_as_of).isoformat(),
        "generated_at": pd.Timestamp(ctx.generated_at).isoformat(),
        "version": __version__,
        "lang": ctx.lang,
        "masked": ctx.mask_pii,
        "headline": headline,
        "figures": dict(figures),
        "alerts": {k: int(v) for k, v in alerts.items()},
        "alerts_total": int(sum(alerts.values())),
        "alert_items": list(alert_items),
        "zones": list(zones),
        "trend": list(trend),
        "data_quality": quality_record(quality),
        "extra": dict(extra or {}),
        "policy": ctx.town.policy.model_dump(),
        "paragraph": dict(paragraph or {"text": "", "numbers": []}),
        "followup": dict(followup or {}),
        "streaks": dict(streaks or {}),
    }


def quality_record(quality: dict) -> dict:
    """The data quality of :func:`fangkong.reports.sections.data_quality` as the sidecar
    keeps it: counts, and rows by reason code."""
    return {
        "missing_submissions": int(quality["missing_count"]),
        "villages_missing": int(quality["villages_missing"]),
        "rejected_rows": int(quality["rejected_rows"]),
        "warning_rows": int(quality["warning_rows"]),
        "rejected_by_reason": _reason_counts(quality["rejected"]),
        "warnings_by_reason": _reason_counts(quality["warnings"]),
    }


def _reason_counts(counts: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.groupby("code")["rows"].sum().items()}


def _whole(value):
    return None if pd.isna(value) else int(value)


class Sidecar:
    """Displays a sidecar in a notebook as :data:`SIDECAR_MIME` JSON.

    The runner takes it from the executed notebook; the HTML drops the cell.
    """

    def __init__(self, payload: dict):
        self.payload = payload

    def _repr_mimebundle_(self, include=None, exclude=None):
        summary = f"{self.payload['report']} sidecar: {len(self.payload['headline'])} figures"
        return {SIDECAR_MIME: self.payload, "text/plain": summary}
