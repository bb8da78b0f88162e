"""Masking personal data in everything that leaves the machine.

The emailed reports show names as ``张*``, resident ID numbers as
``410182********1234`` and mobile numbers as ``138****5678`` (reports.md).
Free text typed by villages can hold an ID or a phone number too, so text
columns are scrubbed of anything that looks like one.
"""

from __future__ import annotations

import re

import pandas as pd

from fangkong.schemas import NAME_COLUMNS, TABLES

_MOBILE = re.compile(r"^1\d{10}$")
# Digit runs are bounded on both sides so that the tail of a longer number is not
# taken for a phone; separators inside a mobile are what people type (138 1234 5678).
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1\d{2})[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
# A landline with its area code (0371-66661234): what the phone columns hold too.
_LANDLINE_IN_TEXT = re.compile(r"(?<![\d-])(0\d{2,3})-(\d{3,4})(\d{4})(?![\d-])")


def mask_name(name):
    """Mask a person's name, keeping the first character: 张三 -> 张*.

    Parameters
    ----------
    name : str or None

    Returns
    -------
    str or None
        One ``*`` per hidden character; a one-character name becomes ``*``.
        Missing values stay missing.
    """
    if _missing(name):
        return name
    name = str(name).strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_id(value):
    """Mask a resident ID number: 410182199001011234 -> 410182********1234.

    Parameters
    ----------
    value : str or None

    Returns
    -------
    str or None
        The first six (region) and last four characters stay; anything too short
        to keep both is hidden entirely.
    """
    if _missing(value):
        return value
    value = str(value).strip()
    if len(value) < 12:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value):
    """Mask a phone number: 13812345678 -> 138****5678, 0371-12345678 -> 0371-****5678.

    Parameters
    ----------
    value : str or None

    Returns
    -------
    str or None
        Mobiles keep their first three and last four digits; other numbers keep
        their area code (what precedes a dash) and last four digits.
    """
    if _missing(value):
        return value
    value = str(value).strip()
    digits = re.sub(r"[ -]", "", value)
    if _MOBILE.match(digits):
        return digits[:3] + "****" + digits[-4:]
    head, sep, tail = value.rpartition("-")
    if not sep:
        head, tail = "", value
    if len(tail) <= 4:
        return head + sep + "*" * len(tail)
    return head + sep + "*" * (len(tail) - 4) + tail[-4:]


def scrub_text(text):
    """Mask every ID number, mobile number and landline (with its area code) in free text.

    Parameters
    ----------
    text : str or None

    Returns
    -------
    str or None
        Anything that is not a string is returned unchanged.
    """
    if not isinstance(text, str):
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), text)
    text = _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE_IN_TEXT.sub(
        lambda m: f"{m.group(1)}-{'*' * len(m.group(2))}{m.group(3)}", text
    )


def _columns_of_kind(*kinds: str) -> frozenset[str]:
    return frozenset(c for t in TABLES.values() for c in t.kind_columns(*kinds))


#: Column names that hold ID numbers, phones or people's names in any table.
ID_COLUMNS = _columns_of_kind("id_number")
PHONE_COLUMNS = _columns_of_kind("phone")
PERSON_NAME_COLUMNS = frozenset(NAME_COLUMNS)
#: Firms' credit codes: public, and 18 characters that may all be digits like an ID.
CODE_COLUMNS = _columns_of_kind("uscc")


def mask_value(column: str, value):
    """Mask one cell by the kind of its column, as :func:`mask_frame` would.

    Parameters
    ----------
    column : str
        The column's English name (``person_id``, ``phone``, ``name``, ...).
    value : object

    Returns
    -------
    object
        The masked value; other columns' text scrubbed of ID and mobile numbers.
    """
    if column in ID_COLUMNS:
        return mask_id(value)
    if column in PHONE_COLUMNS:
        return mask_phone(value)
    if column in PERSON_NAME_COLUMNS:
        return mask_name(value)
    if column in CODE_COLUMNS:
        return value
    return scrub_text(value)


def mask_frame(frame: pd.DataFrame, enabled: bool = True) -> pd.DataFrame:
    """Mask the personal data of a frame about to be shown or written.

    Parameters
    ----------
    frame : DataFrame
        Any frame; columns are recognised by name (``person_id``, ``phone``,
        ``name``, ... as in :data:`fangkong.schemas.TABLES`).
    enabled : bool
        False returns the frame unchanged (the internal copy).

    Returns
    -------
    DataFrame
        A copy where ID, phone and name columns are masked and every other text
        column but firms' credit codes is scrubbed of ID and mobile numbers.
    """
    if not enabled:
        return frame
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if column in ID_COLUMNS:
            out[column] = series.map(mask_id, na_action="ignore")
        elif column in PHONE_COLUMNS:
            out[column] = series.map(mask_phone, na_action="ignore")
        elif column in PERSON_NAME_COLUMNS:
            out[column] = series.map(mask_name, na_action="ignore")
        elif column in CODE_COLUMNS:
            continue
        elif pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[column] = series.map(scrub_text, na_action="ignore")
    return out


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))
