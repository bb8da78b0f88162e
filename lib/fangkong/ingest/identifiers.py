"""Check digits of resident ID numbers (GB 11643) and credit codes (GB 32100).

The digit arithmetic is python-stdnum's. Its ``ric.validate`` also looks the
area code up by birth year, which rejects real IDs (荥阳 got 410182 in 1994, yet
people born earlier carry it) and raises KeyError on a few codes; the contract
asks for check digit and birth date only, so those two are checked here.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, ValidationError

_EXCEL_NUMBER = re.compile(r"^\d+(\.\d+)?[eE][+]?\d+$")
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def _birth_date(value: str) -> dt.date:
    """``ric.get_birth_date`` of an ID that has the shape of one."""
    if not value.isascii():
        return ric.get_birth_date(value)
    # stdnum would clean the number again first (a few us, most of the time
    # spent per ID); on ASCII digits that is a no-op.
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidComponent() from None


def resident_id_problem(value: str) -> str | None:
    """Why a resident ID number is invalid, as a reason code, or None if valid.

    Parameters
    ----------
    value : str
        The ID, already trimmed, width-folded and upper-cased.

    Returns
    -------
    str or None
        One of ``id_excel_number``, ``id_length``, ``id_checksum``,
        ``id_birth_date``, ``id_invalid``; None when the ID is valid.
    """
    if ("E" in value or "e" in value) and _EXCEL_NUMBER.match(value):
        return "id_excel_number"
    if len(value) != 18:
        if (value.isdigit() and 16 <= len(value) < 18) or value.endswith(".0"):
            return "id_excel_number"
        return "id_length"
    if not _ID_SHAPE.match(value):
        return "id_invalid"
    try:
        if ric.calc_check_digit(value) != value[-1]:
            # Excel keeps 15 significant digits and pads with zeros.
            return "id_excel_number" if value.endswith("000") else "id_checksum"
        _birth_date(value)
    except ValidationError:
        return "id_birth_date"
    except (KeyError, ValueError):
        return "id_invalid"
    return None


def id_sex(value: str) -> str:
    """Sex code (``male``/``female``) from the 17th digit of a valid resident ID."""
    return "male" if int(value[16]) % 2 else "female"


def credit_code_problem(value: str) -> str | None:
    """``bad_uscc`` when a unified social credit code is invalid, else None."""
    if not (value.isascii() and value.isalnum()):
        try:
            uscc.validate(value)
        except (ValidationError, KeyError, ValueError):
            return "bad_uscc"
        return None
    # validate() cleans the code and calc_check_digit() cleans it again (most of
    # the time spent per code); on ASCII letters and digits cleaning only
    # upper-cases, so check the format as validate() does and clean once.
    number = value.upper()
    if (
        len(number) != 18
        or not number[:8].isdigit()
        or not _USCC_ALPHABET.issuperset(number[8:])
        or uscc.calc_check_digit(number) != number[-1]
    ):
        return "bad_uscc"
    return None
