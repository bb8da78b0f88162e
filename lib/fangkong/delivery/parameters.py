"""A report notebook's parameters: declared, read from ``params/``, checked, redacted.

Parameters come from ``params/NAME.yaml`` and the caller, and are checked
against those the notebook declares: an unknown key is an error here, not a
papermill warning. What the manifest records is redacted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

#: Parameters the runner sets itself; a parameter file may not set them.
RUNNER_PARAMETERS = ("report_date", "town_file", "db_url", "mask_pii")
_SECRET_KEY = re.compile(r"password|secret|token|passwd|api_key", re.IGNORECASE)


class ParameterError(ValueError):
    """A parameter file or override that does not match the notebook's parameters."""


def notebook_parameters(notebook: str | Path) -> dict:
    """The parameters a notebook declares in its ``parameters`` cell.

    Parameters
    ----------
    notebook : path

    Returns
    -------
    dict
        Name -> papermill's description (``default``, ``help``, type).
    """
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(values: Mapping, declared: Iterable[str], source: str) -> None:
    """Fail on any key the notebook does not declare.

    Parameters
    ----------
    values : mapping
    declared : iterable of str
    source : str
        Where the values come from, for the message.

    Raises
    ------
    ParameterError
        Naming each unknown key, with the closest declared name if any.
    """
    declared = list(declared)
    problems = []
    for key in values:
        if key not in declared:
            close = difflib.get_close_matches(str(key), declared, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{key!r}{hint}")
    if problems:
        raise ParameterError(
            f"{source}: unknown parameter {', '.join(problems)}; "
            f"the notebook declares {', '.join(declared)}"
        )


def load_parameter_file(report: str, params_dir: Path, declared: Iterable[str]) -> dict:
    """Read and check ``params/<report>.yaml`` (absent -> no parameters).

    Parameters
    ----------
    report : str
    params_dir : Path
    declared : iterable of str
        The notebook's parameter names.

    Returns
    -------
    dict

    Raises
    ------
    ParameterError
        For a file that is not a mapping, a key the notebook does not declare,
        or a key the runner sets itself.
    """
    path = Path(params_dir) / f"{report}.yaml"
    if not path.exists():
        return {}
    values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(values, dict):
        raise ParameterError(f"{path}: a parameter file is a mapping of names to values")
    check_parameters(values, declared, str(path))
    owned = [k for k in values if k in RUNNER_PARAMETERS]
    if owned:
        raise ParameterError(f"{path}: {', '.join(owned)} is set by the runner, not by this file")
    return values


def redact(parameters: Mapping) -> dict:
    """Parameters as written to the manifest: no password, secret or token.

    Parameters
    ----------
    parameters : mapping

    Returns
    -------
    dict
        A copy; a database URL loses its password, secret-looking keys are
        replaced by ``***``.
    """
    from sqlalchemy.engine import make_url

    out = {}
    for key, value in parameters.items():
        if _SECRET_KEY.search(str(key)):
            out[key] = "***"
        elif key == "db_url" and value:
            out[key] = make_url(str(value)).render_as_string(hide_password=True)
        else:
            out[key] = value
    return out
