"""Sending the outbox to a real SMTP server on localhost: login, STARTTLS and TLS.

The server is aiosmtpd with a certificate from a throw-away authority
(trustme); the client trusts it through ``SSL_CERT_FILE``, as an office whose
mail server has an internal certificate would.
"""

from __future__ import annotations

import functools
import ssl
from email.message import EmailMessage

import pytest
import trustme
from fangkong.delivery.outbox import Outbox, send_pending
from fangkong.settings import get_settings

USER, PASSWORD = "jiayu-office", "s3cret-Pa55"


@pytest.fixture
def authority(tmp_path, monkeypatch):
    """A certificate authority the client trusts, and a server certificate from it."""
    ca = trustme.CA()
    bundle = tmp_path / "office-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server)
    return server


@pytest.fixture
def server(smtp_server):
    """``server(tls, **options)``: the SMTP server of tests/delivery/conftest.py,
    accepting USER's login."""
    return functools.partial(smtp_server, login=(USER, PASSWORD))


def _outbox(tmp_path) -> Outbox:
    outbox = Outbox(tmp_path / "2020-03-10")
    message = EmailMessage()
    message["From"], message["To"] = "fangkong@localhost", "county@example.org"
    message["Subject"] = "贾峪镇 隔离 2020-03-10"
    message["Message-ID"] = "<quarantine.2020-03-10@fangkong>"
    message.set_content("日报")
    outbox.put("quarantine", message)
    return outbox


def _login(monkeypatch, password=PASSWORD):
    monkeypatch.setenv("FANGKONG_SMTP_USER", USER)
    monkeypatch.setenv("FANGKONG_SMTP_PASSWORD", password)


def test_login_over_starttls_sends_and_moves_to_sent(tmp_path, monkeypatch, server, authority):
    inbox = server("starttls", tls_context=authority, require_starttls=True)
    _login(monkeypatch)
    outbox = _outbox(tmp_path)
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "sent" and delivery.error is None
    assert [ok for _, ok in inbox.logins] == [True]
    assert [rcpt for rcpt, _ in inbox.messages] == [["county@example.org"]]
    assert outbox.pending() == [] and outbox.sent_names() == ["quarantine"]


def test_login_over_implicit_tls(tmp_path, monkeypatch, server, authority):
    # aiosmtpd does not count a connection wrapped in TLS from the start as
    # secure, and would hide AUTH; the connection is TLS all the same.
    inbox = server("ssl", ssl_context=authority, auth_require_tls=False)
    _login(monkeypatch)
    [delivery] = send_pending(_outbox(tmp_path), get_settings())
    assert delivery.status == "sent", delivery.error
    assert [ok for _, ok in inbox.logins] == [True] and len(inbox.messages) == 1


def test_a_wrong_password_keeps_the_message_with_the_reason(tmp_path, monkeypatch, server):
    inbox = server("none", auth_require_tls=False)
    _login(monkeypatch, password="wrong")
    outbox = _outbox(tmp_path)
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed" and "535" in delivery.error
    assert inbox.logins and not any(ok for _, ok in inbox.logins) and inbox.messages == []
    assert [p.name for p in outbox.pending()] == ["quarantine.eml"]
    assert "535" in (outbox.outbox / "quarantine.eml.error").read_text(encoding="utf-8")


def test_an_untrusted_certificate_is_refused(tmp_path, monkeypatch, server, authority):
    inbox = server("starttls", tls_context=authority, require_starttls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-bundle.pem"))
    _login(monkeypatch)
    outbox = _outbox(tmp_path)
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in delivery.error
    assert inbox.logins == [] and inbox.messages == []
    assert len(outbox.pending()) == 1


def test_an_unknown_tls_mode_is_an_error_that_names_the_setting(tmp_path, monkeypatch, server):
    inbox = server("tls")  # a likely slip for "ssl" or "starttls"
    outbox = _outbox(tmp_path)
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed"
    assert "FANGKONG_SMTP_TLS" in delivery.error and "'tls'" in delivery.error
    assert inbox.messages == [] and len(outbox.pending()) == 1


def test_credentials_smtplib_cannot_send_are_an_error_not_a_crash(tmp_path, monkeypatch, server):
    inbox = server("none", auth_require_tls=False)
    _login(monkeypatch, password="口令")
    outbox = _outbox(tmp_path)
    [delivery] = send_pending(outbox, get_settings())
    assert delivery.status == "failed" and "must be ASCII" in delivery.error
    assert inbox.messages == [] and len(outbox.pending()) == 1
