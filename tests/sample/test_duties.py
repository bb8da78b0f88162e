"""The rest of the article's duties in the shared sample: checkpoints and their shifts,
screening toward each village's households, patrols at night, farming progressing,
employment, supermarkets and the households volunteers served. Read back from the files."""

import collections

import pytest
from sample_files import TOWN, _by_table, _defect_cells, _registry, code, parse_when

pytestmark = pytest.mark.slow


def _rows(manifest, tables, table):
    """(file, row number, row) of every row of a table not carrying a defect."""
    spoiled = {(path, row) for path, row, _ in _defect_cells(manifest)}
    return [
        (f, i, row)
        for f in _by_table(manifest, table)
        for i, row in enumerate(tables[f.path][1], start=2)
        if (f.path, i) not in spoiled
    ]


def test_checkpoints_a_few_per_zone_and_a_row_per_shift(sample, tables):
    _, manifest = sample
    checkpoints = {r["checkpoint_id"]: r for _, _, r in _rows(manifest, tables, "checkpoints")}
    zone_of = TOWN.zone_of
    per_zone = collections.Counter(zone_of[r["village"]] for r in checkpoints.values())
    assert set(per_zone) == {z.name for z in TOWN.zones} and all(
        3 <= n <= 8 for n in per_zone.values()
    )
    assert {r["village"] for r in checkpoints.values()} == set(TOWN.village_names)
    kinds = {code("checkpoint_kind", r["kind"]) for r in checkpoints.values()}
    assert kinds == {"road", "community"} and {1, 2} == {
        int(r["shifts_per_day"]) for r in checkpoints.values()
    }
    shifts = collections.defaultdict(list)
    for f, _, row in _rows(manifest, tables, "checkpoint_duty"):
        shifts[(f.day, row["checkpoint_id"])].append(code("shift", row["shift"]))
        assert 1 <= int(row["party_members"]) <= len(row["on_duty"].split("、"))
    for (_, checkpoint), got in shifts.items():
        owed = (
            ["all_day"] if int(checkpoints[checkpoint]["shifts_per_day"]) == 1 else ["day", "night"]
        )
        assert set(got) <= set(owed) and len(got) == len(set(got))


def test_screening_moves_toward_each_villages_households(sample, tables):
    _, manifest = sample
    done = collections.Counter()
    for _f, _, row in _rows(manifest, tables, "screening"):
        assert int(row["risk_area_found"]) <= int(row["returnees_found"])
        assert int(row["people_screened"]) >= int(row["households_screened"])
        done[row["village"]] += int(row["households_screened"])
    for village in TOWN.villages:  # 4 days of 30: about an eighth of the way
        assert 0 < done[village.name] < village.households


def test_patrols_most_nights_in_the_evening(sample, tables):
    _, manifest = sample
    rows = _rows(manifest, tables, "patrols")
    nights = {(f.day, row["village"]) for f, _, row in rows}
    assert len(nights) >= 0.8 * len(_by_table(manifest, "patrols"))
    for _, _, row in rows:
        start, end = parse_when(row["started_at"]), parse_when(row["ended_at"])
        assert 19 <= start.hour <= 21 and end > start
        assert int(row["party_members"]) <= int(row["patrollers"])


def test_farming_within_plan_and_growing(sample, tables):
    _, manifest = sample
    sown = collections.defaultdict(list)
    for _f, _, row in sorted(_rows(manifest, tables, "farming"), key=lambda r: r[0].day):
        assert float(row["sown_mu"]) <= float(row["planned_mu"])
        sown[(row["village"], row["crop"])].append(float(row["sown_mu"]))
    crops = {crop for _, crop in sown}
    assert {"玉米", "蔬菜"} <= crops
    assert all(a <= b for series in sown.values() for a, b in zip(series, series[1:]))
    assert any(series[-1] > series[0] for series in sown.values())


def test_employment_and_supermarkets(sample, tables):
    _, manifest = sample
    for _, _, row in _rows(manifest, tables, "employment"):
        assert int(row["placed"]) <= int(row["jobs_offered"])
    firms = _registry(manifest, tables).values()
    supermarkets = [r for r in firms if code("enterprise_category", r["category"]) == "supermarket"]
    assert len(supermarkets) == 6 and all(r["prevention_officer"] for r in supermarkets)


def test_volunteers_name_the_household_a_purchase_served(sample, tables):
    _, manifest = sample
    registered = {
        r["household_id"] for f in _by_table(manifest, "households") for r in tables[f.path][1]
    }
    named = [
        row for _, _, row in _rows(manifest, tables, "volunteer_services") if row["household_id"]
    ]
    assert named and all(row["household_id"] in registered for row in named)
    assert all(code("service", row["service"]) == "purchase" for row in named)
