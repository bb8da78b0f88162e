"""Whether a report made earlier still stands: the fingerprint of its inputs.

A report of date D reads the store as its files of D and before made it, the
town file and its parameter file. When a report runs, the runner records the
fingerprint of those inputs in its manifest entry (``inputs``); a rerun of the
daily job compares it with the fingerprint now, and redoes every report whose
inputs changed: a file that came in late, a corrected file, a town file with a
new target. A report that reads other reports' sidecars takes their
fingerprints as its own inputs.

Every report reads the day's data quality (missing submissions, rejected rows)
across all tables, so a file of any table counts for every report.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fangkong import registry


def input_fingerprints(store, town_file, day, reports) -> dict[str, dict]:
    """The fingerprint of each report's inputs as they stand now.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town_file : path
    day : date-like
        The report date D: files submitted after D do not count.
    reports : iterable of str

    Returns
    -------
    dict
        report -> ``{"digest": str, "files": int}``: a SHA-256 over the file
        log up to D (each file's sha256, submission date and counts), the town
        file and the report's parameter file; and the number of files it
        covers, so that a rerun can say how many came in since.
    """
    from fangkong.delivery.outputs import iso_day
    from fangkong.settings import get_settings

    log = store.files()
    day = iso_day(day)
    submitted = log["submitted_on"].astype("string").str.slice(0, 10)
    log = log[submitted <= day]
    store_digest = hashlib.sha256()
    for row in log[["sha256", "submitted_on", "accepted", "rejected"]].itertuples(index=False):
        store_digest.update("|".join(map(str, row)).encode() + b"\n")
    town = _file_digest(Path(town_file))
    params_dir = get_settings().params_dir
    out: dict[str, dict] = {}
    for report in registry.run_order(list(reports)):
        digest = hashlib.sha256(store_digest.digest())
        digest.update(town.encode())
        digest.update(_file_digest(Path(params_dir) / f"{report}.yaml").encode())
        for other in registry.get(report).inputs:
            if other != registry.STORE:
                digest.update((out.get(other) or {}).get("digest", other).encode())
        out[report] = {"digest": digest.hexdigest(), "files": int(len(log))}
    return out


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


def changed_reports(manifest: dict, now: dict[str, dict], reports) -> dict[str, str]:
    """The reports to run again, each with why (in English, for the log).

    Parameters
    ----------
    manifest : dict
        The day's manifest.
    now : dict
        :func:`input_fingerprints` as they stand now.
    reports : iterable of str

    Returns
    -------
    dict
        report -> reason: not yet produced, failed, or its inputs changed
        (with the number of files that came in since, when known). Reports
        that still stand are left out.
    """
    entries = manifest.get("reports", {}) if isinstance(manifest, dict) else {}
    todo = {}
    for report in reports:
        entry = entries.get(report)
        if not entry:
            todo[report] = "not yet produced"
        elif entry.get("status") != "ok":
            todo[report] = "failed before"
        else:
            made = entry.get("inputs") or {}
            fresh = now.get(report) or {}
            if made.get("digest") != fresh.get("digest"):
                new = fresh.get("files", 0) - made.get("files", fresh.get("files", 0))
                todo[report] = (
                    f"its inputs changed since it was made ({new} file(s) came in)"
                    if new > 0
                    else "its inputs changed since it was made"
                )
    return todo
