"""Fixtures of the sample tests: the shared sample (tests/conftest.py), read back."""

import pytest
from sample_files import read_table


@pytest.fixture(scope="session")
def sample(demo_sample):
    """(folder, manifest) of the shared sample; read only."""
    return demo_sample


@pytest.fixture(scope="session")
def tables(sample):
    """Path (relative) -> (header, rows), for every file of the sample."""
    outdir, manifest = sample
    return {f.path: read_table(outdir / f.path) for f in manifest.files}
