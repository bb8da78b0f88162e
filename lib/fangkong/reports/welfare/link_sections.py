"""What the welfare report says of the needs' links, and of party volunteers.

:class:`LinkSections` is mixed into the welfare report: it matches the day's open
needs with the purchases and gas requests made for them (:mod:`.links`), and gives
the words the report adds where a reader looks: each open need's alert detail
("已代购2次（最近3月9日）", "未登记煤气配送"), a sentence in the needs, gas and
volunteers sections, and one in the day's paragraph when visit-found gas needs have
no request registered (the queue alone says "煤气超时0" of them).
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.html import fmt_int, fmt_rate
from fangkong.reports.paragraph import Paragraph, number
from fangkong.reports.welfare import links

#: The link figures compared with the day before (the sidecar's headline) and
#: mailed with the headline table; the party shares are in ``figures`` only.
LINK_CHANGES = (
    "purchase_need_households",
    "purchase_need_served",
    "purchase_need_unserved",
    "purchases_without_need",
    "gas_needs_found",
    "gas_needs_registered",
    "gas_needs_unregistered",
    "gas_needs_unregistered_late",
    "volunteer_party_members",
)
#: Shown in red when not zero (in the email's table): gas needs nobody registered
#: for longer than the queue may keep a request waiting. Not an alert of its own:
#: each is already listed once, as an open need whose detail says so.
LINK_ALERT_FIGURES = ("gas_needs_unregistered_late",)


def _month_day(value) -> dict:
    when = pd.Timestamp(value)
    return {"month": when.month, "day": when.day}


class LinkSections:
    """The links of open needs to purchases and gas requests, as the report shows them.

    Mixed into the welfare report, whose figures, words and rows it uses.
    """

    def compute_links(self) -> None:
        """Match the day's open needs with the purchases and gas requests made for them."""
        data = self.data
        bought = links.purchase_links(self.need_rows, data.today.services, data.day)
        self.purchase_rows = bought.set_index(links.HOUSEHOLD_ID)
        gas_rows = links.gas_links(self.need_rows, self.gas_rows, data.town, data.day)
        self.gas_link_rows = gas_rows.set_index(links.HOUSEHOLD_ID)

    def need_link(self, household_id: str, need: str) -> str:
        """What was done for an open need, to follow its alert detail (or nothing)."""
        t = self.t
        if need in links.PURCHASE_NEEDS and household_id in self.purchase_rows.index:
            row = self.purchase_rows.loc[household_id]
            if not row[links.SERVED]:
                return t("w.link.not_bought")
            when = _month_day(row[links.LAST_PURCHASE])
            return t("w.link.bought", times=fmt_int(row[links.PURCHASES]), **when)
        if need == links.GAS and household_id in self.gas_link_rows.index:
            row = self.gas_link_rows.loc[household_id]
            if row[links.GAS_LINK] == links.QUEUED:
                return t("w.link.gas_queued", position=fmt_int(row[links.POSITION]))
            if row[links.GAS_LINK] == links.DELIVERED:
                return t("w.link.gas_delivered", **_month_day(row[links.DELIVERED_AT]))
            if row[links.LATE]:
                return t("w.link.gas_unregistered_late", hours=self._gas_hours())
            return t("w.link.gas_unregistered")
        return ""

    def _gas_hours(self) -> str:
        return f"{self.data.town.policy.gas_overdue_hours:g}"

    def purchase_sentence(self) -> str:
        """The needs section's sentence: households wanting supplies, bought for or not."""
        f = self.figures
        if not f["purchase_need_households"]:
            return ""
        return self.t(
            "w.link.needs_narrative",
            households=fmt_int(f["purchase_need_households"]),
            served=fmt_int(f["purchase_need_served"]),
            unserved=fmt_int(f["purchase_need_unserved"]),
        )

    def gas_link_sentence(self) -> str:
        """The gas section's sentence: gas needs found on visits, in the queue or not."""
        f = self.figures
        if not f["gas_needs_found"]:
            return ""
        key = "w.link.gas_narrative_late" if f["gas_needs_unregistered_late"] else ""
        return self.t(
            key or "w.link.gas_narrative",
            found=fmt_int(f["gas_needs_found"]),
            registered=fmt_int(f["gas_needs_registered"]),
            delivered=fmt_int(f["gas_needs_delivered"]),
            queued=fmt_int(f["gas_needs_queued"]),
            unregistered=fmt_int(f["gas_needs_unregistered"]),
            late=fmt_int(f["gas_needs_unregistered_late"]),
            hours=self._gas_hours(),
        )

    def volunteer_sentence(self) -> str:
        """The volunteers section's sentences: party members' share, purchases named."""
        t, f = self.t, self.figures
        out = ""
        if f["volunteer_party_share"] is not None:
            out += t(
                "w.link.party",
                party=fmt_int(f["volunteer_party_members"]),
                share=fmt_rate(f["volunteer_party_share"]),
                blank=fmt_int(f["volunteer_party_blank"]),
                share_to_date=fmt_rate(f["volunteer_party_share_to_date"]),
            )
        if f["purchases_named"]:
            out += t(
                "w.link.purchases_named",
                named=fmt_int(f["purchases_named"]),
                without=fmt_int(f["purchases_without_need"]),
            )
        return out

    def paragraph_links(self, p: Paragraph) -> None:
        """The day's paragraph: visit-found gas needs without a request, when there are."""
        if not self.figures["gas_needs_unregistered"]:
            return
        f, town = self.figure, self.data.town
        if self.figures["gas_needs_unregistered_late"]:
            p.add(
                "w.para.gas_unregistered_late",
                n=f("gas_needs_unregistered"),
                late=f("gas_needs_unregistered_late"),
                hours=number("policy.gas_overdue_hours", town.policy.gas_overdue_hours),
            )
        else:
            p.add("w.para.gas_unregistered", n=f("gas_needs_unregistered"))
