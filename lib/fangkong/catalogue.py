"""The label catalogue: every enumeration, reason and report label in zh and en.

Reports, templates and error messages all take their words from here, so that a
label is changed once. Chinese is the default language.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

#: Enumerations: name -> code -> (zh, en). Codes are what the store keeps.
ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "sex": {"male": ("男", "male"), "female": ("女", "female")},
    "household_category": {
        "registered_poor": ("建档立卡户", "registered poor"),
        "subsistence": ("低保户", "subsistence allowance"),
        "extreme_poverty": ("特困户", "extreme poverty"),
        "disabled": ("残疾户", "disabled"),
        "elderly": ("老人户", "elderly"),
    },
    "registry_status": {"active": ("正常", "active"), "closed": ("注销", "closed")},
    "enterprise_category": {
        "above_size": ("规上企业", "above-size firm"),
        "below_size": ("规下企业", "below-size firm"),
        "street_shop": ("沿街门店", "street shop"),
    },
    "quarantine_reason": {
        "close_contact": ("密切接触者", "close contact"),
        "risk_area_return": ("中高风险地区返乡", "risk-area return"),
        "returning_worker": ("外地返岗人员", "returning worker"),
        "other": ("其他", "other"),
    },
    "quarantine_status": {
        "quarantined": ("隔离中", "in quarantine"),
        "released": ("已解除", "released"),
        "transferred": ("已转运", "transferred"),
    },
    "symptom": {
        "none": ("无", "none"),
        "fever": ("发热", "fever"),
        "cough": ("咳嗽", "cough"),
        "fatigue": ("乏力", "fatigue"),
        "sore_throat": ("咽痛", "sore throat"),
        "diarrhea": ("腹泻", "diarrhea"),
        "other": ("其他", "other"),
    },
    "mood": {
        "stable": ("平稳", "stable"),
        "anxious": ("焦虑", "anxious"),
        "low": ("情绪低落", "low"),
    },
    "need": {
        "none": ("无", "none"),
        "supplies": ("生活物资", "supplies"),
        "medicine": ("药品", "medicine"),
        "gas": ("煤气", "gas"),
        "medical": ("就医", "medical care"),
        "other": ("其他", "other"),
    },
    "urgency": {
        "urgent": ("紧急", "urgent"),
        "soon": ("较急", "soon"),
        "normal": ("一般", "normal"),
    },
    "service": {
        "purchase": ("物资代购", "purchasing"),
        "haircut": ("免费理发", "free haircut"),
        "health_check": ("上门体检", "home health check"),
        "shuttle": ("爱心专车送岗", "shuttle to work"),
        "disinfection": ("协助消杀", "disinfection help"),
        "other": ("其他", "other"),
    },
    "donation_kind": {"money": ("现金", "money"), "goods": ("物资", "goods")},
}

#: Spellings accepted for yes/no cells, lower-cased.
YES = {"是", "y", "yes", "true", "1", "√", "✓", "t"}
NO = {"否", "n", "no", "false", "0", "×", "✗", "x", "f"}
YESNO_LABELS = {True: ("是", "yes"), False: ("否", "no")}

#: Reasons a value or row is rejected, or a warning is raised: code -> (zh, en).
REASONS: dict[str, tuple[str, str]] = {
    "required": ("必填项为空", "required value is missing"),
    "bad_date": ("无法识别的日期", "not a readable date"),
    "bad_datetime": ("无法识别的日期时间", "not a readable date and time"),
    "bad_int": ("不是整数", "not a whole number"),
    "bad_float": ("不是数字", "not a number"),
    "bad_yesno": ("不是 是/否", "not a yes/no value"),
    "bad_enum": ("不在可选值中", "not one of the allowed values"),
    "out_of_range": ("超出允许范围", "outside the allowed range"),
    "id_excel_number": (
        "身份证号被Excel转成了数字(科学计数法或末位丢失),请把该列设为文本后重填",
        "ID number was turned into a number by Excel (scientific notation or lost digits); "
        "format the column as text and type it again",
    ),
    "id_length": ("身份证号应为18位", "ID number must have 18 characters"),
    "id_checksum": ("身份证号校验位错误", "ID number check digit is wrong"),
    "id_birth_date": ("身份证号中的出生日期无效", "ID number has an invalid birth date"),
    "id_invalid": ("身份证号无效", "ID number is not valid"),
    "bad_phone": ("电话号码格式错误", "not a valid phone number"),
    "bad_uscc": ("统一社会信用代码无效", "not a valid unified social credit code"),
    "unknown_village": ("不是本镇的村", "not a village of this town"),
    "sex_mismatch": ("性别与身份证号不符", "sex does not match the ID number"),
    "end_before_start": ("解除日期应晚于开始日期", "end date must be after the start date"),
    "start_after_submission": (
        "隔离开始日期晚于报送日期",
        "start date is after the submission date",
    ),
    "origin_required": ("非密切接触者须填写来源地", "origin is required unless close contact"),
    "employer_required": ("返岗人员须填写返岗企业", "employer is required for returning workers"),
    "unknown_enterprise": ("企业不在企业台账中", "enterprise is not in the registry"),
    "unknown_household": ("户编号不在困难群众台账中", "household is not in the registry"),
    "unknown_person": ("此人不在居家隔离台账中", "person is not in the quarantine ledger"),
    "outside_period": ("不在此人的隔离期内", "outside the person's quarantine period"),
    "not_in_quarantine": ("此人当日不在隔离中", "person is not in quarantine on that day"),
    "duplicate_key": ("编号重复", "duplicate id"),
    "duplicate_period": ("同一人隔离期重叠(重复登记)", "same person with overlapping periods"),
    "mood_when_unreached": ("未接通时心理状态应为空", "mood must be blank when not reached"),
    "delivered_before_reported": ("配送时间早于上报时间", "delivered before it was reported"),
    "resumed_on_required": ("已复工须填写复工日期", "resumed date is required when resumed"),
    "staff_over_total": ("在岗人数超过职工总数", "staff on site exceeds staff total"),
    "officer_required": ("非沿街门店须填写驻厂防控员", "prevention officer required"),
    "money_needs_amount": ("现金捐赠须填写金额", "a money donation needs an amount"),
    "goods_need_items": ("物资捐赠须填写物品", "a goods donation needs items"),
    "end_not_planned": (
        "解除日期不等于开始日期加隔离天数",
        "end date is not start date plus quarantine days",
    ),
    "in_quarantine_mismatch": (
        "隔离中人数与隔离台账不符",
        "in-quarantine count differs from the quarantine ledger",
    ),
}


def label(enum: str, code: str, lang: str = DEFAULT_LANG) -> str:
    """Label of an enumeration code in a language.

    Parameters
    ----------
    enum : str
        Name of the enumeration in :data:`ENUMS`.
    code : str
        The stored code.
    lang : {"zh", "en"}

    Returns
    -------
    str
        The label, or the code itself when unknown.
    """
    pair = ENUMS.get(enum, {}).get(code)
    return pair[LANGS.index(lang)] if pair else code


def reason(code: str, lang: str = DEFAULT_LANG) -> str:
    """Plain-language text of a rejection or warning code."""
    pair = REASONS.get(code)
    return pair[LANGS.index(lang)] if pair else code


def enum_lookup(enum: str) -> dict[str, str]:
    """Map every accepted spelling (code, zh, en; case-folded) to its code."""
    lookup: dict[str, str] = {}
    for code, (zh, en) in ENUMS[enum].items():
        for spelling in (code, zh, en):
            lookup[spelling.casefold()] = code
    return lookup


# --- Report labels (fangkong.report, fangkong.quarantine_report) ----------------------
# Section titles, column headers, figure names and narrative sentences of the daily
# reports. key -> (zh, en); "{name}" fields are filled in by text(key, lang, name=...).
REPORT_LABELS: dict[str, tuple[str, str]] = {
    # Shared by every report (fangkong.report).
    "header.town": ("{town}（{county}）", "{town} ({county})"),
    "header.report_date": ("报告日期", "Report date"),
    "header.data_as_of": ("数据截至", "Data as of"),
    "header.generated_at": ("生成时间", "Generated at"),
    "header.version": ("版本", "Version"),
    "header.masked": ("个人信息已脱敏", "Personal data masked"),
    "header.internal": (
        "内部版本：含个人信息，请勿外发",
        "Internal copy: personal data, do not send",
    ),
    "header.no_data": ("无数据", "no data"),
    "headline.title": ("今日概况", "Today at a glance"),
    "headline.change": ("较昨日", "vs D-1"),
    "alerts.title": ("预警", "Alerts"),
    "alerts.none": ("今日无预警。", "No alerts today."),
    "alerts.summary": ("今日预警共{total}项：{parts}。", "{total} alerts today: {parts}."),
    "alerts.part": ("{label}{count}项", "{label} {count}"),
    "breakdown.title": ("分战区、分村情况", "By war zone and village"),
    "breakdown.narrative": (
        "各战区合计等于全镇合计；没有人员的村也列出。",
        "War-zone totals add up to the town total; villages with nobody are listed too.",
    ),
    "breakdown.by_zone": ("分战区", "By war zone"),
    "breakdown.by_village": ("分村", "By village"),
    "trend.title": ("近{days}日趋势", "Last {days} days"),
    "quality.title": ("数据质量", "Data quality"),
    "quality.narrative": (
        "今日未报送{missing}项（{villages}个村），入库退回{rejected}行，提示{warnings}条。",
        "{missing} submissions missing today ({villages} villages), "
        "{rejected} rows rejected at ingest, {warnings} warnings.",
    ),
    "quality.missing": ("今日未报送", "Not submitted today"),
    "quality.missing_none": ("各村今日均已报送全部报表。", "Every village submitted every table."),
    "quality.rejected": ("入库退回的行（按原因）", "Rows rejected at ingest, by reason"),
    "quality.rejected_none": ("今日没有退回的行。", "No rows rejected today."),
    "quality.warnings": ("交叉核对提示（按原因）", "Warnings from cross-table checks, by reason"),
    "quality.warnings_none": ("今日没有提示。", "No warnings today."),
    "col.zone": ("战区", "War zone"),
    "col.village": ("村", "Village"),
    "col.tables": ("未报送的报表", "Tables not submitted"),
    "col.table": ("报表", "Table"),
    "col.reason": ("原因", "Reason"),
    "col.rows": ("行数", "Rows"),
    "col.figure": ("指标", "Figure"),
    "col.today": ("今日", "Today"),
    "col.previous": ("昨日", "D-1"),
    "col.change": ("变化", "Change"),
    "total": ("合计", "Total"),
    "unassigned": ("未归属战区", "No war zone"),
    "list_separator": ("、", ", "),
    # The quarantine report (fangkong.quarantine_report).
    "q.title": ("居家隔离日报", "Home quarantine daily report"),
    "q.figure.in_quarantine": ("在隔离", "In quarantine"),
    "q.figure.new_today": ("今日新增", "New today"),
    "q.figure.released_today": ("今日解除", "Released today"),
    "q.figure.transferred_today": ("今日转运", "Transferred today"),
    "q.figure.due_tomorrow": ("明日到期", "Due tomorrow"),
    "q.figure.overdue": ("超期未解除", "Overdue"),
    "q.figure.fever_alerts": ("发热/症状", "Fever or symptoms"),
    "q.figure.checks_done": ("上门监测已完成", "Medical visits done"),
    "q.figure.checks_owed": ("上门监测应完成", "Medical visits owed"),
    "q.figure.missed_checks": ("漏访人数", "Missed a visit"),
    "q.figure.disinfections_done": ("消杀已完成", "Disinfections done"),
    "q.figure.disinfections_owed": ("消杀应完成", "Disinfections owed"),
    "q.figure.calls_reached": ("回访已接通", "Calls reached"),
    "q.figure.calls_owed": ("回访应完成", "Calls owed"),
    "q.figure.lost_contact": ("失联", "Lost contact"),
    "q.figure.mood_alerts": ("情绪异常", "Anxious or low"),
    "q.figure.team_gaps": ("四包一缺位", "Four-to-one gaps"),
    "q.figure.employer_mismatches": ("企业隔离数不符", "Employer mismatches"),
    "q.figure.employers_not_reported": ("企业未报", "Employers not reporting"),
    "q.rate.checks": ("上门监测完成率", "Medical visits done"),
    "q.rate.disinfections": ("消杀完成率", "Disinfection done"),
    "q.rate.calls": ("回访接通率", "Calls reached"),
    "q.alert.fever": ("发热/症状", "Fever or symptoms"),
    "q.alert.lost_contact": ("失联", "Lost contact"),
    "q.alert.overdue": ("超期未解除", "Overdue release"),
    "q.alert.missed_check": ("漏访", "Missed visit"),
    "q.alert.mood": ("情绪异常", "Anxious or low"),
    "q.alert.team_gap": ("四包一缺位", "Four-to-one gap"),
    "q.alert.employer_mismatch": ("企业隔离数不符", "Employer mismatch"),
    "q.headline.narrative": (
        "全镇在隔离{in_quarantine}人，今日新增{new_today}人、解除{released_today}人、"
        "转运{transferred_today}人；明日到期{due_tomorrow}人，超期未解除{overdue}人。",
        "{in_quarantine} people in home quarantine: {new_today} new today, "
        "{released_today} released, {transferred_today} transferred; "
        "{due_tomorrow} due for release tomorrow, {overdue} overdue.",
    ),
    "q.alerts.narrative": (
        "下列人员需要其“四包一”小组今日处置。",
        "The people below need action by their four-to-one team today.",
    ),
    "q.reason.title": ("按隔离类型", "By reason"),
    "q.reason.narrative": (
        "在隔离{total}人按隔离类型分列。",
        "The {total} people in quarantine by reason.",
    ),
    "q.fever.title": ("发热及症状预警", "Fever and symptom alerts"),
    "q.fever.narrative": (
        "今日体温≥{threshold}°C或有症状的{count}人（已转运、已解除的人员仍列出）。",
        "{count} people at or above {threshold} °C or with symptoms today "
        "(people transferred or released stay listed).",
    ),
    "q.fever.none": ("今日无发热或症状人员。", "Nobody with a fever or symptoms today."),
    "q.visits.title": ("医护上门监测", "Medical visits"),
    "q.visits.narrative": (
        "每人每日应上门监测{per_day}次，今日完成{done}/{owed}次（{rate}），{missed}人漏访。",
        "{per_day} visits owed per person per day: {done} of {owed} done today ({rate}); "
        "{missed} people missed a visit.",
    ),
    "q.visits.missed": ("今日漏访人员", "People who missed a visit today"),
    "q.visits.none_missed": ("今日无漏访。", "Nobody missed a visit today."),
    "q.slot.morning": ("上午", "morning"),
    "q.slot.afternoon": ("下午", "afternoon"),
    "q.slot.nth": ("第{n}次", "visit {n}"),
    "q.care.title": ("消杀与电话回访", "Disinfection and follow-up calls"),
    "q.care.narrative": (
        "消杀完成{dis_done}/{dis_owed}（{dis_rate}），电话回访接通{calls_reached}/{calls_owed}"
        "（{calls_rate}）；连续{days}天未接通（失联）{lost}人，情绪焦虑或低落{mood}人。",
        "Disinfection {dis_done} of {dis_owed} ({dis_rate}); calls reached {calls_reached} "
        "of {calls_owed} ({calls_rate}); {lost} people unreached {days} days running "
        "(lost contact), {mood} anxious or low.",
    ),
    "q.care.lost": ("失联人员", "Lost contact"),
    "q.care.lost_none": ("今日无失联人员。", "Nobody lost contact."),
    "q.care.mood": ("情绪焦虑或低落", "Anxious or low"),
    "q.care.mood_none": ("今日无情绪异常人员。", "Nobody anxious or low today."),
    "q.team.title": ("四包一落实情况", "Four-to-one coverage"),
    "q.team.narrative": (
        "在隔离{total}人中，{gaps}人的四包一小组有缺位。",
        "Of the {total} people in quarantine, {gaps} have a gap in their four-to-one team.",
    ),
    "q.team.none": ("四包一小组均已落实。", "Every four-to-one team is complete."),
    "q.workers.title": ("返岗人员与企业报告核对", "Returning workers against employers' reports"),
    "q.workers.narrative": (
        "隔离台账中的返岗隔离人数与企业日报核对：{mismatch}家不符，{not_reported}家未报。",
        "Returning workers in the ledger against employers' daily reports: "
        "{mismatch} differ, {not_reported} did not report.",
    ),
    "q.workers.none": ("今日没有返岗隔离人员。", "No returning workers in quarantine today."),
    "q.workers.match": ("一致", "match"),
    "q.workers.mismatch": ("不符", "differs"),
    "q.workers.not_reported": ("企业未报", "not reported"),
    "q.trend.in_quarantine": ("在隔离", "In quarantine"),
    "q.trend.new_today": ("新增", "New"),
    "q.trend.fever_alerts": ("发热/症状", "Fever or symptoms"),
    "q.trend.narrative": (
        "每日在隔离人数、新增人数和发热/症状人数。",
        "People in quarantine, new people and fever or symptom alerts, day by day.",
    ),
    "q.col.kind": ("类型", "Alert"),
    "q.col.name": ("姓名", "Name"),
    "q.col.person_id": ("身份证号", "ID number"),
    "q.col.phone": ("电话", "Phone"),
    "q.col.detail": ("情况", "Details"),
    "q.col.team": ("四包一小组", "Four-to-one team"),
    "q.col.status": ("状态", "Status"),
    "q.col.temperature": ("最高体温°C", "Highest °C"),
    "q.col.symptoms": ("症状", "Symptoms"),
    "q.col.checked_at": ("监测时间", "Checked at"),
    "q.col.reason": ("隔离类型", "Reason"),
    "q.col.count": ("人数", "People"),
    "q.col.missing": ("缺少", "Missing"),
    "q.col.doctor": ("包联医生", "Doctor"),
    "q.col.last_reached": ("最近接通", "Last reached"),
    "q.col.mood": ("心理状态", "Mood"),
    "q.col.needs": ("诉求", "Needs"),
    "q.col.caller": ("回访人", "Caller"),
    "q.col.called_at": ("回访时间", "Called at"),
    "q.col.missing_roles": ("缺位", "Missing roles"),
    "q.col.enterprise_id": ("统一社会信用代码", "Credit code"),
    "q.col.enterprise": ("企业", "Employer"),
    "q.col.in_ledger": ("台账隔离人数", "In the ledger"),
    "q.col.reported": ("企业报告人数", "Reported"),
    "q.col.check": ("核对", "Check"),
    "q.col.checks": ("上门监测", "Visits"),
    "q.col.disinfections": ("消杀", "Disinfection"),
    "q.col.calls": ("回访接通", "Calls reached"),
    "q.role.police": ("民警", "police"),
    "q.role.doctor": ("医生", "doctor"),
    "q.role.town_staff": ("镇干部", "town staff"),
    "q.role.village_cadre": ("村干部", "village cadre"),
    "q.detail.fever": ("{temperature}°C{symptoms}", "{temperature} °C{symptoms}"),
    "q.detail.lost_contact": ("连续{days}天未接通", "unreached {days} days running"),
    "q.detail.overdue": ("应于{end}解除", "due for release on {end}"),
    "q.detail.missed_check": ("未完成{slots}监测", "no {slots} visit"),
    "q.detail.mood": ("{mood}", "{mood}"),
    "q.detail.team_gap": ("缺{roles}", "no {roles}"),
    "q.detail.employer_mismatch": (
        "{firm}：台账{in_ledger}人，企业报告{reported}人",
        "{firm}: {in_ledger} in the ledger, {reported} reported",
    ),
}


def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """A report label or sentence in a language, with its fields filled in.

    Parameters
    ----------
    key : str
        A key of :data:`REPORT_LABELS`.
    lang : {"zh", "en"}
    **fields
        Values for the ``{name}`` fields of the text.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key, so that a misspelt label fails loudly.
    """
    words = REPORT_LABELS[key][LANGS.index(lang)]
    return words.format(**fields) if fields else words


# --- end of report labels --------------------------------------------------------------
