"""Places for the synthetic tree: the 63 provinces of 2015–2025 with their CCCD codes, member counts and
peoples; the real districts of Bình Định and communes of Tây Sơn (the district of report ``002``); and a
generator of plausible commune and village names for everywhere else."""

import random

# code (CCCD, Thông tư 59/2021), name, thousand members (approximate), districts, region, minorities in
# highland districts (ethnicity, weight), share of highland districts.
PROVINCES = [
    ("001", "thành phố Hà Nội", 470, 30, "north", [("Mường", 3), ("Dao", 1)], 0.03),
    ("002", "tỉnh Hà Giang", 45, 11, "north", [("H'Mông", 5), ("Tày", 3), ("Dao", 2)], 0.9),
    ("004", "tỉnh Cao Bằng", 40, 10, "north", [("Tày", 5), ("Nùng", 3), ("H'Mông", 1)], 0.9),
    ("006", "tỉnh Bắc Kạn", 25, 8, "north", [("Tày", 5), ("Dao", 2), ("Nùng", 1)], 0.9),
    ("008", "tỉnh Tuyên Quang", 55, 7, "north", [("Tày", 4), ("Dao", 2), ("H'Mông", 1)], 0.7),
    ("010", "tỉnh Lào Cai", 45, 9, "north", [("H'Mông", 4), ("Tày", 2), ("Dao", 2)], 0.8),
    ("011", "tỉnh Điện Biên", 35, 10, "north", [("Thái", 4), ("H'Mông", 4)], 0.9),
    ("012", "tỉnh Lai Châu", 25, 8, "north", [("H'Mông", 4), ("Thái", 3), ("Dao", 1)], 0.9),
    ("014", "tỉnh Sơn La", 70, 12, "north", [("Thái", 6), ("H'Mông", 2), ("Mường", 1)], 0.9),
    ("015", "tỉnh Yên Bái", 50, 9, "north", [("Tày", 3), ("Dao", 2), ("H'Mông", 2), ("Thái", 1)], 0.6),
    ("017", "tỉnh Hòa Bình", 60, 10, "north", [("Mường", 6), ("Thái", 1), ("Dao", 1)], 0.8),
    ("019", "tỉnh Thái Nguyên", 80, 9, "north", [("Tày", 3), ("Nùng", 2), ("Dao", 1)], 0.4),
    ("020", "tỉnh Lạng Sơn", 55, 11, "north", [("Nùng", 5), ("Tày", 4), ("Dao", 1)], 0.9),
    ("022", "tỉnh Quảng Ninh", 90, 13, "north", [("Dao", 3), ("Tày", 1), ("Hoa", 1)], 0.2),
    ("024", "tỉnh Bắc Giang", 90, 10, "north", [("Nùng", 3), ("Tày", 2), ("Hoa", 1)], 0.3),
    ("025", "tỉnh Phú Thọ", 100, 13, "north", [("Mường", 4), ("Dao", 1)], 0.3),
    ("026", "tỉnh Vĩnh Phúc", 65, 9, "north", [("Dao", 1)], 0.1),
    ("027", "tỉnh Bắc Ninh", 60, 8, "north", [], 0.0),
    ("030", "tỉnh Hải Dương", 110, 12, "north", [], 0.0),
    ("031", "thành phố Hải Phòng", 130, 15, "north", [], 0.0),
    ("033", "tỉnh Hưng Yên", 70, 10, "north", [], 0.0),
    ("034", "tỉnh Thái Bình", 130, 8, "north", [], 0.0),
    ("035", "tỉnh Hà Nam", 50, 6, "north", [], 0.0),
    ("036", "tỉnh Nam Định", 120, 10, "north", [], 0.0),
    ("037", "tỉnh Ninh Bình", 60, 8, "north", [("Mường", 1)], 0.1),
    ("038", "tỉnh Thanh Hóa", 230, 26, "north", [("Mường", 4), ("Thái", 3), ("H'Mông", 1)], 0.4),
    ("040", "tỉnh Nghệ An", 230, 21, "north", [("Thái", 5), ("H'Mông", 1)], 0.4),
    ("042", "tỉnh Hà Tĩnh", 110, 13, "north", [], 0.0),
    ("044", "tỉnh Quảng Bình", 55, 8, "central", [("Mường", 1)], 0.1),
    ("045", "tỉnh Quảng Trị", 35, 10, "central", [("Mường", 1)], 0.2),
    ("046", "tỉnh Thừa Thiên Huế", 55, 9, "central", [("Cơ Tu", 1)], 0.1),
    ("048", "thành phố Đà Nẵng", 55, 8, "central", [("Cơ Tu", 1)], 0.05),
    ("049", "tỉnh Quảng Nam", 70, 18, "central", [("Cơ Tu", 3), ("Xơ Đăng", 1)], 0.4),
    ("051", "tỉnh Quảng Ngãi", 60, 13, "central", [("Hrê", 4), ("Xơ Đăng", 1)], 0.3),
    ("052", "tỉnh Bình Định", 80, 11, "central", [("Ba Na", 3), ("Hrê", 2), ("Chăm", 1)], 0.27),
    ("054", "tỉnh Phú Yên", 35, 9, "central", [("Chăm", 2), ("Ê Đê", 1), ("Ba Na", 1)], 0.3),
    ("056", "tỉnh Khánh Hòa", 45, 9, "central", [("Raglai", 3)], 0.2),
    ("058", "tỉnh Ninh Thuận", 20, 7, "central", [("Chăm", 3), ("Raglai", 2)], 0.4),
    ("060", "tỉnh Bình Thuận", 40, 10, "south", [("Chăm", 2), ("Raglai", 1)], 0.2),
    ("062", "tỉnh Kon Tum", 25, 10, "central", [("Xơ Đăng", 4), ("Ba Na", 2), ("Gia Rai", 1)], 0.8),
    ("064", "tỉnh Gia Lai", 55, 17, "central", [("Gia Rai", 5), ("Ba Na", 3)], 0.7),
    ("066", "tỉnh Đắk Lắk", 75, 15, "central", [("Ê Đê", 5), ("M'Nông", 1), ("Gia Rai", 1)], 0.6),
    ("067", "tỉnh Đắk Nông", 25, 8, "central", [("M'Nông", 4), ("Ê Đê", 1)], 0.6),
    ("068", "tỉnh Lâm Đồng", 50, 12, "central", [("Cơ Ho", 5)], 0.5),
    ("070", "tỉnh Bình Phước", 40, 11, "south", [("M'Nông", 2), ("Khmer", 1)], 0.3),
    ("072", "tỉnh Tây Ninh", 40, 9, "south", [("Khmer", 1)], 0.1),
    ("074", "tỉnh Bình Dương", 55, 9, "south", [("Hoa", 1)], 0.05),
    ("075", "tỉnh Đồng Nai", 85, 11, "south", [("Hoa", 2)], 0.1),
    ("077", "tỉnh Bà Rịa - Vũng Tàu", 45, 8, "south", [("Hoa", 1)], 0.05),
    ("079", "Thành phố Hồ Chí Minh", 250, 22, "south", [("Hoa", 3)], 0.1),
    ("080", "tỉnh Long An", 55, 15, "south", [], 0.0),
    ("082", "tỉnh Tiền Giang", 55, 11, "south", [], 0.0),
    ("083", "tỉnh Bến Tre", 55, 9, "south", [], 0.0),
    ("084", "tỉnh Trà Vinh", 35, 9, "south", [("Khmer", 4)], 0.5),
    ("086", "tỉnh Vĩnh Long", 40, 8, "south", [("Khmer", 1)], 0.1),
    ("087", "tỉnh Đồng Tháp", 60, 12, "south", [], 0.0),
    ("089", "tỉnh An Giang", 60, 11, "south", [("Khmer", 3), ("Chăm", 1)], 0.2),
    ("091", "tỉnh Kiên Giang", 60, 15, "south", [("Khmer", 3)], 0.2),
    ("092", "thành phố Cần Thơ", 45, 9, "south", [("Khmer", 1), ("Hoa", 1)], 0.1),
    ("093", "tỉnh Hậu Giang", 30, 8, "south", [("Khmer", 1)], 0.1),
    ("094", "tỉnh Sóc Trăng", 40, 11, "south", [("Khmer", 4), ("Hoa", 1)], 0.5),
    ("095", "tỉnh Bạc Liêu", 25, 7, "south", [("Khmer", 2), ("Hoa", 1)], 0.3),
    ("096", "tỉnh Cà Mau", 45, 9, "south", [("Khmer", 1)], 0.1),
]
BINH_DINH = "052"

# The districts of Bình Định (before 2025): name, urban?, highland?, minorities.
BINH_DINH_DISTRICTS = [
    ("thành phố Quy Nhơn", True, False), ("thị xã An Nhơn", True, False), ("thị xã Hoài Nhơn", True, False),
    ("huyện Tây Sơn", False, False), ("huyện Phù Cát", False, False), ("huyện Phù Mỹ", False, False),
    ("huyện Tuy Phước", False, False), ("huyện Hoài Ân", False, False), ("huyện An Lão", False, True),
    ("huyện Vĩnh Thạnh", False, True), ("huyện Vân Canh", False, True),
]
TAY_SON = "huyện Tây Sơn"
# The 15 communes of Tây Sơn, with their village count (76 in all, as in report 002).
TAY_SON_COMMUNES = [
    ("thị trấn Phú Phong", "thi_tran", 9), ("xã Bình Hòa", "xa", 5), ("xã Bình Nghi", "xa", 6),
    ("xã Bình Tân", "xa", 5), ("xã Bình Thành", "xa", 5), ("xã Bình Thuận", "xa", 5), ("xã Bình Tường", "xa", 6),
    ("xã Tây An", "xa", 5), ("xã Tây Bình", "xa", 5), ("xã Tây Giang", "xa", 5), ("xã Tây Phú", "xa", 4),
    ("xã Tây Thuận", "xa", 4), ("xã Tây Vinh", "xa", 5), ("xã Tây Xuân", "xa", 4), ("xã Vĩnh An", "xa", 3),
]

SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Mỹ", "Tân", "Thạnh", "Thành", "Lộc", "Hưng", "Phước", "Long", "Xuân", "Thuận", "Vĩnh", "Quang", "Hiệp", "Lợi", "Tiến", "Hồng", "Kim", "Nghĩa", "Đức", "Trung", "Đông", "Tây", "Nam", "Bắc", "Sơn", "Hải", "Thủy", "Lâm", "Định", "Hội", "Khánh", "Lạc", "Lương", "Minh", "Nhơn", "Phong", "Quý", "Tài", "Thái", "Thịnh", "Thọ", "Thượng", "Hạ", "Tường", "Vân", "Yên", "Cát", "Châu", "Điền", "Giang", "Hà", "Hảo", "Hậu", "Kiều", "Lai", "Linh", "Mai", "Ninh", "Phụng", "Quế", "Tín", "Trạch", "Trường", "Uyên", "Vinh", "Diên", "Đồng", "Hạnh", "Hoài", "Liên", "Mỹ", "Phổ", "Quảng", "Tịnh", "Tuy", "Văn", "Hiển", "Thắng", "Lập", "Cường", "Gia", "Đại"]
HIGHLAND_NORTH = (["Nà", "Bó", "Khuổi", "Phiêng", "Pác", "Lũng", "Nậm", "Huổi", "Co", "Hua", "Púng", "Tà", "Sán", "Pá", "Nà"],
                  ["Lầu", "Chang", "Phặc", "Mò", "Sài", "Cuổi", "Luông", "Khoang", "Sáng", "Chè", "Cáy", "Pục", "Hán", "Tấu", "Giàng", "Pẻn"])
HIGHLAND_SOUTH = (["Kon", "Plei", "Buôn", "Đăk", "Ea", "Krông", "Ia", "Bon", "Tà"],
                  ["Tu", "Ơi", "Kmăt", "Pơ", "Sup", "Grôl", "Ktu", "Mơ", "Giọt", "Ma", "Lốc", "Rông", "Hring", "Djoa"])
SCHOOL_PATRONS = ["Nguyễn Huệ", "Quang Trung", "Trần Phú", "Lê Lợi", "Nguyễn Du", "Lê Quý Đôn", "Nguyễn Trãi", "Trần Hưng Đạo", "Võ Thị Sáu", "Lý Thường Kiệt", "Chu Văn An", "Phan Bội Châu", "Hùng Vương", "Ngô Quyền", "Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Võ Lai", "Nguyễn Bỉnh Khiêm", "Đào Duy Từ", "Tây Sơn", "Phan Đình Phùng", "Hoàng Văn Thụ", "Kim Đồng", "Lương Thế Vinh"]


class PlaceNames:
    """Unique two-syllable place names within one parent (a district's communes, a commune's villages)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def two(self, pools=None) -> str:
        first, second = pools or (SYLLABLES, SYLLABLES)
        for _ in range(50):
            name = f"{self.rng.choice(first)} {self.rng.choice(second)}"
            if name not in self.used and name.split()[0] != name.split()[-1]:
                self.used.add(name)
                return name
        # Crowded pool: number it, as many real villages are (Tân Lập 2).
        base = f"{self.rng.choice(first)} {self.rng.choice(second)}"
        n = 2
        while f"{base} {n}" in self.used:
            n += 1
        self.used.add(f"{base} {n}")
        return f"{base} {n}"


ADMIN_WORDS = ("thành phố ", "Thành phố ", "thị xã ", "thị trấn ", "huyện ", "quận ", "xã ", "phường ", "tỉnh ")


def strip_admin(name: str) -> str:
    """"huyện Tây Sơn" -> "Tây Sơn": the place name without its administrative word."""
    for word in ADMIN_WORDS:
        if name.startswith(word):
            return name[len(word):]
    return name


def province_region(code: str) -> str:
    return next(p[4] for p in PROVINCES if p[0] == code)
