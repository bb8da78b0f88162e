"""The rejects file of an ingested file: original values, row and reason, in either language."""

import pandas as pd
from ingest_helpers import (
    DAY,
    ingest,
    person,
    run_case,
    write_xlsx,
)


def test_rejects_file_keeps_original_values_row_and_reason(base, town, tmp_path):
    bad = person(**{"身份证号": "4.10182E+17", "所属村": "外星村"})
    f, _ = run_case(base, town, tmp_path, "quarantine", person(), bad)
    out = pd.read_csv(f.rejects_path, dtype=str, encoding="utf-8-sig")
    assert f.rejects_path.parent == tmp_path / "rejects" / DAY.isoformat()
    assert f.rejects_path.name.startswith("槐林村_quarantine.xlsx.")
    assert list(out.columns) == ["fangkong_row", "sheet"] + list(bad) + ["reason"]
    assert out.loc[0, "fangkong_row"] == "3" and out.loc[0, "身份证号"] == "4.10182E+17"
    assert "Excel" in out.loc[0, "reason"] and "外星村" in out.loc[0, "reason"]


def test_reasons_in_english_on_request(base, town, tmp_path):
    from fangkong.ingest.batch import ingest_paths

    path = write_xlsx(tmp_path / "槐林村_quarantine.xlsx", [person(**{"身份证号": "4.10182E+17"})])
    report = ingest_paths(
        [path], store=base, town=town, submitted_on=DAY, rejects_dir=tmp_path / "r", lang="en"
    )
    out = pd.read_csv(report.files[0].rejects_path, dtype=str)
    assert "turned into a number by Excel" in out.loc[0, "reason"]


HOSTILE = {
    "姓名": '=HYPERLINK("http://x","click")',
    "住址": "=cmd|' /C calc'!A0",
    "来源地": "@SUM(1+1)",
    "包联民警": "+1+1",
    "包联医生": "-1+1",
    "包联镇干部": "\t=1+1",
    "包联村干部": "\r=1+1",
}


def test_rejects_file_cells_cannot_run_as_formulas(base, town, tmp_path):
    """Every cell that starts like a formula is written with a leading quote."""
    from ingest_helpers import write_csv

    bad = person(**{"身份证号": "123", **HOSTILE})
    path = write_csv(tmp_path / "槐林村_quarantine.csv", [person(), bad])
    f = ingest(base, town, tmp_path, [path]).files[0]
    assert f.rejected == 1
    out = pd.read_csv(f.rejects_path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    for header, value in HOSTILE.items():
        assert out.loc[0, header] == "'" + value
    starts = {cell[:1] for column in out for cell in [column, *out[column]] if cell}
    assert not starts & set("=+-@\t\r"), starts


def test_rejects_files_are_owner_only(base, town, tmp_path):
    bad = person(**{"身份证号": "123"})
    f, _ = run_case(base, town, tmp_path, "quarantine", person(), bad)
    assert f.rejects_path.stat().st_mode & 0o777 == 0o600
    assert f.rejects_path.parent.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "rejects").stat().st_mode & 0o777 == 0o700


def test_rejects_files_of_files_sharing_a_stem_do_not_overwrite(base, town, tmp_path):
    """a.xlsx and a.csv, 槐林村/x.csv and 另一村/x.csv: one rejects file each."""
    from ingest_helpers import write_csv

    (tmp_path / "槐林村").mkdir()
    (tmp_path / "另一村").mkdir()
    bad = [person(**{"身份证号": "123", "姓名": f"坏{i}"}) for i in range(4)]
    paths = [
        write_xlsx(tmp_path / "a.xlsx", [bad[0]]),
        write_csv(tmp_path / "a.csv", [bad[1]]),
        write_csv(tmp_path / "槐林村" / "quarantine.csv", [bad[2]]),
        write_csv(tmp_path / "另一村" / "quarantine.csv", [bad[3]]),
    ]
    report = ingest(base, town, tmp_path, paths)
    written = [f.rejects_path for f in report.files]
    assert len(set(written)) == 4 and all(p.exists() for p in written)
    for f, row in zip(report.files, bad):
        assert f.rejects_path.name.startswith(f.path.name)  # readable: the file's own name
        out = pd.read_csv(f.rejects_path, dtype=str, encoding="utf-8-sig")
        assert out["姓名"].tolist() == [row["姓名"]]
    # Deterministic: the same source file gets the same name in another run.
    again = ingest_paths_fresh(town, tmp_path, paths[2])
    assert again.name == written[2].name


def ingest_paths_fresh(town, tmp_path, path):
    """The rejects file of ``path`` ingested alone into a new store."""
    from fangkong.store.database import Store

    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        return ingest(store, town, tmp_path / "fresh", [path]).files[0].rejects_path
    finally:
        store.close()
