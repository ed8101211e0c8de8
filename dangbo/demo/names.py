"""Vietnamese personal names for the synthetic registry: family names with their regional frequencies, middle
and given names by gender, and the naming customs of the ethnic minorities the demo provinces have.

Frequencies are rounded from published surname surveys; they only need to look right in a list of 4.000.
"""

import random

# Kinh family names, weights in per mille. "Hoàng/Huỳnh" and "Vũ/Võ" split by region as they do in life.
_COMMON = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Phan", 45), ("Đặng", 21), ("Bùi", 20),
    ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Đào", 5), ("Đoàn", 5),
    ("Trương", 5), ("Lương", 3), ("Trịnh", 4), ("Mai", 3), ("Cao", 3), ("Lâm", 3), ("Tô", 2), ("Hà", 3),
    ("Tạ", 2), ("Châu", 2), ("Thái", 2), ("Quách", 1), ("Kiều", 1), ("Triệu", 1), ("Lưu", 2), ("Tăng", 1),
    ("Tôn", 1), ("Văn", 1), ("Chu", 1), ("Nông", 1), ("Khúc", 1), ("Phùng", 2), ("Lại", 1), ("Vương", 1),
]
REGION_SURNAMES = {
    "north": [*_COMMON, ("Hoàng", 50), ("Vũ", 39)],
    "central": [*_COMMON, ("Hoàng", 15), ("Huỳnh", 35), ("Võ", 39), ("Vũ", 5)],
    "south": [*_COMMON, ("Huỳnh", 45), ("Hoàng", 5), ("Võ", 39)],
}

MALE_MIDDLE = [("Văn", 42), ("Đức", 6), ("Minh", 7), ("Hữu", 6), ("Quang", 5), ("Công", 4), ("Thanh", 5),
               ("Ngọc", 3), ("Xuân", 3), ("Đình", 4), ("Duy", 2), ("Trọng", 2), ("Quốc", 3), ("Anh", 2),
               ("Tiến", 1), ("Hoàng", 1), ("Viết", 1), ("Bá", 1), ("Thế", 2), ("Mạnh", 1), ("Tấn", 2), ("Phước", 1)]
FEMALE_MIDDLE = [("Thị", 55), ("Thị Thu", 4), ("Thị Minh", 3), ("Thị Thanh", 4), ("Thị Kim", 3), ("Ngọc", 5),
                 ("Thu", 4), ("Thanh", 4), ("Kim", 3), ("Thùy", 3), ("Hồng", 3), ("Mỹ", 2), ("Bích", 2),
                 ("Phương", 2), ("Hoài", 1), ("Minh", 2), ("Diệu", 1), ("Khánh", 1)]
MALE_GIVEN = ["Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Thắng", "Long", "Quang", "Cường", "Hưng", "Trung", "Hoàng", "Thành", "Tùng", "Huy", "Phong", "Đức", "Hiếu", "Bình", "Tâm", "Thanh", "An", "Tài", "Lộc", "Phúc", "Khánh", "Việt", "Hậu", "Toàn", "Vinh", "Tú", "Đạt", "Khoa", "Nghĩa", "Tiến", "Quý", "Hòa", "Thịnh", "Lâm", "Trí", "Kiên", "Vũ", "Duy", "Hiệp", "Tín", "Lợi", "Đông", "Chiến", "Công", "Châu", "Sang", "Nhân", "Bảo", "Thái", "Quân", "Dương", "Hào", "Khải", "Lực", "Mạnh", "Ninh", "Quyết", "Tấn", "Thiện", "Thuận", "Trọng", "Tường", "Danh", "Định", "Giang", "Học", "Hiển", "Kha", "Luân", "Lượng", "Nhật", "Phát", "Quốc", "Sỹ", "Thông", "Thuần", "Triều", "Văn"]
FEMALE_GIVEN = ["Lan", "Hương", "Hoa", "Hằng", "Hà", "Mai", "Linh", "Ngọc", "Trang", "Thảo", "Nga", "Phương", "Thủy", "Dung", "Hạnh", "Yến", "Loan", "Huyền", "Nhung", "Oanh", "Vân", "Hồng", "Thu", "Liên", "Thúy", "Tuyết", "Hiền", "Nhàn", "Diệp", "Quyên", "Vy", "Anh", "Chi", "Giang", "Hậu", "Kim", "Lệ", "Ly", "My", "Nhi", "Quỳnh", "Sương", "Tâm", "Thanh", "Thơ", "Trinh", "Uyên", "Xuân", "Bích", "Châu", "Diễm", "Duyên", "Hiên", "Hường", "Khánh", "Lài", "Lụa", "Mến", "Nguyệt", "Phượng", "Thắm", "Thoa", "Trâm", "Vui", "Hải", "Đào", "Tình", "Hoài", "Na", "Ánh", "Cúc", "Đông", "Gấm", "Hiếu", "Lành", "Nương", "Sen", "Tươi"]

# Ethnic minorities: (family names, male middles, female middles, male given, female given). Empty family
# names mean the customary personal prefix ("Y", "H'", "A", "Ka") comes first instead.
ETHNIC_NAMES = {
    "Ba Na": (["Đinh", "Đinh", "Đinh", "Hồ", "Nguyễn"], ["Văn"], ["Thị"],
              ["Hương", "Lem", "Nớ", "Ngãi", "Thiếu", "Bơi", "Rớt", "Hiếu", "Tơ", "Ngớt", "Đức", "Bảy"],
              ["Hờ", "Lan", "Nhơn", "Xuân", "Mai", "Hiên", "Rin", "Thơm", "Bé", "Nguyệt"]),
    "Hrê": (["Đinh", "Phạm", "Đinh"], ["Văn"], ["Thị"], ["Nên", "Tía", "Đức", "Trăng", "Lương", "Mưa", "Chăn", "Nhiên"],
            ["Hồi", "Lượm", "Nga", "Xê", "Vân", "Thiên"]),
    "Chăm": (["Đàng", "Quảng", "Thành", "Trượng", "Báo", "Lưu"], ["Văn", "Năng", "Đại", "Bá"], ["Thị", "Thị Thanh"],
             ["Thọ", "Tuyên", "Đạt", "Sô", "Hùng", "Quang", "Tấn", "Lộc"], ["Hà", "Hằng", "Mỹ", "Tuyết", "Nga", "Xuân"]),
    "Gia Rai": (["Rơ Mah", "Ksor", "Siu", "Nay", "Kpă", "Rơ Lan", "Puih", "Rơ Châm"], [""], ["H'"],
                ["Blih", "Hyoanh", "Đoan", "Thuh", "Kin", "Dơk", "Yuh", "Ngơn", "Phước", "Lanh"], ["Bơ", "Hlinh", "Khăp", "Nguyệt", "Djuin", "Ler"]),
    "Ê Đê": ([], ["Y"], ["H'"], ["Bih", "Thuột", "Khoa", "Njuôl", "Knuê", "Phôn", "Wang", "Hrin"],
             ["Hen", "Yơn", "Bia", "Lê", "Ni", "Răk"]),
    "Xơ Đăng": ([], ["A"], ["Y"], ["Pớt", "Bly", "Phi", "Rết", "Bưi", "Thế", "Giang"], ["Nhi", "Hiệp", "Bông", "Nhung", "Thoa"]),
    "M'Nông": (["Điểu", "Thị"], ["K'"], ["Thị"], ["Ré", "Srê", "Đing", "Brông", "Kroong"], ["H'Ra", "Mai", "Bình", "Lai"]),
    "Cơ Ho": ([], ["K'", "Ya"], ["Ka"], ["Brông", "Sớ", "Đing", "Krông", "Tiêu"], ["Hằng", "Điệp", "Sa", "Ra", "Zin"]),
    "Raglai": (["Mấu", "Pi Năng", "Katơr", "Cao"], ["Văn"], ["Thị"], ["Nhì", "Ba", "Quang", "Sơn", "Vinh"],
               ["Bình", "Hồng", "Lan", "Mai"]),
    "Cơ Tu": (["Alăng", "Bhling", "Bríu", "Zơrâm", "Pơloong", "Clâu"], ["Văn", ""], ["Thị"],
              ["Liếc", "Ba", "Mai", "Pố", "Ngói", "Bốn"], ["Đôi", "Hiền", "Nhàn", "Bé", "Hoa"]),
    "Tày": (["Hoàng", "Nông", "Lương", "Ma", "Lục", "Bế", "Hà", "Lăng", "Lộc"], ["Văn", "Đức"], ["Thị"],
            MALE_GIVEN, FEMALE_GIVEN),
    "Nùng": (["Hoàng", "Nông", "Lương", "Vi", "Nịnh", "Hứa", "Lý"], ["Văn"], ["Thị"], MALE_GIVEN, FEMALE_GIVEN),
    "Thái": (["Lò", "Lường", "Quàng", "Cầm", "Tòng", "Vì", "Điêu", "Hà"], ["Văn"], ["Thị"],
             ["Phong", "Sơn", "Ún", "Khăm", "Pâng", "Xuân", "Tiến", "Chung", "Thanh", "Inh"], ["Hương", "Ban", "Ính", "Xuân", "Pánh", "Ươn", "Lả"]),
    "Mường": (["Bùi", "Đinh", "Quách", "Hà", "Xa"], ["Văn", "Đức"], ["Thị"], MALE_GIVEN, FEMALE_GIVEN),
    "H'Mông": (["Giàng", "Sùng", "Vàng", "Thào", "Lầu", "Mùa", "Hờ", "Ly", "Vừ"], ["A", "Seo", "Mí"], ["Thị"],
               ["Páo", "Chứ", "Dế", "Pó", "Sử", "Dình", "Lử", "Mang", "Pàng", "Chá", "Dua"], ["Mỷ", "Sua", "Pà", "Dua", "Chá", "Mai", "Dợ"]),
    "Dao": (["Triệu", "Bàn", "Đặng", "Lý", "Chảo"], ["Văn", "Tài", "Sinh", "Mùi"], ["Thị", "Mùi"],
            ["Vần", "Phin", "Kiều", "Quẩy", "Chòi", "Hin"], ["Mai", "Nhất", "Hoa", "Xiêm", "Lai"]),
    "Khmer": (["Thạch", "Sơn", "Kim", "Danh", "Lâm", "Chau"], ["", "Sa", "Sô"], ["Thị", "Néang"],
              ["Rươl", "Sóc", "Chanh", "Rát", "Phol", "Mết", "Phia", "Quây", "Rinh"], ["Sa", "Mây", "Thi", "Phon", "Kha", "Rích"]),
    "Hoa": (["Lâm", "Trương", "Quách", "Lý", "Mạch", "Tăng", "Diệp", "Hứa", "Trần"], ["Văn", "Vĩnh", "Quốc"],
            ["Thị", "Mỹ", "Ngọc"], MALE_GIVEN, FEMALE_GIVEN),
}


# Clan names that follow the personal name (Ê Đê: Y Bih Niê, H'Hen Niê).
ETHNIC_CLAN_SUFFIX = {"Ê Đê": ["Niê", "Mlô", "Êban", "Ktla", "Byă", "Adrơng", "Knul", "Hwing"]}


class Picker:
    """A weighted choice prepared once as a 4.096-slot table: ``pick(rng)`` is one random() and an index,
    fast enough for millions (weights are rounded to 1/4.096, plenty for a demo)."""

    SLOTS = 4096

    def __init__(self, pairs):
        total = sum(w for _, w in pairs)
        table, acc = [], 0.0
        for value, weight in pairs:
            acc += weight
            table.extend([value] * (round(acc / total * self.SLOTS) - len(table)))
        self.table = table

    def pick(self, rng: random.Random):
        return self.table[int(rng.random() * self.SLOTS)]


SURNAMES = {region: Picker(pairs) for region, pairs in REGION_SURNAMES.items()}
_MALE_MIDDLE = Picker(MALE_MIDDLE)
_FEMALE_MIDDLE = Picker(FEMALE_MIDDLE)
# Born after 1985: "Thị" gives way to Thu, Ngọc, Thanh… as it did in life.
_FEMALE_MIDDLE_YOUNG = Picker([(m, w // 3 if m == "Thị" else w) for m, w in FEMALE_MIDDLE])


def full_name(rng: random.Random, *, gender: str, region: str, born_year: int, ethnicity: str = "Kinh") -> str:
    if ethnicity in ETHNIC_NAMES:
        families, male_mid, female_mid, male_given, female_given = ETHNIC_NAMES[ethnicity]
        if gender == "F":
            parts = [rng.choice(families) if families else "", rng.choice(female_mid), rng.choice(female_given)]
        else:
            parts = [rng.choice(families) if families else "", rng.choice(male_mid), rng.choice(male_given)]
        if parts[1] in ("H'", "K'"):  # the prefix joins the name: H'Hen, K'Brông
            parts[1:] = [parts[1] + parts[2]]
        if ethnicity in ETHNIC_CLAN_SUFFIX:
            parts.append(rng.choice(ETHNIC_CLAN_SUFFIX[ethnicity]))
        return " ".join(p for p in parts if p)
    family = SURNAMES[region].pick(rng)
    if gender == "F":
        middle = (_FEMALE_MIDDLE_YOUNG if born_year > 1985 else _FEMALE_MIDDLE).pick(rng)
        given = rng.choice(FEMALE_GIVEN)
    else:
        middle = _MALE_MIDDLE.pick(rng)
        given = rng.choice(MALE_GIVEN)
    if middle.endswith(given):
        given = rng.choice(FEMALE_GIVEN if gender == "F" else MALE_GIVEN)
    return f"{family} {middle} {given}"
