"""Benchmark results: targets checked, written as ``results.json`` and ``results.md``."""

from __future__ import annotations

import json
from pathlib import Path

#: Targets of issue 7: (key, figure, target text, limit, unit).
TARGETS = (
    ("demo_ratio", "demo-town daily run / floor", "≤ 1.5×", 1.5, "×"),
    ("city_wall", "city-scale daily run, wall", "≤ 60 s", 60.0, "s"),
    ("city_peak", "city-scale daily run, peak memory", "≤ 4096 MB", 4096.0, "MB"),
    (
        "csv_rows_per_s",
        "ingest from CSV, a day's village files",
        "≥ 100,000 rows/s",
        100_000,
        "rows/s",
    ),
    (
        "csv_one_file",
        "ingest from CSV, a day in one file per table",
        "≥ 100,000 rows/s",
        100_000,
        "rows/s",
    ),
    (
        "csv_bulk",
        "ingest from CSV, every day in one file per table",
        "≥ 100,000 rows/s",
        100_000,
        "rows/s",
    ),
    ("email_body", "largest emailed HTML body", "≤ 100 KB", 100 * 1024, "bytes"),
)


def check_targets(results: dict) -> list[dict]:
    """Each target with the measured figure and whether it is met.

    Parameters
    ----------
    results : dict
        From :func:`fangkong.bench.run_bench` (parts not measured are skipped).

    Returns
    -------
    list of dict
        ``key``, ``figure``, ``target``, ``value``, ``unit`` and ``met``.
    """
    floor, city = results.get("floor") or {}, results.get("city") or {}
    values = {
        "demo_ratio": floor.get("ratio"),
        "city_wall": (city.get("daily") or {}).get("seconds", {}).get("median"),
        "city_peak": (city.get("daily") or {}).get("peak_mb", {}).get("median"),
        "csv_rows_per_s": _all_tables(city.get("tables") or [], "csv", "village files"),
        "csv_one_file": _all_tables(city.get("tables") or [], "csv", "one file per table"),
        "csv_bulk": _all_tables(city.get("tables") or [], "csv", "every day, one file per table"),
        "email_body": max(
            (size.get("email_html_body_bytes", 0) for size in (city.get("sizes") or {}).values()),
            default=None,
        ),
    }
    out = []
    for key, figure, target, limit, unit in TARGETS:
        value = values[key]
        if value is None:
            continue
        met = value >= limit if unit == "rows/s" else value <= limit
        out.append(
            {"key": key, "figure": figure, "target": target, "value": value, "unit": unit,
             "met": bool(met)}
        )  # fmt: skip
    return out


#: The table name of a whole day's figures (see :mod:`fangkong.bench.city`).
WHOLE_DAY = "whole day, one call"


def _all_tables(tables: list[dict], fmt: str, layout: str):
    """Rows/s of the whole day in one call, else of all tables' calls added up."""
    found = {figures.get("table"): figures.get("rows_per_s") for figures in tables
             if (figures.get("format"), figures.get("layout")) == (fmt, layout)}  # fmt: skip
    return found.get(WHOLE_DAY, found.get("all"))


def spread(stat: dict | None, unit: str = "s") -> str:
    """``median (min–max) unit`` of a :func:`fangkong.bench.measure.stat`."""
    if not stat:
        return "–"
    return f"{stat['median']:g} {unit} ({stat['min']:g}–{stat['max']:g}, n={len(stat['runs'])})"


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _kb(size) -> str:
    return "–" if size is None else f"{size / 1024:,.1f} KB"


def markdown(results: dict) -> str:
    """The results as a Markdown page (what ``results.md`` holds).

    Parameters
    ----------
    results : dict

    Returns
    -------
    str
    """
    machine, versions, settings = results["machine"], results["versions"], results["settings"]
    lines = [
        "# fangkong benchmarks",
        "",
        f"Run {results['started_at']} ({results['seconds']:.0f} s in all); "
        f"settings: {', '.join(f'{key}={value}' for key, value in settings.items())}.",
        "",
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gb']} GB "
        f"memory, {machine['system']}, Python {machine['python']}; load average at the start "
        f"{machine['load_average']}.",
        "",
        "Versions: "
        + ", ".join(f"{name} {version}" for name, version in versions.items() if version)
        + ".",
        "Not installed: "
        + (", ".join(name for name, version in versions.items() if not version) or "none")
        + ".",
        "",
        "Each time is the median of the runs, with (min–max, number of runs).",
        "",
    ]
    targets = results.get("targets") or []
    if targets:
        lines += ["## Targets", ""]
        rows = [
            [
                target["figure"],
                target["target"],
                _value(target),
                "yes" if target["met"] else "NO",
            ]
            for target in targets
        ]
        lines += _table(["figure", "target", "measured", "met"], rows)
    floor = results.get("floor")
    if floor:
        lines += [
            f"## Demo town ({floor['town']}, {floor['day']}): reports against their floor",
            "",
        ]
        rows = [
            ["floor: 3 trivial notebooks", spread(floor["floor"])],
            ["3 real reports", spread(floor["reports"])],
            ["ratio (medians)", f"{floor['ratio']:.2f}×"],
        ]
        lines += _table(["run (runner, process pool)", "wall time"], rows)
        lines += _per_report(floor.get("per_report") or {})
    city = results.get("city")
    if city:
        lines += _city(city)
    return "\n".join(lines).rstrip() + "\n"


def _per_report(per_report: dict) -> list[str]:
    if not per_report:
        return []
    rows = []
    for name, figures in per_report.items():
        cells = ", ".join(
            f"{cell['cell']} {cell['seconds']:g} s" for cell in figures.get("slowest_cells", [])
        )
        rows.append(
            [name, spread(figures.get("floor")), spread(figures.get("report")), cells or "–"]
        )
    header = ["report", "floor job", "real job", "slowest cells of the real run (last run)"]
    return _table(header, rows)


def _city(city: dict) -> list[str]:
    lines = [
        f"## City scale: ×{city['scale']}, {city['days']} days, "
        f"{city['villages']} villages, population {city['population']:,}",
        "",
        f"Sample data written in {city['sample_seconds']:g} s"
        + (" (reused from an earlier run)" if city.get("sample_reused") else "")
        + f": {city['sample_files']:,} files, {city['sample_mb']:,.0f} MB.",
        "",
    ]
    whole = city.get("ingest_all")
    if whole:
        lines += [
            f"Ingest of every day as generated (mixed CSV and XLSX): {whole['rows']:,} rows "
            f"in {whole['files']:,} files, {whole['seconds']:g} s, "
            f"{whole['rows_per_s']:,} rows/s.",
            "",
        ]
    tables = city.get("tables") or []
    for layout, where in (
        ("village files", city.get("format_days", "")),
        ("one file per table", f"last day {city.get('day')}, every village's rows of a table"),
        (
            "every day, one file per table",
            f"all {city.get('days')} days submitted on {city.get('day')} into an empty store; "
            "registries, ledger and gas requests: each key's last row",
        ),
    ):
        mine = [figures for figures in tables if figures.get("layout") == layout]
        if not mine:
            continue
        lines += [f"### Ingest throughput per table: {layout} ({where})", ""]
        floor = city.get("insert_floor")
        if layout == "every day, one file per table" and floor:
            lines += [
                f"SQLite alone, the same {floor['rows']:,} stored rows inserted again with "
                f"`executemany` into an empty store of the same schema: {floor['seconds']:g} s, "
                f"**{floor['rows_per_s']:,} rows/s**. No ingest can be faster on this machine.",
                "",
            ]
        by_key = {(figures["table"], figures["format"]): figures for figures in mine}
        rows = []
        for name in dict.fromkeys(figures["table"] for figures in mine):
            row = [f"**{name}**" if name in ("all", WHOLE_DAY) else name]
            for fmt in ("csv", "xlsx"):
                figures = by_key.get((name, fmt))
                cells = (
                    [f"{figures['files']:,}", f"{figures['rows']:,}", f"{figures['seconds']:g}"]
                    if figures
                    else []
                )
                row += cells + [f"{figures['rows_per_s']:,}"] if figures else ["–"] * 4
            rows.append(row)
        header = ["table", "CSV files", "CSV rows", "CSV s", "CSV rows/s"]
        header += ["XLSX files", "XLSX rows", "XLSX s", "XLSX rows/s"]
        lines += _table(header, rows)
    daily = city.get("daily")
    if daily:
        lines += [f"### Daily run ({city['day']}, `run_daily`, unsent, in a child process)", ""]
        lines += _table(
            ["figure", "value"],
            [
                ["wall time", spread(daily["seconds"])],
                ["peak memory, all processes (sampled RSS sum)", spread(daily["peak_mb"], "MB")],
            ],
        )
        lines += _per_report(daily.get("per_report") or {})
    sizes = city.get("sizes")
    if sizes:
        lines += ["### Sizes", ""]
        rows = [
            [
                name,
                _kb(size.get("html_bytes")),
                _kb(size.get("eml_bytes")),
                _kb(size.get("email_html_body_bytes")),
                _kb(size.get("email_attachment_bytes")),
            ]
            for name, size in sizes.items()
        ]
        header = ["report", "report HTML", "email (.eml)", "email HTML body", "attachment"]
        lines += _table(header, rows)
    return lines


def write_results(results: dict, outdir: Path) -> tuple[Path, Path]:
    """Write ``results.json`` and ``results.md`` into ``outdir``.

    Parameters
    ----------
    results : dict
    outdir : Path

    Returns
    -------
    (Path, Path)
        The JSON and Markdown files.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    as_json, as_markdown = outdir / "results.json", outdir / "results.md"
    as_json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    as_markdown.write_text(markdown(results), encoding="utf-8")
    return as_json, as_markdown


def _value(target: dict) -> str:
    unit = target["unit"]
    return f"{target['value']:,.6g}{'' if unit == '×' else ' '}{unit}"
