"""Fixtures shared by the tests of every folder.

Folder fixtures live in the folder's conftest.py (tests/ingest, tests/delivery,
tests/reports and one per report); rows and files made by hand live in the helper
modules beside this file (factories.py, ingest_helpers.py, store_rows.py, ...), which
every test can import (pyproject: ``pythonpath = ["tests"]``).
"""

import datetime as _dt
from types import SimpleNamespace as _Namespace

import pytest as _pytest
import real_parts as _real_parts
import yaml as _yaml
from repo_paths import DEMO_TOWN_FILE as _DEMO_TOWN_FILE


@_pytest.fixture(scope="session")
def demo_town():
    """The demo town, 贾峪镇 (params/jiayu.yaml); a ``Town`` is immutable."""
    from fangkong.town import load_town

    return load_town(_DEMO_TOWN_FILE)


@_pytest.fixture(scope="session")
def small_town():
    """The three-village town of the quarantine fixtures below (``_TOWN_YAML``)."""
    from fangkong.town import Town

    return Town.model_validate(_yaml.safe_load(_TOWN_YAML))


@_pytest.fixture(scope="session")
def demo_sample(tmp_path_factory, demo_town):
    """(folder, manifest) of sample village files of the demo town: DAYS days to END,
    seed SEED (tests/sample_files.py). Read only: tests that change files copy them."""
    from fangkong.sample import write_sample
    from sample_files import DAYS, END, SEED

    outdir = tmp_path_factory.mktemp("sample")
    return outdir, write_sample(outdir, town=demo_town, days=DAYS, seed=SEED, end=END)


@_pytest.fixture(scope="session")
def bulletin_inputs(tmp_path_factory, demo_sample, demo_town):
    """The bulletin's inputs: the shared sample of the demo town ingested into a store,
    and the three reports' sidecars of its last day written as the runner writes them.

    Returns ``(folder, db_url, day)``; the folder holds ``<report>.json``.
    """
    import json

    from fangkong import registry
    from fangkong.demo import ingest_days
    from fangkong.store.database import open_store
    from sample_files import END

    root = tmp_path_factory.mktemp("bulletin")
    db_url = f"sqlite:///{root / 'store.db'}"
    store = open_store(db_url)
    ingest_days(demo_sample[0], store=store, town=demo_town, rejects_dir=root / "rejects")
    store.close()
    folder = root / END.isoformat()
    folder.mkdir()
    for name in registry.get("bulletin").reads_reports:
        cls = registry.get(name).load_class()
        report = cls.from_store(END, str(_DEMO_TOWN_FILE), db_url, trend_days=7)
        payload = json.dumps(report.sidecar().payload, ensure_ascii=False)
        (folder / f"{name}.json").write_text(payload, encoding="utf-8")
    return folder, db_url, END


@_pytest.fixture
def store(tmp_path):
    """An empty store in ``tmp_path / "store.db"``, closed after the test."""
    from fangkong.store.database import Store

    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.close()


# --- Quarantine report fixtures (reports/quarantine/test_notebook.py, delivery/) -----
# A three-village town and two days of real village files (XLSX and CSV), ingested
# into a real SQLite store. What each row means for the report on 2020-03-10 is in
# the comments; tests work their expected figures out from these rows.

QUARANTINE_DAY = _dt.date(2020, 3, 10)

_TOWN_YAML = """\
id: test
name: 试验镇
county: 某县
city: 某市
population: 3000
area_km2: 10.0
zones:
  - {name: 一区, commander: 甲}
  - {name: 二区, commander: 乙}
villages:
  - {name: 甲村, zone: 一区, population: 1000, party_groups: 1}
  - {name: 乙村, zone: 一区, population: 1000, party_groups: 1}
  - {name: 丙村, zone: 二区, population: 1000, party_groups: 1}
"""


def _quarantine_people():
    from factories import credit_code, resident_id

    firm = credit_code(7)
    team = {
        "包联民警": "<i>民警甲</i>",
        "包联医生": "医生乙",
        "包联镇干部": "干部丙",
        "包联村干部": "村干丁",
    }
    base = {"住址": "甲村1组", "状态": "隔离中", **team}
    people = {
        # A: in quarantine all along; anxious on the phone today.
        "A": base | {"身份证号": resident_id("19800101", 11), "姓名": "张三", "性别": "男",
                     "联系电话": "13812345678", "所属村": "甲村", "隔离类型": "密切接触者",
                     "隔离开始日期": "2020-03-01", "隔离解除日期": "2020-03-15"},
        # B: returning worker of the firm, which reports 2 in quarantine (the ledger has 1).
        "B": base | {"身份证号": resident_id("19850505", 23), "姓名": "李四", "性别": "男",
                     "联系电话": "13987654321", "所属村": "甲村", "隔离类型": "外地返岗人员",
                     "来源地": "广州", "隔离开始日期": "2020-03-05", "隔离解除日期": "2020-03-19",
                     "返岗企业": firm},
        # C: released today, the last day of the period, with a fever at the morning visit.
        "C": base | {"身份证号": resident_id("19900909", 34), "姓名": "王芳", "性别": "女",
                     "联系电话": "13700001111", "所属村": "乙村", "住址": "乙村2组",
                     "隔离类型": "中高风险地区返乡", "来源地": "武汉",
                     "隔离开始日期": "2020/2/25", "隔离解除日期": "2020/3/10"},
        # D: new today; markup in the address (addresses are not shown: it must not leak).
        "D": base | {"身份证号": resident_id("19750303", 45), "姓名": "赵六", "性别": "男",
                     "联系电话": "13600002222", "所属村": "甲村",
                     "住址": "<script>alert(1)</script>", "隔离类型": "其他", "来源地": "郑州",
                     "隔离开始日期": "2020-03-10", "隔离解除日期": "2020-03-24"},
    }  # fmt: skip
    return firm, people


@_pytest.fixture(scope="session")
def quarantine_data(tmp_path_factory):
    """A real store with two days of quarantine data for the town above.

    Returns a namespace: ``day`` (2020-03-10), ``town_file``, ``db_url``,
    ``people`` (label -> ledger row as typed) and ``firm`` (credit code).
    """
    from fangkong.ingest.batch import ingest_paths
    from fangkong.store.database import open_store
    from fangkong.town import load_town
    from ingest_helpers import write_xlsx

    root = tmp_path_factory.mktemp("quarantine_data")
    town_file = root / "town.yaml"
    town_file.write_text(_TOWN_YAML, encoding="utf-8")
    town = load_town(town_file)
    db_url = f"sqlite:///{root / 'store.db'}"
    firm, p = _quarantine_people()
    ledger_headers = list(p["B"])
    ids = {k: v["身份证号"] for k, v in p.items()}
    files: dict = {}

    def day_dir(day):
        folder = root / "files" / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        files.setdefault(day, [])
        return folder

    d0, d1, d2 = (QUARANTINE_DAY - _dt.timedelta(days=n) for n in (2, 1, 0))
    firm_row = {"统一社会信用代码": firm, "企业名称": "试验机械厂", "所在村": "甲村",
                "企业类型": "规上企业", "职工总数": 50, "联系人": "赵经理",
                "联系电话": "0371-64661234", "驻厂防控员": "孙防控"}  # fmt: skip
    f = day_dir(d0)
    files[d0].append(write_xlsx(f / "enterprises.xlsx", [firm_row]))
    # D-1: A, B and C in quarantine; 丙村 submits an explicit empty ledger (CSV).
    f = day_dir(d1)
    files[d1] += [
        write_xlsx(f / "甲村_quarantine.xlsx", [p["A"], p["B"]], headers=ledger_headers),
        write_xlsx(f / "乙村_quarantine.xlsx", [p["C"]], headers=ledger_headers),
        _empty_csv(f / "丙村_quarantine.csv", ledger_headers),
    ]

    def check(who, at, temp, symptoms="无"):
        return {"身份证号": ids[who], "监测时间": f"2020-03-10 {at}", "体温": temp,
                "症状": symptoms, "医护人员": "医生乙"}  # fmt: skip

    def call(who, at, reached, mood="", needs=""):
        return {"身份证号": ids[who], "回访时间": f"2020-03-10 {at}", "是否接通": reached,
                "心理状态": mood, "诉求": needs, "回访人": "话务员"}  # fmt: skip

    # D: D is new, C is released; 丙村 again has nobody (now an empty XLSX).
    f = day_dir(d2)
    released = p["C"] | {"状态": "已解除"}
    status = {"统一社会信用代码": firm, "日期": "2020-03-10", "是否复工": "是",
              "复工日期": "2020-03-01", "在岗人数": 40, "外地返岗人数": 5, "隔离中人数": 2,
              "口罩库存(只)": 500, "消毒液库存(升)": 20, "防控员在岗": "是", "当日消杀": "是",
              "员工健康打卡": "是", "在线申报备案": "是"}  # fmt: skip
    files[d2] += [
        write_xlsx(f / "甲村_quarantine.xlsx", [p["A"], p["B"], p["D"]], headers=ledger_headers),
        write_xlsx(f / "乙村_quarantine.xlsx", [released], headers=ledger_headers),
        _empty_xlsx(f / "丙村_quarantine.xlsx", ledger_headers),
        write_xlsx(f / "甲村_health_checks.xlsx", [
            check("A", "08:00", 36.5),
            check("A", "12:00", 36.6),  # exactly noon: the afternoon visit, so A has both
            check("B", "09:00", 37.5),  # a fever; no afternoon visit. D: no visit at all
            check("A", "15:00", 45),  # rejected at ingest: outside 35-42 °C
        ]),
        write_xlsx(f / "乙村_health_checks.xlsx", [check("C", "09:00", 38.0, "发热、咳嗽")]),
        write_xlsx(f / "甲村_disinfections.xlsx", [
            {"身份证号": ids["A"], "消杀时间": "2020-03-10 10:00", "消杀人员": "消杀员"},
        ]),
        write_xlsx(f / "甲村_followup_calls.xlsx", [
            call("A", "10:00", "是", "焦虑", "<script>alert('x')</script>代买药，回电13912345678"),
            call("B", "11:00", "是", "平稳"),
            call("D", "15:00", "否"),
        ]),
        # The firm reports 2 workers in quarantine; the ledger has B only.
        write_xlsx(f / "甲村_enterprise_status.xlsx", [status]),
    ]  # fmt: skip
    store = open_store(db_url)
    try:
        for day, paths in files.items():
            at = _dt.datetime.combine(day, _dt.time(17, 0))
            report = ingest_paths(
                paths, store=store, town=town, submitted_on=day,
                rejects_dir=root / "rejects", ingested_at=at,
            )  # fmt: skip
            for result in report.files:
                assert result.rows_in == result.accepted + result.rejected, result
    finally:
        store.close()
    return _Namespace(
        day=QUARANTINE_DAY, town_file=town_file, db_url=db_url, people=p, firm=firm, root=root
    )


def _empty_csv(path, headers):
    path.write_text(",".join(headers) + "\n", encoding="utf-8")
    return path


def _empty_xlsx(path, headers):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(headers)
    wb.save(path)
    return path


# --- end of quarantine report fixtures ----------------------------------------------


# --- Every report's sidecar on its fixture store (reports/test_sidecar.py, delivery/) ---


@_pytest.fixture(scope="session")
def welfare_store_url(tmp_path_factory):
    """A store holding the hand-made welfare rows (tests/welfare_rows.py), as a URL."""
    from fangkong.store.database import Store
    from welfare_rows import fill_store

    path = tmp_path_factory.mktemp("welfare_store") / "store.db"
    fill_store(Store(f"sqlite:///{path}")).close()
    return f"sqlite:///{path}"


@_pytest.fixture(scope="session")
def reopening_store_url(tmp_path_factory):
    """A store holding the hand-made reopening rows (tests/reopening_rows.py), as a URL."""
    from fangkong.store.database import Store
    from reopening_rows import fill_store

    path = tmp_path_factory.mktemp("reopening_store") / "store.db"
    fill_store(Store(f"sqlite:///{path}")).close()
    return f"sqlite:///{path}"


@_pytest.fixture(scope="session")
def report_sidecars(quarantine_data, welfare_store_url, reopening_store_url) -> dict[str, dict]:
    """Report name -> its sidecar, for each report made from the store (not the bulletin,
    which reads theirs), built by its report class on its fixture store (the
    quarantine store above, the welfare and reopening ones of the demo town) for
    2020-03-10, through JSON as the runner writes it. Read only: copy to change one."""
    import json

    from fangkong import registry

    stores = {"welfare": welfare_store_url, "reopening": reopening_store_url}
    out = {}
    for entry in registry.REPORTS:
        if entry.reads_reports:
            continue  # the bulletin reads these: bulletin_inputs
        if entry.name == "quarantine":
            town_file, db_url, day = (
                quarantine_data.town_file,
                quarantine_data.db_url,
                quarantine_data.day,
            )
        else:
            town_file, db_url, day = _DEMO_TOWN_FILE, stores[entry.name], "2020-03-10"
        report = entry.load_class().from_store(day, str(town_file), db_url, trend_days=3)
        out[entry.name] = json.loads(json.dumps(report.sidecar().payload, ensure_ascii=False))
    return out


# --- real parts (tests/real_parts.py): fixtures, a skip that fails in CI, the count --------

_REAL_RUNS: dict[str, dict[str, int]] = {}


@_pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (a test marked ``real("chromium")``)."""
    path = _real_parts.chromium()
    if path is None:
        _pytest.skip(_real_parts.missing_reason("chromium"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: the tests may run as root (CI).
        launched = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@_pytest.fixture(scope="session")
def soffice():
    """LibreOffice's ``soffice`` (with poppler's pdftoppm), for a test marked
    ``real("libreoffice")``."""
    path = _real_parts.libreoffice()
    if path is None:
        _pytest.skip(_real_parts.missing_reason("libreoffice"))
    return path


@_pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    marker = item.get_closest_marker("real")
    if marker is None or (report.when != "call" and not report.skipped):
        return
    part = marker.args[0]
    runs = _REAL_RUNS.setdefault(part, {"ran": 0, "skipped": 0})
    if hasattr(report, "wasxfail"):  # it ran, and failed as expected
        runs["ran"] += report.when == "call"
    elif report.skipped:
        runs["skipped"] += 1
        if _real_parts.in_ci():
            report.outcome = "failed"
            report.longrepr = f"skipped under .ci/run, which must run it: {report.longrepr}"
    elif report.when == "call":
        runs["ran"] += 1


def pytest_terminal_summary(terminalreporter):
    if not _REAL_RUNS:
        return
    ran = ", ".join(f"{runs['ran']} with {part}" for part, runs in sorted(_REAL_RUNS.items()))
    terminalreporter.write_line(f"real parts: {ran}")
    for part, runs in sorted(_REAL_RUNS.items()):
        if runs["skipped"]:
            terminalreporter.write_line(
                f"NOT RUN: {runs['skipped']} tests need {part}: "
                f"{_real_parts.INSTALL[part]} (as root), or run .ci/run"
            )
