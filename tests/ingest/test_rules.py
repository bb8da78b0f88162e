"""The row and cross-table rules of the data contract, each with a failing and a passing
example, ingested end to end from real XLSX files into a real SQLite store.

The value-level readers are covered in test_normalise.py; rows in = accepted +
rejected is asserted for every file by ``ingest`` (tests/ingest_helpers.py).
"""

import datetime as dt

import pytest
from factories import credit_code, resident_id
from ingest_helpers import (
    FIRM,
    PERSON,
    check,
    codes,
    enterprise,
    household,
    ingest,
    person,
    run_case,
    write_xlsx,
)

# (table, good row, bad row, expected rejection code)
CASES = [
    (
        "households",
        household(),
        household(**{"户编号": "HL-002", "所属村": "外星村"}),
        "unknown_village",
    ),
    ("households", household(), household(**{"户编号": "HL-002", "家庭人口": 21}), "out_of_range"),
    (
        "households",
        household(),
        household(**{"户编号": "HL-002", "困难类型": "富裕户"}),
        "bad_enum",
    ),
    ("households", household(), household(**{"户编号": "HL-002", "包户干部": None}), "required"),
    (
        "households",
        household(),
        household(**{"户编号": "HL-002", "联系电话": "12345"}),
        "bad_phone",
    ),
    (
        "enterprises",
        enterprise(),
        enterprise(**{"统一社会信用代码": FIRM[:-1] + ("0" if FIRM[-1] != "0" else "1")}),
        "bad_uscc",
    ),
    (
        "enterprises",
        enterprise(),
        enterprise(**{"统一社会信用代码": credit_code(3), "企业类型": "国企"}),
        "bad_enum",
    ),
    (
        "enterprises",
        enterprise(),
        enterprise(**{"统一社会信用代码": credit_code(3), "职工总数": -1}),
        "out_of_range",
    ),
    (
        "enterprises",
        enterprise(**{"企业类型": "沿街门店", "驻厂防控员": None}),
        enterprise(**{"统一社会信用代码": credit_code(3), "驻厂防控员": None}),
        "officer_required",
    ),
    ("quarantine", person(), person(**{"身份证号": resident_id("19900101", 2)}), "sex_mismatch"),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "隔离解除日期": "2020/2/28"}),
        "end_before_start",
    ),
    (
        "quarantine",
        person(),
        person(
            **{
                "身份证号": resident_id("19900101", 3),
                "隔离开始日期": "2020/3/11",
                "隔离解除日期": "2020/3/25",
            }
        ),
        "start_after_submission",
    ),
    (
        "quarantine",
        person(**{"隔离类型": "密切接触者", "来源地": None}),
        person(
            **{
                "身份证号": resident_id("19900101", 3),
                "隔离类型": "中高风险地区返乡",
                "来源地": None,
            }
        ),
        "origin_required",
    ),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "返岗企业": None}),
        "employer_required",
    ),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "返岗企业": credit_code(9)}),
        "unknown_enterprise",
    ),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "包联医生": None}),
        "required",
    ),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "状态": "在家"}),
        "bad_enum",
    ),
    ("quarantine", person(), person(**{"身份证号": "4.10182E+17"}), "id_excel_number"),
    (
        "quarantine",
        person(),
        person(**{"身份证号": PERSON[:-1] + ("0" if PERSON[-1] != "0" else "1")}),
        "id_checksum",
    ),
    (
        "quarantine",
        person(),
        person(**{"身份证号": resident_id("19900101", 3), "隔离开始日期": "2020-3-32"}),
        "bad_date",
    ),
    ("health_checks", check(), check(**{"身份证号": resident_id("19700101", 5)}), "unknown_person"),
    ("health_checks", check(), check(**{"监测时间": "2020-02-29 08:00"}), "outside_period"),
    ("health_checks", check(), check(**{"体温": 43.5}), "out_of_range"),
    ("health_checks", check(), check(**{"症状": "头晕"}), "bad_enum"),
    ("health_checks", check(), check(**{"监测时间": "2020-03-10"}), "bad_datetime"),
    (
        "disinfections",
        {"身份证号": PERSON, "消杀时间": "2020-03-10 09:00", "消杀人员": "消杀员"},
        {
            "身份证号": resident_id("19700101", 5),
            "消杀时间": "2020-03-10 09:00",
            "消杀人员": "消杀员",
        },
        "unknown_person",
    ),
    (
        "followup_calls",
        {
            "身份证号": PERSON,
            "回访时间": "2020-03-10 10:00",
            "是否接通": "是",
            "心理状态": "焦虑",
            "诉求": "",
            "回访人": "镇办",
        },
        {
            "身份证号": PERSON,
            "回访时间": "2020-03-10 11:00",
            "是否接通": "否",
            "心理状态": "平稳",
            "诉求": "",
            "回访人": "镇办",
        },
        "mood_when_unreached",
    ),
    (
        "followup_calls",
        {
            "身份证号": PERSON,
            "回访时间": "2020-03-10 10:00",
            "是否接通": "否",
            "心理状态": None,
            "诉求": "",
            "回访人": "镇办",
        },
        {
            "身份证号": PERSON,
            "回访时间": "2020-03-10 11:00",
            "是否接通": "也许",
            "心理状态": None,
            "诉求": "",
            "回访人": "镇办",
        },
        "bad_yesno",
    ),
    (
        "welfare_visits",
        {
            "户编号": "HL-001",
            "走访日期": "2020-03-10",
            "走访人": "李干部",
            "需求": "煤气、药品",
            "需求说明": "",
            "是否解决": "否",
        },
        {
            "户编号": "HL-999",
            "走访日期": "2020-03-10",
            "走访人": "李干部",
            "需求": "无",
            "需求说明": "",
            "是否解决": "是",
        },
        "unknown_household",
    ),
]

GAS = {
    "登记编号": "G-1",
    "所属村": "槐林村",
    "户编号": "HL-001",
    "联系人": "王大山",
    "联系电话": "13800138000",
    "数量(瓶)": 1,
    "紧急程度": "紧急",
    "上报时间": "2020-03-10 08:00",
    "配送时间": "2020-03-10 15:00",
}

CASES += [
    (
        "gas_requests",
        GAS,
        {**GAS, "登记编号": "G-2", "配送时间": "2020-03-10 07:00"},
        "delivered_before_reported",
    ),
    ("gas_requests", GAS, {**GAS, "登记编号": "G-2", "户编号": "HL-404"}, "unknown_household"),
    ("gas_requests", GAS, {**GAS, "登记编号": "G-2", "数量(瓶)": 6}, "out_of_range"),
    ("gas_requests", {**GAS, "登记编号": "G-0"}, GAS | {"紧急程度": "立刻"}, "bad_enum"),
]

PRODUCE = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "品种": "大蒜",
    "库存(公斤)": 500,
    "当日销售(公斤)": 50,
    "需求(公斤)": 40,
    "销售渠道": "超市",
}

CASES += [("produce", PRODUCE, {**PRODUCE, "库存(公斤)": -5}, "out_of_range")]

SERVICE = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "服务类型": "爱心专车送岗",
    "服务人次": 12,
    "志愿者人数": 2,
    "备注": "",
}

CASES += [("volunteer_services", SERVICE, {**SERVICE, "服务类型": "跳舞"}, "bad_enum")]

GIFT = {
    "日期": "2020-03-10",
    "捐赠方": "爱心企业",
    "类型": "现金",
    "金额(元)": 5000,
    "物品": None,
    "数量": None,
    "受赠村": None,
}

CASES += [
    ("donations", GIFT, {**GIFT, "金额(元)": None}, "money_needs_amount"),
    (
        "donations",
        {**GIFT, "类型": "物资", "金额(元)": None, "物品": "口罩", "数量": 1000},
        {**GIFT, "类型": "物资", "金额(元)": None},
        "goods_need_items",
    ),
]

STATUS = {
    "统一社会信用代码": FIRM,
    "日期": "2020-03-10",
    "是否复工": "是",
    "复工日期": "2020-02-20",
    "在岗人数": 100,
    "外地返岗人数": 10,
    "隔离中人数": 1,
    "口罩库存(只)": 2000,
    "消毒液库存(升)": 50.5,
    "防控员在岗": "是",
    "当日消杀": "是",
    "员工健康打卡": "是",
    "在线申报备案": "是",
}

CASES += [
    (
        "enterprise_status",
        STATUS,
        {**STATUS, "统一社会信用代码": credit_code(8)},
        "unknown_enterprise",
    ),
    (
        "enterprise_status",
        STATUS,
        {**STATUS, "统一社会信用代码": credit_code(2), "复工日期": None},
        "resumed_on_required",
    ),
    (
        "enterprise_status",
        STATUS,
        {**STATUS, "统一社会信用代码": credit_code(2), "在岗人数": 121},
        "staff_over_total",
    ),
    ("enterprise_status", STATUS, {**STATUS, "日期": "2020-03-10"}, "duplicate_key"),
]


@pytest.mark.parametrize("table, good, bad, code", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_rule_rejects_bad_row_and_keeps_good_row(base, town, tmp_path, table, good, bad, code):
    f, report = run_case(base, town, tmp_path, table, good, bad)
    assert f.status == "ingested" and f.tables == [table]
    issues = report.issues()
    rejected = issues[issues["severity"] == "rejected"]
    assert code in set(rejected["code"]), rejected
    assert 3 in set(rejected.loc[rejected["code"] == code, "row"])  # the bad row: header 1, good 2
    if code != "duplicate_key":  # a duplicate names both rows
        assert f.accepted == 1 and f.rejected == 1
        assert 2 not in set(rejected["row"])


def test_duplicate_person_with_overlapping_periods_in_one_file(base, town, tmp_path):
    other = resident_id("19900101", 3)
    rows = [
        person(),
        person(**{"隔离开始日期": "2020/3/5", "隔离解除日期": "2020/3/19"}),
        person(**{"身份证号": other, "性别": "男"}),
    ]
    report = ingest(base, town, tmp_path, [write_xlsx(tmp_path / "槐林村_q.xlsx", rows)])
    issues = report.issues()
    dup = issues[issues["code"] == "duplicate_period"]
    assert set(dup["row"]) == {2, 3}  # both rows named
    assert "row 3" in dup.loc[dup["row"] == 2, "detail"].iloc[0]
    assert report.files[0].accepted == 1


def test_released_and_requarantined_is_not_a_duplicate(base, town, tmp_path):
    rows = [
        person(**{"隔离开始日期": "2020/2/1", "隔离解除日期": "2020/2/15", "状态": "已解除"}),
        person(),
    ]
    report = ingest(base, town, tmp_path, [write_xlsx(tmp_path / "槐林村_q.xlsx", rows)])
    assert report.files[0].rejected == 0


def test_same_person_in_another_villages_ledger_is_rejected(base, town, tmp_path):
    row = person(**{"所属村": "东岗村"})
    report = ingest(base, town, tmp_path, [write_xlsx(tmp_path / "东岗村_quarantine.xlsx", [row])])
    issues = report.issues()
    assert list(issues["code"]) == ["duplicate_period"]
    assert "槐林村" in issues["detail"].iloc[0]
    later = person(**{"所属村": "东岗村", "隔离开始日期": "2020/3/16", "隔离解除日期": "2020/3/30"})
    report = ingest(
        base,
        town,
        tmp_path,
        [write_xlsx(tmp_path / "东岗村_q2.xlsx", [later])],
        dt.date(2020, 3, 16),
    )
    assert report.files[0].accepted == 1


def test_end_date_off_plan_is_a_warning_not_a_rejection(base, town, tmp_path):
    row = person(**{"隔离解除日期": "2020/3/20"})
    report = ingest(base, town, tmp_path, [write_xlsx(tmp_path / "槐林村_q.xlsx", [row])])
    f = report.files[0]
    assert (f.accepted, f.rejected, f.warnings) == (1, 0, 1)
    assert codes(report, "warning") == ["end_not_planned"]
    ok = ingest(
        base,
        town,
        tmp_path,
        [write_xlsx(tmp_path / "槐林村_q2.xlsx", [person(**{"姓名": "张三丰"})])],
    )
    assert ok.files[0].warnings == 0


def test_in_quarantine_count_is_cross_checked_with_the_ledger(base, town, tmp_path):
    # the ledger holds one returning worker of FIRM in quarantine
    rows = [STATUS, {**STATUS, "统一社会信用代码": credit_code(2), "隔离中人数": 3}]
    report = ingest(
        base, town, tmp_path, [write_xlsx(tmp_path / "镇_enterprise_status.xlsx", rows)]
    )
    issues = report.issues()
    assert list(issues["code"]) == ["in_quarantine_mismatch"] and list(issues["row"]) == [3]
    assert "ledger: 0" in issues["detail"].iloc[0]
    assert report.files[0].accepted == 2


def _followup_files(folder, when: str) -> list:
    """A health check, a disinfection and a call of PERSON at ``when``, one file each."""
    folder.mkdir(exist_ok=True)
    return [
        write_xlsx(folder / "槐林村_health_checks.xlsx", [check(**{"监测时间": when})]),
        write_xlsx(
            folder / "槐林村_disinfections.xlsx",
            [{"身份证号": PERSON, "消杀时间": when, "消杀人员": "消杀员"}],
        ),
        write_xlsx(
            folder / "槐林村_followup_calls.xlsx",
            [
                {
                    "身份证号": PERSON,
                    "回访时间": when,
                    "是否接通": "是",
                    "心理状态": "平稳",
                    "回访人": "镇办",
                }
            ],
        ),
    ]


def test_records_of_an_overdue_person_are_accepted(base, town, tmp_path):
    # PERSON's planned end is 2020-03-15; on 03-17 the ledger still shows 隔离中.
    day = dt.date(2020, 3, 17)
    files = [write_xlsx(tmp_path / "槐林村_quarantine.xlsx", [person()])]
    files += _followup_files(tmp_path / "d17", "2020-03-17 08:30")
    report = ingest(base, town, tmp_path, files, day)
    assert [(f.accepted, f.rejected) for f in report.files] == [(1, 0)] * 4, report.issues()
    # A village that did not resend its ledger: the last one still shows 隔离中.
    late = ingest(base, town, tmp_path, _followup_files(tmp_path / "d18", "2020-03-18 15:00"), day)
    assert [(f.accepted, f.rejected) for f in late.files] == [(1, 0)] * 3, late.issues()


def test_records_after_the_person_left_are_rejected(base, town, tmp_path):
    # Overdue on 03-16 and 03-17, first shown released on 03-18: the period ends that day.
    for day, status in ((16, "隔离中"), (18, "已解除")):
        path = write_xlsx(tmp_path / f"槐林村_quarantine_{day}.xlsx", [person(**{"状态": status})])
        ingest(base, town, tmp_path, [path], dt.date(2020, 3, day))
    day = dt.date(2020, 3, 19)
    for when, expected in (
        ("2020-03-17 08:30", (1, 0)),  # overdue, still in quarantine
        ("2020-03-18 09:00", (1, 0)),  # the day they left
        ("2020-03-19 08:30", (0, 1)),  # after they left
    ):
        files = _followup_files(tmp_path / when[:10], when)
        after = ingest(base, town, tmp_path, files, day)
        assert [(f.accepted, f.rejected) for f in after.files] == [expected] * 3, after.issues()
    assert codes(after) == ["outside_period"]
