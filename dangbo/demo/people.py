"""Who the synthetic members are: age, sex, people, schooling and occupation by the kind of cell they belong
to, and identity numbers (CCCD, party card) that pass ``members.rules.check_cccd`` and never repeat."""

import math
import random

from dangbo.core.text import fold, name_sort_key
from dangbo.demo.names import Picker

# Role of the cell -> (share of women, age at 2015 of members already there (lo, mode, hi), age at admission).
PROFILES = {
    "village": (0.27, (24, 62, 92), (19, 27, 55)),
    "commune_office": (0.33, (24, 42, 59), (21, 27, 45)),
    "commune_military": (0.04, (21, 36, 55), (19, 24, 40)),
    "commune_police": (0.08, (22, 35, 55), (20, 25, 40)),
    "school": (0.62, (24, 40, 57), (22, 28, 45)),
    "kindergarten": (0.96, (24, 38, 54), (21, 27, 45)),
    "health": (0.6, (24, 40, 57), (22, 28, 45)),
    "agency": (0.4, (25, 43, 59), (22, 29, 45)),
    "state_enterprise": (0.3, (24, 41, 59), (22, 29, 45)),
    "private": (0.33, (22, 35, 58), (20, 27, 45)),
    "coop": (0.3, (25, 50, 65), (20, 30, 50)),
    "army": (0.05, (21, 32, 52), (19, 22, 32)),
    "police": (0.12, (22, 33, 55), (20, 24, 35)),
    "hospital": (0.62, (24, 39, 57), (22, 28, 45)),
}
WORKPLACE_ROLES = frozenset(PROFILES) - {"village", "coop"}
UNIFORMED_ROLES = frozenset({"army", "police", "commune_military", "commune_police"})
# Gompertz mortality, hazard B·e^(c·age): about 0.4% a year at 30, 2% at 70, 15% at 90.
GOMPERTZ_B, GOMPERTZ_C = 1.82e-5, 0.1
YEAR = 365.2425

CATEGORY_BY_ROLE = {
    "commune_office": "cbccvc", "school": "cbccvc", "kindergarten": "cbccvc", "health": "cbccvc", "agency": "cbccvc",
    "hospital": "cbccvc", "army": "llvt", "police": "llvt", "commune_military": "llvt", "commune_police": "llvt",
}
VILLAGE_WORKING = Picker([("nong_dan", 62), ("khac", 14), ("lao_dong_dn", 10), ("cong_nhan", 7), ("chu_dn", 3),
                          ("hssv", 2), ("cbccvc", 2)])
ENTERPRISE = {"state_enterprise": Picker([("lao_dong_dn", 70), ("cong_nhan", 30)]),
              "private": Picker([("cong_nhan", 48), ("lao_dong_dn", 42), ("chu_dn", 10)]),
              "coop": Picker([("nong_dan", 60), ("lao_dong_dn", 40)])}
EDUCATION = {
    "cbccvc": Picker([("dai_hoc", 68), ("thac_si", 12), ("cao_dang", 8), ("trung_cap", 10), ("tien_si", 2)]),
    "llvt": Picker([("dai_hoc", 40), ("trung_cap", 35), ("cao_dang", 10), ("so_cap", 15)]),
    "nong_dan": Picker([("none", 60), ("so_cap", 20), ("trung_cap", 15), ("dai_hoc", 5)]),
    "huu_tri": Picker([("dai_hoc", 28), ("trung_cap", 30), ("none", 30), ("cao_dang", 10), ("thac_si", 2)]),
    "cong_nhan": Picker([("none", 30), ("so_cap", 25), ("trung_cap", 25), ("cao_dang", 10), ("dai_hoc", 10)]),
    "lao_dong_dn": Picker([("dai_hoc", 45), ("cao_dang", 15), ("trung_cap", 20), ("none", 20)]),
    "chu_dn": Picker([("dai_hoc", 50), ("cao_dang", 15), ("trung_cap", 15), ("none", 20)]),
    "hssv": Picker([("none", 60), ("cao_dang", 25), ("trung_cap", 15)]),
    "khac": Picker([("none", 55), ("trung_cap", 25), ("dai_hoc", 20)]),
}
THEORY = {
    "cbccvc": Picker([("trung_cap", 45), ("so_cap", 35), ("cao_cap", 12), ("cu_nhan", 3), ("none", 5)]),
    "llvt": Picker([("trung_cap", 40), ("so_cap", 42), ("cao_cap", 10), ("none", 8)]),
    "huu_tri": Picker([("so_cap", 50), ("trung_cap", 30), ("cao_cap", 8), ("none", 12)]),
}
THEORY_DEFAULT = Picker([("so_cap", 62), ("none", 33), ("trung_cap", 5)])
OCCUPATION = {
    "nong_dan": ["Làm nông", "Trồng trọt", "Chăn nuôi", "Làm vườn"], "huu_tri": ["Hưu trí"],
    "cong_nhan": ["Công nhân"], "lao_dong_dn": ["Nhân viên", "Kỹ sư", "Kế toán", "Kỹ thuật viên"],
    "chu_dn": ["Chủ doanh nghiệp", "Giám đốc công ty"], "hssv": ["Sinh viên"],
    "khac": ["Lao động tự do", "Buôn bán", "Kinh doanh dịch vụ"],
}
OCCUPATION_BY_ROLE = {
    "commune_office": ["Cán bộ xã", "Công chức xã"], "school": ["Giáo viên"], "kindergarten": ["Giáo viên mầm non"],
    "health": ["Y sĩ", "Điều dưỡng", "Bác sĩ"], "hospital": ["Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên y tế"],
    "agency": ["Công chức", "Viên chức", "Chuyên viên"], "army": ["Sĩ quan quân đội", "Quân nhân chuyên nghiệp"],
    "police": ["Sĩ quan công an", "Hạ sĩ quan công an"], "commune_military": ["Chỉ huy quân sự xã", "Dân quân"],
    "commune_police": ["Công an xã"],
}
RELIGIONS = Picker([("Không", 965), ("Phật giáo", 22), ("Công giáo", 9), ("Tin Lành", 2), ("Cao Đài", 2)])


class FastRandom(random.Random):
    """``random.Random`` with one-frame randint/randrange/choice: the stdlib versions cost three Python frames
    per call, which adds up over tens of millions of draws. Same seed, same sequence."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n: int) -> int:  # type: ignore[override]
        return int(self.random() * n)

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


def triangular(rng: random.Random, spec) -> float:
    lo, mode, hi = spec
    return rng.triangular(lo, hi, mode)


def death_age(rng: random.Random, age_now: float) -> float:
    """Age at death under Gompertz mortality, given alive at ``age_now`` (inverse of the survival function)."""
    u = rng.random() or 1e-12
    return math.log(math.exp(GOMPERTZ_C * age_now) - (GOMPERTZ_C / GOMPERTZ_B) * math.log(u)) / GOMPERTZ_C


def retirement_age(gender: str, role: str) -> float:
    if role in UNIFORMED_ROLES:
        return 52.0 if gender == "F" else 57.0
    return 55.0 if gender == "F" else 60.0


_NAME_KEYS: dict[str, tuple[str, str]] = {}


def name_keys(full_name: str) -> tuple[str, str]:
    """(sort_key, folded name): the two costly parts of ``members.services._index``, cached per name."""
    keys = _NAME_KEYS.get(full_name)
    if keys is None:
        keys = _NAME_KEYS[full_name] = (name_sort_key(full_name), fold(full_name))
    return keys


def search_text(full_name: str, cccd: str, card: str) -> str:
    """Exactly ``fold(f"{full_name} {cccd} {card}")`` for digit-only numbers, without folding them again."""
    folded = name_keys(full_name)[1]
    return " ".join(p for p in (folded, cccd, card) if p)


class Identity:
    """CCCD numbers: 3-digit province code, the gender/century digit, two digits of the birth year, then a
    6-digit serial. People born in the province being generated take serials 000000–899999 from a counter per
    (province, digit, year), scattered by a bijection so none looks sequential; people born elsewhere take
    900000 + a block of 1.500 reserved for the generating province. Provinces can therefore be generated
    independently (in parallel) and no number ever repeats."""

    HOME_SPACE = 900_000
    BLOCK = 1_500

    def __init__(self, province_code: str, province_index: int, salt: int = 0):
        self.home = province_code
        self.index = province_index
        self.salt = salt
        self.counters: dict[tuple, int] = {}
        self.cards = 0

    def cccd(self, origin_code: str, gender: str, born_year: int) -> str:
        digit = (born_year // 100 - 19) * 2 + (1 if gender == "F" else 0)
        key = (origin_code, digit, born_year % 100)
        n = self.counters.get(key, 0)
        self.counters[key] = n + 1
        if origin_code == self.home:
            if n >= self.HOME_SPACE:
                raise OverflowError(f"hết số CCCD cho {key}")
            serial = (n * 7919 + int(origin_code) * 131 + digit * 977 + born_year * 17 + self.salt) % self.HOME_SPACE
        else:
            if n >= self.BLOCK:
                raise OverflowError(f"hết số CCCD cho người sinh ở tỉnh khác {key}")
            serial = self.HOME_SPACE + self.index * self.BLOCK + n
        return f"{origin_code}{digit}{born_year % 100:02d}{serial:06d}"

    def card(self) -> str:
        self.cards += 1
        return f"{self.home[1:]}{self.cards:07d}"
