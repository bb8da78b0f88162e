"""The sample town's registries: the article's named firms.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import pytest
from sample_files import _registry, code

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow


def test_the_three_named_firms_are_above_size(sample, tables):
    _, manifest = sample
    names = {
        r["name"]: code("enterprise_category", r["category"])
        for r in _registry(manifest, tables).values()
    }
    for name in ("河南康晖水泥制品有限公司", "首创奥莱", "豫能热电"):
        assert names[name] == "above_size"
    assert 110 <= len(names) <= 130
