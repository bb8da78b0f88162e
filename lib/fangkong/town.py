"""The town file: reference data, policy, targets and recipients of one town.

Loaded from YAML into a typed, validated :class:`Town`. A bad file stops with a
message naming the offending key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
    model_validator,
)

from fangkong import registry
from fangkong.catalogue import text

# libyaml's safe loader when PyYAML has it: a city's town file of 450 villages
# parses in 0.05 s instead of 0.35 s, and every report and daily run loads it.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Zone(_Strict):
    name: str = Field(min_length=1)
    #: The war zone's commander (指挥长), named in its 督办 items.
    commander: str = Field(min_length=1)


class Village(_Strict):
    name: str
    zone: str
    population: int = Field(ge=0)
    party_groups: int = Field(ge=0)
    sample: bool = False  # True where the name is not from the source article
    #: Households in the village (户数): what screening's coverage is counted against.
    #: Optional so that older town files still load; a household has a member, so
    #: no more than the population.
    households: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _households_within_population(self):
        if self.households is not None and self.households > self.population:
            raise ValueError(
                f"households: {self.households} is more than the population {self.population}"
            )
        return self


class Policy(_Strict):
    quarantine_days: int = Field(14, ge=1)
    fever_threshold_c: float = Field(37.3, ge=35, le=42)
    checks_per_day: int = Field(2, ge=0)
    calls_per_day: int = Field(1, ge=0)
    lost_contact_days: int = Field(2, ge=1)
    visit_interval_days: int = Field(7, ge=1)
    gas_overdue_hours: float = Field(24, ge=0)
    mask_days_min: float = Field(3, ge=0)
    masks_per_person_day: float = Field(2, ge=0)
    cutoff: str = Field("18:00", pattern=r"^\d{2}:\d{2}$")


class Targets(_Strict):
    above_size: float = Field(1.0, ge=0, le=1)
    below_size: float = Field(0.9, ge=0, le=1)
    street_shop: float = Field(0.8, ge=0, le=1)
    #: Supermarkets (商超) supply the town: all of them open.
    supermarket: float = Field(1.0, ge=0, le=1)


class _RecipientsBase(_Strict):
    def of(self, report: str) -> list[str]:
        """Who receives a report: the list under the key its registry entry names."""
        return list(getattr(self, registry.get(report).recipients))


#: Who receives what: one list of addresses per key the report registry names;
#: any other key is refused as unknown.
Recipients = create_model(
    "Recipients",
    __base__=_RecipientsBase,
    **{key: (list[str], []) for key in registry.recipient_keys()},
)


def default_office(town: str) -> str:
    """The office a town's mail comes from when its file names none.

    Parameters
    ----------
    town : str
        The town's name, e.g. ``贾峪镇``.

    Returns
    -------
    str
        ``贾峪镇疫情防控指挥部``: the name is Chinese whatever the reports' language.
    """
    return text("mail.office_default", "zh", town=town)


class Town(_Strict):
    """A town and its settings, as read from ``params/<town>.yaml``."""

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    name: str
    #: The office the reports are mailed from, shown as the sender (e.g.
    #: ``贾峪镇疫情防控指挥部``); :func:`default_office` when the file names none.
    office: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = ""
    county: str
    city: str
    population: int = Field(ge=0)
    area_km2: float = Field(gt=0)
    timezone: str = "Asia/Shanghai"
    zones: list[Zone]
    villages: list[Village]
    policy: Policy = Policy()
    targets: Targets = Targets()
    recipients: Recipients = Recipients()

    @model_validator(mode="before")
    @classmethod
    def _office(cls, raw):
        if isinstance(raw, dict) and "office" not in raw and isinstance(raw.get("name"), str):
            raw = {**raw, "office": default_office(raw["name"])}
        return raw

    @model_validator(mode="after")
    def _references(self):
        zones = [z.name for z in self.zones]
        if len(set(zones)) != len(zones):
            raise ValueError(f"zones: duplicate zone {_first_dup(zones)!r}")
        names = [v.name for v in self.villages]
        if len(set(names)) != len(names):
            raise ValueError(f"villages: duplicate village {_first_dup(names)!r}")
        for i, v in enumerate(self.villages):
            if v.zone not in zones:
                raise ValueError(f"villages.{i}.zone: {v.zone!r} is not a defined zone")
        return self

    @property
    def village_names(self) -> list[str]:
        return [v.name for v in self.villages]

    @property
    def zone_of(self) -> dict[str, str]:
        """Village name -> war zone name."""
        return {v.name: v.zone for v in self.villages}

    @property
    def party_groups(self) -> int:
        return sum(v.party_groups for v in self.villages)


def _first_dup(items):
    seen = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)


class TownFileError(ValueError):
    """A town file that cannot be used; the message names file and key."""


def load_town(path: str | Path) -> Town:
    """Read and validate a town file.

    Parameters
    ----------
    path : str or Path
        A YAML town file.

    Returns
    -------
    Town

    Raises
    ------
    TownFileError
        Naming the file and the offending key, e.g. ``villages.3.zone``.
    """
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise TownFileError(f"{path}: cannot read town file: {exc}") from exc
    if not isinstance(raw, dict):
        raise TownFileError(f"{path}: a town file is a mapping of keys")
    try:
        return Town.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"]) or "(top level)"
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            lines.append(f"{key}: {msg} (value: {err.get('input')!r})")
        raise TownFileError(f"{path}: " + "; ".join(lines)) from None
