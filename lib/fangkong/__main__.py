"""``python -m fangkong``: the ``fangkong`` command."""

import sys

from fangkong.cli import main

sys.exit(main())
