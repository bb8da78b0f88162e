"""A whole sample written: its layout, the same bytes for the same seed, a new sample
replacing the previous one.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import datetime as dt
import json

import pytest
from fangkong.schemas import TABLES
from sample_files import DAYS, END, SEED, TOWN

# Reads the shared sample (written once, seconds) or writes new ones.
pytestmark = pytest.mark.slow

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
        assert (days[0], village, "checkpoints") in sent
    assert json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))["files"]


# -- determinism ----------------------------------------------------------------------


def test_same_seed_same_bytes(sample, tmp_path):
    from fangkong.sample import write_sample

    outdir, manifest = sample
    write_sample(tmp_path, town=TOWN, days=DAYS, seed=SEED, end=END)
    again = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert again == sorted(p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file())
    for rel in again:
        assert (tmp_path / rel).read_bytes() == (outdir / rel).read_bytes(), rel


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
