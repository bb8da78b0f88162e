"""Made-up people, phones and firms: valid IDs, names, phones and credit codes.

Every identifier is built to pass the contract's checks: resident ID numbers
(GB 11643) carry a real birth date, a sex digit that agrees with the person's
sex and the ISO 7064 MOD 11-2 check digit; unified social credit codes (GB 32100)
carry a GB 11714 organisation code and the MOD 31 check character. Names are
drawn from Faker's zh_CN name lists with our own seeded generator, so that they
do not depend on Faker's internal random state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
from dataclasses import dataclass

from faker.providers.person.zh_CN import Provider as _ZhNames
from stdnum.cn import ric, uscc

#: 荥阳市, the demo town's county-level city.
LOCAL_AREA = "410182"

#: Home areas of people from elsewhere: area code -> place name.
OTHER_AREAS = {
    "410102": "河南省郑州市中原区",
    "410122": "河南省郑州市中牟县",
    "411324": "河南省南阳市镇平县",
    "412726": "河南省周口市郸城县",
    "341222": "安徽省阜阳市太和县",
    "510722": "四川省绵阳市三台县",
    "420106": "湖北省武汉市武昌区",
    "421081": "湖北省荆州市石首市",
    "320106": "江苏省南京市鼓楼区",
    "440306": "广东省深圳市宝安区",
}

#: Places people come back from, for the ledger's ``origin`` column.
RISK_ORIGINS = ("湖北省武汉市", "湖北省孝感市", "湖北省黄冈市", "浙江省温州市", "湖北省荆州市")
WORK_ORIGINS = (
    "河南省周口市",
    "河南省南阳市",
    "安徽省阜阳市",
    "四川省绵阳市",
    "河南省信阳市",
    "山东省菏泽市",
    "河南省商丘市",
)
OTHER_ORIGINS = ("北京市", "上海市", "广东省广州市", "浙江省杭州市", "江苏省苏州市")

_MOBILE_PREFIXES = tuple(
    [f"13{digit}" for digit in range(10)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189"]
)
#: Characters allowed in the body of a credit code (GB 32100: no I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_SURNAMES = list(_ZhNames.last_names)
_SURNAME_CUM = list(itertools.accumulate(_ZhNames.last_names.values()))
_GIVEN = {"male": list(_ZhNames.first_names_male), "female": list(_ZhNames.first_names_female)}


def rng_for(seed: int, *parts) -> random.Random:
    """A generator seeded by ``seed`` and a label, independent of other labels.

    Parameters
    ----------
    seed : int
        The sample's seed.
    *parts
        Anything identifying the purpose (table, village, day ...).

    Returns
    -------
    random.Random
    """
    label = ":".join(str(part) for part in (seed, *parts))
    # A digest, not hash(): str hashes change between interpreter runs.
    return random.Random(int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big"))


def id_check_digit(body: str) -> str:
    """Check character of a resident ID from its first 17 digits (ISO 7064 MOD 11-2)."""
    return ric.calc_check_digit(body + "0")


def make_id_number(rng: random.Random, birth: dt.date, sex: str, area: str = LOCAL_AREA) -> str:
    """A valid 18-character resident ID number.

    Parameters
    ----------
    rng : random.Random
    birth : datetime.date
        Birth date written into digits 7-14.
    sex : {"male", "female"}
        Decides the parity of the 17th digit (odd for men).
    area : str
        Six-digit area code.

    Returns
    -------
    str
    """
    digit = rng.choice("13579" if sex == "male" else "02468")
    body = f"{area}{birth:%Y%m%d}{rng.randrange(100):02d}{digit}"
    return body + id_check_digit(body)


def spoil_check_digit(id_number: str) -> str:
    """The same ID with a wrong check character (a typo in the last place)."""
    chars = "0123456789X"
    return id_number[:-1] + chars[(chars.index(id_number[-1]) + 3) % len(chars)]


def excel_number(id_number: str) -> int:
    """What Excel keeps of an ID typed into a number cell: 15 digits, then zeros."""
    return int(id_number[:15]) * 1000


def make_mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def make_landline(rng: random.Random) -> str:
    """A Zhengzhou landline, ``0371-6xxxxxxx``."""
    return f"0371-6{rng.randrange(10**7):07d}"


def org_check_char(code8: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    total = sum(int(char, 36) * weight for char, weight in zip(code8, _ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(
    rng: random.Random, *, sole_trader: bool = False, area: str = LOCAL_AREA
) -> str:
    """A valid unified social credit code of a firm registered in ``area``.

    Parameters
    ----------
    rng : random.Random
    sole_trader : bool
        True for a 个体工商户 (category 2, as street shops are), else a company.
    area : str
        Six-digit area code of the registering office.

    Returns
    -------
    str
    """
    while True:
        if rng.random() < 0.5:  # codes issued since 2015 start with "MA"
            org = "MA" + "".join(rng.choice(_USCC_ALPHABET) for _ in range(6))
        else:
            org = f"{rng.randrange(10**8):08d}"
        org += org_check_char(org)
        if org[-1] in _USCC_ALPHABET:
            break
    body = f"9{'2' if sole_trader else '1'}{area}{org}"
    return body + uscc.calc_check_digit(body + "0")


def spoil_credit_code(code: str) -> str:
    """The same credit code with a wrong check character."""
    i = _USCC_ALPHABET.index(code[-1])
    return code[:-1] + _USCC_ALPHABET[(i + 7) % len(_USCC_ALPHABET)]


def make_name(rng: random.Random, sex: str) -> str:
    """A Chinese name from Faker's zh_CN lists, surnames weighted by frequency."""
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
    return surname + rng.choice(_GIVEN[sex])


@dataclass(frozen=True)
class Person:
    """A made-up person."""

    person_id: str
    name: str
    sex: str  # "male" / "female"
    birth: dt.date
    phone: str
    area: str


class People:
    """Makes people with IDs unique across one sample.

    Parameters
    ----------
    used : set of str, optional
        IDs already taken (shared between makers of one sample).
    """

    def __init__(self, used: set[str] | None = None):
        self.used = used if used is not None else set()

    def make(
        self,
        rng: random.Random,
        *,
        born: tuple[int, int] = (1950, 2000),
        sex: str | None = None,
        area: str = LOCAL_AREA,
        landline_share: float = 0.0,
    ) -> Person:
        """A new person born in the year range ``born`` (inclusive)."""
        sex = sex or rng.choice(("male", "female"))
        while True:
            birth = dt.date(rng.randint(*born), 1, 1) + dt.timedelta(days=rng.randrange(365))
            person_id = make_id_number(rng, birth, sex, area)
            if person_id not in self.used:
                self.used.add(person_id)
                break
        phone = make_landline(rng) if rng.random() < landline_share else make_mobile(rng)
        return Person(person_id, make_name(rng, sex), sex, birth, phone, area)

    def outsider_area(self, rng: random.Random) -> str:
        """A home area code of someone not from the town."""
        return rng.choice(list(OTHER_AREAS))
