"""Senders at the same time: each message is claimed, and goes out once.

Real ``fangkong send`` processes against a real SMTP server on localhost
(aiosmtpd, tests/delivery/conftest.py) whose DATA is slow.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

import pytest
from fangkong.delivery.daily import places
from fangkong.delivery.outbox import Outbox, send_pending
from fangkong.settings import get_settings
from fangkong.town import load_town
from repo_paths import DEMO_TOWN_FILE, ROOT

pytestmark = pytest.mark.slow  # subprocesses

DAY = dt.date(2020, 3, 10)
FANGKONG = Path(sys.executable).with_name("fangkong")
RECIPIENTS = ["county@example.org", "boss@example.org"]


@pytest.fixture
def outbox(tmp_path, monkeypatch) -> Outbox:
    """The outbox of the demo town's day, in tmp_path, with eight messages."""
    for name, value in {
        "FANGKONG_OUTPUTS_DIR": str(tmp_path / "outputs"),
        "FANGKONG_DATA_DIR": str(tmp_path / "data"),
        "FANGKONG_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
    }.items():
        monkeypatch.setenv(name, value)
    where = places(get_settings(), load_town(DEMO_TOWN_FILE), DAY, several=False)
    box = Outbox(where.day)
    for n in range(8):
        message = EmailMessage()
        message["From"], message["To"] = "fangkong@localhost", ", ".join(RECIPIENTS)
        message["Subject"] = f"贾峪镇 日报 {n}"
        message["Message-ID"] = f"<report-{n}.2020-03-10@fangkong>"
        message.set_content("日报")
        box.put(f"report-{n}", message)
    return box


def _send() -> subprocess.Popen:
    return subprocess.Popen(
        [str(FANGKONG), "send", "--date", DAY.isoformat(), "--town", str(DEMO_TOWN_FILE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),  # FANGKONG_* of the fixtures, the server's included
    )


def test_two_senders_at_once_deliver_each_message_once(outbox, smtp_server):
    inbox = smtp_server()
    inbox.data_delay = 0.3
    inbox.meet = 2  # the first message waits until both senders are at the server
    senders = [_send(), _send()]
    done = [(*p.communicate(timeout=120), p.returncode) for p in senders]

    for _out, err, code in done:
        assert code == 0, err
        assert "Traceback" not in err and "FileNotFoundError" not in err, err
    received = Counter(
        (msg["Message-ID"], rcpt)
        for (rcpts, _), msg in zip(inbox.messages, inbox.parsed(), strict=True)
        for rcpt in rcpts
    )
    assert received == {
        (f"<report-{n}.2020-03-10@fangkong>", r): 1 for n in range(8) for r in RECIPIENTS
    }
    assert len(set(inbox.peers)) == 2  # both senders did send
    assert outbox.pending() == [] and len(outbox.sent_names()) == 8
    assert sorted(p.name for p in outbox.outbox.iterdir()) == []  # no lock file left


def test_a_message_another_sender_holds_is_skipped_and_left_alone(outbox, smtp_server):
    inbox = smtp_server()
    held = outbox.outbox / "report-3.eml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire();"
            " print('held', flush=True); sys.stdin.read()",
            str(held) + ".lock",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        results = send_pending(outbox, get_settings())
    finally:
        holder.communicate("", timeout=30)
    assert sorted(r.name for r in results) == [f"report-{n}" for n in range(8) if n != 3]
    assert all(r.status == "sent" for r in results)
    assert outbox.pending() == [held]
    assert not held.with_suffix(".eml.error").exists()
    assert len(inbox.messages) == 7

    # The holder has gone (as a killed sender would): nothing stale is left.
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.name == "report-3" and delivery.status == "sent"
    assert outbox.pending() == [] and len(inbox.messages) == 8
