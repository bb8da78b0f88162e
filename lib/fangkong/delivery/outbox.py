"""The outbox: every message is written to disk before it is sent.

``outputs/D/outbox/<name>.eml`` holds what is still to send; a sent message
moves to ``outputs/D/sent/``. A failed attempt leaves the message where it is,
with the reason in ``<name>.eml.error``. Sending is therefore retryable at any
time, and a message that reached ``sent/`` is never sent again unless asked.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from fangkong.delivery.outputs import write_atomic
from fangkong.settings import Settings


@dataclass
class Delivery:
    """The outcome of one attempt to send one message."""

    name: str
    status: str  # sent | failed
    recipients: list[str]
    message_id: str | None
    at: str
    error: str | None = None


class Outbox:
    """The outbox and sent folders of one report day.

    Parameters
    ----------
    day_dir : Path
        ``outputs/D`` (or ``outputs/<town>/D``).
    """

    def __init__(self, day_dir: Path):
        self.outbox = Path(day_dir) / "outbox"
        self.sent = Path(day_dir) / "sent"

    def was_sent(self, name: str) -> bool:
        """Whether the message ``<name>.eml`` went out already."""
        return (self.sent / f"{name}.eml").exists()

    def put(self, name: str, message: EmailMessage, *, replace: bool = False) -> Path | None:
        """Write a message as ``<name>.eml``; skipped when already sent unless ``replace``."""
        if self.was_sent(name) and not replace:
            return None
        self.outbox.mkdir(parents=True, exist_ok=True)
        path = self.outbox / f"{name}.eml"
        # Whole or not at all: a half-written message is never sent.
        write_atomic(path, message.as_bytes(policy=email.policy.SMTP))
        return path

    def pending(self) -> list[Path]:
        return sorted(self.outbox.glob("*.eml")) if self.outbox.exists() else []

    def sent_names(self) -> list[str]:
        return sorted(p.stem for p in self.sent.glob("*.eml")) if self.sent.exists() else []


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
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        except UnicodeEncodeError:
            smtp.close()
            # smtplib sends credentials as ASCII only.
            raise MailSettingError(
                "FANGKONG_SMTP_USER and FANGKONG_SMTP_PASSWORD must be ASCII characters"
            ) from None
    return smtp


def send_pending(outbox: Outbox, settings: Settings) -> list[Delivery]:
    """Send every message in the outbox; move each one sent to ``sent/``.

    Parameters
    ----------
    outbox : Outbox
    settings : Settings
        SMTP host, port, TLS mode (none, starttls, ssl), user; the password
        comes from the environment only.

    Returns
    -------
    list of Delivery
        One per message tried. Nothing is lost: a message that could not be
        sent stays in the outbox, with the reason beside it.
    """
    results = []
    pending = outbox.pending()
    if not pending:
        return results
    now = lambda: dt.datetime.now().isoformat(timespec="seconds")  # noqa: E731
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        for path in pending:
            results.append(
                _failed(
                    path,
                    f"cannot connect to {settings.smtp_host}:{settings.smtp_port}: {exc}",
                    now(),
                )
            )
        return results
    with smtp:
        for path in pending:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            recipients = [a.strip() for a in (message.get("To") or "").split(",") if a.strip()]
            try:
                refused = smtp.send_message(message)
            except (OSError, smtplib.SMTPException) as exc:
                results.append(_failed(path, str(exc), now()))
                continue
            outbox.sent.mkdir(parents=True, exist_ok=True)
            path.replace(outbox.sent / path.name)
            path.with_suffix(".eml.error").unlink(missing_ok=True)
            error = f"refused: {sorted(refused)}" if refused else None
            results.append(
                Delivery(path.stem, "sent", recipients, message["Message-ID"], now(), error)
            )
    return results


def _failed(path: Path, reason: str, at: str) -> Delivery:
    path.with_suffix(".eml.error").write_text(f"{at} {reason}\n", encoding="utf-8")
    return Delivery(path.stem, "failed", [], None, at, reason)
