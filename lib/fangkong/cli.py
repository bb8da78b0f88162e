"""The ``fangkong`` command line. Each subcommand is a thin call into the library.

What goes wrong for a reason the user can fix (a bad date or setting, a town file,
a folder that cannot be written) is one line on stderr and a non-zero exit status,
never a traceback; the lines come from the catalogue, in Chinese unless ``--lang en``.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from fangkong.catalogue import text
from fangkong.cli_parser import build_parser, lang_of

#: errno -> catalogue key of the reason; the first set is said as "cannot write".
_WRITE_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_REASONS = {
    errno.EACCES: "cli.errno.denied",
    errno.EPERM: "cli.errno.denied",
    errno.EROFS: "cli.errno.read_only",
    errno.ENOSPC: "cli.errno.full",
    errno.EDQUOT: "cli.errno.full",
    errno.EFBIG: "cli.errno.too_big",
    errno.ENOTDIR: "cli.errno.not_dir",
    errno.EEXIST: "cli.errno.exists",
    errno.EISDIR: "cli.errno.is_dir",
    errno.ENOENT: "cli.errno.not_found",
}


def _town(args):
    from fangkong.settings import get_settings
    from fangkong.town import load_town

    return load_town(args.town or get_settings().default_town)


class BadInput(Exception):
    """An argument the command cannot use: printed as one line, exit status 2."""


def _check_paths(paths, lang: str) -> None:
    """Raise :class:`BadInput` for the first path ingest cannot use."""
    from fangkong.ingest.files import SUFFIXES, expand

    for path in map(Path, paths):
        if not path.exists():
            raise BadInput(text("cli.no_such_path", lang, path=path))
        if path.is_dir():
            if not expand([path]):
                raise BadInput(text("cli.no_tables", lang, path=path, suffixes=", ".join(SUFFIXES)))
        elif not path.is_file():  # a pipe or a device: reading it may never end
            raise BadInput(text("cli.not_a_file", lang, path=path))


def cmd_ingest(args) -> int:
    from fangkong.console import table
    from fangkong.ingest.batch import ingest_paths
    from fangkong.ingest.rejects import printed_rejections
    from fangkong.masking import scrub_text
    from fangkong.settings import get_settings
    from fangkong.store.database import open_store

    _check_paths(args.paths, args.lang)
    town = _town(args)
    settings = get_settings()
    store = open_store(upgrade=True)
    if store.revisions.upgraded or store.revisions.stamped:
        print(store.revisions.describe())
    report = ingest_paths(
        args.paths,
        store=store,
        town=town,
        submitted_on=args.date,
        rejects_dir=settings.rejects_dir,
        lang=args.lang,
    )
    summary = report.summary()
    print(table(summary.drop(columns=["error"]), max_rows=1000))
    for f in report.files:
        if f.status == "unchanged":
            print(f"{f.path.name}: already ingested (same sha256), nothing changed")
        elif f.status == "unreadable":
            error = scrub_text(f.error)
            print(text("cli.not_read", args.lang, path=f.path, error=error), file=sys.stderr)
        elif f.status == "skipped":  # fangkong's own outputs
            print(f"{f.path}: skipped, {f.error}")
        elif f.rejects_path:
            print(f"{f.path.name}: {f.rejected} row(s) rejected -> {f.rejects_path}")
    rejected = printed_rejections(report.issues(), args.lang)  # masked: IDs, phones, names
    if len(rejected):
        print(f"\nFirst rejections ({len(rejected)} in all):")
        print(table(rejected, max_rows=args.show))
    totals = summary[["rows_in", "accepted", "rejected", "warnings"]].sum()
    unread = int((summary.status == "unreadable").sum())
    print(
        f"\nTotal: {totals.rows_in} rows in = {totals.accepted} accepted"
        f" + {totals.rejected} rejected; {totals.warnings} warning(s); {unread} file(s) not read"
    )
    return report.exit_code


def cmd_templates(args) -> int:
    from fangkong.ingest.templates import write_templates

    town = _town(args)
    for path in write_templates(Path(args.outdir), town=town):
        print(path)
    return 0


def cmd_sample(args) -> int:
    from fangkong.sample import write_sample

    manifest = write_sample(
        Path(args.outdir),
        town=_town(args),
        days=args.days,
        scale=args.scale,
        seed=args.seed,
        end=args.end,
    )
    print(f"sample data written to {args.outdir}: {manifest}")
    return 0


def cmd_missing(args) -> int:
    from fangkong.console import table
    from fangkong.store.database import open_store
    from fangkong.store.submissions import missing_submissions

    missing = missing_submissions(open_store(), _town(args), args.date)
    print(
        table(missing, max_rows=10000)
        if len(missing)
        else f"every village submitted every table on {args.date}"
    )
    return 0


def cmd_alerts(args) -> int:
    from fangkong.reports.followup import recorded_counts
    from fangkong.store.database import open_store

    store = open_store()
    try:
        lines = recorded_counts(store, _town(args), args.date, args.days, args.lang)
    finally:
        store.close()
    print("\n".join(lines))
    return 0


def cmd_demo(args) -> int:
    from fangkong.demo import run_demo

    return run_demo(days=args.days, scale=args.scale, seed=args.seed)


def cmd_run(args) -> int:
    from fangkong.delivery.runner import run_command

    return run_command(args)


def cmd_daily(args) -> int:
    from fangkong.delivery.check import probe_folder
    from fangkong.delivery.daily import run_daily
    from fangkong.settings import get_settings

    settings = get_settings()
    # A folder it cannot write would fail every town inside run_daily (logged with a
    # traceback): said once, in one line, before anything runs.
    for folder in (settings.outputs_dir, settings.data_dir):
        probe_folder(folder)
    towns = args.town or [settings.default_town]
    return run_daily(
        towns, args.date, send=not args.no_send, resend=args.resend, reports=args.report
    )


def cmd_send(args) -> int:
    from fangkong.delivery.daily import places, town_files
    from fangkong.delivery.emails import send_outbox
    from fangkong.delivery.outbox import Outbox
    from fangkong.settings import get_settings
    from fangkong.town import load_town

    settings = get_settings()
    files = town_files(args.town or [settings.default_town])
    ok = True
    for path in files:
        town = load_town(path)
        where = places(settings, town, args.date, several=len(files) > 1)
        ok &= send_outbox(town, args.date, where.day, settings, lang=args.lang)
        box = Outbox(where.day)
        counts = {
            "left": len(box.pending()),
            "sent": len(box.sent_names()),
            "refused": len(list(box.refused.glob("*.eml"))),
        }
        print(text("cli.send_counts", args.lang, folder=where.day, **counts))
    return 0 if ok else 1


def cmd_db(args) -> int:
    from fangkong.settings import get_settings

    url = args.db or get_settings().db_url
    if args.action == "upgrade":
        from fangkong.store.database import open_store

        store = open_store(url, upgrade=True)
        store.close()
        print(store.revisions.describe())
        return 0
    from fangkong.store.versioning import status

    found = status(url)
    print(f"store: {found['url']}\nrevision: {found['current'] or 'none'}")
    print(f"head: {found['head']}\nstate: {found['state']}")
    return 0 if found["ready"] else 1


def cmd_check(args) -> int:
    from fangkong.delivery.check import check_command

    return check_command(args)


def cmd_bench(args) -> int:
    from fangkong.bench import bench_command

    return bench_command(args)


#: Subcommand -> the function that runs it.
COMMANDS = {
    "ingest": cmd_ingest,
    "templates": cmd_templates,
    "sample": cmd_sample,
    "missing": cmd_missing,
    "alerts": cmd_alerts,
    "run": cmd_run,
    "daily": cmd_daily,
    "send": cmd_send,
    "check": cmd_check,
    "bench": cmd_bench,
    "db": cmd_db,
    "demo": cmd_demo,
}
_build_parser = build_parser  # the name tests/test_packaging.py imports


def _os_error(exc: OSError, lang: str) -> str:
    """One line for an OSError naming a file: which file, and why, in ``lang``."""
    from fangkong.masking import scrub_text

    key = _REASONS.get(exc.errno)
    reason = text(key, lang) if key else (exc.strerror or type(exc).__name__)
    verb = "cli.cannot_write" if exc.errno in _WRITE_ERRNOS else "cli.cannot_use"
    return text(verb, lang, path=scrub_text(str(exc.filename)), reason=reason)


def _is_driver(exc: ModuleNotFoundError) -> bool:
    """Whether a missing module is a database driver (psycopg, ...), not fangkong's own."""
    return (exc.name or "").split(".")[0] in ("psycopg", "psycopg2", "pymysql", "oracledb")


def _store_error(exc: Exception) -> str:
    """The first line of a store error, its secrets blanked (a URL can hold a password)."""
    from fangkong.delivery.failures import redact_secrets, secret_values
    from fangkong.settings import SettingsError, get_settings

    try:
        secrets = secret_values(get_settings())
    except SettingsError:
        secrets = secret_values()
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return redact_secrets(line, secrets)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fangkong`` console script and of ``python -m fangkong``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 when all went well, 1 when something failed, 2 for bad
        input (an argument, a setting, a town file).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from fangkong.console import progress_mode
    from fangkong.settings import SettingsError, get_settings
    from fangkong.store.errors import StoreVersionError
    from fangkong.town import TownFileError

    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(lang_of(argv)).parse_args(argv)
    lang, where = args.lang, f"fangkong {args.command}"
    try:
        if args.command != "check":  # check says what is wrong with each setting
            get_settings()  # a bad setting: one line, before anything runs
        with progress_mode():  # a bar on a terminal, plain lines under cron
            return int(COMMANDS[args.command](args) or 0)
    except SettingsError as exc:
        print(f"{where}: {exc.describe(lang)}", file=sys.stderr)
        return 2
    except StoreVersionError as exc:  # a store this fangkong cannot use: one line
        print(f"fangkong: {exc}", file=sys.stderr)
        return 1
    except TownFileError as exc:  # YAML errors span lines: one line here
        error = " ".join(str(exc).split())
        print(f"{where}: {text('cli.bad_town', lang, error=error)}", file=sys.stderr)
        return 2
    except BadInput as exc:
        print(f"{where}: {exc}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, ModuleNotFoundError) as exc:  # a store it cannot open
        if isinstance(exc, ModuleNotFoundError) and not _is_driver(exc):
            raise
        print(f"{where}: {text('cli.bad_store', lang, error=_store_error(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder it cannot write, a full disk: the file and why
        if exc.filename is None:
            raise
        print(f"{where}: {_os_error(exc, lang)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
