"""The ``fangkong`` command line. Each subcommand is a thin call into the library."""

from __future__ import annotations

import argparse
import sys


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fangkong", description="Village ledgers in, daily epidemic reports out."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in _COMMANDS:
        register(sub)
    return parser


_COMMANDS: list = []


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fangkong`` console script."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
