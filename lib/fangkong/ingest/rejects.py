"""Where each problem of an ingest is, and the rejects files.

Ingest finds problems on the rows of a table combined from many files
(:mod:`fangkong.ingest.batch`); here they are located back in their files (file,
sheet, row, the cell as written) and the rejected rows are given back as the
village wrote them, with one sentence per problem, for ``data/rejects``.

A rejects file holds full IDs, names and phones, and is opened in Excel or WPS:
it is owner-only and no cell of it can run as a formula
(:mod:`fangkong.safe_files`). Its name is the source file's own name and a short
hash of the source's path and bytes (``槐林村_quarantine.xlsx.1a2b3c4d.csv``), so
files sharing a stem (``a.xlsx`` and ``a.csv``, ``槐林村/x.csv`` and ``南河村/x.csv``)
never overwrite each other's rejects, and the name is the same on every run.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from fangkong.catalogue import reason
from fangkong.ingest.normalise import is_blank
from fangkong.ingest.rules import REJECT
from fangkong.masking import mask_value, scrub_text
from fangkong.safe_files import neutralise_frame, private_folder, write_private
from fangkong.schemas import TABLES

#: Columns of an issue, as :meth:`fangkong.ingest.files.IngestReport.issues` gives them.
ISSUE_COLUMNS = ["file", "sheet", "table", "row", "column", "value", "code", "severity", "detail"]
#: The first header of every rejects file, its row-number column: no input table
#: has it, so ingest knows its own rejects file (:func:`fangkong.ingest.files.own_output`).
MARKER = "fangkong_row"
#: The name of a rejects file: ``<source file name>.<8 hex digits>.csv``.
NAME_PATTERN = re.compile(r".+\.[0-9a-f]{8}\.csv", re.IGNORECASE)


def issues_frame(
    parts, raw: pd.DataFrame, problems: pd.DataFrame, part_of, file_rows
) -> pd.DataFrame:
    """Issues of a table's combined rows, located in their files, with the cell's value.

    Parameters
    ----------
    parts : list of (FileResult, RawSheet)
        The (file, sheet) parts whose rows were combined, in order.
    raw : DataFrame
        The combined raw cells (0..n-1 index).
    problems : DataFrame
        ``row`` (position in ``raw``), ``column``, ``code``, ``severity``, ``detail``.
    part_of, file_rows : numpy.ndarray
        For each combined row, its part and its row number in its file.

    Returns
    -------
    DataFrame
        :data:`ISSUE_COLUMNS` plus ``_part``, ``row`` the row in its file, one
        issue per (part, row, column, code), ordered by part, row and column.
    """
    if len(problems) == 0:
        return pd.DataFrame(columns=[*ISSUE_COLUMNS, "_part"])
    frame = problems.copy()
    at = frame["row"].to_numpy(dtype="int64")
    values = np.full(len(frame), None, dtype=object)
    for column, idx in frame.groupby("column").indices.items():
        if column in raw:
            cells = raw[column].to_numpy(dtype=object)[at[idx]]
            values[idx] = [None if is_blank(cell) else str(cell) for cell in cells]
    frame["value"] = values
    frame["_part"] = part_of[at]
    frame["row"] = file_rows[at]
    frame["file"] = [parts[part][0].path.name for part in frame["_part"]]
    frame["sheet"] = [parts[part][1].sheet for part in frame["_part"]]
    frame["table"] = parts[0][1].table
    frame = frame.drop_duplicates(["_part", "row", "column", "code"])
    return (
        frame[[*ISSUE_COLUMNS, "_part"]]
        .sort_values(["_part", "row", "column"], kind="stable")
        .reset_index(drop=True)
    )


def rejects_frames(parts, issues: pd.DataFrame, lang: str = "zh") -> list:
    """The rejected rows of each part, as the village wrote them, with the reasons.

    Parameters
    ----------
    parts : list of (FileResult, RawSheet)
        The parts of one table, as given to :func:`issues_frame`.
    issues : DataFrame
        From :func:`issues_frame`.
    lang : {"zh", "en"}
        Language of the reasons.

    Returns
    -------
    list of (int, DataFrame)
        (part, rejects frame) for each part with rejected rows. A rejects
        frame is the rejected rows under the file's own headers, with the row
        number (:data:`MARKER`, then ``sheet`` if any) first and ``reason`` last,
        one sentence per problem.
    """
    rejected = issues[issues["severity"] == REJECT]
    if rejected.empty:
        return []
    table = TABLES[parts[0][1].table]
    reasons: dict[int, dict[int, list[str]]] = {}
    for part, row, column, value, code, detail in zip(
        rejected["_part"].tolist(),
        rejected["row"].tolist(),
        rejected["column"].tolist(),
        rejected["value"].tolist(),
        rejected["code"].tolist(),
        rejected["detail"].tolist(),
    ):
        text = sentence(table, column, value, code, detail, lang)
        reasons.setdefault(part, {}).setdefault(row, []).append(text)
    out = []
    for part, by_row in reasons.items():
        sheet = parts[part][1]
        rows = sorted(by_row)
        frame = sheet.frame.loc[rows].rename(columns=sheet.original_headers).astype(object)
        if sheet.sheet:
            frame.insert(0, "sheet", sheet.sheet)
        frame.insert(0, MARKER, rows)
        frame["reason"] = ["; ".join(by_row[row]) for row in rows]
        out.append((part, frame.reset_index(drop=True)))
    return out


def sentence(table, column, value, code, detail, lang: str) -> str:
    """One issue as a sentence: column header, value and reason.

    Parameters
    ----------
    table : fangkong.schemas.Table
    column, value, code, detail : str or None
        The issue's column, the cell as written, its reason code and any detail.
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    header = table.meta(column)["zh"] if lang == "zh" else column
    shown = "" if value is None or pd.isna(value) else f" '{value}'"
    extra = f" ({detail})" if isinstance(detail, str) and detail else ""
    return f"{header}{shown}: {reason(code, lang)}{extra}"


def rejects_name(path: Path, sha256: str) -> str:
    """The rejects file name of a source file: its name, a short hash, ``.csv``.

    Parameters
    ----------
    path : Path
        The source file as ingested.
    sha256 : str
        The hex digest of its bytes.

    Returns
    -------
    str
        ``<file name>.<8 hex digits>.csv``; the hash is of the absolute path and
        the bytes, so two sources never share a name and one source always gets
        the same.
    """
    key = f"{Path(path).resolve().as_posix()}\0{sha256}".encode()
    return f"{Path(path).name}.{hashlib.sha256(key).hexdigest()[:8]}.csv"


def write_rejects(frames: list, path: Path, sha256: str, root: Path, folder: Path) -> Path:
    """Write a source file's rejected rows for people to open and correct.

    Parameters
    ----------
    frames : list of DataFrame
        The rejects frames of the file's sheets (from :func:`rejects_frames`).
    path : Path
        The source file.
    sha256 : str
        The hex digest of its bytes.
    root, folder : Path
        The rejects folder (``data/rejects``) and the day's folder in it.

    Returns
    -------
    Path
        The rejects file: UTF-8 CSV with a byte-order mark (Excel reads it as
        UTF-8), owner-only in owner-only folders, formulas neutralised.
    """
    private_folder(root, folder)
    frame = neutralise_frame(pd.concat(frames, ignore_index=True))
    text = frame.to_csv(index=False, lineterminator="\r\n")  # cells with \r or \n quoted
    return write_private(folder / rejects_name(path, sha256), text.encode("utf-8-sig"))


def printed_rejections(issues: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The rejections of an ingest as printed on the terminal or in cron's mail: masked.

    Parameters
    ----------
    issues : DataFrame
        :data:`ISSUE_COLUMNS`, as :meth:`IngestReport.issues` gives them.
    lang : {"zh", "en"}
        Language of the column headers and reasons.

    Returns
    -------
    DataFrame
        ``file``, ``sheet``, ``row``, ``column``, ``value``, ``reason``, ``detail`` of
        each rejection; the value masked by its column's kind (ID numbers
        ``410182********1234``, phones ``139****9000``, names ``张*``) and the detail
        scrubbed of ID and mobile numbers. The rejects file keeps the full values.
    """
    rejected = issues[issues["severity"] == REJECT]
    header = [
        TABLES[t].meta(c)["zh"] if lang == "zh" and c in TABLES[t].columns else c
        for t, c in zip(rejected["table"], rejected["column"])
    ]
    return pd.DataFrame(
        {
            "file": rejected["file"],
            "sheet": rejected["sheet"],
            "row": rejected["row"],
            "column": header,
            "value": [mask_value(c, v) for c, v in zip(rejected["column"], rejected["value"])],
            "reason": [reason(code, lang) for code in rejected["code"]],
            "detail": [scrub_text(d) for d in rejected["detail"]],
        }
    ).reset_index(drop=True)
