"""Fixtures of the welfare report tests: the demo town and the hand-made frames."""

from __future__ import annotations

import pytest
from welfare_rows import (
    make_donations,
    make_households,
    make_produce,
    make_requests,
    make_services,
    make_visits,
)


@pytest.fixture
def households():
    return make_households()


@pytest.fixture
def visits():
    return make_visits()


@pytest.fixture
def requests():
    return make_requests()


@pytest.fixture
def produce():
    return make_produce()


@pytest.fixture
def services():
    return make_services()


@pytest.fixture
def donations():
    return make_donations()


@pytest.fixture
def town(demo_town):
    """The demo town, 贾峪镇."""
    return demo_town
