"""The files of an ingest run: which files the paths name, and what became of each.

:func:`expand` turns the files and folders given to ``fangkong ingest`` into the
data files to read; a :class:`FileResult` records one file's status and counts,
and an :class:`IngestReport` the whole run's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fangkong.ingest.rejects import ISSUE_COLUMNS, MARKER, NAME_PATTERN
from fangkong.settings import get_settings

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _own_folders() -> dict[Path, str]:
    """fangkong's own output folders (from the settings) -> what they hold."""
    settings = get_settings()
    return {
        settings.rejects_dir.resolve(): "rejects",
        settings.archive_dir.resolve(): "archive of ingested originals",
        settings.outputs_dir.resolve(): "report outputs",
    }


def scan(paths) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The data files the paths name, and the folders of fangkong's own outputs left out.

    A folder is searched recursively, leaving out fangkong's own output folders
    inside it (rejects, archive, outputs; from the settings). A file or folder
    named explicitly is always taken.

    Returns
    -------
    files : list of Path
        Files named, and the data files inside folders named, sorted.
    skipped : list of (Path, str)
        Each own folder left out, and what it holds.
    """
    found, skipped, own = [], [], _own_folders()
    for given in map(Path, paths):
        if not given.is_dir():
            found.append(given)
            continue
        top = given.resolve()
        inside = [folder for folder in own if top in folder.parents]
        for folder in sorted(inside):
            if any(path.is_file() for path in folder.rglob("*")):
                skipped.append((folder, f"fangkong's own folder ({own[folder]}): not read"))
        found += sorted(
            path
            for path in given.rglob("*")
            if path.suffix.lower() in SUFFIXES
            and path.is_file()
            and not any(folder in path.resolve().parents for folder in inside)
        )
    return found, skipped


def expand(paths) -> list[Path]:
    """Files named, and the data files inside folders named, sorted (see :func:`scan`)."""
    return scan(paths)[0]


def own_output(path: Path, data: bytes) -> str | None:
    """Why a file is one of fangkong's own outputs and no input table, or None.

    A rejects file (:mod:`fangkong.ingest.rejects`) is a CSV whose first header
    is :data:`~fangkong.ingest.rejects.MARKER` (``fangkong_row``), which no input
    table has. An older one began with ``row`` (or ``sheet``, ``row``) and ended
    with ``reason``; a village's own table can too (``reason`` is a quarantine
    column), so that header counts only under a rejects file's name
    (``<name>.<8 hex digits>.csv``).
    """
    if Path(path).suffix.lower() not in (".csv", ".txt"):
        return None
    head = data[:65536].split(b"\n", 1)[0]  # the header row
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    first = next(csv.reader(io.StringIO(text)), [])
    first = [cell.strip() for cell in first]
    lead = first[1:2] if first[:1] == ["sheet"] else first[:1]
    old = lead == ["row"] and first[-1:] == ["reason"] and NAME_PATTERN.fullmatch(Path(path).name)
    if first[:1] == [MARKER] or old:
        return "a rejects file written by fangkong ingest, not an input table: not read"
    return None


@dataclass
class FileResult:
    """What became of one file."""

    path: Path
    sha256: str = ""
    tables: list[str] = field(default_factory=list)
    status: str = "ingested"  # ingested | unchanged | unreadable | skipped
    error: str | None = None
    rows_in: int = 0
    accepted: int = 0
    rejected: int = 0
    warnings: int = 0
    issues: pd.DataFrame | None = None  # None: no issues (most files)
    rejects_path: Path | None = None


@dataclass
class IngestReport:
    """The outcome of one ingest run."""

    files: list[FileResult]

    @property
    def exit_code(self) -> int:
        """0 when every file was read, 1 when any could not be read at all."""
        return int(any(result.status == "unreadable" for result in self.files))

    def summary(self) -> pd.DataFrame:
        """One row per file: status, tables, rows in, accepted, rejected, warnings."""
        return pd.DataFrame(
            [
                {
                    "file": result.path.name,
                    "table": ",".join(result.tables),
                    "status": result.status,
                    "rows_in": result.rows_in,
                    "accepted": result.accepted,
                    "rejected": result.rejected,
                    "warnings": result.warnings,
                    "error": result.error or "",
                }
                for result in self.files
            ]
        )

    def issues(self) -> pd.DataFrame:
        """Every rejection and warning of the run."""
        frames = [
            result.issues
            for result in self.files
            if result.issues is not None and len(result.issues)
        ]
        return (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ISSUE_COLUMNS)
        )
