"""Writing a whole sample: every file the villages would send over a period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fangkong.console import progress
from fangkong.ingest.xlsx_writer import Style, render
from fangkong.sample.daily import Livelihood
from fangkong.sample.defects import Injected, Spoiler
from fangkong.sample.duties import Duties
from fangkong.sample.ledger import Ledger
from fangkong.sample.manifest import FileEntry, SampleManifest
from fangkong.sample.people import People, make_credit_code, make_mobile, make_name, rng_for
from fangkong.sample.registries import Household, Registries, build_registries
from fangkong.sample.reopening import Reopening
from fangkong.sample.scale import scaled_town, write_town_file
from fangkong.sample.supermarkets import add_supermarkets
from fangkong.sample.writer import pick_style, write_table
from fangkong.schemas import TABLES
from fangkong.town import Town, load_town

DEMO_END = dt.date(2020, 3, 10)
#: File-name prefix of town-level files (donations, enterprise status).
TOWN_PREFIX = "镇"
DAILY_TABLES = [name for name, table in TABLES.items() if table.daily]
#: Daily tables of the rest of the article's duties (:class:`Duties`).
DUTY_TABLES = ("screening", "checkpoint_duty", "patrols", "farming", "employment")
#: Chance that a village does not send a daily table on a day.
MISSING_RATE = 0.015
#: Chance that a village with nobody in quarantine and no change does not resend its ledger.
MISSING_LEDGER_RATE = 0.3
#: Extra, defective registry rows per registered household / firm.
REGISTRY_DEFECT_RATE = 0.015


class _Run:
    """State of one sample run; see :func:`write_sample`."""

    def __init__(self, outdir: Path, town: Town, days: list[dt.date], scale: int, seed: int):
        self.outdir, self.town, self.days, self.scale, self.seed = outdir, town, days, scale, seed
        self.people = People()
        self.registries: Registries = build_registries(town, days, seed, self.people)
        add_supermarkets(seed, town, self.registries, days[-1])
        self.ledger = Ledger(town, self.registries, days, seed, self.people)
        self.life = Livelihood(town, self.registries, days, seed)
        self.reopening = Reopening(self.registries, self.ledger, days, seed)
        self.duties = Duties(town, self.registries, days, seed)
        self.spoiler = Spoiler(seed, town, days, self.people)
        self.gas_backlog: dict[str, dict[str, dict]] = {}
        self.manifest = SampleManifest(
            town=town.id,
            town_file=None,
            scale=scale,
            seed=seed,
            first=days[0].isoformat(),
            end=days[-1].isoformat(),
            root=outdir,
        )

    # -- styles and writing -------------------------------------------------------------

    def _style(self, day, sender, table) -> Style:
        rng = rng_for(self.seed, "style", day, sender, table)
        if table in ("households", "enterprises"):
            share = 0.85
        elif sender == TOWN_PREFIX:
            share = 0.9
        else:  # thousands of small daily files at city scale: mostly CSV, which is quick
            share = 0.8 if self.scale == 1 else 0.05
        return pick_style(rng, xlsx_share=share)

    def _write(
        self,
        day,
        sender,
        table,
        rows,
        injected: list[Injected] | None = None,
        style: Style | None = None,
    ) -> None:
        style = style or self._style(day, sender, table)
        if injected is None:  # not spoiled by the caller: spoil here
            injected = self.spoiler.spoil(table, rows, style, day, sender)
        folder = self.outdir / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{sender}_{table}.{style.fmt}"
        when = dt.datetime.combine(day, dt.time(17, 30))
        encoding = write_table(path, table, rows, style, when)
        spec = TABLES[table]
        defects = []
        for item in injected:
            meta = spec.meta(item.column)
            value = render(rows[item.row - 2].get(item.column), meta["kind"], meta["enum"], style)
            item.value = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
            defects.append(item.as_dict())
        self.manifest.files.append(
            FileEntry.written(
                path, self.outdir, day, sender, table, style, encoding, len(rows), defects
            )
        )

    # -- registries ---------------------------------------------------------------------

    def _extra_households(self, village, index, rng) -> list[dict]:
        count = len(self.registries.households_in(village.name, self.days[-1]))
        extra = []
        bad = sum(1 for _ in range(count) if rng.random() < REGISTRY_DEFECT_RATE)
        for n in range(max(bad, 1 if index == 0 else 0)):
            head = self.people.make(rng, born=(1935, 1980))
            household = Household(
                household_id=f"H{index + 1:03d}{9000 + n:04d}",
                village=village.name,
                head=head,
                phone=head.phone,
                categories=("subsistence",),
                members=rng.randint(1, 4),
                address=f"{village.name}{rng.randint(1, 9)}组",
                cadre=self.registries.staff[village.name].cadres[0],
                registered_on=self.days[0],
                visit_every=None,
            )
            extra.append(household.row() | {"_spoilable": True, "_must_spoil": True})
        return extra

    def _registry_files(self, day: dt.date) -> None:
        first = day == self.days[0]
        for index, village in enumerate(self.town.villages):
            rng = rng_for(self.seed, "registry-defects", village.name)
            households = [
                household.row()
                for household in self.registries.households_in(village.name, day)
                if household.registered_on == day
            ]
            firms = self.registries.firms_in(village.name)
            if first:
                households += self._extra_households(village, index, rng)
                rows = [firm.row() for firm in firms]
                # The first village always sends one bad firm, so that every sample has one.
                if firms and (index == 0 or rng.random() < REGISTRY_DEFECT_RATE * len(firms)):
                    rows.append(
                        self._bad_firm(rng, village.name)
                        | {"_spoilable": True, "_must_spoil": True}
                    )
            else:
                rows = [firm.row("closed") for firm in firms if firm.closed_on == day]
            if households:
                self._write(day, village.name, "households", households)
            if rows:
                self._write(day, village.name, "enterprises", rows)
            if first:
                self._write(
                    day, village.name, "checkpoints", self.duties.checkpoint_rows(village.name)
                )

    def _bad_firm(self, rng, village: str) -> dict:
        return dict(
            enterprise_id=make_credit_code(rng, sole_trader=True),
            name=f"{make_name(rng, 'male')[0]}记便利店",
            village=village,
            category="street_shop",
            staff_total=rng.randint(1, 4),
            contact=make_name(rng, "female"),
            phone=make_mobile(rng),
            status="active",
        )

    # -- daily tables -------------------------------------------------------------------

    def _missing(self, day: dt.date, village: str, table: str) -> bool:
        rng = rng_for(self.seed, "missing", day, village, table)
        if table == "quarantine":
            # Skipping a ledger is harmless only when it would be the same as yesterday's.
            return (
                day != self.days[0]
                and not self.ledger.changed(village, day)
                and rng.random() < MISSING_LEDGER_RATE
            )
        return rng.random() < MISSING_RATE

    def _rows(self, table: str, village: str, day: dt.date) -> list[dict]:
        if table == "quarantine":
            return self.ledger.ledger_rows(village, day)
        if table in ("health_checks", "disinfections", "followup_calls"):
            return getattr(self.ledger, table)(village, day)
        if table in DUTY_TABLES:
            return getattr(self.duties, table)(village, day)
        if table == "volunteer_services":
            # The day's visits come first (DAILY_TABLES): their open needs are today's.
            rows = self.life.volunteer_services(village, day)
            return self.duties.serve(rows, village, day, self.life.open_needs)
        return getattr(self.life, table)(village, day)

    def _daily(self, day: dt.date) -> None:
        for village in self.town.village_names:
            for table in DAILY_TABLES:
                rows = self._rows(table, village, day)
                if table == "gas_requests":
                    # Requests of a day that was not sent come with the next file.
                    backlog = self.gas_backlog.setdefault(village, {})
                    backlog.update({request["request_id"]: request for request in rows})
                    rows = list(backlog.values())
                if self._missing(day, village, table):
                    self.manifest.missing.append(
                        {"day": day.isoformat(), "village": village, "table": table}
                    )
                    continue
                if table == "gas_requests":
                    self.gas_backlog[village] = {}
                self._write(day, village, table, rows)

    def _town_level(self, day: dt.date) -> None:
        donations = self.life.donations(day)
        if donations:
            self._write(day, TOWN_PREFIX, "donations", donations)
        status = self.reopening.enterprise_status(day)
        style = self._style(day, TOWN_PREFIX, "enterprise_status")
        warnings = self.spoiler.mismatch(status, day)
        injected = self.spoiler.spoil("enterprise_status", status, style, day, TOWN_PREFIX)
        self._write(
            day,
            TOWN_PREFIX,
            "enterprise_status",
            status,
            sorted(warnings + injected, key=lambda defect: defect.row),
            style,
        )

    def run(self) -> SampleManifest:
        for day in progress(self.days, desc="sample", unit="days"):
            self._registry_files(day)
            self._daily(day)
            self._town_level(day)
        self.manifest.unforced = self.spoiler.remaining()
        return self.manifest


def _remove_previous(outdir: Path) -> None:
    """Delete the files an earlier sample wrote here (as its manifest lists them).

    Otherwise days of a longer earlier run would stay beside the new ones and be
    ingested with them. Nothing the manifest does not name is touched.
    """
    old = outdir / "manifest.json"
    if not old.exists():
        return
    previous = SampleManifest.read(old)
    for entry in previous.files:
        (outdir / entry.path).unlink(missing_ok=True)
    for day in sorted({entry.day for entry in previous.files}):
        folder = outdir / day
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if previous.town_file:
        (outdir / previous.town_file).unlink(missing_ok=True)
    old.unlink()


def write_sample(
    outdir: str | Path,
    *,
    town: Town | str | Path,
    days: int,
    scale: int = 1,
    seed: int = 0,
    end: dt.date = DEMO_END,
) -> SampleManifest:
    """Write the files villages would send over ``days`` days ending on ``end``.

    Layout: ``outdir/<YYYY-MM-DD>/<village>_<table>.xlsx`` (or ``.csv``) for each
    village's daily tables and registry changes, ``outdir/<day>/镇_<table>.xlsx``
    for the town-level donations and enterprise status, ``outdir/manifest.json``
    for what was written, and ``outdir/town.yaml`` when ``scale > 1``.

    Parameters
    ----------
    outdir : str or Path
        Target folder (created if missing).
    town : Town or path
        The town, or its YAML file.
    days : int
        Number of days (>= 1).
    scale : int
        1 for the town itself; K for K copies of its villages (see
        :func:`fangkong.sample.scale.scaled_town`).
    seed : int
        Same seed, same bytes.
    end : datetime.date
        The last day (the demo period ends on 2020-03-10).

    Returns
    -------
    SampleManifest
        Also written as ``outdir/manifest.json``.

    Notes
    -----
    Files of an earlier sample in ``outdir`` (those its ``manifest.json`` lists)
    are deleted first; nothing else in the folder is touched.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    if not isinstance(town, Town):
        town = load_town(town)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_previous(outdir)
    town = scaled_town(town, scale)
    day_list = [end - dt.timedelta(days=days - 1 - i) for i in range(days)]
    manifest = _Run(outdir, town, day_list, scale, seed).run()
    if scale > 1:
        write_town_file(town, outdir / "town.yaml")
        manifest.town_file = "town.yaml"
    manifest.write(outdir / "manifest.json")
    return manifest
