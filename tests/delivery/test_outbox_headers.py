"""The headers of the messages fangkong writes: a Date, and no long digit runs.

A data-loss filter that scans mail for ID numbers flagged the 18-digit run of a
Message-ID made by ``make_msgid``; MIME boundaries carry such runs as well.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from email.utils import parsedate_to_datetime

import pytest
from fangkong.delivery.mail import failure_message, report_message

SIDECAR = {
    "report": "quarantine",
    "town": "贾峪镇",
    "report_date": "2020-03-10",
    "headline": {"under_quarantine": {"value": 1234, "change": 5}},
    "alerts": {"fever": 2},
    "data_quality": {"missing_submissions": 1, "rejected_rows": 0, "warning_rows": 3},
}
SENDER = "fangkong@jiayu.example.org"
DIGIT_RUN = re.compile(r"\d{5,}")


def _made():
    report = report_message(
        SIDECAR,
        b"<html><body>report</body></html>",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        sender=SENDER,
        recipients=["county@example.org", "boss@example.org"],
    )
    notice = failure_message(
        "welfare",
        "贾峪镇",
        "2020-03-10",
        "the ledger is broken",
        sender=SENDER,
        recipients=["county@example.org"],
        lang="en",
    )
    # As the outbox writes them, so that boundaries are in the headers.
    for msg in (report, notice):
        yield email.message_from_bytes(
            msg.as_bytes(policy=email.policy.SMTP), policy=email.policy.default
        )


@pytest.mark.parametrize("which", [0, 1], ids=["report", "failure notice"])
def test_every_message_has_a_parseable_local_date(which):
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    msg = list(_made())[which]
    date = parsedate_to_datetime(msg["Date"])
    assert date.tzinfo is not None
    assert before <= date <= dt.datetime.now().astimezone()
    assert date.utcoffset() == before.utcoffset()  # local time, with its offset


def test_no_header_of_any_part_holds_a_run_of_more_than_four_digits():
    messages = list(_made())
    assert [m.is_multipart() for m in messages] == [True, False]
    for msg in messages:
        for part in msg.walk():
            for name, value in part.items():
                assert not DIGIT_RUN.search(str(value)), (name, value)


def test_the_message_id_names_the_report_and_its_date():
    report, notice = _made()
    assert re.fullmatch(
        r"<fangkong\.quarantine\.2020-03-10\.[a-z]{20}@jiayu\.example\.org>",
        report["Message-ID"].strip(),
    )
    assert re.fullmatch(
        r"<fangkong\.welfare-failed\.2020-03-10\.[a-z]{20}@jiayu\.example\.org>",
        notice["Message-ID"].strip(),
    )
    assert report["Message-ID"] != next(_made())["Message-ID"]
