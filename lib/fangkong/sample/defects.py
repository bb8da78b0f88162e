"""Defects injected into sample files, so that ingest has something to reject.

About 1.5 % of the rows that can take a defect without disturbing other tables
(see ``_spoilable`` in the generators) get one of the contract's defects, and
every kind of defect is forced to appear at least once per sample when there is
a row it fits. Each injection is returned as an :class:`Injected` record that
names the row and column, so that tests and ingest can be checked against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from fangkong.ingest.xlsx_writer import Raw, Style
from fangkong.sample.people import (
    People,
    excel_number,
    rng_for,
    spoil_check_digit,
    spoil_credit_code,
)
from fangkong.town import Town

#: Share of spoilable rows that get a defect.
DEFECT_RATE = 0.015
#: Per file, chance of an extra row for a person twice in one ledger / not in the ledger.
DUPLICATE_RATE = 0.004
UNKNOWN_PERSON_RATE = 0.01

#: Table -> (defect code, column) that may be injected into a spoilable row.
OPTIONS: dict[str, list[tuple[str, str]]] = {
    "quarantine": [
        ("id_excel_number", "person_id"),
        ("id_checksum", "person_id"),
        ("sex_mismatch", "sex"),
        ("unknown_village", "village"),
        ("bad_phone", "phone"),
        ("bad_date", "start_date"),
    ],
    "health_checks": [
        ("id_excel_number", "person_id"),
        ("id_checksum", "person_id"),
        ("bad_datetime", "checked_at"),
        ("out_of_range", "temperature_c"),
    ],
    "disinfections": [("bad_datetime", "done_at")],
    "followup_calls": [("bad_datetime", "called_at")],
    "welfare_visits": [("bad_date", "visited_on")],
    "gas_requests": [
        ("unknown_village", "village"),
        ("bad_phone", "phone"),
        ("bad_datetime", "reported_at"),
        ("delivered_before_reported", "delivered_at"),
    ],
    "produce": [("unknown_village", "village"), ("bad_date", "date")],
    "volunteer_services": [("unknown_village", "village")],
    "donations": [("bad_date", "date")],
    "enterprise_status": [("bad_uscc", "enterprise_id")],
    "households": [
        ("id_excel_number", "head_id_number"),
        ("id_checksum", "head_id_number"),
        ("bad_phone", "phone"),
        ("unknown_village", "village"),
    ],
    "enterprises": [("bad_uscc", "enterprise_id"), ("bad_phone", "phone")],
}
#: Defects made by adding rows rather than spoiling one.
EXTRA_ROW_DEFECTS = {"duplicate_period": "quarantine", "unknown_person": "health_checks"}
ALL_DEFECTS = sorted(
    {code for opts in OPTIONS.values() for code, _ in opts} | set(EXTRA_ROW_DEFECTS)
)

#: Defects of the rest of the article's duties (and volunteers' new columns), put in by
#: a second pass with random streams of its own, so the older tables keep their defects.
#: Rows marked ``_spoilable`` or ``_duty_spoilable`` may take one.
DUTY_OPTIONS: dict[str, list[tuple[str, str]]] = {
    "screening": [("risk_over_returnees", "risk_area_found")],
    "checkpoint_duty": [
        ("unknown_checkpoint", "checkpoint_id"),
        ("shift_not_of_checkpoint", "shift"),
    ],
    "patrols": [("ended_before_started", "ended_at"), ("party_over_patrollers", "party_members")],
    "farming": [("sown_over_planned", "sown_mu")],
    "volunteer_services": [
        ("unknown_household", "household_id"),
        ("party_over_volunteers", "party_members"),
    ],
}
DUTY_DEFECTS = sorted({code for opts in DUTY_OPTIONS.values() for code, _ in opts})

_NOT_VILLAGES = ("贾峪村", "槐树村", "东岗", "西港村", "南河", "新村")
_BAD_DATES = ("2020-02-30", "2020/13/1", "3月1号", "二月十五")
_BAD_DATETIMES = ("2020-02-30 08:30", "3月1号上午", "2020/13/1 14:00", "下午三点")
_BAD_TEMPERATURES = (365, 3.6, 63.5)


@dataclass
class Injected:
    """One injected defect.

    Attributes
    ----------
    row : int
        Row number in the file (the header is row 1), as ingest numbers rows.
    column : str
        English column name.
    defect : str
        The reason code ingest should give (``fangkong.catalogue.REASONS``).
    value : object
        The cell as written (dates as ISO text).
    severity : {"rejected", "warning"}
    """

    row: int
    column: str
    defect: str
    value: object = None
    severity: str = "rejected"

    def as_dict(self) -> dict:
        return asdict(self)


class Spoiler:
    """Decides and applies the defects of one sample.

    Parameters
    ----------
    seed : int
    town : Town
    days : list of datetime.date
    people : People
        The sample's ID registry, to make people who are in no ledger.
    rate : float
        Share of spoilable rows to spoil.
    """

    def __init__(
        self, seed: int, town: Town, days: list[dt.date], people: People, rate: float = DEFECT_RATE
    ):
        self.seed, self.town, self.days, self.people, self.rate = seed, town, days, people, rate
        self.villages = set(town.village_names)
        rng = rng_for(seed, "forced-defects")
        # Each defect is forced once, from a random day on, so they spread over the period;
        # never from the last day on, which has no spoilable enterprise_status rows.
        self.forced = {code: rng.randrange(max(1, len(days) - 1)) for code in ALL_DEFECTS}
        rng = rng_for(seed, "forced-duty-defects")
        self.forced |= {code: rng.randrange(max(1, len(days) - 1)) for code in DUTY_DEFECTS}

    def _due(self, code: str, day: dt.date) -> bool:
        return code in self.forced and self.days.index(day) >= self.forced[code]

    def spoil(
        self, table: str, rows: list[dict], style: Style, day: dt.date, key
    ) -> list[Injected]:
        """Spoil some rows of one file in place, and add defective extra rows.

        Parameters
        ----------
        table : str
        rows : list of dict
            Canonical rows; spoiled cells become :class:`Raw` or wrong values.
        style : Style
            The file's style (an ID turned into a number differs in XLSX and CSV).
        day : datetime.date
            The submission day.
        key
            Anything identifying the file, for its own random stream.

        Returns
        -------
        list of Injected
            Row numbers are those of the file as written (header = 1).
        """
        rng = rng_for(self.seed, "spoil", table, day, key)
        found: list[tuple[int, str, str]] = []
        self._extra_rows(table, rows, day, rng, found)
        options = OPTIONS.get(table, [])
        spoilable = [
            i for i, row in enumerate(rows) if row.get("_spoilable") and not row.get("_spoiled")
        ]
        chosen: dict[int, tuple[str, str]] = {}
        for code, column in options:
            fits = [i for i in spoilable if i not in chosen and self._fits(code, column, rows[i])]
            if fits and self._due(code, day):
                chosen[rng.choice(fits)] = (code, column)
                del self.forced[code]
        for i in spoilable:
            must = rows[i].get("_must_spoil")
            if i not in chosen and (must or rng.random() < self.rate):
                fitting = [
                    (code, column) for code, column in options if self._fits(code, column, rows[i])
                ]
                pending = [(code, column) for code, column in fitting if code in self.forced]
                if fitting:
                    chosen[i] = rng.choice(pending if must and pending else fitting)
        self._apply(chosen, rows, style, rng, found)
        if table in DUTY_OPTIONS:
            self._spoil_duties(table, rows, style, day, key, found)
        return [Injected(i + 2, column, code) for i, column, code in sorted(found)]

    def _apply(self, chosen, rows, style, rng, found) -> None:
        for i, (code, column) in sorted(chosen.items()):
            self.forced.pop(code, None)  # it has appeared: no need to force it any more
            rows[i][column] = self._bad_value(code, column, rows[i], style, rng)
            rows[i]["_spoiled"] = True
            found.append((i, column, code))

    def _spoil_duties(self, table, rows, style, day, key, found) -> None:
        """The second pass: :data:`DUTY_OPTIONS`, forced once each, else at the rate."""
        rng = rng_for(self.seed, "spoil-duties", table, day, key)
        options = DUTY_OPTIONS[table]
        spoilable = [
            i
            for i, row in enumerate(rows)
            if (row.get("_spoilable") or row.get("_duty_spoilable")) and not row.get("_spoiled")
        ]
        chosen: dict[int, tuple[str, str]] = {}
        for code, column in options:
            fits = [i for i in spoilable if i not in chosen and self._fits(code, column, rows[i])]
            if fits and self._due(code, day):
                chosen[rng.choice(fits)] = (code, column)
                del self.forced[code]
        for i in spoilable:
            if i not in chosen and rng.random() < self.rate:
                fitting = [(c, col) for c, col in options if self._fits(c, col, rows[i])]
                if fitting:
                    chosen[i] = rng.choice(fitting)
        self._apply(chosen, rows, style, rng, found)

    @staticmethod
    def _fits(code: str, column: str, row: dict) -> bool:
        if row.get(column) is None:
            return False
        if code == "delivered_before_reported":
            return row.get("reported_at") is not None
        return True

    def _bad_value(self, code, column, row, style, rng):
        value = row[column]
        if code == "id_excel_number":
            number = excel_number(value)
            # Excel keeps the number in a cell; saved as CSV it shows as 4.10182E+17.
            return Raw(number) if style.fmt == "xlsx" else Raw(f"{float(number):.5E}")
        if code == "id_checksum":
            return Raw(spoil_check_digit(value))
        if code == "sex_mismatch":
            return "female" if value == "male" else "male"
        if code == "unknown_village":
            return Raw(rng.choice([name for name in _NOT_VILLAGES if name not in self.villages]))
        if code == "bad_phone":
            return Raw(value + "12" if value.startswith("0") else value[:-1])
        if code == "bad_date":
            return Raw(rng.choice(_BAD_DATES))
        if code == "bad_datetime":
            return Raw(rng.choice(_BAD_DATETIMES))
        if code == "out_of_range":
            return Raw(rng.choice(_BAD_TEMPERATURES))
        if code == "delivered_before_reported":
            return row["reported_at"] - dt.timedelta(hours=rng.randint(1, 5))
        if code == "bad_uscc":
            return Raw(spoil_credit_code(value))
        return self._bad_duty_value(code, value, row, rng)

    @staticmethod
    def _bad_duty_value(code, value, row, rng):
        if code == "risk_over_returnees":  # the two counts swapped, or a typo
            return row["returnees_found"] + rng.randint(1, 3)
        if code == "unknown_checkpoint":  # a checkpoint's number mistyped
            return Raw(value[:-1] + str((int(value[-1]) + 7) % 10))
        if code == "shift_not_of_checkpoint":
            return "night" if value == "all_day" else "all_day"
        if code == "ended_before_started":  # past midnight, written with the same date
            return row["ended_at"] - dt.timedelta(days=1)
        if code == "party_over_patrollers":
            return row["patrollers"] + rng.randint(1, 3)
        if code == "sown_over_planned":  # 累计 and 计划 mixed up, or a digit too many
            planned = row["planned_mu"]
            return float(value * 10 if value * 10 > planned else planned + rng.randint(5, 50))
        if code == "unknown_household":
            return Raw(value[:-4] + "9" + value[-3:])
        if code == "party_over_volunteers":
            return row["volunteers"] + rng.randint(1, 2)
        raise ValueError(f"unknown defect {code}")

    def _extra_rows(self, table, rows, day, rng, found) -> None:
        if table == "quarantine":
            # A released person: rejecting both rows then leaves no visit or call orphaned.
            candidates = [
                i for i, row in enumerate(rows) if row.get("_spoilable") and not row.get("_spoiled")
            ]
            if candidates and (self._due("duplicate_period", day) or rng.random() < DUPLICATE_RATE):
                self.forced.pop("duplicate_period", None)
                i = rng.choice(candidates)
                twin = {k: v for k, v in rows[i].items() if not k.startswith("_")}
                # Registered again by another cadre, a day later: the periods overlap.
                twin["start_date"] += dt.timedelta(days=1)
                twin["end_date"] += dt.timedelta(days=1)
                rows[i]["_spoiled"] = True
                rows.append(twin | {"_spoiled": True})
                found += [
                    (i, "person_id", "duplicate_period"),
                    (len(rows) - 1, "person_id", "duplicate_period"),
                ]
        elif table == "health_checks" and rows:
            if self._due("unknown_person", day) or rng.random() < UNKNOWN_PERSON_RATE:
                self.forced.pop("unknown_person", None)
                stranger = self.people.make(rng, born=(1960, 2000))
                row = dict(rows[0]) | {"person_id": stranger.person_id, "_spoiled": True}
                rows.append(row)
                found.append((len(rows) - 1, "person_id", "unknown_person"))

    def mismatch(self, rows: list[dict], day: dt.date) -> list[Injected]:
        """Make a couple of in_quarantine counts disagree with the ledger (a warning).

        One per 15 villages on the last day and one on an earlier day, on firms
        with returning workers in quarantine where there are any.
        """
        per_copy = max(1, round(len(self.villages) / 15))
        rng = rng_for(self.seed, "mismatch", day)
        index = self.days.index(day)
        earlier = rng_for(self.seed, "mismatch-day").randrange(max(1, len(self.days) - 1))
        wanted = per_copy * ((index == len(self.days) - 1) + (index == earlier))
        if not wanted or not rows:
            return []
        busy = [i for i, row in enumerate(rows) if row["in_quarantine"] and not row.get("_spoiled")]
        pool = busy or [i for i, row in enumerate(rows) if not row.get("_spoiled")]
        out = []
        for i in sorted(rng.sample(pool, min(wanted, len(pool)))):
            rows[i]["in_quarantine"] += 1
            rows[i]["_spoiled"] = True
            out.append(
                Injected(i + 2, "in_quarantine", "in_quarantine_mismatch", severity="warning")
            )
        return out

    def remaining(self) -> list[str]:
        """Defects not yet forced (no fitting row came up)."""
        return sorted(self.forced)
