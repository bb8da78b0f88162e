"""The store's schema revisions: new stores, stores made before migrations, upgrades.

Real SQLite files throughout. A test-only revision after the head (``9001``, a
column added to ``households``) is written into a copy of the migrations folder
where a test needs a store behind the code; the slow test builds a store with the code of commit
a2a4a24 itself, taken from the repository's history.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import types
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from fangkong.cli import main
from fangkong.schemas import TABLES
from fangkong.store import migrations, versioning
from fangkong.store.database import open_store
from fangkong.store.errors import StoreOutdated, StoreTooNew, StoreUnrecognised
from fangkong.store.migrations import BASELINE, alembic_config, head_revision, script_directory
from fangkong.store.tables import METADATA

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
OLD_COMMIT = "a2a4a24"  # the last commit before migrations

REVISION_NEXT = '''"""Test only: a note on households."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("note", sa.Text()))
    op.create_index("ix_households_note", "households", ["note"])


def downgrade():
    raise NotImplementedError
'''


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


def db_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def version_rows(url: str) -> list:
    with sqlite3.connect(db_path(url)) as con:
        return con.execute("SELECT version_num FROM alembic_version").fetchall()


def ddl(url: str) -> dict:
    """Every table and index of a SQLite file as SQLite keeps its DDL."""
    with sqlite3.connect(db_path(url)) as con:
        rows = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name != 'alembic_version'"
        )
        return dict(rows.fetchall())


def row_counts(url: str) -> dict:
    """Table name -> rows, for every table of a SQLite file."""
    with sqlite3.connect(db_path(url)) as con:
        names = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for (t,) in names}


def make_newer(url: str) -> str:
    """Stamp a store with a revision no fangkong knows; the message that refuses it."""
    with sqlite3.connect(db_path(url)) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    return (
        f"the store at {url} is at revision 9999, newer than this fangkong"
        f" (head {head_revision()}); update fangkong"
    )


def before_migrations(url: str) -> None:
    """A store as fangkong wrote it before migrations: the tables, no revision."""
    engine = sa.create_engine(url)
    script_directory().get_revision(BASELINE).module.baseline_metadata().create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                'INSERT INTO files (sha256, file, "table", submitted_on, rows_in, accepted,'
                " rejected, warnings, ingested_at) VALUES ('abc', 'a.csv', 'produce',"
                " '2020-03-09', 0, 0, 0, 0, '2020-03-09 18:00:00.000000')"
            )
        )
    engine.dispose()


def add_revision_next(tmp_path, monkeypatch) -> str:
    """Make this fangkong's head a test-only revision after the real head."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    text = REVISION_NEXT.replace("{down}", head_revision())
    (folder / "versions" / "9001_note.py").write_text(text, encoding="utf-8")
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", folder)
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    monkeypatch.setattr(migrations, "script_directory", lambda: scripts)
    monkeypatch.setattr(versioning, "script_directory", lambda: scripts)
    assert head_revision() == "9001"
    return "9001"


def store_at(url: str, revision: str) -> None:
    """A store brought to ``revision`` by the migrations from nothing."""
    engine = sa.create_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


# --- new stores --------------------------------------------------------------------


def test_a_new_store_is_made_at_the_head(url):
    store = open_store(url)
    store.close()
    assert store.revisions.created and not store.revisions.upgraded
    assert version_rows(url) == [(head_revision(),)]
    assert set(ddl(url)) >= set(METADATA.tables)
    again = open_store(url)
    again.close()
    assert (again.revisions.before, again.revisions.created) == (head_revision(), False)


def test_the_migrations_make_the_schema_of_the_tables(tmp_path):
    """A new store is made by create_all: the migrations must give the same schema."""
    made, migrated = f"sqlite:///{tmp_path / 'made.db'}", f"sqlite:///{tmp_path / 'mig.db'}"
    open_store(made).close()
    store_at(migrated, "head")
    assert ddl(migrated) == ddl(made)
    assert version_rows(migrated) == version_rows(made)


# --- stores made before migrations ---------------------------------------------------


def test_a_store_made_before_migrations_is_stamped_at_the_baseline(url):
    before_migrations(url)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        version_rows(url)
    # A reader stamps it (its tables are the baseline's) but does not upgrade it.
    with pytest.raises(StoreOutdated, match=f"at revision {BASELINE}, older"):
        open_store(url)
    assert version_rows(url) == [(BASELINE,)]
    store = open_store(url, upgrade=True)
    try:
        assert (store.revisions.before, store.revisions.after) == (BASELINE, head_revision())
        assert store.files()["file"].tolist() == ["a.csv"]
    finally:
        store.close()


def test_a_store_whose_tables_are_not_the_baselines_is_refused_untouched(url):
    before_migrations(url)
    with sqlite3.connect(db_path(url)) as con:
        con.execute("DROP TABLE issues")
        con.execute("ALTER TABLE households RENAME COLUMN cadre TO cadre_name")
    for upgrade in (False, True):
        with pytest.raises(StoreUnrecognised) as caught:
            open_store(url, upgrade=upgrade)
        message = str(caught.value)
        assert message.startswith(f"the store at {url} has tables but no revision")
        assert "missing tables: issues" in message
        assert "households: columns missing cadre, unexpected cadre_name" in message
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        version_rows(url)


# --- stores newer than the code ------------------------------------------------------


def test_a_store_newer_than_the_code_is_refused_by_name(url):
    open_store(url).close()
    expected = make_newer(url)
    for upgrade in (False, True):
        with pytest.raises(StoreTooNew) as caught:
            open_store(url, upgrade=upgrade)
        assert str(caught.value) == expected
    assert version_rows(url) == [("9999",)]


def test_the_store_is_named_without_its_password():
    engine = types.SimpleNamespace(url=sa.engine.make_url("postgresql://fk:secret@db/fangkong"))
    assert versioning.display_url(engine) == "postgresql://fk:***@db/fangkong"


def test_the_command_line_says_it_in_one_line(url, capsys):
    open_store(url).close()
    expected = make_newer(url)
    assert main(["db", "upgrade", "--db", url]) == 1
    assert capsys.readouterr().err.splitlines() == [f"fangkong: {expected}"]
    assert main(["db", "status", "--db", url]) == 1
    assert "state: newer" in capsys.readouterr().out


def test_fangkong_run_on_a_store_it_cannot_read_says_so_once(url, tmp_path, monkeypatch, capsys):
    """One line before any notebook runs, not a failure inside every report."""
    open_store(url).close()
    expected = make_newer(url)
    monkeypatch.setenv("FANGKONG_DB_URL", url)
    monkeypatch.setenv("FANGKONG_OUTPUTS_DIR", str(tmp_path / "outputs"))
    assert main(["run", "--date", "2020-03-10"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"fangkong: {expected}"]
    assert not (tmp_path / "outputs").exists()


# --- fangkong db ---------------------------------------------------------------------


def test_db_upgrade_stamps_a_store_made_before_migrations_and_prints_the_revisions(url, capsys):
    before_migrations(url)
    assert main(["db", "status", "--db", url]) == 1  # not ready: behind the head
    assert capsys.readouterr().out.splitlines() == [
        f"store: {url}",
        "revision: none",
        f"head: {head_revision()}",
        "state: before migrations",
    ]
    assert main(["db", "upgrade", "--db", url]) == 0
    assert capsys.readouterr().out == (
        f"{url}: made before migrations, its tables those of revision {BASELINE}:"
        f" stamped {BASELINE}; upgraded to {head_revision()} (head)\n"
    )
    assert main(["db", "status", "--db", url]) == 0
    assert f"revision: {head_revision()}\n" in capsys.readouterr().out
    assert version_rows(url) == [(head_revision(),)]


def test_db_status_does_not_create_a_store(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    assert main(["db", "status", "--db", url]) == 0
    assert "state: empty" in capsys.readouterr().out
    assert not (tmp_path / "none.db").exists()


# --- stores behind the code ----------------------------------------------------------


def test_reading_a_store_behind_the_code_is_refused_naming_the_command(
    url, tmp_path, monkeypatch, capsys
):
    open_store(url).close()
    made_at = head_revision()
    head = add_revision_next(tmp_path, monkeypatch)
    expected = (
        f"the store at {url} is at revision {made_at}, older than this fangkong"
        f" (head {head}); upgrade it with `fangkong db upgrade`"
    )
    with pytest.raises(StoreOutdated) as caught:
        open_store(url)
    assert str(caught.value) == expected
    monkeypatch.setenv("FANGKONG_DB_URL", url)
    assert main(["missing", "--date", "2020-03-10"]) == 1  # a command that reads
    assert capsys.readouterr().err == f"fangkong: {expected}\n"
    assert version_rows(url) == [(made_at,)]


def test_upgrading_runs_the_migrations_and_keeps_the_rows(url, tmp_path, monkeypatch, capsys):
    before_migrations(url)
    head = add_revision_next(tmp_path, monkeypatch)
    assert main(["db", "upgrade", "--db", url]) == 0
    assert capsys.readouterr().out == (
        f"{url}: made before migrations, its tables those of revision {BASELINE}:"
        f" stamped {BASELINE}; upgraded to {head} (head)\n"
    )
    assert version_rows(url) == [(head,)]
    assert "note TEXT" in ddl(url)["households"]
    assert "ix_households_note" in ddl(url)
    store = open_store(url)  # now at the head: a reader opens it
    try:
        assert store.files()["file"].tolist() == ["a.csv"]
    finally:
        store.close()


def test_ingest_upgrades_a_store_behind_the_code(url, tmp_path, monkeypatch, capsys):
    store_at(url, BASELINE)
    head = add_revision_next(tmp_path, monkeypatch)
    monkeypatch.setenv("FANGKONG_DB_URL", url)
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(tmp_path / "data"))
    t = TABLES["volunteer_services"]
    csv = tmp_path / "槐林村_volunteer_services.csv"
    headers = [t.meta(c)["zh"] for c in t.columns]
    csv.write_text(",".join(headers) + "\n", encoding="utf-8")
    assert main(["ingest", str(csv), "--date", "2020-03-10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{url}: at revision {BASELINE}; upgraded to {head} (head)\n")
    assert version_rows(url) == [(head,)]


def test_the_daily_job_upgrades_a_store_behind_the_code_and_logs_it(url, tmp_path, monkeypatch):
    from fangkong.delivery import daily

    store_at(url, BASELINE)
    head = add_revision_next(tmp_path, monkeypatch)
    monkeypatch.setenv("FANGKONG_DB_URL", url)
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FANGKONG_OUTPUTS_DIR", str(tmp_path / "outputs"))
    # The store is what is tested here, not the reports.
    monkeypatch.setattr(daily, "run_reports_once", lambda *a, **k: {"status": "ok", "reports": {}})
    day = dt.date(2020, 3, 10)
    town = ROOT / "params" / "jiayu.yaml"
    assert daily.run_daily([town], day, send=False) == 0
    log = (tmp_path / "outputs" / day.isoformat() / "run.log").read_text(encoding="utf-8")
    assert f"store {url}: upgraded from revision {BASELINE} to {head}" in log
    assert version_rows(url) == [(head,)]
    expected = make_newer(url)  # the run fails, saying why in one line
    assert daily.run_daily([town], day, send=False) == 1
    log = (tmp_path / "outputs" / day.isoformat() / "run.log").read_text(encoding="utf-8")
    assert f"ERROR {expected}\n" in log
    assert "Traceback" not in log


# --- a store made by the code of a2a4a24 ---------------------------------------------


def _old_code(tmp_path: Path) -> Path:
    """The lib/ and params/ of the commit before migrations, from git's history."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{OLD_COMMIT}^{{commit}}"],
        capture_output=True,
    )
    if found.returncode:
        pytest.skip(f"commit {OLD_COMMIT} is not in this clone's history")
    tar = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", OLD_COMMIT, "lib", "params"],
        capture_output=True,
        check=True,
    ).stdout
    old = tmp_path / OLD_COMMIT
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(old, filter="data")
    return old


@pytest.mark.slow
def test_a_store_made_at_a2a4a24_is_stamped_and_used(tmp_path, capsys):
    old = _old_code(tmp_path)
    url = f"sqlite:///{tmp_path / 'old.db'}"
    env = {
        **os.environ,
        "PYTHONPATH": str(old / "lib"),
        "FANGKONG_DB_URL": url,
        "FANGKONG_DATA_DIR": str(tmp_path / "data"),
    }

    def run(*args):
        done = subprocess.run(
            [sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = run("-c", "import fangkong; print(fangkong.__file__)")
    assert where.startswith(str(old)), where  # the old code runs, not today's
    town = ["--town", str(old / "params" / "jiayu.yaml")]
    sample = tmp_path / "sample"
    run("-m", "fangkong.cli", "sample", str(sample), "--days", "2", *town)
    days = sorted(p.name for p in sample.iterdir() if p.is_dir())
    given = 0
    for day in days:
        files = sorted(str(p) for p in (sample / day).iterdir())
        run("-m", "fangkong.cli", "ingest", *files, "--date", day, *town)
        given += len(files)
    counts, old_ddl = row_counts(url), ddl(url)
    assert "alembic_version" not in counts
    assert 100 < counts["files"] <= given and counts["quarantine"] > 0

    assert main(["db", "upgrade", "--db", url]) == 0
    out = capsys.readouterr().out
    print(out)  # shown with -s: the upgrade of a store made at a2a4a24
    assert out.startswith(f"{url}: made before migrations, its tables those of revision 0001")
    assert version_rows(url) == [(head_revision(),)]
    added = set(row_counts(url)) - set(counts)
    assert added == {
        "alembic_version",
        "alert_feedback",
        "alert_keys",
        "alert_recordings",
        "alert_days",
        "screening",
        "checkpoints",
        "checkpoint_duty",
        "patrols",
        "farming",
        "employment",
    }
    assert row_counts(url) == counts | dict.fromkeys(added, 0) | {"alembic_version": 1}
    baseline = f"sqlite:///{tmp_path / 'baseline.db'}"
    store_at(baseline, BASELINE)
    assert old_ddl == ddl(baseline)

    store = open_store(url)
    try:
        assert len(store.files()) == counts["files"]
        assert len(store.ledger(days[-1])) > 0
    finally:
        store.close()


# --- 0004: the rest of the article's duties ----------------------------------------


def test_upgrading_from_0002_adds_the_duty_tables_and_keeps_volunteer_rows(url):
    """The volunteer_services rows of a store at 0002 survive the rebuild that puts its
    two new columns before the provenance; the new tables take rows."""
    store_at(url, "0002")
    with sqlite3.connect(db_path(url)) as con:
        con.execute(
            "INSERT INTO volunteer_services (date, village, service, served, volunteers, note,"
            " src_file, src_sha256, src_row, src_village, submitted_on, ingested_at) VALUES"
            " ('2020-03-09', '槐林村', 'purchase', 12, 3, '代购', 'a.csv', 'abc', 2, '槐林村',"
            " '2020-03-09', '2020-03-09 18:00:00.000000')"
        )
    store = open_store(url, upgrade=True)
    try:
        assert (store.revisions.before, store.revisions.after) == ("0002", head_revision())
    finally:
        store.close()
    with sqlite3.connect(db_path(url)) as con:
        rows = con.execute(
            "SELECT village, served, note, household_id, party_members, src_row"
            " FROM volunteer_services"
        ).fetchall()
    assert rows == [("槐林村", 12, "代购", None, None, 2)]
    counts = row_counts(url)
    for table in ("screening", "checkpoints", "checkpoint_duty", "patrols", "farming"):
        assert counts[table] == 0
    assert "volunteer_services_0004" not in counts
    made = f"sqlite:///{Path(db_path(url)).with_name('made.db')}"
    open_store(made).close()
    assert ddl(url) == ddl(made)


def test_0004_downgrades_to_0002(url):
    store_at(url, "head")
    engine = sa.create_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    engine.dispose()
    assert "screening" not in ddl(url)
    assert "household_id" not in ddl(url)["volunteer_services"]
    assert version_rows(url) == [("0002",)]
