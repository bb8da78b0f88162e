"""The quarantine ledger and its daily records: medical visits, disinfection, calls.

People enter home quarantine over time (more in February, fewer by March), stay
``quarantine_days`` and are released on their end date; a few are released late
(overdue), a few are transferred (most after a fever). Events are written only
for days a person is in quarantine and inside their period, which is what the
contract accepts.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import itertools
import math

from fangkong.sample.episode import Episode
from fangkong.sample.people import (
    LOCAL_AREA,
    OTHER_AREAS,
    OTHER_ORIGINS,
    RISK_ORIGINS,
    WORK_ORIGINS,
    People,
    rng_for,
)
from fangkong.sample.registries import Registries
from fangkong.sample.supermarkets import FACTORIES
from fangkong.town import Town

#: People entering home quarantine per day in a town of 65,000: (at the end, 20+ days before).
ARRIVALS_PER_DAY = (2.5, 4.5)
WARM_UP_DAYS = 16
_NEEDS = (
    "需要代购蔬菜",
    "询问何时解除隔离",
    "需要降压药",
    "家中老人需要照顾",
    "希望送煤气",
    "孩子网课需要资料",
)


def _poisson(rng, lam: float) -> int:
    # Knuth's method: rates here are small (well under 10 a day per village).
    limit, count, product = math.exp(-lam), 0, 1.0
    while True:
        product *= rng.random()
        if product <= limit:
            return count
        count += 1


class Ledger:
    """Every quarantine episode of a sample town and the daily tables it drives.

    Parameters
    ----------
    town : Town
    registries : Registries
    days : list of datetime.date
    seed : int
    people : People
    """

    def __init__(
        self, town: Town, registries: Registries, days: list[dt.date], seed: int, people: People
    ):
        self.town, self.registries, self.days, self.seed = town, registries, days, seed
        self.quarantine_days = town.policy.quarantine_days
        # Employers of returning workers, by resumption date, weighted by staff.
        self._employers = sorted(
            (
                firm
                for firm in registries.enterprises
                if firm.category in FACTORIES and firm.resume_on
            ),
            key=lambda firm: (firm.resume_on, firm.enterprise_id),
        )
        self._resumed = [firm.resume_on for firm in self._employers]
        self._staff_cum = list(itertools.accumulate(firm.staff_total for firm in self._employers))
        self.by_village: dict[str, list[Episode]] = {}
        for village in town.villages:
            self.by_village[village.name] = self._arrivals(village, people)
        self._overdue_on_last_day()
        self._lost_contact()
        self._fever_on_last_day()

    @property
    def episodes(self) -> list[Episode]:
        return [
            episode for village in self.town.villages for episode in self.by_village[village.name]
        ]

    def _arrivals(self, village, people: People) -> list[Episode]:
        rng = rng_for(self.seed, "arrivals", village.name)
        staff = self.registries.staff[village.name]
        end = self.days[-1]
        first = self.days[0] - dt.timedelta(days=WARM_UP_DAYS)
        episodes = []
        day = first
        while day <= end:
            to_end = (end - day).days
            low, high = ARRIVALS_PER_DAY
            rate = (low + (high - low) * min(1.0, to_end / 20)) * village.population / 65000
            for _ in range(_poisson(rng, rate)):
                episodes.append(self._episode(rng, village.name, staff, day, to_end, people))
            day += dt.timedelta(days=1)
        return episodes

    def _episode(self, rng, village, staff, start, to_end, people: People) -> Episode:
        worker_weight = 25 + 25 * max(0.0, 1 - to_end / 30)
        reason = rng.choices(
            ("close_contact", "risk_area_return", "returning_worker", "other"),
            (8, 40 - worker_weight / 2, worker_weight, 12),
        )[0]
        employer = None
        if reason == "returning_worker":
            # Workers come back to firms that have resumed or are about to.
            k = bisect.bisect_right(self._resumed, start + dt.timedelta(days=5))
            if k:
                firm = rng.choices(self._employers[:k], cum_weights=self._staff_cum[:k])[0]
                employer = firm.enterprise_id
            else:
                reason = "risk_area_return"
        if reason == "returning_worker":
            area = rng.choice(list(OTHER_AREAS)) if rng.random() < 0.7 else LOCAL_AREA
            # Province and city of the home area: where the worker comes back from.
            origin = OTHER_AREAS[area][:6] if area != LOCAL_AREA else rng.choice(WORK_ORIGINS)
            person = people.make(rng, born=(1965, 2001), area=area)
        else:
            origin = {
                "close_contact": None,
                "risk_area_return": rng.choice(RISK_ORIGINS),
                "other": rng.choice(OTHER_ORIGINS),
            }[reason]
            person = people.make(rng, born=(1940, 2012))
        end = start + dt.timedelta(days=self.quarantine_days)
        late = rng.random() < 0.08
        episode = Episode(
            person=person,
            village=village,
            address=f"{village}{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
            reason=reason,
            origin=origin,
            start=start,
            end=end,
            release_on=end + dt.timedelta(days=rng.randint(2, 3)) if late else end,
            team=(
                rng.choice(staff.police),
                rng.choice(staff.doctors),
                rng.choice(staff.town_staff),
                rng.choice(staff.cadres),
            ),
            employer=employer,
            mood=rng.choices(("stable", "anxious", "low"), (85, 10, 5))[0],
        )
        roll = rng.random()
        if roll < 0.04:
            episode.fever_on = start + dt.timedelta(days=rng.randint(1, self.quarantine_days - 2))
            episode.transfer_on = episode.fever_on + dt.timedelta(days=1)
        elif roll < 0.05:
            episode.transfer_on = start + dt.timedelta(
                days=rng.randint(2, self.quarantine_days - 2)
            )
        elif roll < 0.11:
            episode.mild_fever_on = start + dt.timedelta(
                days=rng.randint(1, self.quarantine_days - 1)
            )
        for day in range(self.quarantine_days + 1):
            if rng.random() < 0.07:
                episode.unreached.add(start + dt.timedelta(days=day))
        return episode

    def _lost_contact(self) -> None:
        """A person or two per 15 villages unreached two days running (lost contact)."""
        rng = rng_for(self.seed, "lost-contact")
        window = set(self.days)
        candidates = []
        for episode in self.episodes:
            pairs = [
                day
                for day in self.days[:-1]
                if episode.followed(day)
                and episode.followed(day + dt.timedelta(days=1))
                and day + dt.timedelta(days=1) in window
                and day > episode.start
            ]
            if pairs:
                candidates.append((episode, pairs))
        wanted = 2 * max(1, round(len(self.town.villages) / 15))
        chosen = rng.sample(candidates, min(wanted, len(candidates)))
        # One of them is lost on the last day, so that the last report shows it.
        eve = self.days[-2] if len(self.days) > 1 else None
        at_end = [candidate for candidate in candidates if eve in candidate[1]]
        if at_end:
            first = next((pair for pair in chosen if eve in pair[1]), None) or rng.choice(at_end)
            chosen = [first] + [pair for pair in chosen if pair is not first][: len(chosen) - 1]
        for n, (episode, pairs) in enumerate(chosen):
            day = eve if n == 0 and eve in pairs else rng.choice(pairs)
            episode.unreached |= {day, day + dt.timedelta(days=1)}

    def _overdue_on_last_day(self) -> None:
        """Someone past their end date and not yet released on the last day."""
        last = self.days[-1]
        if any(
            episode.status(last) == "quarantined" and last > episode.end
            for episode in self.episodes
        ):
            return
        due = [
            episode
            for episode in self.episodes
            if episode.end == last - dt.timedelta(days=1)
            and episode.release_on == episode.end
            and not episode.transfer_on
        ]
        if due:
            rng_for(self.seed, "last-overdue").choice(due).release_on = last + dt.timedelta(days=1)

    def _fever_on_last_day(self) -> None:
        """At least one fever on the last day, so that the last report has an alert."""
        last = self.days[-1]
        if any(
            episode.followed(last) and last in (episode.fever_on, episode.mild_fever_on)
            for episode in self.episodes
        ):
            return
        followed = [
            episode for episode in self.episodes if episode.followed(last) and not episode.fever_on
        ]
        if followed:
            rng_for(self.seed, "last-fever").choice(followed).mild_fever_on = last

    # -- daily tables ---------------------------------------------------------------

    def ledger_rows(self, village: str, day: dt.date) -> list[dict]:
        """The village's full ledger as sent on ``day`` (everyone registered so far)."""
        rows = []
        for episode in self.by_village[village]:
            if episode.start <= day:
                row = episode.row(day)
                # Typos in rows of people released before today harm nothing else.
                row["_spoilable"] = row["status"] == "released" and episode.release_on < day
                row["_episode"] = episode
                rows.append(row)
        return rows

    def changed(self, village: str, day: dt.date) -> bool:
        """Whether the village's ledger on ``day`` differs from the day before, or owes events."""
        before = day - dt.timedelta(days=1)
        return any(
            episode.status(day) != episode.status(before) or episode.status(day) == "quarantined"
            for episode in self.by_village[village]
        )

    def health_checks(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "checks", village, day)
        rows = []
        for episode in self.by_village[village]:
            if not episode.followed(day):
                continue
            fever = episode.fever_on == day
            mild = episode.mild_fever_on == day
            for morning in (True, False):
                if rng.random() < 0.025 and not ((fever or mild) and not morning):
                    continue  # a missed visit
                hour = rng.randint(7, 11) if morning else rng.randint(14, 17)
                at = dt.datetime.combine(day, dt.time(hour, rng.choice((0, 10, 20, 30, 40, 50))))
                if morning and hour == 7:
                    at = at.replace(minute=30 + rng.randrange(0, 30, 10))
                temp = round(min(37.1, max(35.8, rng.gauss(36.5, 0.25))), 1)
                symptoms = ("none",) if rng.random() < 0.8 else None
                if fever and not morning:
                    temp = round(rng.uniform(37.4, 38.6), 1)
                    symptoms = ("fever",) + (
                        (rng.choice(("cough", "fatigue")),) if rng.random() < 0.5 else ()
                    )
                elif fever:
                    temp = round(rng.uniform(37.0, 37.2), 1)
                elif mild and not morning:
                    temp = round(rng.uniform(37.3, 37.6), 1)
                    symptoms = ("fever",) if rng.random() < 0.5 else ("none",)
                elif rng.random() < 0.015:
                    symptoms = (rng.choice(("cough", "sore_throat", "fatigue")),)
                rows.append(
                    dict(
                        person_id=episode.person.person_id,
                        checked_at=at,
                        temperature_c=temp,
                        symptoms=symptoms,
                        checked_by=episode.team[1],
                        _spoilable=True,
                    )
                )
        return rows

    def disinfections(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "disinfections", village, day)
        workers = self.registries.staff[village].disinfectors
        rows = []
        for episode in self.by_village[village]:
            if episode.followed(day) and rng.random() >= 0.03:
                at = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randrange(0, 60, 5)))
                rows.append(
                    dict(
                        person_id=episode.person.person_id,
                        done_at=at,
                        done_by=rng.choice(workers),
                        _spoilable=True,
                    )
                )
        return rows

    def followup_calls(self, village: str, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "calls", village, day)
        rows = []
        for episode in self.by_village[village]:
            if not episode.followed(day):
                continue
            reached = day not in episode.unreached
            mood = needs = None
            if reached:
                mood = episode.mood if rng.random() < 0.7 else "stable"
                needs = rng.choice(_NEEDS) if rng.random() < 0.12 else None
            at = dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randrange(0, 60, 5)))
            rows.append(
                dict(
                    person_id=episode.person.person_id,
                    called_at=at,
                    reached=reached,
                    mood=mood,
                    needs=needs,
                    caller=rng.choice(self.registries.office_callers),
                    _spoilable=True,
                )
            )
        return rows

    def quarantined_workers(self, day: dt.date) -> collections.Counter:
        """Employer -> returning workers in quarantine on ``day`` (as the ledger says)."""
        return collections.Counter(
            episode.employer
            for episode in self.episodes
            if episode.reason == "returning_worker" and episode.status(day) == "quarantined"
        )

    def returned_workers(self, day: dt.date) -> collections.Counter:
        """Employer -> returning workers registered in the ledger by ``day``."""
        return collections.Counter(
            episode.employer
            for episode in self.episodes
            if episode.reason == "returning_worker" and episode.start <= day
        )
