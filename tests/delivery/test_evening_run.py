"""The evening run under faults (issue 14): real notebooks, processes, signals, SMTP.

Each test drives the daily job as cron would, on a copy of the session's
quarantine store (see tests/conftest.py), against an aiosmtpd server on
localhost: late data, a broken notebook, a full disk, a secret in the
environment, and the run killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest
import yaml
from fangkong import registry
from fangkong.catalogue import text
from fangkong.delivery.daily import run_daily
from ingest_helpers import write_xlsx
from repo_paths import ROOT

pytestmark = pytest.mark.slow

REPORTS = tuple(registry.names())
#: The reports mailed as a summary; the bulletin, made from them, is mailed after them.
SUMMARY = tuple(e.name for e in registry.REPORTS if e.mail == "summary")
SECRET = "Zq9-evening-s3cret-Xv"


def _report_of(msg) -> str | None:
    """The report attached, by its file's name: 试验镇居家隔离日报-2020-03-10.html; the
    bulletin by its subject."""
    if "疫情防控工作日报" in msg["Subject"]:
        return "bulletin"
    for part in msg.walk():
        name = part.get_filename() or ""
        for r in REPORTS:
            if text(registry.get(r).title_key) in name:
                return r
    return None


def _late_fever(site):
    """A health check of 赵六 (no visit so far) at 19:30 with 39.2 °C."""
    site.inbox.mkdir(parents=True, exist_ok=True)
    row = {
        "身份证号": site.people["D"]["身份证号"],
        "监测时间": f"{site.day.isoformat()} 19:30",
        "体温": 39.2,
        "症状": "发热",
        "医护人员": "医生乙",
    }
    write_xlsx(site.inbox / "甲村_health_checks.xlsx", [row])


def _sidecar(site, report):
    return json.loads((site.dir / f"{report}.json").read_text(encoding="utf-8"))


def _daily_cli(site, *extra) -> list[str]:
    return [
        sys.executable,
        "-m",
        "fangkong.cli",
        "daily",
        "--date",
        site.day.isoformat(),
        "--town",
        str(site.town),
        *extra,
    ]


def test_late_data_is_counted_and_a_sent_report_goes_out_again_as_a_correction(site, smtp):
    assert run_daily([site.town], site.day) == 0
    assert len(smtp.messages) == len(REPORTS)
    fevers = _sidecar(site, "quarantine")["headline"]["fever_alerts"]["value"]

    _late_fever(site)
    assert run_daily([site.town], site.day) == 0
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert "quarantine runs: its inputs changed since it was made (1 file(s) came in)" in log
    assert _sidecar(site, "quarantine")["headline"]["fever_alerts"]["value"] == fevers + 1

    corrections = [m for m in smtp.parsed()[len(REPORTS) :] if _report_of(m) == "quarantine"]
    assert len(corrections) == 1
    msg = corrections[0]
    assert msg["Subject"].startswith("【更正】")
    first = msg.get_body(("plain",)).get_content().splitlines()[0]
    assert first.startswith("更正：") and f"{fevers}→{fevers + 1}" in first
    # Reports whose sidecar did not change are not sent again; the bulletin, which
    # cites the quarantine report, is corrected with it.
    later = smtp.parsed()[len(REPORTS) :]
    assert sorted(_report_of(m) for m in later) == ["bulletin", "quarantine"]
    for m in later:
        assert m["Subject"].startswith("【更正】")
    assert (site.dir / "sent" / "quarantine-correction-1.eml").exists()

    # A third run with nothing new sends nothing and says so.
    sent = len(smtp.messages)
    assert run_daily([site.town], site.day) == 0
    assert len(smtp.messages) == sent
    assert "inputs are unchanged" in (site.dir / "run.log").read_text(encoding="utf-8")


def test_late_data_before_sending_goes_out_once_in_its_new_version(site, smtp):
    assert run_daily([site.town], site.day, send=False) == 0
    _late_fever(site)
    assert run_daily([site.town], site.day) == 0
    quarantine = [m for m in smtp.parsed() if _report_of(m) == "quarantine"]
    assert len(quarantine) == 1 and "更正" not in quarantine[0]["Subject"]
    assert len(smtp.messages) == len(REPORTS)
    fevers = _sidecar(site, "quarantine")["headline"]["fever_alerts"]["value"]
    assert f"{fevers}" in quarantine[0].get_body(("plain",)).get_content()


def test_a_deferred_recipient_is_retried_and_a_refused_one_named_in_a_notice(site, smtp):
    raw = yaml.safe_load(site.town.read_text(encoding="utf-8"))
    group, gone = "busy-leading-group@example.org", "nouser-old-desk@example.org"
    raw["recipients"]["quarantine"] = ["quarantine@example.org", group, gone]
    site.town.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    assert run_daily([site.town], site.day) == 1  # not everyone has the report yet
    assert (site.dir / "outbox" / "quarantine.eml").exists()  # still owed to the group
    record = json.loads((site.dir / "outbox" / "quarantine.eml.rcpt").read_text("utf-8"))
    assert record["remaining"] == [group] and gone in record["refused"]
    notices = [m for m in smtp.parsed() if "拒收" in m["Subject"]]
    # Told: those who have the report (not the group, still waiting for it).
    assert len(notices) == 1 and notices[0]["To"] == "quarantine@example.org"
    body = notices[0].get_content()
    assert gone in body and "550" in body and group not in body
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert f"mail quarantine: deferred, retried by the next send: {group} (451" in log
    assert f"mail quarantine: refused for good: {gone} (550" in log

    smtp.accept_busy = True  # the group's server takes mail again
    env = {**os.environ, "FANGKONG_HOME": str(ROOT)}
    args = ["send", "--date", site.day.isoformat(), "--town", str(site.town)]
    done = subprocess.run(
        [sys.executable, "-m", "fangkong", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "待发 0 封" in done.stdout
    assert (site.dir / "sent" / "quarantine.eml").exists()
    to_group = [
        m["Subject"] for (rcpts, _), m in zip(smtp.messages, smtp.parsed()) if group in rcpts
    ]
    assert len(to_group) == 1 and "拒收" not in to_group[0]  # the report, once
    assert [a for a, _ in smtp.rcpts].count(gone) == 1  # refused for good: never again
    assert [a for a, _ in smtp.rcpts].count("quarantine@example.org") == 2  # report, notice

    sent = len(smtp.messages)
    assert run_daily([site.town], site.day) == 0  # a rerun sends nothing twice
    assert len(smtp.messages) == sent


def test_an_unreadable_notebook_fails_alone_and_its_notice_goes_out(site, smtp, monkeypatch):
    notebooks = site.tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    (notebooks / "welfare.ipynb").write_text('{"cells": [', encoding="utf-8")
    monkeypatch.setenv("FANGKONG_NOTEBOOKS_DIR", str(notebooks))

    assert run_daily([site.town], site.day) == 1
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["welfare"]["reason"] == "notebook_unreadable"
    assert {r: manifest["reports"][r]["status"] for r in ("quarantine", "reopening")} == {
        "quarantine": "ok",
        "reopening": "ok",
    }
    subjects = sorted(m["Subject"] for m in smtp.parsed())
    # The welfare report and the bulletin made from it are not produced.
    assert len(subjects) == 4 and sum("未能生成" in s for s in subjects) == 2
    notice = next(m for m in smtp.parsed() if "民生保障日报" in m["Subject"])
    assert "未能生成" in notice["Subject"]
    body = notice.get_content()
    assert "welfare.ipynb 已损坏" in body and "run.log" in body
    assert "Traceback" not in body and "JSON" not in body


def _limited(max_bytes):
    def apply():
        import resource

        # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, as on a full disk.
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_fails_each_report_alone_leaves_no_half_file_and_notices_go_out(site, smtp):
    # 64 KB: the manifest, run.log, sidecars and the notices fit; an executed
    # notebook (180-370 KB) and a page (110-300 KB) do not.
    done = subprocess.run(
        _daily_cli(site),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        preexec_fn=_limited(64 * 1024),
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    for report in SUMMARY:
        entry = manifest["reports"][report]
        assert entry["status"] == "failed" and entry["reason"] == "disk_full", entry
        assert "JSON" not in entry["error"]
    assert manifest["reports"]["bulletin"]["reason"] == "inputs_failed"  # not run
    # Nothing half-written is left: no page, no temporary file; an executed
    # notebook left is whole (the report failed writing the store, before its
    # notebook grew past the limit).
    left = sorted(p.name for p in site.dir.iterdir() if p.is_file())
    assert not [n for n in left if n.endswith((".html", ".partial", ".tmp"))], left
    for name in (n for n in left if n.endswith(".ipynb")):
        nbformat.read(site.dir / name, as_version=4)
    notices = [m for m in smtp.parsed() if "未能生成" in m["Subject"]]
    assert len(notices) == len(REPORTS)
    for m in notices:
        reason = "所依据的" if "疫情防控工作日报" in m["Subject"] else "磁盘已满"
        assert reason in m.get_content()


def test_no_secret_reaches_a_kernel_notebook_manifest_log_or_email(site, smtp, monkeypatch):
    monkeypatch.setenv("FANGKONG_SMTP_PASSWORD", SECRET)
    monkeypatch.setenv("OFFICE_API_TOKEN", SECRET + "-2")
    (site.tmp / ".env").write_text(f"FANGKONG_SMTP_PASSWORD={SECRET}\n", encoding="utf-8")
    monkeypatch.setenv("FANGKONG_HOME", str(site.tmp))
    monkeypatch.setenv("FANGKONG_NOTEBOOKS_DIR", str(site.tmp / "notebooks"))
    monkeypatch.setenv("FANGKONG_PARAMS_DIR", str(ROOT / "params"))
    shutil.copytree(ROOT / "notebooks", site.tmp / "notebooks")
    nb_path = site.tmp / "notebooks" / "reopening.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    leak = (
        "import os\n"
        "from fangkong.settings import get_settings\n"
        "print(dict(os.environ))\n"
        "print(vars(get_settings()))\n"
        "raise RuntimeError(f'leaking {dict(os.environ)} {vars(get_settings())}')"
    )
    nb["cells"].insert(
        3,
        {
            "cell_type": "code",
            "id": "leak",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": leak,
        },
    )
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    # The server wants no login: the password is set but sending needs none.
    monkeypatch.delenv("FANGKONG_SMTP_USER", raising=False)

    assert run_daily([site.town], site.day) == 1
    executed = (site.dir / "reopening.ipynb").read_text(encoding="utf-8")
    assert "leaking" in executed  # the cell ran and printed what the kernel had
    assert "FANGKONG_DB_URL" in executed  # the environment was printed
    found = []
    for path in site.tmp.rglob("*"):
        if path.is_file() and path.name != ".env":
            raw = path.read_bytes()
            if SECRET.encode() in raw:
                found.append(str(path.relative_to(site.tmp)))
    assert found == []
    for raw in (content for _, content in smtp.messages):
        assert SECRET.encode() not in raw
    notices = [m.get_content() for m in smtp.parsed() if "未能" in m["Subject"]]
    # The failing report's and the bulletin's (not made without it).
    assert len(notices) == 2 and not any("leaking" in n for n in notices)
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert "RuntimeError: leaking" in log  # the detail stays in the local log, blanked


def _descendants(pid):
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_leaves_no_worker_behind_and_the_next_run_takes_over_the_lock(site, smtp):
    import psutil

    proc = subprocess.Popen(
        _daily_cli(site),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    kernels = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not kernels:
        time.sleep(0.2)
        kernels = [p for p in _descendants(proc.pid) if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "no kernel started"
    time.sleep(1.0)
    children = _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(children, timeout=15)
    try:
        assert alive == [], [p.cmdline()[:3] for p in alive]
    finally:
        for p in alive:
            p.kill()
    killed_at = time.time()
    time.sleep(2)
    for page in site.dir.glob("*.html"):
        assert page.stat().st_mtime < killed_at, f"{page.name} written after the run died"
    assert (site.dir / ".lock.info").exists()  # left by the killed run

    assert run_daily([site.town], site.day) == 0
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert f"taken over from a run that ended without releasing it (pid {proc.pid}" in log
    assert len(smtp.messages) == len(REPORTS)


# --- reruns after what the review found ------------------------------------------------


def test_a_rerun_that_changes_nothing_a_reader_sees_sends_nothing(site, smtp):
    assert run_daily([site.town], site.day) == 0
    # A comment in the town file: every report is made again (its inputs changed),
    # and only when it was made differs.
    site.town.write_text(site.town.read_text("utf-8") + "# checked\n", encoding="utf-8")
    assert run_daily([site.town], site.day) == 0
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert "quarantine runs: its inputs changed since it was made" in log
    assert len(smtp.messages) == len(REPORTS)  # no correction
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["mail"]) == set(REPORTS)  # the rerun kept the mail's history


def test_a_report_some_received_goes_to_them_as_a_correction(site, smtp):
    raw = yaml.safe_load(site.town.read_text(encoding="utf-8"))
    group = "busy-leading-group@example.org"
    raw["recipients"]["quarantine"] = ["quarantine@example.org", group]
    site.town.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert run_daily([site.town], site.day) == 1  # the group deferred: still owed

    _late_fever(site)
    smtp.accept_busy = True
    assert run_daily([site.town], site.day) == 0
    quarantine = [
        (rcpts, m["Subject"])
        for (rcpts, _), m in zip(smtp.messages, smtp.parsed())
        if _report_of(m) == "quarantine"
    ]
    # The first version to whoever had not got it, then the correction to everyone.
    assert [r for r, _ in quarantine] == [
        ["quarantine@example.org"],
        [group],
        [
            "quarantine@example.org",
            group,
        ],
    ]
    assert quarantine[2][1].startswith("【更正】")


def test_a_hung_notebook_times_out_alone_and_its_notice_goes_out(site, smtp, monkeypatch):
    notebooks = site.tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb_path = notebooks / "reopening.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    cell = {"cell_type": "code", "id": "hang", "metadata": {}, "outputs": []}
    hang = {"execution_count": None, "source": "import time; time.sleep(600)"}
    nb["cells"].insert(3, cell | hang)
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setenv("FANGKONG_NOTEBOOKS_DIR", str(notebooks))
    # Long enough for the setup cell (it records the alert history of the days
    # before, on a loaded machine), far shorter than the hung cell.
    monkeypatch.setenv("FANGKONG_CELL_TIMEOUT", "20")

    started = time.monotonic()
    assert run_daily([site.town], site.day) == 1
    assert time.monotonic() - started < 300  # it did not wait for the cell
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["reopening"]["reason"] == "timeout"
    assert manifest["reports"]["quarantine"]["status"] == "ok"
    notice = next(m for m in smtp.parsed() if "复工复产日报" in m["Subject"])
    assert "未能生成" in notice["Subject"] and "超时" in notice.get_content()


def test_a_failed_update_of_a_report_sent_says_so(site, smtp, monkeypatch):
    assert run_daily([site.town], site.day) == 0
    notebooks = site.tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    (notebooks / "quarantine.ipynb").write_text('{"cells": [', encoding="utf-8")
    monkeypatch.setenv("FANGKONG_NOTEBOOKS_DIR", str(notebooks))
    _late_fever(site)
    assert run_daily([site.town], site.day) == 1
    later = smtp.parsed()[len(REPORTS) :]
    notices = [m for m in later if "更新版本未能生成" in m["Subject"]]
    # The quarantine report's, and the bulletin's (not made again without it).
    assert sum("居家隔离日报" in m["Subject"] for m in notices) == 1
    assert sum("疫情防控工作日报" in m["Subject"] for m in notices) == 1
    assert len(notices) == 2 and all("已发送的版本可能不完整" in m.get_content() for m in notices)


def test_mail_deferred_yesterday_goes_out_with_tonights_run(site, smtp):
    import datetime as dt

    raw = yaml.safe_load(site.town.read_text(encoding="utf-8"))
    group = "busy-leading-group@example.org"
    raw["recipients"]["quarantine"] = ["quarantine@example.org", group]
    site.town.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert run_daily([site.town], site.day) == 1
    smtp.accept_busy = True
    assert run_daily([site.town], site.day + dt.timedelta(days=1), reports=["welfare"]) == 0
    assert (site.dir / "sent" / "quarantine.eml").exists()
    log = site.dir.parent / (site.day + dt.timedelta(days=1)).isoformat() / "run.log"
    assert f"mail of {site.day}: 1 message(s) still waiting" in log.read_text("utf-8")
