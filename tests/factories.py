"""Valid identifiers for hand-made test rows, built with python-stdnum's check digits."""

from __future__ import annotations

from stdnum.cn import ric, uscc


def resident_id(birth: str = "19900101", seq: int = 123, area: str = "410182") -> str:
    """A valid 18-character ID; odd ``seq`` is male, even is female."""
    body = f"{area}{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(n: int = 1) -> str:
    """A valid unified social credit code, distinct per ``n``."""
    body = f"91410182MA{n:07d}"
    return body + uscc.calc_check_digit(body)
