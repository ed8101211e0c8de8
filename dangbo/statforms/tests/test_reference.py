"""Form 4 reference data: the 54 ethnic groups and the religions, and matching the members' free text."""

import pytest

from dangbo.statforms import reference as ref
from dangbo.statforms.reference import OTHER, ethnic_group, religion


def test_exactly_54_distinct_ethnic_groups_in_code_order():
    codes = [e.code for e in ref.ETHNIC_GROUPS]
    names = [e.name for e in ref.ETHNIC_GROUPS]
    assert len(ref.ETHNIC_GROUPS) == 54
    assert codes == [f"{i:02d}" for i in range(1, 55)]
    assert len(set(names)) == 54
    assert len({ref._key(n) for n in names}) == 54  # distinct even folded
    assert names[:9] == ["Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao"]
    assert names[-1] == "Ơ Đu"
    assert ref.ETHNIC_NAMES[OTHER] == "Dân tộc khác"


def test_every_name_and_alias_matches_its_own_group():
    for entry in ref.ETHNIC_GROUPS:
        for text in (entry.name, *entry.aliases, entry.name.upper(), f"  {entry.name.lower()} "):
            assert ethnic_group(text) == entry.code, text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("H'mông", "H'Mông"), ("Hmông", "H'Mông"), ("Mông", "H'Mông"), ("H’Mông", "H'Mông"), ("HMONG", "H'Mông"),
        ("Ê-đê", "Ê Đê"), ("Êđê", "Ê Đê"), ("ede", "Ê Đê"),
        ("Khơ Me", "Khmer"), ("Khmer", "Khmer"), ("Khơ-me", "Khmer"),
        ("Kinh (Việt)", "Kinh"), ("Dân tộc Tày", "Tày"), ("Gia-rai", "Gia Rai"), ("Bru - Vân Kiều", "Bru-Vân Kiều"),
        ("M'Nông", "Mnông"), ("Xơ-đăng", "Xơ Đăng"), ("Giẻ-Triêng", "Gié-Triêng"), ("Ơ-đu", "Ơ Đu"),
        ("Khơ Mú", "Khơ mú"), ("Pà thẻn", "Pà Thẻn"), ("Mạ", "Mạ"), ("Mảng", "Mảng"),
    ],
)
def test_spelling_variants(text, name):
    assert ref.ETHNIC_NAMES[ethnic_group(text)] == name


@pytest.mark.parametrize("text", ["", "Pháp", "Người nước ngoài", None])
def test_unknown_ethnic_group_is_other(text):
    assert ethnic_group(text) == OTHER


def test_ethnic_minority():
    assert not ref.is_ethnic_minority("Kinh")
    assert ref.is_ethnic_minority("Tày")
    assert ref.is_ethnic_minority("Pháp")


def test_religions_are_distinct():
    codes = [e.code for e in ref.RELIGIONS]
    assert len(codes) == len(set(codes)) == 16
    assert OTHER not in codes
    assert ref.RELIGION_NAMES[OTHER] == "Tôn giáo khác"


@pytest.mark.parametrize("text", ["Không", "không", "KHÔNG", "", "  ", None, "-", "Lương", "Không tôn giáo"])
def test_no_religion(text):
    assert religion(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Phật giáo", "phat_giao"), ("Phat giao", "phat_giao"), ("Đạo Phật", "phat_giao"),
        ("Công giáo", "cong_giao"), ("Thiên chúa giáo", "cong_giao"), ("Công Giáo La Mã", "cong_giao"),
        ("Tin lành", "tin_lanh"), ("Đạo Tin Lành", "tin_lanh"),
        ("Cao Đài", "cao_dai"), ("Đạo Cao Đài Tây Ninh", "cao_dai"),
        ("Phật giáo Hòa Hảo", "hoa_hao"), ("Phật giáo Hoà Hảo", "hoa_hao"), ("Hòa Hảo", "hoa_hao"),
        ("Hồi giáo", "hoi_giao"), ("Baha'i", "bahai"), ("Bahá'í", "bahai"),
        ("Bà La Môn", "ba_la_mon"), ("Phật giáo Hiếu Nghĩa Tà Lơn", "hieu_nghia_ta_lon"),
        ("Minh Lý đạo - Tam Tông Miếu", "minh_ly_dao"), ("Cơ Đốc Phục Lâm", "co_doc_phuc_lam"),
        ("Thờ cúng tổ tiên", OTHER), ("Đạo Mẫu", OTHER),
    ],
)
def test_religion_matching(text, code):
    assert religion(text) == code


def test_every_religion_name_and_alias_matches():
    for entry in ref.RELIGIONS:
        for text in (entry.name, *entry.aliases):
            assert religion(text) == entry.code, text
