"""Real parts the machine may lack: how tests find them, and how their runs are counted.

A test that needs one is marked ``@pytest.mark.real("chromium")`` (or
``real("libreoffice")``) and takes the part's fixture (``browser`` or ``soffice`` in
tests/conftest.py), which skips it, naming how to
install the part, when the machine does not have it. At the end of the run one line
says how many of these tests ran and, for each part missing, what did not run and
how to get it. Under ``.ci/run`` (``FANGKONG_CI=1``), which installs every part, a
skip of such a test is a failure: nothing is left out silently.
"""

from __future__ import annotations

import os
import shutil

#: Part -> how to get it on Debian (as root); the line printed when it is missing.
INSTALL = {
    "chromium": "apt-get install -y chromium fonts-noto-cjk",
    "libreoffice": "apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk",
}


def chromium() -> str | None:
    """The path of Debian's Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def libreoffice() -> str | None:
    """The path of LibreOffice's ``soffice`` when ``pdftoppm`` is there too, or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return soffice if soffice and shutil.which("pdftoppm") else None


FIND = {"chromium": chromium, "libreoffice": libreoffice}


def missing_reason(part: str) -> str:
    """The skip reason of a test whose part is missing: what and how to install."""
    return f"no {part} on this machine: {INSTALL[part]} (as root), or run .ci/run"


def in_ci() -> bool:
    """Whether the run is .ci/run's, where a skipped real-part test fails."""
    return os.environ.get("FANGKONG_CI") == "1"
