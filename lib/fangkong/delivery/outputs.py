"""A day's outputs: where each file goes, the manifest, and atomic writes.

The one owner of ``outputs/D/``. For each report ``NAME`` of the registry:
``NAME.ipynb`` (the executed notebook), ``NAME.html`` (the page), ``NAME.json``
(the sidecar), ``NAME.png`` (the key chart) and, for a report that writes one,
``NAME.docx`` (a Word file: the daily bulletin); ``internal/`` holds the
unmasked copies; ``manifest.json`` records every run and every delivery. The
runner, the daily job and the mail read and write them through this module,
and every write goes to a temporary file first, then is renamed over the
target, so that a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

#: The record of a day's runs and deliveries.
MANIFEST = "manifest.json"
#: The folder of a day's unmasked copies (owner-only).
INTERNAL_DIR = "internal"
#: A report's files, by kind: kind -> file name suffix.
REPORT_FILES = {
    "notebook": ".ipynb",
    "html": ".html",
    "json": ".json",
    "chart": ".png",
    "docx": ".docx",
}


def iso_day(day) -> str:
    """A report date as ``YYYY-MM-DD``."""
    import pandas as pd

    return pd.Timestamp(day).strftime("%Y-%m-%d")


def day_folder(outputs_dir, day) -> Path:
    """The folder of a report date's outputs, ``<outputs_dir>/YYYY-MM-DD``."""
    return Path(outputs_dir) / iso_day(day)


def report_files(folder, report: str) -> dict[str, Path]:
    """The files of one report in a day's folder (or its ``internal`` folder).

    Parameters
    ----------
    folder : path
    report : str
        A report's name in the registry.

    Returns
    -------
    dict
        ``notebook``, ``html``, ``json`` (the sidecar), ``chart`` and ``docx`` -> path.
    """
    return {kind: Path(folder) / f"{report}{suffix}" for kind, suffix in REPORT_FILES.items()}


def write_atomic(path, data: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename.

    Parameters
    ----------
    path : path
    data : str or bytes
        Text is written as UTF-8.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        # mkstemp makes the file owner-only; give it the mode a plain write would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a failed write() names no file: name the target
            exc.filename = str(path)
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path, payload) -> None:
    """Write JSON (UTF-8, indented, Chinese as is) atomically."""
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def read_manifest(folder) -> dict:
    """A day's manifest; empty when there is none yet or it cannot be read."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def write_manifest(folder, manifest: dict) -> None:
    """Write a day's manifest atomically."""
    write_json(Path(folder) / MANIFEST, manifest)
