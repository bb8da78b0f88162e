import pytest
import yaml
from fangkong.town import TownFileError, load_town
from repo_paths import DEMO_TOWN_FILE as DEMO


def test_demo_town_is_the_article_town():
    town = load_town(DEMO)
    assert (town.name, town.county) == ("贾峪镇", "荥阳市")
    assert town.population == 65_000
    assert town.area_km2 == 83.7
    assert len(town.zones) == 5
    assert town.party_groups == 73
    assert sum(v.population for v in town.villages) == town.population
    assert "槐林村" in town.village_names
    assert all(v.sample for v in town.villages if v.name != "槐林村")
    assert town.policy.quarantine_days == 14 and town.policy.fever_threshold_c == 37.3
    assert (town.targets.above_size, town.targets.below_size, town.targets.street_shop) == (
        1.0,
        0.9,
        0.8,
    )
    assert town.recipients.quarantine
    assert town.office == "贾峪镇疫情防控指挥部"


def _write(tmp_path, mutate):
    raw = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "town.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mutate, key",
    [
        (lambda r: r.update(populaton=1), "populaton: unknown key"),
        (lambda r: r["policy"].update(fever_treshold_c=38), "policy.fever_treshold_c: unknown key"),
        (lambda r: r["villages"][2].update(zone="第九战区"), "villages.2.zone"),
        (lambda r: r["villages"].append(dict(r["villages"][0])), "duplicate village '槐林村'"),
        (lambda r: r.update(population="六万五"), "population"),
        (lambda r: r["villages"][0].update(party_groups="six"), "villages.0.party_groups"),
        (lambda r: r["zones"][1].update(commander=""), "zones.1.commander"),
        (lambda r: r["zones"][1].pop("commander"), "zones.1.commander"),
        (lambda r: r.update(office=""), "office"),
        (lambda r: r.update(office="  "), "office"),
        (lambda r: r.update(office=None), "office"),
        (lambda r: r["villages"][3].update(households=0), "villages.3.households"),
        (lambda r: r["villages"][3].update(households=9999), "more than the population 4600"),
        (lambda r: r["targets"].update(supermarket=1.5), "targets.supermarket"),
    ],
)
def test_bad_town_file_names_the_key(tmp_path, mutate, key):
    with pytest.raises(TownFileError) as err:
        load_town(_write(tmp_path, mutate))
    assert key in str(err.value)
    assert "town.yaml" in str(err.value)


def test_policy_defaults_apply_when_omitted(tmp_path):
    town = load_town(_write(tmp_path, lambda r: r.pop("policy")))
    assert town.policy.lost_contact_days == 2 and town.policy.gas_overdue_hours == 24


def test_the_office_is_named_in_the_file_or_after_the_town(tmp_path):
    named = load_town(_write(tmp_path, lambda r: r.update(office=" 荥阳市贾峪镇指挥部 ")))
    assert named.office == "荥阳市贾峪镇指挥部"
    unnamed = load_town(_write(tmp_path, lambda r: r.pop("office")))
    assert unnamed.office == "贾峪镇疫情防控指挥部"


def test_households_per_village_and_the_supermarket_target(tmp_path):
    town = load_town(DEMO)
    assert all(v.population / 4 < v.households < v.population / 2.5 for v in town.villages)
    assert town.targets.supermarket == 1.0
    bare = load_town(_write(tmp_path, lambda r: [v.pop("households") for v in r["villages"]]))
    assert all(v.households is None for v in bare.villages)  # older town files still load
