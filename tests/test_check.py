"""``fangkong check``: one line per check, exit 1 on any failure, never a secret shown.

A real SMTP server (aiosmtpd on localhost) accepts or refuses the login; the stores
are real SQLite files at the head, empty, behind or ahead of the code; notebooks
are copies of the real ones, one of them broken.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from fangkong.delivery import check
from fangkong.delivery.env_file import env_line_problem, systemd_reading
from fangkong.settings import get_settings
from fangkong.store.migrations import head_revision
from repo_paths import NOTEBOOKS, ROOT

FANGKONG = ROOT / ".venv" / "bin" / "fangkong"
USER, PASSWORD = "office", "pa55-w0rd!"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A project root in tmp_path: the repository's town file and notebooks, a store at
    the head, no FANGKONG_* variable inherited; mail points at a closed port."""
    from fangkong.store.database import open_store

    for name in [n for n in os.environ if n.startswith("FANGKONG_")]:
        monkeypatch.delenv(name)
    params = tmp_path / "params"
    params.mkdir()
    shutil.copy(ROOT / "params" / "jiayu.yaml", params)
    shutil.copy(ROOT / "params" / "quarantine.yaml", params)  # a parameter file: no villages
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    for name, value in {
        "FANGKONG_HOME": tmp_path,
        "FANGKONG_DB_URL": url,
        "FANGKONG_SMTP_HOST": "127.0.0.1",
        "FANGKONG_SMTP_PORT": _free_port(),
    }.items():
        monkeypatch.setenv(name, str(value))
    open_store(url, upgrade=True).close()
    return tmp_path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(site, monkeypatch):
    """An aiosmtpd server that accepts the one login (USER, PASSWORD), without TLS."""

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (USER, PASSWORD)
        return AuthResult(success=ok, handled=False)

    class Handler:
        messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 accepted"

    handler, port = Handler(), _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    monkeypatch.setenv("FANGKONG_SMTP_PORT", str(port))
    yield handler
    controller.stop()


def levels(found) -> dict[str, str]:
    return {f.subject: f.level for f in found}


def run_check(*args) -> subprocess.CompletedProcess:
    return subprocess.run([FANGKONG, "check", *args], capture_output=True, text=True, timeout=120)


# --- the whole command -------------------------------------------------------------------


def test_everything_in_place_passes_with_one_line_per_check(site, smtp_server, monkeypatch):
    monkeypatch.setenv("FANGKONG_SMTP_USER", USER)
    monkeypatch.setenv("FANGKONG_SMTP_PASSWORD", PASSWORD)
    done = run_check("--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith("ok ") for line in lines[:-1]), done.stdout
    assert lines[-1] == f"0 failed, 0 warning(s), {len(lines) - 1} ok"
    for expected in (
        "settings: every value parses",
        "FANGKONG_DATA_DIR",
        "jiayu.yaml: town file usable",
        "the code's head",
        f"logged in as {USER} (nothing sent)",
        "chart font",
        "quarantine.ipynb",
        "reopening.ipynb",
        "FANGKONG_SMTP_PASSWORD: set",
    ):
        assert expected in done.stdout, expected
    assert PASSWORD not in done.stdout and not smtp_server.messages
    assert "quarantine.yaml" not in done.stdout  # a parameter file, not a town file


def test_lines_are_chinese_by_default_and_a_failure_exits_1(site):
    done = run_check()  # nothing listens on the mail port
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "失败  邮件服务器 127.0.0.1" in done.stdout and "无法连接" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 项失败")


def test_a_setting_that_does_not_parse_is_a_failed_line_not_a_traceback(site, monkeypatch):
    monkeypatch.setenv("FANGKONG_SMTP_PORT", "abc")
    done = run_check("--lang", "en")
    assert done.returncode == 1 and done.stderr == ""
    assert "FAIL  settings: setting FANGKONG_SMTP_PORT is 'abc': expected a whole number" in (
        done.stdout
    )
    assert "chart font" in done.stdout  # what needs no setting is still checked


# --- the SMTP login ----------------------------------------------------------------------


def test_a_login_the_server_accepts_passes(site, smtp_server, monkeypatch):
    monkeypatch.setenv("FANGKONG_SMTP_USER", USER)
    monkeypatch.setenv("FANGKONG_SMTP_PASSWORD", PASSWORD)
    found = check.check_smtp(get_settings(), "en")
    assert found.level == "ok" and f"logged in as {USER}" in found.detail


def test_a_login_the_server_refuses_fails_without_showing_the_password(
    site, smtp_server, monkeypatch
):
    monkeypatch.setenv("FANGKONG_SMTP_USER", USER)
    monkeypatch.setenv("FANGKONG_SMTP_PASSWORD", "wrong-password")
    found = check.check_smtp(get_settings(), "en")
    assert found.level == "fail" and found.detail.startswith("login refused: 535")
    assert "wrong-password" not in found.line("en") and not smtp_server.messages


def test_without_a_user_the_server_is_only_greeted(site, smtp_server):
    found = check.check_smtp(get_settings(), "zh")
    assert found.level == "ok" and "未设置 FANGKONG_SMTP_USER" in found.detail


def test_an_unknown_tls_mode_fails_naming_the_setting(site, smtp_server, monkeypatch):
    monkeypatch.setenv("FANGKONG_SMTP_TLS", "tls")
    found = check.check_smtp(get_settings(), "en")
    assert found.level == "fail" and "FANGKONG_SMTP_TLS" in found.detail


# --- the store ---------------------------------------------------------------------------


def _revision_next(tmp_path, monkeypatch) -> str:
    """Make the code's head a test-only revision after the real head (a copy of the
    migrations), as tests/store/test_migrations.py does; the store is then behind."""
    from alembic.script import ScriptDirectory
    from fangkong.store import migrations, versioning

    down = migrations.head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_note.py").write_text(
        f'revision = "9001"\ndown_revision = "{down}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", folder)
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    monkeypatch.setattr(migrations, "script_directory", lambda: scripts)
    monkeypatch.setattr(versioning, "script_directory", lambda: scripts)
    return down


def test_a_store_at_the_head_passes(site):
    found = check.check_store(get_settings(), "en")
    head = head_revision()
    assert found.level == "ok" and f"revision {head}, the code's head" in found.detail


def test_a_store_behind_the_code_fails_naming_the_upgrade(site, monkeypatch):
    made_at = _revision_next(site, monkeypatch)
    found = check.check_store(get_settings(), "en")
    assert found.level == "fail"
    assert found.detail == f"revision {made_at}, behind the code (9001); run fangkong db upgrade"


def test_an_empty_sqlite_file_fails(site):
    (site / "store.db").unlink()
    (site / "store.db").touch()
    found = check.check_store(get_settings(), "en")
    assert found.level == "fail" and "no tables" in found.detail


def test_a_store_newer_than_the_code_fails(site):
    with sqlite3.connect(site / "store.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    found = check.check_store(get_settings(), "en")
    assert found.level == "fail" and "9999 is newer than the code" in found.detail


def test_a_store_it_cannot_reach_fails_without_its_password(site, monkeypatch):
    monkeypatch.setenv("FANGKONG_DB_URL", "postgresql://fk:hunter2@127.0.0.1:1/fangkong")
    found = check.check_store(get_settings(), "en")
    assert found.level == "fail" and "cannot connect" in found.detail
    assert "hunter2" not in found.line("en")


# --- notebooks, town files, folders, font -----------------------------------------------


def test_a_notebook_that_is_not_one_fails(site, monkeypatch):
    (site / "notebooks" / "welfare.ipynb").write_text("{not json", encoding="utf-8")
    found = levels(check.run_checks("en"))
    assert found[f"notebook {site / 'notebooks' / 'welfare.ipynb'}"] == "fail"
    assert found[f"notebook {site / 'notebooks' / 'quarantine.ipynb'}"] == "ok"


def test_a_parameters_cell_without_a_runner_parameter_fails(site):
    import nbformat

    path = site / "notebooks" / "quarantine.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = "\n".join(x for x in cell.source.splitlines() if "db_url" not in x)
    nbformat.write(nb, path)
    found = check.check_notebook(path, "en")
    assert found.level == "fail" and "lacks db_url" in found.detail


def test_a_parameters_cell_that_does_not_parse_fails(site):
    import nbformat

    path = site / "notebooks" / "reopening.ipynb"
    nb = nbformat.read(path, as_version=4)
    next(c for c in nb.cells if "parameters" in c.metadata.get("tags", [])).source += "\nx = ("
    nbformat.write(nb, path)
    assert "does not parse" in check.check_notebook(path, "en").detail


def test_a_broken_town_file_fails_and_the_parameter_files_are_left_alone(site):
    (site / "params" / "other.yaml").write_text("villages: [{name: 甲村}]\n", encoding="utf-8")
    found = levels(check.check_towns(get_settings(), "en"))
    assert found == {
        str(site / "params" / "jiayu.yaml"): "ok",
        str(site / "params" / "other.yaml"): "fail",
    }


def test_an_outputs_path_that_is_a_file_fails(site, monkeypatch):
    (site / "outputs").write_text("", encoding="utf-8")
    found = check.check_folder("FANGKONG_OUTPUTS_DIR", site / "outputs", "en", write=True)
    assert (found.level, found.detail) == ("fail", "not a folder")
    later = check.check_folder("X", site / "not-yet" / "made", "en", write=True)
    assert (later.level, later.detail) == ("ok", "does not exist yet, can be created")
    assert not (site / "not-yet").exists()


def test_the_font_the_charts_need_is_usable():
    assert check.check_font("en").level == "ok"


# --- the .env file -----------------------------------------------------------------------


def test_dotenv_lines_systemd_reads_differently_are_flagged_by_line(site, smtp_server):
    (site / ".env").write_text(
        "# mail\n"
        f"FANGKONG_SMTP_USER={USER}\n"
        f"FANGKONG_SMTP_PASSWORD={PASSWORD}  # the office account\n"
        "export FANGKONG_SMTP_SENDER=fk@example.org\n",
        encoding="utf-8",
    )
    (site / ".env").chmod(0o600)
    done = run_check("--lang", "en")
    env = site / ".env"
    assert f"warn  {env} line 3: a # comment after the value" in done.stdout
    assert f"warn  {env} line 4: starts with export" in done.stdout
    assert f"{env} line 2" not in done.stdout and f"{env} line 1" not in done.stdout
    # python-dotenv reads the password without the comment: the login works
    assert f"logged in as {USER}" in done.stdout
    assert done.returncode == 0 and PASSWORD not in done.stdout  # warnings do not fail


def test_a_dotenv_others_can_read_is_a_warning(site):
    (site / ".env").write_text("FANGKONG_SMTP_HOST=127.0.0.1\n", encoding="utf-8")
    (site / ".env").chmod(0o644)
    [found] = check.check_env_file(site / ".env", "en")
    assert found.level == "warn" and "mode 0644" in found.detail


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("A=plain", None),
        ("A = spaced ", None),
        ('A="two words"', None),
        ("A=a#b", None),  # a # not after a blank is part of the value for both
        ("# a comment", None),
        ("A=value # comment", ("warn", "check.env_comment")),
        ('A="q" # comment', ("warn", "check.env_comment")),
        ("export A=x", ("warn", "check.env_export")),
        ("A=x\\y", ("warn", "check.env_backslash")),
        ('A="x\\ny"', ("warn", "check.env_backslash")),
        (";A=1", ("warn", "check.env_differs")),
        ("A", ("warn", "check.env_no_equals")),
        ('A="never closed', ("fail", "check.env_unreadable")),
    ],
)
def test_each_kind_of_dotenv_line(line, problem):
    assert env_line_problem(line) == problem


def test_systemd_reading_follows_its_env_file_parser():
    assert systemd_reading("A=value # c") == ("A", "value # c")
    assert systemd_reading("  A = 'x y'  ") == ("A", "x y")
    assert systemd_reading('A="a\\"b\\n"') == ("A", 'a"b\\n')
    assert systemd_reading("export A=x") is None


def test_python_m_fangkong_check_runs(site):
    done = subprocess.run(
        [sys.executable, "-m", "fangkong", "check", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "FAIL  mail server" in done.stdout
