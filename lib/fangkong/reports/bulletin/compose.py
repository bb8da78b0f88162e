"""The bulletin's text: masthead, six sections, the 督办 table and the closing lines.

Everything is written into one record (the sidecar's ``extra``), from which the
page (:mod:`fangkong.reports.bulletin.report`) and the Word file
(:mod:`fangkong.reports.bulletin.document`) are both drawn, so that they cannot
say different things. Each paragraph is a :class:`fangkong.reports.paragraph.Paragraph`
record: every number names the field of the bulletin's sidecar it is read from
(``extra.sources.<report>.figures.in_quarantine`` for a report's figure, which
:data:`fangkong.reports.bulletin.data.SOURCE_KEYS` copies from ``<report>.json``).

The sections of the three reports are the reports' own paragraphs of the day,
without their opening "as of" (the bulletin says it once): their numbers keep
their fields, under ``extra.sources.<report>``.
"""

from __future__ import annotations

from fangkong.catalogue import text
from fangkong.reports.paragraph import Number, Paragraph, change_key, number

#: The sections, in order; the three reports' sections carry their paragraphs.
SECTIONS = ("overview", "quarantine", "welfare", "reopening", "problems", "next_steps")
REPORT_SECTIONS = ("quarantine", "welfare", "reopening")
#: Rows of the 督办 table; the rest are counted and left to each report.
TABLE_ROWS = 20
#: Columns of the 督办 table.
TABLE_COLUMNS = ("key", "problem", "zone", "commander", "days_open")


def source(sidecar: dict, report: str, path: str, rule: str = "value") -> Number:
    """A number of a report's sidecar, as the bulletin's sidecar holds it."""
    value = sidecar["extra"]["sources"][report]
    for part in path.split("."):
        value = value[part]
    return number(f"extra.sources.{report}.{path}", value, rule)


def own(sidecar: dict, path: str, rule: str = "value") -> Number:
    """A number of the bulletin's own sidecar (``figures.issue``, ``followup.counts.new``)."""
    value = sidecar
    for part in path.split("."):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return number(path, value, rule)


def rebase(record: dict, report: str, lang: str) -> dict:
    """A report's paragraph without its "as of", its numbers' fields under its source.

    Parameters
    ----------
    record : dict
        The report's ``paragraph`` (``text`` and ``numbers``).
    report : str
    lang : {"zh", "en"}

    Returns
    -------
    dict
        ``text`` and ``numbers``, places moved to the shortened text.
    """
    body, numbers = record["text"], record["numbers"]
    lead = [n for n in numbers if set(n["fields"]) <= {"report_date", "policy.cutoff"}]
    cut = 0
    if lead:
        end = max(n["end"] for n in lead)
        sep = "，" if lang == "zh" else ": "
        found = body.find(sep, end)
        cut = found + len(sep) if found >= 0 else end
    moved = [
        n
        | {
            "start": n["start"] - cut,
            "end": n["end"] - cut,
            "fields": [f"extra.sources.{report}.{f}" for f in n["fields"]],
        }
        for n in numbers
        if n["start"] >= cut
    ]
    return {"text": body[cut:], "numbers": moved}


def _add_change(p: Paragraph, sidecar: dict, name: str, unit: str) -> None:
    fig = sidecar["headline"][name]
    if fig["change"] is None or not fig["previous"]:
        return
    key = change_key(fig["change"])
    if key == "para.same":
        p.add(key)
    else:
        p.add(key, n=own(sidecar, f"headline.{name}.change", "abs"), unit=unit)


def overview(sidecar: dict, lang: str) -> Paragraph:
    """一、总体情况: as of the cut-off, one line per report, the follow-up of the three."""
    p = Paragraph(lang)
    p.add(
        "para.as_of",
        month=own(sidecar, "report_date", "month"),
        day=own(sidecar, "report_date", "day"),
        hour=own(sidecar, "policy.cutoff", "hour"),
    )
    p.add("b.para.quarantine", n=source(sidecar, "quarantine", "figures.in_quarantine"))
    _add_change(p, sidecar, "in_quarantine", "人" if lang == "zh" else "")
    p.add(
        "b.para.welfare",
        days=own(sidecar, "policy.visit_interval_days"),
        rate=source(sidecar, "welfare", "figures.coverage", "percent"),
    )
    p.add(
        "b.para.reopening",
        resumed=source(sidecar, "reopening", "figures.resumed"),
        rate=source(sidecar, "reopening", "figures.rate", "percent"),
    )
    p.add(
        "b.para.followup",
        new=own(sidecar, "followup.counts.new"),
        closed=own(sidecar, "followup.counts.closed"),
        supervised=own(sidecar, "followup.counts.supervised"),
    )
    _add_change(p, sidecar, "supervised", "项" if lang == "zh" else "")
    p.add("b.para.end")
    return p


def problems(sidecar: dict, lang: str) -> list[dict]:
    """五、存在问题和督办事项: what was not filed, the open alerts, the 督办 items by war zone."""
    dq = sidecar["data_quality"]
    first = Paragraph(lang)
    if dq["missing_submissions"]:
        first.add(
            "b.para.missing",
            missing=own(sidecar, "data_quality.missing_submissions"),
            villages=own(sidecar, "data_quality.villages_missing"),
        )
    else:
        first.add("b.para.missing_none")
    first.add("b.para.rejected", rows=own(sidecar, "data_quality.rejected_rows"))
    first.add(
        "b.para.open",
        open=own(sidecar, "followup.counts.open"),
        **{
            report[0]: source(sidecar, report, "followup.counts.open") for report in REPORT_SECTIONS
        },
    )
    blocks = [_sub("b.sub.problems", lang), first.record()]
    second = Paragraph(lang)
    zones = [z for z in sidecar["zones"] if z["zone"] != "total" and z["supervised"]]
    if not zones:
        second.add("b.para.supervised_none")
        return [*blocks, _sub("b.sub.supervised", lang), second.record()]
    second.add("b.para.supervised", n=own(sidecar, "figures.supervised"))
    for i, zone in enumerate(sidecar["zones"]):
        if zone["zone"] == "total" or not zone["supervised"]:
            continue
        if second.text[-1] not in "，: ":
            second.add("b.sep")
        second.add("b.para.zone", zone=zone["zone"], n=own(sidecar, f"zones.[{i}].supervised"))
    second.add("b.para.longest", days=own(sidecar, "figures.longest_open"))
    second.add("b.para.table")
    blocks += [_sub("b.sub.supervised", lang), second.record(), {"type": "table"}]
    if sidecar["figures"]["supervised_rest"]:
        rest = Paragraph(lang).add(
            "b.para.table_rest",
            shown=own(sidecar, "figures.supervised_shown"),
            rest=own(sidecar, "figures.supervised_rest"),
        )
        blocks.append(rest.record())
    return blocks


def next_steps(sidecar: dict, lang: str) -> list[dict]:
    """六、下步工作: the office's next steps, each naming the day's figure it answers."""
    p = Paragraph(lang).add("b.next.lead")
    steps = (
        ("quarantine", "figures.overdue", "b.next.quarantine", {}),
        (
            "welfare",
            "figures.households_unvisited",
            "b.next.welfare",
            {"needs": "figures.open_needs"},
        ),
        ("reopening", "figures.masks_short", "b.next.reopening", {}),
    )
    for report, path, key, more in steps:
        n = source(sidecar, report, path)
        if n.value:
            p.add(key, n=n, **{k: source(sidecar, report, v) for k, v in more.items()})
        else:
            p.add(f"{key}_none")
        if report == "quarantine":
            _duty_steps(p, sidecar)
    if sidecar["figures"]["supervised"]:
        p.add("b.next.supervised", n=own(sidecar, "figures.supervised"))
    else:
        p.add("b.next.supervised_none")
    return [p.record()]


def _duty_steps(p: Paragraph, sidecar: dict) -> None:
    """The first step's second half: villages behind with screening, shifts unstaffed."""
    figures = sidecar["extra"]["sources"]["quarantine"]["figures"]
    behind = figures.get("villages_screening_behind", 0)
    unstaffed = figures.get("shifts_unstaffed", 0)
    if behind and unstaffed:
        p.add(
            "b.next.duties",
            villages=source(sidecar, "quarantine", "figures.villages_screening_behind"),
            shifts=source(sidecar, "quarantine", "figures.shifts_unstaffed"),
        )
    elif behind:
        p.add(
            "b.next.screening",
            villages=source(sidecar, "quarantine", "figures.villages_screening_behind"),
        )
    elif unstaffed:
        p.add("b.next.shifts", shifts=source(sidecar, "quarantine", "figures.shifts_unstaffed"))


def _sub(key: str, lang: str) -> dict:
    return {"type": "subheading", "text": text(key, lang)}


def _paragraph(record: dict) -> dict:
    return {"type": "paragraph", **record}


def sections(sidecar: dict, lang: str) -> list[dict]:
    """The six sections: ``key``, ``heading`` and ``blocks`` (paragraphs, subheadings, the table).

    Parameters
    ----------
    sidecar : dict
        The bulletin's sidecar so far: everything but ``paragraph`` and
        ``extra.sections``.
    lang : {"zh", "en"}

    Returns
    -------
    list of dict
    """
    out = []
    for key in SECTIONS:
        if key == "overview":
            blocks = [overview(sidecar, lang).record()]
        elif key in REPORT_SECTIONS:
            paragraph = sidecar["extra"]["paragraphs"][key]
            blocks = [rebase(paragraph, key, lang)]
        elif key == "problems":
            blocks = problems(sidecar, lang)
        else:
            blocks = next_steps(sidecar, lang)
        blocks = [b if "type" in b else _paragraph(b) for b in blocks]
        out.append({"key": key, "heading": text(f"b.heading.{key}", lang), "blocks": blocks})
    return out


def masthead(sidecar: dict, lang: str) -> dict:
    """The red masthead: title, 第N期, the compiling office and the date."""
    issue = Paragraph(lang).add("b.issue", n=own(sidecar, "figures.issue"))
    date = Paragraph(lang).add(
        "b.date",
        year=own(sidecar, "report_date", "year"),
        month=own(sidecar, "report_date", "month"),
        day=own(sidecar, "report_date", "day"),
    )
    return {
        "title": text("b.title", lang),
        "issue": issue.record(),
        "office": sidecar["extra"]["office"],
        "date": date.record(),
    }


def closing(town, office: str, lang: str) -> list[str]:
    """The closing lines under the rule: 报送, 抄送, 编发单位."""
    return [
        text("b.close.to", lang, county=town.county),
        text("b.close.cc", lang),
        text("b.close.by", lang, office=office),
    ]


def office_name(town, lang: str = "zh") -> str:
    """The compiling office: the town file's ``office``, else ``<town>疫情防控指挥部``."""
    named = getattr(town, "office", None)
    return named or text("b.office", lang, town=town.name)
