"""Progress for the person who runs fangkong: a bar on a terminal, plain lines for cron."""

from __future__ import annotations

import io
import logging
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from fangkong.console import PROGRESS_ENV, Steps, progress, progress_mode, resolve_mode
from repo_paths import DEMO_TOWN_FILE


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_choice(monkeypatch):
    """Nothing chosen in the environment, and no handler on fangkong's logger."""
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    logger = logging.getLogger("fangkong")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)


def test_lines_off_a_terminal_have_counts_a_total_and_no_carriage_return():
    out = io.StringIO()
    items = list(progress(range(25), desc="ingest", unit="files", show="lines", stream=out))
    assert items == list(range(25))
    text = out.getvalue()
    assert "\r" not in text
    lines = text.splitlines()
    assert lines[0] == "入库：3/25 个文件"
    assert re.fullmatch(r"入库：25/25 个文件，用时 \d+\.\d 秒", lines[-1])
    assert len(lines) == 9  # every ~10 %, and one at the end


def test_lines_in_english_without_a_total_every_n_items():
    out = io.StringIO()
    list(
        progress(
            iter(range(7)),
            desc="ingest",
            unit="files",
            lang="en",
            show="lines",
            every=3,
            stream=out,
        )
    )
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["ingest: 3 files", "ingest: 6 files"]
    assert re.fullmatch(r"ingest: 7 files in \d+\.\d s", lines[2])


def test_a_loop_stopped_early_says_where_it_stopped():
    out = io.StringIO()
    for i in progress(range(100), desc="sample", unit="days", show="lines", stream=out):
        if i == 41:
            break
    assert out.getvalue().splitlines()[-1].startswith("样例数据：41/100 天，用时")


def test_a_terminal_gets_a_tqdm_bar():
    out = Terminal()
    assert list(progress(range(5), desc="ingest", unit="files", stream=out)) == list(range(5))
    text = out.getvalue()
    assert "\r" in text and "100%" in text and "5/5" in text
    assert text.startswith("\r入库:")


def test_the_library_is_quiet_off_a_terminal_unless_asked(capsys):
    out = io.StringIO()
    assert list(progress(range(30), desc="ingest", stream=out)) == list(range(30))
    assert list(progress(range(30), desc="ingest")) == list(range(30))
    assert out.getvalue() == ""
    assert capsys.readouterr().err == ""
    assert resolve_mode(stream=Terminal()) == "bar"


def test_a_command_asks_for_lines_on_stderr(capsys):
    with progress_mode("auto"):
        list(progress(range(4), desc="ingest", unit="files"))
        assert resolve_mode(stream=Terminal()) == "bar"
    list(progress(range(4), desc="ingest", unit="files"))  # the choice ends with the block
    err = capsys.readouterr().err
    assert err.splitlines()[:-1] == ["入库：1/4 个文件", "入库：2/4 个文件", "入库：3/4 个文件"]
    assert err.splitlines()[-1].startswith("入库：4/4 个文件")
    assert "\r" not in err


@pytest.mark.parametrize(
    ("env", "terminal", "mode"),
    [
        ("off", True, "off"),
        ("lines", True, "lines"),
        ("auto", False, "lines"),
        ("bar", False, "bar"),
    ],
)
def test_the_environment_wins(monkeypatch, env, terminal, mode):
    monkeypatch.setenv(PROGRESS_ENV, env)
    stream = Terminal() if terminal else io.StringIO()
    with progress_mode("off"):
        assert resolve_mode(stream=stream) == mode
    assert resolve_mode(show="off", stream=stream) == "off"  # an explicit choice wins


def test_lines_go_to_fangkongs_log_when_it_is_configured():
    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    logger = logging.getLogger("fangkong")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    list(progress(range(2), desc="ingest", unit="files", lang="en"))
    assert logged.getvalue().splitlines()[0] == "ingest: 1/2 files"
    assert logged.getvalue().splitlines()[1].startswith("ingest: 2/2 files in ")


def test_steps_log_their_number_and_label(caplog):
    log = logging.getLogger("fangkong.delivery.daily")
    step = Steps(4, log=log)
    with caplog.at_level(logging.INFO, logger="fangkong"):
        assert step("ingest") == "[1/4] 收取并入库"
        assert step("reports") == "[2/4] 生成报告"
    assert [r.getMessage() for r in caplog.records] == ["[1/4] 收取并入库", "[2/4] 生成报告"]
    out = io.StringIO()
    step = Steps(3, lang="en", show="lines", stream=out)
    step("ingest"), step("my own step")
    assert out.getvalue() == "[1/3] ingest the inbox\n[2/3] my own step\n"
    quiet = io.StringIO()
    Steps(2, stream=quiet)("reports")
    assert quiet.getvalue() == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_real_terminal_gets_a_bar():
    master, slave = os.openpty()
    code = (
        "from fangkong.console import progress\n"
        "for _ in progress(range(20), desc='ingest', unit='files'): pass\n"
    )
    env = {k: v for k, v in os.environ.items() if k != PROGRESS_ENV}
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stderr=slave, env=env)
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal (Linux raises EIO)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=30) == 0
    finally:
        os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "\r" in text and "20/20" in text and "100%" in text
    assert "入库" in text


def test_the_fangkong_command_writes_plain_lines_for_cron(tmp_path):
    """``fangkong sample`` then ``fangkong ingest`` with stderr piped, as cron runs them."""
    command = Path(sys.executable).with_name("fangkong")
    if not command.exists():
        pytest.skip(f"no {command}")
    env = dict(os.environ)
    env |= {
        PROGRESS_ENV: "auto",  # what a crontab line sets until the command chooses it
        "FANGKONG_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "FANGKONG_DATA_DIR": str(tmp_path / "data"),
    }

    def run(*args):
        done = subprocess.run(
            [str(command), *args], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "\r" not in done.stderr and "\r" not in done.stdout
        return done.stderr.splitlines()

    sample = tmp_path / "sample"
    lines = run("sample", str(sample), "--days", "2", "--town", str(DEMO_TOWN_FILE))
    assert lines[0] == "样例数据：1/2 天"
    assert lines[-1].startswith("样例数据：2/2 天，用时")
    day = sample / "2020-03-10"
    files = sum(1 for path in day.iterdir() if path.suffix in (".xlsx", ".csv"))
    lines = run("ingest", str(day), "--date", "2020-03-10", "--town", str(DEMO_TOWN_FILE))
    progress_lines = [line for line in lines if line.startswith("入库：")]
    assert len(progress_lines) >= 2
    assert progress_lines[-1].startswith(f"入库：{files}/{files} 个文件，用时")
