"""Fixtures of the delivery tests: a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
import socket

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from fangkong import registry


class Inbox:
    """An aiosmtpd handler that keeps every message and every login it is given.

    Recipients are answered by the start of their address: ``busy...`` gets
    ``451 4.3.0 Try again later`` (until ``accept_busy`` is set), ``nouser...``
    gets ``550 5.1.1 No such user``, every other one 250; each answer is kept in
    ``rcpts`` as (address, code). ``data_delay`` seconds are spent on each
    message; with ``meet`` set, a message waits (up to 30 s) until that many
    clients have been seen, so that they are known to send at the same time.
    ``peers`` holds the client (host, port) of each message kept. With
    ``data_answer`` set, every message is answered with it at DATA and not kept.
    """

    def __init__(self):
        self.messages, self.logins, self.controllers = [], [], []
        self.rcpts, self.peers, self.clients = [], [], set()
        self.accept_busy, self.data_delay, self.meet = False, 0.0, 0
        self.data_answer = None  # e.g. "554 5.6.0 Message refused": the message refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.clients.add(session.peer)
        local = address.split("@")[0].lower()
        if local.startswith("busy") and not self.accept_busy:
            answer = "451 4.3.0 Try again later"
        elif local.startswith("nouser"):
            answer = "550 5.1.1 No such user"
        else:
            envelope.rcpt_tos.append(address)
            answer = "250 OK"
        self.rcpts.append((address, int(answer[:3])))
        return answer

    async def handle_DATA(self, server, session, envelope):
        for _ in range(600 if self.meet else 0):
            if len(self.clients) >= self.meet:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(self.data_delay)
        if self.data_answer:
            return self.data_answer
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        self.peers.append(session.peer)
        return "250 Message accepted"

    def parsed(self):
        return [
            email.message_from_bytes(raw, policy=email.policy.default) for _, raw in self.messages
        ]


def _authenticator(inbox, login: tuple[str, str]):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login.decode(),
                auth_data.password.decode(),
            )
            == login
        )
        inbox.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)  # False: the server answers 535

    return check


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """``start(tls="none", login=None, **options)``: an aiosmtpd server on a free port
    of localhost, with the FANGKONG_SMTP_* settings pointing at it; returns its
    :class:`Inbox`.

    ``login`` (user, password) is the one login the server accepts (every attempt is
    kept in ``inbox.logins``); ``options`` go to aiosmtpd's ``Controller`` (TLS
    contexts, whether AUTH needs TLS). ``inbox.restart()`` starts the server again on
    the same port after a test stopped it (``inbox.controllers[0].stop()``). Every
    server is stopped after the test.
    """
    started = []

    def start(tls: str = "none", login: tuple[str, str] | None = None, **options):
        inbox, port = Inbox(), _free_port()

        def launch():
            controller = Controller(
                inbox,
                hostname="127.0.0.1",
                port=port,
                authenticator=_authenticator(inbox, login) if login else None,
                **options,
            )
            controller.start()
            started.append(controller)
            inbox.controllers.append(controller)

        launch()
        inbox.restart = launch
        monkeypatch.setenv("FANGKONG_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FANGKONG_SMTP_PORT", str(port))
        monkeypatch.setenv("FANGKONG_SMTP_TLS", tls)
        return inbox

    yield start
    for controller in started:
        if controller._thread is not None:
            controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """The SMTP server of :func:`smtp_server`, without login."""
    return smtp_server()


@pytest.fixture
def site(tmp_path, monkeypatch, quarantine_data):
    """Outputs, data, inbox and store in tmp_path; a town file with recipients."""
    db = tmp_path / "store.db"
    shutil.copy(quarantine_data.db_url.removeprefix("sqlite:///"), db)
    raw = yaml.safe_load(quarantine_data.town_file.read_text(encoding="utf-8"))
    raw["recipients"] = {
        registry.get(r).recipients: [f"{r}@example.org", "boss@example.org"]
        for r in registry.names()
    }
    town = tmp_path / "town.yaml"
    town.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    for name, value in {
        "FANGKONG_DB_URL": f"sqlite:///{db}",
        "FANGKONG_DATA_DIR": str(tmp_path / "data"),
        "FANGKONG_OUTPUTS_DIR": str(tmp_path / "outputs"),
    }.items():
        monkeypatch.setenv(name, value)
    day = quarantine_data.day
    return type(
        "Site",
        (),
        {
            "town": town,
            "day": day,
            "dir": tmp_path / "outputs" / day.isoformat(),
            "inbox": tmp_path / "data" / "inbox" / day.isoformat(),
            "tmp": tmp_path,
            "people": quarantine_data.people,
        },
    )
