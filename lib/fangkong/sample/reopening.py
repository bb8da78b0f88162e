"""The enterprises' daily reopening report (enterprise_status), town-level.

Each active firm reports every day (a few miss a day, never the last one): whether
it has resumed, staff on site, returned workers and those of them still in home
quarantine (taken from the quarantine ledger), stock of masks and disinfectant,
and the prevention checklist.
"""

from __future__ import annotations

import datetime as dt

from fangkong.sample.ledger import Ledger
from fangkong.sample.people import rng_for
from fangkong.sample.registries import Registries


class Reopening:
    """Daily enterprise_status rows of a sample town.

    Parameters
    ----------
    registries : Registries
    ledger : Ledger
    days : list of datetime.date
    seed : int
    """

    def __init__(self, registries: Registries, ledger: Ledger, days: list[dt.date], seed: int):
        self.registries, self.ledger, self.days, self.seed = registries, ledger, days, seed
        rng = rng_for(seed, "mask-stock")
        # A tenth of firms keep too few masks (under three days).
        self.mask_days = {
            firm.enterprise_id: (
                rng.uniform(0.5, 2.5) if rng.random() < 0.1 else rng.uniform(4, 15)
            )
            for firm in registries.enterprises
        }

    def enterprise_status(self, day: dt.date) -> list[dict]:
        rng = rng_for(self.seed, "enterprise-status", day)
        last = day == self.days[-1]
        in_quarantine = self.ledger.quarantined_workers(day)
        returned = self.ledger.returned_workers(day)
        rows = []
        for firm in self.registries.active_firms(day):
            if not last and rng.random() < 0.02:
                continue  # did not report today
            resumed = firm.resume_on is not None and firm.resume_on <= day
            if resumed:
                share = min(0.95, 0.5 + 0.05 * (day - firm.resume_on).days) * rng.uniform(0.95, 1.0)
                on_site = min(firm.staff_total, max(1, round(firm.staff_total * share)))
                masks = round(
                    on_site * 2 * self.mask_days[firm.enterprise_id] * rng.uniform(0.9, 1.1)
                )
                flags = (0.97, 0.95, 0.95, 0.98)
            else:
                on_site = 0
                masks = round(firm.staff_total * 2 * rng.uniform(3, 10))
                flags = (0.7, 0.3, 0.2, 0.5)
            officer, disinfected, checkin, filed = (rng.random() < chance for chance in flags)
            rows.append(
                dict(
                    enterprise_id=firm.enterprise_id,
                    date=day,
                    resumed=resumed,
                    resumed_on=firm.resume_on if resumed else None,
                    staff_on_site=on_site,
                    returned_from_outside=firm.returned_base + returned[firm.enterprise_id],
                    in_quarantine=in_quarantine[firm.enterprise_id],
                    masks=masks,
                    disinfectant_l=round(
                        rng.uniform(0.1, 0.5) * max(1, on_site) + rng.uniform(5, 20), 1
                    ),
                    officer_on_duty=officer,
                    disinfected=disinfected,
                    health_checkin=checkin,
                    filed_online=filed,
                    # A typo here would count the firm as not reporting; keep the last day clean.
                    _spoilable=not last,
                )
            )
        return rows
