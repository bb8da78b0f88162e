"""XLSX input templates: one workbook per table for village cadres to fill in.

Each workbook has a data sheet named by the table's Chinese name (bold, frozen
Chinese headers, one example row, drop-down lists for enumerations, yes/no and
villages, date and text number formats) and an instructions sheet (说明) giving
each column's header, type and rule in Chinese.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fangkong.catalogue import ENUMS, TEMPLATE_LABELS, YESNO_LABELS
from fangkong.ingest.examples import (  # noqa: F401 (the example IDs, where they were)
    EXAMPLE_CREDIT_CODE,
    EXAMPLE_HEAD_ID,
    EXAMPLE_PERSON_ID,
    STYLE,
    examples,
)
from fangkong.ingest.xlsx_writer import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    TEXT_FORMAT,
    TEXT_KINDS,
    render,
    save_workbook_fixed,
)
from fangkong.schemas import TABLES
from fangkong.town import Town

#: Rows 2..MAX_ROW of a data sheet carry the drop-down lists.
MAX_ROW = 2000
#: Excel limits an inline list formula to 255 characters; longer lists go on a sheet.
_INLINE_LIST_MAX = 255
_WHEN = dt.datetime(2020, 1, 1)
_DEFAULT_VILLAGE = "槐林村"  # the one village the source article names
_DEFAULT_QUARANTINE_DAYS = 14


def _text(key: str, *args, lang: str = "zh") -> str:
    text = TEMPLATE_LABELS[key][0 if lang == "zh" else 1]
    return text.format(*args) if args else text


def _bounds(table: str, column: str) -> tuple[float | None, float | None]:
    lo = hi = None
    for check in TABLES[table].schema.columns[column].checks:
        stats = check.statistics or {}
        lo = stats.get("min_value", lo)
        hi = stats.get("max_value", hi)
    return lo, hi


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def column_rule(table: str, column: str, quarantine_days: int = _DEFAULT_QUARANTINE_DAYS) -> str:
    """The Chinese rule of one column, as the instructions sheet states it.

    Parameters
    ----------
    table, column : str
        Table and column names in ``TABLES``.
    quarantine_days : int
        The town's planned quarantine length (for the end date rule).

    Returns
    -------
    str
        Rule phrases joined by "；".
    """
    spec = TABLES[table]
    meta = spec.meta(column)
    kind = meta["kind"]
    parts = [_text("rule.required" if meta["required"] else "rule.optional")]
    if column in spec.key and spec.role == "registry":
        parts.append(_text("rule.unique"))
    if kind in ("id_number", "phone", "uscc", "date", "datetime", "yesno"):
        parts.append(_text(f"rule.{kind}"))
    if kind in ("enum", "set"):
        choices = "、".join(zh for zh, _ in ENUMS[meta["enum"]].values())
        parts.append(_text("rule.choices" if kind == "enum" else "rule.set_choices", choices))
    lo, hi = _bounds(table, column)
    if lo is not None and hi is not None:
        parts.append(_text("rule.range", _number(lo), _number(hi)))
    elif lo is not None:
        parts.append(_text("rule.min", _number(lo)))
    if column == "village":
        parts.append(_text("rule.village"))
    shared = {
        ("health_checks", "person_id"): "rule.person_in_ledger",
        ("disinfections", "person_id"): "rule.person_in_ledger",
        ("followup_calls", "person_id"): "rule.person_in_ledger",
        ("welfare_visits", "household_id"): "rule.household_registered",
        ("enterprise_status", "enterprise_id"): "rule.enterprise_registered",
        ("households", "status"): "rule.registry_status",
        ("enterprises", "status"): "rule.registry_status",
        ("checkpoints", "status"): "rule.registry_status",
        ("checkpoint_duty", "checkpoint_id"): "rule.checkpoint_registered",
    }
    key = shared.get((table, column), f"rule.{table}.{column}")
    if key in TEMPLATE_LABELS:
        parts.append(_text(key, quarantine_days) if "{}" in TEMPLATE_LABELS[key][0] else _text(key))
    return "；".join(parts)


def _list_validation(sheet, letter: str, formula: str, *, strict: bool, prompt: str) -> None:
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=strict,
        showInputMessage=True,
        prompt=prompt[:255],
        error=_text("rule.choices", "") if strict else None,
    )
    validation.add(f"{letter}2:{letter}{MAX_ROW}")
    sheet.add_data_validation(validation)


def _village_formula(workbook: Workbook, town: Town) -> str:
    names = town.village_names
    inline = '"' + ",".join(names) + '"'
    if len(inline) <= _INLINE_LIST_MAX:
        return inline
    lists = workbook.create_sheet(_text("lists_sheet"))
    for i, name in enumerate(names, start=1):
        lists.cell(row=i, column=1, value=name)
    lists.sheet_state = "hidden"
    return f"'{lists.title}'!$A$1:$A${len(names)}"


def _data_sheet(workbook: Workbook, table: str, town: Town | None) -> None:
    spec = TABLES[table]
    sheet = workbook.active
    sheet.title = spec.zh
    village = town.village_names[0] if town else _DEFAULT_VILLAGE
    example = examples(village)[table]
    bold = Font(bold=True)
    village_formula = _village_formula(workbook, town) if town else None
    for i, column in enumerate(spec.columns, start=1):
        meta = spec.meta(column)
        kind, letter = meta["kind"], get_column_letter(i)
        head = sheet.cell(row=1, column=i, value=meta["zh"])
        head.font = bold
        sheet.column_dimensions[letter].width = max(12, 2.2 * len(meta["zh"]) + 2)
        value = render(example.get(column), kind, meta["enum"], STYLE)
        cell = sheet.cell(row=2, column=i, value=value)
        number_format = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(kind)
        if kind in TEXT_KINDS:
            number_format = TEXT_FORMAT
        if number_format:
            # The column style makes cells typed later take the format too.
            sheet.column_dimensions[letter].number_format = number_format
            cell.number_format = number_format
        prompt = column_rule(table, column)
        if kind in ("enum", "set"):
            labels = ",".join(zh for zh, _ in ENUMS[meta["enum"]].values())
            _list_validation(sheet, letter, f'"{labels}"', strict=kind == "enum", prompt=prompt)
        elif kind == "yesno":
            labels = f'"{YESNO_LABELS[True][0]},{YESNO_LABELS[False][0]}"'
            _list_validation(sheet, letter, labels, strict=True, prompt=prompt)
        elif column == "village" and village_formula:
            _list_validation(sheet, letter, village_formula, strict=True, prompt=prompt)
    sheet.freeze_panes = "A2"


def _instructions_sheet(workbook: Workbook, table: str, town: Town | None) -> None:
    spec = TABLES[table]
    days = town.policy.quarantine_days if town else _DEFAULT_QUARANTINE_DAYS
    sheet = workbook.create_sheet(_text("instructions_sheet"))
    sheet.cell(row=1, column=1, value=_text("title", spec.zh)).font = Font(bold=True, size=14)
    for row, key in enumerate(("note_header", "note_one_row", "note_text_ids"), start=2):
        sheet.cell(row=row, column=1, value=_text(key))
    top = 6
    for i, key in enumerate(("col_header", "col_name", "col_kind", "col_rule"), start=1):
        sheet.cell(row=top, column=i, value=_text(key)).font = Font(bold=True)
    for row, column in enumerate(spec.columns, start=top + 1):
        meta = spec.meta(column)
        sheet.cell(row=row, column=1, value=meta["zh"])
        sheet.cell(row=row, column=2, value=column)
        sheet.cell(row=row, column=3, value=_text(f"kind.{meta['kind']}"))
        rule = sheet.cell(row=row, column=4, value=column_rule(table, column, days))
        rule.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (18, 22, 16, 70)):
        sheet.column_dimensions[letter].width = width


def write_template(table: str, path: str | Path, town: Town | None = None) -> Path:
    """Write the XLSX input template of one table.

    Parameters
    ----------
    table : str
        Table name in ``TABLES``.
    path : str or Path
        Target file.
    town : Town, optional
        When given, village columns get a drop-down of the town's villages and
        the example row uses its first village.

    Returns
    -------
    Path
    """
    path = Path(path)
    workbook = Workbook()
    _data_sheet(workbook, table, town)
    _instructions_sheet(workbook, table, town)
    save_workbook_fixed(workbook, path, _WHEN)
    return path


def write_templates(outdir: str | Path, town: Town | None = None) -> list[Path]:
    """Write one XLSX template per table of ``TABLES`` into ``outdir``.

    Parameters
    ----------
    outdir : str or Path
        Folder to write into (created if missing); files are ``<table>.xlsx``.
    town : Town, optional
        The town whose villages fill the village drop-down lists.

    Returns
    -------
    list of Path
        The written files, in the order of ``TABLES``.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return [write_template(name, outdir / f"{name}.xlsx", town) for name in TABLES]
