"""Reference data of form 4 (Đảng viên chia theo dân tộc, tôn giáo; FORMS.md §2): the 54 ethnic groups of Viet
Nam and the religions recognised by the State, with the matching of the members' free-text fields
(``Person.ethnicity``, ``Person.religion``) to them.

Ethnic groups: the 54 groups of the "Danh mục các thành phần dân tộc Việt Nam" (Quyết định 121-TCTK/PPCĐ,
02/3/1979), with the codes and order of its update by Quyết định 1019/QĐ-TCTK (12/11/2008) — the same 54 groups;
the 1979 list ordered some differently (Hoa 04, Khơ-me 05, Mường 06, Ngái 11, …). Plus "Dân tộc khác".

Religions: those recognised (công nhận tổ chức tôn giáo) in Viet Nam, as data; ``since`` notes what is known of
when, and says "to confirm" where unsure. Plus "Tôn giáo khác".

Matching folds accents and đ (``core.text.fold``) and ignores spaces, hyphens and apostrophes, so "H'mông",
"Hmông" and "H Mông" are one name; known other names ("Mông", "Mèo", "Khơ Me", "Việt") are aliases.
"""

import re
from functools import cache
from typing import NamedTuple

from dangbo.core.text import fold

OTHER = "khac"


class Entry(NamedTuple):
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    since: str = ""


ETHNIC_GROUPS: tuple[Entry, ...] = (
    Entry("01", "Kinh", ("Việt", "Kinh (Việt)")),
    Entry("02", "Tày"),
    Entry("03", "Thái"),
    Entry("04", "Mường"),
    Entry("05", "Khmer", ("Khơ Me", "Khơ-me Krôm", "Miên")),
    Entry("06", "Hoa", ("Hán",)),
    Entry("07", "Nùng"),
    Entry("08", "H'Mông", ("Mông", "Mèo")),
    Entry("09", "Dao"),
    Entry("10", "Gia Rai", ("Giơ Rai", "Jarai")),
    Entry("11", "Ê Đê", ("Ra Đê", "Rhade")),
    Entry("12", "Ba Na", ("Bahnar",)),
    Entry("13", "Sán Chay", ("Cao Lan", "Sán Chỉ", "Cao Lan-Sán Chỉ")),
    Entry("14", "Chăm", ("Chàm",)),
    Entry("15", "Cơ Ho", ("K'Ho",)),
    Entry("16", "Xơ Đăng", ("Xê Đăng", "Sê Đăng")),
    Entry("17", "Sán Dìu"),
    Entry("18", "Hrê"),
    Entry("19", "Ra Glai", ("Ra Glay",)),
    Entry("20", "Mnông", ("M'Nông",)),
    Entry("21", "Thổ"),
    Entry("22", "Stiêng", ("Xtiêng", "X'Tiêng")),
    Entry("23", "Khơ mú", ("Khmú", "Xá Cẩu")),
    Entry("24", "Bru-Vân Kiều", ("Vân Kiều", "Bru")),
    Entry("25", "Cơ Tu", ("Ca Tu",)),
    Entry("26", "Giáy"),
    Entry("27", "Tà Ôi", ("Pa Cô",)),
    Entry("28", "Mạ"),
    Entry("29", "Gié-Triêng", ("Giẻ Triêng",)),
    Entry("30", "Co"),
    Entry("31", "Chơ Ro"),
    Entry("32", "Xinh Mun"),
    Entry("33", "Hà Nhì"),
    Entry("34", "Chu Ru"),
    Entry("35", "Lào"),
    Entry("36", "Kháng"),
    Entry("37", "La Chí"),
    Entry("38", "Phù Lá"),
    Entry("39", "La Hủ"),
    Entry("40", "La Ha"),
    Entry("41", "Pà Thẻn"),
    Entry("42", "Chứt"),
    Entry("43", "Lự"),
    Entry("44", "Lô Lô"),
    Entry("45", "Mảng"),
    Entry("46", "Cờ Lao", ("Cơ Lao",)),
    Entry("47", "Bố Y"),
    Entry("48", "Cống"),
    Entry("49", "Ngái"),
    Entry("50", "Si La"),
    Entry("51", "Pu Péo"),
    Entry("52", "Rơ Măm"),
    Entry("53", "Brâu"),
    Entry("54", "Ơ Đu"),
)
OTHER_ETHNIC_GROUP = Entry(OTHER, "Dân tộc khác")
KINH = "01"

RELIGIONS: tuple[Entry, ...] = (
    Entry("phat_giao", "Phật giáo", ("Đạo Phật", "Phật")),
    Entry("cong_giao", "Công giáo", ("Thiên Chúa giáo", "Thiên Chúa", "Đạo Thiên Chúa", "Công giáo La Mã")),
    Entry("tin_lanh", "Tin Lành", ("Đạo Tin Lành", "Tin Lành giáo")),
    Entry("cao_dai", "Cao Đài", ("Đạo Cao Đài",)),
    Entry("hoa_hao", "Phật giáo Hòa Hảo", ("Hòa Hảo", "Đạo Hòa Hảo")),
    Entry("hoi_giao", "Hồi giáo", ("Đạo Hồi", "Islam")),
    Entry("bahai", "Tôn giáo Baha'i", ("Baha'i", "Bahai"), since="2008 (to confirm)"),
    Entry("tinh_do_cu_si", "Tịnh độ Cư sĩ Phật hội Việt Nam", ("Tịnh độ Cư sĩ",), since="2007 (to confirm)"),
    Entry("tu_an_hieu_nghia", "Đạo Tứ Ân Hiếu Nghĩa", ("Tứ Ân Hiếu Nghĩa",), since="2007 (to confirm)"),
    Entry("buu_son_ky_huong", "Bửu Sơn Kỳ Hương", ("Đạo Bửu Sơn Kỳ Hương",), since="2007 (to confirm)"),
    Entry("minh_su_dao", "Minh Sư đạo", ("Minh Sư",), since="2008 (to confirm)"),
    Entry("minh_ly_dao", "Minh Lý đạo - Tam Tông Miếu", ("Minh Lý đạo", "Tam Tông Miếu"), since="2008 (to confirm)"),
    Entry("ba_la_mon", "Bà-la-môn giáo", ("Bà La Môn", "Chăm Bà-la-môn"), since="2007 (to confirm)"),
    Entry("mac_mon", "Mặc môn", ("Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô",), since="2016 (to confirm)"),
    Entry("hieu_nghia_ta_lon", "Phật giáo Hiếu Nghĩa Tà Lơn", ("Hiếu Nghĩa Tà Lơn",), since="2018 (to confirm)"),
    Entry("co_doc_phuc_lam", "Cơ đốc Phục lâm", ("Giáo hội Cơ đốc Phục lâm Việt Nam", "Cơ Đốc Phục Lâm An Thất"),
          since="2018 (to confirm)"),
)
OTHER_RELIGION = Entry(OTHER, "Tôn giáo khác")

# Texts that mean "no religion" in the records: "Không" (the default), "Lương" (the old lý lịch's word for a
# non-believer), dashes and blanks.
NO_RELIGION = frozenset({"", "khong", "khongco", "khongtongiao", "khongtheotongiaonao", "luong", "chua"})


def _key(text: str) -> str:
    """Folded, with everything but letters and digits removed: "H'Mông" and "H-Mông" → "hmong"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _index(entries: tuple[Entry, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            key = _key(name)
            if index.setdefault(key, entry.code) != entry.code:  # pragma: no cover - guarded by a test
                raise ValueError(f"{name!r} names two entries")
    return index


_ETHNIC = _index(ETHNIC_GROUPS)
_RELIGION = _index(RELIGIONS)
# Longest first, so "Phật giáo Hòa Hảo" is found in a longer text before "Phật giáo".
_RELIGION_BY_LENGTH = sorted(((k, c) for k, c in _RELIGION.items() if len(k) >= 5), key=lambda kc: -len(kc[0]))

ETHNIC_NAMES = {e.code: e.name for e in (*ETHNIC_GROUPS, OTHER_ETHNIC_GROUP)}
RELIGION_NAMES = {e.code: e.name for e in (*RELIGIONS, OTHER_RELIGION)}


def _strip(text: str, prefixes: tuple[str, ...]) -> str:
    folded = fold(re.sub(r"\(.*?\)", " ", text or ""))  # "Kinh (Việt)": the name before the parenthesis
    for prefix in prefixes:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1:]
    return re.sub(r"[^a-z0-9]", "", folded)


@cache
def ethnic_group(text: str) -> str:
    """The code ("01"…"54") of the ethnic group named by ``text``; ``OTHER`` ("khac") when unknown or blank."""
    code = _ETHNIC.get(_key(text or ""))
    if code is None:
        code = _ETHNIC.get(_strip(text, ("dan toc", "nguoi")))
    return code or OTHER


def is_ethnic_minority(text: str) -> bool:
    """Form 3 "dân tộc thiểu số": every group but Kinh, unknown groups included."""
    return ethnic_group(text) != KINH


@cache
def religion(text: str) -> str | None:
    """The code of the religion named by ``text``; None for no religion ("Không", "", "Lương"); ``OTHER`` for
    a religion not in the list."""
    key = _key(text or "")
    if key in NO_RELIGION:
        return None
    code = _RELIGION.get(key) or _RELIGION.get(_strip(text, ("dao", "ton giao")))
    if code:
        return code
    for alias, code in _RELIGION_BY_LENGTH:
        if alias in key:
            return code
    return OTHER
