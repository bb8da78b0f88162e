"""Fixtures of the reopening report tests: the demo town and the hand-made frames."""

from __future__ import annotations

import pytest
from fangkong.reports.reopening.firms import firm_status
from reopening_rows import DAY, make_enterprises, make_ledger, make_status


@pytest.fixture
def enterprises():
    return make_enterprises()


@pytest.fixture
def status():
    return make_status()


@pytest.fixture
def firms(enterprises, status, town):
    return firm_status(enterprises, status, town, DAY)


@pytest.fixture
def ledger():
    return make_ledger()


@pytest.fixture
def town(demo_town):
    """The demo town, 贾峪镇."""
    return demo_town
