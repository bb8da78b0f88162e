"""The daily job against a real SMTP server on localhost (aiosmtpd).

Each test runs the real notebooks through papermill into a temporary outputs
folder, on a copy of the session's fixture store (see conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from fangkong import registry
from fangkong.delivery.daily import day_lock, run_daily
from repo_paths import ROOT

# Every test runs the three notebooks through the daily job.
pytestmark = pytest.mark.slow

REPORTS = tuple(registry.names())
#: The reports mailed as a summary (the bulletin's email is checked in test_bulletin_mail.py).
SUMMARY = tuple(e.name for e in registry.REPORTS if e.mail == "summary")
UNMASKED_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
UNMASKED_MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def _parts(msg):
    out = {"text": None, "html": None, "images": [], "attachments": []}
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_filename():
            out["attachments"].append(part)
        elif part.get_content_type() == "text/plain":
            out["text"] = part.get_content()
        elif part.get_content_type() == "text/html":
            out["html"] = part.get_content()
        elif part.get_content_maintype() == "image":
            out["images"].append(part)
    return out


def test_daily_sends_every_report_once_with_its_parts(site, smtp):
    assert run_daily([site.town], site.day) == 0
    messages = smtp.parsed()
    assert len(messages) == len(REPORTS)
    by_report = {}
    for msg in messages:
        report = next(r for r in REPORTS if msg.get_filename(None) is None and _report_of(msg) == r)
        by_report[report] = msg
    assert set(by_report) == set(REPORTS)
    bulletin = _parts(by_report.pop("bulletin"))
    assert len(bulletin["attachments"]) == 4 and not bulletin["images"]
    for report, msg in by_report.items():
        # 【试验镇·居家隔离日报】⚠预警6项 3月10日：... (tests/delivery/test_mail.py)
        assert msg["Subject"].startswith("【试验镇·")
        assert f"{site.day.month}月{site.day.day}日：" in msg["Subject"]
        parts = _parts(msg)
        assert parts["text"] and site.day.isoformat() in parts["text"]
        html = parts["html"]
        assert len(html.encode("utf-8")) < 100_000
        assert "data:" not in html and "var(--" not in html and "<style" not in html
        assert len(parts["images"]) == 1
        cid = parts["images"][0]["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html
        (attachment,) = parts["attachments"]
        assert attachment.get_content_type() == "text/html"
        assert attachment.get_filename().endswith(f"-{site.day.isoformat()}.html")
        on_disk = (site.dir / f"{report}.html").read_bytes()
        assert attachment.get_payload(decode=True) == on_disk
        assert not (site.dir / "internal").exists()
        for text in (parts["text"], html, on_disk.decode("utf-8")):  # masked only
            assert not UNMASKED_ID.search(text) and not UNMASKED_MOBILE.search(text)
    rcpts = {tuple(sorted(r)) for r, _ in smtp.messages}
    assert ("boss@example.org", "quarantine@example.org") in rcpts
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    assert {m for m in manifest["mail"]} == set(REPORTS)
    assert sorted(p.name for p in (site.dir / "sent").iterdir()) == [
        f"{r}.eml" for r in sorted(REPORTS)
    ]
    assert "daily run" in (site.dir / "run.log").read_text(encoding="utf-8")

    # A rerun for the same date sends nothing twice, and reruns no report.
    assert run_daily([site.town], site.day) == 0
    assert len(smtp.messages) == len(REPORTS)
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert f"reports: all produced for {site.day}, and their inputs are unchanged" in log


def _report_of(msg):
    for r, title in (
        ("quarantine", "居家隔离日报"),
        ("welfare", "民生保障日报"),
        ("reopening", "复工复产日报"),
        ("bulletin", "疫情防控工作日报"),
    ):
        if title in msg["Subject"]:
            return r
    return None


def test_server_down_loses_nothing_and_send_delivers_each_once(site, smtp):
    smtp.controllers[0].stop()
    assert run_daily([site.town], site.day) == 1
    outbox = sorted(p.name for p in (site.dir / "outbox").glob("*.eml"))
    assert outbox == [f"{r}.eml" for r in sorted(REPORTS)]
    assert all((site.dir / "outbox" / f"{n}.error").exists() for n in outbox)
    assert "cannot connect" in (site.dir / "outbox" / "welfare.eml.error").read_text(
        encoding="utf-8"
    )

    smtp.restart()
    from fangkong.cli import main

    assert main(["send", "--date", site.day.isoformat(), "--town", str(site.town)]) == 0
    assert len(smtp.messages) == len(REPORTS) and not list((site.dir / "outbox").glob("*.eml"))
    assert main(["send", "--date", site.day.isoformat(), "--town", str(site.town)]) == 0
    assert len(smtp.messages) == len(REPORTS)
    assert sorted(_report_of(m) for m in smtp.parsed()) == sorted(REPORTS)


def test_second_concurrent_run_stops_and_names_the_holder(site):
    with day_lock(site.dir):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "fangkong.cli",
                "daily",
                "--date",
                site.day.isoformat(),
                "--town",
                str(site.town),
                "--no-send",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert done.returncode == 2
    assert "another fangkong daily run holds" in done.stderr
    assert f"pid {__import__('os').getpid()}" in done.stderr
    assert not (site.dir / "quarantine.html").exists()


def test_a_failing_notebook_does_not_stop_the_others(site, smtp, monkeypatch):
    notebooks = site.tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = json.loads((notebooks / "reopening.ipynb").read_text(encoding="utf-8"))
    nb["cells"].insert(
        2,
        {
            "cell_type": "code",
            "id": "raise-on-purpose",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": ["raise RuntimeError('the reopening ledger is broken')"],
        },
    )
    (notebooks / "reopening.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setenv("FANGKONG_NOTEBOOKS_DIR", str(notebooks))

    assert run_daily([site.town], site.day) == 1
    manifest = json.loads((site.dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["reopening"]["status"] == "failed"
    entry = manifest["reports"]["reopening"]
    assert entry["reason"] == "cell_error" and entry["exception"] == "RuntimeError"
    # The exception's text stays in the local log; the manifest and the notice say why in short.
    assert "broken" not in json.dumps(manifest)
    log = (site.dir / "run.log").read_text(encoding="utf-8")
    assert "RuntimeError: the reopening ledger is broken" in log
    assert (site.dir / "reopening.ipynb").exists()  # the executed copy, with the error
    subjects = sorted(m["Subject"] for m in smtp.parsed())
    assert len(subjects) == 4
    # The reopening report failed; the bulletin made from it is not run, and says why.
    assert sum("未能生成" in s for s in subjects) == 2
    notice = next(m for m in smtp.parsed() if "复工复产日报" in m["Subject"])
    assert "未能生成" in notice["Subject"]
    body = notice.get_content()
    assert "运行出错（RuntimeError）" in body and "run.log" in body and "broken" not in body
    bulletin = next(m for m in smtp.parsed() if "疫情防控工作日报" in m["Subject"])
    assert "所依据的复工复产日报未能生成" in bulletin.get_content()
    assert manifest["reports"]["bulletin"]["reason"] == "inputs_failed"

    # Fixed: a rerun produces and sends the report that failed, then the bulletin.
    shutil.copy(ROOT / "notebooks" / "reopening.ipynb", notebooks / "reopening.ipynb")
    assert run_daily([site.town], site.day) == 0
    assert len(smtp.messages) == 6
    assert sorted(_report_of(m) for m in smtp.parsed()[-2:]) == ["bulletin", "reopening"]
    assert all("未能生成" not in m["Subject"] for m in smtp.parsed()[-2:])


def test_one_town_failing_does_not_stop_the_others(site, smtp, tmp_path):
    towns = tmp_path / "towns"
    towns.mkdir()
    shutil.copy(site.town, towns / "good.yaml")
    (towns / "broken.yaml").write_text("id: broken\nvillages: [\n", encoding="utf-8")
    assert run_daily([towns], site.day, reports=["quarantine"]) == 1
    produced = tmp_path / "outputs" / "test" / site.day.isoformat() / "quarantine.html"
    assert produced.exists()  # several towns: outputs/<town id>/D/
    assert len(smtp.messages) == 1


def test_a_report_the_registry_does_not_mail_gets_no_email(site, monkeypatch):
    from dataclasses import replace

    from fangkong import registry
    from fangkong.delivery.daily import places
    from fangkong.delivery.emails import write_emails
    from fangkong.settings import get_settings
    from fangkong.town import load_town

    town, settings = load_town(site.town), get_settings()
    where = places(settings, town, site.day, several=False)
    where.day.mkdir(parents=True)
    manifest = {"reports": {r: {"status": "failed", "reason": "kernel_died"} for r in REPORTS}}
    quiet = tuple(replace(e, mail=None) if e.name == "welfare" else e for e in registry.REPORTS)
    monkeypatch.setattr(registry, "REPORTS", quiet)
    written = write_emails(town, site.day, where.day, manifest, settings)
    assert sorted(p.stem for p in written) == [
        "bulletin-failed",
        "quarantine-failed",
        "reopening-failed",
    ]


def test_inbox_originals_are_archived_owner_only(tmp_path, store, demo_town):
    """Archived originals hold personal data: files 0600 in folders 0700."""
    import datetime as dt

    from fangkong.delivery.daily import ingest_inbox, places
    from fangkong.settings import get_settings
    from ingest_helpers import household, write_csv

    settings = get_settings(data_dir=tmp_path / "data", outputs_dir=tmp_path / "outputs")
    day = dt.date(2020, 3, 10)
    where = places(settings, demo_town, day, several=False)
    (where.inbox / "槐林村").mkdir(parents=True)
    original = write_csv(where.inbox / "槐林村" / "households.csv", [household()])
    original.chmod(0o644)
    assert ingest_inbox(store, demo_town, day, where, settings)
    archived = where.archive / "槐林村" / "households.csv"
    assert archived.exists() and not original.exists()
    assert archived.stat().st_mode & 0o777 == 0o600
    for folder in (settings.archive_dir, where.archive, archived.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
