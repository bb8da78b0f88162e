"""``fangkong check``: is everything the daily run needs in place? One line per check.

What is checked, in order: the settings (each value parses; the data and outputs
folders exist and are writable or can be made; the params and notebooks folders
exist; the SMTP password set or not, never shown), every town file of the params
folder, the store (reachable, at the code's head revision: an empty store fails,
since ``fangkong db upgrade`` should make it first), the SMTP login (connect with
the configured TLS mode, log in when a user is set, QUIT: nothing is sent), the
chart font, and each notebook of the registry (valid, with a ``parameters`` cell
declaring what the runner passes).

The ``.env`` file is read by python-dotenv, and the same file is often given to
systemd (``EnvironmentFile=``), which reads some lines differently: a ``#``
comment after a value (systemd keeps it in the value), a leading ``export``
(systemd skips the line), backslashes and quotes. Each such line is a
**warning** naming its line number: fangkong itself reads the file as meant, so
the check still passes, but the line should be rewritten before systemd sees
it. A line python-dotenv cannot read at all is a **failure**. A ``.env`` others
can read is a warning. Values are never printed, the password only as set or not.
"""

from __future__ import annotations

import ast
import errno
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fangkong.catalogue import text
from fangkong.delivery.env_file import env_line_problem
from fangkong.settings import Settings, SettingsError, get_settings, smtp_password

LEVELS = ("ok", "warn", "fail")


@dataclass(frozen=True)
class Finding:
    """One line of the check: its level (``ok``, ``warn``, ``fail``), subject and detail."""

    level: str
    subject: str
    detail: str

    def line(self, lang: str) -> str:
        """The line as printed, in ``lang``."""
        status = text(f"check.{self.level}", lang)
        return text("check.line", lang, status=status, subject=self.subject, detail=self.detail)


def _first_line(error) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


# --- folders -------------------------------------------------------------------------


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def probe_folder(path: Path) -> None:
    """Raise the :class:`OSError` that writing into ``path`` would meet.

    An existing folder is probed with a temporary file; a missing one through the
    nearest folder above it that exists. Nothing is left behind.

    Parameters
    ----------
    path : Path

    Raises
    ------
    OSError
        With ``filename``: NotADirectoryError when ``path`` (or a folder above it)
        is a file, PermissionError, a read-only file system, ...
    """
    target = _nearest_existing(Path(path))
    if not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target))
    try:
        with tempfile.TemporaryFile(dir=target):
            pass
    except OSError as exc:  # named by the folder, not by the probe's random name
        exc.filename = str(target)
        raise


def check_folder(name: str, path: Path, lang: str, *, write: bool) -> Finding:
    """A folder that must exist (``write=False``) or be writable or makeable."""
    subject = f"{name} {path}"
    if not write:
        if path.is_dir():
            return Finding("ok", subject, text("check.folder_present", lang))
        key = "check.folder_not_dir" if path.exists() else "check.folder_missing"
        return Finding("fail", subject, text(key, lang))
    try:
        probe_folder(path)
    except NotADirectoryError:
        return Finding("fail", subject, text("check.folder_not_dir", lang))
    except PermissionError:
        return Finding("fail", subject, text("check.folder_not_writable", lang))
    except OSError as exc:
        return Finding("fail", subject, _first_line(exc))
    key = "check.folder_ok" if path.is_dir() else "check.folder_creatable"
    return Finding("ok", subject, text(key, lang))


def check_settings(lang: str) -> tuple[Settings | None, list[Finding]]:
    """The settings: each value parses, the folders, the password set or not."""
    subject = text("check.settings", lang)
    try:
        settings = get_settings()
    except SettingsError as exc:
        return None, [Finding("fail", subject, exc.describe(lang))]
    except OSError as exc:  # an unreadable .env
        return None, [Finding("fail", subject, _first_line(exc))]
    env = settings.env_file
    where = text("check.env_read", lang, path=env) if env.is_file() else None
    found = [
        Finding(
            "ok",
            subject,
            text("check.settings_ok", lang, env=where or text("check.env_none", lang)),
        )
    ]
    for name, path, write in (
        ("FANGKONG_DATA_DIR", settings.data_dir, True),
        ("FANGKONG_OUTPUTS_DIR", settings.outputs_dir, True),
        ("FANGKONG_PARAMS_DIR", settings.params_dir, False),
        ("FANGKONG_NOTEBOOKS_DIR", settings.notebooks_dir, False),
    ):
        found.append(check_folder(name, path, lang, write=write))
    if smtp_password(settings):
        found.append(Finding("ok", "FANGKONG_SMTP_PASSWORD", text("check.secret_set", lang)))
    elif settings.smtp_user:
        found.append(Finding("warn", "FANGKONG_SMTP_PASSWORD", text("check.secret_missing", lang)))
    else:
        found.append(Finding("ok", "FANGKONG_SMTP_PASSWORD", text("check.secret_unset", lang)))
    return settings, found


# --- town files, store, mail, font, notebooks ------------------------------------------


def check_towns(settings: Settings, lang: str) -> list[Finding]:
    """Every town file (a YAML file with ``villages``) of the params folder."""
    from fangkong.delivery.daily import town_files
    from fangkong.town import TownFileError, load_town

    if not settings.params_dir.is_dir():
        return []  # said by the folder's line
    files = town_files([settings.params_dir])
    if not files:
        return [Finding("fail", str(settings.params_dir), text("check.no_town", lang))]
    found = []
    for path in files:
        try:
            town = load_town(path)
        except TownFileError as exc:
            found.append(Finding("fail", str(path), " ".join(str(exc).split())))
            continue
        detail = text("check.town_ok", lang, town=town.name, villages=len(town.villages))
        found.append(Finding("ok", str(path), detail))
    return found


def _hide_password(message: str, url: str) -> str:
    """``message`` without the password of ``url`` (which may not even parse)."""
    match = re.search(r"://[^:/@]*:([^@]*)@", url)
    return message.replace(match.group(1), "***") if match and match.group(1) else message


def check_store(settings: Settings, lang: str) -> Finding:
    """The store: reachable and at the code's head revision."""
    import sqlalchemy as sa

    from fangkong.store.versioning import status

    url = settings.db_url
    try:
        shown = sa.make_url(url).render_as_string(hide_password=True)
        found = status(url)
    except Exception as exc:  # a bad URL, a server down, a file that is not SQLite
        subject = text("check.store", lang, url=_hide_password(url, url))
        error = _hide_password(_first_line(exc), url)
        return Finding("fail", subject, text("check.cannot_connect", lang, error=error))
    subject = text("check.store", lang, url=shown)
    state = found["state"].replace(" ", "_")
    key = "check.store_ok" if state == "at_head" else f"check.store_{state}"
    fields = {"current": found["current"], "head": found["head"]}
    return Finding("ok" if state == "at_head" else "fail", subject, text(key, lang, **fields))


def check_smtp(settings: Settings, lang: str) -> Finding:
    """Connect with the configured TLS mode, log in when a user is set, QUIT."""
    import smtplib

    from fangkong.delivery.outbox import MailSettingError, _connect

    subject = text(
        "check.smtp", lang, host=settings.smtp_host, port=settings.smtp_port, tls=settings.smtp_tls
    )
    try:
        smtp = _connect(settings)
    except MailSettingError as exc:
        return Finding("fail", subject, str(exc))
    except smtplib.SMTPAuthenticationError as exc:
        error = f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
        return Finding("fail", subject, text("check.smtp_refused", lang, error=error))
    except (OSError, smtplib.SMTPException) as exc:
        return Finding("fail", subject, text("check.cannot_connect", lang, error=_first_line(exc)))
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
    if settings.smtp_user:
        return Finding("ok", subject, text("check.smtp_login", lang, user=settings.smtp_user))
    return Finding("ok", subject, text("check.smtp_no_login", lang))


def check_font(lang: str) -> Finding:
    """The CJK font the charts need: present and readable by matplotlib."""
    from fangkong.reports.fonts import FAMILY, FONT_PATH

    subject = text("check.font", lang, path=FONT_PATH)
    try:
        from matplotlib import ft2font

        family = ft2font.FT2Font(str(FONT_PATH)).family_name
    except Exception as exc:  # missing, truncated, not a font
        return Finding("fail", subject, text("check.font_bad", lang, error=_first_line(exc)))
    if family != FAMILY:
        return Finding("fail", subject, text("check.font_bad", lang, error=family))
    return Finding("ok", subject, text("check.font_ok", lang, family=family))


def declared_parameters(source: str) -> list[str]:
    """Names a parameters cell assigns, in order (``SyntaxError`` when it does not parse)."""
    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def check_notebook(path: Path, lang: str) -> Finding:
    """A report notebook: valid, and its parameters cell declares the runner's parameters."""
    import nbformat

    from fangkong.delivery.parameters import RUNNER_PARAMETERS

    subject = text("check.notebook", lang, path=path)
    if not path.is_file():
        return Finding("fail", subject, text("check.folder_missing", lang))
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # not JSON, not a notebook, an invalid cell
        return Finding(
            "fail", subject, text("check.notebook_invalid", lang, error=_first_line(exc))
        )
    cells = [
        c
        for c in nb.cells
        if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if not cells:
        return Finding("fail", subject, text("check.notebook_no_parameters", lang))
    try:
        names = declared_parameters(cells[0].source)
    except SyntaxError as exc:
        error = f"{exc.msg} (line {exc.lineno})"
        return Finding("fail", subject, text("check.notebook_syntax", lang, error=error))
    lacking = [p for p in RUNNER_PARAMETERS if p not in names]
    if lacking:
        return Finding(
            "fail", subject, text("check.notebook_lacks", lang, names=", ".join(lacking))
        )
    return Finding("ok", subject, text("check.notebook_ok", lang, names=", ".join(names)))


# --- the .env file ---------------------------------------------------------------------


def check_env_file(path: Path, lang: str) -> list[Finding]:
    """Lines of ``.env`` python-dotenv and systemd read differently; a mode open to others."""
    if not path.is_file():
        return []
    found = []
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        found.append(Finding("warn", str(path), text("check.env_mode", lang, mode=f"{mode:04o}")))
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        problem = env_line_problem(line)
        if problem:
            subject = text("check.env_line", lang, path=path, line=number)
            found.append(Finding(problem[0], subject, text(problem[1], lang)))
    return found


# --- the command -----------------------------------------------------------------------


def run_checks(lang: str = "zh") -> list[Finding]:
    """Every check, in the order printed.

    Parameters
    ----------
    lang : {"zh", "en"}

    Returns
    -------
    list of Finding
    """
    from fangkong.registry import REPORTS

    settings, found = check_settings(lang)
    if settings is not None:
        found += check_env_file(settings.env_file, lang)
        found += check_towns(settings, lang)
        found.append(check_store(settings, lang))
        found.append(check_smtp(settings, lang))
    found.append(check_font(lang))
    if settings is not None and settings.notebooks_dir.is_dir():
        found += [check_notebook(settings.notebooks_dir / r.notebook, lang) for r in REPORTS]
    return found


def check_command(args) -> int:
    """The ``fangkong check`` subcommand: print one line per check and a summary.

    Parameters
    ----------
    args : argparse.Namespace
        ``lang`` ("zh" or "en").

    Returns
    -------
    int
        1 when any check failed, else 0 (warnings do not fail).
    """
    lang = getattr(args, "lang", "zh")
    found = run_checks(lang)
    for finding in found:
        print(finding.line(lang))
    counts = {level: sum(f.level == level for f in found) for level in LEVELS}
    print(text("check.summary", lang, oks=counts["ok"], warns=counts["warn"], fails=counts["fail"]))
    return 1 if counts["fail"] else 0
