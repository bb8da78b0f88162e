"""The bulletin as a page: the red masthead, the sections, the 督办 table, the closing.

Drawn from the bulletin's record (:mod:`fangkong.reports.bulletin.compose`), with
the report stylesheet's classes where they serve (tables that become cards on a
phone) and inline styles for what only the bulletin has: the red masthead and rule,
the first-line indent of official prose, the closing between two rules.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.html import esc
from fangkong.reports.html import table_html as _table

RED = "#c00000"
_SERIF = "'FangSong','仿宋','仿宋_GB2312','STFangsong','Noto Serif CJK SC','Songti SC',serif"
_TITLE = "'方正小标宋简体','FZXiaoBiaoSong-B05S','Noto Serif CJK SC','SimSun',serif"


def masthead_html(masthead: dict) -> str:
    """The masthead: title in red, 第N期, the office left and the date right, a red rule."""
    return (
        f'<div class="fk-masthead" style="text-align:center;margin:8px 0 0;">'
        f'<div role="heading" aria-level="1" style="color:{RED};font-family:{_TITLE};'
        f'font-size:40px;font-weight:700;letter-spacing:4px;line-height:1.3;">'
        f"{esc(masthead['title'])}</div>"
        f'<p style="font-size:18px;margin:6px 0;">{esc(masthead["issue"]["text"])}</p>'
        f'<p style="display:flex;justify-content:space-between;flex-wrap:wrap;gap:4px 16px;'
        f'font-size:16px;margin:4px 0;border-bottom:3px solid {RED};padding-bottom:6px;">'
        f"<span>{esc(masthead['office'])}</span>"
        f'<span class="fk-nobr">{esc(masthead["date"]["text"])}</span></p></div>'
    )


def block_html(block: dict) -> str:
    """A paragraph of official prose (indented two characters) or a subheading."""
    if block["type"] == "subheading":
        return f"<h3>{esc(block['text'])}</h3>"
    return (
        f'<p class="fk-narrative" style="text-indent:2em;font-family:{_SERIF};'
        f'font-size:17px;line-height:1.8;margin:4px 0;">{esc(block["text"])}</p>'
    )


def table_html(table: dict) -> str:
    """The 督办 table: one card per item on a phone."""
    frame = pd.DataFrame(table["rows"], columns=list(table["columns"]))
    return _table(frame, table["columns"], {"days_open": "int"}, cards=True)


def closing_html(lines: list[str]) -> str:
    """The closing lines between a rule above and a rule below."""
    body = "".join(f'<p style="margin:2px 0;font-size:15px;">{esc(line)}</p>' for line in lines)
    return (
        f'<div class="fk-closing" style="border-top:1px solid #000;border-bottom:1px solid #000;'
        f'padding:6px 0;margin-top:16px;">{body}</div>'
    )
