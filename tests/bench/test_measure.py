"""The benchmark's measurements: median and spread, the peak memory of a process tree.

No timing is asserted here (speed targets live in ``fangkong bench``, never in
tests).
"""

from __future__ import annotations

import sys

import pytest
from fangkong.bench.measure import run_measured, stat


def test_stat_is_median_and_spread():
    assert stat([3.0, 1.0, 2.0, 10.0]) == {
        "median": 2.5,
        "min": 1.0,
        "max": 10.0,
        "runs": [3.0, 1.0, 2.0, 10.0],
    }
    with pytest.raises(ValueError):
        stat([])


@pytest.mark.slow
def test_peak_memory_covers_the_child_processes(tmp_path):
    # The child starts a grandchild that holds 300 MiB: the tree's peak sees it.
    grandchild = "b = b'x' * (300 * 2**20); import time; time.sleep(1.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    run = run_measured([sys.executable, "-c", child], env={}, interval=0.05)
    assert run["returncode"] == 0
    assert 300 <= run["peak_mb"] < 1000
