"""The daily bulletin on the demo sample's last day: its text traced to the reports' sidecars.

The three reports are built from a real store (tests/conftest.py, ``bulletin_inputs``)
and their sidecars written as the runner writes them; the bulletin reads those and
the store's alert history. Every number of its text is checked against the field
it names, and each field against the report's own sidecar.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fangkong.reports.bulletin.data import SOURCE_KEYS, MissingInput
from fangkong.reports.bulletin.report import BulletinReport
from fangkong.store.database import open_store
from repo_paths import DEMO_TOWN_FILE

HEADINGS = [
    "一、总体情况",
    "二、居家隔离",
    "三、民生保障",
    "四、复工复产",
    "五、存在问题和督办事项",
    "六、下步工作",
]


@pytest.fixture(scope="module")
def built(bulletin_inputs):
    folder, db_url, day = bulletin_inputs
    report = BulletinReport.from_store(day, str(DEMO_TOWN_FILE), db_url, reports_dir=str(folder))
    sidecar = json.loads(json.dumps(report.sidecar().payload, ensure_ascii=False))
    inputs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    return report, sidecar, inputs


def _field(sidecar: dict, path: str):
    value = sidecar
    for part in re.findall(r"[^.\[\]]+|\[-?\d+\]", path):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return value


def _by_rule(rule: str, values: list):
    """The rules of the sidecar's description, written out again here on purpose."""
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
        return int(first.split("-")[("year", "month", "day").index(rule)])
    if rule in ("hour", "minute"):
        return int(first.split(":")[0 if rule == "hour" else 1])
    raise AssertionError(rule)


def _paragraphs(sidecar: dict) -> list[dict]:
    extra = sidecar["extra"]
    out = [extra["masthead"]["issue"], extra["masthead"]["date"]]
    for section in extra["sections"]:
        out += [b for b in section["blocks"] if b["type"] == "paragraph"]
    return out


def test_every_number_of_the_text_is_its_field(built):
    _, sidecar, _ = built
    paragraphs = _paragraphs(sidecar)
    assert len(paragraphs) >= 10
    for p in paragraphs:
        text = p["text"]
        covered = set()
        for n in p["numbers"]:
            expected = _by_rule(n["rule"], [_field(sidecar, f) for f in n["fields"]])
            assert n["value"] == expected, (n, text)
            shown = text[n["start"] : n["end"]]
            assert shown == n["text"] and float(shown.replace(",", "")) == pytest.approx(expected)
            covered |= set(range(n["start"], n["end"]))
        for match in re.finditer(r"\d+(?:[.,]\d+)*", text):
            assert set(range(match.start(), match.end())) <= covered, (match.group(), text)


def test_the_sources_are_the_reports_sidecars_as_written(built):
    _, sidecar, inputs = built
    sources = sidecar["extra"]["sources"]
    assert set(sources) == {"quarantine", "welfare", "reopening"}
    for name, source in sources.items():
        for key in SOURCE_KEYS:
            assert source[key] == inputs[name][key], (name, key)
        assert source["followup"]["counts"] == inputs[name]["followup"]["counts"]
    counts = sidecar["followup"]["counts"]
    for key, value in counts.items():
        assert value == sum(s["followup"]["counts"][key] for s in inputs.values()), key


def test_six_sections_in_order_and_each_report_paragraph_without_its_as_of(built):
    _, sidecar, inputs = built
    sections = sidecar["extra"]["sections"]
    assert [s["heading"] for s in sections] == HEADINGS
    overview = sections[0]["blocks"][0]["text"]
    assert overview.startswith("截至3月10日18时，全镇居家隔离")
    assert sidecar["paragraph"]["text"] == overview
    for section, name in zip(sections[1:4], ("quarantine", "welfare", "reopening")):
        text = section["blocks"][0]["text"]
        assert text.startswith("全镇") and not text.startswith("截至")
        assert inputs[name]["paragraph"]["text"].endswith(text)
    subheadings = [b["text"] for b in sections[4]["blocks"] if b["type"] == "subheading"]
    assert subheadings == ["（一）存在问题", "（二）督办事项"]
    assert sections[5]["blocks"][0]["text"].startswith("下步，我镇将重点做好以下工作：一是")


def test_the_issue_number_counts_days_from_the_first_recorded_day(built, bulletin_inputs):
    _, sidecar, _ = built
    _, db_url, day = bulletin_inputs
    store = open_store(db_url)
    try:
        first = min(
            store.first_recorded_day("jiayu", r) for r in ("quarantine", "welfare", "reopening")
        )
    finally:
        store.close()
    assert sidecar["figures"]["issue"] == (day - first).days + 1 >= 2
    assert sidecar["extra"]["masthead"]["issue"]["text"] == f"第{sidecar['figures']['issue']}期"
    assert sidecar["extra"]["masthead"]["date"]["text"] == "2020年3月10日"


def test_its_data_quality_is_the_towns_across_every_table(built, bulletin_inputs, demo_town):
    """Each report counts its own tables (two read the ledger and the firms' reports);
    the bulletin counts each missing submission and rejected row of the town once."""
    from fangkong.store.submissions import missing_submissions

    _, sidecar, inputs = built
    _, db_url, day = bulletin_inputs
    store = open_store(db_url)
    try:
        missing = missing_submissions(store, demo_town, day)
        rejected = store.issues(day)
    finally:
        store.close()
    quality = sidecar["data_quality"]
    assert quality["missing_submissions"] == len(missing)
    assert quality["villages_missing"] == missing["village"].nunique()
    rows = rejected[rejected["severity"] == "rejected"]
    assert quality["rejected_rows"] == len(rows.drop_duplicates(["file", "row"]))
    # Not any one report's: each of theirs leaves out the others' tables.
    reports = [inputs[r]["data_quality"]["rejected_rows"] for r in ("quarantine", "welfare")]
    assert all(n <= quality["rejected_rows"] for n in reports)


def test_the_supervised_table_is_longest_open_first_with_the_zone_commander(built, demo_town):
    report, sidecar, inputs = built
    rows = sidecar["extra"]["table"]["rows"]
    supervised = [i for s in inputs.values() for i in s["followup"]["supervised"]]
    assert len(rows) == min(20, len(supervised)) > 0
    assert sidecar["figures"]["supervised_rest"] == len(supervised) - len(rows)
    days = [r["days_open"] for r in rows]
    assert days == sorted(days, reverse=True) and days[0] == max(i["days_open"] for i in supervised)
    commanders = {z.name: z.commander for z in demo_town.zones}
    for row in rows:
        assert row["commander"] == commanders[row["zone"]]
        assert all(row[c] not in (None, "") for c in ("key", "problem", "zone"))
    assert list(sidecar["extra"]["table"]["columns"].values()) == [
        "编号",
        "督办事项",
        "战区",
        "指挥长",
        "持续天数",
    ]


def test_the_closing_names_the_county_and_the_office(built):
    _, sidecar, _ = built
    assert sidecar["extra"]["closing"] == [
        "报送：荥阳市疫情防控指挥部",
        "抄送：镇疫情防控领导小组成员",
        "编发单位：贾峪镇疫情防控指挥部",
    ]
    assert sidecar["extra"]["masthead"]["office"] == "贾峪镇疫情防控指挥部"


def test_no_resident_is_named_in_full(built):
    _, sidecar, _ = built
    names = [i["name"] for i in sidecar["alert_items"] if i.get("name")]
    assert names and all("*" in n for n in names)
    assert not re.search(r"(?<!\d)1\d{10}(?!\d)", json.dumps(sidecar, ensure_ascii=False))


def test_a_report_missing_for_the_day_is_named(bulletin_inputs, tmp_path):
    _, db_url, day = bulletin_inputs
    with pytest.raises(MissingInput, match="居家隔离日报"):
        BulletinReport.from_store(day, str(DEMO_TOWN_FILE), db_url, reports_dir=str(tmp_path))
    folder, _, _ = bulletin_inputs
    with pytest.raises(MissingInput):  # a sidecar of another day does not stand in
        BulletinReport.from_store(
            day + dt.timedelta(days=1), str(DEMO_TOWN_FILE), db_url, reports_dir=str(folder)
        )


@pytest.mark.parametrize(
    ("behind", "unstaffed", "said"),
    [
        (1, 2, "督促排查进度落后的1个村加快入户排查，补齐空岗的2个站点班次；"),
        (3, 0, "督促排查进度落后的3个村加快入户排查；二是"),
        (0, 1, "补齐空岗的1个站点班次，确保防疫站点全天有人值守；二是"),
        (0, 0, "按规定解除；二是"),
    ],
)
def test_the_next_steps_name_the_duties_left_undone(behind, unstaffed, said):
    from fangkong.reports.bulletin.compose import next_steps

    figures = {"overdue": 1, "villages_screening_behind": behind, "shifts_unstaffed": unstaffed}
    sidecar = {
        "figures": {"supervised": 0},
        "extra": {
            "sources": {
                "quarantine": {"figures": figures},
                "welfare": {"figures": {"households_unvisited": 0, "open_needs": 0}},
                "reopening": {"figures": {"masks_short": 0}},
            }
        },
    }
    (record,) = next_steps(sidecar, "zh")
    assert said in record["text"]
    # Each number names the quarantine figure it is.
    named = {n["fields"][0]: n["value"] for n in record["numbers"]}
    if behind:
        assert named["extra.sources.quarantine.figures.villages_screening_behind"] == behind
    if unstaffed:
        assert named["extra.sources.quarantine.figures.shifts_unstaffed"] == unstaffed
