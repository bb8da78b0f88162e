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
from fangkong.ingest.xlsx_writer import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    TEXT_FORMAT,
    TEXT_KINDS,
    Style,
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
_STYLE = Style(fmt="xlsx", dates="cell", yesno="zh", enums="zh", set_sep="、")
_DEFAULT_VILLAGE = "槐林村"  # the one village the source article names
_DEFAULT_QUARANTINE_DAYS = 14
#: The example rows' resident IDs (a man born 1986-05-12, a woman born
#: 1948-09-03) and credit code, all registered in 荥阳市 (410182).
EXAMPLE_PERSON_ID = "410182198605125395"
EXAMPLE_HEAD_ID = "410182194809030322"
EXAMPLE_CREDIT_CODE = "91410182MALRB60P08"


def _text(key: str, *args, lang: str = "zh") -> str:
    text = TEMPLATE_LABELS[key][0 if lang == "zh" else 1]
    return text.format(*args) if args else text


def _examples(village: str) -> dict[str, dict]:
    """One plausible, valid example row per table (canonical values)."""
    person_id, firm = EXAMPLE_PERSON_ID, EXAMPLE_CREDIT_CODE
    day = dt.date(2020, 2, 21)
    at = dt.datetime(2020, 2, 21, 8, 30)
    return {
        "households": dict(
            household_id="H0010001",
            village=village,
            head_name="李秀英",
            head_id_number=EXAMPLE_HEAD_ID,
            phone="0371-64561234",
            categories=("subsistence", "elderly"),
            members=2,
            address=f"{village}三组12号",
            cadre="王建国",
            status="active",
        ),
        "enterprises": dict(
            enterprise_id=firm,
            name="示例建材有限公司",
            village=village,
            category="above_size",
            staff_total=120,
            contact="赵强",
            phone="13838112233",
            prevention_officer="孙明",
            status="active",
        ),
        "quarantine": dict(
            person_id=person_id,
            name="张伟",
            sex="male",
            phone="13903712345",
            village=village,
            address=f"{village}五组8号",
            reason="risk_area_return",
            origin="湖北省武汉市",
            start_date=dt.date(2020, 2, 20),
            end_date=dt.date(2020, 3, 5),
            status="quarantined",
            police="刘警官",
            doctor="陈医生",
            town_staff="周干部",
            village_cadre="吴支书",
        ),
        "health_checks": dict(
            person_id=person_id,
            checked_at=at,
            temperature_c=36.5,
            symptoms=("none",),
            checked_by="陈医生",
        ),
        "disinfections": dict(person_id=person_id, done_at=at.replace(hour=10), done_by="郑卫东"),
        "followup_calls": dict(
            person_id=person_id,
            called_at=at.replace(hour=15),
            reached=True,
            mood="stable",
            needs="需要代购蔬菜",
            caller="镇办公室小马",
        ),
        "welfare_visits": dict(
            household_id="H0010001",
            visited_on=day,
            visitor="王建国",
            needs=("supplies",),
            needs_detail="需要米面油",
            resolved=True,
        ),
        "gas_requests": dict(
            request_id="G001-20200221-01",
            village=village,
            household_id="H0010001",
            contact_name="李秀英",
            phone="13700371234",
            cylinders=1,
            urgency="urgent",
            reported_at=at,
            delivered_at=at.replace(hour=14, minute=10),
        ),
        "produce": dict(
            date=day,
            village=village,
            product="大蒜",
            stock_kg=12000.0,
            sold_kg=800.0,
            demand_kg=1000.0,
            channel="超市对接",
        ),
        "volunteer_services": dict(
            date=day,
            village=village,
            service="shuttle",
            served=12,
            volunteers=2,
            note="爱心专车送岗",
        ),
        "donations": dict(
            date=day, donor="爱心企业", kind="money", amount_yuan=10000.0, village=village
        ),
        "enterprise_status": dict(
            enterprise_id=firm,
            date=day,
            resumed=True,
            resumed_on=dt.date(2020, 2, 18),
            staff_on_site=80,
            returned_from_outside=12,
            in_quarantine=0,
            masks=600,
            disinfectant_l=50.0,
            officer_on_duty=True,
            disinfected=True,
            health_checkin=True,
            filed_online=True,
        ),
    }


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
    example = _examples(village)[table]
    bold = Font(bold=True)
    village_formula = _village_formula(workbook, town) if town else None
    for i, column in enumerate(spec.columns, start=1):
        meta = spec.meta(column)
        kind, letter = meta["kind"], get_column_letter(i)
        head = sheet.cell(row=1, column=i, value=meta["zh"])
        head.font = bold
        sheet.column_dimensions[letter].width = max(12, 2.2 * len(meta["zh"]) + 2)
        value = render(example.get(column), kind, meta["enum"], _STYLE)
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
