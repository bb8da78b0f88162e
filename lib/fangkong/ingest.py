"""Ingest: village files in, validated rows to the store, rejected rows to CSV.

For each file: read it (:mod:`fangkong.readers`), normalise every column
(:mod:`fangkong.normalise`), validate against the table's pandera schema and the
contract's row and cross-table rules (:mod:`fangkong.checks`), then store the
accepted rows with their provenance and write the rejected rows, with their
original values plus ``row`` and ``reason``, to ``data/rejects/D/<file>.csv``.
Rows in = rows accepted + rows rejected, for every file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from fangkong.catalogue import reason
from fangkong.checks import REJECT, Context, run_rules
from fangkong.normalise import normalise_column
from fangkong.readers import RawSheet, UnreadableFile, read_file
from fangkong.schemas import DTYPES, TABLES
from fangkong.town import Town

#: Registries first, then the ledger, then events: later tables are checked
#: against earlier ones of the same batch.
TABLE_ORDER = ["households", "enterprises", "quarantine"] + [
    t for t in TABLES if t not in ("households", "enterprises", "quarantine")
]
SUFFIXES = (".xlsx", ".xlsm", ".csv")
ISSUE_COLUMNS = ["file", "sheet", "table", "row", "column", "value", "code", "severity", "detail"]


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
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_COLUMNS))
    rejects_path: Path | None = None


@dataclass
class IngestReport:
    """The outcome of one ingest run."""

    files: list[FileResult]

    @property
    def exit_code(self) -> int:
        """0 when every file was read, 1 when any could not be read at all."""
        return int(any(f.status == "unreadable" for f in self.files))

    def summary(self) -> pd.DataFrame:
        """One row per file: status, tables, rows in, accepted, rejected, warnings."""
        return pd.DataFrame(
            [
                {
                    "file": f.path.name,
                    "table": ",".join(f.tables),
                    "status": f.status,
                    "rows_in": f.rows_in,
                    "accepted": f.accepted,
                    "rejected": f.rejected,
                    "warnings": f.warnings,
                    "error": f.error or "",
                }
                for f in self.files
            ]
        )

    def issues(self) -> pd.DataFrame:
        """Every rejection and warning of the run."""
        frames = [f.issues for f in self.files if len(f.issues)]
        return (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ISSUE_COLUMNS)
        )


def expand(paths) -> list[Path]:
    """Files named, and the data files inside folders named, sorted."""
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if q.suffix.lower() in SUFFIXES and q.is_file())
        else:
            found.append(p)
    return found


def _empty(table: str, index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(pd.NA if "datetime" not in DTYPES[k] else pd.NaT, index=index).astype(
                DTYPES[k]
            )
            for c, k in ((c, TABLES[table].meta(c)["kind"]) for c in TABLES[table].columns)
        },
        index=index,
    )


def normalise_sheet(sheet: RawSheet) -> tuple[pd.DataFrame, list[dict]]:
    """Typed frame of a raw sheet, and the cells that could not be read."""
    table = TABLES[sheet.table]
    typed = _empty(sheet.table, sheet.frame.index)
    problems = []
    for column in sheet.frame.columns:
        meta = table.meta(column)
        values, probs = normalise_column(sheet.frame[column], meta["kind"], meta["enum"])
        typed[column] = values
        for row in probs.index[probs.notna()]:
            problems.append({"row": row, "column": column, "code": probs[row]})
    return typed, problems


def schema_problems(table: str, typed: pd.DataFrame, known: set) -> list[dict]:
    """Schema failures (required, ranges, enumerations) not already explained."""
    try:
        TABLES[table].schema.validate(typed, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    out = []
    for column, check, index in zip(cases["column"], cases["check"], cases["index"]):
        if index is None or pd.isna(index) or (index, column) in known:
            continue
        code = "required" if check == "not_nullable" else str(check)
        out.append({"row": int(index), "column": column, "code": code})
    return out


class Ingestor:
    """Ingests files into a store for one submission date and town.

    Parameters
    ----------
    store : fangkong.store.Store
    town : Town
    submitted_on : datetime.date
        The submission date the files belong to (``--date``).
    rejects_dir : Path
        Where rejected rows go: ``<rejects_dir>/<date>/<file stem>.csv``.
    lang : {"zh", "en"}
        Language of the reasons written for people.
    ingested_at : datetime.datetime, optional
        Provenance time stamp; defaults to now.
    """

    def __init__(
        self,
        store,
        town: Town,
        submitted_on: dt.date,
        rejects_dir: Path,
        lang: str = "zh",
        ingested_at: dt.datetime | None = None,
    ):
        self.store, self.town, self.lang = store, town, lang
        self.submitted_on = submitted_on
        self.rejects_dir = Path(rejects_dir) / submitted_on.isoformat()
        self.ingested_at = ingested_at or dt.datetime.now().replace(microsecond=0)
        self.ctx = Context(town, submitted_on)
        self._load_context()

    def _load_context(self, tables=("households", "enterprises", "quarantine")):
        for name in tables:
            if name == "quarantine":
                self.ctx.ledger = self.store.ledger(self.submitted_on)
            else:
                setattr(self.ctx, name, self.store.registry(name, self.submitted_on))

    def ingest(self, paths) -> IngestReport:
        """Ingest files and folders; see :func:`ingest_paths`."""
        loaded, results, batch = [], [], set()
        for path in expand(paths):
            result = FileResult(path)
            results.append(result)
            try:
                data = path.read_bytes()
                result.sha256 = hashlib.sha256(data).hexdigest()
                key = (result.sha256, path.name)
                if key in batch or self.store.file_seen(*key, self.submitted_on):
                    result.status = "unchanged"
                    continue
                batch.add(key)
                sheets = read_file(path, data)
                result.tables = [s.table for s in sheets]
                self._check_required_columns(sheets)
                loaded.append((result, sheets))
            except (UnreadableFile, OSError) as exc:
                result.status, result.error = "unreadable", str(exc)
        self._ingest_loaded(loaded)
        return IngestReport(results)

    def _ingest_loaded(self, loaded):
        """Check each table's rows from all files at once, then store file by file.

        Per-file work (a pandera validation, a rules pass) costs more than the
        rows of a typical village file; one pass per table keeps a day's ingest
        fast. Registries and the ledger are stored before the tables that are
        checked against them.
        """
        pending = {id(result): len(sheets) for result, sheets in loaded}
        done: dict[int, list] = {id(result): [] for result, _ in loaded}
        for table in TABLE_ORDER:
            parts = [
                (result, sheet)
                for result, sheets in loaded
                for sheet in sheets
                if sheet.table == table
            ]
            if not parts:
                continue
            for (result, sheet), outcome in zip(parts, self._check_table(table, parts)):
                done[id(result)].append((sheet, *outcome))
                pending[id(result)] -= 1
            for result, _ in loaded:
                if pending[id(result)] == 0 and done[id(result)] is not None:
                    self._save_file(result, done[id(result)])
                    done[id(result)] = None
            if table in ("households", "enterprises", "quarantine"):
                self._load_context((table,))

    @staticmethod
    def _check_required_columns(sheets):
        for sheet in sheets:
            table = TABLES[sheet.table]
            missing = [
                c for c in table.columns if table.meta(c)["required"] and c not in sheet.frame
            ]
            if missing:
                names = ", ".join(f"{table.meta(c)['zh']} ({c})" for c in missing)
                where = f"sheet {sheet.sheet!r}: " if sheet.sheet else ""
                raise UnreadableFile(
                    f"{where}{table.zh} ({table.name}) lacks required column(s) {names}"
                )

    def _file_village(self, path: Path) -> str | None:
        head = path.stem.split("_")[0]
        return head if head in self.town.village_names else None

    def _row_villages(self, table: str, typed: pd.DataFrame, fallback: pd.Series) -> pd.Series:
        if "village" in typed and table != "donations":
            own = typed["village"].where(typed["village"].isin(self.town.village_names))
        elif "person_id" in typed and len(self.ctx.ledger):
            own = typed["person_id"].map(
                self.ctx.ledger.drop_duplicates("person_id").set_index("person_id")["village"]
            )
        elif "household_id" in typed and len(self.ctx.households):
            own = typed["household_id"].map(
                self.ctx.households.set_index("household_id")["village"]
            )
        elif "enterprise_id" in typed and len(self.ctx.enterprises):
            own = typed["enterprise_id"].map(
                self.ctx.enterprises.set_index("enterprise_id")["village"]
            )
        else:
            own = pd.Series(None, index=typed.index, dtype="str")
        return own.astype("str").fillna(fallback)

    def _check_table(self, table: str, parts) -> list[tuple]:
        """(accepted rows, issues) per (file, sheet) part of one table."""
        frames, group, where, fallback = [], [], [], []
        for i, (result, sheet) in enumerate(parts):
            frames.append(sheet.frame)
            group += [i] * len(sheet.frame)
            where += [f"{result.path.name} row {r}" for r in sheet.frame.index]
            fallback += [self._file_village(result.path)] * len(sheet.frame)
        raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        combined = RawSheet(table, None, raw.reindex(columns=TABLES[table].columns), {})
        self.ctx.group = pd.Series(group, index=raw.index, dtype="int64")
        self.ctx.where = pd.Series(where, index=raw.index, dtype="str")
        typed, problems = normalise_sheet(combined)
        known = {(p["row"], p["column"]) for p in problems}
        problems += schema_problems(table, typed, known)
        for p in problems:
            p["severity"], p["detail"] = REJECT, None
        # Rules run on every row, so one reading of the rejects shows all that
        # is wrong with a row; unreadable cells are NA there.
        for f in run_rules(table, typed, self.ctx):
            detail = f.detail if f.detail is not None else pd.Series(None, index=typed.index)
            for row in typed.index[f.mask.to_numpy()]:
                problems.append(
                    {
                        "row": row,
                        "column": f.column,
                        "code": f.code,
                        "severity": f.severity,
                        "detail": detail.get(row),
                    }
                )
        self.ctx.group = self.ctx.where = None
        issues = pd.DataFrame(problems, columns=["row", "column", "code", "severity", "detail"])
        rejected = set(issues.loc[issues["severity"] == REJECT, "row"])
        keep = ~typed.index.isin(rejected)
        accepted = typed.loc[keep].copy()
        accepted["src_village"] = self._row_villages(
            table, accepted, pd.Series(fallback, index=raw.index, dtype="str")[keep]
        )
        outcomes = []
        offset = 0
        for result, sheet in parts:
            n = len(sheet.frame)
            rows = sheet.frame.index.to_numpy()
            span = range(offset, offset + n)
            mine = accepted.loc[accepted.index.isin(span)].copy()
            mine.index = rows[mine.index.to_numpy() - offset]
            mine["src_row"] = mine.index.astype("int64")
            part_issues = issues[issues["row"].isin(span)].copy()
            part_issues["row"] = rows[part_issues["row"].to_numpy(dtype="int64") - offset]
            outcomes.append((mine, self._issues_frame(result.path, sheet, part_issues)))
            offset += n
        return outcomes

    def _save_file(self, result: FileResult, checked: list[tuple]):
        """Store one file's accepted rows and issues atomically; write its rejects."""
        path = result.path
        villages, issue_frames, reject_frames = set(), [], []
        for sheet, accepted, issues in checked:
            rejected_rows = set(issues.loc[issues["severity"] == REJECT, "row"])
            villages |= set(accepted["src_village"].dropna())
            result.rows_in += len(sheet.frame)
            result.accepted += len(accepted)
            result.rejected += len(rejected_rows)
            result.warnings += int((issues["severity"] != REJECT).sum())
            issue_frames.append(issues)
            if rejected_rows:
                reject_frames.append(self._rejects_frame(sheet, issues, rejected_rows))
        if fallback := self._file_village(path):
            villages.add(fallback)
        result.issues = pd.concat(issue_frames, ignore_index=True)
        issues = result.issues.assign(submitted_on=self.submitted_on, sha256=result.sha256)
        with self.store.transaction():
            self.store.record_file(
                sha256=result.sha256,
                file=path.name,
                table=",".join(result.tables),
                submitted_on=self.submitted_on,
                villages=sorted(villages),
                rows_in=result.rows_in,
                accepted=result.accepted,
                rejected=result.rejected,
                warnings=result.warnings,
                ingested_at=self.ingested_at,
            )
            for sheet, accepted, _ in checked:
                self.store.append(
                    sheet.table,
                    accepted,
                    sha256=result.sha256,
                    file=path.name,
                    sheet=sheet.sheet,
                    submitted_on=self.submitted_on,
                    ingested_at=self.ingested_at,
                )
            self.store.record_issues(issues)
        if reject_frames:
            self.rejects_dir.mkdir(parents=True, exist_ok=True)
            result.rejects_path = self.rejects_dir / f"{path.stem}.csv"
            pd.concat(reject_frames, ignore_index=True).to_csv(
                result.rejects_path, index=False, encoding="utf-8-sig"
            )

    def _issues_frame(self, path, sheet, problems) -> pd.DataFrame:
        if len(problems) == 0:
            return pd.DataFrame(columns=ISSUE_COLUMNS)
        frame = pd.DataFrame(problems)
        raw = sheet.frame
        frame["value"] = [
            None if c not in raw else (None if raw.at[r, c] is None else str(raw.at[r, c]))
            for r, c in zip(frame["row"], frame["column"])
        ]
        frame["file"], frame["sheet"], frame["table"] = path.name, sheet.sheet, sheet.table
        frame = frame.drop_duplicates(["row", "column", "code"])
        return (
            frame[ISSUE_COLUMNS]
            .sort_values(["row", "column"], kind="stable")
            .reset_index(drop=True)
        )

    def _rejects_frame(self, sheet, issues, rejected_rows) -> pd.DataFrame:
        table = TABLES[sheet.table]
        rejected = issues[issues["severity"] == REJECT]
        text = rejected.apply(lambda r: describe(table, r, self.lang), axis=1)
        reasons = text.groupby(rejected["row"]).agg("; ".join)
        raw = sheet.frame.loc[sorted(rejected_rows)]
        out = raw.rename(columns=sheet.original_headers).astype(object)
        out.insert(0, "row", out.index)
        if sheet.sheet:
            out.insert(0, "sheet", sheet.sheet)
        out["reason"] = reasons.reindex(out.index).to_numpy()
        return out.reset_index(drop=True)


def describe(table, issue, lang: str = "zh") -> str:
    """One issue as a sentence: column header, value and reason."""
    header = table.meta(issue["column"])["zh"] if lang == "zh" else issue["column"]
    value = "" if issue["value"] is None or pd.isna(issue["value"]) else f" '{issue['value']}'"
    detail = issue.get("detail")
    extra = f" ({detail})" if isinstance(detail, str) and detail else ""
    return f"{header}{value}: {reason(issue['code'], lang)}{extra}"


def ingest_paths(
    paths,
    *,
    store,
    town: Town,
    submitted_on: dt.date,
    rejects_dir: Path,
    lang: str = "zh",
    ingested_at: dt.datetime | None = None,
) -> IngestReport:
    """Ingest village files for one submission date.

    Parameters
    ----------
    paths : iterable of path-like
        Files (.xlsx, .csv) and folders (searched recursively).
    store : fangkong.store.Store
        Where accepted rows go.
    town : Town
        The town whose villages, policy and registries the rows are checked against.
    submitted_on : datetime.date
        The submission date.
    rejects_dir : Path
        Root folder of rejected rows (``data/rejects``).
    lang : {"zh", "en"}
        Language of the reasons.
    ingested_at : datetime.datetime, optional
        Provenance time stamp (default: now).

    Returns
    -------
    IngestReport
        Per file: status, rows in, accepted, rejected, warnings, and the issues.
        A file already ingested (same sha256) is reported ``unchanged`` and
        changes nothing.
    """
    return Ingestor(store, town, submitted_on, rejects_dir, lang, ingested_at).ingest(paths)
