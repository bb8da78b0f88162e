"""The ``fangkong`` command line. Each subcommand is a thin call into the library."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from fangkong import registry


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _town(args):
    from fangkong.settings import get_settings
    from fangkong.town import load_town

    return load_town(args.town or get_settings().default_town)


class BadInput(Exception):
    """An argument the command cannot use: printed as one line, exit status 2."""


def _check_paths(paths, lang: str) -> None:
    """Raise :class:`BadInput` for the first path ingest cannot use."""
    from fangkong.catalogue import text
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
    from fangkong.catalogue import text
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


def cmd_demo(args) -> int:
    from fangkong.demo import run_demo

    return run_demo(days=args.days, scale=args.scale, seed=args.seed)


def cmd_run(args) -> int:
    from fangkong.delivery.runner import run_command

    return run_command(args)


def cmd_daily(args) -> int:
    from fangkong.delivery.daily import run_daily
    from fangkong.settings import get_settings

    towns = args.town or [get_settings().default_town]
    return run_daily(
        towns, args.date, send=not args.no_send, resend=args.resend, reports=args.report
    )


def cmd_send(args) -> int:
    from fangkong.delivery.daily import places, send_outbox, town_files
    from fangkong.settings import get_settings

    settings = get_settings()
    files = town_files(args.town or [settings.default_town])
    ok = True
    for path in files:
        from fangkong.town import load_town

        where = places(settings, load_town(path), args.date, several=len(files) > 1)
        ok &= send_outbox(where, settings)
        print(
            f"{where.day / 'outbox'}: {len(list((where.day / 'outbox').glob('*.eml')))} left; "
            f"{where.day / 'sent'}: {len(list((where.day / 'sent').glob('*.eml')))} sent"
        )
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


def cmd_bench(args) -> int:
    from fangkong.bench import bench_command

    return bench_command(args)


def _register(sub):
    p = sub.add_parser("ingest", help="validate village files and store the good rows")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files (.xlsx, .csv) or folders")
    p.add_argument("--date", type=_date, required=True, help="submission date, YYYY-MM-DD")
    p.add_argument("--town", help="town file (default: params/jiayu.yaml)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of reasons")
    p.add_argument("--show", type=int, default=20, help="how many rejections to print")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("templates", help="write one XLSX input template per table")
    p.add_argument("outdir")
    p.add_argument("--town", help="town file (villages for the drop-down lists)")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("sample", help="write sample village files for N days")
    p.add_argument("outdir")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--scale", type=int, default=1, help="1 = the demo town, 30 = a city")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--end", type=_date, default=dt.date(2020, 3, 10), help="last day")
    p.add_argument("--town", help="town file (default: params/jiayu.yaml)")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("missing", help="which village still owes which daily table")
    p.add_argument("--date", type=_date, required=True)
    p.add_argument("--town")
    p.set_defaults(func=cmd_missing)

    p = sub.add_parser("run", help="run report notebooks for a date into outputs/D/")
    p.add_argument("--date", required=True, help="report date D, YYYY-MM-DD")
    p.add_argument(
        "--report",
        action="append",
        choices=registry.names(),
        help="report to run (repeatable; default: every report)",
    )
    p.add_argument("--town", help="town file (default: params/jiayu.yaml)")
    p.add_argument(
        "--internal",
        action="store_true",
        help="also write an unmasked copy in outputs/D/internal/ (owner-only)",
    )
    p.add_argument("--outputs", help="outputs folder (default: outputs/)")
    p.add_argument(
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="notebook parameter for every report, e.g. lang=en",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("daily", help="the cron job: ingest the inbox, run the reports, email them")
    p.add_argument("--date", type=_date, help="report date (default: today in the town's zone)")
    p.add_argument(
        "--town",
        action="append",
        help="town file or folder of town files (repeatable; default: params/jiayu.yaml)",
    )
    p.add_argument(
        "--report",
        action="append",
        choices=registry.names(),
        help="only these reports (repeatable; default: every report)",
    )
    p.add_argument("--no-send", action="store_true", help="write the emails to the outbox only")
    p.add_argument("--resend", action="store_true", help="send again what was already sent")
    p.set_defaults(func=cmd_daily)

    p = sub.add_parser("send", help="send what is still in the outbox of a date")
    p.add_argument("--date", type=_date, required=True)
    p.add_argument("--town", action="append", help="town file or folder (repeatable)")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("bench", help="benchmarks into outputs/bench/ (results.md, results.json)")
    p.add_argument("--quick", action="store_true", help="a fast check of the harness only")
    p.add_argument("--repeats", type=int, help="runs per timed figure (default 3)")
    p.add_argument("--scale", type=int, help="city scale (default 30, about 2 million people)")
    p.add_argument("--days", type=int, help="days of city sample data (default 30)")
    p.add_argument(
        "--parts",
        nargs="+",
        choices=["floor", "ingest", "daily"],
        help="which benchmarks to run (default: all)",
    )
    p.add_argument("--outdir", help="results folder (default outputs/bench)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("db", help="the store's schema revision: status, upgrade")
    p.add_argument("action", choices=["status", "upgrade"])
    p.add_argument("--db", metavar="URL", help="store URL (default: FANGKONG_DB_URL)")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("demo", help="sample data, ingest day by day, reports for the last day")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_demo)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fangkong", description="Village ledgers in, daily epidemic reports out."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fangkong`` console script."""
    from fangkong.catalogue import text
    from fangkong.store.errors import StoreVersionError
    from fangkong.town import TownFileError

    args = _build_parser().parse_args(argv)
    lang = getattr(args, "lang", "zh")
    try:
        return int(args.func(args) or 0)
    except StoreVersionError as exc:  # a store this fangkong cannot use: one line
        print(f"fangkong: {exc}", file=sys.stderr)
        return 1
    except TownFileError as exc:  # YAML errors span lines: one line here
        error = " ".join(str(exc).split())
        print(
            f"fangkong {args.command}: {text('cli.bad_town', lang, error=error)}", file=sys.stderr
        )
        return 2
    except BadInput as exc:
        print(f"fangkong {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
