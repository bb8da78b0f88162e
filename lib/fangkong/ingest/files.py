"""The files of an ingest run: which files the paths name, and what became of each.

:func:`expand` turns the files and folders given to ``fangkong ingest`` into the
data files to read; a :class:`FileResult` records one file's status and counts,
and an :class:`IngestReport` the whole run's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fangkong.ingest.rejects import ISSUE_COLUMNS

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def expand(paths) -> list[Path]:
    """Files named, and the data files inside folders named, sorted."""
    found = []
    for given in map(Path, paths):
        if given.is_dir():
            found += sorted(
                path
                for path in given.rglob("*")
                if path.suffix.lower() in SUFFIXES and path.is_file()
            )
        else:
            found.append(given)
    return found


@dataclass
class FileResult:
    """What became of one file."""

    path: Path
    sha256: str = ""
    tables: list[str] = field(default_factory=list)
    status: str = "ingested"  # ingested | unchanged | unreadable
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
