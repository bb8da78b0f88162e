"""Fixtures of the report tests: each report's notebook run through papermill, once.

``run_notebook(name, **parameters)`` executes ``notebooks/<name>.ipynb`` on the
report's fixture store (``NOTEBOOK_PARAMETERS``) in a temporary folder, once per
session and set of parameters, so that the checks every report shares
(tests/reports/test_notebooks.py) and each report's own checks
(tests/reports/<name>/test_notebook.py) read the same executed notebook;
``notebook_page`` is its HTML page, rendered once too.
"""

from __future__ import annotations

import papermill
import pytest
from fangkong.delivery.kernels import IPCKernelManager
from fangkong.delivery.render import render_html
from fangkong.registry import get
from fangkong.settings import get_settings
from repo_paths import DEMO_TOWN_FILE


def _quarantine(request) -> dict:
    # tests/conftest.py: three villages, two days of real files; the page in English.
    data = request.getfixturevalue("quarantine_data")
    return {
        "report_date": data.day.isoformat(),
        "town_file": str(data.town_file),
        "db_url": data.db_url,
        "lang": "en",
        "trend_days": 7,
    }


def _welfare(request) -> dict:
    return {
        "report_date": "2020-03-10",
        "town_file": str(DEMO_TOWN_FILE),
        "db_url": request.getfixturevalue("welfare_store_url"),
        "lang": "zh",
        "mask_pii": True,
        "trend_days": 3,
    }


def _reopening(request) -> dict:
    return {
        "report_date": "2020-03-10",
        "town_file": str(DEMO_TOWN_FILE),
        "db_url": request.getfixturevalue("reopening_store_url"),
        "lang": "zh",
        "mask_pii": True,
        "trend_days": 2,
    }


def _bulletin(request) -> dict:
    folder, db_url, day = request.getfixturevalue("bulletin_inputs")
    return {
        "report_date": day.isoformat(),
        "town_file": str(DEMO_TOWN_FILE),
        "db_url": db_url,
        "lang": "zh",
        "mask_pii": True,
        "trend_days": 7,
        "reports_dir": str(folder),
    }


#: Report name -> the parameters its notebook runs with on its fixture store. A
#: report added to the registry needs an entry here (and a fixture store).
NOTEBOOK_PARAMETERS = {
    "quarantine": _quarantine,
    "welfare": _welfare,
    "reopening": _reopening,
    "bulletin": _bulletin,
}


@pytest.fixture(scope="session")
def _notebook_runs(tmp_path_factory):
    """Executed notebooks and pages of the session, by report and parameters."""
    return {"notebooks": {}, "pages": {}, "factory": tmp_path_factory}


def _parameters(request, name: str, overrides: dict) -> dict:
    get(name)  # an unknown report fails here, by name
    if name not in NOTEBOOK_PARAMETERS:
        raise LookupError(f"no fixture store for report {name!r}: add it to NOTEBOOK_PARAMETERS")
    return NOTEBOOK_PARAMETERS[name](request) | overrides


@pytest.fixture
def run_notebook(request, _notebook_runs):
    """``run_notebook(name, **parameters)``: the report's notebook, executed (once)."""

    def run(name: str, **overrides):
        key = (name, tuple(sorted(overrides.items())))
        runs = _notebook_runs["notebooks"]
        if key not in runs:
            parameters = _parameters(request, name, overrides)
            folder = _notebook_runs["factory"].mktemp(f"nb-{name}")
            runs[key] = papermill.execute_notebook(
                str(get_settings().notebooks_dir / get(name).notebook),
                str(folder / get(name).notebook),
                parameters=parameters,
                kernel_name="python3",
                kernel_manager_class=IPCKernelManager,
                progress_bar=False,
                cwd=str(folder),
            )
        return runs[key]

    return run


@pytest.fixture
def notebook_page(request, run_notebook, _notebook_runs):
    """``notebook_page(name, **parameters)``: the executed notebook's HTML page (titled
    with the report's name: the report's own title must come from the notebook)."""

    def page(name: str, **overrides):
        key = (name, tuple(sorted(overrides.items())))
        pages = _notebook_runs["pages"]
        if key not in pages:
            lang = _parameters(request, name, overrides)["lang"]
            pages[key] = render_html(run_notebook(name, **overrides), title=name, lang=lang)
        return pages[key]

    return page
