"""Which files ingest reads: input tables only, never fangkong's own outputs, and
what it left out said; real files into a real SQLite store."""

import datetime as dt
import shutil

from ingest_helpers import DAY, check, english, ingest, person, write_csv


def test_old_rejects_files_in_a_subfolder_are_skipped_and_said(base, town, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = check(**{"体温": "很高", "监测时间": "2020-03-10 09:00"})
    write_csv(inbox / "槐林村_health_checks.csv", [check(), bad])
    first = ingest(base, town, tmp_path, [inbox])
    rejects = first.files[0].rejects_path
    assert rejects is not None and first.files[0].rejected == 1
    (inbox / "old").mkdir()
    shutil.copy(rejects, inbox / "old" / rejects.name)
    shutil.copy(rejects, inbox / "old" / "槐林村_health_checks.csv")  # named like an input

    report = ingest(base, town, tmp_path, [inbox], DAY + dt.timedelta(days=1))
    by_name = {f.path.name: f for f in report.files if f.path.parent.name == "old"}
    assert {f.status for f in by_name.values()} == {"skipped"}
    assert all("rejects file written by fangkong" in f.error for f in by_name.values())
    assert all(f.rows_in == 0 for f in by_name.values())
    assert report.exit_code == 0
    assert all(f.rejects_path is None for f in by_name.values())


def test_a_village_csv_with_row_first_and_reason_last_is_read(base, town, tmp_path):
    """A quarantine list in English headers with the village's own ``row`` column
    first and ``reason`` (the quarantine reason) last is an input table, not a
    rejects file; an old rejects file (``row`` ... ``reason``) is known by its name."""
    row = {"row": 1, **english("quarantine", person())}
    headers = ["row", *(h for h in row if h not in ("row", "reason")), "reason"]
    genuine = write_csv(tmp_path / "槐林村_quarantine.csv", [row], headers=headers)
    old = write_csv(tmp_path / "槐林村_quarantine.xlsx.1a2b3c4d.csv", [row], headers=headers)
    report = ingest(base, town, tmp_path, [genuine, old])
    by_name = {f.path.name: f for f in report.files}
    assert by_name[genuine.name].status == "ingested" and by_name[genuine.name].accepted == 1
    assert by_name[old.name].status == "skipped"


def test_own_folders_inside_a_folder_are_left_out(base, town, tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(data))
    monkeypatch.setenv("FANGKONG_OUTPUTS_DIR", str(tmp_path / "outputs"))
    write_csv((data / "inbox").mkdir(parents=True) or data / "inbox" / "槐林村_health_checks.csv",
              [check()])  # fmt: skip
    archived = data / "archive" / "2020-03-09"
    archived.mkdir(parents=True)
    write_csv(archived / "槐林村_health_checks.csv", [check(**{"监测时间": "2020-03-10 07:00"})])

    report = ingest(base, town, tmp_path, [data])
    summary = report.summary().set_index("file")
    assert summary.loc["archive", "status"] == "skipped"
    assert (
        "fangkong's own folder (archive of ingested originals)" in summary.loc["archive", "error"]
    )
    assert summary.loc["槐林村_health_checks.csv", "accepted"] == 1
    assert len(base.events("health_checks", DAY, DAY)) == 1

    named = ingest(base, town, tmp_path, [archived / "槐林村_health_checks.csv"])
    assert named.files[0].accepted == 1  # a file named explicitly is read
