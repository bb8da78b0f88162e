"""Sample data: layout, determinism, valid identifiers, the article's figures, defects.

The files are read back here with openpyxl and the csv module, independently of
the generator, and every property is checked against the data contract.
"""

import collections
import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from fangkong.catalogue import ENUMS
from fangkong.schemas import TABLES
from fangkong.town import load_town
from stdnum.cn import ric, uscc

ROOT = Path(__file__).resolve().parents[1]
TOWN = load_town(ROOT / "params" / "jiayu.yaml")
END = dt.date(2020, 3, 10)
DAYS = 4
SEED = 7
BRIEF_DEFECTS = {
    "id_excel_number", "id_checksum", "sex_mismatch", "unknown_village", "out_of_range",
    "duplicate_period", "delivered_before_reported", "bad_phone", "bad_uscc", "unknown_person",
}  # fmt: skip
_HEADERS = {
    name: {**{t.meta(c)["zh"]: c for c in t.columns}, **{c: c for c in t.columns}}
    for name, t in TABLES.items()
}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?: (\d{2}):(\d{2}))?$")
_YES = {"是", "y", "yes", "√"}
_NO = {"否", "n", "no", "×"}


# -- reading files back, independently of the generator ------------------------------


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    """Header row and rows (column -> raw cell) of a sample file."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gbk")
        rows = [[c if c != "" else None for c in r] for r in csv.reader(io.StringIO(text))]
    table = path.stem.split("_", 1)[1]
    columns = [_HEADERS[table][h] for h in rows[0]]
    # Read-only openpyxl drops trailing empty cells of a row.
    return rows[0], [dict(zip(columns, r + [None] * (len(columns) - len(r)))) for r in rows[1:]]


def parse_when(value):
    """A date or datetime as the contract accepts it, or None."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return dt.datetime(*(int(g) for g in match.groups() if g is not None))
    except ValueError:
        return None


def code(enum, value):
    for key, (zh, en) in ENUMS[enum].items():
        if value in (key, zh, en):
            return key
    return None


def yes(value):
    text = str(value).strip().lower()
    assert text in _YES | _NO, value
    return text in _YES


def id_ok(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        ric.get_birth_date(value)
    except Exception:
        return False
    return ric.calc_check_digit(value) == value[-1]


def phone_ok(value) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    return bool(re.fullmatch(r"1\d{10}", digits) or re.fullmatch(r"0\d{2,3}-\d{7,8}", value))


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from fangkong.sample import write_sample

    outdir = tmp_path_factory.mktemp("sample")
    manifest = write_sample(outdir, town=TOWN, days=DAYS, seed=SEED, end=END)
    return outdir, manifest


@pytest.fixture(scope="module")
def tables(sample):
    """Path (relative) -> (header, rows), for every file of the sample."""
    outdir, manifest = sample
    return {f.path: read_table(outdir / f.path) for f in manifest.files}


def _defect_cells(manifest, severity=None):
    return {
        (f.path, d["row"], d["column"]): d
        for f in manifest.files
        for d in f.defects
        if severity is None or d["severity"] == severity
    }


def _by_table(manifest, table):
    return [f for f in manifest.files if f.table == table]


# -- layout ---------------------------------------------------------------------------


def test_layout_days_villages_and_tables(sample):
    outdir, manifest = sample
    days = [(END - dt.timedelta(days=n)).isoformat() for n in range(DAYS - 1, -1, -1)]
    assert sorted(p.name for p in outdir.iterdir() if p.is_dir()) == days
    written = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*.*") if p.parent != outdir}
    assert written == {f.path for f in manifest.files}
    for f in manifest.files:
        day, name = f.path.split("/")
        assert day == f.day and name == f"{f.village}_{f.table}.{f.format}"
        assert f.village in TOWN.village_names or f.village == "镇"
    sent = {(f.day, f.village, f.table) for f in manifest.files}
    missing = {(m["day"], m["village"], m["table"]) for m in manifest.missing}
    assert missing and not missing & sent
    daily = [t for t, spec in TABLES.items() if spec.daily]
    for day in days:
        for village in TOWN.village_names:
            for table in daily:
                assert ((day, village, table) in sent) != ((day, village, table) in missing)
        assert (day, "镇", "enterprise_status") in sent
    for village in TOWN.village_names:
        assert (days[0], village, "households") in sent
        assert (days[0], village, "enterprises") in sent
    assert json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_empty_files_have_headers_only_and_formats_vary(sample, tables):
    outdir, manifest = sample
    empty = [f for f in manifest.files if f.rows == 0]
    assert empty
    for f in empty:
        header, rows = tables[f.path]
        assert rows == [] and len(header) == len(TABLES[f.table].columns)
    for f in manifest.files:
        assert len(tables[f.path][1]) == f.rows
    formats = collections.Counter((f.format, f.encoding) for f in manifest.files)
    assert formats[("xlsx", None)] > sum(formats.values()) / 2  # mostly XLSX
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        assert formats[("csv", encoding)], encoding
    for f in manifest.files:
        data = (outdir / f.path).read_bytes()
        if f.encoding == "utf-8-sig":
            assert data.startswith(b"\xef\xbb\xbf")
        elif f.encoding == "utf-8":
            assert not data.startswith(b"\xef\xbb\xbf")
            data.decode("utf-8")
        elif f.encoding == "gbk":
            data.decode("gbk")
            header = tables[f.path][0]
            if f.headers == "zh":
                with pytest.raises(UnicodeDecodeError):
                    data.decode("utf-8")
        header = tables[f.path][0]
        expected = TABLES[f.table].headers(f.headers)
        assert header == list(expected.values())
    assert {f.headers for f in manifest.files} == {"zh", "en"}
    assert {f.dates for f in manifest.files} >= {"cell", "iso", "slash", "zh"}


def test_dates_are_written_as_people_type_them(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    seen = set()
    for f in manifest.files:
        for i, row in enumerate(tables[f.path][1], start=2):
            for column in TABLES[f.table].kind_columns("date", "datetime"):
                value = row[column]
                if value is None or (f.path, i, column) in defects:
                    continue
                assert parse_when(value) is not None, (f.path, i, column, value)
                if isinstance(value, dt.datetime):
                    seen.add("excel cell")
                elif "年" in value:
                    seen.add("年月日")
                elif "/" in value:
                    seen.add("slash")
    assert seen == {"excel cell", "年月日", "slash"}


# -- determinism ----------------------------------------------------------------------


def test_same_seed_same_bytes(sample, tmp_path):
    from fangkong.sample import write_sample

    outdir, manifest = sample
    write_sample(tmp_path, town=TOWN, days=DAYS, seed=SEED, end=END)
    again = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert again == sorted(p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file())
    for rel in again:
        assert (tmp_path / rel).read_bytes() == (outdir / rel).read_bytes(), rel


def test_xlsx_carry_no_clock_time(sample):
    outdir, manifest = sample
    f = next(f for f in manifest.files if f.format == "xlsx")
    with zipfile.ZipFile(outdir / f.path) as archive:
        times = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
    assert times == {(*map(int, f.day.split("-")), 17, 30, 0)}
    assert core.count(f"{f.day}T17:30:00Z") == 2  # created and modified


def test_a_new_sample_replaces_the_previous_one(tmp_path):
    from fangkong.sample import write_sample

    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    write_sample(tmp_path, town=TOWN, days=2, seed=1, end=END)
    manifest = write_sample(tmp_path, town=TOWN, days=1, seed=1, end=END - dt.timedelta(days=3))
    folders = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert folders == [(END - dt.timedelta(days=3)).isoformat()]
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert files == {f.path for f in manifest.files} | {"manifest.json", "notes.txt"}


def test_another_seed_other_data(sample, tmp_path):
    from fangkong.sample import write_sample

    outdir, _ = sample
    write_sample(tmp_path, town=TOWN, days=1, seed=SEED + 1, end=END)
    name = f"{END.isoformat()}/镇_enterprise_status"
    mine = next(outdir.glob(f"{name}.*")).read_bytes()
    other = next(tmp_path.glob(f"{name}.*")).read_bytes()
    assert mine != other


# -- identifiers ----------------------------------------------------------------------


def test_every_id_phone_and_credit_code_is_valid_unless_a_recorded_defect(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    counts = collections.Counter()
    for f in manifest.files:
        spec = TABLES[f.table]
        for i, row in enumerate(tables[f.path][1], start=2):
            for column in spec.columns:
                kind, value = spec.meta(column)["kind"], row[column]
                if value is None or (f.path, i, column) in defects:
                    continue
                if kind == "id_number":
                    assert id_ok(value), (f.path, i, value)
                elif kind == "uscc":
                    assert uscc.is_valid(value), (f.path, i, value)
                elif kind == "phone":
                    assert phone_ok(value), (f.path, i, value)
                counts[kind] += 1
            if f.table == "quarantine" and (f.path, i, "sex") not in defects:
                pid = row["person_id"]
                if id_ok(pid):
                    odd = int(pid[16]) % 2 == 1
                    assert code("sex", row["sex"]) == ("male" if odd else "female"), (f.path, i)
    assert counts["id_number"] > 500 and counts["uscc"] > 300 and counts["phone"] > 500


def test_local_people_carry_the_xingyang_area_code(tables):
    areas = collections.Counter()
    for path, (_, rows) in tables.items():
        if path.endswith(("_households.xlsx", "_households.csv")):
            areas.update(str(r["head_id_number"])[:6] for r in rows)
    assert areas.most_common(1)[0][0] == "410182"


# -- the article's figures and the demo town's shape ----------------------------------


def _registry(manifest, tables):
    firms = {}
    for f in sorted(_by_table(manifest, "enterprises"), key=lambda f: f.day):
        for row in tables[f.path][1]:
            if uscc.is_valid(str(row["enterprise_id"])):
                firms[row["enterprise_id"]] = row
    return firms


def test_the_three_named_firms_are_above_size(sample, tables):
    _, manifest = sample
    names = {
        r["name"]: code("enterprise_category", r["category"])
        for r in _registry(manifest, tables).values()
    }
    for name in ("河南康晖水泥制品有限公司", "首创奥莱", "豫能热电"):
        assert names[name] == "above_size"
    assert 110 <= len(names) <= 130


def test_last_day_resumption_meets_the_article(sample, tables):
    """All above-size firms resumed, below-size > 90 %, street shops > 80 %.

    Firms that did not report count as not resumed; closed firms are left out.
    """
    _, manifest = sample
    firms = _registry(manifest, tables)
    active = {k: r for k, r in firms.items() if code("registry_status", r["status"]) != "closed"}
    (last,) = [f for f in _by_table(manifest, "enterprise_status") if f.day == END.isoformat()]
    resumed = {r["enterprise_id"] for r in tables[last.path][1] if yes(r["resumed"])}
    rates = {}
    for category in ("above_size", "below_size", "street_shop"):
        ids = [
            k for k, r in active.items() if code("enterprise_category", r["category"]) == category
        ]
        rates[category] = sum(k in resumed for k in ids) / len(ids)
    assert rates["above_size"] == 1.0
    assert rates["below_size"] > 0.9
    assert rates["street_shop"] > 0.8
    (first,) = [f for f in _by_table(manifest, "enterprise_status") if f.day == manifest.first]
    earlier = sum(yes(r["resumed"]) for r in tables[first.path][1])
    assert earlier < len(resumed)


def test_quarantine_ledger_is_consistent(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    in_quarantine = collections.Counter()
    for f in _by_table(manifest, "quarantine"):
        day = dt.datetime.fromisoformat(f.day)
        for i, row in enumerate(tables[f.path][1], start=2):
            if any(k[0] == f.path and k[1] == i for k in defects):
                continue
            start, end = parse_when(row["start_date"]), parse_when(row["end_date"])
            assert end - start == dt.timedelta(days=14) and start <= day
            status = code("quarantine_status", row["status"])
            if status == "released":
                assert day >= end
            if status == "quarantined":
                in_quarantine[f.day] += 1
            for role in ("police", "doctor", "town_staff", "village_cadre"):
                assert row[role]
            reason = code("quarantine_reason", row["reason"])
            assert (row["employer"] is not None) == (reason == "returning_worker")
            assert (row["origin"] is None) == (reason == "close_contact")
    assert 30 <= in_quarantine[END.isoformat()] <= 80


def test_health_checks_twice_a_day_inside_the_period(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    ledgers = {}
    for f in _by_table(manifest, "quarantine"):
        for row in tables[f.path][1]:
            ledgers[(f.day, row["person_id"])] = row
    visits = collections.Counter()
    fevers = 0
    for f in _by_table(manifest, "health_checks"):
        for i, row in enumerate(tables[f.path][1], start=2):
            if any(k[:2] == (f.path, i) for k in defects):
                continue
            person = ledgers[(f.day, row["person_id"])]
            assert code("quarantine_status", person["status"]) == "quarantined"
            at = parse_when(row["checked_at"])
            assert at.date().isoformat() == f.day
            assert (
                parse_when(person["start_date"])
                <= at
                <= parse_when(person["end_date"]) + dt.timedelta(days=1)
            )
            visits[(f.day, row["person_id"], at.hour < 12)] += 1
            fevers += float(row["temperature_c"]) >= 37.3
    assert set(visits.values()) == {1}  # at most one morning and one afternoon visit
    assert fevers >= 1


def test_lost_contact_and_gas_updates_happen(sample, tables):
    _, manifest = sample
    unreached = collections.defaultdict(set)
    for f in _by_table(manifest, "followup_calls"):
        for row in tables[f.path][1]:
            if not yes(row["reached"]):
                unreached[row["person_id"]].add(dt.date.fromisoformat(f.day))
                assert row["mood"] is None
    assert any(d + dt.timedelta(days=1) in days for days in unreached.values() for d in days)
    seen = collections.defaultdict(list)
    for f in sorted(_by_table(manifest, "gas_requests"), key=lambda f: f.day):
        for row in tables[f.path][1]:
            seen[row["request_id"]].append(row["delivered_at"])
    assert any(len(v) == 2 and v[0] is None and v[1] is not None for v in seen.values())


def test_welfare_shapes(sample, tables):
    _, manifest = sample
    households = [r for f in _by_table(manifest, "households") for r in tables[f.path][1]]
    assert 550 <= len(households) <= 700
    assert any(re.search(r"[;；、]", str(r["categories"])) for r in households)
    surplus = set()
    for f in _by_table(manifest, "produce"):
        for row in tables[f.path][1]:
            if float(row["stock_kg"]) > 7 * float(row["sold_kg"]):
                surplus.add(row["village"])
    assert 0 < len(surplus) < len(TOWN.village_names)
    services = {code("service", r["service"]) for f in _by_table(manifest, "volunteer_services")
                for r in tables[f.path][1]}  # fmt: skip
    assert "shuttle" in services


# -- defects --------------------------------------------------------------------------


def test_defects_are_a_small_share_and_every_kind_appears(sample):
    _, manifest = sample
    assert 0.005 <= manifest.defect_share <= 0.03
    assert BRIEF_DEFECTS <= set(manifest.defect_counts())
    assert {"bad_date", "bad_datetime"} & set(manifest.defect_counts())
    assert manifest.defect_counts("warning").get("in_quarantine_mismatch", 0) >= 1
    assert manifest.unforced == []


def _ledger_as_of(manifest, tables, day):
    """Village -> rows of its latest ledger file on or before ``day``."""
    latest = {}
    for f in sorted(_by_table(manifest, "quarantine"), key=lambda f: f.day):
        if f.day <= day:
            latest[f.village] = tables[f.path][1]
    return [r for rows in latest.values() for r in rows]


def test_recorded_defects_are_really_in_the_files(sample, tables):
    _, manifest = sample
    all_people = {
        r["person_id"] for f in _by_table(manifest, "quarantine") for r in tables[f.path][1]
    }
    checked = collections.Counter()
    for f in manifest.files:
        rows = tables[f.path][1]
        for d in f.defects:
            row = rows[d["row"] - 2]
            value = row[d["column"]]
            written = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
            assert written == d["value"], (f.path, d)
            kind = d["defect"]
            if kind == "id_excel_number":
                assert isinstance(value, int) or re.fullmatch(r"\d\.\d{5}E\+17", value)
            elif kind == "id_checksum":
                assert len(value) == 18 and ric.calc_check_digit(value) != value[-1]
            elif kind == "sex_mismatch":
                odd = int(row["person_id"][16]) % 2 == 1
                assert code("sex", value) == ("female" if odd else "male")
            elif kind == "unknown_village":
                assert value not in TOWN.village_names
            elif kind in ("bad_date", "bad_datetime"):
                assert parse_when(value) is None
            elif kind == "out_of_range":
                assert not 35.0 <= float(value) <= 42.0
            elif kind == "bad_phone":
                assert not phone_ok(value)
            elif kind == "bad_uscc":
                assert not uscc.is_valid(value)
            elif kind == "duplicate_period":
                twins = [r for r in rows if r["person_id"] == value]
                assert len(twins) == 2
                (a, b) = twins
                assert parse_when(a["start_date"]) <= parse_when(b["end_date"])
                assert parse_when(b["start_date"]) <= parse_when(a["end_date"])
            elif kind == "unknown_person":
                assert id_ok(value) and value not in all_people
            elif kind == "delivered_before_reported":
                assert parse_when(value) < parse_when(row["reported_at"])
            elif kind == "in_quarantine_mismatch":
                ledger = _ledger_as_of(manifest, tables, f.day)
                expected = sum(
                    1 for r in ledger
                    if r["employer"] == row["enterprise_id"]
                    and code("quarantine_status", r["status"]) == "quarantined"
                )  # fmt: skip
                assert int(value) != expected
            else:
                raise AssertionError(f"unchecked defect {kind}")
            checked[kind] += 1
    assert set(checked) == set(manifest.defect_counts()) | set(manifest.defect_counts("warning"))


def test_unrecorded_in_quarantine_counts_match_the_ledger(sample, tables):
    _, manifest = sample
    warned = _defect_cells(manifest, "warning")
    compared = 0
    for f in _by_table(manifest, "enterprise_status"):
        counts = collections.Counter(
            r["employer"] for r in _ledger_as_of(manifest, tables, f.day)
            if code("quarantine_status", r["status"]) == "quarantined" and r["employer"]
        )  # fmt: skip
        for i, row in enumerate(tables[f.path][1], start=2):
            if (f.path, i, "in_quarantine") not in warned and uscc.is_valid(row["enterprise_id"]):
                assert int(row["in_quarantine"]) == counts[row["enterprise_id"]], (f.path, i)
                compared += 1
    assert compared > 300


# -- scaling --------------------------------------------------------------------------


def test_scaled_town_is_a_city_of_two_million(tmp_path):
    from fangkong.sample import scaled_town, write_town_file

    assert scaled_town(TOWN, 1) is TOWN
    city = scaled_town(TOWN, 30)
    assert len(city.villages) == 30 * 15 and len(city.zones) == 30 * 5
    assert city.population == 30 * 65000
    assert sum(v.population for v in city.villages) == 1_950_000
    assert len(set(city.village_names)) == len(city.villages)
    assert not any("_" in name for name in city.village_names)
    assert city.village_names[:15] == TOWN.village_names
    assert all(v.sample for v in city.villages[15:])
    assert load_town(write_town_file(city, tmp_path / "town.yaml")) == city
    with pytest.raises(ValueError):
        scaled_town(TOWN, 0)


def test_a_two_day_scale_two_run(tmp_path):
    from fangkong.sample import write_sample

    manifest = write_sample(tmp_path, town=TOWN, days=2, scale=2, seed=3, end=END)
    city = load_town(tmp_path / "town.yaml")
    assert manifest.town_file == "town.yaml" and len(city.villages) == 30
    assert {f.village for f in manifest.files} == set(city.village_names) | {"镇"}
    daily = [f for f in manifest.files if TABLES[f.table].daily]
    assert sum(f.format == "csv" for f in daily) > 0.8 * len(daily)
    firms = sum(f.rows for f in manifest.files if f.table == "enterprises")
    assert 230 <= firms <= 260
