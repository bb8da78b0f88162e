"""Masking names, ID numbers and phones, and scrubbing free text."""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.masking import mask_frame, mask_id, mask_name, mask_phone, scrub_text


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("王", "*"), (" 李四 ", "李*"), (None, None)],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_id():
    assert mask_id("410182199001011234") == "410182********1234"
    assert mask_id("41018219900101123X") == "410182********123X"
    assert mask_id("12345") == "*****"  # too short to keep region and tail
    assert pd.isna(mask_id(pd.NA))


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0371-64661234", "0371-****1234"),
        ("64661234", "****1234"),
        ("110", "***"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_scrub_text_masks_ids_and_mobiles_inside_text():
    text = "请回电13912345678或138-1234-5678，身份证410182199001011234，编号HL-001"
    assert scrub_text(text) == (
        "请回电139****5678或138****5678，身份证410182********1234，编号HL-001"
    )
    # A longer digit run is not a phone, and non-text passes through.
    assert scrub_text("订单123456789012345") == "订单123456789012345"
    assert scrub_text(42) == 42


def test_scrub_text_masks_a_landline_with_its_area_code_and_leaves_dates_and_keys():
    assert scrub_text("座机0371-66661234，已联系") == "座机0371-****1234，已联系"
    assert (
        scrub_text("03-10 15:25 处置 Q-0077，2020-03-10") == "03-10 15:25 处置 Q-0077，2020-03-10"
    )


def test_mask_frame_by_column():
    frame = pd.DataFrame(
        {
            "person_id": ["410182199001011234"],
            "name": ["张三"],
            "phone": ["13812345678"],
            "needs": ["打13912345678"],
            "doctor": ["医生乙"],
            "enterprise_id": ["914101820395221057"],  # a credit code can be all digits
            "count": [3],
        }
    ).astype({"person_id": "str", "name": "str", "phone": "str", "needs": "str"})
    out = mask_frame(frame)
    assert out.iloc[0].to_dict() == {
        "person_id": "410182********1234",
        "name": "张*",
        "phone": "138****5678",
        "needs": "打139****5678",
        "doctor": "医生乙",  # staff names stay: they are who must act
        "enterprise_id": "914101820395221057",
        "count": 3,
    }
    assert frame.loc[0, "name"] == "张三"  # the input is not changed
    assert mask_frame(frame, enabled=False) is frame
