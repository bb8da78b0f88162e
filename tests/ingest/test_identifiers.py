import pytest
from factories import credit_code, resident_id
from fangkong.ingest.identifiers import credit_code_problem, id_sex, resident_id_problem
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError


def test_factory_ids_are_valid_by_stdnum_arithmetic():
    value = resident_id()
    assert ric.calc_check_digit(value) == value[-1]
    assert uscc.is_valid(credit_code(7))


def test_valid_id_passes_even_where_stdnum_place_lookup_fails():
    # 410182 (Xingyang) dates from 1994; people born earlier carry it anyway.
    assert resident_id_problem(resident_id("19650304")) is None


def test_id_problems():
    good = resident_id()
    wrong_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert resident_id_problem(wrong_digit) == "id_checksum"
    assert resident_id_problem("4.10182E+17") == "id_excel_number"
    assert resident_id_problem(good[:15] + "000") == "id_excel_number"
    assert resident_id_problem(good[:17]) == "id_excel_number"
    assert resident_id_problem("41018219900101") == "id_length"
    assert resident_id_problem("4101821990010112AB") == "id_invalid"
    bad_date = "410182" + "19901341" + "123"
    assert resident_id_problem(bad_date + ric.calc_check_digit(bad_date + "0")) == "id_birth_date"


def test_sex_from_id():
    assert id_sex(resident_id(seq=123)) == "male"
    assert id_sex(resident_id(seq=124)) == "female"


def test_credit_code():
    good = credit_code(3)
    assert credit_code_problem(good) is None
    assert credit_code_problem(good[:-1] + ("0" if good[-1] != "0" else "1")) == "bad_uscc"
    assert credit_code_problem("123") == "bad_uscc"


@pytest.mark.parametrize(
    "birth", ["19900101", "20000229", "19000229", "19900230", "00000101", "19901300", "19900100"]
)
def test_birth_date_check_agrees_with_stdnum(birth):
    body = f"410182{birth}123"
    value = body + ric.calc_check_digit(body + "0")
    try:
        ric.get_birth_date(value)
        expected = None
    except ValidationError:
        expected = "id_birth_date"
    assert resident_id_problem(value) == expected


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c,
        str.lower,
        lambda c: c[:8] + "-" + c[8:],  # stdnum drops dashes and spaces
        lambda c: c[:8] + "\u2010" + c[8:],  # and Unicode dashes
        lambda c: c[:8] + "I" + c[9:],  # I, O, Z, S, V are not in the alphabet
        lambda c: "A" + c[1:],  # the first eight are digits
        lambda c: c + "0",
    ],
)
def test_credit_code_agrees_with_stdnum(change):
    value = change(credit_code(5))
    assert credit_code_problem(value) == (None if uscc.is_valid(value) else "bad_uscc")
