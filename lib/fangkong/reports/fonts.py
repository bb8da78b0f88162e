"""The CJK font shipped with fangkong, registered with matplotlib.

Charts carry Chinese titles, legends and village names. matplotlib's default
DejaVu Sans has no CJK glyphs, so the package ships WenQuanYi Micro Hei
(Apache-2.0, licence file beside it) and registers it at run time: nothing is
installed system-wide and matplotlib's config is left alone.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")
FONT_PATH = FONT_DIR / "wqy-microhei.ttc"
LICENSE_PATH = FONT_DIR / "LICENSE-wqy-microhei.txt"
FAMILY = "WenQuanYi Micro Hei"


def register_cjk_font() -> str:
    """Make the shipped CJK font matplotlib's sans-serif font.

    Safe to call many times. Sets ``font.family`` to sans-serif with the CJK
    font first, and draws minus signs as ASCII hyphens because the font has no
    U+2212 glyph.

    Returns
    -------
    str
        The font family name.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    if FONT_PATH not in known:
        font_manager.fontManager.addfont(str(FONT_PATH))
    sans = [FAMILY] + [f for f in mpl.rcParams["font.sans-serif"] if f != FAMILY]
    mpl.rcParams["font.sans-serif"] = sans
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False
    return FAMILY
