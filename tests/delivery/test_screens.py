"""Pictures of the day's pages and emails, and the one line said where Chromium is missing."""

from __future__ import annotations

from email.message import EmailMessage

from fangkong.delivery.screens import email_body_html, write_screens


def test_without_chromium_nothing_is_written_and_one_line_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FANGKONG_CHROMIUM", str(tmp_path / "no-such-chromium"))
    (tmp_path / "quarantine.html").write_text("<p>x</p>", encoding="utf-8")
    written, said = write_screens(tmp_path, ["quarantine"])
    assert written == [] and not (tmp_path / "screens").exists()
    assert "\n" not in said and "apt-get install chromium fonts-noto-cjk" in said
    assert "Chromium not found" in said


def test_an_emails_inline_chart_is_pictured_from_its_content_id(tmp_path):
    msg = EmailMessage()
    msg.set_content("plain")
    msg.add_alternative('<p>图</p><img src="cid:chart.q@fangkong">', subtype="html")
    msg.get_payload()[1].add_related(b"\x89PNG-bytes", "image", "png", cid="<chart.q@fangkong>")
    eml = tmp_path / "q.eml"
    eml.write_bytes(bytes(msg))
    html = email_body_html(eml)
    assert "cid:" not in html and 'src="data:image/png;base64,iVBORy1ieXRlcw=="' in html
