"""The rules of the rest of the article's duties (screening, checkpoints and their duty,
patrols, farming, employment, volunteers' households and party members), each with a
failing and a passing example, ingested from real XLSX files into a real SQLite store.
"""

import datetime as dt

import pytest
from fangkong.catalogue import REASONS
from fangkong.ingest.rejects import printed_rejections
from ingest_helpers import DAY, codes, ingest, run_case, write_csv, write_xlsx

SCREENING = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "当日排查户数": 120,
    "排查人数": 410,
    "发现外地返乡人员": 6,
    "其中来自中高风险地区": 1,
    "转居家隔离人数": 1,
    "排查人员": "入户排查专班",
}
CHECKPOINT = {
    "站点编号": "HL-01",
    "名称": "槐林村东口防疫站点",
    "所属村": "槐林村",
    "类型": "小区/村口防疫站点",
    "每日班次": 2,
    "状态": "正常",
}
ROAD = {**CHECKPOINT, "站点编号": "HL-02", "名称": "郑上路卡点", "类型": "道路卡点", "每日班次": 1}
DUTY = {
    "站点编号": "HL-01",
    "日期": "2020-03-10",
    "班次": "白班",
    "执勤人员": "王建国、李红、张强",
    "其中党员人数": 2,
    "登记人数": 86,
    "登记车辆": 31,
    "体温异常人数": 0,
}
PATROL = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "开始时间": "2020-03-10 20:00",
    "结束时间": "2020-03-10 23:30",
    "巡逻人数": 6,
    "其中党员人数": 3,
    "发现问题数": 1,
    "问题说明": "发现一处聚集打牌，已劝散",
}
FARMING = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "作物": "玉米",
    "计划面积(亩)": 800,
    "累计已播(亩)": 120.5,
    "农资需求": "种子、化肥",
    "需求说明": "",
}
JOBS = {"日期": "2020-03-10", "所属村": "槐林村", "求职登记人数": 15, "提供岗位数": 40}
JOBS["当日实现就业/返岗人数"] = 8
SERVICE = {
    "日期": "2020-03-10",
    "所属村": "槐林村",
    "服务类型": "物资代购",
    "服务人次": 3,
    "志愿者人数": 2,
    "备注": "代购米面油",
    "户编号": "HL-001",
    "其中党员人数": 1,
}

# (table, good row, bad row, expected code)
CASES = [
    ("screening", SCREENING, {**SCREENING, "其中来自中高风险地区": 7}, "risk_over_returnees"),
    ("screening", SCREENING, {**SCREENING, "排查人员": None}, "required"),
    ("screening", SCREENING, {**SCREENING, "排查人数": -1}, "out_of_range"),
    ("screening", SCREENING, {**SCREENING, "所属村": "贾峪村"}, "unknown_village"),
    ("checkpoints", CHECKPOINT, {**ROAD, "每日班次": 3}, "out_of_range"),
    ("checkpoints", CHECKPOINT, {**ROAD, "类型": "高速口"}, "bad_enum"),
    ("checkpoints", CHECKPOINT, {**CHECKPOINT, "名称": "又一个"}, "duplicate_key"),
    ("checkpoint_duty", DUTY, {**DUTY, "站点编号": "HL-99"}, "unknown_checkpoint"),
    ("checkpoint_duty", DUTY, {**DUTY, "班次": "全天"}, "shift_not_of_checkpoint"),
    (
        "checkpoint_duty",
        {**DUTY, "站点编号": "HL-02", "班次": "全天"},
        {**DUTY, "站点编号": "HL-02", "班次": "夜班"},
        "shift_not_of_checkpoint",
    ),
    ("checkpoint_duty", DUTY, {**DUTY, "班次": "中班"}, "bad_enum"),
    ("checkpoint_duty", DUTY, {**DUTY, "执勤人员": None}, "required"),
    ("patrols", PATROL, {**PATROL, "结束时间": "2020-03-10 00:30"}, "ended_before_started"),
    (
        "patrols",
        {**PATROL, "结束时间": "2020-03-11 00:30"},
        {**PATROL, "结束时间": "2020-03-10 20:00"},
        "ended_before_started",
    ),
    ("patrols", PATROL, {**PATROL, "其中党员人数": 7}, "party_over_patrollers"),
    ("patrols", PATROL, {**PATROL, "巡逻人数": 0, "其中党员人数": 0}, "out_of_range"),
    ("farming", FARMING, {**FARMING, "累计已播(亩)": 801}, "sown_over_planned"),
    ("farming", FARMING, {**FARMING, "农资需求": "种子、拖拉机"}, "bad_enum"),
    ("farming", FARMING, {**FARMING, "作物": None}, "required"),
    ("employment", JOBS, {**JOBS, "提供岗位数": "四十"}, "bad_int"),
    ("employment", JOBS, {**JOBS, "所属村": "外星村"}, "unknown_village"),
    ("volunteer_services", SERVICE, {**SERVICE, "户编号": "HL-404"}, "unknown_household"),
    ("volunteer_services", SERVICE, {**SERVICE, "其中党员人数": 3}, "party_over_volunteers"),
    ("volunteer_services", SERVICE, {**SERVICE, "其中党员人数": -1}, "out_of_range"),
]


@pytest.fixture
def registered(base, town, tmp_path):
    """The base store with 槐林村's two checkpoints (HL-01 two shifts, HL-02 one)."""
    path = write_xlsx(tmp_path / "槐林村_checkpoints.xlsx", [CHECKPOINT, ROAD])
    report = ingest(base, town, tmp_path, [path], DAY - dt.timedelta(days=1))
    assert report.files[0].accepted == 2
    return base


@pytest.mark.parametrize("table, good, bad, code", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_rule_rejects_bad_row_and_keeps_good_row(
    registered, town, tmp_path, table, good, bad, code
):
    f, report = run_case(registered, town, tmp_path, table, good, bad)
    assert f.status == "ingested" and f.tables == [table]
    issues = report.issues()
    rejected = issues[issues["severity"] == "rejected"]
    assert code in set(rejected["code"]), rejected
    assert 3 in set(rejected.loc[rejected["code"] == code, "row"])
    if code != "duplicate_key":  # a duplicate names both rows
        assert f.accepted == 1 and f.rejected == 1
        assert 2 not in set(rejected["row"])
    assert code in REASONS


def test_every_new_reason_reads_in_chinese_with_file_row_column_and_value(
    registered, town, tmp_path
):
    path = write_xlsx(tmp_path / "槐林村_farming.xlsx", [{**FARMING, "累计已播(亩)": 900}])
    report = ingest(registered, town, tmp_path, [path])
    printed = printed_rejections(report.issues()).iloc[0]
    assert (printed["file"], printed["row"]) == ("槐林村_farming.xlsx", 2)
    assert printed["column"] == "累计已播(亩)" and str(printed["value"]) == "900"
    assert printed["reason"] == "累计已播面积超过计划面积"
    rejects = report.files[0].rejects_path.read_text(encoding="utf-8-sig")
    assert "累计已播面积超过计划面积" in rejects


def test_more_households_screened_than_the_village_has_is_a_warning(registered, town, tmp_path):
    households = next(v.households for v in town.villages if v.name == "槐林村")
    rows = [SCREENING, {**SCREENING, "当日排查户数": households + 1}]
    report = ingest(registered, town, tmp_path, [write_xlsx(tmp_path / "槐林村_s.xlsx", rows)])
    f = report.files[0]
    assert (f.accepted, f.rejected, f.warnings) == (2, 0, 1)
    issues = report.issues()
    assert list(issues["code"]) == ["screened_over_households"] and list(issues["row"]) == [3]
    assert f"households: {households}" in issues["detail"].iloc[0]


def test_more_party_members_than_names_on_duty_is_a_warning(registered, town, tmp_path):
    rows = [DUTY, {**DUTY, "班次": "夜班", "执勤人员": "王建国等5人", "其中党员人数": 3}]
    report = ingest(registered, town, tmp_path, [write_xlsx(tmp_path / "槐林村_d.xlsx", rows)])
    f = report.files[0]
    assert (f.accepted, f.rejected, f.warnings) == (2, 0, 1)
    assert codes(report, "warning") == ["party_over_on_duty"]


def test_a_checkpoint_and_its_duty_in_one_batch_and_its_village(registered, town, tmp_path):
    """The registry is stored before the duty of the same batch is checked; a duty row
    counts as a submission of the checkpoint's village, whatever the file is called."""
    new = {**CHECKPOINT, "站点编号": "DG-01", "名称": "东岗村村口", "所属村": "东岗村"}
    files = [
        write_csv(tmp_path / "东岗村_checkpoints.csv", [new]),
        write_xlsx(tmp_path / "duty.xlsx", [{**DUTY, "站点编号": "DG-01", "班次": "夜班"}]),
    ]
    report = ingest(registered, town, tmp_path, files)
    assert [f.rejected for f in report.files] == [0, 0]
    submitted = registered.submissions(DAY)
    duty = submitted[submitted["table"] == "checkpoint_duty"]
    assert list(duty["village"]) == ["东岗村"]


def test_a_closed_checkpoint_takes_no_more_duty(registered, town, tmp_path):
    closed = write_xlsx(tmp_path / "槐林村_checkpoints.xlsx", [{**ROAD, "状态": "注销"}])
    ingest(registered, town, tmp_path, [closed])
    duty = write_xlsx(
        tmp_path / "槐林村_duty.xlsx", [{**DUTY, "站点编号": "HL-02", "班次": "全天"}]
    )
    report = ingest(registered, town, tmp_path, [duty], DAY + dt.timedelta(days=1))
    assert codes(report) == ["unknown_checkpoint"]


def test_old_volunteer_files_without_the_new_columns_are_still_read(base, town, tmp_path):
    old = {k: v for k, v in SERVICE.items() if k not in ("户编号", "其中党员人数")}
    report = ingest(base, town, tmp_path, [write_csv(tmp_path / "槐林村_v.csv", [old])])
    f = report.files[0]
    assert f.tables == ["volunteer_services"] and (f.accepted, f.rejected) == (1, 0)
