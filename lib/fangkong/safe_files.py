"""Files that hold personal data or are opened in a spreadsheet, written safely.

Rejects files, the archive of inbox originals and the SQLite store hold full ID
numbers, names and phones: they stay on the machine, readable by their owner
only (files ``0600``, folders ``0700``), whatever the umask. A cell written for a
spreadsheet (Excel, WPS) that starts like a formula (``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is prefixed with a single quote, the OWASP rule
against CSV injection, so that it shows as text and never runs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

#: First characters that make Excel, WPS or LibreOffice read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def neutralise(value):
    """A cell as text that no spreadsheet runs: ``=1+1`` -> ``'=1+1``.

    Parameters
    ----------
    value : object
        Any cell; only strings are changed.

    Returns
    -------
    object
        The string with a leading ``'`` when it starts like a formula, else ``value``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose headers and text cells cannot run as formulas.

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    DataFrame
        Headers and every string cell passed through :func:`neutralise`.
    """
    out = frame.astype(object).map(neutralise)
    out.columns = [neutralise(column) for column in frame.columns]
    return out


def private_folder(*folders: Path) -> None:
    """Create each folder (with its parents) and make it owner-only (``0700``).

    Parameters
    ----------
    *folders : Path
        fangkong's own folders, outermost first; folders above them (created as
        parents if missing) keep the umask's mode.
    """
    for folder in map(Path, folders):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(FOLDER_MODE)


def private_tree(root: Path, folder: Path) -> None:
    """Create ``folder`` inside ``root``; make ``root`` and every folder down to it ``0700``.

    Parameters
    ----------
    root : Path
        fangkong's own folder (``data/archive``).
    folder : Path
        A folder inside it.
    """
    root, folder = Path(root), Path(folder)
    inner = folder.relative_to(root)
    private_folder(root, *[root / part for part in reversed(inner.parents[:-1])], folder)


def make_private(path: Path) -> None:
    """Make an existing file owner-only (``0600``); quietly leave others' files be.

    Parameters
    ----------
    path : Path
    """
    try:
        Path(path).chmod(FILE_MODE)
    except PermissionError:  # a file of another user: its owner decides
        pass


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to a file created owner-only (``0600``), replacing any old one.

    Parameters
    ----------
    path : Path
    data : bytes

    Returns
    -------
    Path
        ``path``. The file is never readable by others, not even while written.
    """
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    path.chmod(FILE_MODE)  # a file that was there before keeps its mode through O_TRUNC
    return path
