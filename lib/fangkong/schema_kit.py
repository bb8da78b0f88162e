"""How an input table is declared: column kinds, headers and aliases, the ``Table`` record.

:mod:`fangkong.schemas` declares every table of the data contract with :func:`col`
and :func:`make_table`; this module holds the parts those declarations share, so
that the tables themselves fit in one module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from fangkong.catalogue import ENUMS

#: Storage dtype of each column kind once normalised.
DTYPES = {
    "text": "str",
    "id_number": "str",
    "phone": "str",
    "uscc": "str",
    "enum": "str",
    "set": "str",  # canonical codes joined with ";"
    "int": "Int64",
    "float": "Float64",
    "date": "datetime64[ns]",
    "datetime": "datetime64[ns]",
    "yesno": "boolean",
}

SET_SEPARATOR = ";"

#: Other headers people give a column of a kind, declared once: every ID and phone
#: column of every table is also recognised by these (besides its own Chinese header
#: and English name). An ID column whose header ends in 号 also answers to 号码.
HEADER_ALIASES = {
    "id_number": ("身份证号", "身份证号码", "身份证", "公民身份号码", "身份证件号码"),
    "phone": ("联系电话", "电话", "电话号码", "手机", "手机号", "手机号码", "联系方式"),
}


def _set_members_in(enum: str) -> pa.Check:
    allowed = set(ENUMS[enum])

    def check(series):
        # Sets repeat ("fever;cough" on many rows): test each distinct value once.
        present = series.dropna()
        codes, uniques = pd.factorize(present)
        ok = np.array([set(v.split(SET_SEPARATOR)) <= allowed for v in uniques], dtype=bool)
        return pd.Series(ok[codes], index=present.index, dtype=bool).reindex(
            series.index, fill_value=True
        )

    return pa.Check(check, name=f"members_of_{enum}", error="bad_enum")


def col(
    zh: str,
    kind: str = "text",
    *,
    required: bool = False,
    enum: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    unique: bool = False,
) -> pa.Column:
    """Declare a column: its Chinese header, kind and value rules."""
    checks = []
    if kind == "enum":
        checks.append(pa.Check.isin(list(ENUMS[enum]), error="bad_enum"))
    elif kind == "set":
        checks.append(_set_members_in(enum))
    if ge is not None and le is not None:
        checks.append(pa.Check.in_range(ge, le, error="out_of_range"))
    elif ge is not None:
        checks.append(pa.Check.ge(ge, error="out_of_range"))
    return pa.Column(
        DTYPES[kind],
        checks=checks,
        nullable=not required,
        unique=unique,
        title=zh,
        metadata={
            "zh": zh,
            "kind": kind,
            "enum": enum,
            "required": required,
            "aliases": _aliases(zh, kind),
        },
    )


def _aliases(zh: str, kind: str) -> tuple[str, ...]:
    """The other headers of a column (:data:`HEADER_ALIASES`), its own left out."""
    own = (zh + "码",) if kind == "id_number" and zh.endswith("号") else ()
    return tuple(a for a in dict.fromkeys(own + HEADER_ALIASES.get(kind, ())) if a != zh)


@dataclass(frozen=True)
class Table:
    """An input table: its schema and how it behaves in the store.

    Attributes
    ----------
    name, zh : str
        English and Chinese table names.
    schema : pandera.DataFrameSchema
    role : {"registry", "ledger", "event"}
        Registries are keyed and replaced by later rows; a ledger is each
        village's full current list, resubmitted daily; events accumulate.
    key : tuple of str
        Columns identifying a row across submissions (registries, gas requests).
    when : str or None
        The column that dates an event row.
    daily : bool
        Whether every village owes this table every day.
    """

    name: str
    zh: str
    schema: pa.DataFrameSchema
    role: str
    key: tuple[str, ...] = ()
    when: str | None = None
    daily: bool = False

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    def meta(self, column: str) -> dict:
        return self.schema.columns[column].metadata

    def headers_of(self, column: str) -> tuple[str, ...]:
        """Every header a column is recognised by: English name, Chinese, aliases."""
        meta = self.meta(column)
        return (column, meta["zh"], *meta["aliases"])

    def headers(self, lang: str = "zh") -> dict[str, str]:
        """Column name -> header in ``lang`` (the English header is the name)."""
        return {c: (self.meta(c)["zh"] if lang == "zh" else c) for c in self.columns}

    def kind_columns(self, *kinds: str) -> list[str]:
        return [c for c in self.columns if self.meta(c)["kind"] in kinds]

    def empty_frame(self) -> pd.DataFrame:
        """The table without rows, each column in its store dtype."""
        return pd.DataFrame(
            {c: pd.Series(dtype=DTYPES[self.meta(c)["kind"]]) for c in self.columns}
        )


def make_table(name: str, zh: str, role: str, columns: dict, **kw) -> Table:
    """A :class:`Table` of pandera columns declared with :func:`col`."""
    return Table(name, zh, pa.DataFrameSchema(columns, name=name, title=zh), role, **kw)


#: What separates the people named in one cell (执勤人员: "张三、李四").
NAME_SEPARATORS = re.compile(r"[;；、,，/\s]+")


def people_named(text) -> int:
    """How many people a cell of names names: ``"张三、李四"`` -> 2; empty -> 0.

    Ingest checks party members against it and the reports count people on duty
    with it, so both read a cell the same way.
    """
    if not isinstance(text, str):
        return 0
    return len([n for n in NAME_SEPARATORS.split(text) if n])
