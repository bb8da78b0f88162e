"""The bulletin's email to the leading group: through the outbox and a real SMTP server.

Its text is the body, its Word file and the three reports it was made from are
attached; it goes once; a rerun that changes it sends a correction (更正), one that
does not sends nothing.
"""

from __future__ import annotations

import email
import json
import shutil
from email import policy

import pytest
from fangkong.delivery.emails import send_outbox, write_emails
from fangkong.reports.bulletin.document import bulletin_docx
from fangkong.reports.bulletin.report import BulletinReport
from fangkong.settings import get_settings
from fangkong.town import load_town
from repo_paths import DEMO_TOWN_FILE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def day_dir(bulletin_inputs, tmp_path):
    """A day's folder as the runner leaves it: the reports' sidecars and pages, the bulletin."""
    folder, db_url, day = bulletin_inputs
    out = tmp_path / day.isoformat()
    shutil.copytree(folder, out)
    for name in ("quarantine", "welfare", "reopening"):
        (out / f"{name}.html").write_text(f"<html><body>{name}</body></html>", encoding="utf-8")
    report = BulletinReport.from_store(day, str(DEMO_TOWN_FILE), db_url, reports_dir=str(out))
    payload = report.sidecar().payload
    (out / "bulletin.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    (out / "bulletin.docx").write_bytes(bulletin_docx(payload))
    return out


def _put(town, day_dir, settings):
    manifest = {"reports": {"bulletin": {"status": "ok"}}}
    return write_emails(town, _day(day_dir), day_dir, manifest, settings)


def _day(day_dir):
    import datetime as dt

    return dt.date.fromisoformat(day_dir.name)


def test_the_bulletin_goes_to_the_leading_group_once_then_as_a_correction(day_dir, smtp):
    town, settings = load_town(DEMO_TOWN_FILE), get_settings()
    (path,) = _put(town, day_dir, settings)
    assert path.name == "bulletin.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    issue = json.loads((day_dir / "bulletin.json").read_text(encoding="utf-8"))["figures"]["issue"]
    assert message["Subject"] == f"【贾峪镇】疫情防控工作日报 第{issue}期（3月10日）"
    assert message["From"].addresses[0].display_name == "贾峪镇疫情防控指挥部"
    assert message["To"] == ", ".join(town.recipients.of("bulletin"))
    body = message.get_body(preferencelist=("plain",)).get_content()
    for heading in ("一、总体情况", "二、居家隔离", "五、存在问题和督办事项", "六、下步工作"):
        assert heading in body
    assert "截至3月10日18时，全镇居家隔离" in body and "报送：荥阳市疫情防控指挥部" in body
    attached = {p.get_filename(): p.get_content_type() for p in message.iter_attachments()}
    assert attached == {
        "贾峪镇疫情防控工作日报-2020-03-10.docx": DOCX,
        "贾峪镇居家隔离日报-2020-03-10.html": "text/html",
        "贾峪镇民生保障日报-2020-03-10.html": "text/html",
        "贾峪镇复工复产日报-2020-03-10.html": "text/html",
    }
    assert send_outbox(town, _day(day_dir), day_dir, settings)
    assert len(smtp.messages) == 1
    assert _put(town, day_dir, settings) == []  # unchanged: nothing again
    # A rerun with a changed figure (a late file) is a correction naming it.
    sidecar = json.loads((day_dir / "bulletin.json").read_text(encoding="utf-8"))
    sidecar["headline"]["in_quarantine"]["value"] += 1
    (day_dir / "bulletin.json").write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")
    (path,) = _put(town, day_dir, settings)
    assert path.name == "bulletin-correction-1.eml"
    correction = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert correction["Subject"].startswith("【更正】【贾峪镇】疫情防控工作日报")
    plain = correction.get_body(preferencelist=("plain",)).get_content()
    assert plain.startswith("更正：") and "居家隔离（人）" in plain.splitlines()[0]
