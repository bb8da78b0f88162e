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
