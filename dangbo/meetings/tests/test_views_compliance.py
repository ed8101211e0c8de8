"""The alerts and ratings pages on the year of ``conftest.Year``: grouped rows linking to the record to fix,
pagination, the XLSX read back, scope, and the query count pinned against the number of cells."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.testing import Role, user_with
from dangbo.meetings import services
from dangbo.meetings.models import Meeting
from dangbo.orgs import services as org_services

pytestmark = pytest.mark.django_db
D = dt.date
Q = {"ky": "năm 2024", "den_ngay": "01/02/2025"}


@pytest.fixture
def absentee(year2024, admin):
    t = year2024.tree
    phuc = t.member("Vũ Văn Phúc", org=t.cell2)
    for m in (9, 10, 11):
        meeting = year2024.meetings[(t.cell2.pk, "regular", D(2024, m, 1))]
        services.attendance_record(actor=admin, meeting=meeting, entries={phuc.pk: ("U", "")})
    return phuc


def test_alerts_grouped_with_links(client, admin, year2024, absentee):
    t = year2024.tree
    client.force_login(admin)
    body = client.get(reverse("meetings:alerts"), {"org": t.district.pk, **Q}).content.decode()
    assert "10 cảnh báo" in body
    assert "Không sinh hoạt định kỳ trong tháng</a>: 1" in body
    assert body.index("Không sinh hoạt định kỳ trong tháng</th>") < body.index("Không sinh hoạt chuyên đề trong quý</th>")
    assert "Chi bộ thôn Păng Tiêng chưa sinh hoạt định kỳ tháng 03/2024 (hạn chót 10/04/2024)." in body
    assert f'href="{reverse("members:detail", args=[absentee.pk])}"' in body
    # a missing meeting links to the cell's meetings, a meeting without conclusion to that meeting
    assert f'href="{reverse("meetings:cell", args=[t.cell2.pk])}"' in body
    missing = Meeting.objects.filter(org=t.cell2, kind="thematic", conclusion="").first()
    assert f'href="{reverse("meetings:detail", args=[missing.pk])}"' in body
    only = client.get(reverse("meetings:alerts"), {"org": t.district.pk, "loai": "no_conclusion", **Q}).content.decode()
    assert only.count('class="alert no_conclusion"') == 4 and 'class="alert no_regular"' not in only


def test_alerts_paginate(client, admin, year2024):
    t = year2024.tree
    for i in range(5):
        org_services.org_create(actor=admin, parent=t.commune, name=f"Chi bộ thôn Mới {i}", type=t.cell1.type,
                                kind=t.cell1.kind, founded_on=D(2015, 1, 1))
    client.force_login(admin)
    first = client.get(reverse("meetings:alerts"), {"org": t.district.pk, **Q}).content.decode()
    assert first.count('<tr class="alert') == 50 and "Trang 1/2" in first
    second = client.get(reverse("meetings:alerts"), {"org": t.district.pk, "page": 2, **Q}).content.decode()
    # the year's 9 alerts and, for each new cell, 12 months and 4 quarters without a meeting: 89
    assert second.count('<tr class="alert') == 89 - 50


def test_alerts_xlsx_reads_back(client, admin, year2024, absentee):
    t = year2024.tree
    client.force_login(admin)
    response = client.get(reverse("meetings:alerts_xlsx"), {"org": t.district.pk, **Q})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:4] == ["Loại cảnh báo", "Chi bộ", "Tháng / quý", "Nội dung"]
    body = [r for r in rows[1:] if r[0]]
    assert len(body) == 11  # 10 alerts and the title line
    missing = next(r for r in body if r[0] == "Không sinh hoạt định kỳ trong tháng")
    assert missing[1:] == ["Chi bộ thôn Păng Tiêng", "03/2024",
                           "Chi bộ thôn Păng Tiêng chưa sinh hoạt định kỳ tháng 03/2024 (hạn chót 10/04/2024).",
                           "Chi bộ", t.cell2.pk]
    absent = next(r for r in body if r[4] == "Đảng viên")
    assert absent[5] == absentee.pk and absent[1] == "Chi bộ thôn Păng Tiêng"


def test_scope(client, year2024):
    t = year2024.tree
    client.force_login(user_with(Role.ORG_COMMISSION, org=t.other_district))
    for name in ("meetings:alerts", "meetings:alerts_xlsx", "meetings:ratings", "meetings:ratings_xlsx"):
        assert client.get(reverse(name), {"org": t.district.pk, **Q}).status_code == 404, name
    client.force_login(user_with(Role.CELL_SECRETARY, org=t.cell2))
    body = client.get(reverse("meetings:alerts"), Q).content.decode()
    assert "Chi bộ thôn Păng Tiêng" in body and "Chi bộ thôn Đạ Nghịt" not in body


def test_bad_period_is_named(client, admin, year2024):
    client.force_login(admin)
    body = client.get(reverse("meetings:alerts"), {"org": year2024.tree.district.pk, "ky": "quý V/2024"},
                      follow=True).content.decode()
    assert "Kỳ: “quý V/2024” không phải kỳ hợp lệ" in body


def _render(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_alerts_page_queries_do_not_grow_with_the_cells(client, admin, year2024, absentee):
    """2 cells in the commune, then 20: the same number of queries. Every alert is computed whatever the kind
    shown; the page shown is the absentees' so both renders link a member (one query for the page's members)."""
    t = year2024.tree
    client.force_login(admin)
    url, params = reverse("meetings:alerts"), {"org": t.commune.pk, "loai": "repeat_absentee", **Q}
    before, _ = _render(client, url, params)
    for i in range(18):
        cell = org_services.org_create(actor=admin, parent=t.commune, name=f"Chi bộ thôn Mới {i}",
                                       type=t.cell1.type, kind=t.cell1.kind, founded_on=D(2015, 1, 1))
        year2024.meet(cell, "regular", D(2024, 5, 26), level="good", conclusion="")
    after, body = _render(client, url, params)
    assert after == before, (before, after)
    assert "Vũ Văn Phúc" in body and "Không sinh hoạt định kỳ trong tháng</a>: 199" in body  # 1 + 18 × 11


def test_ratings_page_and_xlsx(client, admin, year2024):
    t = year2024.tree
    client.force_login(admin)
    body = client.get(reverse("meetings:ratings"), {"org": t.district.pk, "ky": "năm 2024"}).content.decode()
    assert "Bình quân mỗi tháng có 83,3% chi bộ cơ sở xếp loại Tốt" in body
    assert "Có 02/04 chi bộ (50,0%) sinh hoạt chuyên đề ít nhất mỗi quý một lần." in body
    assert f'href="{reverse("meetings:ratings")}?org={t.commune.pk}&ky=n%C4%83m%202024"' in body
    wb = load_workbook(io.BytesIO(client.get(reverse("meetings:ratings_xlsx"),
                                             {"org": t.district.pk, "ky": "năm 2024"}).content))
    months = [[c.value for c in row] for row in wb["Theo tháng"].iter_rows()]
    assert months[0][:5] == ["Tháng / tổ chức", "Kỳ sinh hoạt định kỳ", "Đã xếp loại", "Tốt", "Tốt (%)"]
    assert months[-1][:5] == ["Cả kỳ", 42, 41, 35, 85.4]  # 42 held, the agency's July one not rated
    kids = {r[0].value: [c.value for c in r] for r in wb["Theo tổ chức trực thuộc"].iter_rows(min_row=2)}
    assert kids["Đảng bộ xã Đạ Sar"][1:4] == [23, 23, 20]
    assert wb["Nhận định"]["A2"].value.startswith("Bình quân mỗi tháng có")
