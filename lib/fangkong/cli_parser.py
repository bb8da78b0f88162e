"""The arguments of the ``fangkong`` command: subcommands, options and their help.

Every option's help shows its default; argparse's own errors (a date that is not
one, an unknown option) are one line in the language of ``--lang``, which is
accepted before or after the subcommand.
"""

from __future__ import annotations

import argparse
import datetime as dt

from fangkong import __version__, registry
from fangkong.catalogue import LANGS, text


def date_type(lang: str):
    """The type of a ``--date`` option: a ``datetime.date`` from YYYY-MM-DD."""

    def date(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli.bad_date", lang, text=repr(value))) from None

    return date


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``fangkong run: <what>; see --help``."""

    lang = "zh"

    def error(self, message):
        usage = text("cli.usage", self.lang, prog=self.prog)
        self.exit(2, f"{self.prog}: {message}{usage}\n")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows an option's default unless its help says it or it has none (None, False)."""

    def _get_help_string(self, action):
        words = action.help or ""
        none = action.default is None or action.default is False  # 0 is a default
        if "default" in words or none or not action.option_strings:
            return words
        return super()._get_help_string(action)


def _register(sub, lang: str) -> None:
    """The subcommands and their options."""
    date = date_type(lang)
    town_help = "town file (default: params/jiayu.yaml)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,  # not given here: the main parser's --lang stands
        help="language of messages (default: zh)",
    )

    def add(name: str, **kwargs) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=[common], formatter_class=_HelpFormatter, **kwargs)
        parser.lang = lang
        return parser

    p = add("ingest", help="validate village files and store the good rows")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files (.xlsx, .csv) or folders")
    p.add_argument("--date", type=date, required=True, help="submission date, YYYY-MM-DD")
    p.add_argument("--town", help=town_help)
    p.add_argument("--show", type=int, default=20, help="how many rejections to print")

    p = add("templates", help="write one XLSX input template per table")
    p.add_argument("outdir")
    p.add_argument("--town", help="town file for the drop-down lists (default: params/jiayu.yaml)")

    p = add("sample", help="write sample village files for N days")
    p.add_argument("outdir")
    p.add_argument("--days", type=int, default=30, help="days of data")
    p.add_argument("--scale", type=int, default=1, help="1 = the demo town, 30 = a city")
    p.add_argument("--seed", type=int, default=0, help="random seed")
    p.add_argument("--end", type=date, default=dt.date(2020, 3, 10), help="last day")
    p.add_argument("--town", help=town_help)

    p = add("missing", help="which village still owes which daily table")
    p.add_argument("--date", type=date, required=True, help="submission date, YYYY-MM-DD")
    p.add_argument("--town", help=town_help)

    p = add("alerts", help="follow-up of alerts as recorded: new, carried over, closed, 督办")
    p.add_argument("--date", type=date, required=True, help="last report date, YYYY-MM-DD")
    p.add_argument("--days", type=int, default=3, help="how many days up to --date")
    p.add_argument("--town", help=town_help)

    p = add("run", help="run report notebooks for a date into outputs/D/")
    p.add_argument("--date", type=date, required=True, help="report date D, YYYY-MM-DD")
    p.add_argument(
        "--report",
        action="append",
        choices=registry.names(),
        help="report to run (repeatable; default: every report)",
    )
    p.add_argument("--town", help=town_help)
    p.add_argument(
        "--internal",
        action="store_true",
        help="also write an unmasked copy in outputs/D/internal/ (owner-only)",
    )
    p.add_argument("--outputs", help="outputs folder (default: FANGKONG_OUTPUTS_DIR or outputs/)")
    p.add_argument(
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="notebook parameter for every report, e.g. lang=en (default: params/<report>.yaml)",
    )

    p = add("daily", help="the cron job: ingest the inbox, run the reports, email them")
    p.add_argument("--date", type=date, help="report date (default: today in the town's zone)")
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

    p = add("send", help="send what is still in the outbox of a date")
    p.add_argument("--date", type=date, required=True, help="report date, YYYY-MM-DD")
    p.add_argument(
        "--town",
        action="append",
        help="town file or folder (repeatable; default: params/jiayu.yaml)",
    )

    p = add("check", help="check settings, town files, store, mail login, font, notebooks, .env")

    p = add("bench", help="benchmarks into outputs/bench/ (results.md, results.json)")
    p.add_argument("--quick", action="store_true", help="a fast check of the harness only")
    p.add_argument("--repeats", type=int, help="runs per timed figure (default: 3)")
    p.add_argument("--scale", type=int, help="city scale (default: 30, about 2 million people)")
    p.add_argument("--days", type=int, help="days of city sample data (default: 30)")
    p.add_argument(
        "--parts",
        nargs="+",
        choices=["floor", "ingest", "daily"],
        help="which benchmarks to run (default: all)",
    )
    p.add_argument("--outdir", help="results folder (default: outputs/bench)")

    p = add("db", help="the store's schema revision: status, upgrade")
    p.add_argument("action", choices=["status", "upgrade"])
    p.add_argument("--db", metavar="URL", help="store URL (default: FANGKONG_DB_URL)")

    p = add("demo", help="sample data, ingest day by day, reports for the last day")
    p.add_argument("--days", type=int, default=30, help="days of sample data")
    p.add_argument("--scale", type=int, default=1, help="1 = the demo town, 30 = a city")
    p.add_argument("--seed", type=int, default=0, help="random seed")


def lang_of(argv: list[str]) -> str:
    """The ``--lang`` of a command line before it is parsed (for argparse's own errors)."""
    lang = "zh"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        value = arg.partition("=")[2] if arg.startswith("--lang=") else value
        lang = value if value in LANGS else lang
    return lang


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The ``fangkong`` argument parser.

    Parameters
    ----------
    lang : {"zh", "en"}
        The language of argparse's own errors (a bad ``--date``), one line each.

    Returns
    -------
    argparse.ArgumentParser
        ``command`` names the subcommand; ``lang`` is set whether ``--lang`` came
        before or after it.
    """
    parser = _Parser(
        prog="fangkong",
        description="Village ledgers in, daily epidemic reports out.",
        formatter_class=_HelpFormatter,
    )
    parser.lang = lang
    parser.add_argument("--version", action="version", version=f"fangkong {__version__}")
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of messages, before or after the command (default: zh)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _register(sub, lang)
    return parser
