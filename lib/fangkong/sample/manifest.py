"""What a sample run wrote: every file, its rows, style and injected defects."""

from __future__ import annotations

import collections
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class FileEntry:
    """One written file.

    Attributes
    ----------
    path : str
        Relative to the sample folder, with ``/`` separators.
    day : str
        Submission day, ISO.
    village : str
        The sending village, or ``镇`` for town-level files.
    table : str
    format : {"xlsx", "csv"}
    encoding : str or None
        CSV encoding (``utf-8``, ``utf-8-sig`` or ``gbk``).
    headers : {"zh", "en"}
    dates : str
        How dates are written (see :class:`fangkong.ingest.xlsx_writer.Style`).
    rows : int
        Data rows (the header excluded).
    defects : list of dict
        :class:`fangkong.sample.defects.Injected` records as dicts.
    """

    path: str
    day: str
    village: str
    table: str
    format: str
    encoding: str | None
    headers: str
    dates: str
    rows: int
    defects: list[dict] = field(default_factory=list)

    @classmethod
    def written(
        cls,
        path: Path,
        root: Path,
        day,
        village: str,
        table: str,
        style,
        encoding,
        rows: int,
        defects: list[dict],
    ) -> FileEntry:
        """The entry of a file written under ``root`` in a writer's ``style``."""
        return cls(
            path=path.relative_to(root).as_posix(),
            day=day.isoformat(),
            village=village,
            table=table,
            format=style.fmt,
            encoding=encoding,
            headers=style.header_lang,
            dates=style.dates,
            rows=rows,
            defects=defects,
        )


@dataclass
class SampleManifest:
    """The record of one :func:`fangkong.sample.write_sample` run.

    Attributes
    ----------
    town : str
        Id of the town the sample is for.
    town_file : str or None
        ``town.yaml`` when a scaled town was written beside the data.
    scale, seed : int
    first, end : str
        First and last day, ISO.
    files : list of FileEntry
    missing : list of dict
        Daily submissions deliberately not sent: ``{"day", "village", "table"}``.
    unforced : list of str
        Defect kinds that found no fitting row (normally empty).
    root : Path or None
        The sample folder (not written to JSON).
    """

    town: str
    town_file: str | None
    scale: int
    seed: int
    first: str
    end: str
    files: list[FileEntry] = field(default_factory=list, repr=False)
    missing: list[dict] = field(default_factory=list, repr=False)
    unforced: list[str] = field(default_factory=list)
    root: Path | None = None

    def __str__(self) -> str:
        return (
            f"{len(self.files)} files, {self.rows} rows, {self.first} to {self.end}, "
            f"{len(self.missing)} submissions missing, "
            f"{self.defect_share:.1%} of rows with a defect (see manifest.json)"
        )

    @property
    def rows(self) -> int:
        """Data rows written, all files together."""
        return sum(entry.rows for entry in self.files)

    def defect_counts(self, severity: str = "rejected") -> dict[str, int]:
        """Defect code -> number of injected cells of that severity."""
        counts = collections.Counter(
            defect["defect"]
            for entry in self.files
            for defect in entry.defects
            if defect["severity"] == severity
        )
        return dict(sorted(counts.items()))

    @property
    def defect_share(self) -> float:
        """Share of written rows holding a defect that ingest must reject."""
        bad = {
            (entry.path, defect["row"])
            for entry in self.files
            for defect in entry.defects
            if defect["severity"] == "rejected"
        }
        return len(bad) / self.rows if self.rows else 0.0

    def to_dict(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if key != "root"}
        data["summary"] = {
            "files": len(self.files),
            "rows": self.rows,
            "empty_files": sum(1 for entry in self.files if entry.rows == 0),
            "missing": len(self.missing),
            "defects": self.defect_counts(),
            "warnings": self.defect_counts("warning"),
            "defect_share": round(self.defect_share, 4),
        }
        return data

    def write(self, path: str | Path) -> Path:
        """Write the manifest as JSON (UTF-8, stable key order)."""
        path = Path(path)
        path.write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return path

    @classmethod
    def read(cls, path: str | Path) -> SampleManifest:
        """Read a manifest written by :meth:`write`."""
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("summary", None)
        files = [FileEntry(**entry) for entry in data.pop("files")]
        return cls(files=files, root=path.parent, **data)
