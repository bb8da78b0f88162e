"""What a report's email says, read from its sidecar: for :mod:`fangkong.delivery.mail_body`.

The day's paragraph, the alerts named in the body (the most urgent of each
kind, residents masked as in the sidecar, staff by name) and the rest counted,
each category's rate against its target, the alert kinds listed on their own,
the headline figures with their units and changes, data quality in a
sentence, and what the key chart shows. Every word is the catalogue's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from fangkong import registry
from fangkong.catalogue import ENUMS, REPORT_LABELS, label, reason, text

#: Alerts named in the body, at most, and of one kind at most; the rest are counted.
TOP_ALERTS = 8
TOP_PER_KIND = 3
#: Items of a kind listed on its own (registry ``mail_listed``), at most.
LISTED_MAX = 20


def figure_label(report: str, kind: str, name: str, lang: str) -> str:
    """The catalogue's label of a report's figure or alert kind (its name when none)."""
    key = f"{registry.get(report).labels}.{kind}.{name}"
    return text(key, lang) if key in REPORT_LABELS else name


def number(value) -> str:
    """``7031`` -> ``7,031``; a fraction keeps one decimal; missing -> ``—``."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def percent(rate) -> str:
    """A share in percent as the paragraph prints it: ``0.9523`` -> ``95.2``, ``1.0`` -> ``100``."""
    if rate is None:
        return "—"
    return f"{round(float(rate) * 100, 1):.1f}".removesuffix(".0")


def month_day(sidecar: dict) -> dict:
    """``{"month": 3, "day": 10}`` of the sidecar's report date."""
    _, month, day = (int(p) for p in sidecar["report_date"].split("-"))
    return {"month": month, "day": day}


def unit(report: str, figure: str, lang: str) -> str:
    """The unit of a headline figure (``人``), or nothing."""
    code = registry.get(report).unit_of(figure)
    return text(f"unit.{code}", lang) if code else ""


@dataclass(frozen=True)
class Alert:
    """An alert as the email names it."""

    key: str
    kind: str  # its label
    age: str  # new today, or open for N days
    what: str  # where, who or which firm, and the detail
    people: str  # the team, the one responsible or the firm's contact; may be empty


def _supervised(sidecar: dict) -> set[str]:
    """Keys of the day's 督办 items (open two days or more), as the follow-up lists them."""
    followup = sidecar.get("followup") or {}
    return {s.get("key") for s in followup.get("supervised") or []}


def alert(item: dict, sidecar: dict, lang: str) -> Alert:
    """An alert item of the sidecar as the email names it.

    Parameters
    ----------
    item : dict
        One of ``sidecar["alert_items"]``: masked already.
    sidecar : dict
        The report's sidecar (its name, and its 督办 items).
    lang : {"zh", "en"}

    Returns
    -------
    Alert
    """
    zone = item.get("zone")
    where = text("mail.alert.town", lang) if zone in (None, "total") else zone
    subject = item.get("name") or item.get("enterprise_name")
    place = " ".join(p for p in (where, item.get("village"), subject) if p)
    days = item.get("days_open") or 1
    if days <= 1:
        age = text("mail.alert.new", lang)
    else:
        key = (
            "mail.alert.supervised"
            if item.get("key") in _supervised(sidecar)
            else "mail.alert.day_n"
        )
        # Open since before the history of alerts began: at least N days, as the page says.
        key += "_at_least" if item.get("days_open_at_least") else ""
        age = text(key, lang, n=days)
    people = ""
    if item.get("team"):
        people = text("mail.alert.team", lang, who=item["team"])
    elif item.get("responsible"):
        people = text("mail.alert.responsible", lang, who=item["responsible"])
    elif item.get("contact") or item.get("phone"):
        who = " ".join(p for p in (item.get("contact"), item.get("phone")) if p)
        people = text("mail.alert.contact", lang, who=who)
    return Alert(
        key=item.get("key") or "",
        kind=figure_label(sidecar["report"], "alert", item.get("kind", ""), lang),
        age=age,
        what=("，" if lang == "zh" else ", ").join(p for p in (place, item.get("detail")) if p),
        people=people,
    )


def top_alerts(sidecar: dict) -> tuple[list[dict], list[dict]]:
    """The alert items the body names, and the rest.

    The sidecar lists alert kinds the most urgent first, and within a kind the
    alerts in the report's order of urgency (the page's); the body takes
    :data:`TOP_PER_KIND` of each kind in that order, :data:`TOP_ALERTS` in all.
    Kinds the registry lists on their own (``mail_listed``) are left out.

    Parameters
    ----------
    sidecar : dict

    Returns
    -------
    (list of dict, list of dict)
        Named, in that order; the others, in the sidecar's order.
    """
    listed = registry.get(sidecar["report"]).mail_listed
    items = [i for i in sidecar.get("alert_items", []) if i.get("kind") not in listed]
    kinds = list(dict.fromkeys(i.get("kind") for i in items))
    ranked = sorted(items, key=lambda i: kinds.index(i.get("kind")))  # stable within a kind
    taken, per_kind = [], {}
    for item in ranked:
        kind = item.get("kind")
        if len(taken) < TOP_ALERTS and per_kind.get(kind, 0) < TOP_PER_KIND:
            taken.append(item)
            per_kind[kind] = per_kind.get(kind, 0) + 1
    ids = {id(i) for i in taken}
    return taken, [i for i in items if id(i) not in ids]


def more_alerts(rest: list[dict], report: str, lang: str) -> str:
    """``另有5项预警（漏访3项、情绪异常2项）见附件。`` for the alerts not named; empty if none."""
    if not rest:
        return ""
    counts: dict[str, int] = {}
    for item in rest:
        counts[item.get("kind")] = counts.get(item.get("kind"), 0) + 1
    parts = text("list_separator", lang).join(
        text("alerts.part", lang, label=figure_label(report, "alert", k, lang), count=n)
        for k, n in counts.items()
    )
    return text("mail.alerts.more", lang, count=len(rest), parts=parts)


def alerts_total(sidecar: dict) -> int:
    """The day's alerts: the sidecar's items, or its counts when it has no items."""
    items = sidecar.get("alert_items")
    if items:
        return len(items)
    counts = (sidecar.get("alerts") or {}).values()
    return sidecar.get("alerts_total") or sum(n for n in counts if isinstance(n, int))


def alerts_intro(sidecar: dict, shown: int, lang: str) -> str:
    """``今日预警共13项，以下为最紧急的8项：`` (saying which are listed on their own, if any)."""
    total = alerts_total(sidecar)
    if not total:
        return text("alerts.none", lang)
    kinds = registry.get(sidecar["report"]).mail_listed
    apart = sum(1 for i in sidecar.get("alert_items", []) if i.get("kind") in kinds)
    if apart:
        return text("mail.alerts.apart", lang, total=total, apart=apart, shown=shown)
    key = "mail.alerts.all" if shown == total else "mail.alerts.some"
    return text(key, lang, total=total, shown=shown)


@dataclass(frozen=True)
class Target:
    category: str
    rate: str
    target: str
    resumed: str
    met: bool | None


def targets(sidecar: dict, lang: str) -> list[Target]:
    """Each category's rate against its target (registry ``targets``), where the sidecar has it.

    Parameters
    ----------
    sidecar : dict
    lang : {"zh", "en"}

    Returns
    -------
    list of Target
        In the enumeration's order; a category without firms (no rate) is left
        out; empty for a report without targets.
    """
    enum = registry.get(sidecar["report"]).targets
    figures = sidecar.get("figures", {})
    out = []
    for code in ENUMS.get(enum, {}) if enum else ():
        if figures.get(f"{code}_rate") is None:
            continue  # not a figure of this report, or no firm of the category: no rate
        out.append(
            Target(
                category=label(enum, code, lang),
                rate=percent(figures[f"{code}_rate"]),
                target=percent(figures.get(f"{code}_target")),
                resumed=text(
                    "mail.targets.resumed",
                    lang,
                    resumed=number(figures.get(f"{code}_resumed")),
                    firms=number(figures.get(f"{code}_firms")),
                ),
                met=figures.get(f"{code}_met"),
            )
        )
    return out


def met_word(met: bool | None, lang: str) -> str:
    """``达标``, ``未达标``, or a dash when unknown."""
    return "—" if met is None else text("mail.targets.met" if met else "mail.targets.not_met", lang)


def listed(sidecar: dict, lang: str) -> list[tuple[str, list[Alert], int]]:
    """Each alert kind the registry lists on its own (``mail_listed``), e.g. the firms still closed.

    Parameters
    ----------
    sidecar : dict
    lang : {"zh", "en"}

    Returns
    -------
    list of (str, list of Alert, int)
        Its title with the count, its first :data:`LISTED_MAX` alerts, and how
        many are left out; kinds without alerts today are left out.
    """
    report = sidecar["report"]
    entry = registry.get(report)
    out = []
    for kind in entry.mail_listed:
        items = [i for i in sidecar.get("alert_items", []) if i.get("kind") == kind]
        if not items:
            continue
        key = f"{entry.labels}.mail.listed.{kind}"
        title = text(key, lang, count=len(items)) if key in REPORT_LABELS else kind
        shown = [alert(i, sidecar, lang) for i in items[:LISTED_MAX]]
        out.append((title, shown, len(items) - len(shown)))
    return out


def headline(sidecar: dict, lang: str) -> list[tuple[str, str, str, str, bool]]:
    """The headline figures, for the table and for the plain text.

    Parameters
    ----------
    sidecar : dict
    lang : {"zh", "en"}

    Returns
    -------
    list of (str, str, str, str, bool)
        For each figure: its label, its value with its unit, its change since
        yesterday (``+2``, ``持平``), the sentence that says both, and whether it
        counts alerts (shown in red when not zero).
    """
    report = sidecar["report"]
    # The figures the report shows in red when not zero (its class's alert_figures),
    # and its cards: the sidecar's headline has every figure with its change.
    cls = registry.get(report).load_class()
    alert_figures, figures = set(cls.alert_figures), sidecar.get("headline", {})
    rows = []
    for name, fig in ((n, figures[n]) for n in cls.cards() if n in figures):
        lab, u = figure_label(report, "figure", name, lang), unit(report, name, lang)
        value, change = number(fig.get("value")), fig.get("change")
        amount = number
        if fig.get("format") == "rate":
            # A rate's change is in percentage points, not in the rate's unit.
            share = fig.get("value")
            value, u = "—" if share is None else f"{percent(share)}%", ""
            amount = partial(_points, lang=lang)
        if change is None:
            shown, key = "", "mail.figure.new"
        elif change == 0:
            shown, key = text("mail.change.same", lang), "mail.figure.same"
        else:
            key = "mail.figure.up" if change > 0 else "mail.figure.down"
            shown = text(f"mail.change.{key.rsplit('.', 1)[1]}", lang, n=amount(abs(change)))
        n = amount(abs(change)) if change else ""
        sentence = text(key, lang, label=lab, value=value, unit=u, n=n)
        alerted = bool(fig.get("value")) and name in alert_figures
        rows.append((lab, value + u, shown, sentence, alerted))
    return rows


def _points(share: float, lang: str) -> str:
    """A change of a rate in percentage points: ``0.032`` -> ``3.2个百分点``."""
    return text("headline.pp", lang, pp=percent(share))


def quality(sidecar: dict, lang: str) -> str:
    """Data quality in a sentence: submissions missing, records that failed the checks.

    Parameters
    ----------
    sidecar : dict
        Its ``data_quality``: counts and the reasons by code (worded by the
        catalogue, without the advice some reasons carry).
    lang : {"zh", "en"}

    Returns
    -------
    str
        ``数据质量：1个村共1份报表今日未报送；7条记录未通过校验……。`` or that all is well.
    """
    dq = sidecar.get("data_quality") or {}
    sep = text("list_separator", lang)

    def reasons(by: dict) -> str:
        return sep.join(
            text("mail.quality.reason", lang, reason=_short(reason(code, lang)), n=number(n))
            for code, n in by.items()
        )

    parts = []
    if dq.get("missing_submissions"):
        parts.append(
            text(
                "mail.quality.missing",
                lang,
                villages=number(dq.get("villages_missing") or 0),
                missing=number(dq["missing_submissions"]),
            )
        )
    if dq.get("rejected_rows"):
        by = reasons(dq.get("rejected_by_reason") or {})
        parts.append(
            text("mail.quality.rejected", lang, rows=number(dq["rejected_rows"]), reasons=by)
        )
    if dq.get("warning_rows"):
        by = reasons(dq.get("warnings_by_reason") or {})
        parts.append(
            text("mail.quality.warnings", lang, rows=number(dq["warning_rows"]), reasons=by)
        )
    if not parts:
        return text("mail.quality.good", lang)
    return text("mail.quality.sentence", lang, parts=("；" if lang == "zh" else "; ").join(parts))


def _short(words: str) -> str:
    """A reason without the advice some carry: ``预警编号不存在,请按……`` -> ``预警编号不存在``."""
    return re.split(r"[,，;；]", words, maxsplit=1)[0].strip()


def chart_alt(sidecar: dict, lang: str = "zh") -> str:
    """What the email's chart shows, as its alternative text (``<report>.trend.email``).

    Parameters
    ----------
    sidecar : dict
        The report's sidecar: its trend's days are the chart's (a reopening trend
        has a row per day and category).
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    key = f"{registry.get(sidecar['report']).labels}.trend.email"
    days = len({row["date"] for row in sidecar.get("trend") or []}) or 1
    if key not in REPORT_LABELS:
        return text("trend.title", lang, days=days)
    return text(key, lang, days=days)


def paragraph(sidecar: dict) -> str:
    """The report's paragraph of the day (``sidecar["paragraph"]["text"]``); empty if none."""
    return ((sidecar.get("paragraph") or {}).get("text") or "").strip()
