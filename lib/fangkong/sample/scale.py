"""Scaling the demo town up: K copies of its villages make a city-sized sample."""

from __future__ import annotations

from pathlib import Path

import yaml

from fangkong.town import Town, Village, Zone


def _suffixed(name: str, copy: int) -> str:
    # No "_": ingest takes a file's village from the part of its name before "_".
    return name if copy == 1 else f"{name}-{copy:02d}"


def scaled_town(town: Town, scale: int) -> Town:
    """The town with ``scale`` copies of its war zones and villages.

    Copy 1 keeps the original names; copy k > 1 suffixes zone and village names
    with ``-kk`` (e.g. ``槐林村-02``) and marks its villages as sample data. The
    population and area are multiplied by ``scale``; policy, targets and
    recipients are kept. Scale 30 of the demo town is a city of about 2 million.

    Parameters
    ----------
    town : Town
    scale : int
        Number of copies (>= 1). Scale 1 returns ``town`` itself.

    Returns
    -------
    Town
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    if scale == 1:
        return town
    zones, villages = [], []
    for copy in range(1, scale + 1):
        zones += [
            Zone(name=_suffixed(zone.name, copy), commander=_suffixed(zone.commander, copy))
            for zone in town.zones
        ]
        villages += [
            Village(
                name=_suffixed(village.name, copy),
                zone=_suffixed(village.zone, copy),
                population=village.population,
                party_groups=village.party_groups,
                sample=village.sample or copy > 1,
                households=village.households,
            )
            for village in town.villages
        ]
    return Town(
        id=f"{town.id}-x{scale}",
        name=f"{town.name}×{scale}(样例)",
        county=town.county,
        city=town.city,
        population=town.population * scale,
        area_km2=round(town.area_km2 * scale, 1),
        timezone=town.timezone,
        zones=zones,
        villages=villages,
        policy=town.policy,
        targets=town.targets,
        recipients=town.recipients,
    )


def write_town_file(town: Town, path: str | Path) -> Path:
    """Write a town as a YAML town file that :func:`fangkong.town.load_town` reads back.

    Parameters
    ----------
    town : Town
    path : str or Path

    Returns
    -------
    Path
    """
    path = Path(path)
    header = (
        f"# Generated sample town: {town.name}. Villages marked `sample: true` are sample data.\n"
    )
    body = yaml.safe_dump(town.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return path
