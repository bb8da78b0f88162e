from factories import credit_code, resident_id
from fangkong.identifiers import credit_code_problem, id_sex, resident_id_problem
from stdnum.cn import ric, uscc


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
