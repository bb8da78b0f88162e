"""The shared base of every report: a report declares, the base does the rest.

A report class (``reports/<name>/report.py``) declares its registry name, its
loader, its headline cards, its alert kinds and columns, its sections in the
notebook's order, and implements what only it knows: :meth:`Report.compute`
(its figures of D and their change against D-1), its sentences of the day's
paragraph (:mod:`fangkong.reports.day_paragraph`), the alert list (each alert
with its subject), the trend, its own sections and the sidecar's zones, trend
and extras. The base builds the context and the data-quality figures, and
gives the header, headline, alert, follow-up, data-quality and sidecar
sections, the masking of what is shown, and ``from_store``: the notebook's one
setup call, which also records the day's alerts in the store's history.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ClassVar

import pandas as pd

from fangkong import registry
from fangkong.masking import mask_frame
from fangkong.reports import followup as fu
from fangkong.reports.alert_list import AlertList
from fangkong.reports.context import Context
from fangkong.reports.day_paragraph import DayParagraph
from fangkong.reports.followup_section import (
    followup_record,
    followup_section,
)
from fangkong.reports.headline import headline_section
from fangkong.reports.html import Section, paragraph
from fangkong.reports.paragraph import Paragraph
from fangkong.reports.sections import data_quality, data_quality_section, header_section, zone_label
from fangkong.reports.sidecar import Sidecar, sidecar

#: Column headers every report shares; the others are ``<labels>.col.<name>``.
SHARED_COLUMNS = {"zone": "col.zone", "village": "col.village"}


def computed_once(method):
    """Compute a report's frame once and hand out copies.

    The sidecar cell repeats what earlier cells computed (the trend, the alert
    list); computing them again cost a second or more per report at town size.

    Parameters
    ----------
    method : callable
        A method of a report without arguments that returns a DataFrame.

    Returns
    -------
    callable
    """
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self):
        cache = self.__dict__.setdefault("_computed", {})
        if name not in cache:
            cache[name] = method(self)
        return cache[name].copy()

    return wrapper


class Report(AlertList, DayParagraph):
    """Base of a report class.

    Parameters
    ----------
    data : fangkong.reports.data.ReportData
        Of the report's own data class, as its :attr:`load` reads it.
    lang : {"zh", "en"}
    mask_pii : bool
        Mask names, ID numbers and phones (default). False only for the
        internal copy that stays on the local machine.
    generated_at : datetime, optional
        Default: now (the generation time, never the report date).
    """

    #: The report's name in :mod:`fangkong.registry`.
    name: ClassVar[str]
    #: ``load(store, town, day, trend_days)``: the report's data of a day.
    load: ClassVar[Callable]
    #: Headline cards, in display order, and those shown in red when above zero.
    headline_cards: ClassVar[tuple[str, ...]]
    alert_figures: ClassVar[tuple[str, ...]] = ()
    #: Headline cards of rates and quantities, by format
    #: (:data:`fangkong.reports.headline.MEASURE_FORMATS`), in the order of
    #: :attr:`headline_cards` where named there, else after them; their values and
    #: changes are :attr:`measures`, set by :meth:`compute`.
    headline_measures: ClassVar[dict[str, str]] = {}
    measures: pd.DataFrame | None = None
    #: Alert kinds, most urgent first; the urgent ones are shown in red.
    alert_kinds: ClassVar[tuple[str, ...]]
    urgent_alerts: ClassVar[tuple[str, ...]] = ()
    #: Columns of the alert list after ``kind``; those red for urgent alerts;
    #: those left out of the sidecar (personal data the page shows masked).
    alert_columns: ClassVar[tuple[str, ...]]
    urgent_columns: ClassVar[tuple[str, ...]] = ("kind",)
    private_alert_columns: ClassVar[tuple[str, ...]] = ()
    #: Input table -> the by-village figures counted from it today: a village that
    #: did not file the table shows 未报 there (:meth:`not_filed`).
    filed_by: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: The input tables the report is made from: its data quality (missing
    #: submissions, rejected rows, warnings) is theirs, with the alert feedback
    #: every report follows. Empty: every table.
    input_tables: ClassVar[tuple[str, ...]] = ()
    #: Label of a sentence put above a non-empty alert list, if any.
    alerts_lead: ClassVar[str | None] = None
    #: The sections, in the notebook's order (the sidecar comes last).
    sections: ClassVar[tuple[str, ...]]
    #: The headline figure that is 0 on a day without data (no changes are
    #: told against such a day), and its trend series (runs stop at such a day).
    base_figure: ClassVar[str]
    base_series: ClassVar[str]

    def __init__(self, data, lang: str = "zh", mask_pii: bool = True, generated_at=None):
        self.data = data
        self.entry = registry.get(self.name)
        when = {"generated_at": generated_at} if generated_at is not None else {}
        self.ctx = Context(self.name, data.town, data.day, lang, mask_pii, data.data_as_of, **when)
        self.t = self.ctx.t
        self.quality = data_quality(*self._own(data.missing, data.issues))
        self._followup: fu.FollowUp | None = None
        self.compute()

    # -- what a report implements --------------------------------------------------

    def compute(self) -> None:
        """Compute the day's figures: set ``figures`` (name -> JSON-ready value),
        ``alerts_count`` (kind -> count) and ``changes`` (the headline figures
        against D-1, :func:`fangkong.reports.headline.headline_changes`); with
        :attr:`headline_measures`, ``measures`` too
        (:func:`fangkong.reports.headline.measure_changes`)."""
        raise NotImplementedError

    def paragraph_body(self, p: Paragraph) -> None:
        """Add the report's sentences to the day's paragraph (see :meth:`day_paragraph`)."""
        raise NotImplementedError

    def alert_items(self) -> pd.DataFrame:
        """Every alert of the day, one row each: ``kind``, then :attr:`alert_columns`,
        unmasked, with zone codes, and ``subject``: what the problem is about (a
        person's or household's ID, a gas request, a firm), never shown."""
        raise NotImplementedError

    def sidecar_zones(self) -> list[dict]:
        """The sidecar's figures by war zone: one record per row, ``zone`` first."""
        raise NotImplementedError

    def sidecar_trend(self) -> list[dict]:
        """The sidecar's daily series: one record per row, ``date`` first."""
        raise NotImplementedError

    def sidecar_extra(self) -> dict:
        """Entries of the sidecar only this report has (default: none)."""
        return {}

    # -- shared helpers --------------------------------------------------------------

    def _own(self, missing: pd.DataFrame, issues: pd.DataFrame):
        """The missing submissions and issues of the report's :attr:`input_tables`."""
        if not self.input_tables:
            return missing, issues
        tables = {*self.input_tables, "alert_feedback"}
        return missing[missing["table"].isin(tables)], issues[issues["table"].isin(tables)]

    def with_unit(self, header: str, figure: str) -> str:
        """A column header with its figure's unit from the registry, e.g. ``在隔离（人）``."""
        code = self.entry.unit_of(figure)
        return self.t("unit.header", header=header, unit=self.t(f"unit.{code}")) if code else header

    @classmethod
    def cards(cls) -> tuple[str, ...]:
        """The headline cards in their order: :attr:`headline_cards`, then the
        :attr:`headline_measures` not named there."""
        last = [m for m in cls.headline_measures if m not in cls.headline_cards]
        return (*cls.headline_cards, *last)

    def label(self, kind: str, name: str) -> str:
        """A label of this report: ``<labels>.<kind>.<name>`` in the report's language."""
        return self.t(f"{self.entry.labels}.{kind}.{name}")

    def _masked(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Personal data masked, unless internal."""
        return mask_frame(frame, self.ctx.mask_pii)

    def _shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Zone codes as words and personal data masked, unless internal."""
        out = frame.copy()
        if "zone" in out.columns:
            out["zone"] = out["zone"].map(lambda z: zone_label(self.ctx, z))
        return self._masked(out)

    def _cols(self, *names: str) -> dict[str, str]:
        """Column -> header; the shared headers first, then this report's."""
        return {n: self.t(SHARED_COLUMNS.get(n, f"{self.entry.labels}.col.{n}")) for n in names}

    # -- sections --------------------------------------------------------------------

    def header(self) -> Section:
        """Title, town, report date, data as of, generated at, version."""
        return header_section(self.ctx, self.t(self.entry.title_key))

    def headline(self) -> Section:
        """Headline figures with the change against D-1."""
        names = self.cards()
        cards = {name: self.label("figure", name) for name in names}
        units = {
            name: self.t(f"unit.{code}") for name in names if (code := self.entry.unit_of(name))
        }
        return headline_section(
            self.ctx,
            self.changes,
            cards,
            self.day_paragraph().text,
            self.alert_figures,
            units=units,
            measures=self.measures,
        )

    def not_filed(self) -> dict[str, list[str]]:
        """Figure column -> the villages that did not file its table today (:attr:`filed_by`)."""
        missing = self.data.missing
        out = {}
        for table, columns in self.filed_by.items():
            villages = missing.loc[missing["table"] == table, "village"].tolist()
            if villages:
                out |= dict.fromkeys(columns, villages)
        return out

    def not_filed_note(self, table: str, key: str) -> list[str]:
        """A sentence naming the villages that did not file ``table`` today (the
        catalogue's ``key``, with ``{villages}``), in town order; none when all did."""
        missing = self.data.missing
        villages = missing.loc[missing["table"] == table, "village"].tolist()
        if not villages:
            return []
        return [paragraph(self.t(key, villages=self.t("list_separator").join(villages)))]

    @property
    def alert_followup(self) -> fu.FollowUp:
        """The follow-up of the day's alerts: from the store's history after
        :meth:`follow`, else without history (no keys, every alert new)."""
        if self._followup is None:
            self._followup = fu.without_history(self.data.town, self.data.day, self.alert_items())
        return self._followup

    def follow(self, store, recorded_at=None) -> None:
        """Record the day's alerts in the store's history and follow them up.

        The days before D missing from the history are recorded first, each
        from the store as it stood then (:func:`fangkong.reports.followup.backfill`).
        """
        cls, town, lang = type(self), self.data.town, self.ctx.lang

        def items_of(day):
            return cls(cls.load(store, town, day, 1), lang=lang).alert_items()

        self._followup = fu.follow_up(
            store,
            town,
            self.entry,
            self.data.day,
            self.alert_items(),
            items_of,
            recorded_at or self.ctx.generated_at,
        )
        self.__dict__.pop("_paragraph", None)

    def followup(self) -> Section:
        """Follow-up of alerts: new, carried over, closed since yesterday, 督办."""
        labels = {k: self.label("alert", k) for k in self.alert_kinds}
        return followup_section(self.ctx, self.alert_followup, labels)

    def data_quality(self) -> Section:
        """Missing submissions, rejected rows and warnings of the day."""
        return data_quality_section(self.ctx, self.quality)

    def sidecar(self) -> Sidecar:
        """The machine-readable summary, for the runner (hidden in the HTML)."""
        private = [*self.private_alert_columns, "subject", "status", "at_least"]
        items = self.alert_followup.keyed(self.alert_list())
        items["days_open_at_least"] = items["at_least"].fillna(False).astype(bool)
        items = items.drop(columns=private)
        items = self._masked(items)
        return Sidecar(
            sidecar(
                self.ctx,
                self.changes,
                {k: self.alerts_count[k] for k in self.alert_kinds},
                self.quality,
                figures=self.figures,
                zones=self.sidecar_zones(),
                trend=self.sidecar_trend(),
                alert_items=[
                    {k: _item_value(k, v) for k, v in row.items()}
                    for row in items.to_dict("records")
                ],
                extra=self.sidecar_extra(),
                paragraph=self.day_paragraph().record(),
                followup=followup_record(self.alert_followup, self.ctx.mask_pii),
                streaks=self.streaks(),
                measures=self.measures,
            )
        )

    @classmethod
    def from_store(
        cls,
        report_date,
        town_file: str = "",
        db_url: str = "",
        lang: str = "zh",
        mask_pii: bool = True,
        trend_days: int = 14,
    ):
        """Read the store and build the report: the notebook's one setup call.

        Parameters
        ----------
        report_date : date-like
        town_file : str
            Town YAML file; empty for the default town of the settings.
        db_url : str
            SQLAlchemy URL of the store; empty for the settings' default.
        lang : {"zh", "en"}
        mask_pii : bool
        trend_days : int

        Returns
        -------
        Report
            Of the class it is called on.
        """
        # Imported here, as in report_fields: importing a report module
        # should not load the store and SQLAlchemy.
        from fangkong.settings import get_settings
        from fangkong.store.database import open_store
        from fangkong.town import load_town

        town = load_town(town_file or get_settings().default_town)
        store = open_store(db_url or None)
        try:
            report = cls(cls.load(store, town, report_date, trend_days), lang, mask_pii)
            report.follow(store)
        finally:
            store.close()
        return report


def _item_value(column: str, value):
    """An alert item's value in the sidecar: text, days open as a number."""
    if column == "days_open_at_least":
        return bool(value)
    if pd.isna(value):
        return None
    return int(value) if column == "days_open" else str(value)
