"""XLSX export of the member list: exactly what the user may see, filtered, dates dd/mm/yyyy, Vietnamese order."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind
from dangbo.members.exports import COLUMNS
from dangbo.members.services import event_record

D = dt.date
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [c for c, _ in COLUMNS]


def rows(client, **params):
    response = client.get(reverse("members:export"), params)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == HEADERS
    return [dict(zip(HEADERS, v, strict=True)) for v in values[1:]]


def names(client, **params):
    return [r["Họ và tên"] for r in rows(client, **params)]


@pytest.fixture
def people(tree):
    """Members across the tree, named so that Vietnamese order (tên, then họ; a ă â … d đ) is not code-point order."""
    return {
        "binh": tree.member("Nguyễn Văn Bình", org=tree.cell1, born=D(1985, 3, 2)),
        "an_tran": tree.member("Trần Thị An", org=tree.cell1, gender="F", born=D(1990, 12, 9)),
        "an_le": tree.member("Lê Văn An", org=tree.cell2),
        "an_hat": tree.member("Hoàng Thị Ân", org=tree.cell2, gender="F", official=None,
                              admitted=D(2024, 6, 1), born=D(1999, 1, 1)),
        "duc": tree.member("Lê Văn Đức", org=tree.agency),
        "dung": tree.member("Phạm Văn Dũng", org=tree.cell1),
        "outside": tree.member("Đinh Văn Xa", org=tree.other_cell),
    }


def test_admin_export_is_every_active_member_in_vietnamese_name_order(client, admin, people):
    client.force_login(admin)
    assert names(client) == ["Lê Văn An", "Trần Thị An", "Hoàng Thị Ân", "Nguyễn Văn Bình", "Phạm Văn Dũng",
                             "Lê Văn Đức", "Đinh Văn Xa"]


def test_dates_are_dd_mm_yyyy_and_values_readable(client, admin, people):
    client.force_login(admin)
    row = next(r for r in rows(client) if r["Họ và tên"] == "Trần Thị An")
    assert row["Ngày sinh"] == "09/12/1990"
    assert (row["Ngày vào Đảng"], row["Ngày chính thức"]) == ("19/05/2018", "19/05/2019")
    assert (row["Giới tính"], row["Trạng thái"], row["Chi bộ"]) == ("Nữ", "Chính thức", "Chi bộ thôn Đạ Nghịt")
    assert row["Số CCCD"] == people["an_tran"].cccd
    probationary = next(r for r in rows(client) if r["Họ và tên"] == "Hoàng Thị Ân")
    assert (probationary["Trạng thái"], probationary["Ngày chính thức"]) == ("Dự bị", None)  # empty cell
    assert [r["STT"] for r in rows(client)] == list(range(1, 8))


@pytest.mark.parametrize(("role", "org", "expected"), [
    (Role.CELL_SECRETARY, "cell1", {"Nguyễn Văn Bình", "Trần Thị An", "Phạm Văn Dũng"}),
    (Role.CELL_SECRETARY, "commune", {"Nguyễn Văn Bình", "Trần Thị An", "Phạm Văn Dũng", "Lê Văn An",
                                      "Hoàng Thị Ân"}),
    (Role.INSPECTION, "district", {"Nguyễn Văn Bình", "Trần Thị An", "Phạm Văn Dũng", "Lê Văn An",
                                   "Hoàng Thị Ân", "Lê Văn Đức"}),
    (Role.ORG_COMMISSION, "other_district", {"Đinh Văn Xa"}),
])
def test_scoped_users_export_exactly_their_subtree(client, tree, people, role, org, expected):
    client.force_login(user_with(role, org=getattr(tree, org)))
    exported = names(client)
    assert set(exported) == expected and len(exported) == len(expected)


def test_member_role_exports_only_their_own_record(client, people):
    client.force_login(user_with(Role.MEMBER, member=people["binh"]))
    assert names(client) == ["Nguyễn Văn Bình"]


def test_filters_apply_to_the_export(client, tree, admin, people):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.commune)
    client.force_login(secretary)
    assert names(client, org=tree.cell2.pk) == ["Lê Văn An", "Hoàng Thị Ân"]
    assert names(client, status="probationary") == ["Hoàng Thị Ân"]
    assert names(client, gender="F") == ["Trần Thị An", "Hoàng Thị Ân"]
    assert names(client, q="nguyen van binh") == ["Nguyễn Văn Bình"]
    assert names(client, q="xa") == []  # the outside member matches the search but is not in scope
    # an org outside the scope is not a valid filter: it never widens the export
    assert "Đinh Văn Xa" not in names(client, org=tree.other_cell.pk)


def test_members_who_left_are_exported_only_when_asked(client, tree, admin, people):
    event_record(actor=admin, member=people["dung"], kind=EventKind.TRANSFER_OUT, date=D(2024, 1, 10),
                 external_org="Đảng bộ tỉnh khác")
    client.force_login(admin)
    assert "Phạm Văn Dũng" not in names(client)
    left = rows(client, status="transferred_out")
    assert [(r["Họ và tên"], r["Trạng thái"]) for r in left] == [("Phạm Văn Dũng", "Đã chuyển sinh hoạt đi")]


def test_anonymous_cannot_export(client, people):
    response = client.get(reverse("members:export"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
