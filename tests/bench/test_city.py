"""The city benchmark's output sizes: a report page and its email."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage


def test_output_sizes_of_report_and_email(tmp_path):
    from fangkong.bench import output_sizes

    day = tmp_path / "2020-03-10"
    (day / "outbox").mkdir(parents=True)
    page = "<html><body>" + "表" * 1000 + "</body></html>"
    (day / "welfare.html").write_text(page, encoding="utf-8")
    msg = EmailMessage()
    msg["Subject"] = "民生保障日报"
    msg.set_content("summary")
    body = "<p>" + "摘要" * 50 + "</p>"
    msg.add_alternative(body, subtype="html")
    msg.add_attachment(page.encode("utf-8"), maintype="text", subtype="html", filename="w.html")
    raw = msg.as_bytes(policy=email.policy.SMTP)
    (day / "outbox" / "welfare.eml").write_bytes(raw)
    sizes = output_sizes(day, ["welfare", "quarantine"])
    assert sizes["welfare"] == {
        "html_bytes": 12 + 3000 + 14,  # a CJK character is 3 bytes of UTF-8
        "eml_bytes": len(raw),
        "email_html_body_bytes": len(body.encode("utf-8")) + 1,  # the line end it gains
        "email_attachment_bytes": 3026,
    }
    assert sizes["quarantine"] == {}
