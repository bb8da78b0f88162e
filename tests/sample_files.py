"""Sample files read back independently of the generator: openpyxl, the csv module
and the contract's rules, for the sample tests.

TOWN, END, DAYS and SEED are those of the shared sample (tests/conftest.py,
``demo_sample``).
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path

from fangkong.catalogue import ENUMS
from fangkong.schemas import TABLES
from fangkong.town import load_town
from repo_paths import DEMO_TOWN_FILE
from stdnum.cn import ric, uscc

TOWN = load_town(DEMO_TOWN_FILE)
END = dt.date(2020, 3, 10)
DAYS = 4
SEED = 7

_HEADERS = {
    name: {**{t.meta(c)["zh"]: c for c in t.columns}, **{c: c for c in t.columns}}
    for name, t in TABLES.items()
}

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?: (\d{2}):(\d{2}))?$")

_YES = {"是", "y", "yes", "√"}

_NO = {"否", "n", "no", "×"}


# -- reading files back, independently of the generator ------------------------------


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    """Header row and rows (column -> raw cell) of a sample file."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gbk")
        rows = [[c if c != "" else None for c in r] for r in csv.reader(io.StringIO(text))]
    table = path.stem.split("_", 1)[1]
    columns = [_HEADERS[table][h] for h in rows[0]]
    # Read-only openpyxl drops trailing empty cells of a row.
    return rows[0], [dict(zip(columns, r + [None] * (len(columns) - len(r)))) for r in rows[1:]]


def parse_when(value):
    """A date or datetime as the contract accepts it, or None."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return dt.datetime(*(int(g) for g in match.groups() if g is not None))
    except ValueError:
        return None


def code(enum, value):
    for key, (zh, en) in ENUMS[enum].items():
        if value in (key, zh, en):
            return key
    return None


def yes(value):
    text = str(value).strip().lower()
    assert text in _YES | _NO, value
    return text in _YES


def id_ok(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        ric.get_birth_date(value)
    except Exception:
        return False
    return ric.calc_check_digit(value) == value[-1]


def phone_ok(value) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    return bool(re.fullmatch(r"1\d{10}", digits) or re.fullmatch(r"0\d{2,3}-\d{7,8}", value))


def _defect_cells(manifest, severity=None):
    return {
        (f.path, d["row"], d["column"]): d
        for f in manifest.files
        for d in f.defects
        if severity is None or d["severity"] == severity
    }


def _by_table(manifest, table):
    return [f for f in manifest.files if f.table == table]


# -- the article's figures and the demo town's shape ----------------------------------


def _registry(manifest, tables):
    firms = {}
    for f in sorted(_by_table(manifest, "enterprises"), key=lambda f: f.day):
        for row in tables[f.path][1]:
            if uscc.is_valid(str(row["enterprise_id"])):
                firms[row["enterprise_id"]] = row
    return firms


def _ledger_as_of(manifest, tables, day):
    """Village -> rows of its latest ledger file on or before ``day``."""
    latest = {}
    for f in sorted(_by_table(manifest, "quarantine"), key=lambda f: f.day):
        if f.day <= day:
            latest[f.village] = tables[f.path][1]
    return [r for rows in latest.values() for r in rows]
