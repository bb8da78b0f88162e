"""Plain-text tables and progress for the terminal and for cron's mail.

Progress (:func:`progress`, :class:`Steps`) shows in one of three ways:

- ``"bar"``: a tqdm bar on stderr, when stderr is a terminal;
- ``"lines"``: no bar and no carriage returns, one plain line every ~10 % and
  one at the end (``入库：120/3651 个文件``), for cron's mail and pipes;
- ``"off"``: nothing.

The library stays quiet unless asked: with nothing chosen, a terminal gets a bar,
and plain lines are written only when a handler is configured on the ``fangkong``
logger (the daily run configures one; the lines then go through the logger
``fangkong.progress`` into its log and its stderr). Otherwise (notebooks, tests,
library calls) nothing is shown. A command asks for lines off a terminal with
:func:`progress_mode` (``"auto"``); a person with ``FANGKONG_PROGRESS``
(``auto``, ``bar``, ``lines`` or ``off``), which wins over both.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd

from fangkong import catalogue


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(frame: pd.DataFrame, max_rows: int = 20, max_cell: int = 60) -> str:
    """Render a frame as an aligned text table that accounts for wide CJK glyphs.

    Parameters
    ----------
    frame : pandas.DataFrame
    max_rows : int
        Rows shown; a last line says how many were left out.
    max_cell : int
        Cells longer than this are cut with an ellipsis.

    Returns
    -------
    str
    """
    shown = frame.head(max_rows)

    def cell(v) -> str:
        text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
        return text if len(text) <= max_cell else text[: max_cell - 1] + "…"

    rows = [[str(c) for c in shown.columns]] + [
        [cell(v) for v in r] for r in shown.itertuples(index=False)
    ]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(shown.columns))]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]

    def line(r):
        parts = []
        for text, w, num in zip(r, widths, numeric):
            pad = " " * (w - _width(text))
            parts.append(pad + text if num else text + pad)
        return "  ".join(parts).rstrip()

    out = [line(rows[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in rows[1:]]
    if len(frame) > max_rows:
        out.append(f"... {len(frame) - max_rows} more")
    return "\n".join(out)


#: Ways of showing progress: ``auto`` is a bar on a terminal, plain lines elsewhere.
MODES = ("auto", "bar", "lines", "off")
#: The environment variable that chooses the mode for a whole process (e.g. in a crontab).
PROGRESS_ENV = "FANGKONG_PROGRESS"
#: Logger of the plain lines when fangkong's logging is configured (the daily run's).
progress_log = logging.getLogger("fangkong.progress")
#: Modes chosen by :func:`progress_mode`, innermost last.
_chosen: list[str] = []


@contextmanager
def progress_mode(mode: str = "auto"):
    """Choose how progress shows inside a ``with`` block (a command's whole run).

    Parameters
    ----------
    mode : {"auto", "bar", "lines", "off"}
        ``auto``: a bar on a terminal, plain lines otherwise (what a command
        run by cron wants). ``FANGKONG_PROGRESS`` in the environment wins.

    Yields
    ------
    None
    """
    if mode not in MODES:
        raise ValueError(f"progress mode {mode!r}; modes are {', '.join(MODES)}")
    _chosen.append(mode)
    try:
        yield
    finally:
        _chosen.pop()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _size(stream) -> dict:
    """80 x 24 for a terminal that says it has no size (tqdm would draw nothing there)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):  # no file descriptor, or no terminal
        return {}
    return {} if size.columns and size.lines else {"ncols": 80, "nrows": 24}


def _logging_configured() -> bool:
    """True when fangkong's own loggers (not the root's) have a handler for INFO lines."""
    logger = progress_log
    while logger is not None and logger is not logging.root:
        if logger.handlers:
            return progress_log.isEnabledFor(logging.INFO)
        if not logger.propagate:
            break
        logger = logger.parent
    return False


def resolve_mode(show=None, stream=None) -> str:
    """How progress shows here: ``"bar"``, ``"lines"`` or ``"off"``.

    Parameters
    ----------
    show : bool or {"auto", "bar", "lines", "off"}, optional
        An explicit choice (True is ``auto``, False ``off``). When None:
        ``FANGKONG_PROGRESS``, else :func:`progress_mode`'s choice, else the
        library's default (a bar on a terminal, lines only when fangkong's
        logging is configured, otherwise nothing).
    stream : file-like, optional
        Where a bar or lines go (default ``sys.stderr``).

    Returns
    -------
    str
    """
    if show is None:
        env = os.environ.get(PROGRESS_ENV, "").strip().lower()
        show = env if env in MODES else (_chosen[-1] if _chosen else None)
    show = {True: "auto", False: "off"}.get(show, show)
    if show not in (None, *MODES):
        raise ValueError(f"progress mode {show!r}; modes are {', '.join(MODES)}")
    if show in ("bar", "lines", "off"):
        return show
    if _isatty(sys.stderr if stream is None else stream):
        return "bar"
    return "lines" if show == "auto" or _logging_configured() else "off"


def _say(line: str, stream) -> None:
    """One plain line: to ``stream`` if given, else fangkong's log if configured, else stderr."""
    if stream is None and _logging_configured():
        progress_log.info("%s", line)
        return
    stream = sys.stderr if stream is None else stream
    stream.write(line + "\n")
    stream.flush()


def _label(kind: str, key: str, lang: str) -> str:
    """The catalogue's ``progress.<kind>.<key>`` label, else ``key`` itself."""
    name = f"progress.{kind}.{key}"
    return catalogue.text(name, lang) if name in catalogue.REPORT_LABELS else key


def progress(
    iterable: Iterable,
    total: int | None = None,
    *,
    desc: str,
    unit: str = "items",
    lang: str = catalogue.DEFAULT_LANG,
    show=None,
    stream=None,
    every: int | None = None,
) -> Iterator:
    """Iterate while showing progress: a bar on a terminal, plain lines for cron.

    Parameters
    ----------
    iterable : iterable
    total : int, optional
        Number of items; default ``len(iterable)`` when it has one.
    desc : str
        What is done: a key of the catalogue's ``progress.task.*`` labels
        (``"ingest"``, ``"sample"``, ``"bench.floor"``...) or text as is.
    unit : str
        A key of ``progress.unit.*`` (``"files"``, ``"days"``, ``"runs"``) or text.
    lang : {"zh", "en"}
    show : bool or {"auto", "bar", "lines", "off"}, optional
        See :func:`resolve_mode`; None leaves the choice to the environment,
        :func:`progress_mode` and the library's quiet default.
    stream : file-like, optional
        Where the bar or lines go (default: stderr, or fangkong's log for lines
        when it is configured).
    every : int, optional
        Items between plain lines; default a tenth of ``total`` (100 without one).

    Yields
    ------
    object
        The items of ``iterable``, unchanged.
    """
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    mode = resolve_mode(show, stream)
    task, units = _label("task", desc, lang), _label("unit", unit, lang)
    if mode == "off":
        yield from iterable
        return
    if mode == "bar":
        from tqdm import tqdm  # only when a bar is drawn

        out = sys.stderr if stream is None else stream
        # leave=None: a bar inside another (a day's ingest in a bench) goes when done.
        bar = tqdm(iterable, total=total, desc=task, unit=units, file=out, leave=None, **_size(out))
        with bar:
            yield from bar
        return
    every = max(1, every or (math.ceil(total / 10) if total else 100))
    started, done, said = time.monotonic(), 0, -1

    def line() -> str:
        if total is None:
            return catalogue.text("progress.line_open", lang, task=task, done=done, unit=units)
        return catalogue.text("progress.line", lang, task=task, done=done, total=total, unit=units)

    try:
        for item in iterable:
            yield item
            done += 1
            if done % every == 0 and done != total:
                _say(line(), stream)
                said = done
    finally:  # the last line, also when the loop stops early
        if said != done:
            seconds = f"{time.monotonic() - started:.1f}"
            _say(catalogue.text("progress.took", lang, line=line(), seconds=seconds), stream)


class Steps:
    """Numbered steps of a run, one line each: ``[2/4] 生成报告``.

    Parameters
    ----------
    total : int
        Number of steps.
    log : logging.Logger, optional
        Log each step here at INFO (the daily run's log); without one, a line as
        :func:`progress` writes its plain lines (and on a terminal too).
    lang : {"zh", "en"}
    show : bool or {"auto", "bar", "lines", "off"}, optional
        As for :func:`progress`; only used without ``log``.
    stream : file-like, optional
        As for :func:`progress`; only used without ``log``.

    Examples
    --------
    >>> step = Steps(3, lang="en", show="lines", stream=sys.stdout)
    >>> step("ingest")
    [1/3] ingest the inbox
    '[1/3] ingest the inbox'
    """

    def __init__(
        self,
        total: int,
        *,
        log: logging.Logger | None = None,
        lang: str = catalogue.DEFAULT_LANG,
        show=None,
        stream=None,
    ):
        self.total, self.done = total, 0
        self.log, self.lang, self.show, self.stream = log, lang, show, stream

    def __call__(self, step: str) -> str:
        """Start the next step.

        Parameters
        ----------
        step : str
            A key of the catalogue's ``progress.step.*`` labels (``"ingest"``,
            ``"reports"``, ``"emails"``, ``"send"``) or text as is.

        Returns
        -------
        str
            The line, e.g. ``"[2/4] reports"``.
        """
        self.done += 1
        line = f"[{self.done}/{self.total}] {_label('step', step, self.lang)}"
        if self.log is not None:
            self.log.info("%s", line)
        elif resolve_mode(self.show, self.stream) != "off":
            _say(line, self.stream)
        return line
