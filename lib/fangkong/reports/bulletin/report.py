"""The daily bulletin 疫情防控工作日报: the report class the notebook builds.

It reads no village data: its inputs are the three reports' sidecars of D and
the store's alert history (:mod:`fangkong.reports.bulletin.data`), so the
registry runs it after them. Its sidecar has the one shape of every report
(its ``paragraph`` is the overview, its ``alert_items`` the three reports'
open alerts, its ``followup`` theirs added up) and, in ``extra``, the whole
bulletin as written (:mod:`fangkong.reports.bulletin.compose`), from which the
page and the Word file (:mod:`fangkong.reports.bulletin.document`) are drawn.
"""

from __future__ import annotations

import base64

import pandas as pd

from fangkong import __version__, registry
from fangkong.catalogue import text
from fangkong.reports import followup as fu
from fangkong.reports.base import Report
from fangkong.reports.bulletin import compose
from fangkong.reports.bulletin.data import SOURCE_KEYS, BulletinData, load
from fangkong.reports.bulletin.page import block_html, closing_html, masthead_html, table_html
from fangkong.reports.context import Context
from fangkong.reports.headline import headline_changes
from fangkong.reports.html import Section
from fangkong.reports.sidecar import SIDECAR_VERSION, Sidecar, quality_record

#: Headline figure -> the report whose headline it is.
HEADLINE = {
    "in_quarantine": "quarantine",
    "new_today": "quarantine",
    "fever_alerts": "quarantine",
    "households_unvisited": "welfare",
    "gas_pending": "welfare",
    "resumed": "reopening",
}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BulletinReport(Report):
    """The daily bulletin of a town (see the module docstring)."""

    name = "bulletin"
    load = staticmethod(load)
    headline_cards = (*HEADLINE, "supervised")
    #: Its alerts are the three reports' open alerts, each under its report's name.
    alert_kinds = ("quarantine", "welfare", "reopening")
    alert_columns = ()
    sections = (
        "masthead",
        "overview",
        "quarantine",
        "welfare",
        "reopening",
        "problems",
        "next_steps",
        "closing",
        "document",
    )
    base_figure = "in_quarantine"
    base_series = "in_quarantine"

    def __init__(self, data: BulletinData, lang="zh", mask_pii=True, generated_at=None):
        self.data = data
        self.entry = registry.get(self.name)
        when = {"generated_at": generated_at} if generated_at is not None else {}
        self.ctx = Context(self.name, data.town, data.day, lang, mask_pii, data.data_as_of, **when)
        self.t = self.ctx.t
        self.compute()

    # -- the record ------------------------------------------------------------------

    def compute(self) -> None:
        """Build the bulletin's sidecar, text included (:attr:`record`)."""
        sources = self.data.sidecars
        today = {n: sources[r]["headline"][n]["value"] for n, r in HEADLINE.items()}
        before = {n: sources[r]["headline"][n]["previous"] for n, r in HEADLINE.items()}
        counts = {
            k: sum(s["followup"]["counts"][k] for s in sources.values())
            for k in next(iter(sources.values()))["followup"]["counts"]
        }
        today["supervised"] = counts["supervised"]
        before["supervised"] = self.data.supervised_before
        self.changes = headline_changes(today, before)
        supervised = self._supervised()
        shown = min(len(supervised), compose.TABLE_ROWS)
        self.figures = {
            "issue": self.data.issue,
            "supervised": counts["supervised"],
            "open": counts["open"],
            "longest_open": int(supervised["days_open"].max()) if len(supervised) else 0,
            "supervised_shown": shown,
            "supervised_rest": len(supervised) - shown,
        }
        self.alerts_count = {r: len(self.data.sidecars[r]["alert_items"]) for r in self.alert_kinds}
        self.table = supervised.head(compose.TABLE_ROWS)
        self.record = self._record(counts, supervised)

    def _supervised(self) -> pd.DataFrame:
        """The three reports' 督办 items, longest open first, with the problem and commander."""
        rows = []
        for report, sidecar in self.data.sidecars.items():
            labels = registry.get(report).labels
            details = {i["key"]: i.get("detail") for i in sidecar["alert_items"]}
            for item in sidecar["followup"]["supervised"]:
                kind = text(f"{labels}.alert.{item['kind']}", self.ctx.lang)
                where = item.get("village") or self.t("followup.town_hq")
                detail = details.get(item["key"])
                problem = f"{where}：{kind}" + (f"（{detail}）" if detail else "")
                commander = fu.commander_of(self.data.town, item["zone"])
                rows.append(
                    {
                        "key": item["key"],
                        "report": report,
                        "problem": problem,
                        "zone": item["zone"],
                        "commander": commander or self.t("followup.town_hq"),
                        "days_open": int(item["days_open"]),
                    }
                )
        frame = pd.DataFrame(rows, columns=["key", "report", *compose.TABLE_COLUMNS[1:]])
        return frame.sort_values(["days_open", "key"], ascending=[False, True], kind="stable")

    def _trend(self) -> list[dict]:
        """The reports' key series side by side, by day: in quarantine, visit coverage,
        resumption rate (the town's, all categories)."""
        rows: dict[str, dict] = {}
        series = (
            ("quarantine", "in_quarantine", "in_quarantine"),
            ("welfare", "coverage", "coverage"),
            ("reopening", "rate", "resumption_rate"),
        )
        for report, column, name in series:
            for row in self.data.sidecars[report]["trend"]:
                if row.get("category", "total") == "total":
                    rows.setdefault(row["date"], {"date": row["date"]})[name] = row.get(column)
        return [rows[d] for d in sorted(rows)]

    def _record(self, counts: dict, supervised: pd.DataFrame) -> dict:
        sources, town, lang = self.data.sidecars, self.data.town, self.ctx.lang
        first = sources["quarantine"]
        zones = []
        for zone in [z.name for z in town.zones]:
            n = int((supervised["zone"] == zone).sum())
            zones.append({"zone": zone, "commander": fu.commander_of(town, zone), "supervised": n})
        zones.append({"zone": "total", "commander": None, "supervised": len(supervised)})
        office = compose.office_name(town, lang)
        payload = {
            "sidecar_version": SIDECAR_VERSION,
            "report": self.name,
            "town_id": town.id,
            "town": town.name,
            "report_date": self.data.day.strftime("%Y-%m-%d"),
            "data_as_of": None
            if self.data.data_as_of is None
            else pd.Timestamp(self.data.data_as_of).isoformat(),
            "generated_at": pd.Timestamp(self.ctx.generated_at).isoformat(),
            "version": __version__,
            "lang": lang,
            "masked": self.ctx.mask_pii,
            "headline": {
                name: {k: None if pd.isna(row[k]) else int(row[k]) for k in row.index}
                for name, row in self.changes.iterrows()
            },
            "figures": dict(self.figures),
            "alerts": dict(self.alerts_count),
            "alerts_total": int(sum(self.alerts_count.values())),
            "alert_items": [
                item | {"kind": report, "alert": item["kind"]}
                for report, sidecar in sources.items()
                for item in sidecar["alert_items"]
            ],
            "zones": zones,
            "trend": self._trend(),
            # The town's, across every table (each report's counts only its own).
            "data_quality": quality_record(self.data.quality)
            if self.data.quality is not None
            else dict(first["data_quality"]),
            "extra": {
                "office": office,
                "sources": {
                    r: {k: s[k] for k in SOURCE_KEYS}
                    | {"followup": {"counts": s["followup"]["counts"]}}
                    for r, s in sources.items()
                },
                "paragraphs": {r: s["paragraph"] for r, s in sources.items()},
            },
            "policy": town.policy.model_dump(),
            "followup": {
                "recorded": all(s["followup"].get("recorded") for s in sources.values()),
                "counts": counts,
                "supervised": [
                    i | {"report": r}
                    for r, s in sources.items()
                    for i in s["followup"]["supervised"]
                ],
                "closed": [
                    i | {"report": r} for r, s in sources.items() for i in s["followup"]["closed"]
                ],
            },
            "streaks": {k: v for s in sources.values() for k, v in s["streaks"].items()},
        }
        payload["extra"]["masthead"] = compose.masthead(payload, lang)
        payload["extra"]["table"] = {
            "columns": {c: self.t(f"b.col.{c}") for c in compose.TABLE_COLUMNS},
            "rows": self.table[list(compose.TABLE_COLUMNS)].to_dict("records"),
        }
        payload["extra"]["sections"] = compose.sections(payload, lang)
        payload["extra"]["closing"] = compose.closing(town, office, lang)
        payload["paragraph"] = payload["extra"]["sections"][0]["blocks"][0]
        payload["paragraph"] = {k: payload["paragraph"][k] for k in ("text", "numbers")}
        return payload

    # -- what the base asks of a report ------------------------------------------------

    def paragraph_body(self, p) -> None:  # the overview is written by compose.overview
        raise NotImplementedError("the bulletin's paragraphs are in compose")

    def alert_items(self) -> pd.DataFrame:
        return pd.DataFrame(self.record["alert_items"])

    def sidecar_zones(self) -> list[dict]:
        return self.record["zones"]

    def sidecar_trend(self) -> list[dict]:
        return self.record["trend"]

    # -- sections ----------------------------------------------------------------------

    def _section(self, key: str) -> Section:
        found = next(s for s in self.record["extra"]["sections"] if s["key"] == key)
        parts = [
            table_html(self.record["extra"]["table"]) if b["type"] == "table" else block_html(b)
            for b in found["blocks"]
        ]
        return Section(found["heading"], parts=parts, css_class=f"fk-bulletin fk-b-{key}")

    def masthead(self) -> Section:
        """The red masthead: 疫情防控工作日报, 第N期, the office and the date, a red rule."""
        return Section("", parts=[masthead_html(self.record["extra"]["masthead"])])

    def overview(self) -> Section:
        """一、总体情况."""
        return self._section("overview")

    def quarantine(self) -> Section:
        """二、居家隔离: the quarantine report's paragraph of the day."""
        return self._section("quarantine")

    def welfare(self) -> Section:
        """三、民生保障: the welfare report's paragraph of the day."""
        return self._section("welfare")

    def reopening(self) -> Section:
        """四、复工复产: the reopening report's paragraph of the day."""
        return self._section("reopening")

    def problems(self) -> Section:
        """五、存在问题和督办事项, with the 督办 table."""
        return self._section("problems")

    def next_steps(self) -> Section:
        """六、下步工作."""
        return self._section("next_steps")

    def closing(self) -> Section:
        """The closing lines between rules: 报送, 抄送, 编发单位."""
        return Section("", parts=[closing_html(self.record["extra"]["closing"])])

    def document(self) -> WordFile:
        """The bulletin as a Word file in the office format, for the runner (not on the page)."""
        from fangkong.reports.bulletin.document import bulletin_docx

        return WordFile(bulletin_docx(self.record))

    def sidecar(self) -> Sidecar:
        """The machine-readable bulletin, for the runner (hidden in the HTML)."""
        return Sidecar(self.record)

    @classmethod
    def from_store(
        cls,
        report_date,
        town_file: str = "",
        db_url: str = "",
        lang: str = "zh",
        mask_pii: bool = True,
        trend_days: int = 14,
        reports_dir: str = "",
    ):
        """Read the reports' sidecars and the alert history: the notebook's one setup call.

        Parameters
        ----------
        report_date : date-like
        town_file, db_url : str
            Empty for the settings' defaults.
        lang : {"zh", "en"}
        mask_pii : bool
        trend_days : int
            Not used (the reports' own trends are cited); kept so that every
            report notebook declares the same parameters.
        reports_dir : str
            The folder of the day's ``<report>.json``; empty for the settings'
            outputs folder of D.

        Returns
        -------
        BulletinReport
        """
        from fangkong.settings import get_settings
        from fangkong.store.database import open_store
        from fangkong.town import load_town

        town = load_town(town_file or get_settings().default_town)
        day = pd.Timestamp(report_date).strftime("%Y-%m-%d")
        folder = reports_dir or str(get_settings().outputs_dir / day)
        store = open_store(db_url or None)
        try:
            return cls(load(store, town, report_date, folder, lang), lang, mask_pii)
        finally:
            store.close()


class WordFile:
    """Displays a Word file in a notebook under its MIME type, for the runner to take."""

    def __init__(self, data: bytes):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            DOCX_MIME: base64.b64encode(self.data).decode("ascii"),
            "text/plain": f"Word file, {len(self.data):,} bytes",
        }
