"""XLSX input templates: opened with openpyxl and checked property by property."""

import datetime as dt

import pytest
from factories import resident_id
from fangkong.catalogue import ENUMS
from fangkong.schemas import TABLES
from fangkong.town import Policy, load_town
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from repo_paths import ROOT
from stdnum.cn import ric, uscc

TOWN = load_town(ROOT / "params" / "jiayu.yaml")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    from fangkong.ingest.templates import write_templates

    outdir = tmp_path_factory.mktemp("templates")
    return write_templates(outdir, town=TOWN)


def _book(paths, table):
    (path,) = [p for p in paths if p.name == f"{table}.xlsx"]
    return load_workbook(path)


def _validations(sheet):
    """Column letter -> the list validation on it."""
    out = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            out[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return out


def _letter(table, column):
    return get_column_letter(TABLES[table].columns.index(column) + 1)


def _rules(book):
    """English column name -> (header, kind, rule) from the instructions sheet."""
    rows = list(book["说明"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "表头")
    return {r[1]: (r[0], r[2], r[3]) for r in rows[top + 1 :]}


def test_one_file_per_table_named_after_it(written):
    assert [p.name for p in written] == [f"{name}.xlsx" for name in TABLES]
    assert all(p.exists() for p in written)


@pytest.mark.parametrize("table", list(TABLES))
def test_data_sheet_headers_bold_frozen_and_instructions_sheet(written, table):
    book = _book(written, table)
    assert book.sheetnames[0] == TABLES[table].zh
    assert "说明" in book.sheetnames
    sheet = book[TABLES[table].zh]
    header = [c.value for c in sheet[1]]
    assert header == [TABLES[table].meta(c)["zh"] for c in TABLES[table].columns]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2  # the header and one example row


@pytest.mark.parametrize("table", list(TABLES))
def test_example_row_is_filled_and_typed(written, table):
    sheet = _book(written, table)[TABLES[table].zh]
    spec = TABLES[table]
    for i, column in enumerate(spec.columns, start=1):
        meta, letter = spec.meta(column), get_column_letter(i)
        cell = sheet.cell(row=2, column=i)
        if meta["required"]:
            assert cell.value not in (None, ""), column
        if meta["kind"] in ("id_number", "phone", "uscc"):
            assert sheet.column_dimensions[letter].number_format == "@", column
            if cell.value is not None:
                assert isinstance(cell.value, str) and cell.number_format == "@", column
        if meta["kind"] == "id_number":
            assert ric.calc_check_digit(cell.value) == cell.value[-1]
            ric.get_birth_date(cell.value)  # raises on an impossible date
        if meta["kind"] == "uscc" and cell.value:
            assert uscc.is_valid(cell.value)
        if meta["kind"] in ("date", "datetime"):
            expected = "yyyy-mm-dd" if meta["kind"] == "date" else "yyyy-mm-dd hh:mm"
            assert sheet.column_dimensions[letter].number_format == expected
            if cell.value is not None:
                assert isinstance(cell.value, dt.datetime) and cell.number_format == expected


@pytest.mark.parametrize("table", list(TABLES))
def test_drop_downs_for_enumerations_yes_no_and_villages(written, table):
    sheet = _book(written, table)[TABLES[table].zh]
    validations = _validations(sheet)
    spec = TABLES[table]
    for column in spec.columns:
        meta, letter = spec.meta(column), _letter(table, column)
        if meta["kind"] in ("enum", "set"):
            labels = [zh for zh, _ in ENUMS[meta["enum"]].values()]
            validation = validations[letter]
            assert validation.type == "list"
            assert validation.formula1 == '"' + ",".join(labels) + '"'
            # One value from a list is enforced; a multi-valued cell cannot be.
            assert bool(validation.showErrorMessage) == (meta["kind"] == "enum")
            example = sheet[f"{letter}2"].value
            if example is not None and meta["kind"] == "enum":
                assert example in labels
            assert f"{letter}2:{letter}2000" in str(validation.sqref)
        elif meta["kind"] == "yesno":
            assert validations[letter].formula1 == '"是,否"'
        elif column == "village":
            assert validations[letter].formula1 == '"' + ",".join(TOWN.village_names) + '"'
        else:
            assert letter not in validations, column


@pytest.mark.parametrize("table", list(TABLES))
def test_instructions_list_every_column_with_type_and_rule(written, table):
    book = _book(written, table)
    assert book["说明"]["A1"].value == f"{TABLES[table].zh}填写说明"
    rules = _rules(book)
    spec = TABLES[table]
    assert list(rules) == spec.columns
    kinds = {"id_number": "身份证号", "date": "日期", "datetime": "日期时间", "yesno": "是/否",
             "int": "整数", "enum": "单选", "set": "多选"}  # fmt: skip
    for column in spec.columns:
        meta = spec.meta(column)
        header, kind, rule = rules[column]
        assert header == meta["zh"]
        assert kind == kinds.get(meta["kind"], kind) and kind
        assert rule.startswith("必填" if meta["required"] else "选填"), (column, rule)
        if meta["kind"] in ("enum", "set"):
            assert all(zh in rule for zh, _ in ENUMS[meta["enum"]].values())


def test_rules_spell_out_ranges_and_cross_column_rules(written):
    rules = {}
    for table in ("health_checks", "quarantine", "gas_requests", "households"):
        rules |= {(table, c): r[2] for c, r in _rules(_book(written, table)).items()}
    assert "35–42" in rules[("health_checks", "temperature_c")]
    assert "1–20" in rules[("households", "members")]
    assert "1–5" in rules[("gas_requests", "cylinders")]
    assert "14天" in rules[("quarantine", "end_date")]
    assert "非密切接触者必填" in rules[("quarantine", "origin")]
    assert "不得早于上报时间" in rules[("gas_requests", "delivered_at")]
    assert "不得重复" in rules[("households", "household_id")]
    assert "本镇的村名" in rules[("quarantine", "village")]


def test_the_duty_templates_state_their_cross_column_rules_and_lists(written):
    """Screening, checkpoints, duty, patrols, farming and the volunteers' new columns."""
    rules = {}
    for table in ("screening", "checkpoints", "checkpoint_duty", "patrols", "farming"):
        rules |= {(table, c): r[2] for c, r in _rules(_book(written, table)).items()}
    rules |= {
        ("volunteer_services", c): r[2]
        for c, r in _rules(_book(written, "volunteer_services")).items()
    }
    assert "不超过发现外地返乡人员数" in rules[("screening", "risk_area_found")]
    assert "1–2" in rules[("checkpoints", "shifts_per_day")]
    assert "不得重复" in rules[("checkpoints", "checkpoint_id")]
    assert "须为防疫站点台账中的站点编号" in rules[("checkpoint_duty", "checkpoint_id")]
    assert "一班制站点填“全天”" in rules[("checkpoint_duty", "shift")]
    assert "晚于开始时间" in rules[("patrols", "ended_at")]
    assert "不超过巡逻人数" in rules[("patrols", "party_members")]
    assert "不超过计划面积" in rules[("farming", "sown_mu")]
    assert "困难群众台账" in rules[("volunteer_services", "household_id")]
    assert "不超过志愿者人数" in rules[("volunteer_services", "party_members")]
    duty = _validations(_book(written, "checkpoint_duty")["站点执勤记录"])
    assert duty[_letter("checkpoint_duty", "shift")].formula1 == '"白班,夜班,全天"'
    farming = _validations(_book(written, "farming")["春耕备耕"])
    assert "化肥" in farming[_letter("farming", "needs")].formula1


def test_quarantine_days_come_from_the_town(tmp_path):
    from fangkong.ingest.templates import write_template

    town = TOWN.model_copy(update={"policy": Policy(quarantine_days=21)})
    book = load_workbook(write_template("quarantine", tmp_path / "q.xlsx", town))
    assert "21天" in _rules(book)["end_date"][2]


def test_without_a_town_no_village_list(tmp_path):
    from fangkong.ingest.templates import write_templates

    paths = write_templates(tmp_path)
    sheet = _book(paths, "quarantine")["居家隔离人员台账"]
    letter = _letter("quarantine", "village")
    assert letter not in _validations(sheet)
    assert sheet[f"{letter}2"].value == "槐林村"


def test_a_long_village_list_goes_on_a_hidden_sheet(tmp_path):
    from fangkong.ingest.templates import write_template
    from fangkong.sample import scaled_town

    city = scaled_town(TOWN, 3)
    book = load_workbook(write_template("produce", tmp_path / "p.xlsx", city))
    lists = book["选项"]
    assert lists.sheet_state == "hidden"
    assert [r[0] for r in lists.iter_rows(values_only=True)] == city.village_names
    validation = _validations(book["农产品产销"])[_letter("produce", "village")]
    assert validation.formula1 == f"'选项'!$A$1:$A${len(city.village_names)}"


def test_same_input_same_bytes(tmp_path):
    from fangkong.ingest.templates import write_templates

    first = write_templates(tmp_path / "a", town=TOWN)
    second = write_templates(tmp_path / "b", town=TOWN)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def _ingest(paths, tmp_path, alerts=False):
    """Ingest into a new real SQLite store; the report and the store's tables' rows.

    With ``alerts``, the store has first given the key the feedback example names
    (Q-0001, the quarantine report's first alert, on the example's day).
    """
    import pandas as pd
    from fangkong.ingest.batch import ingest_paths
    from fangkong.store.database import open_store

    day = dt.date(2020, 2, 21)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        if alerts:
            items = pd.DataFrame({"kind": ["fever"], "subject": ["x"], "village": ["槐林村"]})
            keys = store.record_alerts(
                TOWN.id, "quarantine", "Q", day, items, recorded_at=dt.datetime(2020, 2, 21, 18)
            )
            assert keys["key"].tolist() == ["Q-0001"]
        report = ingest_paths(
            paths, store=store, town=TOWN, submitted_on=day, rejects_dir=tmp_path / "rejects"
        )
        stored = {
            "quarantine": len(store.ledger(day)),
            "households": len(store.registry("households", day)),
            "health_checks": len(store.events("health_checks", day, day)),
        }
    finally:
        store.close()
    return report, stored


def test_example_rows_pass_every_other_check(written, tmp_path, monkeypatch):
    """Every template's example row, were it data, would be accepted: it teaches good rows."""
    monkeypatch.setattr(
        "fangkong.ingest.batch.example_mask", lambda table, typed, first: first & False
    )
    report, _ = _ingest(written, tmp_path, alerts=True)
    summary = report.summary()
    assert (summary["status"] == "ingested").all(), summary
    assert summary["rows_in"].tolist() == [1] * len(TABLES)
    assert summary["accepted"].tolist() == [1] * len(TABLES), report.issues()
    assert summary["warnings"].sum() == 0, report.issues()


def test_an_untouched_template_stores_nothing(written, tmp_path):
    """Example rows are never data: each is rejected as the example, and for nothing else."""
    report, stored = _ingest(written, tmp_path)
    summary = report.summary()
    assert summary["rows_in"].tolist() == [1] * len(TABLES)
    assert summary["accepted"].tolist() == [0] * len(TABLES)
    assert summary["rejected"].tolist() == [1] * len(TABLES)
    assert report.issues()["code"].tolist() == ["example_row"] * len(TABLES)
    assert stored == {"quarantine": 0, "households": 0, "health_checks": 0}
    rejects = next(f.rejects_path for f in report.files if f.path.name == "quarantine.xlsx")
    assert "模板的示例行" in rejects.read_text(encoding="utf-8-sig")


def test_example_row_left_above_real_rows_is_not_stored_but_they_are(tmp_path):
    """A cadre who typed under the example, in a CSV copy with English headers and
    another village: the example row is still recognised, the real rows stored."""
    import csv

    from fangkong.ingest.templates import write_template

    book = load_workbook(write_template("quarantine", tmp_path / "q.xlsx"))  # 槐林村
    header, example = [list(r) for r in book.active.iter_rows(max_row=2, values_only=True)]
    real = dict(zip(header, example), **{"姓名": "王芳", "身份证号": resident_id("19900101", 124)})
    real["性别"] = "女"
    overwritten = dict(zip(header, example), **{"姓名": "张伟伟"})  # one cell changed: data
    moved = dict(zip(header, example), **{"所属村": TOWN.village_names[1]})
    moved["住址"] = f"{TOWN.village_names[1]}五组8号"
    path = tmp_path / "南河村_quarantine.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TABLES["quarantine"].columns)
        for row in (moved, real):
            writer.writerow(["" if row[h] is None else row[h] for h in header])
    report, stored = _ingest([path], tmp_path)
    assert (report.files[0].accepted, report.files[0].rejected) == (1, 1), report.issues()
    assert report.issues()["code"].tolist() == ["example_row"]
    assert stored["quarantine"] == 1
    report, stored = _ingest([_xlsx(tmp_path / "q2.xlsx", header, [overwritten])], tmp_path)
    assert report.files[0].accepted == 1, report.issues()


def test_example_row_left_in_does_not_reject_a_real_row_with_its_key(tmp_path):
    """The households example (H0010001, the sample's own ID format) left above a
    real household H0010001: the example is rejected as such, the real row stored."""
    from fangkong.ingest.templates import write_template

    book = load_workbook(write_template("households", tmp_path / "h.xlsx", town=TOWN))
    header, example = [list(r) for r in book.active.iter_rows(max_row=2, values_only=True)]
    real = dict(zip(header, example), **{"户主姓名": "王大山", "联系电话": "13800138000"})
    real["户主身份证号"] = resident_id("19500101", 11)
    rows = [dict(zip(header, example)), real]
    report, stored = _ingest([_xlsx(tmp_path / "槐林村_households.xlsx", header, rows)], tmp_path)
    assert (report.files[0].accepted, report.files[0].rejected) == (1, 1), report.issues()
    assert report.issues()["code"].tolist() == ["example_row"]
    assert stored["households"] == 1


def test_a_row_equal_to_the_example_but_not_first_is_data(tmp_path):
    """Only the first row under the header can be the example: a real 爱心企业 ¥10000
    donation further down, the same as the example, is stored."""
    from fangkong.ingest.templates import write_template

    book = load_workbook(write_template("donations", tmp_path / "d.xlsx", town=TOWN))
    header, example = [list(r) for r in book.active.iter_rows(max_row=2, values_only=True)]
    first = dict(zip(header, example), **{"捐赠方": "郑州某商贸公司"})
    path = _xlsx(tmp_path / "槐林村_donations.xlsx", header, [first, dict(zip(header, example))])
    report, _ = _ingest([path], tmp_path)
    assert (report.files[0].accepted, report.files[0].rejected) == (2, 0), report.issues()


def _xlsx(path, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([row[h] for h in header])
    book.save(path)
    return path


def test_example_ids_pass_the_check_digits():
    """The example rows' literal IDs and credit code pass ingest's own checks."""
    from fangkong.ingest.identifiers import credit_code_problem, id_sex, resident_id_problem
    from fangkong.ingest.templates import EXAMPLE_CREDIT_CODE, EXAMPLE_HEAD_ID, EXAMPLE_PERSON_ID

    assert resident_id_problem(EXAMPLE_PERSON_ID) is None
    assert resident_id_problem(EXAMPLE_HEAD_ID) is None
    assert credit_code_problem(EXAMPLE_CREDIT_CODE) is None
    # The example person is a man born 1986-05-12, the household head a woman born 1948-09-03.
    assert (id_sex(EXAMPLE_PERSON_ID), EXAMPLE_PERSON_ID[6:14]) == ("male", "19860512")
    assert (id_sex(EXAMPLE_HEAD_ID), EXAMPLE_HEAD_ID[6:14]) == ("female", "19480903")


def test_templates_do_not_import_the_sample_generator():
    import subprocess
    import sys

    code = (
        "import sys, fangkong.ingest.templates\n"
        "assert not [m for m in sys.modules if m.startswith('fangkong.sample')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
