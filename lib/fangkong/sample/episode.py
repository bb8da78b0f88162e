"""One person's home quarantine: its period, status by day, and ledger row.

:class:`fangkong.sample.ledger.Ledger` makes the episodes of a sample town and
writes the daily tables they drive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fangkong.sample.people import Person


@dataclass
class Episode:
    """One person's home quarantine."""

    person: Person
    village: str
    address: str
    reason: str
    origin: str | None
    start: dt.date
    end: dt.date
    release_on: dt.date
    team: tuple[str, str, str, str]  # police, doctor, town staff, village cadre
    employer: str | None = None
    transfer_on: dt.date | None = None
    fever_on: dt.date | None = None  # a fever, transferred the next day
    mild_fever_on: dt.date | None = None  # a low fever that passes
    mood: str = "stable"
    unreached: set = field(default_factory=set)

    def status(self, day: dt.date) -> str | None:
        """Ledger status on ``day``; None before the person is registered."""
        if day < self.start:
            return None
        if self.transfer_on and day >= self.transfer_on:
            return "transferred"
        return "released" if day >= self.release_on else "quarantined"

    def followed(self, day: dt.date) -> bool:
        """Whether the person owes visits, disinfection and calls on ``day``."""
        return self.status(day) == "quarantined" and self.start <= day <= self.end

    def row(self, day: dt.date) -> dict:
        police, doctor, town_staff, cadre = self.team
        return dict(
            person_id=self.person.person_id,
            name=self.person.name,
            sex=self.person.sex,
            phone=self.person.phone,
            village=self.village,
            address=self.address,
            reason=self.reason,
            origin=self.origin,
            start_date=self.start,
            end_date=self.end,
            status=self.status(day),
            police=police,
            doctor=doctor,
            town_staff=town_staff,
            village_cadre=cadre,
            employer=self.employer,
        )
