"""Compare the reports two commits make from the same sample data, byte for byte.

Usage
-----
    python tests/compare_commits.py OLD_REV NEW_REV [--dates D ...] [--days N]
                                    [--workdir DIR] [--keep] [--strict-sidecar]

Each revision is checked out with ``git worktree add --detach`` under the work
folder and run with the repository's ``.venv`` (built with ``make setup`` when
absent), ``PYTHONPATH=<worktree>/lib`` and ``FANGKONG_HOME``, ``FANGKONG_DATA_DIR``,
``FANGKONG_OUTPUTS_DIR`` and ``FANGKONG_DB_URL`` of its own. Everything goes
through the revision's command line (``fangkong.cli.main``): ``demo --days N``
(templates, seeded sample data to 2020-03-10, ingest day by day; N=20 by
default), then ``run --date D`` for every date (default 2020-03-05 2020-03-10).
Before that, it checks that both the interpreter and a papermill kernel import
``fangkong`` from the worktree. Worktrees are removed at the end, and the work
folder too when it was a temporary one, unless ``--keep``.

Compared, per date: the output file names; per report, the HTML with only the
"generated at" time of the header masked, the PNG chart, and the JSON sidecar
as a list of JSON paths added, removed or changed (``$.generated_at`` ignored).

Returns
-------
Exit status 0 when every HTML and PNG is identical and the file lists match
(sidecar differences are reported, and count only with ``--strict-sidecar``);
1 otherwise, or when a revision failed to build its data or reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
DATES = [dt.date(2020, 3, 5), dt.date(2020, 3, 10)]
CLI = "import sys; from fangkong.cli import main; sys.exit(main())"
# The header fact written by report.header_section: label (catalogue key
# header.generated_at, zh or en), a space, then the time as %Y-%m-%d %H:%M.
GENERATED_AT = re.compile(
    r'(<span class="fk-key">(?:生成时间|Generated at)</span> )'
    r"\d{4}-\d\d-\d\d \d\d:\d\d(</span>)".encode()
)
# Which fangkong do this interpreter and a papermill kernel started by it import?
PROBE = """import fangkong, nbformat, papermill
cell = nbformat.v4.new_code_cell("import fangkong; print(fangkong.__file__)")
nb = nbformat.v4.new_notebook(cells=[cell])
nb = papermill.execute_notebook(nb, None, kernel_name="python3", progress_bar=False)
print(fangkong.__file__); print(nb.cells[0].outputs[0].text, end="")"""


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def remove_worktree(src: Path) -> None:
    """Remove a worktree of ours, if there is one, and forget it."""
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "remove", "--force", str(src)], capture_output=True
    )
    git("worktree", "prune")


def ensure_venv(wait: float = 1200) -> None:
    """Build .venv with ``make setup`` if absent; wait for a build under way."""
    if not PYTHON.exists():
        subprocess.run(["make", "setup"], cwd=REPO, check=True)
    deadline = time.monotonic() + wait
    # make setup writes .venv/.installed-<hash> once pip is done.
    while not list((REPO / ".venv").glob(".installed-*")):
        if time.monotonic() > deadline:
            subprocess.run(["make", "setup"], cwd=REPO, check=True)
            break
        print("waiting for .venv to be built ...", flush=True)
        time.sleep(15)


def run(cmd: list[str], env: dict, log: Path, cwd: Path) -> str:
    """Run a command, its output to a log file; exit with the log's tail if it fails."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}\n")
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        sys.exit(f"FAILED ({proc.returncode}): {' '.join(cmd)}\n{tail}\nlog: {log}")
    return proc.stdout


def build(label: str, rev: str, workdir: Path, dates: list[str], days: int) -> Path:
    """Check out ``rev``, make its sample store and its reports; return its outputs."""
    base = workdir / label
    src, out = base / "src", base / "outputs"
    if base.exists():  # left by an earlier --keep run
        remove_worktree(src)
        shutil.rmtree(base)
    base.mkdir(parents=True)
    git("worktree", "add", "--detach", str(src), rev)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANGKONG_")}
    env |= {
        "PYTHONPATH": str(src / "lib"),
        "FANGKONG_HOME": str(src),
        "FANGKONG_DATA_DIR": str(base / "data"),
        "FANGKONG_DB_URL": f"sqlite:///{(base / 'data' / 'fangkong.db').as_posix()}",
    }
    log = base / "log.txt"
    # The worktree's fangkong must win over the .venv's editable install of /work/main/lib,
    # in this interpreter and in the kernels papermill starts (they inherit the environment).
    paths = run([str(PYTHON), "-c", PROBE], env, log, base).splitlines()
    for who, path in zip(("python", "kernel"), paths + ["(nothing)"] * 2):
        if not Path(path).resolve().is_relative_to(src.resolve()):
            sys.exit(f"{label}: the {who} imports fangkong from {path}, not from {src}")
    print(f"{label} {rev[:10]}: python and kernel import {paths[1]}", flush=True)
    # Templates, sample and ingest; the demo's own daily run goes to a folder not compared.
    clock = time.perf_counter()
    demo_env = env | {"FANGKONG_OUTPUTS_DIR": str(base / "demo-outputs")}
    run([str(PYTHON), "-c", CLI, "demo", "--days", str(days)], demo_env, log, base)
    print(f"{label}: demo data ({days} days) in {time.perf_counter() - clock:.0f} s", flush=True)
    for day in dates:
        clock = time.perf_counter()
        run(
            [str(PYTHON), "-c", CLI, "run", "--date", day],
            env | {"FANGKONG_OUTPUTS_DIR": str(out)},
            log,
            base,
        )
        print(f"{label}: reports of {day} in {time.perf_counter() - clock:.0f} s", flush=True)
    return out


def flatten(value, path: str = "$") -> dict[str, object]:
    """JSON path -> leaf value (empty dicts and lists are leaves)."""
    if isinstance(value, dict) and value:
        items = [(f"{path}.{k}", item) for k, item in value.items()]
    elif isinstance(value, list) and value:
        items = [(f"{path}[{i}]", item) for i, item in enumerate(value)]
    else:
        return {path: value}
    return {p: v for sub, item in items for p, v in flatten(item, sub).items()}


#: Zone words of version 1's alert items, as the codes version 2 carries.
_V1_ZONE_WORDS = {
    "合计": "total",
    "Total": "total",
    "未归属战区": "unassigned",
    "No war zone": "unassigned",
}


def as_version_2(sidecar: dict) -> dict:
    """A version-1 sidecar in version 2's shape, changing no value.

    Version 2 (issue 12) moved the quarantine report's ``rates`` and ``by_reason``
    under ``extra``, made ``zones`` a list of records everywhere, put zone codes
    in every alert item and added ``figures`` to the quarantine sidecar.
    """
    if sidecar.get("sidecar_version") != 1:
        return sidecar
    out = dict(sidecar, sidecar_version=2)
    out["extra"] = {k: out.pop(k) for k in ("rates", "by_reason") if k in out}
    if isinstance(out.get("zones"), dict):
        out["zones"] = [{"zone": zone} | row for zone, row in out["zones"].items()]
    out["alert_items"] = [
        dict(item, zone=_V1_ZONE_WORDS.get(item.get("zone"), item.get("zone")))
        for item in out.get("alert_items", [])
    ]
    return out


def sidecar_diff(old: Path, new: Path) -> list[str]:
    """Paths added (+), removed (-) or changed (~) from the old sidecar to the new.

    A version-1 sidecar is first put in version 2's shape (:func:`as_version_2`)
    when the new one is version 2, so that only differences of content remain.
    """
    if not (old.exists() and new.exists()):
        return [] if old.exists() == new.exists() else [f"{'+' if new.exists() else '-'}$ (file)"]
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (old, new))
    if b.get("sidecar_version") == 2:
        a = as_version_2(a)
    # The email lists the headline and the alerts in their keys' order.
    order = [
        f"order $.{key}"
        for key in ("headline", "alerts")
        if isinstance(a.get(key), dict) and list(a[key]) != list(b.get(key) or {})
    ]
    a, b = flatten(a), flatten(b)
    for flat in (a, b):
        flat.pop("$.generated_at", None)
    return (
        [f"-{p}" for p in a if p not in b]
        + [f"+{p}" for p in b if p not in a]
        + [f"~{p}" for p in a if p in b and a[p] != b[p]]
        + order
    )


def same_bytes(old: Path, new: Path, mask: bool = False) -> str:
    """'yes', 'NO', 'absent' (in both), or 'MISSING in old/new'."""
    if not (old.exists() and new.exists()):
        if old.exists() == new.exists():
            return "absent"
        return "MISSING in new" if old.exists() else "MISSING in old"
    a, b = old.read_bytes(), new.read_bytes()
    if mask:
        (a, n_a), (b, n_b) = (GENERATED_AT.subn(rb"\1<masked>\2", x) for x in (a, b))
        if (n_a, n_b) != (1, 1):
            print(f"  note: {old.name}: generated-at masked {n_a}x (old), {n_b}x (new)")
    return "yes" if a == b else "NO"


def compare(old_out: Path, new_out: Path, dates: list[str], strict_sidecar: bool) -> bool:
    """Print the table of differences; True when the outputs are the same."""
    ok = True
    rows = [("date", "report", "html", "png", "sidecar differences")]
    for day in dates:
        names = [
            sorted(str(p.relative_to(o / day)) for p in (o / day).rglob("*") if p.is_file())
            for o in (old_out, new_out)
        ]
        if names[0] != names[1]:
            ok = False
            print(
                f"{day}: file lists differ: only in old {sorted(set(names[0]) - set(names[1]))},"
                f" only in new {sorted(set(names[1]) - set(names[0]))}"
            )
        reports = sorted({Path(n).stem for n in names[0] + names[1]} - {"manifest"})
        for report in reports:
            paths = [
                tuple(o / day / f"{report}{ext}" for o in (old_out, new_out))
                for ext in (".html", ".png", ".json")
            ]
            html, png = same_bytes(*paths[0], mask=True), same_bytes(*paths[1])
            diffs = sidecar_diff(*paths[2])
            ok &= html == "yes" and png in ("yes", "absent") and not (strict_sidecar and diffs)
            shown = f"{len(diffs)}" + (f": {', '.join(diffs[:4])}" if diffs else "")
            rows.append((day, report, html, png, shown + (" ..." if len(diffs) > 4 else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[4])
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_rev")
    parser.add_argument("new_rev")
    parser.add_argument("--dates", nargs="+", type=dt.date.fromisoformat, default=DATES)
    # 20 days, from 2020-02-20: the 14-day trend window of 2020-03-05, and the day before.
    parser.add_argument("--days", type=int, default=20, help="days of sample data to 2020-03-10")
    parser.add_argument("--workdir", help="work folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep worktrees and work folder")
    parser.add_argument(
        "--strict-sidecar", action="store_true", help="sidecar differences make the comparison fail"
    )
    args = parser.parse_args()
    dates = [day.isoformat() for day in args.dates]
    started = time.perf_counter()
    revs = [git("rev-parse", "--verify", f"{r}^{{commit}}") for r in (args.old_rev, args.new_rev)]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fangkong-compare-")).resolve()
    print(f"old {args.old_rev} = {revs[0]}\nnew {args.new_rev} = {revs[1]}\nwork folder {workdir}")
    ensure_venv()
    try:
        outs = [
            build(label, rev, workdir, dates, args.days) for label, rev in zip(("old", "new"), revs)
        ]
        print()
        ok = compare(*outs, dates, args.strict_sidecar)
    finally:
        if not args.keep:
            for label in ("old", "new"):
                remove_worktree(workdir / label / "src")
            if not args.workdir:
                shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{'IDENTICAL' if ok else 'DIFFERENT'} ({time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
