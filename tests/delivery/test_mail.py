"""The report emails, built from real sidecars (tests/conftest.py: ``report_sidecars``).

The subject carries the figures the registry names and an alert mark; the body
opens with the day's paragraph, names the top alerts with their teams (residents
masked), shows the headline figures, the reopening rates against their targets
and the firms still closed, and says data quality in a sentence; the plain text
says the same; the sender is the town's office; the attachment has a Chinese name
encoded per RFC 2231.
"""

from __future__ import annotations

import email
import email.policy
import html
import re

import pytest
from fangkong import registry
from fangkong.catalogue import ENUMS, label, text
from fangkong.delivery.mail import (
    HTML_LIMIT,
    failure_message,
    report_message,
    undelivered_message,
)
from fangkong.delivery.mail_content import TOP_ALERTS, top_alerts

OFFICE = "试验镇疫情防控指挥部"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
UNMASKED_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
UNMASKED_MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
#: Words of the database, not of a reader (design: 未通过校验的记录, not 入库退回的行).
DATABASE_WORDS = ("入库", "数据库", "退回", "的行", "rows", "ingest")

#: The reports mailed as a report email (the bulletin has its own: test_bulletin_mail.py).
REPORT_EMAILS = [e.name for e in registry.REPORTS if e.mail == "summary"]


def _sent(msg):
    """The message as the outbox writes it (bytes), and parsed back."""
    raw = msg.as_bytes(policy=email.policy.SMTP)
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


def _built(sidecar, lang="zh", **kwargs):
    msg = report_message(
        sidecar,
        "<html><body>完整日报</body></html>".encode(),
        PNG,
        sender="fangkong@example.org",
        recipients=["county@example.org"],
        lang=lang,
        office=OFFICE,
        **kwargs,
    )
    raw, parsed = _sent(msg)
    parts = {"raw": raw, "msg": parsed, "attachments": []}
    for part in parsed.walk():
        if part.is_multipart():
            continue
        if part.get_filename():
            parts["attachments"].append(part)
        elif part.get_content_type() == "text/plain":
            parts["text"] = part.get_content()
        elif part.get_content_type() == "text/html":
            parts["html"] = part.get_content()
    return parts


@pytest.fixture(scope="module")
def emails(report_sidecars):
    return {name: _built(sidecar) for name, sidecar in report_sidecars.items()}


def _subject_numbers(sidecar) -> list[str]:
    """The numbers the subject must carry, after the date: each registry figure's value
    (a rate in percent, one decimal at most), read from the sidecar."""
    out = []
    for name in registry.get(sidecar["report"]).subject_figures:
        value = sidecar["figures"][name]
        if isinstance(value, float) and value <= 1:
            out.append(f"{round(value * 100, 1):g}")
        else:
            out.append(f"{value:,}")
    return out


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_subject_carries_the_registry_figures_and_the_alert_count(
    name, emails, report_sidecars
):
    sidecar = report_sidecars[name]
    subject = emails[name]["msg"]["Subject"]
    title = {"quarantine": "居家隔离日报", "welfare": "民生保障日报", "reopening": "复工复产日报"}
    found = re.fullmatch(r"【(.+?)·(.+?)】⚠预警(\d+)项 3月10日：(.+)", subject)
    assert found, subject
    assert found[1] == sidecar["town"] and found[2] == title[name]
    assert int(found[3]) == len(sidecar["alert_items"]) > 0
    figures = found[4].split("，")
    assert len(figures) == len(registry.get(name).subject_figures) == 3
    assert [re.search(r"[\d,.]+", f)[0] for f in figures] == _subject_numbers(sidecar)


def test_the_subject_words_each_figure_with_its_unit(emails, report_sidecars):
    q = report_sidecars["quarantine"]["figures"]
    assert emails["quarantine"]["msg"]["Subject"].endswith(
        f"在隔离{q['in_quarantine']}人，新增{q['new_today']}人，发热/症状{q['fever_alerts']}人"
    )
    r = report_sidecars["reopening"]["figures"]
    assert f"已复工{r['resumed']}家" in emails["reopening"]["msg"]["Subject"]


def test_a_day_without_alerts_has_no_mark_and_says_so(report_sidecars):
    calm = dict(report_sidecars["quarantine"], alert_items=[], alerts_total=0)
    calm["alerts"] = {kind: 0 for kind in calm["alerts"]}
    subject = _built(calm)["msg"]["Subject"]
    assert "⚠" not in subject and subject.endswith("，无预警")


def test_a_correction_keeps_its_mark_first(report_sidecars):
    built = _built(report_sidecars["welfare"], correction=["煤气待配送 5→6"])
    assert built["msg"]["Subject"].startswith("【更正】【")
    assert built["text"].startswith("更正：") and "煤气待配送 5→6" in built["html"]


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_body_opens_with_the_paragraph_and_names_the_top_alerts(name, emails, report_sidecars):
    sidecar, built = report_sidecars[name], emails[name]
    paragraph = sidecar["paragraph"]["text"]
    assert paragraph
    # The paragraph comes right after the heading, in both parts.
    assert built["text"].split("\n")[2] == paragraph
    assert re.search(r"</h2><p [^>]*>" + re.escape(html.escape(paragraph)), built["html"])
    shown, rest = top_alerts(sidecar)
    assert 0 < len(shown) <= TOP_ALERTS
    for item in shown:
        for part in (built["text"], built["html"]):
            words = html.unescape(re.sub(r"</?span[^>]*>", "", part))  # dates kept whole
            assert f"【{item['key']}】" in part and item["detail"] in words
        people = item.get("team") or item.get("responsible") or item.get("contact")
        if people:  # staff named as the sidecar names them, escaped in the HTML
            assert people in built["text"] and html.escape(people) in built["html"]
    for item in rest:
        assert item["key"] not in built["text"]
    if rest:
        assert f"另有{len(rest)}项预警" in built["text"]


def test_markup_in_a_name_is_shown_as_text(emails):
    body = emails["quarantine"]["html"]
    assert "<i>" not in body and "&lt;i&gt;民警甲&lt;/i&gt;" in body


def test_the_most_urgent_kinds_come_first_and_no_kind_fills_the_list(report_sidecars):
    sidecar = report_sidecars["welfare"]
    shown, _ = top_alerts(sidecar)
    kinds = [k for k, n in sidecar["alerts"].items() if n]
    assert [i["kind"] for i in shown] == sorted((i["kind"] for i in shown), key=kinds.index)
    assert len({i["kind"] for i in shown}) == len(kinds)  # every kind of the day is named


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_no_resident_is_named_in_full_and_no_id_or_mobile_number_shows(
    name, emails, quarantine_data
):
    built = emails[name]
    # The fixture rows' residents, household heads (户主W1...) and firms' contacts
    # (联系人A1...), as typed; the sidecar has them masked.
    residents = [p["姓名"] for p in quarantine_data.people.values()]
    for part in (built["text"], built["html"], built["msg"]["Subject"]):
        assert not UNMASKED_ID.search(part) and not UNMASKED_MOBILE.search(part)
        assert not re.search(r"户主\w|联系人[A-Z0-9]", part)
        for resident in residents:
            assert resident not in part


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_headline_table_gives_each_figure_with_its_unit_and_change(
    name, emails, report_sidecars
):
    built, sidecar = emails[name], report_sidecars[name]
    assert "今日概况" in built["html"]
    # The report's cards, not every figure the sidecar compares with the day before.
    cards = registry.get(name).load_class().cards()
    shown = {f: sidecar["headline"][f] for f in cards if f in sidecar["headline"]}
    # One line per card under the heading, up to the blank line.
    listed = built["text"].split("\n今日概况\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listed) == len(shown)
    if name == "quarantine":  # it compares its duties' figures too, not all on cards
        assert len(shown) < len(sidecar["headline"])
    counts = {f: fig for f, fig in shown.items() if "format" not in fig}
    for figure, fig in counts.items():
        code = registry.get(name).unit_of(figure)
        unit = text(f"unit.{code}") if code else ""
        cell = f">{fig['value']:,}{unit}<"
        assert cell in built["html"] or f">{fig['value']:,}{unit}</span>" in built["html"]
        change = fig["change"]
        said = "与昨日持平" if change == 0 else f"较昨日{'增加' if change > 0 else '减少'}"
        said += "" if change == 0 else f"{abs(change):,}{unit}"
        assert f"{fig['value']:,}{unit}，{said}。" in built["text"]
    assert all(registry.get(name).unit_of(f) for f in counts), "a figure without unit"
    # Rates in percent, their change in percentage points.
    for figure, fig in shown.items():
        if fig.get("format") != "rate":
            continue
        lab = text(f"{registry.get(name).labels}.figure.{figure}")
        shown = f"{round(fig['value'] * 100, 1):g}%"
        change = fig["change"]
        if change is None:
            said = ""
        elif change == 0:
            said = "，与昨日持平"
        else:
            points = f"{round(abs(change) * 100, 1):g}个百分点"
            said = f"，较昨日{'增加' if change > 0 else '减少'}{points}"
        assert f"{lab}{shown}{said}。" in built["text"]


def test_the_reopening_email_shows_each_rate_against_its_target(emails, report_sidecars):
    figures, built = report_sidecars["reopening"]["figures"], emails["reopening"]
    assert not all(figures[f"{c}_met"] for c in ENUMS["enterprise_category"])  # one is below
    assert any(not figures[f"{c}_firms"] for c in ENUMS["enterprise_category"])  # 商超: none
    for code in ENUMS["enterprise_category"]:
        if not figures[f"{code}_firms"]:  # no firm of the category: no rate, not listed
            assert figures[f"{code}_rate"] is None
            assert f"{label('enterprise_category', code)}复工率" not in built["text"]
            continue
        rate = f"{round(figures[f'{code}_rate'] * 100, 1):g}%"
        target = f"{round(figures[f'{code}_target'] * 100, 1):g}%"
        met = "达标" if figures[f"{code}_met"] else "未达标"
        category = label("enterprise_category", code)
        line = re.search(rf"^{category}复工率(.+?)（(\d+)/(\d+)家），目标(.+?)，(.+?)。$",
                         built["text"], re.M)  # fmt: skip
        assert line, category
        assert (line[1], line[4], line[5]) == (rate, target, met)
        assert (int(line[2]), int(line[3])) == (
            figures[f"{code}_resumed"],
            figures[f"{code}_firms"],
        )
        row = re.search(rf"<tr><td[^>]*>{category}</td>(.+?)</tr>", built["html"])
        assert row and rate in row[1] and target in row[1] and f">{met}<" in row[1]


def test_the_reopening_email_lists_the_firms_still_closed(emails, report_sidecars):
    closed = [
        i for i in report_sidecars["reopening"]["alert_items"] if i["kind"] == "firms_not_resumed"
    ]
    built = emails["reopening"]
    assert closed and f"尚未复工的企业（{len(closed)}家）" in built["text"]
    for item in closed:
        assert f"【{item['key']}】" in built["html"] and item["enterprise_name"] in built["text"]
    # Listed once: not among the top alerts as well.
    assert all(
        i["kind"] != "firms_not_resumed" for i in top_alerts(report_sidecars["reopening"])[0]
    )


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_data_quality_is_a_sentence_without_database_words(name, emails, report_sidecars):
    built, dq = emails[name], report_sidecars[name]["data_quality"]
    for part in (built["text"], html.unescape(built["html"])):
        sentence = next(line for line in re.split(r"\n|<p[^>]*>", part) if "数据质量" in line)
        assert (
            f"{dq['villages_missing']}个村共{dq['missing_submissions']}份报表今日未报送" in sentence
        )
        if dq["rejected_rows"]:
            assert f"{dq['rejected_rows']}条记录未通过校验" in sentence
        for word in DATABASE_WORDS:
            assert word not in sentence
    assert not re.search(r"\d+ / \d+", built["text"])


def test_the_plain_text_says_it_in_sentences(emails):
    text = emails["quarantine"]["text"]
    assert not re.search(r"\d+ / \d+ / \d+", text) and ": " not in text
    lines = [line for line in text.splitlines() if line]
    # Every line but the headings and the signature ends a sentence.
    headings = {"重点预警", "今日概况", OFFICE, lines[0]}
    assert all(line.endswith(("。", "：")) for line in lines if line not in headings), lines


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_key_chart_has_an_alt_that_says_what_it_shows(name, emails, report_sidecars):
    img = re.search(r'<img src="cid:([^"]+)" alt="([^"]+)"', emails[name]["html"])
    assert img and img[2] != "chart"
    days = len({row["date"] for row in report_sidecars[name]["trend"]})
    assert img[2].startswith(f"近{days}日") and len(img[2]) > 12


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_attachment_has_a_chinese_name_encoded_per_rfc_2231(name, emails, report_sidecars):
    built = emails[name]
    title = {"quarantine": "居家隔离日报", "welfare": "民生保障日报", "reopening": "复工复产日报"}
    expected = f"{report_sidecars[name]['town']}{title[name]}-2020-03-10.html"
    (attachment,) = built["attachments"]
    assert attachment.get_filename() == expected
    # On the wire: ASCII headers, the name as RFC 2231 utf-8'' parameter(s).
    head = built["raw"].split(b"\r\n\r\n--")[0]
    disposition = re.search(rb"Content-Disposition: attachment;(.+?)\r\n(?=\S)", built["raw"], re.S)
    assert disposition, head[:200]
    assert re.search(rb"filename\*(0\*)?=utf-8''%", disposition[1])
    assert all(b < 0x80 for b in disposition[1])
    # Read back by the older API too (what most tools still call).
    legacy = email.message_from_bytes(built["raw"])
    assert [p.get_filename() for p in legacy.walk() if p.get_filename()] == [expected]


def test_the_sender_is_the_office_on_reports_and_notices(emails):
    for msg in (emails["quarantine"]["msg"],):
        assert msg["From"].addresses[0].display_name == OFFICE
        assert msg["From"].addresses[0].addr_spec == "fangkong@example.org"
    common = dict(sender="fangkong@example.org", recipients=["county@example.org"])
    notices = [
        failure_message("welfare", "试验镇", "2020-03-10", "原因", office=OFFICE, **common),
        undelivered_message(
            "welfare", "试验镇", "2020-03-10", {"x@example.org": "550"}, office=OFFICE, **common
        ),
        # Without an office: the one the town file gets by default.
        failure_message("welfare", "试验镇", "2020-03-10", "原因", **common),
    ]
    for notice in notices:
        _, parsed = _sent(notice)
        assert parsed["From"].addresses[0].display_name == OFFICE


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_the_html_part_is_mail_safe_and_small(name, emails):
    body = emails[name]["html"]
    assert len(body.encode("utf-8")) < HTML_LIMIT
    assert "<style" not in body and "var(--" not in body and "data:" not in body
    assert "class=" not in body and "<script" not in body


@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_an_english_email_is_made_from_the_same_sidecar(name, report_sidecars):
    built = _built(report_sidecars[name], lang="en")
    assert built["msg"]["Subject"].startswith(f"[{report_sidecars[name]['town']} · ")
    assert "alerts" in built["msg"]["Subject"] and "The full report is attached" in built["text"]
