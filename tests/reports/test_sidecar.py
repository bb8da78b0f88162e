"""The sidecar: every report's has the one shape of ``reports/sidecar.schema.json``,
and a notebook displays it as a MIME bundle of its own.

The sidecars are built by the report classes on real stores (the fixtures the
report tests fill), then checked against the JSON Schema in the repository.
"""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
from fangkong import registry
from fangkong.reports.sidecar import SCHEMA_FILE, SIDECAR_MIME, SIDECAR_VERSION, Sidecar
from repo_paths import DEMO_TOWN_FILE as TOWN_FILE


@pytest.fixture(scope="module")
def schema():
    path = registry.get("quarantine").schema_path
    assert path.name == SCHEMA_FILE
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sidecars(report_sidecars, bulletin_inputs) -> dict[str, dict]:
    # The reports' on their fixture stores (tests/conftest.py: report_sidecars); the
    # bulletin's on the three sidecars of the demo sample's day (bulletin_inputs).
    out = dict(report_sidecars)
    folder, db_url, day = bulletin_inputs
    for entry in registry.REPORTS:
        if entry.reads_reports:
            report = entry.load_class().from_store(
                day, str(TOWN_FILE), db_url, reports_dir=str(folder)
            )
            out[entry.name] = json.loads(json.dumps(report.sidecar().payload, ensure_ascii=False))
    return out


def test_the_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["sidecar_version"] == {"const": SIDECAR_VERSION}


@pytest.mark.parametrize("name", registry.names())
def test_every_sidecar_meets_the_schema(name, sidecars):
    sidecar = sidecars[name]
    path = registry.get(name).schema_path  # the schema the registry names for this report
    own_schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(sidecar, own_schema, cls=jsonschema.Draft202012Validator)
    assert sidecar["report"] == name and sidecar["sidecar_version"] == 3
    # The common parts are filled, not just present.
    assert sidecar["headline"] and sidecar["figures"] and sidecar["zones"] and sidecar["trend"]
    assert [row["zone"] for row in sidecar["zones"]][-1] == "total"
    assert len(sidecar["alert_items"]) == sidecar["alerts_total"] == sum(sidecar["alerts"].values())
    assert list(dict.fromkeys(i["kind"] for i in sidecar["alert_items"])) == [
        k for k in sidecar["alerts"] if sidecar["alerts"][k]
    ]


def test_sidecars_share_one_shape(sidecars):
    shapes = {name: sorted(sidecar) for name, sidecar in sidecars.items()}
    assert len({tuple(keys) for keys in shapes.values()}) == 1, shapes
    assert sidecars["quarantine"]["extra"].keys() == {"rates", "by_reason", "duty_rates"}
    assert sidecars["welfare"]["extra"] == {} and sidecars["reopening"]["extra"] == {}


def test_personal_data_stays_out_of_the_sidecar(sidecars):
    quarantine = sidecars["quarantine"]["alert_items"]
    assert quarantine and all("person_id" not in i and "phone" not in i for i in quarantine)
    assert all("head_name" not in i for i in sidecars["welfare"]["alert_items"])
    names = [i["name"] for i in quarantine if i["name"]]
    assert names and all("*" in n for n in names)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda s: s.update(zones={row["zone"]: row for row in s["zones"]}),  # version 1's mapping
        lambda s: s.update(sidecar_version=1),
        lambda s: s.pop("extra"),
        lambda s: s.update(rates={}),  # a report's own entry outside ``extra``
        lambda s: s["headline"][next(iter(s["headline"]))].update(value=1.5),
        lambda s: s.update(report_date="10/03/2020"),
    ],
    ids=["zones-mapping", "version-1", "no-extra", "entry-outside-extra", "float-card", "date"],
)
def test_the_schema_refuses_other_shapes(break_it, sidecars, schema):
    broken = copy.deepcopy(sidecars["quarantine"])
    break_it(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_sidecar_mime_bundle():
    bundle = Sidecar({"report": "quarantine", "headline": {}})._repr_mimebundle_()
    assert bundle[SIDECAR_MIME]["report"] == "quarantine"
    assert "text/plain" in bundle


# --- the day's paragraph: every number traced to its field ------------------------------


def _field(sidecar: dict, path: str):
    """A sidecar value by path: keys joined by '.', list items as [i]."""
    value = sidecar
    for part in re.findall(r"[^.\[\]]+|\[-?\d+\]", path):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return value


def _by_rule(rule: str, values: list):
    """The rules of the sidecar's description, written out again here on purpose."""
    if rule == "value":
        return values[0]
    if rule == "abs":
        return abs(values[0])
    if rule == "percent":
        return round(values[0] * 100, 1)
    if rule == "pp_abs":
        return round(abs(values[0] - values[1]) * 100, 1)
    if rule in ("month", "day"):
        _, month, day = values[0].split("-")
        return int(month) if rule == "month" else int(day)
    if rule in ("hour", "minute"):
        hour, minute = values[0].split(":")
        return int(hour) if rule == "hour" else int(minute)
    raise AssertionError(f"a rule the sidecar does not describe: {rule}")


@pytest.mark.parametrize("name", registry.names())
def test_every_number_of_the_paragraph_is_its_sidecar_field(name, sidecars):
    sidecar = sidecars[name]
    paragraph = sidecar["paragraph"]
    text, numbers = paragraph["text"], paragraph["numbers"]
    assert text.startswith("截至") and text.endswith("。")
    assert len(numbers) >= 8  # the date, the cut-off, the report's figures, the alerts
    for n in numbers:
        expected = _by_rule(n["rule"], [_field(sidecar, f) for f in n["fields"]])
        assert n["value"] == expected, n
        shown = text[n["start"] : n["end"]]
        assert shown == n["text"], n
        assert float(shown.replace(",", "")) == pytest.approx(expected), n
    # No number in the text that is not one of them (nor one that merely matches).
    covered = set()
    for n in numbers:
        covered |= set(range(n["start"], n["end"]))
    for match in re.finditer(r"\d+(?:[.,]\d+)*", text):
        assert set(range(match.start(), match.end())) <= covered, (match.group(), text)
    # The follow-up counts the paragraph names are the sidecar's.
    counts = sidecar["followup"]["counts"]
    fields = {f for n in numbers for f in n["fields"]}
    assert {"followup.counts.new", "followup.counts.closed", "followup.counts.supervised"} <= fields
    assert (
        counts["open"]
        == counts["new"] + counts["carried"]
        == len({i["key"] for i in sidecar["alert_items"]})
    )
