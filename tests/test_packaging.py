"""The project's shape: dependencies in step, thin notebooks without outputs, CLI help."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_side = {_name(r): r for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        pip_side.update({_name(r): r for r in extra})
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_side = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    conda_side.pop("python"), conda_side.pop("pip")
    assert set(pip_side) == set(conda_side)
    for name, req in pip_side.items():  # same lower bounds
        assert req.split(">=")[-1] == conda_side[name].split(">=")[-1], name


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_thin_and_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for cell in code:
        assert not cell.get("outputs") and not cell.get("execution_count")
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class) ", source, re.M), source


def _commands():
    from fangkong.cli import _build_parser

    parser = _build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", [None] + _commands())
def test_every_command_has_help(command):
    args = [sys.executable, "-m", "fangkong.cli"] + ([command] if command else []) + ["--help"]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "usage: fangkong" in done.stdout


def test_fangkong_processes_skip_jsonschemas_slow_iri_checker(tmp_path):
    # jupyterlab installs rfc3987_syntax, which jsonschema imports for a format
    # check nbformat never uses; its import took 2.4 s in every runner process.
    # A stand-in module that leaves a mark when imported plays it here.
    (tmp_path / "rfc3987_syntax.py").write_text(
        "import pathlib\n"
        f"pathlib.Path({str(tmp_path / 'imported')!r}).touch()\n"
        "def is_valid_syntax(*a, **k):\n    return True\n"
    )
    env = {"PYTHONPATH": str(tmp_path), "PATH": ""}

    def imports_it(code: str) -> bool:
        (tmp_path / "imported").unlink(missing_ok=True)
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        return (tmp_path / "imported").exists()

    assert imports_it("import jsonschema._format")  # the stand-in is found
    assert not imports_it("import fangkong, papermill, nbconvert, nbformat, jsonschema._format")
