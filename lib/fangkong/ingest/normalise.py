"""Raw cells -> typed values, one column kind at a time.

Each normaliser takes a Series of raw cells (strings from CSV; strings, numbers
or datetimes from XLSX) and returns the typed Series and a Series of reason
codes (None where the cell is fine). Work is done once per distinct value,
since ledgers repeat the same villages, labels and dates on many rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from fangkong.catalogue import ENUMS, NO, YES, enum_lookup
from fangkong.ingest.identifiers import credit_code_problem, resident_id_problem
from fangkong.schemas import DTYPES, SET_SEPARATOR, TABLES
from fangkong.store.alerts import KEY_DIGITS

_SET_SPLIT = re.compile(r"[;；、,，]")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:[.,]\d{1,9})?)?\s*秒?)?$"
)
#: A date written without separators, 20200301: only year-month-day with a year of
#: 19xx or 20xx, so a day-first or month-first 01032020 (year 0103) never reads.
_COMPACT_DATE = re.compile(r"^((?:19|20)\d\d)(\d\d)(\d\d)(?=$|[\sT])")
_PHONE_PUNCTUATION = re.compile(r"[\s\-()]")
#: Mobile numbers: 11 digits, 13x to 19x. No network has 10x to 12x numbers (12x are
#: service numbers such as 12345 or 12306), so 12000000000 is a typing error.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3})-?(\d{7,8})$")
# Excel stores dates as days since 1899-12-30 (with the 1900 leap-year bug folded in).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def fold(value) -> str | None:
    """Cell -> trimmed text with full-width characters folded; None when blank."""
    if type(value) is str:
        # Most cells are text; ASCII text is already NFKC, so it only needs trimming.
        text = value if value.isascii() else unicodedata.normalize("NFKC", value)
        return text.strip() or None
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def is_blank(value) -> bool:
    """Whether a raw cell is missing: None, ``pd.NA`` or NaN (not empty text)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _per_unique(series: pd.Series, func) -> tuple[pd.Series, pd.Series]:
    """Apply ``func(raw) -> (value, problem)`` once per distinct raw value."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    results = [func(None if is_blank(raw) else raw) for raw in uniques] + [(None, None)]
    # code -1 (blank) picks the trailing (None, None)
    values = np.array([result[0] for result in results], dtype=object)[codes]
    problems = np.array([result[1] for result in results], dtype=object)[codes]
    return pd.Series(values, index=series.index), pd.Series(problems, index=series.index)


def _text(raw):
    return fold(raw), None


def _prose(raw):
    """Free text as written: trimmed, composed (NFC), Chinese punctuation kept.

    NFKC (:func:`fold`) would make a "，" a "," and a "；" a ";" in a sentence a
    village wrote; prose is read by people, never matched against anything.
    """
    if type(raw) is not str:
        return fold(raw), None
    text = unicodedata.normalize("NFC", raw).strip()
    return text or None, None


#: Dashes typed into an alert key, read as "-". NFKC (:func:`fold`) already makes the
#: full-width － and small ﹣ a "-" and the non-breaking ‑ a ‐; these it leaves.
_DASHES = str.maketrans(dict.fromkeys("‐‒–—―−", "-"))


_KEY = re.compile(r"^([A-Z]+)\s*-\s*(\d+)$")


def _alert_key(raw):
    """An alert key as the store gives it: ``q－0012 `` and ``Q-12`` read ``Q-0012``."""
    text = fold(raw)
    if text is None:
        return None, None
    key = text.translate(_DASHES).upper()
    parts = _KEY.match(key)
    if parts:  # a running number typed without its leading zeros
        key = f"{parts.group(1)}-{int(parts.group(2)):0{KEY_DIGITS}d}"
    return key, None


#: Columns read by a reader of their own rather than their kind's.
COLUMN_READERS = {
    ("alert_feedback", "alert_key"): _alert_key,
    ("alert_feedback", "action"): _prose,
    ("followup_calls", "needs"): _prose,
    ("welfare_visits", "needs_detail"): _prose,
    ("volunteer_services", "note"): _prose,
    ("patrols", "issues_detail"): _prose,
    ("farming", "needs_detail"): _prose,
}


def _id_number(raw):
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return None, "id_excel_number"
    text = fold(raw)
    if text is None:
        return None, None
    text = text.replace(" ", "").upper()
    return (None, problem) if (problem := resident_id_problem(text)) else (text, None)


def _phone(raw):
    text = fold(raw)
    if text is None:
        return None, None
    compact = _PHONE_PUNCTUATION.sub("", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    if _MOBILE.match(compact):
        return compact, None
    landline = _LANDLINE.match(text.replace(" ", "")) or _LANDLINE.match(compact)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}", None
    return None, "bad_phone"


def _uscc(raw):
    text = fold(raw)
    if text is None:
        return None, None
    text = text.replace(" ", "").upper()
    return (None, problem) if (problem := credit_code_problem(text)) else (text, None)


def _int(raw):
    if isinstance(raw, bool):
        return None, "bad_int"
    text = fold(raw)
    if text is None:
        return None, None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None, "bad_int"
    return (int(number), None) if number.is_integer() else (None, "bad_int")


def _float(raw):
    text = fold(raw)
    if text is None:
        return None, None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None, "bad_float"
    return (number, None) if np.isfinite(number) else (None, "bad_float")


def _when(raw, *, need_time: bool):
    code = "bad_datetime" if need_time else "bad_date"
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime(raw.year, raw.month, raw.day)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and 20000 < raw < 80000:
        value = _EXCEL_EPOCH + dt.timedelta(days=float(raw))
    else:
        text = fold(raw)
        if text is None:
            return None, None
        match = _DATE.match(_COMPACT_DATE.sub(r"\1-\2-\3", text))
        if not match:
            return None, code
        parts = [int(part) if part else 0 for part in match.groups()]
        if need_time and match.group(4) is None:
            return None, code
        try:
            value = dt.datetime(*parts)
        except ValueError:
            return None, code
    if need_time:
        return value.replace(microsecond=0), None
    return dt.datetime(value.year, value.month, value.day), None


def _yesno(raw):
    text = fold(raw)
    if text is None:
        return None, None
    key = text.casefold()
    if key in YES:
        return True, None
    if key in NO:
        return False, None
    return None, "bad_yesno"


def _enum_reader(enum: str):
    lookup = enum_lookup(enum)

    def read(raw):
        text = fold(raw)
        if text is None:
            return None, None
        code = lookup.get(text.casefold())
        return (code, None) if code else (None, "bad_enum")

    return read


def _set_reader(enum: str):
    lookup = enum_lookup(enum)
    order = {code: i for i, code in enumerate(ENUMS[enum])}

    def read(raw):
        text = fold(raw)
        if text is None:
            return None, None
        codes = set()
        for part in _SET_SPLIT.split(text):
            part = part.strip()
            if not part:
                continue
            code = lookup.get(part.casefold())
            if code is None:
                return None, "bad_enum"
            codes.add(code)
        if not codes:
            return None, None
        return SET_SEPARATOR.join(sorted(codes, key=order.get)), None

    return read


def reader(kind: str, enum: str | None = None):
    """The per-value reader of a column kind: ``raw -> (value, problem)``."""
    readers = {
        "text": _text,
        "id_number": _id_number,
        "phone": _phone,
        "uscc": _uscc,
        "int": _int,
        "float": _float,
        "date": lambda raw: _when(raw, need_time=False),
        "datetime": lambda raw: _when(raw, need_time=True),
        "yesno": _yesno,
    }
    if kind == "enum":
        return _enum_reader(enum)
    if kind == "set":
        return _set_reader(enum)
    return readers[kind]


def normalise_column(series: pd.Series, kind: str, enum: str | None = None, read=None):
    """Normalise one raw column.

    Parameters
    ----------
    series : pandas.Series
        Raw cells (object dtype); None for blank cells.
    kind : str
        Column kind from the schema metadata (see ``fangkong.schemas.DTYPES``).
    enum : str, optional
        The enumeration name for ``enum`` and ``set`` kinds.
    read : callable, optional
        ``raw -> (value, problem)`` in place of the kind's reader
        (:data:`COLUMN_READERS`).

    Returns
    -------
    values : pandas.Series
        Typed values with the kind's storage dtype.
    problems : pandas.Series
        Reason code per cell, None where the cell is fine.
    """
    values, problems = _per_unique(series.astype(object), read or reader(kind, enum))
    dtype = DTYPES[kind]
    if dtype.startswith("datetime64"):
        values = pd.to_datetime(values, errors="coerce").astype(dtype)
    else:
        values = values.astype(object).where(values.notna(), None).astype(dtype)
    return values, problems


def _empty(table: str, index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            column: pd.Series(
                pd.NA if "datetime" not in DTYPES[kind] else pd.NaT, index=index
            ).astype(DTYPES[kind])
            for column, kind in (
                (column, TABLES[table].meta(column)["kind"]) for column in TABLES[table].columns
            )
        },
        index=index,
    )


def normalise_sheet(sheet) -> tuple[pd.DataFrame, list[dict]]:
    """Normalise every column of a raw sheet.

    Parameters
    ----------
    sheet : fangkong.ingest.readers.RawSheet

    Returns
    -------
    typed : DataFrame
        Every schema column of the sheet's table, with its storage dtype
        (columns the file lacks are all missing), on the sheet's index.
    problems : list of dict
        ``row``, ``column`` and ``code`` of each cell that could not be read.
    """
    table = TABLES[sheet.table]
    typed = _empty(sheet.table, sheet.frame.index)
    problems = []
    for column in sheet.frame.columns:
        meta = table.meta(column)
        values, probs = normalise_column(
            sheet.frame[column],
            meta["kind"],
            meta["enum"],
            COLUMN_READERS.get((sheet.table, column)),
        )
        typed[column] = values
        for row in probs.index[probs.notna()]:
            problems.append({"row": row, "column": column, "code": probs[row]})
    return typed, problems
