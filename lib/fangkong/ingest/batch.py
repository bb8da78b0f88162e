"""Ingest: village files in, validated rows to the store, rejected rows to CSV.

Each file is read (:mod:`fangkong.ingest.readers`); then, table by table, the rows of
every file of the batch are normalised (:mod:`fangkong.ingest.normalise`) and validated
against the table's pandera schema and the contract's row and cross-table rules
(:mod:`fangkong.ingest.rules`) in one pass, and the accepted rows are stored with
their provenance, all in one transaction. Rejected rows are written, with their
original values plus ``fangkong_row`` and ``reason``, to ``data/rejects/D/<file>.<hash>.csv``.
Rows in = rows accepted + rows rejected, for every file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from fangkong.console import progress
from fangkong.ingest.examples import drop_example_rows, example_mask
from fangkong.ingest.files import FileResult, IngestReport, own_output, scan
from fangkong.ingest.limits import check_file_size, located_cell_issues
from fangkong.ingest.normalise import normalise_sheet
from fangkong.ingest.readers import RawSheet, UnreadableFile, read_file
from fangkong.ingest.rejects import ISSUE_COLUMNS, issues_frame, rejects_frames, write_rejects
from fangkong.ingest.rules import REJECT, RuleContext, run_rules
from fangkong.schemas import TABLES
from fangkong.town import Town

#: The registries (households, enterprises, checkpoints), in the schemas' order.
REGISTRIES = tuple(name for name, table in TABLES.items() if table.role == "registry")
#: Registries first, then the ledger, then events: later tables are checked
#: against earlier ones of the same batch.
TABLE_ORDER = [*REGISTRIES, "quarantine"] + [
    table for table in TABLES if table not in (*REGISTRIES, "quarantine")
]


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
    store : fangkong.store.database.Store
    town : Town
    submitted_on : datetime.date
        The submission date the files belong to (``--date``).
    rejects_dir : Path
        Where rejected rows go: ``<rejects_dir>/<date>/<file name>.<hash>.csv``
        (:func:`fangkong.ingest.rejects.rejects_name`).
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
        self.rule_context = RuleContext(town, submitted_on)
        self._villages = frozenset(town.village_names)

    def _load_rule_context(self, tables=(*REGISTRIES, "quarantine")):
        for name in tables:
            if name == "quarantine":
                self.rule_context.ledger = self.store.ledger(self.submitted_on)
                self.rule_context.left = self.store.quarantine_left(self.submitted_on)
            elif name == "alert_feedback":  # the keys its rows must name
                self.rule_context.alert_keys = self.store.alert_keys(self.town.id)
            else:
                setattr(self.rule_context, name, self.store.registry(name, self.submitted_on))

    def ingest(self, paths) -> IngestReport:
        """Ingest files and folders; see :func:`ingest_paths`."""
        files, skipped = scan(paths)
        loaded = []
        results = [FileResult(path, status="skipped", error=why) for path, why in skipped]
        seen = self.store.files_seen(self.submitted_on)
        for path in progress(files, desc="ingest", unit="files", lang=self.lang):
            result = FileResult(path)
            results.append(result)
            try:
                check_file_size(path)  # before reading it into memory
                data = path.read_bytes()
                if why := own_output(path, data):
                    result.status, result.error = "skipped", why
                    continue
                result.sha256 = hashlib.sha256(data).hexdigest()
                key = (result.sha256, path.name)
                if key in seen:
                    result.status = "unchanged"
                    continue
                seen.add(key)
                sheets = read_file(path, data)
                result.tables = [sheet.table for sheet in sheets]
                self._check_required_columns(sheets)
                loaded.append((result, sheets))
            except (UnreadableFile, OSError) as exc:
                result.status, result.error = "unreadable", str(exc)
        if loaded:
            self._ingest_loaded(loaded)
        return IngestReport(results)

    def _ingest_loaded(self, loaded):
        """Check and store each table's rows from all files at once, in one transaction.

        Per-file work (a pandera validation, a rules pass, an insert, a commit)
        costs more than the rows of a typical village file: a city day is
        thousands of files of a dozen rows. A failure rolls the whole batch
        back, so a file is never half stored. Registries and the ledger are
        stored before the tables that are checked against them.
        """
        position = {id(result): i for i, (result, _) in enumerate(loaded)}
        villages = [set() for _ in loaded]
        pending = [len(sheets) for _, sheets in loaded]
        issue_tables, rejects = [], [[] for _ in loaded]
        # Read here, not at start: a re-run whose files are all unchanged reads nothing.
        self._load_rule_context()
        feedback = [s for _, sheets in loaded for s in sheets if s.table == "alert_feedback"]
        if any(len(sheet.frame) for sheet in feedback):  # keys are read only when needed
            self._load_rule_context(("alert_feedback",))
        with self.store.transaction():
            for table in TABLE_ORDER:
                parts = [
                    (result, sheet)
                    for result, sheets in loaded
                    for sheet in sheets
                    if sheet.table == table
                ]
                if not parts:
                    continue
                accepted, issues = self._check_table(table, parts)
                # Provenance per row, by part: one lookup per file, not per row.
                at = accepted["_part"].to_numpy(dtype="int64")
                self.store.append(
                    table,
                    accepted,
                    sha256=_per_part([result.sha256 for result, _ in parts], at),
                    file=_per_part([result.path.name for result, _ in parts], at),
                    sheet=_per_part([sheet.sheet for _, sheet in parts], at),
                    submitted_on=self.submitted_on,
                    ingested_at=self.ingested_at,
                )
                owner = np.array([position[id(result)] for result, _ in parts], dtype="int64")
                self._tally(parts, accepted, issues, villages, owner)
                for part, frame in rejects_frames(parts, issues, self.lang):
                    rejects[owner[part]].append(frame)
                issue_tables.append(issues.assign(_file=owner[issues["_part"].to_numpy("int64")]))
                # A file is logged once all its tables are in: the ledger of
                # the next tables' checks is found through the files' log.
                for i in owner:
                    pending[i] -= 1
                done = [i for i in dict.fromkeys(owner.tolist()) if pending[i] == 0]
                self.store.record_files([self._record(loaded[i][0], villages[i]) for i in done])
                # A registry changes only by rows; the ledger also by a village's
                # newest file, even an empty one.
                if table == "quarantine" or (table in REGISTRIES and len(accepted)):
                    self._load_rule_context((table,))
            issues = pd.concat(issue_tables, ignore_index=True)
            for i, frame in issues.groupby("_file", sort=False):
                loaded[i][0].issues = frame[ISSUE_COLUMNS].reset_index(drop=True)
            if len(issues):
                sha = np.array([result.sha256 for result, _ in loaded], dtype=object)
                self.store.record_issues(
                    issues[ISSUE_COLUMNS].assign(
                        sha256=sha[issues["_file"].to_numpy("int64")],
                        submitted_on=self.submitted_on,
                    )
                )
        for (result, _), frames in zip(loaded, rejects):
            if frames:
                result.rejects_path = write_rejects(
                    frames, result.path, result.sha256, self.rejects_dir.parent, self.rejects_dir
                )

    def _record(self, result: FileResult, villages: set) -> dict:
        """The files' log entry of one file (see :meth:`Store.record_files`)."""
        if fallback := self._file_village(result.path):
            villages = villages | {fallback}
        return dict(
            sha256=result.sha256,
            file=result.path.name,
            table=",".join(result.tables),
            submitted_on=self.submitted_on,
            villages=sorted(villages),
            rows_in=result.rows_in,
            accepted=result.accepted,
            rejected=result.rejected,
            warnings=result.warnings,
            ingested_at=self.ingested_at,
        )

    @staticmethod
    def _tally(parts, accepted, issues, villages, owner):
        """Add one table's outcome to each file's counts and villages."""
        n = len(parts)
        accepted_n = np.bincount(accepted["_part"].to_numpy(), minlength=n)
        severity = issues["severity"].to_numpy()
        rejected = issues.loc[severity == REJECT, ["_part", "row"]].drop_duplicates()
        rejected_n = np.bincount(rejected["_part"].to_numpy(dtype="int64"), minlength=n)
        warnings_n = np.bincount(
            issues.loc[severity != REJECT, "_part"].to_numpy(dtype="int64"), minlength=n
        )
        pairs = accepted[["_part", "src_village"]].drop_duplicates()
        for part, village in zip(pairs["_part"].tolist(), pairs["src_village"].tolist()):
            if isinstance(village, str):
                villages[owner[part]].add(village)
        for i, (result, sheet) in enumerate(parts):
            result.rows_in += len(sheet.frame)
            result.accepted += int(accepted_n[i])
            result.rejected += int(rejected_n[i])
            result.warnings += int(warnings_n[i])

    @staticmethod
    def _check_required_columns(sheets):
        for sheet in sheets:
            table = TABLES[sheet.table]
            missing = [
                column
                for column in table.columns
                if table.meta(column)["required"] and column not in sheet.frame
            ]
            if missing:
                names = ", ".join(f"{table.meta(column)['zh']} ({column})" for column in missing)
                where = f"sheet {sheet.sheet!r}: " if sheet.sheet else ""
                raise UnreadableFile(
                    f"{where}{table.zh} ({table.name}) lacks required column(s) {names}"
                )

    def _file_village(self, path: Path) -> str | None:
        """The village a file comes from: its name's prefix, else its nearest village folder.

        ``槐林村_donations.csv`` and ``inbox/D/槐林村/donations.csv`` are both
        槐林村's; a file with no village in its name or folders has none.
        """
        head = path.stem.split("_")[0]
        if head in self._villages:
            return head
        return next((p.name for p in path.parents if p.name in self._villages), None)

    def _row_villages(self, table: str, typed: pd.DataFrame, fallback: pd.Series) -> pd.Series:
        known = self.rule_context
        if "village" in typed and table != "donations":
            own = typed["village"].where(typed["village"].isin(self.town.village_names))
        elif "person_id" in typed and len(known.ledger):
            own = typed["person_id"].map(
                known.ledger.drop_duplicates("person_id").set_index("person_id")["village"]
            )
        else:  # a registered household, firm or checkpoint's village
            own = pd.Series(None, index=typed.index, dtype="str")
            for name in REGISTRIES:
                key, registry = TABLES[name].key[0], getattr(known, name)
                if key in typed and len(registry):
                    own = typed[key].map(registry.set_index(key)["village"])
                    break
        return own.astype("str").fillna(fallback)

    def _check_table(self, table: str, parts) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Check the rows of one table from every (file, sheet) part at once.

        Returns
        -------
        accepted : DataFrame
            Accepted rows: schema columns, ``src_row`` (row in its file),
            ``src_village`` and ``_part`` (position in ``parts``).
        issues : DataFrame
            :data:`ISSUE_COLUMNS` plus ``_part``; ``row`` is the row in its file.
        """
        frames = [sheet.frame for _, sheet in parts]
        part_of = np.repeat(np.arange(len(parts)), [len(frame) for frame in frames])
        file_rows = np.concatenate([frame.index.to_numpy(dtype="int64") for frame in frames])
        names = np.array([result.path.name for result, _ in parts], dtype=object)
        raw = pd.concat(frames, ignore_index=True)
        combined = RawSheet(table, None, raw.reindex(columns=TABLES[table].columns), {})
        self.rule_context.group = pd.Series(part_of, index=raw.index, dtype="int64")

        def where(index: pd.Index) -> pd.Series:
            at = index.to_numpy(dtype="int64")
            rows = [f" row {row}" for row in file_rows[at].tolist()]
            return pd.Series(names[part_of[at]], index=index, dtype="str") + pd.Series(
                rows, index=index, dtype="str"
            )

        self.rule_context.where = where
        typed, problems = normalise_sheet(combined)
        known = {(problem["row"], problem["column"]) for problem in problems}
        problems += schema_problems(table, typed, known)
        for problem in problems:
            problem["severity"], problem["detail"] = REJECT, None
        problems += located_cell_issues([sheet for _, sheet in parts])  # long cells, formulas
        # A template's example row (only ever a part's first row) is no data: left
        # out of the rules, so a key it shares with a real row never rejects that row.
        examples = typed.index[example_mask(table, typed, np.diff(part_of, prepend=-1) != 0)]
        data = typed.drop(index=examples)
        # Rules run on every other row, so one reading of the rejects shows all
        # that is wrong with a row; unreadable cells are NA there.
        for finding in run_rules(table, data, self.rule_context):
            detail = (
                finding.detail if finding.detail is not None else pd.Series(None, index=data.index)
            )
            for row in data.index[finding.mask.to_numpy()]:
                problems.append(
                    {
                        "row": row,
                        "column": finding.column,
                        "code": finding.code,
                        "severity": finding.severity,
                        "detail": detail.get(row),
                    }
                )
        self.rule_context.group = self.rule_context.where = None
        problems = drop_example_rows(table, examples, problems)
        issues = pd.DataFrame(problems, columns=["row", "column", "code", "severity", "detail"])
        keep = np.ones(len(raw), dtype=bool)
        keep[issues.loc[issues["severity"] == REJECT, "row"].to_numpy(dtype="int64")] = False
        fallback = np.array([self._file_village(result.path) for result, _ in parts], dtype=object)
        accepted = typed.loc[keep].copy()
        accepted["src_village"] = self._row_villages(
            table, accepted, pd.Series(fallback[part_of[keep]], index=accepted.index, dtype="str")
        )
        accepted["src_row"] = file_rows[keep]
        accepted["_part"] = part_of[keep]
        return accepted, issues_frame(parts, raw, issues, part_of, file_rows)


def _per_part(values: list, at: np.ndarray) -> list:
    """``values[p]`` for each part number ``p`` of ``at``, as a list."""
    return np.array(values, dtype=object)[at].tolist()


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
    store : fangkong.store.database.Store
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
