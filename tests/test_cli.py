"""The ``fangkong`` command: bad input gets one line and an exit status, never a traceback;
what is printed about rejected rows is masked."""

from __future__ import annotations

import argparse
import errno
import os
import re
import subprocess
import sys

import pytest
from factories import resident_id
from fangkong.cli import main
from ingest_helpers import PERSON, person, write_csv, write_xlsx
from repo_paths import ROOT

TOWN = str(ROOT / "params" / "jiayu.yaml")
DATE = "2020-03-10"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The store and data folder in tmp_path."""
    monkeypatch.setenv("FANGKONG_DB_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def ingest(*args, town=TOWN):
    return main(["ingest", *map(str, args), "--date", DATE, "--town", town])


def one_line_error(capsys, *words):
    """The command's stderr: one line, naming each of ``words``, no traceback."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert str(word) in lines[0], (word, lines[0])
    return lines[0]


def test_ingest_of_a_folder_without_input_tables_says_so(site, capsys):
    empty = site / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a table")
    assert ingest(empty) == 2
    one_line_error(capsys, empty)


def test_ingest_of_a_path_that_does_not_exist_says_so(site, capsys):
    assert ingest(site / "nowhere.xlsx") == 2
    one_line_error(capsys, site / "nowhere.xlsx")


def test_ingest_of_something_that_is_not_a_file_says_so(site, capsys):
    fifo = site / "pipe.csv"
    os.mkfifo(fifo)  # reading it would wait for ever
    assert ingest(fifo) == 2
    one_line_error(capsys, fifo)


@pytest.mark.parametrize(
    "content",
    ["villages: [\n", "a: 1\n", None],
    ids=["broken-yaml", "not-a-town", "missing"],
)
def test_ingest_with_a_bad_town_file_says_so(site, capsys, content):
    town = site / "town.yaml"
    if content is not None:
        town.write_text(content, encoding="utf-8")
    path = write_xlsx(site / "槐林村_quarantine.xlsx", [person()])
    assert ingest(path, town=str(town)) == 2
    one_line_error(capsys, town, "--town")


def test_ingest_with_a_bad_date_says_so(site, capsys):
    path = write_xlsx(site / "槐林村_quarantine.xlsx", [person()])
    with pytest.raises(SystemExit) as stop:
        main(["ingest", str(path), "--date", "2020-13-10", "--town", TOWN])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "2020-13-10" in err.splitlines()[-1]


def test_ingest_of_a_file_it_cannot_read_says_so(site, capsys):
    broken = site / "槐林村_quarantine.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert ingest(broken) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(broken) in err and len(err.strip().splitlines()) == 1


def test_ingest_prints_rejected_ids_and_phones_masked(site, capsys):
    wrong_digit = PERSON[:-1] + ("0" if PERSON[-1] != "0" else "1")
    other = resident_id("19900101", 77)
    rows = [
        person(**{"身份证号": wrong_digit, "姓名": "李四"}),
        person(**{"身份证号": other, "联系电话": "1390013900", "所属村": "外星村"}),
    ]
    path = write_csv(site / "槐林村_quarantine.csv", rows)
    assert ingest(path) == 0
    out = capsys.readouterr().out
    assert "rejected" in out or "拒" in out
    for secret in (wrong_digit, other, "1390013900"):
        assert secret not in out
    assert wrong_digit[:6] + "********" + wrong_digit[-4:] in out


# --- the real console script: one line and an exit status, never a traceback ------------

FANGKONG = ROOT / ".venv" / "bin" / "fangkong"


@pytest.fixture
def env(tmp_path):
    """An environment for the console script: no FANGKONG_* inherited, a store in tmp_path."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FANGKONG_")}
    return clean | {
        "FANGKONG_HOME": str(tmp_path),
        "FANGKONG_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "FANGKONG_PARAMS_DIR": str(ROOT / "params"),
        "FANGKONG_NOTEBOOKS_DIR": str(ROOT / "notebooks"),
    }


def fangkong(*args, env, code):
    """Run the console script; assert its exit status and one line on stderr, no traceback."""
    done = subprocess.run([FANGKONG, *map(str, args)], capture_output=True, text=True, env=env)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_run_with_a_date_that_is_not_one_says_so_in_chinese_or_english(env):
    line = fangkong("run", "--date", "2020-13-01", env=env, code=2)
    assert "'2020-13-01'" in line and "不是日期" in line and "fangkong run --help" in line
    for args in (["--lang", "en", "run"], ["run", "--lang", "en"]):  # before or after
        line = fangkong(*args, "--date", "2020-13-01", env=env, code=2)
        assert line.startswith("fangkong run: ") and "not a date (YYYY-MM-DD): '2020-13-01'" in line


@pytest.mark.parametrize(
    ("name", "value", "expects"),
    [
        ("FANGKONG_SMTP_PORT", "abc", "a whole number from 1 to 65535"),
        ("FANGKONG_TIMEZONE", "Asia/Nowhere", "an IANA time zone"),
    ],
)
def test_a_setting_that_does_not_parse_names_the_variable(env, name, value, expects):
    env[name] = value
    line = fangkong("db", "status", "--lang", "en", env=env, code=2)
    assert line.startswith(f"fangkong db: setting {name} is '{value}': expected {expects}")
    line = fangkong("missing", "--date", DATE, env=env, code=2)
    assert name in line and "应为" in line


def test_a_setting_in_dotenv_that_does_not_parse_names_the_variable(env, tmp_path):
    (tmp_path / ".env").write_text("FANGKONG_SMTP_PORT=twenty-five\n", encoding="utf-8")
    line = fangkong("--lang", "en", "db", "status", env=env, code=2)
    assert "FANGKONG_SMTP_PORT is 'twenty-five'" in line


# Tests run as root, for whom `chmod 555 outputs` stops no write. An outputs path that
# is a regular file stops root too: making the day's folder in it fails with an OSError
# naming the path, as a read-only folder or a full disk would.
@pytest.mark.parametrize(
    "url", ["postgres ql://office:Pw-9x7k@db/fk", "postgresql+nodriver://office:Pw-9x7k@db/fk"]
)
def test_a_store_url_it_cannot_use_is_one_line_without_its_password(env, url):
    line = fangkong(
        "run", "--date", DATE, "--lang", "en", env=env | {"FANGKONG_DB_URL": url}, code=1
    )
    assert line.startswith("fangkong run: cannot open the store: ") and "Pw-9x7k" not in line


def test_run_into_an_outputs_path_that_is_a_file_says_so(env, tmp_path):
    (tmp_path / "outputs").write_text("not a folder", encoding="utf-8")
    line = fangkong(
        "run", "--date", DATE, "--report", "quarantine", "--lang", "en", env=env, code=1
    )
    assert line == (
        f"fangkong run: cannot use {tmp_path / 'outputs' / DATE}: "
        "part of the path is a file, not a folder"
    )


def test_daily_into_an_outputs_path_that_is_a_file_says_so_before_it_runs(env, tmp_path):
    (tmp_path / "outputs").write_text("not a folder", encoding="utf-8")
    line = fangkong("daily", "--no-send", "--date", DATE, env=env, code=1)
    assert (
        line == f"fangkong daily: 无法使用 {tmp_path / 'outputs'}：路径中有一项是文件，不是文件夹"
    )
    assert not (tmp_path / "data").exists()  # nothing ran


def test_daily_into_a_read_only_outputs_folder_says_permission_denied(env, tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir(mode=0o555)
    # Root writes into a folder of mode 555; an immutable folder (chattr +i on ext4)
    # refuses root too, with EPERM.
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(outputs)]).returncode:
        pytest.skip("running as root on a file system without chattr +i")
    try:
        line = fangkong("--lang", "en", "daily", "--no-send", "--date", DATE, env=env, code=1)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(outputs)], check=True)
    assert f"cannot use {outputs}: permission denied" in line


@pytest.mark.parametrize(
    ("number", "en", "zh"),
    [
        (errno.EACCES, "cannot use /srv/out: permission denied", "无法使用 /srv/out：权限不足"),
        (errno.EROFS, "cannot write /srv/out: read-only file system", "无法写入 /srv/out：文件"),
        (errno.ENOSPC, "cannot write /srv/out: no space left", "无法写入 /srv/out：磁盘已满"),
        (errno.EFBIG, "cannot write /srv/out: file too large", "无法写入 /srv/out：文件太大"),
    ],
)
def test_main_turns_an_os_error_naming_a_file_into_one_line(
    site, capsys, monkeypatch, number, en, zh
):
    import fangkong.cli as cli

    def fail(args):
        raise OSError(number, os.strerror(number), "/srv/out")

    monkeypatch.setitem(cli.COMMANDS, "missing", fail)
    assert main(["missing", "--date", DATE, "--lang", "en"]) == 1
    assert one_line_error(capsys).startswith(f"fangkong missing: {en}")
    assert main(["missing", "--date", DATE]) == 1
    assert one_line_error(capsys).startswith(f"fangkong missing: {zh}")


def test_an_os_error_without_a_file_is_not_hidden(site, monkeypatch):
    import fangkong.cli as cli

    def fail(args):
        raise ConnectionResetError(errno.ECONNRESET, "reset")

    monkeypatch.setitem(cli.COMMANDS, "missing", fail)
    with pytest.raises(ConnectionResetError):
        main(["missing", "--date", DATE])


# --- version, python -m fangkong, help with defaults, --lang -----------------------------


def test_version():
    import fangkong as package

    done = subprocess.run([FANGKONG, "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == f"fangkong {package.__version__}\n"


def test_python_m_fangkong_is_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "fangkong", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("usage: fangkong")
    shown = " ".join(done.stdout.split())
    assert "check" in shown and "--version" in shown and "(default: zh)" in shown


def _subparsers():
    from fangkong.cli_parser import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def _option_help(help_text: str, option: str) -> str:
    """The help of one option: its line in ``--help`` and the lines continuing it."""
    block, inside = [], False
    for line in help_text.splitlines():
        starts = re.match(r"\s{2}-", line)
        if starts:
            inside = re.match(rf"\s{{2}}(-\w, )?{re.escape(option)}\b", line) is not None
        elif not line.startswith(" " * 4):
            inside = False
        if inside:
            block.append(line)
    return " ".join(" ".join(block).split())


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_option_with_a_value_shows_its_default_in_help(command):
    done = subprocess.run([FANGKONG, command, "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for action in _subparsers()[command]._actions:
        takes_value = action.option_strings and action.nargs != 0 and not action.required
        if takes_value:
            shown = _option_help(done.stdout, action.option_strings[-1])
            assert "default: " in shown, (command, action.option_strings, shown)
            if action.default not in (None, argparse.SUPPRESS):
                assert f"(default: {action.default})" in shown, shown


def test_lang_is_zh_by_default_and_en_before_or_after_the_command():
    from fangkong.cli_parser import build_parser

    parse = build_parser().parse_args
    base = ["ingest", "x.csv", "--date", DATE]
    assert parse(base).lang == "zh"
    assert parse(["--lang", "en", *base]).lang == "en"
    assert parse([*base, "--lang", "en"]).lang == "en"  # ingest's --lang, as before
    assert parse(["check"]).lang == "zh" and parse(["check", "--lang=en"]).lang == "en"
