"""Search narrows by word starts in order; names sort with the shorter họ và tên đệm first (issue 7, point 10)."""

import datetime as dt
import re

from django.urls import reverse

from dangbo.core.text import name_sort_key, word_prefix_pattern
from dangbo.members.models import Member
from dangbo.members.selectors import member_list

NAMES = ["Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn An", "Trần Văn Toàn", "Lê Văn Hân", "Vân Thị Lan",
         "Nguyễn Thị Vân", "Lê Anh", "Lê Đức Anh", "Đặng Văn An"]


def _found(admin, q):
    return [m.full_name for m in member_list(user=admin, q=q)]


def test_words_match_word_starts_in_order(tree, admin):
    for name in NAMES:
        tree.member(name)
    # Not every name holding "van" and "an" somewhere (Trần Văn Toàn, Lê Văn Hân, Vân Thị Lan, Nguyễn Thị Vân).
    assert sorted(_found(admin, "nguyen van an")) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert sorted(_found(admin, "NGUYỄN   vĂn an")) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert sorted(_found(admin, "van an")) == ["Nguyễn Văn An", "Nguyễn Văn Anh", "Đặng Văn An"]
    assert sorted(_found(admin, "nguyen an")) == ["Nguyễn An", "Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert _found(admin, "an nguyen") == []  # in order
    assert sorted(_found(admin, "dang")) == ["Đặng Văn An"]  # đ folds to d, at a word start only
    assert sorted(_found(admin, "d")) == ["Lê Đức Anh", "Đặng Văn An"]
    assert _found(admin, "%") == _found(admin, "")  # LIKE wildcards are not search words


def test_cccd_and_card_number_match_by_their_start(tree, admin):
    m = tree.member("Nguyễn Văn An")
    tree.member("Trần Văn Bình")
    assert _found(admin, m.cccd) == ["Nguyễn Văn An"]
    assert sorted(_found(admin, m.cccd[:6])) == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert _found(admin, m.cccd[4:9]) == []


def test_shorter_family_and_middle_names_first_for_the_same_given_name(tree, admin):
    for name in ["Lê Đức Anh", "Lê Anh", "Nguyễn Văn An", "Nguyễn An", "Lê Thị Ánh"]:
        tree.member(name)
    assert _found(admin, "") == ["Nguyễn An", "Nguyễn Văn An", "Lê Anh", "Lê Đức Anh", "Lê Thị Ánh"]
    assert name_sort_key("Lê Anh") < name_sort_key("Lê Đức Anh")


def test_pattern_folds_and_drops_like_wildcards():
    assert word_prefix_pattern("Nguyễn  Văn Ân") == "% nguyen% van% an%"
    assert word_prefix_pattern("a_b%") == "% ab%"
    assert word_prefix_pattern("  ") == ""


def test_live_search_keeps_the_count_and_the_pager(client, tree, admin):
    """Keyset pages: "Hơn 50" instead of a count of the whole scope, "Trang sau" carrying the last row's key, every
    match once and in name order over the two pages, and a way back to the first."""
    for i in range(52):
        tree.member(f"Nguyễn Văn An{'h' * (i % 3)} Số{i}", born=dt.date(1980, 1, 1) + dt.timedelta(days=i))
    tree.member("Trần Văn Toàn")
    client.force_login(admin)
    body = client.get(reverse("members:list"), {"q": "nguyen van"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Hơn 50 đảng viên" in body and "Trang đầu" not in body
    assert "Trần Văn Toàn" not in body
    link = re.search(r'href="\?([^"]*sau_id=[^"]*)">Trang sau', body).group(1).replace("&amp;", "&")
    second = client.get(f"{reverse('members:list')}?{link}", HTTP_HX_REQUEST="true").content.decode()
    assert "2 đảng viên tiếp theo" in second and "Trang sau" not in second and "Trang đầu" in second
    names = re.findall(r'<td data-label="Họ và tên"><a [^>]*>([^<]*)</a>', body + second)
    expected = list(Member.objects.filter(search_text__words="nguyen van").order_by("sort_key", "id")
                    .values_list("full_name", flat=True))
    assert names == expected and len(names) == 52


def test_sort_key_migration_recomputes_existing_rows(tree, admin):
    from importlib import import_module

    from django.apps import apps

    m = tree.member("Lê Đức Anh")
    Member.objects.filter(pk=m.pk).update(sort_key="stale")
    import_module("dangbo.members.migrations.0004_sort_key_shorter_name_first").recompute(apps, None)
    m.refresh_from_db()
    assert m.sort_key == name_sort_key("Lê Đức Anh")
