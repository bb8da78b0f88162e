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
        "supermarket": ("商超", "supermarket"),
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
    "duplicate_period": ("同一人隔离期重叠（重复登记）", "same person with overlapping periods"),
    "mood_when_unreached": ("未接通时心理状态应为空", "mood must be blank when not reached"),
    "delivered_before_reported": ("配送时间早于上报时间", "delivered before it was reported"),
    "resumed_on_required": ("已复工须填写复工日期", "resumed date is required when resumed"),
    "staff_over_total": ("在岗人数超过职工总数", "staff on site exceeds staff total"),
    "officer_required": ("非沿街门店须填写驻厂防控员", "prevention officer required"),
    "money_needs_amount": ("现金捐赠须填写金额", "a money donation needs an amount"),
    "goods_need_items": ("物资捐赠须填写物品", "a goods donation needs items"),
    "unknown_alert_key": (
        "预警编号不存在，请按日报中印出的编号填写",
        "no such alert key: copy the key as printed in the report",
    ),
    "handled_after_submission": ("处置时间晚于报送日期", "handled after the submission date"),
    "handled_before_alert": (
        "处置时间早于该预警首次发出的日期",
        "handled before the day the alert was first given",
    ),
    "end_not_planned": (
        "解除日期不等于开始日期加隔离天数",
        "end date is not start date plus quarantine days",
    ),
    "in_quarantine_mismatch": (
        "隔离中人数与隔离台账不符",
        "in-quarantine count differs from the quarantine ledger",
    ),
    "too_long": (
        "内容过长(超过2000个字符)",
        "too long (more than 2,000 characters)",
    ),
    "formula_no_value": (
        "公式没有计算结果，按空白读取；请在Excel或WPS中打开、保存后重新报送",
        "formula without a computed value, read as blank; open and save the file in Excel "
        "or WPS and send it again",
    ),
    "example_row": (
        "这是模板的示例行，不是数据，不会计入；请删除示例行",
        "this is the template's example row, not data, and was not stored; delete it",
    ),
}


#: The unit each donated item is counted in (the donations table has no unit
#: column: a village writes the item and a number). An item not here shows "件".
ITEM_UNITS: dict[str, tuple[str, str]] = {
    "口罩": ("只", "pcs"),
    "消毒液": ("升", "L"),
    "酒精": ("升", "L"),
    "方便面": ("箱", "cases"),
    "蔬菜": ("公斤", "kg"),
    "米": ("公斤", "kg"),
    "面粉": ("公斤", "kg"),
    "食用油": ("升", "L"),
    "防护服": ("套", "sets"),
    "手套": ("副", "pairs"),
    "护目镜": ("副", "pcs"),
    "体温枪": ("把", "pcs"),
}
ITEM_UNIT_DEFAULT = ("件", "pcs")


def item_unit(item, lang: str = DEFAULT_LANG) -> str:
    """The unit a donated item is counted in, e.g. ``口罩`` -> ``只``."""
    units = ITEM_UNITS.get(str(item).strip(), ITEM_UNIT_DEFAULT) if item else ("", "")
    return units[LANGS.index(lang)]


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


# --- Input templates (fangkong.ingest.templates) ------------------------------------------
# Words on the XLSX input templates: the instructions sheet, column kinds and the
# rule of each column. key -> (zh, en); "{}" fields are filled in by the caller.
TEMPLATE_LABELS: dict[str, tuple[str, str]] = {
    "instructions_sheet": ("说明", "Instructions"),
    "lists_sheet": ("选项", "Lists"),
    "title": ("{}填写说明", "How to fill in: {}"),
    "note_header": (
        "第1行是表头，请勿修改；第2行是示例，填写前请删除或覆盖。",
        "Row 1 is the header: do not change it. Row 2 is an example: delete or overwrite it.",
    ),
    "note_one_row": ("每行一条记录，不要合并单元格。", "One record per row; do not merge cells."),
    "note_text_ids": (
        "身份证号、电话、统一社会信用代码列已设为文本格式，请勿改为数字格式。",
        "ID, phone and credit-code columns are text: do not change them to numbers.",
    ),
    "col_header": ("表头", "Header"),
    "col_name": ("英文列名", "Column"),
    "col_kind": ("类型", "Type"),
    "col_rule": ("填写规则", "Rule"),
    "kind.text": ("文本", "text"),
    "kind.id_number": ("身份证号", "resident ID"),
    "kind.phone": ("电话", "phone"),
    "kind.uscc": ("统一社会信用代码", "credit code"),
    "kind.enum": ("单选", "one of a list"),
    "kind.set": ("多选", "several of a list"),
    "kind.int": ("整数", "whole number"),
    "kind.float": ("数字", "number"),
    "kind.date": ("日期", "date"),
    "kind.datetime": ("日期时间", "date and time"),
    "kind.yesno": ("是/否", "yes/no"),
    "rule.required": ("必填", "required"),
    "rule.optional": ("选填", "optional"),
    "rule.unique": ("不得重复", "must be unique"),
    "rule.choices": ("可选值：{}", "one of: {}"),
    "rule.set_choices": (
        "可多选，用“;”或“、”分隔，可选值：{}",
        "one or more, separated by ';': {}",
    ),
    "rule.range": ("范围 {}–{}", "between {} and {}"),
    "rule.min": ("不小于 {}", "at least {}"),
    "rule.id_number": (
        "18位身份证号，校验位和出生日期须正确，末位x写作X",
        "18-character resident ID with a valid check digit and birth date",
    ),
    "rule.phone": (
        "11位手机号，或 0371-12345678 样式的座机号",
        "11-digit mobile number, or a landline like 0371-12345678",
    ),
    "rule.uscc": (
        "18位统一社会信用代码，校验位须正确",
        "18-character unified social credit code with a valid check character",
    ),
    "rule.date": ("如 2020-03-01", "e.g. 2020-03-01"),
    "rule.datetime": ("如 2020-03-01 08:30", "e.g. 2020-03-01 08:30"),
    "rule.yesno": ("填“是”或“否”", "yes or no"),
    "rule.village": ("本镇的村名", "a village of this town"),
    "rule.quarantine.sex": ("须与身份证号第17位一致", "must agree with the ID's 17th digit"),
    "rule.quarantine.origin": ("非密切接触者必填", "required unless close contact"),
    "rule.quarantine.start_date": ("不晚于报送日期", "not after the submission date"),
    "rule.quarantine.end_date": (
        "晚于开始日期，一般为开始日期加{}天",
        "after the start date, normally the start date plus {} days",
    ),
    "rule.quarantine.employer": (
        "外地返岗人员必填，填返岗企业的统一社会信用代码（须在企业台账中）",
        "required for returning workers: the employer's credit code (in the registry)",
    ),
    "rule.person_in_ledger": (
        "须为居家隔离台账中的人员，且在其隔离期内",
        "a person in the quarantine ledger, inside their period",
    ),
    "rule.health_checks.checked_at": (
        "12:00前为上午监测，12:00后为下午监测",
        "before 12:00 is the morning visit, after is the afternoon visit",
    ),
    "rule.followup_calls.mood": ("未接通时留空", "blank when not reached"),
    "rule.household_registered": ("须为困难群众台账中的户编号", "a registered household"),
    "rule.alert_feedback.alert_key": (
        "按日报中印出的预警编号填写，如 Q-0001",
        "the alert key as printed in the report, e.g. Q-0001",
    ),
    "rule.alert_feedback.handled_at": (
        "不晚于报送日期，不早于该预警首次发出的日期",
        "not after the submission date, not before the alert was first given",
    ),
    "rule.alert_feedback.closed": (
        "问题已解决填“是”；仍在处置中填“否”",
        "yes when the problem is solved; no while it is still being handled",
    ),
    "rule.gas_requests.household_id": (
        "选填；填写时须为困难群众台账中的户编号",
        "optional; a registered household when given",
    ),
    "rule.gas_requests.request_id": (
        "全镇唯一；同一编号再次报送即为更新",
        "unique per town; resending updates it",
    ),
    "rule.gas_requests.delivered_at": (
        "未配送时留空；不得早于上报时间",
        "blank while pending; not before reported",
    ),
    "rule.enterprises.prevention_officer": ("沿街门店以外必填", "required unless street shop"),
    "rule.registry_status": ("注销时填“注销”", "'closed' to remove from the registry"),
    "rule.enterprise_registered": ("须为企业台账中的企业", "a registered enterprise"),
    "rule.enterprise_status.resumed_on": ("已复工时必填", "required when resumed"),
    "rule.enterprise_status.staff_on_site": ("不超过职工总数", "not more than the staff total"),
    "rule.enterprise_status.in_quarantine": (
        "应与隔离台账中本企业的返岗隔离人数一致",
        "should match the ledger's returning workers of this firm",
    ),
    "rule.donations.amount_yuan": ("现金捐赠必填", "required for money"),
    "rule.donations.items": ("物资捐赠必填", "required for goods"),
    "rule.volunteer_services.served": ("爱心专车送岗填送岗人数", "for shuttles: workers carried"),
}
# --- end of input template labels ----------------------------------------------------


# --- Report labels (fangkong.reports: the shared sections and the quarantine report) --
# Section titles, column headers, figure names and narrative sentences of the daily
# reports. key -> (zh, en); "{name}" fields are filled in by text(key, lang, name=...).
REPORT_LABELS: dict[str, tuple[str, str]] = {
    # Shared by every report (fangkong.reports.sections).
    "header.town": ("{town}（{county}）", "{town} ({county})"),
    "header.report_date": ("报告日期", "Report date"),
    "header.data_as_of": ("数据截至", "Data as of"),
    "header.received": ("最近收到报表", "Last file received"),
    "not_filed": ("未报", "not filed"),
    "alerts.see": (
        "{label}{count}项的逐项名单（含编号和责任人）见",
        "The {count} alerts '{label}' are listed one by one, with key and who acts, in ",
    ),
    "alerts.see_rest": (
        "：前{cap}项列在预警部分，其余{rest}项见",
        ": the first {cap} there, the other {rest} in ",
    ),
    "alerts.see_end": ("。", "."),
    "appendix.link": ("附录", "the appendix"),
    "alerts.kind_heading": ("{label}（{count}项）", "{label} ({count})"),
    "alerts.kind_heading_rest": ("{label}（续，{count}项）", "{label} (continued, {count})"),
    # One clock, said by every section in the same words (Context.clock).
    "clock.stock": (
        "时间口径：截至{month}月{day}日{cutoff}。",
        "Counted as of {cutoff} on {month}/{day}.",
    ),
    "clock.flow": (
        "时间口径：今日指{before_month}月{before_day}日{cutoff}至{month}月{day}日{cutoff}。",
        "Today means {cutoff} on {before_month}/{before_day} to {cutoff} on {month}/{day}.",
    ),
    "clock.day": (
        "时间口径：按{month}月{day}日当天应完成的计，以{cutoff}前报送的为准。",
        "Counted for the calendar day {month}/{day}, as submitted by {cutoff}.",
    ),
    "clock.stock_day": (
        "时间口径：截至{month}月{day}日{cutoff}；今日新增、解除、转运按{month}月{day}日的记录计。",
        "Counts as of {cutoff} on {month}/{day}; new, released and transferred today count "
        "the records dated {month}/{day}.",
    ),
    "clock.trend": (
        "时间口径：图中每一天都截至当日{cutoff}，“每日”的数指前一日{cutoff}至当日{cutoff}。",
        "Each day on the charts is counted as of {cutoff} that day; 'each day' counts the "
        "24 hours from {cutoff} the day before.",
    ),
    "clock.stock_flow": (
        "时间口径：截至{month}月{day}日{cutoff}；今日指{before_month}月{before_day}日{cutoff}"
        "至{month}月{day}日{cutoff}。",
        "Counts as of {cutoff} on {month}/{day}; today means {cutoff} on "
        "{before_month}/{before_day} to {cutoff} on {month}/{day}.",
    ),
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
    "headline.pp": ("{pp}个百分点", "{pp} points"),
    "alerts.title": ("预警", "Alerts"),
    "alerts.none": ("今日无预警。", "No alerts today."),
    "alerts.summary": ("今日预警共{total}项：{parts}。", "{total} alerts today: {parts}."),
    "alerts.more": (
        "另有{label}{count}项，见文末附录。",
        "{count} more {label}: see the appendix at the end.",
    ),
    "appendix.title": ("附录：其余预警", "Appendix: the other alerts"),
    "appendix.narrative": (
        "预警部分每类列出前{cap}项，其余{count}项列于此处。",
        "The alert section lists the first {cap} of each kind; the other {count} are here.",
    ),
    "appendix.none": (
        "各类预警均已在预警部分列出。",
        "Every alert is listed in the alert section.",
    ),
    "alerts.part": ("{label}{count}项", "{label} {count}"),
    # The day's paragraph (fangkong.reports.paragraph) and the follow-up of alerts.
    "para.as_of": ("截至{month}月{day}日{hour}时，", "As of {hour}h on {month}/{day}: "),
    "para.as_of_minute": (
        "截至{month}月{day}日{hour}时{minute}分，",
        "As of {hour}h and {minute} min on {month}/{day}: ",
    ),
    "para.up": ("，较前日增加{n}{unit}", ", up {n} on the day before"),
    "para.down": ("，较前日减少{n}{unit}", ", down {n} on the day before"),
    "para.same": ("，与前日持平", ", unchanged on the day before"),
    "para.followup": (
        "今日新增预警{new}项，已办结{closed}项（其中村级处置{handled}项），持续督办{supervised}项。",
        "Alerts: {new} new today, {closed} closed ({handled} handled by a village), "
        "{supervised} under supervision (督办).",
    ),
    "para.followup_unrecorded": (
        "今日预警{total}项（本报告未连接数据库，预警未编号跟踪）。",
        "{total} alerts today (built without the store: no keys, no follow-up).",
    ),
    "followup.title": ("预警跟踪督办", "Follow-up of alerts"),
    "followup.narrative": (
        "今日在办预警{open}项，其中今日新增{new}项，持续2日及以上未办结的{supervised}项列为督办事项，"
        "由所在战区指挥长督办；自前日以来办结{closed}项（村级处置{handled}项，情况消除{ended}项）。",
        "{open} alerts open today: {new} new, {supervised} open for 2 days or more are 督办 "
        "items for their war zone's commander; {closed} closed since the day before "
        "({handled} handled by a village, {ended} whose condition ended).",
    ),
    "followup.unrecorded": (
        "本报告未连接数据库生成，预警未编号，无法跟踪。",
        "This report was built without the store: alerts have no keys and no follow-up.",
    ),
    "followup.line": (
        "{day} {report}：在办{open}项（新增{new}项，持续{carried}项），办结{closed}项"
        "（村级处置{closed_handled}项，情况消除{closed_ended}项），督办{supervised}项",
        "{day} {report}: {open} open ({new} new, {carried} carried over), {closed} closed "
        "({closed_handled} handled by a village, {closed_ended} ended), {supervised} 督办",
    ),
    "followup.line_unrecorded": (
        "{day} {report}：未记录（该日报告尚未生成）",
        "{day} {report}: not recorded (no report made for that day)",
    ),
    "followup.new": ("新增", "new"),
    "followup.day_n": ("第{n}天", "day {n}"),
    "followup.day_n_at_least": ("≥{n}天", "≥{n} days"),
    "followup.town_hq": ("镇指挥部", "Town headquarters"),
    "followup.supervised": ("督办事项（按战区）", "督办 items by war zone (open 2 days or more)"),
    "followup.in_progress": ("督办事项处置进展", "督办 items: latest action reported"),
    "followup.in_progress_note": (
        "其中{count}项村里已报送处置进展，见预警列表中该项的“最新处置”。",
        "Villages reported progress on {count} of them: see 'latest action' in their alert rows.",
    ),
    "alerts.latest": ("。最新处置：{latest}", ". Latest action: {latest}"),
    "followup.col.count": ("督办事项数", "Items"),
    "followup.col.longest": ("最长持续", "Longest open"),
    "followup.col.keys": ("预警编号（详见预警列表）", "Alert keys (see the alert list)"),
    "followup.supervised_none": ("今日无督办事项。", "No 督办 items today."),
    "followup.closed": ("自前日以来办结", "Closed since the day before"),
    "followup.closed_none": ("自前日以来没有办结的预警。", "No alert closed since the day before."),
    "followup.how.handled": ("村级处置办结", "handled by the village"),
    "followup.how.ended": ("情况已消除", "condition ended"),
    "followup.progress": ("{action}（{who}，{at}）", "{action} ({who}, {at})"),
    "followup.col.key": ("预警编号", "Alert key"),
    "followup.col.kind": ("预警类型", "Alert"),
    "followup.col.open_for": ("持续", "Open"),
    "followup.col.commander": ("督办指挥长", "Commander"),
    "followup.col.latest": ("最新处置", "Latest action"),
    "followup.col.days_open": ("持续天数", "Days open"),
    "followup.col.how": ("办结方式", "How closed"),
    "followup.col.outcome": ("办结情况", "How it closed"),
    "followup.outcome": ("{how}：{action}（{who}，{at}）", "{how}: {action} ({who}, {at})"),
    "followup.col.action": ("处置措施", "Action"),
    "followup.col.handled_by": ("处置人", "Handled by"),
    "followup.col.handled_at": ("处置时间", "Handled at"),
    "breakdown.title": ("分战区、分村情况", "By war zone and village"),
    "breakdown.narrative": (
        "各战区、各村的数字如下。",
        "By war zone, then by village; every village is listed.",
    ),
    "breakdown.by_zone": ("分战区", "By war zone"),
    "breakdown.by_village": ("分村", "By village"),
    "trend.title": ("近{days}日趋势", "Last {days} days"),
    "quality.title": ("数据质量", "Data quality"),
    "quality.narrative": (
        "今日未报送报表{missing}份（{villages}个村）；未通过校验的记录{rejected}条，"
        "已退回村里改正；交叉核对提示{warnings}条。",
        "{missing} tables not submitted today ({villages} villages); {rejected} records "
        "failed the checks and went back to the villages; {warnings} cross-check warnings.",
    ),
    "quality.missing": ("今日未报送", "Not submitted today"),
    "quality.count.missing_submissions": ("未报送报表", "tables not submitted"),
    "quality.count.rejected_rows": ("未通过校验的记录", "records that failed the checks"),
    "quality.count.warning_rows": ("核对提示", "warnings"),
    "quality.missing_none": ("各村今日均已报送全部报表。", "Every village submitted every table."),
    "quality.rejected": ("未通过校验的记录（按原因）", "Records that failed the checks, by reason"),
    "quality.rejected_none": ("今日所有记录均通过校验。", "Every record passed the checks today."),
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
    # The quarantine report (fangkong.reports.quarantine.report).
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
    "unit.header": ("{header}（{unit}）", "{header}"),
    "unit.person": ("人", ""),
    "unit.household": ("户", ""),
    "unit.item": ("项", ""),
    "unit.firm": ("家", ""),
    "q.para.stock": ("全镇居家隔离{in_quarantine}人", "{in_quarantine} people in home quarantine"),
    "q.para.flows": (
        "；今日新增{new}人，解除{released}人，转运{transferred}人，明日到期{due}人",
        "; {new} new today, {released} released, {transferred} transferred, "
        "{due} due for release tomorrow",
    ),
    "q.para.overdue": ("，超期未解除{overdue}人", ", {overdue} overdue"),
    "q.para.end": ("。", ". "),
    "q.para.fever": ("发热或有症状预警{fever}人", "Fever or symptom alerts: {fever}"),
    "q.para.fever_free": (
        "已连续{days}日无发热或症状预警。",
        "No fever or symptom alert for {days} days in a row. ",
    ),
    "q.para.fever_free_window": (
        "近{days}日均无发热或症状预警。",
        "No fever or symptom alert in any of the last {days} days. ",
    ),
    "q.para.no_fever": ("今日无发热或症状预警。", "No fever or symptom alert today. "),
    "q.para.care": (
        "医护上门监测完成{checks}%，漏检{missed}人；电话回访接通{calls}%，失联{lost}人。",
        "Medical visits {checks}% done, {missed} people missed one; "
        "phone follow-ups {calls}% reached, {lost} lost contact. ",
    ),
    "q.para.care_counts": (
        "漏检{missed}人，失联{lost}人。",
        "{missed} people missed a visit, {lost} lost contact. ",
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
    "q.team.complete": (
        "在隔离{total}人的四包一小组均已落实。",
        "The four-to-one teams of all {total} people in quarantine are complete.",
    ),
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
    "q.trend.new_today": ("每日新增", "New each day"),
    "q.trend.released_today": ("每日解除隔离", "Released each day"),
    "q.trend.transferred_today": ("每日转运", "Transferred each day"),
    "q.trend.fever_alerts": ("每日发热/症状", "Fever or symptoms each day"),
    "q.trend.stock_chart": ("近{days}日在隔离人数（人）", "In quarantine, {days} days (people)"),
    "q.trend.flows_chart": (
        "近{days}日每日新增、解除、转运与发热（人/日）",
        "Each day's new, released, transferred and fever (people a day)",
    ),
    "q.trend.screening_chart": (
        "近{days}日入户排查累计覆盖率（%）",
        "Door-to-door screening coverage to date, {days} days (%)",
    ),
    "q.trend.chart": ("{town}居家隔离 近{days}日", "{town}: home quarantine, last {days} days"),
    "q.trend.email": (
        "近{days}日在隔离人数，以及每日新增、解除隔离、转运和发热/症状人数",
        "People in quarantine over {days} days, and each day's new, released, transferred "
        "and fever or symptoms",
    ),
    "q.trend.narrative": (
        "上图为每日数据截至时点的在隔离人数，下图为每日新增、解除隔离、转运和发热/症状人数。",
        "People in quarantine at each day's cut-off in one chart; people new, released, "
        "transferred and with a fever or symptom each day in the other.",
    ),
    "q.trend.screening_narrative": (
        "第一幅图为每日数据截至时点的在隔离人数，第二幅为每日新增、解除隔离、转运和发热/症状人数，"
        "第三幅为每日入户排查累计覆盖率（已排查户数占全镇户数）。",
        "People in quarantine at each day's cut-off in the first chart; people new, released, "
        "transferred and with a fever or symptom each day in the second; door-to-door "
        "screening coverage to date (households screened over the town's households) in "
        "the third.",
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
    "q.detail.fever": (
        "{temperature}°C{symptoms}（{at}监测）",
        "{temperature} °C{symptoms} ({at})",
    ),
    "q.detail.lost_contact": (
        "连续{days}天未接通（最近接通{last}）",
        "unreached {days} days running (last reached {last})",
    ),
    "q.detail.overdue": ("应于{end}解除", "due for release on {end}"),
    "q.detail.missed_check": ("未完成{slots}监测", "no {slots} visit"),
    "q.detail.mood": (
        "{mood}{needs}（{caller} {at}回访）",
        "{mood}{needs} (called by {caller} at {at})",
    ),
    "q.detail.mood_needs": ("，诉求：{needs}", "; asks: {needs}"),
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


# --- Welfare and reopening report labels (fangkong.reports.welfare, .reopening) ---
# key -> (zh, en); "w." the welfare report, "r." the reopening report; "{name}" fields
# are filled in by text(). Merged into REPORT_LABELS so that text() finds them.
WELFARE_REOPENING_LABELS: dict[str, tuple[str, str]] = {
    # The welfare report.
    "w.title": ("民生保障日报", "Welfare daily report"),
    "w.figure.households": ("困难群众户数", "Vulnerable households"),
    "w.figure.covered": ("按期走访户数", "Visited in time"),
    "w.figure.households_unvisited": ("未走访或超期", "Not visited or overdue"),
    "w.figure.open_needs": ("未解决需求", "Open needs"),
    "w.figure.gas_received": ("煤气今日登记", "Gas requests today"),
    "w.figure.gas_delivered": ("煤气今日配送", "Gas delivered today"),
    "w.figure.gas_pending": ("煤气待配送", "Gas pending"),
    "w.figure.gas_overdue": ("煤气超时", "Gas overdue"),
    "w.para.visits": (
        "全镇困难群众{households}户，近{days}日已走访{covered}户，走访覆盖率{coverage}%",
        "{households} vulnerable households; {covered} visited in the last {days} days, "
        "coverage {coverage}%",
    ),
    "w.para.pp_up": ("，较前日提高{pp}个百分点", ", up {pp} points on the day before"),
    "w.para.pp_down": ("，较前日下降{pp}个百分点", ", down {pp} points on the day before"),
    "w.para.unvisited": ("；超期或从未走访{unvisited}户", "; {unvisited} overdue or never visited"),
    "w.para.needs": ("；未解决需求{needs}项。", "; {needs} needs unresolved. "),
    "w.para.gas": (
        "煤气需求今日登记{received}件，配送{delivered}件，待配送{pending}件",
        "Gas requests: {received} received today, {delivered} delivered, {pending} waiting",
    ),
    "w.para.gas_overdue": (
        "，其中超时未配送{overdue}件。",
        ", {overdue} of them overdue. ",
    ),
    "w.para.gas_on_time": (
        "，已连续{days}日无超时未配送。",
        "; none overdue for {days} days in a row. ",
    ),
    "w.para.gas_on_time_window": (
        "，近{days}日均无超时未配送。",
        "; none overdue in any of the last {days} days. ",
    ),
    "w.para.gas_none_overdue": ("，无超时未配送。", "; none overdue. "),
    "w.alert.gas_overdue": ("煤气超时未送", "Gas overdue"),
    "w.alert.households_unvisited": ("未走访或超期", "Household not visited"),
    "w.alert.open_needs": ("需求未解决", "Open need"),
    "w.alert.produce_surplus": ("农产品滞销", "Unsold produce"),
    "w.detail.gas_overdue": (
        "{urgency}，{cylinders}瓶，已等待{hours}小时",
        "{urgency}, {cylinders} cylinders, waiting {hours} h",
    ),
    "w.detail.never_visited": ("从未走访", "never visited"),
    "w.detail.overdue": (
        "已{days}天未走访（最近{last}）",
        "last visited {days} days ago ({last})",
    ),
    "w.detail.categories": ("；{categories}", "; {categories}"),
    "w.detail.need": ("{need}{note}，已{days}天未解决", "{need}{note}, open {days} days"),
    "w.detail.need_today": ("{need}{note}，今日发现", "{need}{note}, found today"),
    "w.detail.need_note": ("：{note}", ": {note}"),
    "w.detail.surplus": (
        "{product}库存{stock}公斤，约{days}天销量",
        "{product}: {stock} kg in stock, about {days} days of sales",
    ),
    "w.breakdown.households": ("户数", "Households"),
    "w.breakdown.covered": ("按期走访", "Visited"),
    "w.breakdown.coverage": ("走访覆盖率", "Coverage"),
    "w.breakdown.overdue": ("超期", "Overdue"),
    "w.breakdown.never_visited": ("从未走访", "Never visited"),
    "w.breakdown.open_needs": ("未解决需求", "Open needs"),
    "w.breakdown.gas_received": ("煤气登记", "Gas requests"),
    "w.breakdown.gas_delivered": ("煤气配送", "Gas delivered"),
    "w.breakdown.gas_pending": ("煤气待送", "Gas pending"),
    "w.breakdown.gas_overdue": ("煤气超时", "Gas overdue"),
    "w.trend.coverage": ("走访覆盖率（%）", "Visit coverage (%)"),
    "w.trend.coverage_chart": ("近{days}日走访覆盖率（%）", "Visit coverage, last {days} days (%)"),
    "w.trend.gas_chart": (
        "近{days}日煤气待配送与每日登记、配送（件）",
        "Gas requests, last {days} days: pending, received and delivered",
    ),
    "w.trend.gas_pending": ("截至时点待配送", "Pending at cut-off"),
    "w.trend.gas_overdue": ("其中超时", "of which overdue"),
    "w.trend.gas_received": ("每日登记", "Received each day"),
    "w.trend.gas_delivered": ("每日配送", "Delivered each day"),
    "w.trend.email": (
        "近{days}日煤气每日截至时点待配送（其中超时）与每日登记、配送件数",
        "Gas requests over {days} days: pending (overdue) at each cut-off, received and "
        "delivered each day",
    ),
    "w.trend.sown_chart": ("近{days}日春耕播种进度（%）", "Spring sowing, last {days} days (%)"),
    "w.trend.sown": ("播种进度", "Sown share"),
    "w.trend.sown_narrative": (
        "另有每日春耕播种进度（累计已播面积占春播计划）。",
        " And the share of the spring plan sown by each day.",
    ),
    "w.trend.narrative": (
        "每日数据截至时点的走访覆盖率，以及煤气每日登记、配送件数和截至时点待配送、超时件数。",
        "Visit coverage and gas requests received, delivered, pending and overdue at "
        "each day's cut-off.",
    ),
    "w.households.title": ("困难群众走访", "Visits to vulnerable households"),
    "w.households.narrative": (
        "按困难类型统计{households}户的走访情况（{days}天内走访即为按期）。"
        "同时属于多个类型的户在每个类型中各计一次、在合计中只计一次，"
        "本表有{multi}户属于多个类型，因此各类型相加大于合计。",
        "Visits to the {households} households by category (visited within {days} days "
        "counts as in time). A household in several categories counts once in each "
        "category and once in the total; {multi} households are in more than one, so the "
        "category rows add up to more than the total.",
    ),
    "w.households.unvisited": ("从未走访或超期的户", "Households never visited or overdue"),
    "w.households.none_unvisited": ("所有户均已按期走访。", "Every household was visited in time."),
    "w.status.covered": ("按期", "in time"),
    "w.status.overdue": ("超期", "overdue"),
    "w.status.never_visited": ("从未走访", "never visited"),
    "w.needs.title": ("走访发现的需求", "Needs found on visits"),
    "w.needs.narrative": (
        "尚未解决的需求{needs}项，涉及{households}户。需求在之后的走访记为已解决前一直列出。",
        "{needs} needs of {households} households are open. A need stays listed until a "
        "later visit records it as resolved.",
    ),
    "w.needs.list": ("未解决需求明细", "Open needs"),
    "w.needs.none": ("没有未解决的需求。", "No open needs."),
    "w.gas.title": ("煤气需求", "Gas requests"),
    "w.gas.narrative": (
        "今日登记{received}件、配送{delivered}件；截至{cutoff}待配送{pending}件"
        "（{cylinders}瓶），其中等待超过{hours}小时的{overdue}件；今日配送用时中位数"
        "{median}小时。配送顺序：先按紧急程度，再按上报时间。",
        "{received} requests received and {delivered} delivered today; {pending} pending "
        "at {cutoff} ({cylinders} cylinders), {overdue} of them waiting over {hours} hours; "
        "median {median} hours to delivery today. Delivery order: urgency first, then "
        "report time.",
    ),
    "w.gas.no_median": ("—", "—"),
    "w.gas.queue": ("待配送（按配送顺序）", "Pending, in delivery order"),
    "w.gas.none_pending": ("没有待配送的煤气需求。", "No gas requests pending."),
    "w.gas.delivered": ("今日已配送", "Delivered today"),
    "w.gas.none_delivered": ("今日没有配送。", "Nothing delivered today."),
    "w.produce.title": ("农产品产销", "Farm produce"),
    "w.produce.narrative": (
        "今日{products}个品种报送产销数据；库存超过{days}天销量、需要拓展销售渠道的有{surplus}项。",
        "{products} products reported today; {surplus} village products have more than "
        "{days} days of sales in stock and need a sales channel.",
    ),
    "w.produce.chart": ("各品种库存、销售与需求（公斤）", "Stock, sales and demand (kg)"),
    "w.produce.unit": ("公斤", "kg"),
    "w.produce.surplus": (
        "库存超过{days}天销量的村和品种",
        "Villages with more than {days} days of sales in stock",
    ),
    "w.produce.none_surplus": ("没有滞销的农产品。", "No unsold surplus."),
    "w.volunteers.title": ("志愿服务", "Volunteer services"),
    "w.volunteers.narrative": (
        "今日爱心专车{shuttle_trips_today}趟，送{workers_carried_today}名职工返岗；"
        "累计{shuttle_trips_to_date}趟、{workers_carried_to_date}人。志愿者按人次计。",
        "Shuttles today: {shuttle_trips_today} trips carried {workers_carried_today} "
        "workers back to work; {shuttle_trips_to_date} trips and {workers_carried_to_date} "
        "workers to date. Volunteers are counted per outing.",
    ),
    "w.donations.title": ("捐赠", "Donations"),
    "w.donations.narrative": (
        "今日收到现金{money_today}元、物资{goods_today}笔；累计现金{money_to_date}元、"
        "物资{goods_to_date}笔。",
        "Today: {money_today} yuan in money and {goods_today} gifts of goods; to date "
        "{money_to_date} yuan and {goods_to_date} gifts of goods.",
    ),
    "w.donations.goods": ("捐赠物资（按物品）", "Goods by item"),
    "w.donations.none_goods": ("尚无物资捐赠。", "No goods donated yet."),
    "w.donations.today": ("今日捐赠明细", "Donations today"),
    "w.donations.none": ("今日没有捐赠。", "No donations today."),
    "w.col.kind": ("类型", "Kind"),
    "w.col.head_name": ("户主/联系人", "Head or contact"),
    "w.col.detail": ("情况", "Details"),
    "w.col.responsible": ("包户干部", "Cadre"),
    "w.col.category": ("困难类型", "Category"),
    "w.col.households": ("户数", "Households"),
    "w.col.covered": ("按期走访", "Visited in time"),
    "w.col.coverage": ("覆盖率", "Coverage"),
    "w.col.overdue": ("超期", "Overdue"),
    "w.col.never_visited": ("从未走访", "Never visited"),
    "w.col.categories": ("困难类型", "Categories"),
    "w.col.cadre": ("包户干部", "Cadre"),
    "w.col.visit_status": ("走访状态", "Visit status"),
    "w.col.last_visited_on": ("最近走访", "Last visit"),
    "w.col.days_since_visit": ("距今天数", "Days since"),
    "w.col.need": ("需求类型", "Need"),
    "w.col.open": ("未解决", "Open"),
    "w.col.found_on": ("发现日期", "Found on"),
    "w.col.days_open": ("已持续天数", "Days open"),
    "w.col.last_visitor": ("最近走访人", "Last visitor"),
    "w.col.needs_detail": ("需求说明", "Details"),
    "w.col.position": ("顺序", "Order"),
    "w.col.urgency": ("紧急程度", "Urgency"),
    "w.col.reported_at": ("上报时间", "Reported at"),
    "w.col.contact_name": ("联系人", "Contact"),
    "w.col.phone": ("电话", "Phone"),
    "w.col.cylinders": ("数量（瓶）", "Cylinders"),
    "w.col.hours_waiting": ("已等待（小时）", "Hours waiting"),
    "w.col.delivered_at": ("配送时间", "Delivered at"),
    "w.col.hours_to_delivery": ("用时（小时）", "Hours to delivery"),
    "w.col.product": ("品种", "Product"),
    "w.col.villages": ("报送村数", "Villages"),
    "w.col.stock_kg": ("库存（公斤）", "Stock (kg)"),
    "w.col.sold_kg": ("当日销售（公斤）", "Sold today (kg)"),
    "w.col.demand_kg": ("需求（公斤）", "Demand (kg)"),
    "w.col.balance_kg": ("需求减销售（公斤）", "Demand less sales (kg)"),
    "w.col.days_of_sales": ("可销天数", "Days of sales"),
    "w.col.channel": ("销售渠道", "Channel"),
    "w.col.service": ("服务类型", "Service"),
    "w.col.records": ("今日次数", "Outings today"),
    "w.col.served": ("今日服务人次", "Served today"),
    "w.col.volunteers": ("今日志愿者人次", "Volunteers today"),
    "w.col.records_to_date": ("累计次数", "Outings to date"),
    "w.col.served_to_date": ("累计服务人次", "Served to date"),
    "w.col.volunteers_to_date": ("累计志愿者人次", "Volunteers to date"),
    "w.col.donations_today": ("今日笔数", "Gifts today"),
    "w.col.amount_yuan_today": ("今日金额（元）", "Yuan today"),
    "w.col.donations_to_date": ("累计笔数", "Gifts to date"),
    "w.col.amount_yuan_to_date": ("累计金额（元）", "Yuan to date"),
    "w.col.items": ("物品", "Items"),
    "w.col.quantity_today": ("今日数量", "Quantity today"),
    "w.col.quantity_to_date": ("累计数量", "Quantity to date"),
    "w.col.donor": ("捐赠方", "Donor"),
    "w.col.amount_yuan": ("金额（元）", "Yuan"),
    "w.col.quantity": ("数量", "Quantity"),
    "w.col.unit": ("单位", "Unit"),
    "w.detail.surplus_unsold": (
        "{product}库存{stock}公斤，今日无销售",
        "{product}: {stock} kg in stock, nothing sold today",
    ),
    # The reopening report.
    "r.title": ("复工复产日报", "Reopening daily report"),
    "r.figure.firms": ("登记企业", "Registered firms"),
    "r.figure.resumed": ("已复工", "Resumed"),
    "r.figure.never_reported": ("从未报送", "Never reported"),
    "r.figure.not_reported_today": ("今日未报", "Not reported today"),
    "r.figure.staff_on_site": ("在岗人数", "Staff on site"),
    "r.figure.returned_from_outside": ("外地返岗", "Returned from outside"),
    "r.figure.in_quarantine": ("返岗隔离中", "Returned, in quarantine"),
    "r.figure.worker_mismatches": ("隔离数不符", "Quarantine mismatches"),
    "r.figure.masks_short": ("口罩不足", "Short of masks"),
    "r.figure.rate": ("复工率", "Resumption rate"),
    "r.figure.supermarket_rate": ("商超复工率", "Supermarkets open"),
    "r.met": ("达标", "met"),
    "r.not_met": ("未达标", "not met"),
    "r.resumed": ("已复工", "resumed"),
    "r.not_resumed": ("未复工", "not resumed"),
    "r.para.firms": (
        "全镇{firms}家企业已复工{resumed}家",
        "{resumed} of {firms} firms have resumed work",
    ),
    "r.para.rate": ("，复工率{rate}%", ", {rate}% of them"),
    "r.para.category_first": (
        "；{category}复工率{rate}%（目标{target}%）",
        "; {category} {rate}% (target {target}%)",
    ),
    "r.para.category": (
        "，{category}{rate}%（目标{target}%）",
        ", {category} {rate}% (target {target}%)",
    ),
    "r.para.targets_missed": ("，尚有类别未达到目标。", "; not every category meets its target. "),
    "r.para.targets_met": ("，均达到目标。", "; every category meets its target. "),
    "r.para.targets_met_days": (
        "，已连续{days}日均达到目标。",
        "; every category has met its target for {days} days in a row. ",
    ),
    "r.para.targets_met_window": (
        "，近{days}日均达到目标。",
        "; every category met its target on each of the last {days} days. ",
    ),
    "r.para.staff": (
        "在岗职工{on_site}人，占职工总数的{share}%；防控措施未全部落实{failing}家，"
        "口罩储备不足{masks}家，今日未报送{missing}家。",
        "{on_site} staff on site, {share}% of all staff; {failing} firms short of a "
        "prevention measure, {masks} short of masks, {missing} not reported today. ",
    ),
    "r.alert.categories_below_target": ("复工率未达标", "Below target"),
    "r.alert.worker_mismatches": ("隔离人数不符", "Quarantine mismatch"),
    "r.alert.compliance_failures": ("防控措施未落实", "Prevention check failed"),
    "r.alert.masks_short": ("口罩不足", "Short of masks"),
    "r.alert.not_reported_today": ("今日未报", "Did not report today"),
    "r.alert.firms_not_resumed": ("未复工", "Not resumed"),
    "r.detail.below_target": (
        "{category}复工率{rate}，目标{target}",
        "{category}: {rate} resumed, target {target}",
    ),
    "r.detail.worker_mismatch": (
        "企业报告隔离中{reported}人，隔离台账{in_ledger}人",
        "firm reports {reported} in quarantine, the ledger {in_ledger}",
    ),
    "r.detail.no_report": ("（今日未报送）", " (no report today)"),
    "r.detail.not_done": ("未落实：{check}", "not done: {check}"),
    "r.detail.no_report_short": ("今日未报", "no report today"),
    "r.detail.masks": ("口罩{masks}只，约{days}天用量", "{masks} masks, about {days} days"),
    "r.detail.never_reported": ("从未报送", "never reported"),
    "r.detail.not_resumed": (
        "{category}，职工{staff}人，{last}",
        "{category}, {staff} staff, {last}",
    ),
    "r.detail.last_report": ("最近报送{day}", "last report {day}"),
    "r.check.officer_on_duty": ("防控员在岗", "Officer on duty"),
    "r.check.disinfected": ("当日消杀", "Disinfected today"),
    "r.check.health_checkin": ("员工健康打卡", "Health check-in"),
    "r.check.filed_online": ("在线申报备案", "Filed online"),
    "r.resumption.title": ("复工情况", "Resumption"),
    "r.resumption.narrative": (
        "全镇登记企业{firms}家，按各企业最近一次日报判断是否复工{never}。",
        "{firms} firms are registered; a firm's latest daily report tells whether it has "
        "resumed{never}.",
    ),
    "r.resumption.never": (
        "；从未报送日报的{never}家计为未复工",
        "; the {never} that never reported count as not resumed",
    ),
    "r.resumption.by_zone": ("分战区复工（已复工/企业数）", "By war zone (resumed of firms)"),
    "r.resumption.not_resumed": ("未复工企业", "Firms not resumed"),
    "r.resumption.none_not_resumed": ("所有企业均已复工。", "Every firm has resumed."),
    "r.trend.target": ("目标", " target"),
    "r.trend.chart": (
        "近{days}日各类企业复工率（%）与目标",
        "Resumption by category, {days} days (%)",
    ),
    "r.trend.email": (
        "近{days}日规上、规下企业和沿街门店每日复工率及各自目标",
        "Resumption rate of each category of firm over {days} days, with its target",
    ),
    "r.trend.narrative": (
        "各类企业每日复工率，同色虚线为该类目标。",
        "Resumption rate of each category day by day; dashed lines are the targets.",
    ),
    "r.staff.title": ("职工在岗与返岗", "Staff and returned workers"),
    "r.staff.narrative": (
        "在岗{on_site}人，占职工总数{total}人的{rate}；外地返岗{returned}人，其中隔离中"
        "{quarantine}人。与隔离台账核对：{mismatches}家不符，{not_reported}家今日未报。",
        "{on_site} staff on site of {total} ({rate}); {returned} returned from outside, "
        "{quarantine} of them in quarantine. Against the quarantine ledger: {mismatches} "
        "firms differ, {not_reported} did not report today.",
    ),
    "r.staff.by_category": ("按企业类型", "By category"),
    "r.staff.by_zone": ("按战区", "By war zone"),
    "r.staff.crosscheck": (
        "返岗隔离人数与隔离台账核对",
        "Returned workers in quarantine against the ledger",
    ),
    "r.staff.none_crosscheck": ("没有需要核对的企业。", "No firm to check."),
    "r.crosscheck.match": ("一致", "match"),
    "r.crosscheck.mismatch": ("不符", "differs"),
    "r.crosscheck.not_reported": ("今日未报", "not reported"),
    "r.compliance.title": ("防控措施落实", "Prevention compliance"),
    "r.compliance.narrative": (
        "在已复工企业中按今日日报统计；今日未报送的企业各项均计为未落实"
        "（沿街门店不要求驻厂防控员）。有{failing}家企业至少一项未落实。",
        "Among resumed firms, from today's reports; a firm that did not report today fails "
        "every check (street shops need no prevention officer). {failing} firms fail at "
        "least one check.",
    ),
    "r.compliance.chart": ("各战区已复工企业防控措施落实率（%）", "Compliance by war zone (%)"),
    "r.compliance.failures": ("未落实的企业", "Firms failing a check"),
    "r.compliance.none_failing": ("已复工企业各项措施均已落实。", "Every resumed firm passes."),
    "r.masks.title": ("口罩与消毒液", "Masks and disinfectant"),
    "r.masks.narrative": (
        "按每名在岗职工每天{per_day}只口罩计算可用天数，不足{days}天的企业{short}家；"
        "已复工企业消毒液库存合计{disinfectant}升。",
        "Days of masks at {per_day} a day per person on site: {short} firms have under "
        "{days} days; resumed firms hold {disinfectant} litres of disinfectant.",
    ),
    "r.masks.short": ("口罩不足{days}天的企业", "Firms with under {days} days of masks"),
    "r.masks.none": ("没有口罩不足的企业。", "No firm is short of masks."),
    "r.not_reported.title": ("今日未报送日报的企业", "Firms that did not report today"),
    "r.not_reported.narrative": (
        "今日未报送的企业{missing}家（复工状态按其最近一次日报）。",
        "{missing} firms did not report today (their state is their latest report's).",
    ),
    "r.not_reported.none": ("所有企业今日均已报送。", "Every firm reported today."),
    "r.col.kind": ("类型", "Kind"),
    "r.col.enterprise_name": ("企业", "Firm"),
    "r.col.enterprise_id": ("统一社会信用代码", "Credit code"),
    "r.col.detail": ("情况", "Details"),
    "r.col.contact": ("联系人", "Contact"),
    "r.col.phone": ("电话", "Phone"),
    "r.col.category": ("企业类型", "Category"),
    "r.col.firms": ("企业数", "Firms"),
    "r.col.resumed": ("已复工", "Resumed"),
    "r.col.not_resumed": ("未复工", "Not resumed"),
    "r.col.never_reported": ("其中从未报送", "Never reported"),
    "r.col.rate": ("复工率", "Rate"),
    "r.col.compliance_rate": ("落实率", "Rate"),
    "r.col.target": ("目标", "Target"),
    "r.col.met": ("是否达标", "Target met"),
    "r.col.staff_total": ("职工总数", "Staff total"),
    "r.col.last_report": ("最近报送", "Last report"),
    "r.col.staff_on_site": ("在岗人数", "On site"),
    "r.col.on_site_rate": ("在岗率", "On site rate"),
    "r.col.returned_from_outside": ("外地返岗", "Returned"),
    "r.col.in_quarantine": ("隔离中", "In quarantine"),
    "r.col.reported": ("企业报告隔离人数", "Reported"),
    "r.col.in_ledger": ("台账隔离人数", "In the ledger"),
    "r.col.difference": ("差额", "Difference"),
    "r.col.check": ("核对/措施", "Check"),
    "r.col.passing": ("已落实", "Passing"),
    "r.col.failing": ("未落实", "Failing"),
    "r.col.prevention_officer": ("驻厂防控员", "Prevention officer"),
    "r.col.reported_today": ("今日日报", "Today's report"),
    "r.col.masks": ("口罩（只）", "Masks"),
    "r.col.mask_days": ("可用天数", "Days of masks"),
    "r.col.short": ("口罩不足", "Short"),
    "r.col.disinfectant_l": ("消毒液（升）", "Disinfectant (l)"),
}
REPORT_LABELS.update(WELFARE_REOPENING_LABELS)

# The welfare report's links of open needs to purchases and gas requests, and party
# volunteers (reports/welfare/links.py, link_sections.py, party.py).
WELFARE_LINK_LABELS: dict[str, tuple[str, str]] = {
    "w.figure.purchase_need_households": ("物资药品需求户", "Households short of supplies"),
    "w.figure.purchase_need_served": ("其中已代购", "Of them bought for"),
    "w.figure.purchase_need_unserved": ("其中未代购", "Of them not bought for"),
    "w.figure.purchases_without_need": (
        "为无需求户代购",
        "Purchases for households without the need",
    ),
    "w.figure.gas_needs_found": ("走访发现煤气需求", "Gas needs found on visits"),
    "w.figure.gas_needs_registered": ("其中已登记配送", "Of them registered"),
    "w.figure.gas_needs_unregistered": ("其中未登记配送", "Of them not registered"),
    "w.figure.gas_needs_unregistered_late": (
        "煤气需求未登记超时",
        "Gas needs not registered, past the limit",
    ),
    "w.figure.volunteer_party_members": ("党员志愿者", "Party volunteers"),
    "unit.person_time": ("人次", ""),
    "w.link.bought": (
        "；已代购{times}次（最近{month}月{day}日）",
        "; bought for {times} times (last {month}/{day})",
    ),
    "w.link.not_bought": ("；尚未代购", "; not bought for yet"),
    "w.link.gas_queued": (
        "；已登记配送，排第{position}位",
        "; gas requested, number {position} in the queue",
    ),
    "w.link.gas_delivered": (
        "；已登记，{month}月{day}日送达",
        "; gas requested, delivered {month}/{day}",
    ),
    "w.link.gas_unregistered": ("；未登记煤气配送", "; no gas request registered"),
    "w.link.gas_unregistered_late": (
        "；未登记煤气配送，发现已超过{hours}小时",
        "; no gas request registered, found over {hours} hours ago",
    ),
    "w.link.needs_narrative": (
        "有生活物资或药品需求的{households}户中，自需求发现以来已代购{served}户、"
        "尚未代购{unserved}户（按注明户编号的物资代购记录计）。",
        "Of {households} households short of supplies or medicine, {served} have been "
        "bought for since the need was found and {unserved} not yet (purchases naming "
        "the household).",
    ),
    "w.link.gas_narrative": (
        "走访发现煤气需求{found}户：已登记配送{registered}户（已送达{delivered}户、"
        "排队{queued}户），未登记{unregistered}户。",
        "Gas needs found on visits: {found} households; {registered} have a request "
        "({delivered} delivered, {queued} in the queue), {unregistered} have none.",
    ),
    "w.link.gas_narrative_late": (
        "走访发现煤气需求{found}户：已登记配送{registered}户（已送达{delivered}户、"
        "排队{queued}户），未登记{unregistered}户，其中{late}户发现已超过{hours}小时，"
        "不在上面的超时统计内。",
        "Gas needs found on visits: {found} households; {registered} have a request "
        "({delivered} delivered, {queued} in the queue), {unregistered} have none, "
        "{late} of them found over {hours} hours ago and not counted as overdue above.",
    ),
    "w.link.party": (
        "今日志愿者中党员{party}人次，占{share}（只计填了党员人数的记录，{blank}条未填）；"
        "累计占{share_to_date}。",
        "Party members among today's volunteers: {party}, {share} (rows giving the "
        "figure only; {blank} left it blank); {share_to_date} to date. ",
    ),
    "w.link.purchases_named": (
        "今日物资代购注明服务户{named}次，其中{without}次所服务户没有未解决的生活物资或药品需求。",
        "{named} purchases today name the household bought for; {without} of those "
        "households had no open supplies or medicine need.",
    ),
    "w.para.gas_unregistered": (
        "走访发现的煤气需求有{n}户未登记配送。",
        "{n} gas needs found on visits have no request registered. ",
    ),
    "w.para.gas_unregistered_late": (
        "走访发现的煤气需求有{n}户未登记配送，其中{late}户发现已超过{hours}小时。",
        "{n} gas needs found on visits have no request registered, {late} of them found "
        "over {hours} hours ago. ",
    ),
}
REPORT_LABELS.update(WELFARE_LINK_LABELS)
# --- end of welfare and reopening report labels --------------------------------------


# --- The evening run: failure reasons, notices, corrections (fangkong.delivery) ------
# A failed report is told by a reason code (fangkong.delivery.failures.REASONS), never
# by an exception's text; "{cell}", "{exception}" and "{file}" are the only facts shown.
RUN_LABELS: dict[str, tuple[str, str]] = {
    "run.reason.cell_error": (
        "笔记本第{cell}格运行出错（{exception}）",
        "error in notebook cell {cell} ({exception})",
    ),
    "run.reason.timeout": ("笔记本第{cell}格运行超时", "notebook cell {cell} timed out"),
    "run.reason.kernel_died": (
        "运行中断（内核退出，可能内存不足）",
        "the kernel ended (out of memory?)",
    ),
    "run.reason.disk_full": ("磁盘已满，无法写入 {file}", "disk full: cannot write {file}"),
    "run.reason.cannot_write": (
        "没有写入权限，无法写入 {file}",
        "cannot write {file}: no permission",
    ),
    "run.reason.notebook_missing": ("找不到报告笔记本 {file}", "no report notebook {file}"),
    "run.reason.notebook_unreadable": (
        "报告笔记本 {file} 已损坏，无法读取",
        "report notebook {file} is damaged and cannot be read",
    ),
    "run.reason.parameters": (
        "参数文件 {file} 与笔记本不符",
        "parameter file {file} does not match the notebook",
    ),
    "run.reason.no_sidecar": ("笔记本未输出摘要数据", "the notebook showed no sidecar"),
    "run.reason.store": ("数据库无法读取", "the database cannot be read"),
    "run.reason.worker_died": ("运行进程意外退出", "the worker process ended"),
    "run.reason.internal": ("程序内部错误（{exception}）", "internal error ({exception})"),
    "run.notice.subject": (
        "{town} {title} {day}：今日未能生成",
        "{town} {title} {day}: not produced",
    ),
    "run.notice.body": (
        "{town}{day}的{title}今日未能生成，值班人员正在处理，修复后将补发。\n\n"
        "原因：{reason}\n详细记录：值班电脑 {log}\n",
        "The {title} of {town} for {day} could not be produced. It will be sent once fixed."
        "\n\nReason: {reason}\nDetails: {log} on the office machine\n",
    ),
    "run.update_notice.subject": (
        "{town} {title} {day}：更新版本未能生成",
        "{town} {title} {day}: the update was not produced",
    ),
    "run.update_notice.body": (
        "{town}{day}的{title}已于今日发送。此后收到新的数据，但更新版本未能生成；"
        "已发送的版本可能不完整，值班人员正在处理，修复后将发送更正。\n\n"
        "原因：{reason}\n详细记录：值班电脑 {log}\n",
        "The {title} of {town} for {day} was sent today. New data came in since, but the "
        "updated version could not be produced; the one sent may be incomplete. A correction "
        "will follow once fixed.\n\nReason: {reason}\nDetails: {log} on the office machine\n",
    ),
    "run.undelivered.subject": (
        "{town} {title} {day}：{count}个收件人拒收",
        "{town} {title} {day}: refused by {count} recipient(s)",
    ),
    "run.undelivered.body": (
        "{town}{day}的{title}已发出，但以下收件人的邮件服务器永久拒收（不会重试）：\n\n"
        "{refused}\n\n请核对地址后在镇配置文件中更正，或另行转交。\n",
        "The {title} of {town} for {day} was sent, but the mail servers of these "
        "recipients refused it for good (it will not be retried):\n\n{refused}\n\n"
        "Check the addresses in the town file, or forward it.\n",
    ),
    "run.correction.mark": ("【更正】", "[Correction] "),
    "run.correction.first_line": (
        "更正：本报告替代此前发送的版本。有变化的数字：{changes}。",
        "Correction: this report replaces the one sent before. Figures that changed: {changes}.",
    ),
    "run.correction.details_only": (
        "更正：本报告替代此前发送的版本；主要数字未变，明细有更新。",
        "Correction: this report replaces the one sent before; the main figures are unchanged, "
        "the details were updated.",
    ),
}
REPORT_LABELS.update(RUN_LABELS)
# --- end of the evening run's messages -------------------------------------------------


# --- The report email (fangkong.delivery.mail, fangkong.delivery.mail_body) -------------
# Subject, body and attachment of each report's email, and the sender's default name.
# "<labels>.mail.*" are a report's own: the figures of its subject (registry entry
# subject_figures: {n} a count, {pct} a rate in percent), its key chart's alt text, the
# title of an alert kind listed in full. key -> (zh, en); "{name}" filled in by text().
MAIL_LABELS: dict[str, tuple[str, str]] = {
    "mail.office_default": ("{town}疫情防控指挥部", "{town} epidemic prevention headquarters"),
    "mail.subject": (
        "【{town}·{title}】{mark}{month}月{day}日：{figures}",
        "[{town} · {title}] {mark}{month}/{day}: {figures}",
    ),
    "mail.subject.mark": ("⚠预警{count}项 ", "⚠ {count} alerts · "),
    "mail.subject.no_alerts": ("，无预警", ", no alerts"),
    "mail.subject.sep": ("，", ", "),
    "mail.attachment": ("{town}{title}-{day}.html", "{town} {title} {day}.html"),
    "mail.heading": ("{town}{title}（{month}月{day}日）", "{town}: {title}, {month}/{day}"),
    "mail.alerts.title": ("重点预警", "Top alerts"),
    "mail.alerts.some": (
        "今日预警共{total}项，以下为最紧急的{shown}项：",
        "{total} alerts today; the {shown} most urgent:",
    ),
    "mail.alerts.all": ("今日预警共{total}项：", "{total} alerts today:"),
    "mail.alerts.apart": (
        "今日预警共{total}项，除另列于下的{apart}项外，以下为最紧急的{shown}项：",
        "{total} alerts today; apart from the {apart} listed below, the {shown} most urgent:",
    ),
    "mail.alerts.more": (
        "另有{count}项预警（{parts}）见附件。",
        "{count} more alerts ({parts}): see the attachment.",
    ),
    "mail.alert.town": ("全镇", "whole town"),
    "mail.alert.new": ("今日新增", "new today"),
    "mail.alert.day_n": ("持续第{n}天", "open for {n} days"),
    "mail.alert.supervised": ("持续第{n}天，督办", "open for {n} days, 督办"),
    "mail.alert.day_n_at_least": ("已持续至少{n}天", "open for at least {n} days"),
    "mail.alert.supervised_at_least": (
        "已持续至少{n}天，督办",
        "open for at least {n} days, 督办",
    ),
    "mail.alert.team": ("四包一：{who}", "Team: {who}"),
    "mail.alert.responsible": ("责任人：{who}", "Responsible: {who}"),
    "mail.alert.contact": ("联系人：{who}", "Contact: {who}"),
    "mail.alert.line": (
        "{n}. 【{code}】{kind}（{age}）：{what}。{people}",
        "{n}. [{code}] {kind} ({age}): {what}. {people}",
    ),
    "mail.listed.line": (
        "{n}. 【{code}】{what}；{kind}，{age}。{people}",
        "{n}. [{code}] {what}; {kind}, {age}. {people}",
    ),
    "mail.listed.more": ("另有{count}项见附件。", "{count} more: see the attachment."),
    "mail.change.up": ("+{n}", "+{n}"),
    "mail.change.down": ("−{n}", "−{n}"),
    "mail.change.same": ("持平", "same"),
    "mail.figure.up": (
        "{label}{value}{unit}，较昨日增加{n}{unit}。",
        "{label}: {value}, up {n} on yesterday.",
    ),
    "mail.figure.down": (
        "{label}{value}{unit}，较昨日减少{n}{unit}。",
        "{label}: {value}, down {n} on yesterday.",
    ),
    "mail.figure.same": ("{label}{value}{unit}，与昨日持平。", "{label}: {value}, as yesterday."),
    "mail.figure.new": ("{label}{value}{unit}。", "{label}: {value}."),
    "mail.targets.title": ("分类复工率与目标", "Resumption rate against target"),
    "mail.targets.resumed": ("{resumed}/{firms}家", "{resumed} of {firms}"),
    "mail.targets.line": (
        "{category}复工率{rate}%（{resumed}），目标{target}%，{met}。",
        "{category}: {rate}% resumed ({resumed}), target {target}%, {met}.",
    ),
    "mail.targets.met": ("达标", "met"),
    "mail.targets.not_met": ("未达标", "not met"),
    "mail.quality.missing": (
        "{villages}个村共{missing}份报表今日未报送",
        "{missing} tables from {villages} villages not submitted today",
    ),
    "mail.quality.rejected": (
        "{rows}条记录未通过校验，未计入本报告（{reasons}）",
        "{rows} records failed the checks and are not counted ({reasons})",
    ),
    "mail.quality.warnings": (
        "{rows}条记录与其他报表核对不一致（{reasons}）",
        "{rows} records disagree with another table ({reasons})",
    ),
    "mail.quality.reason": ("{reason}{n}条", "{reason}: {n}"),
    "mail.quality.sentence": (
        "数据质量：{parts}。详见附件中的“数据质量”部分。",
        "Data quality: {parts}. See the data quality section of the attachment.",
    ),
    "mail.quality.good": (
        "数据质量：各村今日均已报送，所有记录均通过校验。",
        "Data quality: every village submitted, every record passed the checks.",
    ),
    "mail.attached": (
        "完整日报见附件“{file}”，可离线打开、打印。",
        "The full report is attached ({file}); it opens offline and prints.",
    ),
    "q.mail.subject.in_quarantine": ("在隔离{n}人", "{n} in quarantine"),
    "q.mail.subject.new_today": ("新增{n}人", "{n} new"),
    "q.mail.subject.fever_alerts": ("发热/症状{n}人", "{n} fever or symptoms"),
    "w.mail.subject.coverage": ("走访覆盖率{pct}%", "visits {pct}%"),
    "w.mail.subject.households_unvisited": ("未走访或超期{n}户", "{n} households not visited"),
    "w.mail.subject.open_needs": ("需求未解决{n}项", "{n} open needs"),
    "r.mail.subject.rate": ("复工率{pct}%", "{pct}% resumed"),
    "r.mail.subject.resumed": ("已复工{n}家", "{n} firms resumed"),
    "r.mail.subject.staff_on_site": ("在岗{n}人", "{n} staff on site"),
    "r.mail.listed.firms_not_resumed": (
        "尚未复工的企业（{count}家）",
        "Firms not yet resumed ({count})",
    ),
    "unit.times": ("次", ""),
    "unit.case": ("件", ""),
}
REPORT_LABELS.update(MAIL_LABELS)
# --- end of the report email's labels --------------------------------------------------


# --- Command-line messages (fangkong.cli) ----------------------------------------------
# One line naming the bad input and what to do; "{name}" fields filled in by text().
CLI_LABELS: dict[str, tuple[str, str]] = {
    "cli.no_such_path": (
        "{path}：没有这个文件或文件夹；请检查路径",
        "{path}: no such file or folder; check the path",
    ),
    "cli.not_a_file": (
        "{path}：不是普通文件或文件夹，无法读取；请给出村里报送的表格文件",
        "{path}: not a regular file or folder, cannot be read; "
        "name the villages' spreadsheet files",
    ),
    "cli.no_tables": (
        "{path}：文件夹里没有可读取的表格（{suffixes}）；请把村里报送的文件放进去，或直接给出文件",
        "{path}: no input tables ({suffixes}) in this folder; put the villages' files there "
        "or name them",
    ),
    "cli.bad_town": (
        "{error}；请修改镇文件，或用 --town 指定另一个",
        "{error}; fix the town file or name another with --town",
    ),
    "cli.not_read": (
        "{path}：未读取：{error}",
        "{path}: NOT READ: {error}",
    ),
    # main(): one line instead of a traceback
    "cli.bad_date": ("不是日期（应为 YYYY-MM-DD）：{text}", "not a date (YYYY-MM-DD): {text}"),
    "cli.usage": ("；用法见 {prog} --help", "; see {prog} --help"),
    "cli.send_counts": (
        "{folder}：待发 {left} 封，已发 {sent} 封，被拒 {refused} 封",
        "{folder}: {left} waiting, {sent} sent, {refused} refused",
    ),
    "cli.bad_store": (
        "无法打开数据库：{error}；请检查 FANGKONG_DB_URL，或运行 fangkong check",
        "cannot open the store: {error}; check FANGKONG_DB_URL, or run fangkong check",
    ),
    "cli.run.line": ("{report}：{status}，用时 {seconds} 秒", "{report}: {status} in {seconds} s"),
    "cli.run.ok": ("完成", "ok"),
    "cli.run.failed": ("失败", "failed"),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cli.cannot_use": ("无法使用 {path}：{reason}", "cannot use {path}: {reason}"),
    "cli.errno.denied": (
        "权限不足；请检查文件夹的所有者和权限",
        "permission denied; check the folder's owner and mode",
    ),
    "cli.errno.read_only": ("文件系统是只读的", "read-only file system"),
    "cli.errno.full": ("磁盘已满或超出配额", "no space left on the disk, or over quota"),
    "cli.errno.too_big": ("文件太大", "file too large"),
    "cli.errno.not_dir": (
        "路径中有一项是文件，不是文件夹",
        "part of the path is a file, not a folder",
    ),
    "cli.errno.exists": ("这里已有同名文件，不是文件夹", "a file of that name is in the way"),
    "cli.errno.is_dir": ("这是文件夹，不是文件", "it is a folder, not a file"),
    "cli.errno.not_found": ("没有这个文件或文件夹", "no such file or folder"),
    "settings.bad_value": (
        "设置 {name} 的值 {value} 无法使用：应为{expected}；请修改环境变量或 .env",
        "setting {name} is {value}: expected {expected}; fix the environment or .env",
    ),
    "settings.port": ("1到65535之间的整数（端口号）", "a whole number from 1 to 65535 (a port)"),
    "settings.seconds": ("正整数（秒）", "a whole number of seconds, at least 1"),
    "settings.zone": ("IANA 时区名，如 Asia/Shanghai", "an IANA time zone such as Asia/Shanghai"),
    "settings.env_not_utf8": (
        "{path}：不是 UTF-8 文本；请存为 UTF-8",
        "{path}: not UTF-8 text; save it as UTF-8",
    ),
    # fangkong check: "<status>  <subject>: <detail>", one line per check
    "check.ok": ("正常", "ok"),
    "check.warn": ("警告", "warn"),
    "check.fail": ("失败", "FAIL"),
    "check.line": ("{status}  {subject}：{detail}", "{status:<4}  {subject}: {detail}"),
    "check.summary": (
        "{fails} 项失败，{warns} 项警告，{oks} 项正常",
        "{fails} failed, {warns} warning(s), {oks} ok",
    ),
    "check.settings": ("设置", "settings"),
    "check.settings_ok": ("每项都能读取（{env}）", "every value parses ({env})"),
    "check.env_read": ("读取了 {path}", "read {path}"),
    "check.env_none": ("没有 .env 文件，只用环境变量", "no .env file: the environment only"),
    "check.folder_ok": ("存在，可以写入", "exists, writable"),
    "check.folder_present": ("存在", "exists"),
    "check.folder_creatable": ("还不存在，可以创建", "does not exist yet, can be created"),
    "check.folder_missing": ("不存在", "does not exist"),
    "check.folder_not_dir": ("不是文件夹", "not a folder"),
    "check.folder_not_writable": ("无法写入（权限不足）", "not writable (permission denied)"),
    "check.secret_set": ("已设置", "set"),
    "check.secret_unset": ("未设置", "not set"),
    "check.secret_missing": (
        "未设置，但设置了 FANGKONG_SMTP_USER",
        "not set, but FANGKONG_SMTP_USER is",
    ),
    "check.town_ok": (
        "镇文件可用：{town}，{villages} 个村",
        "town file usable: {town}, {villages} villages",
    ),
    "check.no_town": (
        "没有镇文件（含 villages 的 YAML）",
        "no town file (a YAML file with villages)",
    ),
    "check.store": ("数据库 {url}", "store {url}"),
    "check.store_ok": ("版本 {current}，与程序一致", "revision {current}, the code's head"),
    "check.store_empty": (
        "没有数据表（新的或空的数据库）；请运行 fangkong db upgrade 建表",
        "no tables (a new or empty store); run fangkong db upgrade to make them",
    ),
    "check.store_behind": (
        "版本 {current} 落后于程序（{head}）；请运行 fangkong db upgrade",
        "revision {current}, behind the code ({head}); run fangkong db upgrade",
    ),
    "check.store_before_migrations": (
        "建于版本管理之前；请运行 fangkong db upgrade",
        "made before migrations; run fangkong db upgrade",
    ),
    "check.store_newer": (
        "版本 {current} 比程序（{head}）新；请升级 fangkong",
        "revision {current} is newer than the code ({head}); upgrade fangkong",
    ),
    "check.store_unrecognised": (
        "数据表不是 fangkong 的；请检查 FANGKONG_DB_URL",
        "its tables are not fangkong's; check FANGKONG_DB_URL",
    ),
    "check.cannot_connect": ("无法连接：{error}", "cannot connect: {error}"),
    "check.smtp": ("邮件服务器 {host}:{port}（{tls}）", "mail server {host}:{port} ({tls})"),
    "check.smtp_login": (
        "已连接，以 {user} 登录成功（未发送邮件）",
        "connected, logged in as {user} (nothing sent)",
    ),
    "check.smtp_no_login": (
        "已连接；未设置 FANGKONG_SMTP_USER，不登录（未发送邮件）",
        "connected; no FANGKONG_SMTP_USER, so no login (nothing sent)",
    ),
    "check.smtp_refused": ("登录被拒绝：{error}", "login refused: {error}"),
    "check.font": ("图表字体 {path}", "chart font {path}"),
    "check.font_ok": ("可用：{family}", "usable: {family}"),
    "check.font_bad": ("无法使用：{error}", "cannot be used: {error}"),
    "check.notebook": ("报告笔记本 {path}", "notebook {path}"),
    "check.notebook_ok": ("参数单元声明了 {names}", "its parameters cell declares {names}"),
    "check.notebook_invalid": ("不是有效的笔记本：{error}", "not a valid notebook: {error}"),
    "check.notebook_no_parameters": (
        "没有标记为 parameters 的代码单元",
        "no code cell tagged parameters",
    ),
    "check.notebook_syntax": (
        "参数单元有语法错误：{error}",
        "its parameters cell does not parse: {error}",
    ),
    "check.notebook_lacks": (
        "参数单元缺少运行程序要传入的 {names}",
        "its parameters cell lacks {names}, which the runner passes",
    ),
    "check.env_line": ("{path} 第 {line} 行", "{path} line {line}"),
    "check.env_mode": (
        "其他用户可以读取（权限 {mode}）；其中可能有口令，请 chmod 600",
        "readable by others (mode {mode}); it may hold the password: chmod 600",
    ),
    "check.env_unreadable": (
        "python-dotenv 读不出这一行，它设置的值不会生效",
        "python-dotenv cannot read this line: what it sets is ignored",
    ),
    "check.env_no_equals": ("没有 =，这一行不设置任何值", "no =: this line sets nothing"),
    "check.env_export": (
        "以 export 开头：python-dotenv 会忽略 export，systemd 的 EnvironmentFile 会跳过整行；"
        "请删去 export",
        "starts with export: python-dotenv drops it, systemd's EnvironmentFile skips the whole "
        "line; remove export",
    ),
    "check.env_comment": (
        "值后面有 # 注释：python-dotenv 去掉注释，systemd 把它当作值的一部分；请把注释单独放一行",
        "a # comment after the value: python-dotenv drops it, systemd keeps it in the value; "
        "put the comment on a line of its own",
    ),
    "check.env_backslash": (
        "含反斜杠：python-dotenv 和 systemd 的转义规则不同；请避免反斜杠",
        "a backslash: python-dotenv and systemd unescape differently; avoid backslashes",
    ),
    "check.env_quotes": (
        "引号的读法不同：python-dotenv 和 systemd 读出的值不一样",
        "quotes: python-dotenv and systemd read different values",
    ),
    "check.env_differs": (
        "python-dotenv 和 systemd 的 EnvironmentFile 读出的值不一样",
        "python-dotenv and systemd's EnvironmentFile read different values",
    ),
}
REPORT_LABELS.update(CLI_LABELS)
# --- end of command-line messages ------------------------------------------------------


# --- Progress display (fangkong.console.progress, Steps) --------------------------------
# What a long loop is doing, its unit, and the plain lines written for cron's mail.
# key -> (zh, en); "{name}" fields filled in by text().
PROGRESS_LABELS: dict[str, tuple[str, str]] = {
    "progress.task.ingest": ("入库", "ingest"),
    "progress.task.sample": ("样例数据", "sample"),
    "progress.task.bench.floor": ("基准测试 底线", "bench floor"),
    "progress.task.bench.ingest": ("基准测试 入库", "bench ingest"),
    "progress.task.bench.daily": ("基准测试 每日运行", "bench daily"),
    "progress.unit.files": ("个文件", "files"),
    "progress.unit.days": ("天", "days"),
    "progress.unit.runs": ("次", "runs"),
    "progress.unit.items": ("项", "items"),
    "progress.line": ("{task}：{done}/{total} {unit}", "{task}: {done}/{total} {unit}"),
    "progress.line_open": ("{task}：{done} {unit}", "{task}: {done} {unit}"),
    "progress.took": ("{line}，用时 {seconds} 秒", "{line} in {seconds} s"),
    "progress.step.ingest": ("收取并入库", "ingest the inbox"),
    "progress.step.reports": ("生成报告", "reports"),
    "progress.step.emails": ("写邮件", "emails"),
    "progress.step.send": ("发送邮件", "send"),
}
REPORT_LABELS.update(PROGRESS_LABELS)
# --- end of progress display labels ----------------------------------------------------


# --- The rest of the article's duties (issue 18): input side ---------------------------
# Screening, checkpoints and their duty, night patrols, spring farming, employment, and
# volunteer_services' household and party members: their enumerations, rejection
# reasons and template rules, merged into ENUMS, REASONS and TEMPLATE_LABELS.
DUTY_ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "checkpoint_kind": {
        "road": ("道路卡点", "road checkpoint"),
        "community": ("小区/村口防疫站点", "community or village-gate station"),
    },
    "shift": {
        "day": ("白班", "day shift"),
        "night": ("夜班", "night shift"),
        "all_day": ("全天", "all day"),
    },
    "farming_need": {
        "seed": ("种子", "seed"),
        "fertilizer": ("化肥", "fertilizer"),
        "pesticide": ("农药", "pesticide"),
        "machinery": ("农机", "machinery"),
        "labour": ("劳力", "labour"),
        "none": ("无", "none"),
    },
}
ENUMS.update(DUTY_ENUMS)
DUTY_REASONS: dict[str, tuple[str, str]] = {
    "risk_over_returnees": (
        "来自中高风险地区的人数超过发现的外地返乡人员数",
        "risk-area returnees exceed the returnees found",
    ),
    "screened_over_households": (
        "当日排查户数超过本村总户数（镇文件）",
        "households screened exceed the village's households (town file)",
    ),
    "unknown_checkpoint": ("站点编号不在防疫站点台账中", "checkpoint is not in the registry"),
    "shift_not_of_checkpoint": (
        "班次与站点的每日班次不符：一班制站点填“全天”，两班制站点填“白班”或“夜班”",
        "shift does not fit the checkpoint: all day at a one-shift checkpoint, "
        "day or night at a two-shift one",
    ),
    "party_over_on_duty": (
        "党员人数多于所列执勤人员人数",
        "more party members than people named on duty",
    ),
    "ended_before_started": (
        "结束时间应晚于开始时间(过夜巡逻请填次日日期)",
        "end time must be after the start time (a patrol past midnight ends the next day)",
    ),
    "party_over_patrollers": ("党员人数超过巡逻人数", "more party members than patrollers"),
    "sown_over_planned": ("累计已播面积超过计划面积", "area sown exceeds the planned area"),
    "party_over_volunteers": (
        "党员人数超过志愿者人数",
        "more party members than volunteers",
    ),
}
REASONS.update(DUTY_REASONS)
DUTY_TEMPLATE_LABELS: dict[str, tuple[str, str]] = {
    "rule.screening.households_screened": (
        "不超过本村总户数",
        "not more than the village's households",
    ),
    "rule.screening.risk_area_found": (
        "不超过发现外地返乡人员数",
        "not more than the returnees found",
    ),
    "rule.checkpoints.checkpoint_id": (
        "本镇唯一，如 JY-01；站点撤除时在状态中填“注销”",
        "unique in the town, e.g. JY-01; 'closed' in status when it is removed",
    ),
    "rule.checkpoints.shifts_per_day": (
        "1为全天一班，2为白班、夜班两班",
        "1: one all-day shift; 2: a day and a night shift",
    ),
    "rule.checkpoint_registered": ("须为防疫站点台账中的站点编号", "a registered checkpoint"),
    "rule.checkpoint_duty.shift": (
        "一班制站点填“全天”，两班制站点填“白班”或“夜班”",
        "all day at a one-shift checkpoint; day or night at a two-shift one",
    ),
    "rule.checkpoint_duty.on_duty": (
        "执勤人员姓名，用“、”分隔",
        "names of the people on duty, separated by '、'",
    ),
    "rule.checkpoint_duty.party_members": (
        "不多于所列执勤人员人数",
        "not more than the people named on duty",
    ),
    "rule.patrols.ended_at": (
        "晚于开始时间；过夜巡逻填次日日期",
        "after the start; a patrol past midnight ends on the next day's date",
    ),
    "rule.patrols.party_members": ("不超过巡逻人数", "not more than the patrollers"),
    "rule.farming.sown_mu": ("不超过计划面积", "not more than the planned area"),
    "rule.volunteer_services.household_id": (
        "选填；服务到户（如物资代购）时填写，须为困难群众台账中的户编号",
        "optional; the household served (e.g. purchasing), a registered household",
    ),
    "rule.volunteer_services.party_members": (
        "选填；不超过志愿者人数",
        "optional; not more than the volunteers",
    ),
}
TEMPLATE_LABELS.update(DUTY_TEMPLATE_LABELS)
# --- end of the rest of the article's duties ------------------------------------------


# --- the daily bulletin (疫情防控工作日报): its words, in the office's voice ---------------
BULLETIN_LABELS: dict[str, tuple[str, str]] = {
    "b.title": ("疫情防控工作日报", "Epidemic-prevention daily bulletin"),
    "b.issue": ("第{n}期", "No. {n}"),
    "b.date": ("{year}年{month}月{day}日", "{month}/{day}/{year}"),
    "b.office": ("{town}疫情防控指挥部", "{town} epidemic-prevention headquarters"),
    "b.heading.overview": ("一、总体情况", "1. Overview"),
    "b.heading.quarantine": ("二、居家隔离", "2. Home quarantine"),
    "b.heading.welfare": ("三、民生保障", "3. Welfare"),
    "b.heading.reopening": ("四、复工复产", "4. Reopening"),
    "b.heading.problems": ("五、存在问题和督办事项", "5. Problems and items under supervision"),
    "b.heading.next_steps": ("六、下步工作", "6. Next steps"),
    "b.sub.problems": ("（一）存在问题", "(1) Problems"),
    "b.sub.supervised": ("（二）督办事项", "(2) Items under supervision (督办)"),
    "b.para.quarantine": ("全镇居家隔离{n}人", "{n} people in home quarantine in the town"),
    "b.para.welfare": (
        "；困难群众近{days}日走访覆盖率{rate}%",
        "; {rate}% of vulnerable households visited in the last {days} days",
    ),
    "b.para.reopening": (
        "；企业复工{resumed}家，复工率{rate}%。",
        "; {resumed} firms resumed, a resumption rate of {rate}%. ",
    ),
    "b.para.followup": (
        "三项工作今日新增预警{new}项，已办结{closed}项，持续督办{supervised}项",
        "Across the three reports, {new} new alerts today, {closed} closed, "
        "{supervised} under supervision",
    ),
    "b.para.end": ("。", "."),
    "b.para.from_report": (
        "（以下据{title}）",
        "(from the {title})",
    ),
    "b.para.missing": (
        "今日应报未报数据{missing}项，涉及{villages}个村；",
        "{missing} tables due today were not filed, by {villages} villages; ",
    ),
    "b.para.missing_none": ("今日各村数据均按时报送；", "Every village filed today; "),
    "b.para.rejected": (
        "未通过校验的记录{rows}条。",
        "{rows} records did not pass the checks.",
    ),
    "b.para.open": (
        "三项工作在办预警{open}项，其中居家隔离{q}项、民生保障{w}项、复工复产{r}项。",
        "{open} alerts are open: {q} in quarantine, {w} in welfare, {r} in reopening.",
    ),
    "b.para.supervised": (
        "连续两日以上未办结、列为督办的事项{n}项，",
        "{n} alerts have been open two days or more and are under supervision: ",
    ),
    "b.para.zone": ("{zone}{n}项", "{zone} {n}"),
    "b.sep": ("、", ", "),
    "b.para.longest": (
        "；持续时间最长的已{days}天。",
        "; the longest has been open {days} days.",
    ),
    "b.para.supervised_none": ("今日无督办事项。", "No items under supervision today."),
    "b.para.table": ("督办事项如下表（按持续天数排列）。", "The items, longest open first:"),
    "b.para.table_rest": (
        "表中列出持续时间最长的{shown}项，其余{rest}项见各专项日报。",
        "The table lists the {shown} longest open; the other {rest} are in each report.",
    ),
    "b.next.lead": ("下步，我镇将重点做好以下工作：", "Next, the town will:"),
    "b.next.quarantine": (
        "一是严格落实居家隔离“四包一”责任制，对超期未解除的{n}人逐一核实、按规定解除；",
        "first, keep the four-to-one teams on every person in quarantine and check the {n} "
        "past their end date one by one; ",
    ),
    "b.next.quarantine_none": (
        "一是严格落实居家隔离“四包一”责任制，落实医护每日上门监测和电话回访；",
        "first, keep the four-to-one teams, the daily medical visits and phone calls; ",
    ),
    "b.next.duties": (
        "督促排查进度落后的{villages}个村加快入户排查，补齐空岗的{shifts}个站点班次；",
        "get the {villages} villages behind with door-to-door screening to catch up and staff "
        "the {shifts} checkpoint shifts left empty; ",
    ),
    "b.next.screening": (
        "督促排查进度落后的{villages}个村加快入户排查；",
        "get the {villages} villages behind with door-to-door screening to catch up; ",
    ),
    "b.next.shifts": (
        "补齐空岗的{shifts}个站点班次，确保防疫站点全天有人值守；",
        "staff the {shifts} checkpoint shifts left empty, so that every checkpoint is manned; ",
    ),
    "b.next.welfare": (
        "二是对超期或从未走访的{n}户困难群众限期走访，跟进解决未解决需求{needs}项；",
        "second, visit the {n} vulnerable households overdue or never visited and follow up "
        "{needs} open needs; ",
    ),
    "b.next.welfare_none": (
        "二是持续做好困难群众走访和煤气配送，保障群众基本生活；",
        "second, keep visiting vulnerable households and delivering gas; ",
    ),
    "b.next.reopening": (
        "三是督促口罩储备不足的{n}家企业补足防疫物资，推动未复工企业有序复工；",
        "third, get the {n} firms short of masks restocked and the others back to work; ",
    ),
    "b.next.reopening_none": (
        "三是统筹疫情防控和复工复产，推动未复工企业有序复工；",
        "third, keep prevention and reopening together and get the others back to work; ",
    ),
    "b.next.supervised": (
        "四是对持续督办的{n}项事项，由各战区指挥长牵头，限时办结。",
        "fourth, the war-zone commanders close the {n} items under supervision.",
    ),
    "b.next.supervised_none": (
        "四是坚持日例会、日报告制度，及时解决各村存在的问题。",
        "fourth, keep the daily meeting and report, and solve the villages' problems.",
    ),
    "b.close.to": ("报送：{county}疫情防控指挥部", "To: {county} epidemic-prevention headquarters"),
    "b.close.cc": ("抄送：镇疫情防控领导小组成员", "Copy: members of the town's leading group"),
    "b.close.by": ("编发单位：{office}", "Compiled by: {office}"),
    "b.col.key": ("编号", "Key"),
    "b.col.problem": ("督办事项", "Item"),
    "b.col.zone": ("战区", "War zone"),
    "b.col.commander": ("指挥长", "Commander"),
    "b.col.days_open": ("持续天数", "Days open"),
    "b.figure.in_quarantine": ("居家隔离（人）", "In quarantine"),
    "b.figure.new_today": ("今日新增隔离（人）", "New in quarantine today"),
    "b.figure.fever_alerts": ("发热预警（人）", "Fever alerts"),
    "b.figure.households_unvisited": ("超期未走访（户）", "Households not visited"),
    "b.figure.gas_pending": ("煤气待配送（件）", "Gas requests pending"),
    "b.figure.resumed": ("已复工企业（家）", "Firms resumed"),
    "b.figure.supervised": ("持续督办（项）", "Items under supervision"),
    "b.alert.quarantine": ("居家隔离在办预警", "Open alerts: quarantine"),
    "b.alert.welfare": ("民生保障在办预警", "Open alerts: welfare"),
    "b.alert.reopening": ("复工复产在办预警", "Open alerts: reopening"),
    "b.missing_input": (
        "缺少{title}（{file}），日报无法编写",
        "the {title} ({file}) is missing: the bulletin cannot be written",
    ),
    "b.mail.subject": (
        "【{town}】疫情防控工作日报 第{n}期（{month}月{day}日）",
        "[{town}] Epidemic-prevention daily bulletin No. {n} ({month}/{day})",
    ),
    "b.mail.attached": (
        "附件：疫情防控工作日报（Word 文件）及居家隔离、民生保障、复工复产日报（HTML 文件）。",
        "Attached: the bulletin (Word file) and the quarantine, welfare and reopening reports "
        "(HTML files).",
    ),
    "run.reason.inputs_failed": (
        "所依据的{reports}未能生成",
        "the report(s) it is made from failed: {reports}",
    ),
    "b.mail.file": ("{town}疫情防控工作日报-{day}.docx", "{town}-bulletin-{day}.docx"),
}
REPORT_LABELS.update(BULLETIN_LABELS)
# --- end of the daily bulletin's labels ------------------------------------------------


# --- The rest of the article's duties (issue 18): report side --------------------------
# The war zones' commanders in the by-zone tables; the quarantine report's screening,
# checkpoint duty and night patrol sections, figures and alerts.
DUTY_REPORT_LABELS: dict[str, tuple[str, str]] = {
    "col.commander": ("指挥长", "Commander"),
    "unit.shift": ("班次", ""),
    "unit.vehicle": ("辆", ""),
    "unit.village": ("个", ""),
    # Figures of the duties (headers of the duty tables).
    "q.figure.households": ("总户数", "Households"),
    "q.figure.screened_to_date": ("累计排查", "Screened to date"),
    "q.figure.screening_coverage": ("排查覆盖率", "Screening coverage"),
    "q.figure.screened_today": ("今日排查", "Screened today"),
    "q.figure.people_today": ("今日排查人数", "People screened today"),
    "q.figure.returnees_found": ("发现返乡", "Returnees found"),
    "q.figure.risk_area_found": ("其中中高风险地区", "From risk areas"),
    "q.figure.referred": ("转居家隔离", "Referred to home quarantine"),
    "q.figure.new_in_ledger": ("台账新增", "New in the ledger"),
    "q.figure.screening_mismatches": ("核对不符", "Mismatch"),
    "q.figure.villages_screening_behind": ("排查进度落后", "Screening behind"),
    "q.figure.shifts_owed": ("应执勤", "Shifts owed"),
    "q.figure.shifts_staffed": ("站点到岗", "Checkpoint shifts staffed"),
    "q.figure.party_share": ("党员占比", "Party members' share"),
    "q.figure.patrol_party_share": ("党员占比", "Party members' share"),
    "q.figure.shifts_rate": ("站点到岗率", "Checkpoint shifts staffed"),
    "q.figure.shifts_unstaffed": ("空岗", "Unstaffed"),
    "q.figure.on_duty": ("执勤人员", "On duty"),
    "q.figure.party_members": ("其中党员", "Party members"),
    "q.figure.people_registered": ("登记人员", "People registered"),
    "q.figure.vehicles_registered": ("登记车辆", "Vehicles registered"),
    "q.figure.temperature_alerts": ("体温异常", "Temperature alerts"),
    "q.figure.patrolled": ("巡逻村数", "Villages patrolled"),
    "q.figure.patrols": ("巡逻次数", "Patrols"),
    "q.figure.patrollers": ("巡逻人员", "Patrollers"),
    "q.figure.patrol_party_members": ("其中党员", "Party members"),
    "q.figure.issues_found": ("发现问题", "Issues found"),
    "q.alert.checkpoint_unstaffed": ("站点空岗", "Checkpoint shift unstaffed"),
    "q.alert.screening_behind": ("排查进度落后", "Screening behind"),
    "q.shift.day": ("白班", "day shift"),
    "q.shift.night": ("夜班", "night shift"),
    "q.shift.all_day": ("全天班", "all-day shift"),
    "q.detail.checkpoint_unstaffed": (
        "{checkpoint}{shift}无人到岗",
        "{checkpoint}: nobody on the {shift}",
    ),
    "q.detail.screening_behind": (
        "累计覆盖{coverage}，低于全镇{town}超过{pp}个百分点",
        "coverage {coverage}, more than {pp} points below the town's {town}",
    ),
    "q.para.duties": (
        "入户排查累计覆盖{coverage}%；防疫站点已到岗{staffed}个班次（应{owed}个）；"
        "{patrolled}个村开展夜间巡逻。",
        "Door-to-door screening covers {coverage}% of households; checkpoints staffed "
        "{staffed} of {owed} shifts; {patrolled} villages patrolled at night. ",
    ),
    "q.screening.title": ("入户排查", "Door-to-door screening"),
    "q.screening.narrative": (
        "累计排查{screened}户，占总户数{households}户的{coverage}；今日排查{today}户，"
        "发现外地返乡人员{returnees}人，其中来自中高风险地区{risk}人，转居家隔离{referred}人，"
        "居家隔离台账今日新增{new}人；转隔离人数与台账新增不符的村{mismatches}个（标红）。"
        "覆盖率比全镇低{pp}个百分点以上的村列为排查进度落后。",
        "{screened} households screened to date of {households} ({coverage}); {today} "
        "today, finding {returnees} returnees, {risk} from risk areas, {referred} referred "
        "to home quarantine; {new} new in the quarantine ledger today; {mismatches} "
        "villages where referrals and new entries differ (red). A village more than {pp} "
        "points below the town's coverage is behind.",
    ),
    "q.checkpoints.title": ("防疫站点执勤", "Checkpoint duty"),
    "q.checkpoints.narrative": (
        "{checkpoints}个防疫站点今日应执勤{owed}个班次，已到岗{staffed}个，空岗{unstaffed}个；"
        "登记人员{people}人、车辆{vehicles}辆，体温异常{fever}人；执勤{on_duty}人次，"
        "其中党员{party}人次，占{party_share}。",
        "{checkpoints} checkpoints owed {owed} shifts today: {staffed} staffed, "
        "{unstaffed} unstaffed; {people} people and {vehicles} vehicles registered, "
        "{fever} temperature alerts; {on_duty} on duty, of them {party} party members "
        "({party_share}).",
    ),
    "q.checkpoints.not_filed": (
        "未报执勤记录的村：{villages}（其站点班次未计入应执勤和已到岗）。",
        "Not filed: {villages} (their shifts are not counted as owed or staffed).",
    ),
    "q.checkpoints.unstaffed": ("空岗班次", "Unstaffed shifts"),
    "q.checkpoints.none_unstaffed": ("今日没有空岗。", "No shift unstaffed today."),
    "q.patrols.title": ("夜间巡逻", "Night patrols"),
    "q.patrols.narrative": (
        "{villages}个村中{patrolled}个村开展夜间巡逻，巡逻人员{patrollers}人次，"
        "其中党员{party}人次，占{party_share}，发现问题{issues}项。",
        "{patrolled} of {villages} villages patrolled at night: {patrollers} patrollers, "
        "{party} party members ({party_share}), {issues} issues found.",
    ),
    "q.patrols.none_in": ("未开展巡逻的村：{villages}。", "No patrol in: {villages}."),
    "q.patrols.not_filed": ("未报巡逻记录的村：{villages}。", "Not filed: {villages}."),
}
REPORT_LABELS.update(DUTY_REPORT_LABELS)
# --- end of the report side of the rest of the article's duties -------------------------


# --- Spring farming and employment in the welfare report (issue 18) --------------------
# The welfare report's 春耕备耕 and 就业服务 sections (fangkong.reports.welfare.farming,
# .farming_sections), their figures, units and sentence of the day.
FARMING_REPORT_LABELS: dict[str, tuple[str, str]] = {
    "unit.mu": ("亩", ""),
    "unit.job": ("个", ""),
    # Figures (cards, table headers and the email's headline table).
    "w.figure.planned_mu": ("春播计划", "Planned (mu)"),
    "w.figure.sown_mu": ("春耕已播", "Sown (mu)"),
    "w.figure.sown_share": ("播种进度", "Sown share"),
    "w.figure.sown_today": ("今日新播", "Sown today (mu)"),
    "w.figure.farming_open_needs": ("农资需求未解决", "Open input needs"),
    "w.figure.job_seekers": ("今日求职登记", "Job seekers today"),
    "w.figure.jobs_offered": ("今日提供岗位", "Jobs offered today"),
    "w.figure.placed": ("今日实现就业", "Placed today"),
    "w.figure.placed_to_date": ("累计实现就业", "Placed to date"),
    "w.figure.workers_carried_today": ("爱心专车今日送岗", "Carried by shuttle today"),
    "w.para.farming": (
        "春耕已播{sown}亩，占计划{share}%；今日就业服务实现就业{placed}人。",
        "Spring sowing: {sown} mu, {share}% of the plan; {placed} people placed in work today. ",
    ),
    "w.para.employment": (
        "今日就业服务实现就业{placed}人。",
        "{placed} people placed in work today. ",
    ),
    "w.farming.title": ("春耕备耕", "Spring farming"),
    "w.farming.narrative": (
        "全镇春播计划{planned}亩，累计已播{sown}亩，占计划的{share}，今日新播{today}亩；"
        "农资需求未解决{needs}项（一个村的一种作物计一项）。面积按各村各作物最近一次"
        "填报的累计数计。",
        "{planned} mu planned for spring sowing, {sown} mu sown to date ({share}), "
        "{today} mu today; {needs} open input needs (one per village and crop). Areas are "
        "each village and crop's latest cumulative figures.",
    ),
    "w.farming.by_crop": ("按作物", "By crop"),
    "w.farming.crop": ("作物", "Crop"),
    "w.farming.villages": ("种植村数", "Villages"),
    "w.farming.needs": ("未解决的农资需求", "Open input needs"),
    "w.farming.need": ("农资需求", "Needs"),
    "w.farming.need_note": ("：{note}", ": {note}"),
    "w.farming.days_open": ("已持续天数", "Days open"),
    "w.farming.days_open_today": ("今日提出", "raised today"),
    "w.farming.none_needs": ("没有未解决的农资需求。", "No open input needs."),
    "w.farming.needs_rest": ("另有{n}项未列出。", "{n} more not listed."),
    "w.farming.not_filed": (
        "今日未报春耕备耕的村：{villages}（沿用其最近一次填报的面积和需求）。",
        "Farming not filed today: {villages} (their latest figures are kept).",
    ),
    "w.employment.title": ("就业服务", "Employment services"),
    "w.employment.narrative": (
        "今日求职登记{seekers}人，提供岗位{offered}个，实现就业或返岗{placed}人，累计实现"
        "就业{to_date}人；爱心专车今日送{carried}名职工返岗（见志愿服务）。",
        "Today {seekers} job seekers registered, {offered} jobs offered, {placed} people "
        "placed in work or back at work, {to_date} to date; the shuttle carried {carried} "
        "workers back to work today (see volunteer services).",
    ),
    "w.employment.not_filed": (
        "今日未报就业服务的村：{villages}。",
        "Employment not filed today: {villages}.",
    ),
}
REPORT_LABELS.update(FARMING_REPORT_LABELS)
# --- end of spring farming and employment in the welfare report -------------------------
