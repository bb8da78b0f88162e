"""The project's shape: dependencies in step, thin notebooks without outputs, CLI help."""

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())


#: Declared without being imported, and why.
NOT_IMPORTED = {"ipykernel": "the kernel that runs the report notebooks"}
DEV_NOT_IMPORTED = {"ruff": "make lint"}


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, frozenset[str]]:
    """``"Name[extra] >=1, <2"`` -> (normalised name, {">=1", "<2"})."""
    requirement = requirement.split(";")[0].replace(" ", "")
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group()
    bounds = re.sub(r"^\[[^\]]*\]", "", requirement[len(name) :])
    return _normalise(name), frozenset(b for b in bounds.split(",") if b)


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared(requirements) -> dict[str, frozenset[str]]:
    return dict(_split(r) for r in requirements)


def imported_modules(folder: Path, local: set[str]) -> dict[str, set[str]]:
    """Top-level names of the absolute imports in every .py file under a folder.

    Imports inside functions count too. The standard library and ``local``
    (the project's own modules) are left out.

    Returns
    -------
    dict
        Module name -> the files importing it.
    """
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.partition(".")[0] for name in names}:
                if top not in sys.stdlib_module_names and top not in local:
                    found.setdefault(top, set()).add(path.relative_to(folder).as_posix())
    return found


def compare_imports(
    modules: dict[str, set[str]],
    available: set[str],
    listed: set[str],
    not_imported: set[str],
) -> list[str]:
    """What differs between imported and declared distributions (empty when in step).

    Module names map to distributions through the installed packages' metadata;
    a module no installed distribution provides stands for a distribution of its name.

    Parameters
    ----------
    modules : dict
        What :func:`imported_modules` found.
    available : set of str
        Distributions an import may come from (normalised names).
    listed : set of str
        The part of ``available`` under test: each must be imported, unless it is
        in ``not_imported``.
    not_imported : set of str
        Listed on purpose without being imported.

    Returns
    -------
    list of str
        One line per difference.
    """
    provides = importlib.metadata.packages_distributions()
    used: set[str] = set()
    problems = []
    for module, files in sorted(modules.items()):
        dists = {_normalise(d) for d in provides.get(module, [module])}
        used |= dists
        if not dists & available:
            problems.append(
                f"{module} ({' or '.join(sorted(dists))}) imported, not declared: "
                + ", ".join(sorted(files))
            )
    for dist in sorted(listed - used - not_imported):
        problems.append(f"{dist} declared, never imported")
    for dist in sorted(not_imported & used):
        problems.append(f"{dist} is imported: take it out of the not-imported list")
    for dist in sorted(not_imported - listed):
        problems.append(f"{dist} is in the not-imported list but not declared")
    return problems


def _test_modules() -> set[str]:
    """Modules of the test suite itself (helpers imported by name)."""
    tests = ROOT / "tests"
    return (
        {"fangkong"}
        | {p.stem for p in tests.rglob("*.py")}
        | {p.name for p in tests.rglob("*") if p.is_dir() and any(p.glob("*.py"))}
    )


def test_dependencies_are_what_the_library_imports():
    declared = set(_declared(_project()["dependencies"]))
    modules = imported_modules(ROOT / "lib" / "fangkong", {"fangkong"})
    problems = compare_imports(modules, declared, declared, set(NOT_IMPORTED))
    assert not problems, "\n".join(problems)


def test_dev_extra_is_what_the_tests_import_beyond_the_dependencies():
    project = _project()
    runtime = set(_declared(project["dependencies"]))
    dev = set(_declared(project["optional-dependencies"]["dev"]))
    assert not runtime & dev, "declared twice"
    modules = imported_modules(ROOT / "tests", _test_modules())
    problems = compare_imports(modules, runtime | dev, dev, set(DEV_NOT_IMPORTED))
    assert not problems, "\n".join(problems)


def test_every_requirement_has_a_lower_bound():
    project = _project()
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    for requirement in requirements:
        assert any(b.startswith(">=") for b in _split(requirement)[1]), requirement


def test_environment_yml_matches_pyproject():
    project = _project()
    pip_side = _declared(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pip_side.update(_declared(extra))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = _declared(d for d in env["dependencies"] if isinstance(d, str))
    conda_side.pop("python"), conda_side.pop("pip")
    assert {
        "only in pyproject.toml": sorted(set(pip_side) - set(conda_side)),
        "only in environment.yml": sorted(set(conda_side) - set(pip_side)),
    } == {"only in pyproject.toml": [], "only in environment.yml": []}
    for name, bounds in pip_side.items():  # the same lower and upper bounds
        assert bounds == conda_side[name], name


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
