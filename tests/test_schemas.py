"""The table schemas: the headers each column is known by."""

import pytest
from fangkong.schemas import HEADER_ALIASES, TABLES


@pytest.mark.parametrize("kind", sorted(HEADER_ALIASES))
def test_every_id_and_phone_column_has_the_common_headers(kind):
    columns = [(t, c) for t in TABLES.values() for c in t.kind_columns(kind)]
    assert columns
    for table, column in columns:
        assert set(HEADER_ALIASES[kind]) <= set(table.headers_of(column)), (table.name, column)
    assert {"身份证号码"} <= set(HEADER_ALIASES["id_number"])
    assert {"手机号", "手机号码", "联系方式"} <= set(HEADER_ALIASES["phone"])


def test_no_header_names_two_columns_of_a_table():
    for table in TABLES.values():
        seen = {}
        for column in table.columns:
            for header in table.headers_of(column):
                assert seen.setdefault(header, column) == column, (table.name, header)
