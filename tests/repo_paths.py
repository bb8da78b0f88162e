"""Where the project's own files are, for tests in any folder."""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder of pyproject.toml).
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
#: The demo town, 贾峪镇 (params/jiayu.yaml).
DEMO_TOWN_FILE = ROOT / "params" / "jiayu.yaml"
NOTEBOOKS = ROOT / "notebooks"
