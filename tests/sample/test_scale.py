"""Scaling the demo town up to a city: the town, and a sample of it."""

import pytest
from fangkong.schemas import TABLES
from fangkong.town import load_town
from sample_files import END, TOWN

# -- scaling --------------------------------------------------------------------------


def test_scaled_town_is_a_city_of_two_million(tmp_path):
    from fangkong.sample import scaled_town, write_town_file

    assert scaled_town(TOWN, 1) is TOWN
    city = scaled_town(TOWN, 30)
    assert len(city.villages) == 30 * 15 and len(city.zones) == 30 * 5
    assert city.population == 30 * 65000
    assert sum(v.population for v in city.villages) == 1_950_000
    assert len(set(city.village_names)) == len(city.villages)
    assert not any("_" in name for name in city.village_names)
    assert city.village_names[:15] == TOWN.village_names
    assert all(v.sample for v in city.villages[15:])
    assert [v.households for v in city.villages[15:30]] == [v.households for v in TOWN.villages]
    assert load_town(write_town_file(city, tmp_path / "town.yaml")) == city
    with pytest.raises(ValueError):
        scaled_town(TOWN, 0)


@pytest.mark.slow
def test_a_two_day_scale_two_run(tmp_path):
    from fangkong.sample import write_sample

    manifest = write_sample(tmp_path, town=TOWN, days=2, scale=2, seed=3, end=END)
    city = load_town(tmp_path / "town.yaml")
    assert manifest.town_file == "town.yaml" and len(city.villages) == 30
    assert {f.village for f in manifest.files} == set(city.village_names) | {"镇"}
    daily = [f for f in manifest.files if TABLES[f.table].daily]
    assert sum(f.format == "csv" for f in daily) > 0.8 * len(daily)
    firms = sum(f.rows for f in manifest.files if f.table == "enterprises")
    assert 230 <= firms <= 260
