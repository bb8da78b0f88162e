"""The day's paragraph: sentences whose every number says where it came from.

A report builds its paragraph of the day from catalogue sentences whose fields
are :class:`Number` objects: each names the sidecar field(s) it is read from
and the rule that turns them into the number printed. :class:`Paragraph`
records, for every number, where it stands in the text, so the sidecar carries
``{"text": ..., "numbers": [{"start", "end", "text", "value", "fields",
"rule"}]}`` and a test can check each number against its field (and that no
number in the text is unaccounted for).

Rules (a reader of the sidecar can apply them by hand):

- ``value``: the field as it is; ``abs``: its absolute value;
- ``percent``: a rate times 100, one decimal;
- ``pp_abs``: the absolute difference of two rates, in percentage points, one decimal;
- ``year``, ``month``, ``day``: of a ``YYYY-MM-DD`` field; ``hour``, ``minute``: of an
  ``HH:MM`` field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from fangkong.catalogue import text
from fangkong.reports.html import fmt_int

#: Shown for a number that cannot be computed (no households, no firms).
NO_VALUE = "—"
RULES = ("value", "abs", "percent", "pp_abs", "year", "month", "day", "hour", "minute")


def _apply(rule: str, values: list):
    first = values[0]
    if rule == "value":
        return first
    if rule == "abs":
        return abs(first)
    if rule == "percent":
        return round(first * 100, 1)
    if rule == "pp_abs":
        return round(abs(first - values[1]) * 100, 1)
    if rule in ("year", "month", "day"):
        year, month, day = (int(p) for p in first.split("-"))
        return {"year": year, "month": month, "day": day}[rule]
    if rule in ("hour", "minute"):
        return int(first.split(":")[0 if rule == "hour" else 1])
    raise ValueError(f"unknown rule {rule!r}")


def _shown(value, rule: str = "value") -> str:
    if rule == "year":  # 2020年, never 2,020
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return fmt_int(value)


@dataclass(frozen=True)
class Number:
    """A number of the paragraph and its source.

    Attributes
    ----------
    fields : tuple of str
        Sidecar paths: keys joined by ``.``, list items as ``[i]`` (``[-1]``
        the last), e.g. ``figures.in_quarantine``, ``trend[-2].coverage``.
    rule : str
        One of :data:`RULES`.
    values : tuple
        The fields' values, in order.
    """

    fields: tuple[str, ...]
    rule: str
    values: tuple

    @property
    def value(self):
        """The number printed; None when a field has no value (shown as a dash)."""
        if any(v is None for v in self.values):
            return None
        return _apply(self.rule, list(self.values))


def number(field: str, value, rule: str = "value") -> Number:
    """A number read from one sidecar field."""
    return Number((field,), rule, (value,))


class Paragraph:
    """Sentences of the catalogue joined into a paragraph, numbers recorded.

    Parameters
    ----------
    lang : {"zh", "en"}
    """

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self._parts: list[str] = []
        self._numbers: list[dict] = []
        self._length = 0

    def add(self, key: str, **fields) -> Paragraph:
        """Append the catalogue sentence ``key``; fields are :class:`Number` or text."""
        template = text(key, self.lang, **{k: "{" + k + "}" for k in fields})
        for literal, name, _spec, _conv in string.Formatter().parse(template):
            self._append(literal)
            if name is None:
                continue
            field = fields[name]
            if isinstance(field, Number) and field.value is None:
                self._append(NO_VALUE)
            elif isinstance(field, Number):
                shown = _shown(field.value, field.rule)
                self._numbers.append(
                    {
                        "start": self._length,
                        "end": self._length + len(shown),
                        "text": shown,
                        "value": field.value,
                        "fields": list(field.fields),
                        "rule": field.rule,
                    }
                )
                self._append(shown)
            else:
                self._append(str(field))
        return self

    def _append(self, part: str) -> None:
        self._parts.append(part)
        self._length += len(part)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def record(self) -> dict:
        """``text`` and ``numbers``, JSON-ready, for the sidecar."""
        return {"text": self.text, "numbers": list(self._numbers)}


def change_key(change) -> str:
    """``para.up``, ``para.down`` or ``para.same`` for a change against D-1."""
    if change is None or change == 0:
        return "para.same"
    return "para.up" if change > 0 else "para.down"


def streak(values: list, test) -> int:
    """Days in a row, ending with the last, whose value passes ``test``."""
    n = 0
    for value in reversed(values):
        if value is None or not test(value):
            break
        n += 1
    return n
