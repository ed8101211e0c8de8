"""The statistics form page and its drill-down: the figures of the ``year`` fixture (conftest.py) as the paper form
shows them, the members behind a figure, bad period input named in Vietnamese, an org outside the scope 404, and
the page's queries not growing with the members."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.dates import today
from dangbo.core.testing import Role, user_with
from dangbo.statforms import rules
from dangbo.statforms.views import forms as views

pytestmark = pytest.mark.django_db
D = dt.date
YEAR_2025 = {"bieu": "1", "ky": "year", "nam": "2025"}


def now_of(body: str, key: str) -> str:
    """The "Kỳ này" cell of row ``key`` (its number, linked or not)."""
    row = re.search(rf'<tr id="row-{key}">(.*?)</tr>', body, re.S)[1]
    cell = re.search(r'<td class="num now">(.*?)</td>', row, re.S)[1]
    return re.sub(r"<[^>]+>", "", cell).strip()


@pytest.fixture
def commission(tree, client):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    return client


def test_the_page_shows_the_form_of_the_year(tree, year, commission):
    body = commission.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_2025}).content.decode()
    got = {key: now_of(body, key) for key in ("A", "B", "B1", "B2", "C", "C1", "C3", "C3a", "C5", "C5b", "D")}
    assert got == {"A": "6", "B": "1", "B1": "1", "B2": "0", "C": "3", "C1": "1", "C3": "1", "C3a": "1", "C5": "1",
                   "C5b": "1", "D": "4"}
    assert "Biểu số 1-BTCTW" in body and "TĂNG, GIẢM ĐẢNG VIÊN" in body and "Năm 2025" in body
    assert "Cùng kỳ năm trước" in body and "Đvt: Người" in body and "BAN TỔ CHỨC" in body
    assert "11-HD/BTCTW" in body and 'id="broken"' not in body
    # a non-zero figure links to its members, a zero does not
    assert 'dong=B1"' in body and 'dong=B2"' not in body
    assert 'class="line level-0 bold"' in body  # the top rows


def test_the_default_is_the_first_half_of_this_year(tree, commission):
    body = commission.get(reverse("statforms:table")).content.decode()
    assert f"6 tháng đầu năm {today().year}" in body and tree.commune.name in body


def test_the_drill_down_lists_the_members_behind_a_figure(tree, year, commission):
    url = reverse("statforms:members")
    body = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "dong": "C"}).content.decode()
    rows = re.findall(r'<tr id="member-(\d+)">', body)
    # in Vietnamese name order (the given name first): Cường (died), Em (moved out), Hải (struck off)
    assert rows == [str(year["died"].pk), str(year["away"].pk), str(year["struck"].pk)]
    assert "Đã từ trần" in body and "02/03/1985" in body
    body = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "dong": "B1"}).content.decode()
    assert re.findall(r'<tr id="member-(\d+)">', body) == [str(year["new"].pk)]
    assert "Đỗ Thị Giang" in body and "Nguyễn Văn An" not in body
    # an unknown row is refused, naming it
    body = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "dong": "Z9"}).content.decode()
    assert "không có dòng “Z9”" in body and 'id="member-' not in body


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"ky": "range", "tu": "01/07/2025", "den": "30/06/2025"}, "den", "trước ngày bắt đầu"),
    ({"ky": "range", "tu": "01/01/2023", "den": "01/01/2025"}, "den", "dài quá 2 năm"),
    ({"ky": "range", "tu": "31/02/2025", "den": "30/06/2025"}, "tu", "dd/mm/yyyy"),
    ({"ky": "range", "tu": "01/01/2025"}, "den", "Phải nhập ngày"),
    ({"ky": "year", "nam": "năm"}, "nam", "Năm phải là một số"),
    ({"ky": "half", "nam": ""}, "nam", "Phải nhập năm"),
    ({"ky": "half", "nam": "2025", "bieu": "99"}, "bieu", "99"),
])
def test_bad_period_input_names_the_field(tree, commission, params, field, message):
    body = commission.get(reverse("statforms:table"), {"org": tree.commune.pk, "bieu": "1", **params}).content.decode()
    assert message in body and 'id="lines"' not in body
    label = {"den": "Đến ngày", "tu": "Từ ngày", "nam": "Năm", "bieu": "Biểu mẫu"}[field]
    assert re.search(rf'<label for="id_{field}">{label}</label>.*?<ul class="errorlist" role="alert"><li>[^<]*'
                     rf'{re.escape(message)}', body, re.S), body


def test_a_chosen_range_is_shown_with_its_dates(tree, year, commission):
    body = commission.get(reverse("statforms:table"), {"org": tree.commune.pk, "bieu": "1", "ky": "range",
                                                       "tu": "01/03/2025", "den": "30/06/2025"}).content.decode()
    assert "Từ 01/03/2025 đến 30/06/2025" in body and now_of(body, "C1") == "1" and now_of(body, "B1") == "0"


def test_an_org_outside_the_scope_is_404(tree, year, client):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell2))
    for name in ("statforms:table", "statforms:members"):
        for org in (tree.commune, tree.cell1, tree.other_cell):
            assert client.get(reverse(name), {"org": org.pk, **YEAR_2025, "dong": "A"}).status_code == 404
    body = client.get(reverse("statforms:members"), {"org": tree.cell2.pk, **YEAR_2025, "dong": "C"}).content
    assert "Võ Văn Em".encode() in body and "Lê Văn Cường".encode() not in body


@pytest.mark.parametrize("n", [5, 40])
def test_the_page_reads_in_the_same_queries_whatever_the_members(tree, client, n, django_assert_num_queries):
    """Session and user, the scope, the org and its ancestors, then the engine: a fixed number of reads for the
    period and the same for the year before."""
    for i in range(n):
        tree.member(f"Đảng Viên {i}", org=tree.cell1 if i % 2 else tree.cell2)
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    with django_assert_num_queries(14):
        body = client.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_2025}).content.decode()
    assert now_of(body, "A") == str(n)



def test_broken_checks_are_shown_in_an_alert_naming_the_rows(tree, year, commission, monkeypatch):
    monkeypatch.setattr(rules, "broken", lambda form, values: ["dòng D (Đảng viên có đến cuối kỳ: 4) khác A + B − C."])
    body = commission.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_2025}).content.decode()
    alert = re.search(r'<div class="messages" id="broken">(.*?)</div>', body, re.S)[1]
    assert 'role="alert"' in alert and "dòng D (Đảng viên có đến cuối kỳ: 4)" in alert


def test_the_drill_down_is_paginated(tree, year, commission, monkeypatch):
    monkeypatch.setattr(views, "PAGE", 2)
    query = {"org": tree.commune.pk, **YEAR_2025, "dong": "C"}
    first = commission.get(reverse("statforms:members"), query).content.decode()
    second = commission.get(reverse("statforms:members"), {**query, "page": 2}).content.decode()
    assert first.count('<tr id="member-') == 2 and second.count('<tr id="member-') == 1
    assert "Trang 1/2 (3 dòng)" in first and "Hồ Văn Hải" in second


def test_the_form_and_a_drill_down_download_as_xlsx(tree, year, commission):
    response = commission.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_2025, "tai": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bieu-1-dang-bo-xa-da-sar-31-12-2025.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Biểu số 1-BTCTW" in cells and "ĐẢNG ỦY XÃ ĐẠ SAR" in cells
    listed = commission.get(reverse("statforms:members"), {"org": tree.commune.pk, **YEAR_2025, "dong": "C1",
                                                           "tai": "xlsx"})
    names = [c.value for row in load_workbook(io.BytesIO(listed.content)).active.iter_rows() for c in row]
    assert "Lê Văn Cường" in names and "Nguyễn Văn An" not in names
