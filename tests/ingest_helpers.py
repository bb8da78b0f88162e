"""Hand-made rows and real files for ingest tests.

Every ingest through :func:`ingest` asserts rows in = accepted + rejected for
each file, so the invariant is checked on every fixture.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from factories import credit_code, resident_id
from fangkong.ingest.batch import ingest_paths
from fangkong.schemas import TABLES
from openpyxl import Workbook

DAY = dt.date(2020, 3, 10)
PERSON = resident_id("19880512", 135)  # male
FIRM = credit_code(1)


def household(**kw):
    row = {
        "户编号": "HL-001",
        "所属村": "槐林村",
        "户主姓名": "王大山",
        "户主身份证号": resident_id("19500101", 11),
        "联系电话": "13800138000",
        "困难类型": "低保户、老人户",
        "家庭人口": 2,
        "住址": "槐林村3组",
        "包户干部": "李干部",
    }
    row.update(kw)
    return row


def enterprise(**kw):
    row = {
        "统一社会信用代码": FIRM,
        "企业名称": "河南康晖水泥制品有限公司",
        "所在村": "槐林村",
        "企业类型": "规上企业",
        "职工总数": 120,
        "联系人": "赵经理",
        "联系电话": "0371-64661234",
        "驻厂防控员": "孙防控",
    }
    row.update(kw)
    return row


def person(**kw):
    row = {
        "身份证号": PERSON,
        "姓名": "张三",
        "性别": "男",
        "联系电话": "13900139000",
        "所属村": "槐林村",
        "住址": "槐林村1组",
        "隔离类型": "外地返岗人员",
        "来源地": "广州",
        "隔离开始日期": "2020/3/1",
        "隔离解除日期": "2020/3/15",
        "状态": "隔离中",
        "包联民警": "民警甲",
        "包联医生": "医生乙",
        "包联镇干部": "干部丙",
        "包联村干部": "村干丁",
        "返岗企业": FIRM,
    }
    row.update(kw)
    return row


def check(**kw):
    row = {
        "身份证号": PERSON,
        "监测时间": "2020-03-10 08:30",
        "体温": 36.6,
        "症状": "无",
        "医护人员": "医生乙",
    }
    row.update(kw)
    return row


def feedback(**kw):
    """An alert_feedback row handled on DAY; its key must be given in the test's store."""
    row = {
        "预警编号": "Q-0001",
        "处置时间": "2020-03-10 10:30",
        "处置措施": "包联医生上门复测体温，已陪同到发热门诊排查",
        "处置人": "李干部",
        "是否办结": "是",
    }
    row.update(kw)
    return row


def write_xlsx(path: Path, rows: list[dict], sheet: str = "Sheet1", headers=None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    headers = headers or list(rows[0])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[dict], encoding="utf-8", headers=None) -> Path:
    headers = headers or list(rows[0])
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return path


def ingest(store, town, tmp_path, paths, day=DAY):
    report = ingest_paths(
        paths, store=store, town=town, submitted_on=day, rejects_dir=tmp_path / "rejects"
    )
    for f in report.files:
        assert f.rows_in == f.accepted + f.rejected, f
    return report


def run_case(store, town, tmp_path, name, good, bad, day=DAY):
    path = write_xlsx(tmp_path / f"槐林村_{name}.xlsx", [good, bad])
    report = ingest(store, town, tmp_path, [path], day)
    f = report.files[0]
    return f, report


def codes(report, severity="rejected"):
    issues = report.issues()
    return sorted(set(issues.loc[issues["severity"] == severity, "code"]))


def english(table: str, row: dict) -> dict:
    """The same row with English headers."""
    back = {TABLES[table].meta(c)["zh"]: c for c in TABLES[table].columns}
    return {back[k]: v for k, v in row.items()}
