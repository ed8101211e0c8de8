"""The stats page, its XLSX and the drill-down lists, as a user sees them; and each of them from outside."""

import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.testing import Role, otype, user_with
from dangbo.members.choices import MemberCategory, MemberStatus
from dangbo.members.models import Member
from dangbo.orgs.services import org_create
from dangbo.reviews.choices import Status, Subject
from dangbo.reviews.models import Assessment
from dangbo.reviews.tests.test_stats import D, Rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(tree, admin):
    return Rated(tree, admin)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def get(client, name, **params):
    return client.get(reverse(name), params)


def test_page_shows_the_tables_paragraphs_and_charts(client, rated, tree):
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    body = text(get(client, "reviews:stats", org=tree.district.pk, year=2023))
    assert "Kết quả đánh giá, xếp loại chất lượng năm 2023" in body
    assert "Năm 2023 có 10/13 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 76,9%)" in body
    assert "Năm 2023 có 1/2 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 50,0%)" in body
    totals = body[body.index('id="totals"'):body.index("</table>", body.index('id="totals"'))]
    assert re.search(r"Đảng viên</td>.*?>16</a>.*?>2</a>.*?>1</a>.*?>13</a>", totals)
    # Drill-down links carry the population, the level and the child.
    assert f"population=member&child={tree.commune.pk}&level=good" in body
    assert "population=grassroots&own=1" not in body  # the district has no rating of its own
    assert "<svg" in body and not re.search(r"<script(?![^>]*\bsrc=)", body)  # charts drawn with no inline script
    assert "HTXSNV" in body and "7,7%" in body
    assert 'id="by-category"' in body and "Nông dân" in body and 'id="by-kind-member"' in body


def test_page_without_params_opens_the_users_own_scope(client, rated, tree):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = text(get(client, "reviews:stats", year=2023))
    assert "Đảng bộ xã Đạ Sar" in body and "Lạc Dương" not in body.split("<h1>")[1]


def test_bad_year_says_so_and_falls_back(client, rated, tree, admin):
    client.force_login(admin)
    body = text(get(client, "reviews:stats", org=tree.district.pk, year="hai nghìn"))
    assert "Năm đánh giá phải là số" in body and "năm 2023" in body


def test_xlsx_has_the_same_figures(client, rated, tree, admin):
    client.force_login(admin)
    response = get(client, "reviews:stats_xlsx", org=tree.district.pk, year=2023)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tổng hợp", "Trực thuộc", "Theo đối tượng", "Theo loại hình", "Qua các năm"]
    ws = wb["Tổng hợp"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in rows if r[0] == "Đối tượng")
    members = dict(zip(header, next(r for r in rows if r[0] == "Đảng viên"), strict=True))
    assert (members["Trong danh sách"], members["Không xếp loại"], members["Chưa có kết quả"],
            members["Đã xếp loại"], members["HTXSNV"], members["HTTNV"], members["HTT trở lên"]) == (
        16, 2, 1, 13, 1, 9, 10)
    assert members["HTT trở lên (%)"] == pytest.approx(76.9) and members["HTXSNV / HTT trở lên (%)"] == 10.0
    assert any(r[0] and r[0].startswith("Năm 2023 có 10/13 đảng viên") for r in rows)
    exempt = next(r for r in rows if r[0] == "Miễn công tác và sinh hoạt đảng")
    assert exempt[1:4] == [0, 0, 1]
    children = [[c.value for c in row] for row in wb["Trực thuộc"].iter_rows()]
    commune_members = next(r for r in children if r[:2] == ["Đảng bộ xã Đạ Sar", "Đảng viên"])
    assert commune_members[2] == 13  # cell1 7 + cell2 6 listed
    cats = [[c.value for c in row] for row in wb["Theo đối tượng"].iter_rows()]
    head = next(r for r in cats if r[0] == "Đối tượng đảng viên")
    listed = head.index("Trong danh sách")
    assert sum(r[listed] for r in cats[cats.index(head) + 1:]) == 16


def test_drill_down_lists_people_and_orgs(client, rated, tree, admin):
    client.force_login(admin)
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="member",
                    level="excellent"))
    assert rated.cell1[0].full_name in body and rated.cell1[1].full_name not in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="member",
                    level="good", child=tree.agency.pk))
    assert body.count("/dang-vien/") >= 2 and rated.agency[0].full_name in body and "Nguyễn" not in body
    body = text(get(client, "reviews:stats_people", org=tree.commune.pk, year=2023, population="grassroots",
                    own="1"))
    assert "Đảng bộ xã Đạ Sar" in body and "Hoàn thành tốt nhiệm vụ" in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="member",
                    level="excluded", reason="exempt"))
    assert "Trần Văn Miễn" in body and "Miễn công tác và sinh hoạt đảng" in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="member",
                    category="huu_tri", level="all"))
    assert "Trần Văn Miễn" in body and "Nguyễn" not in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="cell",
                    kind="thon"))
    assert "Chi bộ thôn Đạ Nghịt" in body and "Chi bộ thôn Păng Tiêng" in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="member",
                    kind_group="Cơ quan"))
    assert rated.agency[0].full_name in body and "Nguyễn" not in body
    body = text(get(client, "reviews:stats_people", org=tree.district.pk, year=2023, population="nobody"))
    assert "Nhóm đối tượng không hợp lệ" in body


def test_every_number_on_the_page_links_to_as_many_rows(client, rated, tree, admin):
    """Follow each drill-down link of the page and count the rows it lists."""
    client.force_login(admin)
    body = html.unescape(get(client, "reviews:stats", org=tree.district.pk, year=2023).content.decode())
    links = re.findall(r'<a href="(/danh-gia/thong-ke/danh-sach/\?[^"]+)">(?:<b>)?([\d.]+)', body)
    assert len(links) > 40
    for href, shown in links:
        listed = client.get(href).content.decode()
        assert listed.count('<td class="num" data-label="STT">') == int(shown.replace(".", "")), href


@pytest.mark.parametrize("name", ["reviews:stats", "reviews:stats_xlsx", "reviews:stats_people"])
def test_outsiders_get_404_for_an_org_or_child_outside_their_scope(client, rated, tree, name):
    for user in (user_with(Role.CELL_SECRETARY, org=tree.cell2), user_with(Role.ORG_COMMISSION, org=tree.other_district),
                 user_with(Role.MEMBER, member=rated.cell1[0])):
        client.force_login(user)
        for org in (tree.cell1, tree.commune, tree.province):
            assert get(client, name, org=org.pk, year=2023).status_code == 404, (name, user, org)
        assert get(client, name, org="abc", year=2023).status_code == 404
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.other_district))
    response = get(client, "reviews:stats_people", org=tree.other_district.pk, year=2023, child=tree.cell1.pk)
    assert response.status_code == 404


def test_member_role_without_an_org_sees_a_plain_message(client, rated):
    client.force_login(user_with(Role.MEMBER, member=rated.cell1[0]))
    assert "chưa được phân quyền" in text(client.get(reverse("reviews:stats")))
    assert client.get(reverse("reviews:stats_xlsx")).status_code == 404


def _grow(tree, admin, cells: int) -> None:
    """``cells`` more chi bộ cơ sở under the district, each with three rated members and its own rating."""

    categories = MemberCategory.values
    rows = []
    for i in range(cells):
        cell = org_create(actor=admin, parent=tree.district, name=f"Chi bộ cơ sở thêm {i}",
                          type=otype("chi_bo_co_so"), founded_on=D(2015, 1, 1))
        members = Member.objects.bulk_create([
            Member(full_name=f"Người {i}.{k}", sort_key=f"{i:04d}{k}", search_text="", date_of_birth=D(1980, 1, 1),
                   gender="M", status=MemberStatus.OFFICIAL, org=cell, category=categories[(i + k) % len(categories)])
            for k in range(3)])
        rows += [Assessment(year=2023, subject=Subject.MEMBER, member=m, member_category=m.category, org=cell,
                            approver=cell, regulation="124-QĐ/TW", final_level="good", status=Status.APPROVED)
                 for m in members]
        rows.append(Assessment(year=2023, subject=Subject.ORG, subject_org=cell, org=cell, approver=tree.district,
                               regulation="124-QĐ/TW", final_level="good", status=Status.APPROVED))
    Assessment.objects.bulk_create(rows)


def test_the_page_s_query_count_and_size_do_not_grow_with_the_subtree(client, rated, tree, admin,
                                                                      django_assert_num_queries):
    client.force_login(admin)
    params = {"org": tree.district.pk, "year": 2023}
    _grow(tree, admin, 3)
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("reviews:stats"), params)
    assert first.status_code == 200
    _grow(tree, admin, 30)  # ten times as many children
    with django_assert_num_queries(len(small)):
        big = text(client.get(reverse("reviews:stats"), params))
    # the children's tables show one page; the pager says how many there are
    assert "Trang 1/" in big and "Chi bộ cơ sở thêm 29" not in big
    assert "Trang 2/" in text(client.get(reverse("reviews:stats"), {**params, "page": 2}))
