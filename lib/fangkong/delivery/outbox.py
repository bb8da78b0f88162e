"""The outbox: every message is written to disk before it is sent.

``outputs/D/outbox/<name>.eml`` holds what is still to send; a message sent
moves to ``outputs/D/sent/``. A failed attempt leaves the message where it is,
with the reason in ``<name>.eml.error``. Sending is therefore retryable at any
time, and a message that reached ``sent/`` is never sent again unless asked.

Claims. Several senders may work on one outbox at once (two ``fangkong send``,
or ``send`` during ``fangkong daily``). Each message is claimed before it is
read, with a non-blocking lock of the operating system on ``<name>.eml.lock``;
a message another sender holds is skipped, and not reported. After claiming,
the message is looked for again: one that another sender moved out meanwhile
is skipped as well. The lock ends with its process, so a killed sender leaves
no stale claim. Lock files end in ``.lock`` and are never taken for messages.

Recipients. A message goes to an explicit list of envelope recipients, and
the server's answer for each one is kept in ``<name>.eml.rcpt`` (JSON, written
whole or not at all): ``remaining`` (still owed the message), ``delivered``,
``refused`` and ``deferred`` (address -> ``"code text"``). A recipient refused
with a 4xx code is deferred: the message stays in the outbox for the deferred
recipients only, and the next attempt sends it to them alone; one refused with
a 5xx code is refused for good and never tried again. When nobody is owed the
message any more, it moves to ``sent/`` (someone received it) or to
``refused/`` (every recipient was refused for good), and its ``.rcpt`` is
removed: each attempt's results are in the :class:`Delivery` returned (which
the daily job keeps in the manifest).

Statuses of a :class:`Delivery`:

- ``sent``: nobody is owed the message any more, and at least one recipient
  received it (now or in an earlier attempt); ``refused`` may name
  recipients refused for good in this attempt.
- ``partial``: some recipients received it, others were deferred (4xx): it
  stays in the outbox for those in ``deferred``.
- ``failed``: nobody has received it yet and it stays in the outbox: the
  connection, the login or the message failed (``error``), or every
  recipient still owed it was deferred (``deferred``).
- ``refused``: every recipient was refused for good (5xx); the message moves
  to ``refused/`` and is not sent again unless put again with ``replace``.

Delivery is at least once, not exactly once: a sender that dies after the
server accepted a message but before ``.rcpt`` records it sends the message
again to the same recipients on the next attempt.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import smtplib
import ssl
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

from filelock import FileLock, Timeout

from fangkong.delivery.outputs import write_atomic
from fangkong.settings import Settings, smtp_password

#: How long :meth:`Outbox.put` waits for a sender to finish with a message.
PUT_WAIT_SECONDS = 300


@dataclass
class Delivery:
    """The outcome of one attempt to send one message.

    ``status`` is ``sent``, ``partial``, ``failed`` or ``refused`` (see the
    module docstring); ``recipients`` are those the server accepted in this
    attempt; ``deferred`` (still owed, after a 4xx) and ``refused`` (refused
    in this attempt with a 5xx) map an address to the server's ``"code
    text"``. Every field is JSON-serialisable.
    """

    name: str
    status: str  # sent | partial | failed | refused
    recipients: list[str]
    message_id: str | None
    at: str
    error: str | None = None
    deferred: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


class Outbox:
    """The outbox, sent and refused folders of one report day.

    Parameters
    ----------
    day_dir : Path
        ``outputs/D`` (or ``outputs/<town>/D``).
    """

    def __init__(self, day_dir: Path):
        self.outbox = Path(day_dir) / "outbox"
        self.sent = Path(day_dir) / "sent"
        self.refused = Path(day_dir) / "refused"

    def was_sent(self, name: str) -> bool:
        """Whether the message ``<name>.eml`` went out already."""
        return (self.sent / f"{name}.eml").exists()

    def was_delivered(self, name: str) -> bool:
        """Whether anyone received ``<name>.eml``: it was sent, or is still owed to some."""
        if self.was_sent(name):
            return True
        record = _read_record(self.outbox / f"{name}.eml")
        return bool(record and record["delivered"])

    def was_refused(self, name: str) -> bool:
        """Whether every recipient of ``<name>.eml`` refused it for good."""
        return (self.refused / f"{name}.eml").exists()

    def put(self, name: str, message: EmailMessage, *, replace: bool = False) -> Path | None:
        """Write a message as ``<name>.eml``.

        Skipped when already sent or refused, unless ``replace``. A message a
        sender holds is waited for (up to :data:`PUT_WAIT_SECONDS`). The
        recipients a message still waiting is owed (``.rcpt``) are kept: those
        who received it do not receive it again.
        """
        self.outbox.mkdir(parents=True, exist_ok=True)
        path = self.outbox / f"{name}.eml"
        with FileLock(str(_lock_of(path)), timeout=PUT_WAIT_SECONDS):
            if self.was_sent(name) or self.was_refused(name):
                if not replace:
                    return None
                # Sent again in full: a record left by a sender that died is void.
                _rcpt_of(path).unlink(missing_ok=True)
            # Whole or not at all: a half-written message is never sent.
            write_atomic(path, message.as_bytes(policy=email.policy.SMTP))
        return path

    def withdraw(self, name: str) -> bool:
        """Take a waiting message out of the outbox; False when a sender holds it."""
        path = self.outbox / f"{name}.eml"
        if not path.exists():
            return False
        with _claim(path) as claimed:
            if not claimed or not path.exists():
                return False
            for extra in (_rcpt_of(path), path.with_suffix(".eml.error"), path):
                extra.unlink(missing_ok=True)
        return True

    def pending(self) -> list[Path]:
        """The messages waiting, ``*.eml`` (never the ``.lock``, ``.rcpt``, ``.error`` files)."""
        if not self.outbox.exists():
            return []
        return sorted(self.outbox.glob("*.eml"), key=_sending_order)

    def sent_names(self) -> list[str]:
        return sorted(p.stem for p in self.sent.glob("*.eml")) if self.sent.exists() else []


def _sending_order(path: Path) -> tuple[str, int, str]:
    """A report before its corrections, correction 2 after 1 (not in the names' order)."""
    base, _, number = path.stem.partition("-correction-")
    head, _, rest = number.partition("-")
    return (base, int(head) if head.isdigit() else 0, rest)


def _lock_of(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _rcpt_of(path: Path) -> Path:
    return path.with_name(path.name + ".rcpt")


@contextmanager
def _claim(path: Path):
    """Yield True while this process holds the message's claim, False if another does."""
    lock = FileLock(str(_lock_of(path)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        if not path.exists():  # gone from the outbox: its lock file goes too
            _lock_of(path).unlink(missing_ok=True)
        lock.release()


#: Values of ``FANGKONG_SMTP_TLS``.
TLS_MODES = ("none", "starttls", "ssl")


class MailSettingError(smtplib.SMTPException):
    """A mail setting that cannot work; the message names the setting."""


def _connect(settings: Settings) -> smtplib.SMTP:
    mode = settings.smtp_tls
    if mode not in TLS_MODES:
        # Sending in clear text because of a typing slip would be the worst outcome.
        raise MailSettingError(f"FANGKONG_SMTP_TLS is {mode!r}: use one of {', '.join(TLS_MODES)}")
    if mode == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=30, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
        if mode == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        try:
            smtp.login(settings.smtp_user, smtp_password(settings) or "")
        except UnicodeEncodeError:
            smtp.close()
            # smtplib sends credentials as ASCII only.
            raise MailSettingError(
                "FANGKONG_SMTP_USER and FANGKONG_SMTP_PASSWORD must be ASCII characters"
            ) from None
    return smtp


class _Connection:
    """One SMTP connection, opened when the first claimed message needs it."""

    def __init__(self, settings: Settings):
        self.settings, self.smtp, self.error = settings, None, None

    def get(self) -> smtplib.SMTP:
        if self.error is None and self.smtp is None:
            try:
                self.smtp = _connect(self.settings)
            except (OSError, smtplib.SMTPException) as exc:
                s = self.settings
                self.error = f"cannot connect to {s.smtp_host}:{s.smtp_port}: {exc}"
        if self.error is not None:
            raise ConnectionError(self.error)
        return self.smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()


def send_pending(outbox: Outbox, settings: Settings, names=None) -> list[Delivery]:
    """Send every message in the outbox that no other sender holds.

    Parameters
    ----------
    outbox : Outbox
    settings : Settings
        SMTP host, port, TLS mode (none, starttls, ssl), user; the password
        comes from the environment or ``.env`` only.
    names : collection of str, optional
        Only these messages (default: every message waiting).

    Returns
    -------
    list of Delivery
        One per message tried; a message another sender holds, or moved out
        meanwhile, is skipped and not reported. Nothing is lost: a message
        not sent to everyone stays in the outbox, for those still owed it,
        with the reason beside it (see the module docstring).
    """
    results = []
    connection = _Connection(settings)
    try:
        for path in outbox.pending():
            if names is not None and path.stem not in names:
                continue
            with _claim(path) as claimed:
                if claimed and path.exists():
                    result = _send_one(outbox, path, connection)
                    if result is not None:
                        results.append(result)
    finally:
        connection.close()
    return results


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _addresses(message) -> list[str]:
    found = getaddresses([str(v) for h in ("To", "Cc", "Bcc") for v in message.get_all(h, [])])
    return list(dict.fromkeys(a for _, a in found if a))


def _answer(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}".strip()


def _send_one(outbox: Outbox, path: Path, connection: _Connection) -> Delivery | None:
    """Send one claimed message to the recipients still owed it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None  # moved out by another sender between listing and claiming
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(message.get("Message-ID", "")).strip() or None
    record = _read_record(path)
    owed = record["remaining"] if record else _addresses(message)
    record = record or {"remaining": owed, "delivered": [], "refused": {}, "deferred": {}}
    accepted, deferred, refused = [], {}, {}
    if owed:
        try:
            answers = connection.get().send_message(message, to_addrs=owed)
        except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused
            answers = exc.recipients
        except smtplib.SMTPDataError as exc:
            if not 500 <= exc.smtp_code < 600:
                return _failed(path, str(exc), message_id)
            # The message itself refused for good (too big, judged spam): by everyone owed it.
            answers = dict.fromkeys(owed, (exc.smtp_code, exc.smtp_error))
        except (OSError, smtplib.SMTPException) as exc:
            return _failed(path, str(exc), message_id)
        for address, (code, text) in answers.items():
            (refused if 500 <= code < 600 else deferred)[address] = _answer(code, text)
        accepted = [a for a in owed if a not in answers]
    elif not record["delivered"] and not record["refused"]:
        return _failed(path, "the message has no recipients", message_id)
    record = {
        "message_id": message_id,
        "remaining": list(deferred),
        "delivered": record["delivered"] + accepted,
        "refused": {**record["refused"], **refused},
        "deferred": deferred,
        "at": _now(),
    }
    # Recorded before anything else: whoever received it now is never sent it again.
    write_atomic(_rcpt_of(path), json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    reached = bool(record["delivered"])
    if deferred:
        status = "partial" if reached else "failed"
        reason = "deferred: " + "; ".join(f"{a} ({why})" for a, why in deferred.items())
        path.with_suffix(".eml.error").write_text(f"{_now()} {reason}\n", encoding="utf-8")
        return Delivery(path.stem, status, accepted, message_id, _now(), reason, deferred, refused)
    folder = outbox.sent if reached else outbox.refused
    folder.mkdir(parents=True, exist_ok=True)
    path.replace(folder / path.name)
    _rcpt_of(path).unlink(missing_ok=True)
    path.with_suffix(".eml.error").unlink(missing_ok=True)
    error = (
        "refused: " + "; ".join(f"{a} ({why})" for a, why in refused.items()) if refused else None
    )
    status = "sent" if reached else "refused"
    return Delivery(path.stem, status, accepted, message_id, _now(), error, {}, refused)


def _read_record(path: Path) -> dict | None:
    """The ``.rcpt`` record of a message tried before, or None."""
    try:
        record = json.loads(_rcpt_of(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return {
        "remaining": list(record.get("remaining", [])),
        "delivered": list(record.get("delivered", [])),
        "refused": dict(record.get("refused", {})),
    }


def _failed(path: Path, reason: str, message_id: str | None = None) -> Delivery:
    at = _now()
    path.with_suffix(".eml.error").write_text(f"{at} {reason}\n", encoding="utf-8")
    return Delivery(path.stem, "failed", [], message_id, at, reason)
