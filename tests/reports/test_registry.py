"""The registry of reports, and what reads it: notebooks, classes, labels, town files."""

from __future__ import annotations

import ast

import nbformat
import pytest
import yaml
from fangkong import registry
from fangkong.catalogue import ENUMS, REPORT_LABELS
from fangkong.reports.base import Report
from fangkong.settings import get_settings
from fangkong.town import TownFileError, load_town
from repo_paths import DEMO_TOWN_FILE

DEMO_TOWN = yaml.safe_load(DEMO_TOWN_FILE.read_text(encoding="utf-8"))

NOTEBOOKS = get_settings().notebooks_dir


@pytest.mark.parametrize("entry", registry.REPORTS, ids=registry.names())
def test_each_entry_has_its_notebook_class_and_labels(entry):
    assert (NOTEBOOKS / entry.notebook).exists()
    cls = entry.load_class()
    assert issubclass(cls, Report) and cls.name == entry.name
    assert entry.title_key in REPORT_LABELS
    for kind, names in (("figure", cls.headline_cards), ("alert", cls.alert_kinds)):
        for name in names:
            assert f"{entry.labels}.{kind}.{name}" in REPORT_LABELS, (kind, name)
    assert entry.recipients in DEMO_TOWN["recipients"]  # the demo town names who receives it
    assert entry.schema_path.exists()
    assert entry.scope in registry.SCOPES and set(entry.outputs) <= set(registry.OUTPUT_KINDS)
    assert entry.mail in (*registry.MAIL_STYLES, None)
    assert all(i == registry.STORE or i in registry.names() for i in entry.inputs)


SUMMARY_MAILED = [e for e in registry.REPORTS if e.mail == "summary"]


@pytest.mark.parametrize("entry", SUMMARY_MAILED, ids=[e.name for e in SUMMARY_MAILED])
def test_a_mailed_report_words_its_subject_and_gives_each_headline_figure_a_unit(entry):
    """What a report email needs from the catalogue: the subject's words, units, list
    titles (the bulletin's email is its own text: tests/delivery/test_bulletin_mail.py)."""
    cls = entry.load_class()
    assert entry.subject_figures
    for name in entry.subject_figures:
        assert f"{entry.labels}.mail.subject.{name}" in REPORT_LABELS, name
    # Every whole number and quantity has a unit; a rate is in percent.
    counted = [n for n in cls.headline_cards if cls.headline_measures.get(n) != "rate"]
    assert {entry.unit_of(name) for name in counted} <= {
        key.removeprefix("unit.") for key in REPORT_LABELS if key.startswith("unit.")
    }, [name for name in counted if not entry.unit_of(name)]
    assert f"{entry.labels}.trend.email" in REPORT_LABELS  # what the email's chart shows
    for kind in entry.mail_listed:
        assert kind in cls.alert_kinds and f"{entry.labels}.mail.listed.{kind}" in REPORT_LABELS
    assert entry.targets is None or entry.targets in ENUMS


def _calls(entry) -> list[str]:
    """The ``report.<name>()`` calls of a notebook's code cells after the setup cell."""
    nb = nbformat.read(NOTEBOOKS / entry.notebook, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    calls = []
    for source in code[2:]:  # the parameters cell, then the one setup call
        expr = ast.parse(source).body
        assert len(expr) == 1 and isinstance(expr[0], ast.Expr), source
        call = expr[0].value
        assert isinstance(call, ast.Call) and not call.args and not call.keywords, source
        assert isinstance(call.func, ast.Attribute) and call.func.value.id == "report", source
        calls.append(call.func.attr)
    return calls


@pytest.mark.parametrize("entry", registry.REPORTS, ids=registry.names())
def test_a_notebook_shows_the_sections_its_class_declares(entry):
    """One call per section, in the declared order, and the sidecar last."""
    cls = entry.load_class()
    assert _calls(entry) == [*cls.sections, "sidecar"]
    for name in cls.sections:
        assert callable(getattr(cls, name)), name


def test_a_town_file_with_a_recipients_key_no_report_has_is_refused(tmp_path):
    raw = dict(DEMO_TOWN, recipients={**DEMO_TOWN["recipients"], "summary": ["a@b.org"]})
    path = tmp_path / "town.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TownFileError, match=r"recipients\.summary: unknown key"):
        load_town(path)
    del raw["recipients"]["summary"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    town = load_town(path)
    assert all(town.recipients.of(name) for name in registry.names())


def test_unknown_report_names_the_known_ones():
    with pytest.raises(registry.UnknownReport) as err:
        registry.get("summary")
    assert "summary" in str(err.value) and "bulletin" in str(err.value)


def test_run_order_puts_a_report_after_the_reports_it_reads(monkeypatch):
    entries = (
        registry.ReportEntry("summary", "s", "x:X", "s", inputs=("welfare", "quarantine")),
        *registry.REPORTS,
    )
    monkeypatch.setattr(registry, "REPORTS", entries)
    assert registry.run_order() == ["quarantine", "welfare", "reopening", "summary", "bulletin"]
    assert registry.stages() == [["quarantine", "welfare", "reopening"], ["summary", "bulletin"]]
    # Asked alone, it runs alone: its inputs are read as they stand on disk.
    assert registry.stages(["summary"]) == [["summary"]]


def test_reports_that_read_each_other_are_refused(monkeypatch):
    entries = (
        registry.ReportEntry("a", "a", "x:A", "a", inputs=("b",)),
        registry.ReportEntry("b", "b", "x:B", "b", inputs=("a",)),
    )
    monkeypatch.setattr(registry, "REPORTS", entries)
    with pytest.raises(ValueError, match="loop"):
        registry.run_order()
