"""A day's outputs: file names, the manifest, writes that are whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest
from fangkong.delivery.outputs import (
    MANIFEST,
    day_folder,
    read_manifest,
    report_files,
    write_atomic,
    write_manifest,
)


def test_a_reports_files_and_a_days_folder(tmp_path):
    assert day_folder(tmp_path, "2020-03-10") == tmp_path / "2020-03-10"
    files = report_files(tmp_path, "welfare")
    assert {k: p.name for k, p in files.items()} == {
        "notebook": "welfare.ipynb",
        "html": "welfare.html",
        "json": "welfare.json",
        "chart": "welfare.png",
        "docx": "welfare.docx",  # written only by a report whose entry says so
    }


def test_write_atomic_replaces_whole_with_the_umask_mode(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("old")
    old_umask = os.umask(0o022)
    try:
        write_atomic(path, "新的页面")
    finally:
        os.umask(old_umask)
    assert path.read_text(encoding="utf-8") == "新的页面"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


def test_write_atomic_under_an_owner_only_umask_is_owner_only(tmp_path):
    old_umask = os.umask(0o077)
    try:
        write_atomic(tmp_path / "internal.html", b"unmasked")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "internal.html").stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    path.write_text('{"status": "ok"}')

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomic(path, "{}")
    assert path.read_text() == '{"status": "ok"}'
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_the_manifest_round_trips_and_a_broken_one_reads_as_empty(tmp_path):
    assert read_manifest(tmp_path) == {}
    write_manifest(tmp_path, {"report_date": "2020-03-10", "reports": {"welfare": {}}})
    assert read_manifest(tmp_path)["report_date"] == "2020-03-10"
    (tmp_path / MANIFEST).write_text("{half a manif")
    assert read_manifest(tmp_path) == {}
