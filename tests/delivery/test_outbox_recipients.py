"""Per-recipient results against a real SMTP server on localhost (aiosmtpd).

The server of tests/delivery/conftest.py answers ``busy...`` with 451 (until
told to accept) and ``nouser...`` with 550: a deferred recipient is owed the
message until it takes it, a refused one is never tried again, and nobody
receives a message twice.
"""

from __future__ import annotations

import json
from collections import Counter
from email.message import EmailMessage

from fangkong.delivery.outbox import Outbox, send_pending
from fangkong.settings import get_settings

BUSY = "451 4.3.0 Try again later"
NO_USER = "550 5.1.1 No such user"


def _put(outbox: Outbox, name: str, *to: str) -> None:
    message = EmailMessage()
    message["From"], message["To"] = "fangkong@localhost", ", ".join(to)
    message["Subject"] = f"贾峪镇 {name} 2020-03-10"
    message["Message-ID"] = f"<{name}.2020-03-10@fangkong>"
    message.set_content("日报")
    outbox.put(name, message)


def _received(inbox) -> Counter:
    """(Message-ID, recipient) -> how many times the server kept it."""
    return Counter(
        (msg["Message-ID"], rcpt)
        for (rcpts, _), msg in zip(inbox.messages, inbox.parsed(), strict=True)
        for rcpt in rcpts
    )


def test_a_deferred_recipient_alone_gets_the_message_later_and_nobody_twice(tmp_path, smtp_server):
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "quarantine", "county@example.org", "busy@example.org", "nouser@example.org")

    [first] = send_pending(outbox, get_settings())
    assert first.status == "partial"
    assert first.recipients == ["county@example.org"]
    assert first.deferred == {"busy@example.org": BUSY}
    assert first.refused == {"nouser@example.org": NO_USER}
    json.dumps(vars(first))  # the daily job records it in the manifest
    # Not sent: still in the outbox, owed to the deferred recipient only.
    assert [p.name for p in outbox.pending()] == ["quarantine.eml"]
    assert outbox.sent_names() == []
    record = json.loads((outbox.outbox / "quarantine.eml.rcpt").read_text(encoding="utf-8"))
    assert record["remaining"] == ["busy@example.org"]
    assert record["delivered"] == ["county@example.org"]
    assert record["refused"] == {"nouser@example.org": NO_USER}
    assert "busy@example.org" in (outbox.outbox / "quarantine.eml.error").read_text("utf-8")

    [again] = send_pending(outbox, get_settings())  # still busy
    assert (again.status, again.recipients, again.refused) == ("partial", [], {})
    assert again.deferred == {"busy@example.org": BUSY}

    inbox.accept_busy = True
    [last] = send_pending(outbox, get_settings())
    assert (last.status, last.recipients, last.error) == ("sent", ["busy@example.org"], None)
    assert last.deferred == last.refused == {}
    assert outbox.pending() == [] and outbox.sent_names() == ["quarantine"]
    assert not list(outbox.outbox.iterdir())  # no .rcpt, .error or .lock left behind
    assert sorted(p.name for p in outbox.sent.iterdir()) == ["quarantine.eml"]
    assert send_pending(outbox, get_settings()) == []

    mid = "<quarantine.2020-03-10@fangkong>"
    assert _received(inbox) == {(mid, "county@example.org"): 1, (mid, "busy@example.org"): 1}
    tried = Counter(address for address, _ in inbox.rcpts)
    assert tried["nouser@example.org"] == 1  # refused for good: never tried again
    assert tried["county@example.org"] == 1


def test_all_refused_for_good_is_not_sent_and_never_tried_again(tmp_path, smtp_server):
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "welfare", "nouser1@example.org", "nouser2@example.org")

    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "refused" and delivery.recipients == []
    assert delivery.refused == {"nouser1@example.org": NO_USER, "nouser2@example.org": NO_USER}
    assert "nouser1@example.org" in delivery.error
    assert outbox.pending() == [] and outbox.sent_names() == []
    assert outbox.was_refused("welfare") and not outbox.was_sent("welfare")

    assert send_pending(outbox, get_settings()) == []
    assert outbox.put("welfare", EmailMessage()) is None  # not put back unless replaced
    assert len(inbox.rcpts) == 2 and inbox.messages == []


def test_all_deferred_fails_for_now_and_goes_once_accepted(tmp_path, smtp_server):
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "reopening", "busy1@example.org", "busy2@example.org", "nouser@example.org")

    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed" and delivery.recipients == []
    assert delivery.deferred == {"busy1@example.org": BUSY, "busy2@example.org": BUSY}
    assert delivery.refused == {"nouser@example.org": NO_USER}
    assert [p.name for p in outbox.pending()] == ["reopening.eml"] and inbox.messages == []

    inbox.accept_busy = True
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "sent"
    assert delivery.recipients == ["busy1@example.org", "busy2@example.org"]
    assert [rcpts for rcpts, _ in inbox.messages] == [["busy1@example.org", "busy2@example.org"]]
    assert Counter(a for a, _ in inbox.rcpts)["nouser@example.org"] == 1


def test_a_message_put_again_while_owed_keeps_who_received_it(tmp_path, smtp_server):
    # The daily job writes a report's message again on a rerun (replace=True).
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "quarantine", "county@example.org", "busy@example.org")
    assert send_pending(outbox, get_settings())[0].status == "partial"

    message = EmailMessage()
    message["From"] = "fangkong@localhost"
    message["To"] = "county@example.org, busy@example.org"
    message["Message-ID"] = "<quarantine.2020-03-10.rerun@fangkong>"
    message.set_content("日报")
    assert outbox.put("quarantine", message, replace=True)
    inbox.accept_busy = True
    assert send_pending(outbox, get_settings())[0].status == "sent"
    assert [rcpts for rcpts, _ in inbox.messages] == [
        ["county@example.org"],
        ["busy@example.org"],
    ]


def test_a_sender_that_died_before_the_move_leaves_nothing_to_send_again(tmp_path, smtp_server):
    # The server took the message and .rcpt says so, but the sender died before
    # moving it to sent/: the next sender files it away without sending it again.
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "quarantine", "county@example.org")
    record = {"remaining": [], "delivered": ["county@example.org"], "refused": {}}
    (outbox.outbox / "quarantine.eml.rcpt").write_text(json.dumps(record), encoding="utf-8")

    [delivery] = send_pending(outbox, get_settings())
    assert (delivery.status, delivery.recipients) == ("sent", [])
    assert outbox.sent_names() == ["quarantine"] and inbox.messages == []

    # Sent again on purpose (replace): to everyone, in full.
    _put(outbox, "quarantine", "county@example.org")  # skipped: sent already
    assert outbox.pending() == []
    message = EmailMessage()
    message["From"], message["To"] = "fangkong@localhost", "county@example.org"
    message.set_content("日报")
    (outbox.outbox / "quarantine.eml.rcpt").write_text(json.dumps(record), encoding="utf-8")
    outbox.put("quarantine", message, replace=True)
    assert send_pending(outbox, get_settings())[0].recipients == ["county@example.org"]
    assert [rcpts for rcpts, _ in inbox.messages] == [["county@example.org"]]


def test_withdraw_takes_a_waiting_message_and_its_records_out(tmp_path, smtp_server):
    # The daily job withdraws a failure notice that its report supersedes.
    inbox = smtp_server()
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "welfare-failed", "county@example.org", "busy@example.org")
    assert send_pending(outbox, get_settings())[0].status == "partial"
    assert outbox.withdraw("welfare-failed") is True
    assert not list(outbox.outbox.iterdir())  # .eml, .rcpt, .error and .lock gone
    assert outbox.withdraw("welfare-failed") is False
    inbox.accept_busy = True
    assert send_pending(outbox, get_settings()) == [] and len(inbox.messages) == 1


def test_a_message_refused_for_good_at_data_is_refused_not_retried(tmp_path, smtp_server):
    inbox = smtp_server()
    inbox.data_answer = "554 5.6.0 Message refused"
    outbox = Outbox(tmp_path / "2020-03-10")
    _put(outbox, "reopening", "county@example.org")
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "refused"
    assert delivery.refused == {"county@example.org": "554 5.6.0 Message refused"}
    assert outbox.was_refused("reopening") and send_pending(outbox, get_settings()) == []

    inbox.data_answer = "452 4.3.1 Insufficient storage"  # for now: tried again later
    _put(outbox, "welfare", "county@example.org")
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed" and outbox.pending()
