"""Every path and setting fangkong uses, in one place.

Values come from the environment (``FANGKONG_*``) or from an untracked ``.env``
file in the project root; secrets (the SMTP password) come only from there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


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


def _read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def _get(name: str, default: str | None = None) -> str | None:
    if name in os.environ:
        return os.environ[name]
    return _read_dotenv(_find_root() / ".env").get(name, default)


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
    smtp_password: str | None = field(default=None, repr=False)

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


def get_settings(**overrides) -> Settings:
    """Read settings from the environment and ``.env``.

    Parameters
    ----------
    **overrides
        Field values that win over the environment (used by tests and the CLI).

    Returns
    -------
    Settings
    """
    root = Path(overrides.pop("root", None) or _find_root())
    data_dir = Path(_get("FANGKONG_DATA_DIR") or root / "data")
    values = dict(
        root=root,
        data_dir=data_dir,
        outputs_dir=Path(_get("FANGKONG_OUTPUTS_DIR") or root / "outputs"),
        params_dir=Path(_get("FANGKONG_PARAMS_DIR") or root / "params"),
        notebooks_dir=Path(_get("FANGKONG_NOTEBOOKS_DIR") or root / "notebooks"),
        db_url=_get("FANGKONG_DB_URL") or f"sqlite:///{(data_dir / 'fangkong.db').as_posix()}",
        timezone=_get("FANGKONG_TIMEZONE", "Asia/Shanghai"),
        smtp_host=_get("FANGKONG_SMTP_HOST", "localhost"),
        smtp_port=int(_get("FANGKONG_SMTP_PORT", "25")),
        smtp_tls=_get("FANGKONG_SMTP_TLS", "none"),
        smtp_user=_get("FANGKONG_SMTP_USER"),
        smtp_sender=_get("FANGKONG_SMTP_SENDER", "fangkong@localhost"),
        smtp_password=_get("FANGKONG_SMTP_PASSWORD"),
    )
    values.update(overrides)
    return Settings(**values)
