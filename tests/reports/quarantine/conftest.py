"""Fixtures of the quarantine report tests: the hand-made day of tests/quarantine_rows.py."""

import pytest
from quarantine_rows import day_inputs


@pytest.fixture
def inputs():
    """The hand-made day, 2020-02-10, and the day before."""
    return day_inputs()


@pytest.fixture
def town(small_town):
    """甲村 and 乙村 in 一区; 丙村, where nobody is in quarantine, in 二区."""
    return small_town
