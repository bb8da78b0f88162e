"""The report runner: parameter checks, outputs, manifest, failures."""

from __future__ import annotations

import argparse
import json
import stat

import nbformat
import pytest
from fangkong.delivery.parameters import ParameterError
from fangkong.delivery.runner import plan_jobs, run_command, run_reports
from fangkong.reports.quarantine.data import load_quarantine
from fangkong.reports.quarantine.figures import day_figures, headline
from fangkong.store.database import open_store
from fangkong.town import load_town


def test_plan_checks_parameter_files_and_overrides(tmp_path, monkeypatch):
    # The project's own parameter file is valid.
    out_dir, jobs = plan_jobs("2020-03-10", outputs_dir=tmp_path, internal=True)
    assert out_dir == tmp_path / "2020-03-10"
    assert [(j.report, j.internal, j.parameters["mask_pii"]) for j in jobs] == [
        ("quarantine", False, True),
        ("quarantine", True, False),
    ]
    assert jobs[0].parameters["lang"] == "zh" and jobs[0].parameters["trend_days"] == 14
    with pytest.raises(ParameterError, match="did you mean 'lang'"):
        plan_jobs("2020-03-10", params={"langg": "en"})
    with pytest.raises(ParameterError, match="unknown report 'quarantin'"):
        plan_jobs("2020-03-10", reports=["quarantin"])
    params = tmp_path / "params"
    params.mkdir()
    monkeypatch.setenv("FANGKONG_PARAMS_DIR", str(params))
    (params / "quarantine.yaml").write_text("lang: en\ntrend_dayz: 7\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"quarantine.yaml: unknown parameter 'trend_dayz' "):
        plan_jobs("2020-03-10")
    (params / "quarantine.yaml").write_text("mask_pii: false\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="mask_pii is set by the runner"):
        plan_jobs("2020-03-10")
    (params / "quarantine.yaml").write_text("lang: en\n", encoding="utf-8")
    _, jobs = plan_jobs("2020-03-10", params={"trend_days": 7})
    assert jobs[0].parameters["lang"] == "en" and jobs[0].parameters["trend_days"] == 7


@pytest.fixture(scope="module")
def run(quarantine_data, tmp_path_factory):
    outputs = tmp_path_factory.mktemp("outputs")
    manifest = run_reports(
        quarantine_data.day,
        town_file=quarantine_data.town_file,
        outputs_dir=outputs,
        internal=True,
        db_url=quarantine_data.db_url,
        max_workers=2,
    )
    return manifest, outputs / quarantine_data.day.isoformat()


@pytest.mark.slow
def test_run_writes_every_output_and_the_manifest(run):
    manifest, day_dir = run
    assert manifest["status"] == "ok", manifest
    entry = manifest["reports"]["quarantine"]
    assert entry["status"] == "ok" and entry["error"] is None
    assert entry["seconds"] > 0 and entry["started_at"] <= entry["finished_at"]
    assert entry["files"] == {
        "notebook": "quarantine.ipynb",
        "html": "quarantine.html",
        "json": "quarantine.json",
        "chart": "quarantine.png",
    }
    for name in entry["files"].values():
        assert (day_dir / name).stat().st_size > 0
    assert entry["parameters"]["report_date"] == "2020-03-10"
    assert entry["parameters"]["mask_pii"] is True
    assert json.loads((day_dir / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert (day_dir / "quarantine.png").read_bytes().startswith(b"\x89PNG")
    executed = nbformat.read(day_dir / "quarantine.ipynb", as_version=4)
    tags = [t for c in executed.cells for t in c.metadata.get("tags", [])]
    assert "injected-parameters" in tags  # papermill's executed copy keeps its parameters


@pytest.mark.slow
def test_json_figures_equal_the_library(run, quarantine_data):
    _, day_dir = run
    sidecar = json.loads((day_dir / "quarantine.json").read_text(encoding="utf-8"))
    town = load_town(quarantine_data.town_file)
    store = open_store(quarantine_data.db_url)
    try:
        data = load_quarantine(store, town, quarantine_data.day)
    finally:
        store.close()
    today = headline(day_figures(data.today, town.policy))
    previous = headline(day_figures(data.yesterday, town.policy))
    # The ledger's figures (the duties' have hand-worked tests of their own).
    assert set(today) <= set(sidecar["headline"])
    for name in today:
        figure = sidecar["headline"][name]
        assert figure == {
            "value": today[name],
            "previous": previous[name],
            "change": today[name] - previous[name],
        }
    assert sidecar["report_date"] == "2020-03-10" and sidecar["town"] == "试验镇"
    assert sidecar["masked"] is True
    names = [item["name"] for item in sidecar["alert_items"] if item["name"]]
    assert names and all(n.endswith("*") for n in names)  # masked in the JSON too
    assert "张三" not in json.dumps(sidecar, ensure_ascii=False)


@pytest.mark.slow
def test_internal_copy_is_unmasked_and_owner_only(run, quarantine_data):
    manifest, day_dir = run
    internal = manifest["reports"]["quarantine"]["internal"]
    assert internal["status"] == "ok"
    assert internal["parameters"]["mask_pii"] is False
    folder = day_dir / "internal"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("quarantine.ipynb", "quarantine.html", "quarantine.json", "quarantine.png"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert internal["files"]["html"] == "internal/quarantine.html"
    person = quarantine_data.people["A"]
    unmasked = (folder / "quarantine.html").read_text(encoding="utf-8")
    masked = (day_dir / "quarantine.html").read_text(encoding="utf-8")
    assert person["身份证号"] in unmasked and person["姓名"] in unmasked
    assert person["身份证号"] not in masked and person["姓名"] not in masked
    # The title a browser prints atop each page: Chinese, the report's own.
    assert "<title>试验镇 居家隔离日报 2020-03-10</title>" in masked
    assert json.loads((folder / "quarantine.json").read_text(encoding="utf-8"))["masked"] is False


@pytest.mark.slow
def test_a_failing_notebook_keeps_its_executed_copy_and_exits_non_zero(
    quarantine_data, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("FANGKONG_DB_URL", quarantine_data.db_url)
    args = argparse.Namespace(
        date="2020-03-10",
        report=["quarantine"],
        town=str(tmp_path / "no-such-town.yaml"),
        internal=False,
        outputs=str(tmp_path),
        param=["trend_days=3"],
    )
    day_dir = tmp_path / "2020-03-10"
    day_dir.mkdir()
    earlier = {"status": "ok", "error": None, "files": {"html": "welfare.html"}}
    (day_dir / "manifest.json").write_text(json.dumps({"reports": {"welfare": earlier}}))
    assert run_command(args) == 1
    manifest = json.loads((day_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["welfare"] == earlier  # a report not run now keeps its entry
    entry = manifest["reports"]["quarantine"]
    assert manifest["status"] == entry["status"] == "failed"
    assert entry["reason"] == "cell_error" and entry["exception"] == "TownFileError"
    assert "TownFileError" in entry["error"] and "detail" not in entry
    assert entry["parameters"]["trend_days"] == 3
    executed = nbformat.read(day_dir / "quarantine.ipynb", as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "TownFileError"
    assert not (day_dir / "quarantine.html").exists()
    # The status line speaks Chinese by default (no --lang given).
    assert "quarantine：失败" in capsys.readouterr().out


def test_run_command_refuses_a_bad_parameter(tmp_path, capsys):
    args = argparse.Namespace(
        date="2020-03-10", report=None, town=None, internal=False, outputs=str(tmp_path),
        param=["trend_day=3"],
    )  # fmt: skip
    assert run_command(args) == 2
    assert "did you mean 'trend_days'" in capsys.readouterr().out
    assert not (tmp_path / "2020-03-10").exists()  # nothing ran


def test_a_report_of_another_scope_is_refused_before_anything_runs(quarantine_data, monkeypatch):
    from dataclasses import replace

    from fangkong import registry

    county = tuple(replace(e, scope="county") for e in registry.REPORTS)
    monkeypatch.setattr(registry, "REPORTS", county)
    with pytest.raises(ParameterError, match="scope 'county'"):
        plan_jobs(quarantine_data.day, ["welfare"], town_file=quarantine_data.town_file)
