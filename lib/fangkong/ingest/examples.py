"""The templates' example rows, and how ingest knows one when it sees it.

Each input template (:mod:`fangkong.ingest.templates`) has one example row under
its header, to show a cadre what a good row looks like. An example row is never
data: ingest recognises it by its exact values, the ones here, and rejects it
with the reason ``example_row`` (so rows in = accepted + rejected still holds and
the rejects file tells the village to delete it). A row is an example when it is
the first data row under its header and every value that does not depend on the
village equals the example's after
normalisation: the same row sent as XLSX, CSV, in Chinese or English headers,
with the template's village or another. A row the cadre overwrote, even in one
cell, is data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd

from fangkong.ingest.normalise import COLUMN_READERS, normalise_column
from fangkong.ingest.xlsx_writer import Style, render
from fangkong.schemas import TABLES

#: How the templates write their cells.
STYLE = Style(fmt="xlsx", dates="cell", yesno="zh", enums="zh", set_sep="、")
#: The example rows' resident IDs (a man born 1986-05-12, a woman born
#: 1948-09-03) and credit code, all registered in 荥阳市 (410182).
EXAMPLE_PERSON_ID = "410182198605125395"
EXAMPLE_HEAD_ID = "410182194809030322"
EXAMPLE_CREDIT_CODE = "91410182MALRB60P08"


def examples(village: str) -> dict[str, dict]:
    """One plausible, valid example row per table (canonical values)."""
    person_id, firm = EXAMPLE_PERSON_ID, EXAMPLE_CREDIT_CODE
    day = dt.date(2020, 2, 21)
    at = dt.datetime(2020, 2, 21, 8, 30)
    return {
        "households": dict(
            household_id="H0010001",
            village=village,
            head_name="李秀英",
            head_id_number=EXAMPLE_HEAD_ID,
            phone="0371-64561234",
            categories=("subsistence", "elderly"),
            members=2,
            address=f"{village}三组12号",
            cadre="王建国",
            status="active",
        ),
        "enterprises": dict(
            enterprise_id=firm,
            name="示例建材有限公司",
            village=village,
            category="above_size",
            staff_total=120,
            contact="赵强",
            phone="13838112233",
            prevention_officer="孙明",
            status="active",
        ),
        "quarantine": dict(
            person_id=person_id,
            name="张伟",
            sex="male",
            phone="13903712345",
            village=village,
            address=f"{village}五组8号",
            reason="risk_area_return",
            origin="湖北省武汉市",
            start_date=dt.date(2020, 2, 20),
            end_date=dt.date(2020, 3, 5),
            status="quarantined",
            police="刘警官",
            doctor="陈医生",
            town_staff="周干部",
            village_cadre="吴支书",
        ),
        "health_checks": dict(
            person_id=person_id,
            checked_at=at,
            temperature_c=36.5,
            symptoms=("none",),
            checked_by="陈医生",
        ),
        "disinfections": dict(person_id=person_id, done_at=at.replace(hour=10), done_by="郑卫东"),
        "followup_calls": dict(
            person_id=person_id,
            called_at=at.replace(hour=15),
            reached=True,
            mood="stable",
            needs="需要代购蔬菜",
            caller="镇办公室小马",
        ),
        "welfare_visits": dict(
            household_id="H0010001",
            visited_on=day,
            visitor="王建国",
            needs=("supplies",),
            needs_detail="需要米面油",
            resolved=True,
        ),
        "gas_requests": dict(
            request_id="G001-20200221-01",
            village=village,
            household_id="H0010001",
            contact_name="李秀英",
            phone="13700371234",
            cylinders=1,
            urgency="urgent",
            reported_at=at,
            delivered_at=at.replace(hour=14, minute=10),
        ),
        "produce": dict(
            date=day,
            village=village,
            product="大蒜",
            stock_kg=12000.0,
            sold_kg=800.0,
            demand_kg=1000.0,
            channel="超市对接",
        ),
        "volunteer_services": dict(
            date=day,
            village=village,
            service="shuttle",
            served=12,
            volunteers=2,
            note="爱心专车送岗",
        ),
        "donations": dict(
            date=day, donor="爱心企业", kind="money", amount_yuan=10000.0, village=village
        ),
        "enterprise_status": dict(
            enterprise_id=firm,
            date=day,
            resumed=True,
            resumed_on=dt.date(2020, 2, 18),
            staff_on_site=80,
            returned_from_outside=12,
            in_quarantine=0,
            masks=600,
            disinfectant_l=50.0,
            officer_on_duty=True,
            disinfected=True,
            health_checkin=True,
            filed_online=True,
        ),
        # A key as a report prints it: the first fever the quarantine report gave.
        "alert_feedback": dict(
            alert_key="Q-0001",
            handled_at=at.replace(hour=16),
            action="包联医生上门复测体温，已陪同到县人民医院发热门诊排查",
            handled_by="王建国",
            closed=True,
        ),
        # The rest of the article's duties (issue 18).
        "screening": dict(
            date=day,
            village=village,
            households_screened=120,
            people_screened=410,
            returnees_found=6,
            risk_area_found=1,
            referred=1,
            screened_by="入户排查专班王建国、李红",
        ),
        "checkpoints": dict(
            checkpoint_id="JY-01",
            name=f"{village}东口防疫站点",
            village=village,
            kind="community",
            shifts_per_day=2,
            status="active",
        ),
        "checkpoint_duty": dict(
            checkpoint_id="JY-01",
            date=day,
            shift="day",
            on_duty="王建国、李红、张强",
            party_members=2,
            people_registered=86,
            vehicles_registered=31,
            temperature_alerts=0,
        ),
        "patrols": dict(
            date=day,
            village=village,
            started_at=at.replace(hour=20, minute=0),
            ended_at=at.replace(hour=23, minute=30),
            patrollers=6,
            party_members=3,
            issues_found=1,
            issues_detail="发现一处聚集打牌，已劝散",
        ),
        "farming": dict(
            date=day,
            village=village,
            crop="蔬菜",
            planned_mu=300.0,
            sown_mu=120.0,
            needs=("seed", "fertilizer"),
            needs_detail="需要西红柿种苗和复合肥",
        ),
        "employment": dict(date=day, village=village, job_seekers=15, jobs_offered=40, placed=8),
    }


_ANY_VILLAGE = "\x00village"


@cache
def _typed_example(table: str) -> dict:
    """The example row of a table as ingest types it, without village-made values."""
    spec, out = TABLES[table], {}
    for column, value in examples(_ANY_VILLAGE)[table].items():
        if isinstance(value, str) and _ANY_VILLAGE in value:
            continue
        meta = spec.meta(column)
        cell = render(value, meta["kind"], meta["enum"], STYLE)
        typed, problems = normalise_column(
            pd.Series([cell], dtype=object),
            meta["kind"],
            meta["enum"],
            COLUMN_READERS.get((table, column)),
        )
        assert problems.isna().all(), (table, column)
        if not pd.isna(typed.iloc[0]):
            out[column] = typed.iloc[0]
    return out


def example_mask(table: str, typed: pd.DataFrame, first: np.ndarray) -> np.ndarray:
    """Which rows of a typed table are the template's example row.

    Only the first data row under a header can be the example: the template puts
    it there, and a real row further down that happens to equal it (爱心企业
    giving ¥10000 on the example's day) is data.

    Parameters
    ----------
    table : str
    typed : DataFrame
        Normalised rows (:func:`fangkong.ingest.normalise.normalise_sheet`).
    first : numpy.ndarray of bool
        Which rows are the first data row under their file's (or sheet's) header.

    Returns
    -------
    numpy.ndarray of bool
    """
    mask = np.asarray(first, dtype=bool).copy()
    for column, value in _typed_example(table).items():
        if not mask.any():
            break
        if column not in typed:
            return np.zeros(len(typed), dtype=bool)
        mask &= (typed[column] == value).fillna(False).to_numpy(dtype=bool)
    return mask


def drop_example_rows(table: str, examples: pd.Index, problems: list[dict]) -> list[dict]:
    """The problems of a table's rows, each example row rejected as such and for nothing else.

    Parameters
    ----------
    table : str
    examples : Index
        The example rows (from :func:`example_mask`), left out of the rules so
        that no finding between an example and a real row (a shared key) falls
        on the real row.
    problems : list of dict
        ``row``, ``column``, ``code``, ``severity``, ``detail``.

    Returns
    -------
    list of dict
    """
    if len(examples) == 0:
        return problems
    rows = set(examples.tolist())
    column = TABLES[table].columns[0]
    own = [
        dict(row=row, column=column, code="example_row", severity="rejected", detail=None)
        for row in sorted(rows)
    ]
    return [problem for problem in problems if problem["row"] not in rows] + own
