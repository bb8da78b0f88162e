"""The data model: one pandera schema per input table of the data contract.

Each column is declared once, here, with its English name (what the code uses),
its Chinese header (``title`` and ``metadata["zh"]``), and its kind, which tells
:mod:`fangkong.ingest.normalise` how to read a raw cell. Code reaches columns through
:data:`TABLES`, e.g. ``TABLES["quarantine"].columns``.
"""

from __future__ import annotations

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


def _table(name, zh, role, columns, **kw) -> Table:
    return Table(name, zh, pa.DataFrameSchema(columns, name=name, title=zh), role, **kw)


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _table(
            "households",
            "困难群众台账",
            "registry",
            {
                "household_id": col("户编号", required=True),
                "village": col("所属村", required=True),
                "head_name": col("户主姓名", required=True),
                "head_id_number": col("户主身份证号", "id_number", required=True),
                "phone": col("联系电话", "phone"),
                "categories": col("困难类型", "set", enum="household_category", required=True),
                "members": col("家庭人口", "int", ge=1, le=20, required=True),
                "address": col("住址"),
                "cadre": col("包户干部", required=True),
                "status": col("状态", "enum", enum="registry_status"),
            },
            key=("household_id",),
        ),
        _table(
            "enterprises",
            "企业台账",
            "registry",
            {
                "enterprise_id": col("统一社会信用代码", "uscc", required=True),
                "name": col("企业名称", required=True),
                "village": col("所在村", required=True),
                "category": col("企业类型", "enum", enum="enterprise_category", required=True),
                "staff_total": col("职工总数", "int", ge=0, required=True),
                "contact": col("联系人"),
                "phone": col("联系电话", "phone"),
                "prevention_officer": col("驻厂防控员"),
                "status": col("状态", "enum", enum="registry_status"),
            },
            key=("enterprise_id",),
        ),
        _table(
            "quarantine",
            "居家隔离人员台账",
            "ledger",
            {
                "person_id": col("身份证号", "id_number", required=True),
                "name": col("姓名", required=True),
                "sex": col("性别", "enum", enum="sex", required=True),
                "phone": col("联系电话", "phone"),
                "village": col("所属村", required=True),
                "address": col("住址"),
                "reason": col("隔离类型", "enum", enum="quarantine_reason", required=True),
                "origin": col("来源地"),
                "start_date": col("隔离开始日期", "date", required=True),
                "end_date": col("隔离解除日期", "date", required=True),
                "status": col("状态", "enum", enum="quarantine_status", required=True),
                "police": col("包联民警", required=True),
                "doctor": col("包联医生", required=True),
                "town_staff": col("包联镇干部", required=True),
                "village_cadre": col("包联村干部", required=True),
                "employer": col("返岗企业", "uscc"),
            },
            key=("person_id",),
            daily=True,
        ),
        _table(
            "health_checks",
            "医护上门监测记录",
            "event",
            {
                "person_id": col("身份证号", "id_number", required=True),
                "checked_at": col("监测时间", "datetime", required=True),
                "temperature_c": col("体温", "float", ge=35.0, le=42.0, required=True),
                "symptoms": col("症状", "set", enum="symptom"),
                "checked_by": col("医护人员", required=True),
            },
            when="checked_at",
            daily=True,
        ),
        _table(
            "disinfections",
            "消杀记录",
            "event",
            {
                "person_id": col("身份证号", "id_number", required=True),
                "done_at": col("消杀时间", "datetime", required=True),
                "done_by": col("消杀人员", required=True),
            },
            when="done_at",
            daily=True,
        ),
        _table(
            "followup_calls",
            "电话回访记录",
            "event",
            {
                "person_id": col("身份证号", "id_number", required=True),
                "called_at": col("回访时间", "datetime", required=True),
                "reached": col("是否接通", "yesno", required=True),
                "mood": col("心理状态", "enum", enum="mood"),
                "needs": col("诉求"),
                "caller": col("回访人", required=True),
            },
            when="called_at",
            daily=True,
        ),
        _table(
            "welfare_visits",
            "困难群众走访记录",
            "event",
            {
                "household_id": col("户编号", required=True),
                "visited_on": col("走访日期", "date", required=True),
                "visitor": col("走访人", required=True),
                "needs": col("需求", "set", enum="need"),
                "needs_detail": col("需求说明"),
                "resolved": col("是否解决", "yesno"),
            },
            when="visited_on",
            daily=True,
        ),
        _table(
            "gas_requests",
            "煤气需求登记",
            "event",
            {
                "request_id": col("登记编号", required=True),
                "village": col("所属村", required=True),
                "household_id": col("户编号"),
                "contact_name": col("联系人", required=True),
                "phone": col("联系电话", "phone", required=True),
                "cylinders": col("数量(瓶)", "int", ge=1, le=5, required=True),
                "urgency": col("紧急程度", "enum", enum="urgency", required=True),
                "reported_at": col("上报时间", "datetime", required=True),
                "delivered_at": col("配送时间", "datetime"),
            },
            key=("request_id",),
            when="reported_at",
            daily=True,
        ),
        _table(
            "produce",
            "农产品产销",
            "event",
            {
                "date": col("日期", "date", required=True),
                "village": col("所属村", required=True),
                "product": col("品种", required=True),
                "stock_kg": col("库存(公斤)", "float", ge=0, required=True),
                "sold_kg": col("当日销售(公斤)", "float", ge=0, required=True),
                "demand_kg": col("需求(公斤)", "float", ge=0, required=True),
                "channel": col("销售渠道"),
            },
            when="date",
            daily=True,
        ),
        _table(
            "volunteer_services",
            "志愿服务记录",
            "event",
            {
                "date": col("日期", "date", required=True),
                "village": col("所属村", required=True),
                "service": col("服务类型", "enum", enum="service", required=True),
                "served": col("服务人次", "int", ge=0, required=True),
                "volunteers": col("志愿者人数", "int", ge=0, required=True),
                "note": col("备注"),
            },
            when="date",
            daily=True,
        ),
        _table(
            "donations",
            "捐赠登记",
            "event",
            {
                "date": col("日期", "date", required=True),
                "donor": col("捐赠方", required=True),
                "kind": col("类型", "enum", enum="donation_kind", required=True),
                "amount_yuan": col("金额(元)", "float", ge=0),
                "items": col("物品"),
                "quantity": col("数量", "float", ge=0),
                "village": col("受赠村"),
            },
            when="date",
        ),
        _table(
            "enterprise_status",
            "企业复工复产日报",
            "event",
            {
                "enterprise_id": col("统一社会信用代码", "uscc", required=True),
                "date": col("日期", "date", required=True),
                "resumed": col("是否复工", "yesno", required=True),
                "resumed_on": col("复工日期", "date"),
                "staff_on_site": col("在岗人数", "int", ge=0, required=True),
                "returned_from_outside": col("外地返岗人数", "int", ge=0, required=True),
                "in_quarantine": col("隔离中人数", "int", ge=0, required=True),
                "masks": col("口罩库存(只)", "int", ge=0, required=True),
                "disinfectant_l": col("消毒液库存(升)", "float", ge=0, required=True),
                "officer_on_duty": col("防控员在岗", "yesno", required=True),
                "disinfected": col("当日消杀", "yesno", required=True),
                "health_checkin": col("员工健康打卡", "yesno", required=True),
                "filed_online": col("在线申报备案", "yesno", required=True),
            },
            key=("enterprise_id", "date"),
            when="date",
        ),
        _table(
            "alert_feedback",
            "预警处置反馈",
            "event",
            {
                "alert_key": col("预警编号", required=True),
                "handled_at": col("处置时间", "datetime", required=True),
                "action": col("处置措施", required=True),
                "handled_by": col("处置人", required=True),
                "closed": col("是否办结", "yesno", required=True),
            },
            when="handled_at",
        ),
    ]
}

#: Columns holding personal data, masked in everything that leaves the machine.
PII_KINDS = ("id_number", "phone")
NAME_COLUMNS = ("name", "head_name", "contact_name")
