import datetime as dt

import pandas as pd
import pytest
from factories import credit_code, resident_id
from fangkong.ingest.normalise import fold, normalise_column
from ingest_helpers import DAY, check, ingest, person, write_csv, write_xlsx


def one(value, kind, enum=None):
    values, problems = normalise_column(pd.Series([value], dtype=object), kind, enum)
    problem = problems.iloc[0]
    return (None if pd.isna(values.iloc[0]) else values.iloc[0]), (
        None if pd.isna(problem) else problem
    )


@pytest.mark.parametrize(
    "raw",
    [
        "2020-03-01",
        "2020/3/1",
        "2020年3月1日",
        "2020.3.1",
        dt.datetime(2020, 3, 1),
        43891,
        "２０２０-０３-０１",
    ],
)
def test_dates_people_type_are_read(raw):
    assert one(raw, "date") == (pd.Timestamp("2020-03-01"), None)


@pytest.mark.parametrize("raw", ["3/1/2020", "2020-02-30", "yesterday", "2020-13-01"])
def test_unreadable_dates_are_rejected_not_guessed(raw):
    assert one(raw, "date") == (None, "bad_date")


def test_datetimes_need_a_time():
    assert one("2020/3/1 8:05", "datetime") == (pd.Timestamp("2020-03-01 08:05"), None)
    assert one("2020年3月1日 12:00", "datetime") == (pd.Timestamp("2020-03-01 12:00"), None)
    assert one("2020-03-01", "datetime") == (None, "bad_datetime")


@pytest.mark.parametrize("raw", ["是", "Y", "yes", "TRUE", "1", "√", 1])
def test_yes(raw):
    assert one(raw, "yesno") == (True, None)


@pytest.mark.parametrize("raw", ["否", "n", "No", "false", "0", "×", 0])
def test_no(raw):
    assert one(raw, "yesno") == (False, None)


def test_yesno_rejects_other_words():
    assert one("也许", "yesno") == (None, "bad_yesno")


@pytest.mark.parametrize(
    "raw", ["发热;咳嗽", "发热；咳嗽", "咳嗽、发热", "fever,cough", "cough ， fever"]
)
def test_sets_accept_every_separator_and_order_canonically(raw):
    assert one(raw, "set", "symptom") == ("fever;cough", None)


def test_set_with_unknown_member_is_rejected():
    assert one("发热、头晕", "set", "symptom") == (None, "bad_enum")


def test_enum_accepts_code_chinese_and_english():
    for raw in ("close_contact", "密切接触者", "Close Contact"):
        assert one(raw, "enum", "quarantine_reason") == ("close_contact", None)
    assert one("密接", "enum", "quarantine_reason") == (None, "bad_enum")


def test_text_is_trimmed_and_full_width_folded():
    assert one("　ＡＢＣ１２３　", "text") == ("ABC123", None)
    assert one("   ", "text") == (None, None)


def test_mobile_and_landline():
    assert one("138 0013-8000", "phone") == ("13800138000", None)
    assert one("１３８００１３８０００", "phone") == ("13800138000", None)
    assert one("0371-66668888", "phone") == ("0371-66668888", None)
    assert one("23800138000", "phone") == (None, "bad_phone")
    assert one("1380013800", "phone") == (None, "bad_phone")


def test_ids_fold_lower_x_and_reject_excel_numbers():
    value = resident_id("19900101", 123)
    if value[-1] != "X":  # find a birth/seq whose check character is X
        seq = next(s for s in range(1000) if resident_id("19900101", s).endswith("X"))
        value = resident_id("19900101", seq)
    assert one(value.lower(), "id_number") == (value, None)
    assert one(4.10182199001011e17, "id_number") == (None, "id_excel_number")
    assert one("4.10182E+17", "id_number") == (None, "id_excel_number")


def test_credit_codes():
    good = credit_code(5)
    assert one(good.lower(), "uscc") == (good, None)
    assert one(good[:-1] + ("1" if good[-1] == "0" else "0"), "uscc") == (None, "bad_uscc")


def test_numbers():
    assert one("12", "int") == (12, None)
    assert one(12.0, "int") == (12, None)
    assert one("1,200", "int") == (1200, None)
    assert one("1.5", "int") == (None, "bad_int")
    assert one("三", "int") == (None, "bad_int")
    assert one("36.8", "float") == (36.8, None)
    assert one("abc", "float") == (None, "bad_float")


def test_dtypes_follow_the_schema_kinds():
    values, _ = normalise_column(pd.Series(["1", None], dtype=object), "int")
    assert str(values.dtype) == "Int64"
    values, _ = normalise_column(pd.Series(["是", None], dtype=object), "yesno")
    assert str(values.dtype) == "boolean"
    values, _ = normalise_column(pd.Series(["2020-03-01", None], dtype=object), "date")
    assert str(values.dtype) == "datetime64[ns]"


@pytest.mark.parametrize(
    "raw, text",
    [
        ("  HL-001\t", "HL-001"),
        ("\u3000ＨＬ－００１ ", "HL-001"),  # full-width folded, ideographic space trimmed
        (" \r\n", None),
        ("", None),
        (3.0, "3"),
        (2.5, "2.5"),
        (float("nan"), None),
        (None, None),
        (pd.NA, None),
        (12, "12"),
    ],
)
def test_fold(raw, text):
    assert fold(raw) == text


# --- Dates written without separators or with milliseconds; mobile prefixes --------


@pytest.mark.parametrize(
    "raw", ["20200301", 20200301, "２０２００３０１", "2020-03-01 00:00:00.000"]
)
def test_compact_and_millisecond_dates_are_read(raw):
    assert one(raw, "date") == (pd.Timestamp("2020-03-01"), None)


@pytest.mark.parametrize(
    "raw, value",
    [
        ("2020-03-01 08:30:00.000", "2020-03-01 08:30"),
        ("2020/3/1 8:30:15.5", "2020-03-01 08:30:15"),
        ("20200301 08:30", "2020-03-01 08:30"),
    ],
)
def test_compact_and_millisecond_datetimes_are_read(raw, value):
    assert one(raw, "datetime") == (pd.Timestamp(value), None)


@pytest.mark.parametrize(
    "raw",
    [
        "200301",  # two-digit year: 2020-03-01 or 2003-01-?
        "2020031",  # seven digits: 2020-03-1? or 2020-0-31?
        "01032020",  # day first or month first: never guessed
        "03012020",
        "31122020",  # would read as the year 3112
        "20201301",
        "20200230",
        20201301,
        "2020-03-01 08:30:00.",
        "2020-03-01 25:00:00.000",
    ],
)
def test_ambiguous_or_impossible_compact_dates_are_refused(raw):
    assert one(raw, "date") == (None, "bad_date")


@pytest.mark.parametrize("number", ["10000000000", "11012345678", "12000000000", "12345678901"])
def test_numbers_of_no_mobile_network_are_refused(number):
    assert one(number, "phone") == (None, "bad_phone")


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_every_mobile_network_prefix_is_accepted(prefix):
    assert one(prefix + "812345678", "phone") == (prefix + "812345678", None)


def test_compact_dates_and_phones_through_real_files(base, town, tmp_path):
    """A CSV and an XLSX (a number cell) with 20200301-style dates and millisecond
    times are stored; the phone 12000000000 is refused with its reason."""
    other = resident_id("19900101", 3)
    ledger = [
        person(**{"隔离开始日期": "20200301", "隔离解除日期": "2020-03-15 00:00:00.000"}),
        person(**{"身份证号": other, "联系电话": "12000000000"}),
    ]
    checks = [check(**{"监测时间": "2020-03-10 08:30:00.000"})]
    numbers = [check(**{"监测时间": "20200310 15:00"})]
    files = [
        write_csv(tmp_path / "槐林村_quarantine.csv", ledger),
        write_csv(tmp_path / "槐林村_health_checks.csv", checks),
        write_xlsx(tmp_path / "槐林村_checks_pm.xlsx", numbers),
    ]
    report = ingest(base, town, tmp_path, files)
    assert [(f.accepted, f.rejected) for f in report.files] == [(1, 1), (1, 0), (1, 0)]
    issues = report.issues()
    assert issues[["row", "column", "code"]].values.tolist() == [[3, "phone", "bad_phone"]]
    stored = base.ledger(DAY).iloc[0]
    assert (stored["start_date"], stored["end_date"]) == (
        pd.Timestamp("2020-03-01"),
        pd.Timestamp("2020-03-15"),
    )
    times = base.events("health_checks", DAY, DAY)["checked_at"].sort_values()
    assert times.dt.strftime("%H:%M").tolist() == ["08:30", "15:00"]
    # An Excel number cell 20200301 in a date column of an XLSX reads the same.
    start = write_xlsx(tmp_path / "槐林村_quarantine2.xlsx", [person(**{"隔离开始日期": 20200301})])
    again = ingest(base, town, tmp_path, [start])
    assert (again.files[0].accepted, again.files[0].rejected) == (1, 0), again.issues()
    assert base.ledger(DAY)["start_date"].tolist() == [pd.Timestamp("2020-03-01")]


@pytest.mark.parametrize(
    "raw",
    [
        "Q-0012",
        "q－0012 ",
        " Q—0012",
        "q–0012",
        "Q‐0012",
        "Q−0012",
        "\u3000ｑ－００１２\t",
        "Q-12",
        "q - 012",
    ],
)
def test_alert_keys_read_upper_case_with_a_plain_hyphen(raw):
    from fangkong.ingest.normalise import normalise_sheet
    from fangkong.ingest.readers import RawSheet

    frame = pd.DataFrame({"alert_key": [raw, None], "action": [" q－0012 ", None]}, dtype=object)
    typed, problems = normalise_sheet(RawSheet("alert_feedback", None, frame, {}))
    assert problems == []
    assert typed["alert_key"].iloc[0] == "Q-0012" and pd.isna(typed["alert_key"].iloc[1])
    assert typed["action"].iloc[0] == "q－0012"  # free text is kept as written, trimmed


def test_free_text_keeps_chinese_punctuation_where_names_fold_full_width():
    from fangkong.ingest.normalise import normalise_sheet
    from fangkong.ingest.readers import RawSheet

    written = "村干部已上门谈心，持续关注；明日复访（ＡＢ）"
    frame = pd.DataFrame(
        {
            "alert_key": ["Q-0001"],
            "action": [f"  {written}\t"],
            "handled_by": ["张三，"],
        },
        dtype=object,
    )
    typed, problems = normalise_sheet(RawSheet("alert_feedback", None, frame, {}))
    assert problems == []
    assert typed["action"].iloc[0] == written  # NFKC would give "，"->"," and "；"->";"
    assert typed["handled_by"].iloc[0] == "张三,"  # a name is folded to match
