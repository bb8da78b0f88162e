"""fangkong: village ledgers in, validated data and three daily reports out."""

import sys
from importlib.metadata import PackageNotFoundError, version

# jsonschema imports rfc3987_syntax when it is installed (jupyterlab brings it)
# for an "iri" format check that notebooks' schema never uses; building its
# grammar costs ~2.4 s in every process that imports papermill, nbconvert or
# nbformat (measured; jsonschema issue #1428). Processes of fangkong skip it.
sys.modules.setdefault("rfc3987_syntax", None)

try:
    __version__ = version("fangkong")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

from fangkong.schemas import TABLES  # noqa: E402
from fangkong.settings import get_settings  # noqa: E402
from fangkong.town import Town, load_town  # noqa: E402

__all__ = ["TABLES", "Town", "get_settings", "load_town", "__version__"]
