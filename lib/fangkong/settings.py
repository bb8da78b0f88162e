"""Every path and setting fangkong uses, in one place.

Values come from the environment (``FANGKONG_*``) or from an untracked ``.env``
file in the project root, read by python-dotenv; the environment wins. Secrets
(the SMTP password, any ``*PASSWORD*``, ``*SECRET*`` or ``*TOKEN*`` setting) come
only from there. A value that does not parse is a :class:`SettingsError` naming
the variable and what it expects, never a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

#: Names of settings whose values are never printed.
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY", re.IGNORECASE)


class SettingsError(ValueError):
    """A setting that cannot be used: one line, from the catalogue, in either language.

    Parameters
    ----------
    key : str
        A key of :data:`fangkong.catalogue.CLI_LABELS`.
    **fields
        Its fields; a field ending in ``_key`` is itself a catalogue key, shown in
        the message's language.
    """

    def __init__(self, key: str, **fields):
        self.key, self.fields = key, fields
        super().__init__(self.describe("en"))

    def describe(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en").

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str
        """
        from fangkong.catalogue import text

        fields = {
            name.removesuffix("_key"): text(value, lang) if name.endswith("_key") else value
            for name, value in self.fields.items()
        }
        return text(self.key, lang, **fields)


def _find_root() -> Path:
    """The project root: FANGKONG_HOME, else the folder holding pyproject.toml."""
    env = os.environ.get("FANGKONG_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "lib" / "fangkong").exists():
            return parent
    return Path.cwd().resolve()


def read_env_file(path: Path) -> dict[str, str]:
    """The values of a ``.env`` file as python-dotenv reads them.

    ``${NAME}`` is left as written (no interpolation), as systemd's
    ``EnvironmentFile`` does; a line without ``=`` sets nothing.

    Parameters
    ----------
    path : Path

    Returns
    -------
    dict
        Name -> value; empty when the file does not exist.

    Raises
    ------
    SettingsError
        When the file is not UTF-8 text.
    """
    if not path.is_file():
        return {}
    try:
        values = dotenv_values(path, interpolate=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError("settings.env_not_utf8", path=path) from None
    return {name: value for name, value in values.items() if value is not None}


def _shown(name: str, value: str) -> str:
    return "***" if SECRET_NAME.search(name) else repr(value)


def _port(name: str, value: str) -> int:
    try:
        port = int(value.strip())
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise SettingsError(
            "settings.bad_value", name=name, value=_shown(name, value), expected_key="settings.port"
        )
    return port


def _seconds(name: str, value: str) -> int:
    try:
        seconds = int(value.strip())
    except ValueError:
        seconds = 0
    if seconds < 1:
        shown = _shown(name, value)
        raise SettingsError(
            "settings.bad_value", name=name, value=shown, expected_key="settings.seconds"
        )
    return seconds


def _zone(name: str, value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "settings.bad_value", name=name, value=_shown(name, value), expected_key="settings.zone"
        ) from None
    return value


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :func:`get_settings`."""

    root: Path
    data_dir: Path
    outputs_dir: Path
    params_dir: Path
    notebooks_dir: Path
    db_url: str
    timezone: str = "Asia/Shanghai"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: str = "none"  # none | starttls | ssl
    smtp_user: str | None = None
    smtp_sender: str = "fangkong@localhost"
    #: Seconds a notebook cell may run: a hung report fails alone, the run goes on.
    cell_timeout: int = 900

    @property
    def rejects_dir(self) -> Path:
        return self.data_dir / "rejects"

    @property
    def inbox_dir(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def default_town(self) -> Path:
        return self.params_dir / "jiayu.yaml"

    @property
    def env_file(self) -> Path:
        """The ``.env`` file read beside the environment (it may not exist)."""
        return self.root / ".env"


def get_settings(**overrides) -> Settings:
    """Read settings from the environment and ``.env``.

    Parameters
    ----------
    **overrides
        Field values that win over the environment (used by tests and the CLI).

    Returns
    -------
    Settings

    Raises
    ------
    SettingsError
        For a value that does not parse (``FANGKONG_SMTP_PORT=abc``), naming the
        variable and what it expects.
    """
    root = Path(overrides.pop("root", None) or _find_root())
    from_file = dotenv_settings(root)

    def get(name: str, default: str | None = None) -> str | None:
        return os.environ.get(name, from_file.get(name, default))

    data_dir = Path(get("FANGKONG_DATA_DIR") or root / "data")
    values = dict(
        root=root,
        data_dir=data_dir,
        outputs_dir=Path(get("FANGKONG_OUTPUTS_DIR") or root / "outputs"),
        params_dir=Path(get("FANGKONG_PARAMS_DIR") or root / "params"),
        notebooks_dir=Path(get("FANGKONG_NOTEBOOKS_DIR") or root / "notebooks"),
        db_url=get("FANGKONG_DB_URL") or f"sqlite:///{(data_dir / 'fangkong.db').as_posix()}",
        timezone=_zone("FANGKONG_TIMEZONE", get("FANGKONG_TIMEZONE", "Asia/Shanghai")),
        smtp_host=get("FANGKONG_SMTP_HOST", "localhost"),
        smtp_port=_port("FANGKONG_SMTP_PORT", get("FANGKONG_SMTP_PORT", "25")),
        # Checked where mail is sent (delivery/outbox.py), so that a bad mode stops the
        # mail only, not ingest or the reports.
        smtp_tls=get("FANGKONG_SMTP_TLS", "none"),
        smtp_user=get("FANGKONG_SMTP_USER"),
        smtp_sender=get("FANGKONG_SMTP_SENDER", "fangkong@localhost"),
        cell_timeout=_seconds("FANGKONG_CELL_TIMEOUT", get("FANGKONG_CELL_TIMEOUT", "900")),
    )
    values.update(overrides)
    return Settings(**values)


def smtp_password(settings: Settings | None = None) -> str | None:
    """The SMTP password, read when mail is sent or checked, never kept in :class:`Settings`.

    Settings travel: into report kernels (a notebook may print them), parameter
    records and logs. The password is read from the environment or ``.env`` only
    by the code that logs in.

    Parameters
    ----------
    settings : Settings, optional
        Whose ``.env`` to read (default: the project's).

    Returns
    -------
    str or None
        None when it is not set.
    """
    name = "FANGKONG_SMTP_PASSWORD"
    return os.environ.get(name, dotenv_settings(settings.root if settings else None).get(name))


def dotenv_settings(root: Path | None = None) -> dict[str, str]:
    """The values of the project's ``.env``; none where ``FANGKONG_DOTENV=off``.

    Report kernels run with ``FANGKONG_DOTENV=off`` and the file's other values
    in their environment (:func:`fangkong.delivery.workers.kernel_environment`).

    Parameters
    ----------
    root : Path, optional
        The project folder (default: found as for :func:`get_settings`).

    Returns
    -------
    dict
    """
    if os.environ.get("FANGKONG_DOTENV", "").lower() == "off":
        return {}
    return read_env_file(Path(root or _find_root()) / ".env")
