"""Alert feedback (预警处置反馈): what villages send once they have handled alerts.

The table is not owed daily: a village sends it on a day it handled something.
:func:`write_feedback` is given the alerts open on a day, as the store recorded
them when the reports ran (keys such as ``Q-0012``), and writes one file per
village that handled some of its own alerts that day: most closed (是否办结 是)
with what was done, a few still in progress (否). Town-wide alerts (no village)
are left to the town. One row of one file carries a key the store never gives,
the sample's documented defect (``unknown_alert_key``). See docs/sample-data.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from fangkong.sample.defects import Injected
from fangkong.sample.manifest import FileEntry, SampleManifest
from fangkong.sample.people import rng_for
from fangkong.sample.registries import _staff as village_staff  # same seed, same names
from fangkong.sample.writer import pick_style, write_table
from fangkong.town import Town

TABLE = "alert_feedback"
#: Share of a village's open alerts it handles on a day.
HANDLED_SHARE = 0.5
#: Share of handled alerts reported closed; the others report progress.
CLOSED_SHARE = 0.85
#: The defect's running number: the store numbers keys from 0001, so ``Q-0000``
#: is never given (a cadre who left the number out), whatever the sample's size.
DEFECT_NUMBER = "0000"
#: Handling ends this long before the day's cut-off, when the files come in.
BEFORE_CUTOFF = dt.timedelta(minutes=45)
FIRST_HOUR = dt.time(8)

#: Alert kind -> who handles it (a :class:`~fangkong.sample.registries.Staff`
#: list), what closes it, and what is reported while it stays open.
ACTIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # quarantine
    "fever": (
        "doctors",
        ("包联医生上门复测体温，已陪同到县人民医院发热门诊排查", "复测体温正常，继续居家观察"),
        ("已安排包联医生复测，等待发热门诊排查结果",),
    ),
    "lost_contact": (
        "cadres",
        ("村干部上门核实，人员在家，已恢复电话联系", "已联系上本人，更新了联系电话"),
        ("已联系家属，正在核实人员去向",),
    ),
    "overdue": (
        "cadres",
        ("隔离期满，经医护评估已办理解除隔离手续",),
        ("已提请镇指挥部办理解除隔离，待出具解除通知",),
    ),
    "missed_check": (
        "doctors",
        ("已补做上门体温监测，体温正常", "包联医生已上门补测，体温和症状正常"),
        ("已通知包联医生今日补测",),
    ),
    "mood": (
        "cadres",
        ("已安排心理疏导员电话疏导，情绪平稳", "村干部上门谈心，帮助解决生活困难，情绪好转"),
        ("村干部已上门谈心，持续关注情绪变化",),
    ),
    "team_gap": (
        "town_staff",
        ("已补齐四包一包联人员并告知本人",),
        ("已报镇指挥部调配包联人员",),
    ),
    "employer_mismatch": (
        "cadres",
        ("已与返岗企业核对，更正台账中的返岗企业",),
        ("已联系企业核实用工信息",),
    ),
    # welfare
    "gas_overdue": (
        "cadres",
        ("已协调煤气站配送到户", "村干部已代为换气送到户"),
        ("已联系煤气站，约定明日上午配送",),
    ),
    "households_unvisited": (
        "cadres",
        ("包户干部已上门走访，了解生活需求", "已上门走访，生活物资充足"),
        ("已电话联系户主，约定上门走访时间",),
    ),
    "open_needs": (
        "cadres",
        ("已代购生活物资送到户", "已协调村医上门送药", "已帮助联系维修，问题已解决"),
        ("已登记需求，正在协调解决",),
    ),
    "produce_surplus": (
        "cadres",
        ("已对接超市和线上团购渠道销售", "已联系批发市场上门收购"),
        ("已联系农超对接企业洽谈收购",),
    ),
    # reopening
    "categories_below_target": (
        "town_staff",
        ("已逐家走访未复工企业，督促制定复工方案",),
        ("正在逐家走访未复工企业",),
    ),
    "worker_mismatches": (
        "town_staff",
        ("已与企业核对返岗隔离人员名单，更正日报数据",),
        ("已通知企业核对返岗隔离人员名单",),
    ),
    "compliance_failures": (
        "town_staff",
        ("已督促企业落实防控员在岗、消杀和员工健康打卡", "复查企业防控措施，已整改到位"),
        ("已下发整改通知，限期整改",),
    ),
    "masks_short": (
        "town_staff",
        ("已协调调配口罩送达企业",),
        ("已登记口罩缺口，上报镇物资保障组调配",),
    ),
    "not_reported_today": (
        "town_staff",
        ("已电话督促企业补报复工复产日报",),
        ("已通知企业联系人，待补报",),
    ),
    "firms_not_resumed": (
        "town_staff",
        ("已上门帮助企业解决复工困难，企业已提交复工申请",),
        ("已走访企业，了解复工困难",),
    ),
}
#: A kind not listed above (a report's new alert).
OTHER_ACTION = ("cadres", ("已核实情况并处置完毕",), ("已核实情况，正在处置",))


def _cutoff(town: Town, day: dt.date) -> dt.datetime:
    hour, minute = (int(part) for part in town.policy.cutoff.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute))


def _handled_at(rng, day: dt.date, cutoff: dt.datetime) -> dt.datetime:
    """A time on ``day`` from 08:00 to :data:`BEFORE_CUTOFF` before the cut-off (5-minute steps)."""
    midnight = dt.datetime.combine(day, dt.time())
    end = max(midnight, cutoff - BEFORE_CUTOFF)
    start = min(dt.datetime.combine(day, FIRST_HOUR), end)
    steps = int((end - start).total_seconds() // 300)
    return start + dt.timedelta(minutes=5 * rng.randint(0, steps))


def feedback_rows(
    town: Town, open_alerts: pd.DataFrame, day: dt.date, seed: int = 0
) -> dict[str, list[dict]]:
    """The rows each village sends about its alerts open on ``day``, the defect left out.

    Parameters
    ----------
    town : Town
    open_alerts : DataFrame or None
        ``key``, ``kind``, ``village`` (and optionally ``report``, ``first_day``,
        ``persists``), one row per alert open on ``day``; the order does not
        matter. An alert whose ``persists`` is true (its condition still shows in
        the day's data) is reported in progress, never closed.
    day : datetime.date
    seed : int

    Returns
    -------
    dict
        Village -> canonical rows (``alert_key``, ``handled_at``, ``action``,
        ``handled_by``, ``closed``) by time handled, for villages in town order
        that handled something. An alert whose village is blank or not the
        town's, or whose ``first_day`` is after ``day``, is handled by none.
    """
    if open_alerts is None or open_alerts.empty:  # None: no recording of the day
        return {}
    alerts = open_alerts[open_alerts["village"].isin(town.village_names)]
    if "first_day" in alerts:
        alerts = alerts[pd.to_datetime(alerts["first_day"]) <= pd.Timestamp(day)]
    cutoff = _cutoff(town, day)
    out = {}
    for village in town.village_names:
        mine = alerts[alerts["village"] == village].sort_values("key", kind="stable")
        if mine.empty:
            continue
        rng = rng_for(seed, "feedback", day, village)
        staff = village_staff(seed, village)
        rows = []
        persists = mine["persists"].tolist() if "persists" in mine else [False] * len(mine)
        for key, kind, stays in zip(mine["key"].tolist(), mine["kind"].tolist(), persists):
            if rng.random() >= HANDLED_SHARE:
                continue
            role, closing, progress = ACTIONS.get(kind, OTHER_ACTION)
            closed = rng.random() < CLOSED_SHARE and not stays
            rows.append(
                dict(
                    alert_key=key,
                    handled_at=_handled_at(rng, day, cutoff),
                    action=rng.choice(closing if closed else progress),
                    handled_by=rng.choice(getattr(staff, role)),
                    closed=closed,
                )
            )
        if rows:
            out[village] = sorted(rows, key=lambda row: (row["handled_at"], row["alert_key"]))
    return out


def write_feedback(
    folder: str | Path, town: Town, open_alerts: pd.DataFrame, day: dt.date, seed: int = 0
) -> list[Path]:
    """Write the alert_feedback files villages send on ``day`` about their open alerts.

    Parameters
    ----------
    folder : str or Path
        The sample folder (:func:`fangkong.sample.write_sample`'s ``outdir``):
        files go to ``folder/<day>/<village>_alert_feedback.<xlsx|csv>``, styled
        like the other village files. When ``folder/manifest.json`` exists, the
        files and the defect are added to it (an earlier call's files of the same
        day are deleted first), so that the next ``write_sample`` removes them.
    town : Town
    open_alerts : DataFrame
        The alerts open on ``day`` (see :func:`feedback_rows`), as the store
        recorded them: ``Store.open_alerts`` of each report, concatenated.
    day : datetime.date
        The day handled and submitted; handling times fall before the town's cut-off.
    seed : int
        Same inputs and seed, same bytes.

    Returns
    -------
    list of Path
        The files written, in town order of their villages; none when no
        village handled anything.
    """
    folder = Path(folder)
    rows = feedback_rows(town, open_alerts, day, seed)
    manifest = _manifest(folder, day)
    defect = _add_defect(rows, day, seed)
    when = _cutoff(town, day) - dt.timedelta(minutes=30)
    paths = []
    for village, village_rows in rows.items():
        style = pick_style(rng_for(seed, "style", day, village, TABLE))
        path = folder / day.isoformat() / f"{village}_{TABLE}.{style.fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = write_table(path, TABLE, village_rows, style, when)
        paths.append(path)
        if manifest is not None:
            defects = [defect[1].as_dict()] if defect and defect[0] == village else []
            manifest.files.append(
                FileEntry.written(
                    path, folder, day, village, TABLE, style, encoding, len(village_rows), defects
                )
            )
    if manifest is not None:
        manifest.write(folder / "manifest.json")
    return paths


def _add_defect(rows: dict[str, list[dict]], day: dt.date, seed: int):
    """Append a row with a key never given to one village's rows: (village, Injected)."""
    if not rows:
        return None
    rng = rng_for(seed, "feedback-defect", day)
    village = rng.choice(list(rows))
    like = rng.choice(rows[village])
    key = f"{like['alert_key'].rpartition('-')[0]}-{DEFECT_NUMBER}"
    rows[village].append(like | {"alert_key": key})
    return village, Injected(len(rows[village]) + 1, "alert_key", "unknown_alert_key", key)


def _manifest(folder: Path, day: dt.date) -> SampleManifest | None:
    """The sample's manifest, without (and with the files deleted of) ``day``'s feedback."""
    if not (folder / "manifest.json").exists():
        return None
    manifest = SampleManifest.read(folder / "manifest.json")
    kept = []
    for entry in manifest.files:
        if entry.table == TABLE and entry.day == day.isoformat():
            (folder / entry.path).unlink(missing_ok=True)
        else:
            kept.append(entry)
    manifest.files = kept
    return manifest
