"""The rejects file of an ingested file: original values, row and reason, in either language."""

import pandas as pd
from ingest_helpers import (
    DAY,
    person,
    run_case,
    write_xlsx,
)


def test_rejects_file_keeps_original_values_row_and_reason(base, town, tmp_path):
    bad = person(**{"身份证号": "4.10182E+17", "所属村": "外星村"})
    f, _ = run_case(base, town, tmp_path, "quarantine", person(), bad)
    out = pd.read_csv(f.rejects_path, dtype=str, encoding="utf-8-sig")
    assert f.rejects_path == tmp_path / "rejects" / DAY.isoformat() / "槐林村_quarantine.csv"
    assert list(out.columns) == ["sheet", "row"] + list(bad) + ["reason"]
    assert out.loc[0, "row"] == "3" and out.loc[0, "身份证号"] == "4.10182E+17"
    assert "Excel" in out.loc[0, "reason"] and "外星村" in out.loc[0, "reason"]


def test_reasons_in_english_on_request(base, town, tmp_path):
    from fangkong.ingest.batch import ingest_paths

    path = write_xlsx(tmp_path / "槐林村_quarantine.xlsx", [person(**{"身份证号": "4.10182E+17"})])
    ingest_paths(
        [path], store=base, town=town, submitted_on=DAY, rejects_dir=tmp_path / "r", lang="en"
    )
    out = pd.read_csv(tmp_path / "r" / DAY.isoformat() / "槐林村_quarantine.csv", dtype=str)
    assert "turned into a number by Excel" in out.loc[0, "reason"]
