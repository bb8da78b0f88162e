"""Lines of a ``.env`` file that python-dotenv and systemd's ``EnvironmentFile=`` read differently.

fangkong reads ``.env`` with python-dotenv; the same file is often handed to systemd,
whose parser (``src/basic/env-file.c``) differs: it keeps a ``#`` after a value in the
value, skips a line beginning with ``export``, and unescapes backslashes in its own
way. :func:`env_line_problem` reads a line both ways and says why they differ.
"""

from __future__ import annotations

import io
import logging
import re

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SHELL_NEED_ESCAPE = '"\\`$'


def systemd_reading(line: str) -> tuple[str, str] | None:
    """How systemd's ``EnvironmentFile=`` reads one line (its env-file parser).

    Parameters
    ----------
    line : str

    Returns
    -------
    tuple or None
        (name, value); None for a comment, a blank line, a line without ``=`` or
        an invalid name (``export NAME``), which systemd skips.
    """
    stripped = line.lstrip()
    if not stripped or stripped[0] in "#;":
        return None
    name, sep, rest = stripped.partition("=")
    name = name.rstrip()
    if not sep or not _ENV_NAME.match(name):
        return None
    value, state, kept = [], "pre", 0  # kept: length without trailing blanks
    chars = iter(rest)
    for c in chars:
        if state == "pre" and c in " \t":
            continue
        if state in ("pre", "value"):
            if state == "pre" and c in "'\"":  # quotes open only where a value starts
                state = "single" if c == "'" else "double"
            elif c == "\\":
                value.append(next(chars, ""))
                kept, state = len(value), "value"
            else:
                value.append(c)
                kept = len(value) if c not in " \t" else kept
                state = "value"
        elif state == "single":
            if c == "'":
                state, kept = "pre", len(value)
            else:
                value.append(c)
        elif c == '"':  # state == "double"
            state, kept = "pre", len(value)
        elif c == "\\":
            after = next(chars, "")
            value.append(after if after in _SHELL_NEED_ESCAPE else "\\" + after)
        else:
            value.append(c)
    if state in ("single", "double"):
        kept = len(value)
    return name, "".join(value[:kept])


def dotenv_reading(line: str) -> dict[str, str | None]:
    """How python-dotenv reads one line: {} when it cannot, {name: None} without ``=``."""
    from dotenv import dotenv_values

    logger = logging.getLogger("dotenv.main")
    level, logger.level = logger.level, logging.ERROR  # its "could not parse" warning
    try:
        return dict(dotenv_values(stream=io.StringIO(line), interpolate=False))
    finally:
        logger.level = level


def env_line_problem(line: str) -> tuple[str, str] | None:
    """(level, catalogue key) for a ``.env`` line read differently, else None."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    dotenv = dotenv_reading(line)
    if not dotenv:
        return "fail", "check.env_unreadable"
    if None in dotenv.values():
        return "warn", "check.env_no_equals"
    if re.match(r"export\s", stripped):
        return "warn", "check.env_export"
    if systemd_reading(line) == next(iter(dotenv.items())):
        return None
    if re.search(r"\s#", line):
        return "warn", "check.env_comment"
    if "\\" in line:
        return "warn", "check.env_backslash"
    if "'" in line or '"' in line:
        return "warn", "check.env_quotes"
    return "warn", "check.env_differs"
