"""Why a report failed: a reason code and a short line, never the exception's text."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from fangkong.delivery.failures import describe, failure_of, redact_secrets
from papermill.exceptions import PapermillExecutionError


def test_a_cell_error_is_told_by_cell_and_class_not_by_its_text():
    exc = PapermillExecutionError(4, 5, "x[k]", "KeyError", "'410182199001011234 张三'", [])
    entry = failure_of(exc)
    assert entry["reason"] == "cell_error" and entry["cell"] == 5
    assert entry["error"] == "error in notebook cell 5 (KeyError)"
    assert describe(entry) == "笔记本第5格运行出错（KeyError）"
    assert "410182" in entry["detail"]  # for the local log only


@pytest.mark.parametrize(
    ("number", "reason", "zh"),
    [
        (errno.ENOSPC, "disk_full", "磁盘已满，无法写入 welfare.html"),
        (errno.EFBIG, "disk_full", "磁盘已满，无法写入 welfare.html"),
        (errno.EROFS, "cannot_write", "没有写入权限，无法写入 welfare.html"),
    ],
)
def test_a_write_that_fails_names_the_file_it_was_for(number, reason, zh):
    # A temporary file is named by its target; a folder is not named at all.
    exc = OSError(number, os.strerror(number), "/home/张三的文件/.welfare.html.k2j_x9.tmp")
    entry = failure_of(exc)
    assert entry["reason"] == reason and describe(entry) == zh
    assert "张三" not in entry["error"]


def test_anything_else_is_an_internal_error_named_by_its_class():
    entry = failure_of(ValueError("password=hunter2"))
    assert entry["reason"] == "internal" and "hunter2" not in entry["error"]
    assert describe({"status": "failed", "error": "old manifest"}, "en") == "internal error (?)"


def test_secrets_are_blanked_longest_first():
    assert redact_secrets("a hunter2x and hunter2", ["hunter2x", "hunter2"]) == "a *** and ***"


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_write_atomic_over_a_size_limit_names_its_target_and_leaves_nothing(tmp_path):
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from fangkong.delivery.outputs import write_atomic\n"
        "from fangkong.delivery.failures import failure_of\n"
        "try:\n"
        f"    write_atomic({str(tmp_path / 'page.html')!r}, b'x' * 5000)\n"
        "except OSError as exc:\n"
        "    print(failure_of(exc)['error'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "disk full: cannot write page.html", done.stderr
    assert list(tmp_path.iterdir()) == []
