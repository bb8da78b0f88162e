"""fangkong: village ledgers in, validated data and three daily reports out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fangkong")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

from fangkong.schemas import TABLES  # noqa: E402
from fangkong.settings import get_settings  # noqa: E402
from fangkong.town import Town, load_town  # noqa: E402

__all__ = ["TABLES", "Town", "get_settings", "load_town", "__version__"]
