"""Reward candidates (R8): HTXSNV N years running, over a subtree in scope, in one query; page and XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.accounts.scope import scope_for
from dangbo.core.testing import user_with
from dangbo.reviews import rules, streaks
from dangbo.reviews.choices import Level, Status, Subject
from dangbo.reviews.models import Assessment
from dangbo.reviews.services import grassroots_of

E, G = Level.EXCELLENT, Level.GOOD


def rate(member=None, org=None, levels: dict[int, str] | None = None):
    """Approved results by year, written as the approval leaves them (the services are tested elsewhere)."""
    for year, level in (levels or {}).items():
        unit = member.org if member else org
        Assessment.objects.create(
            year=year, subject=Subject.MEMBER if member else Subject.ORG, member=member, subject_org=org, org=unit,
            approver=grassroots_of(unit, {}) if member else unit, regulation=rules.regulation_for(year).code,
            status=Status.APPROVED, final_level=level)


@pytest.fixture
def history(tree):
    five = tree.member("Nguyễn Văn Năm", org=tree.cell1)
    six = tree.member("Trần Thị Sáu", org=tree.cell2, gender="F")
    three = tree.member("Lê Văn Ba", org=tree.cell1)
    broken = tree.member("Phạm Văn Gãy", org=tree.cell1)
    far = tree.member("Hồ Văn Xa", org=tree.other_cell)
    rate(five, levels=dict.fromkeys(range(2020, 2025), E))
    rate(six, levels=dict.fromkeys(range(2019, 2025), E))
    rate(three, levels={2020: G, 2021: G, 2022: E, 2023: E, 2024: E})
    rate(broken, levels={2019: E, 2020: E, 2021: E, 2022: E, 2023: G, 2024: E})
    rate(far, levels=dict.fromkeys(range(2020, 2025), E))
    rate(org=tree.cell1, levels=dict.fromkeys(range(2020, 2025), E))
    rate(org=tree.cell2, levels={2020: E, 2021: E, 2022: E, 2023: E, 2024: G})
    return {"five": five, "six": six, "three": three, "broken": broken, "far": far}


def names(rows):
    return [r.name for r in rows]


def test_five_years_running_vs_broken_and_short_runs(tree, admin, history):
    rows = streaks.streaks(user=admin, year=2024, years=5)
    assert names(rows) == ["Trần Thị Sáu", "Nguyễn Văn Năm", "Hồ Văn Xa", "Chi bộ thôn Đạ Nghịt"]
    six = rows[0]
    assert (six.subject, six.length, six.first_year, six.last_year) == (Subject.MEMBER, 6, 2019, 2024)
    assert six.years == [2019, 2020, 2021, 2022, 2023, 2024] and six.unit_name == "Chi bộ thôn Păng Tiêng"
    assert rows[-1].subject == Subject.ORG and rows[-1].years_text == "2020, 2021, 2022, 2023, 2024"
    # three years running qualifies for 3, not for 5; the broken run counts only from after the break
    assert "Lê Văn Ba" in names(streaks.streaks(user=admin, year=2024, years=3))
    assert "Phạm Văn Gãy" not in names(streaks.streaks(user=admin, year=2024, years=2))
    assert "Phạm Văn Gãy" in names(streaks.streaks(user=admin, year=2022, years=4))
    # up to 2023: the cell2 org still had its run, Năm had only four years, Gãy's run had just broken
    assert names(streaks.streaks(user=admin, year=2023, years=4)) == [
        "Trần Thị Sáu", "Nguyễn Văn Năm", "Hồ Văn Xa", "Chi bộ thôn Đạ Nghịt", "Chi bộ thôn Păng Tiêng"]
    assert "Nguyễn Văn Năm" not in names(streaks.streaks(user=admin, year=2023, years=5))


def test_subtree_and_scope(tree, admin, history):
    assert names(streaks.streaks(user=admin, year=2024, org=tree.cell2)) == ["Trần Thị Sáu"]
    assert names(streaks.streaks(user=admin, year=2024, org=tree.commune)) == [
        "Trần Thị Sáu", "Nguyễn Văn Năm", "Chi bộ thôn Đạ Nghịt"]
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    assert names(streaks.streaks(user=secretary, year=2024)) == ["Trần Thị Sáu"]
    member = user_with(Role.MEMBER, member=history["five"])
    assert names(streaks.streaks(user=member, year=2024)) == ["Nguyễn Văn Năm"]
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    assert names(streaks.streaks(user=outsider, year=2024)) == ["Hồ Văn Xa"]


def test_one_query_whatever_the_number_of_people(tree, admin, history, django_assert_num_queries):
    scope_for(admin)  # the scope is read once per request and cached on the user
    with django_assert_num_queries(1):
        streaks.streaks(user=admin, year=2024, years=5)


def test_page_and_xlsx_export(client, tree, history):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    page = client.get(reverse("reviews:streaks"), {"year": 2024, "years": 5})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Hoàn thành xuất sắc nhiệm vụ 5 năm liền đến năm 2024" in body
    assert "Nguyễn Văn Năm" in body and "Trần Thị Sáu" in body and "Chi bộ thôn Đạ Nghịt" in body
    assert "Lê Văn Ba" not in body and "Hồ Văn Xa" not in body
    assert "2019, 2020, 2021, 2022, 2023, 2024" in body
    response = client.get(reverse("reviews:streaks_export"), {"year": 2024, "years": 5, "org": tree.commune.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "5 năm liền đến năm 2024 — Đảng bộ xã Đạ Sar" in ws["A1"].value
    assert [c.value for c in ws[3]] == ["STT", "Đối tượng", "Họ và tên / Tên tổ chức", "Chi bộ", "Số năm liên tục",
                                        "Từ năm", "Đến năm", "Các năm"]
    assert [c.value for c in ws[4]] == [1, "Đảng viên", "Trần Thị Sáu", "Chi bộ thôn Păng Tiêng", 6, 2019, 2024,
                                        "2019, 2020, 2021, 2022, 2023, 2024"]
    assert [c.value for c in ws[6]][:5] == [3, "Tổ chức đảng", "Chi bộ thôn Đạ Nghịt", None, 5]


def test_a_bad_filter_is_dropped_on_its_own(client, tree, history):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell2))
    body = client.get(reverse("reviews:streaks"), {"year": 2024, "org": tree.cell1.pk}).content.decode()
    assert "Trần Thị Sáu" in body and "Nguyễn Văn Năm" not in body
