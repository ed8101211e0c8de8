"""The committees' work pages through HTTP: the year's quotas, the probationary members due, the screening list and
the Huy hiệu list with its XLSX. Each form is shown only to the level that may take it and posting from another
level is a 403; bad input is named on its field with nothing changed; query counts pinned."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.admissions import services
from dangbo.admissions.models import AdmissionPlan, ScreeningDecision
from dangbo.admissions.tests.test_screening import owing
from dangbo.admissions.views.work import next_award_day, progress
from dangbo.core.testing import Tree, user_with
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import MemberStatus

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def levels(tree):
    return {"secretary": user_with(Role.CELL_SECRETARY, org=tree.cell1),
            "commune": user_with(Role.ORG_COMMISSION, org=tree.commune),
            "district": user_with(Role.ORG_COMMISSION, org=tree.district),
            "inspection": user_with(Role.INSPECTION, org=tree.district)}


def page(client, name, **params):
    response = client.get(reverse(f"admissions:{name}"), params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_the_list_links_the_work_pages(client, tree, levels):
    client.force_login(levels["commune"])
    body = page(client, "list", org=tree.commune.pk)
    for name in ("plans", "probations", "screening", "badges"):
        assert f'{reverse("admissions:" + name)}?org={tree.commune.pk}' in body


def test_numbers_and_award_day():
    assert progress(192, 187) == "192/187 (102,7%)"
    assert progress(2, 3) == "2/3 (66,7%)"
    assert next_award_day(D(2025, 2, 3)) == D(2025, 2, 3)
    assert next_award_day(D(2025, 2, 4)) == D(2026, 2, 3)


# --- 1. quotas -------------------------------------------------------------------------------------------------------

def test_quotas_set_by_the_superior_through_the_page(client, tree, levels):
    services.plan_set(actor=levels["district"], org=tree.commune, year=2025, quota=3, decided_on=D(2025, 1, 10))
    tree.member("Hoàng Văn Hải", org=tree.cell1, admitted=D(2025, 5, 19), official=None)
    tree.member("Lý Thị Hoa", org=tree.cell2, admitted=D(2025, 6, 19), official=None)
    client.force_login(levels["commune"])
    body = page(client, "plans", org=tree.commune.pk, nam=2025)
    assert "2/3 (66,7%)" in body
    assert f'id="plan-{tree.cell1.pk}"' in body and f'id="plan-{tree.cell2.pk}"' in body
    url = reverse("admissions:plan_set", args=[tree.cell1.pk]) + "?nam=2025"
    bad = client.post(url, {"plan-quota": "-1", "plan-decided_on": "20/01/2025"})
    assert bad.status_code == 200 and "Chỉ tiêu kết nạp phải là số nguyên không âm." in bad.content.decode()
    bad = client.post(url, {"plan-quota": "2", "plan-decided_on": "32/01/2025"})
    assert "Ngày phải có dạng dd/mm/yyyy." in bad.content.decode()
    assert not AdmissionPlan.objects.filter(org=tree.cell1).exists()
    done = client.post(url, {"plan-quota": "2", "plan-decided_on": "20/01/2025", "plan-document_ref": "KH 05"})
    assert done.status_code == 302 and f"org={tree.commune.pk}" in done["Location"]
    plan = AdmissionPlan.objects.get(org=tree.cell1, year=2025)
    assert (plan.quota, plan.decided_on, plan.document_ref) == (2, D(2025, 1, 20), "KH 05")
    body = page(client, "plans", org=tree.commune.pk, nam=2025)
    assert "1/2 (50,0%)" in body  # cell1: one admitted of two

    # the district sets the commune's quota; the inspection reads without a form and may not post
    client.force_login(levels["district"])
    assert f'id="plan-{tree.commune.pk}"' in page(client, "plans", org=tree.district.pk, nam=2025)
    client.force_login(levels["inspection"])
    body = page(client, "plans", org=tree.commune.pk, nam=2025)
    assert "1/2 (50,0%)" in body and 'class="plan-form"' not in body
    assert client.post(url, {"plan-quota": "9", "plan-decided_on": "20/01/2025"}).status_code == 403
    client.force_login(levels["secretary"])
    assert 'class="plan-form"' not in page(client, "plans", org=tree.cell1.pk, nam=2025)
    assert client.post(url, {"plan-quota": "9", "plan-decided_on": "20/01/2025"}).status_code == 403
    assert AdmissionPlan.objects.get(org=tree.cell1, year=2025).quota == 2


def test_quotas_page_queries(client, tree, levels, django_assert_num_queries):
    for cell in (tree.cell1, tree.cell2):
        services.plan_set(actor=levels["commune"], org=cell, year=2025, quota=2, decided_on=D(2025, 1, 20))
    client.force_login(levels["commune"])
    page(client, "plans", org=tree.commune.pk, nam=2025)
    with django_assert_num_queries(PLANS_QUERIES):
        page(client, "plans", org=tree.commune.pk, nam=2025)


# --- 2. probations ----------------------------------------------------------------------------------------------------

def test_probations_due_decided_by_the_competent_committee(client, tree, levels):
    late = tree.member("Hoàng Văn Hải", org=tree.cell1, admitted=D(2024, 3, 1), official=None)
    unfit = tree.member("Đào Văn Quý", org=tree.cell2, admitted=D(2024, 4, 1), official=None)
    tree.member("Phan Văn Mới", org=tree.cell1, admitted=D(2025, 1, 5), official=None)  # not yet due
    for who in ("secretary", "commune"):
        client.force_login(levels[who])
        body = page(client, "probations", org=tree.cell1.pk, ngay="15/05/2025")
        assert "Hoàng Văn Hải" in body and "Quá hạn" in body and "Phan Văn Mới" not in body
        assert f'id="rec-{late.pk}"' not in body and f'id="off-{late.pk}"' not in body
    rec = reverse("admissions:recognize", args=[late.pk]) + f"?org={tree.commune.pk}&ngay=15/05/2025"
    good = {"rec-vote_on": "10/03/2025", "rec-yes": "2", "rec-eligible": "3", "rec-attempt": "1",
            "rec-decision_ref": "QĐ 77-QĐ/HU", "rec-decided_on": "20/03/2025"}
    assert client.post(rec, good).status_code == 403  # the commune is not the competent committee

    client.force_login(levels["district"])
    body = page(client, "probations", org=tree.commune.pk, ngay="15/05/2025")
    assert f'id="rec-{late.pk}"' in body and f'id="off-{unfit.pk}"' in body
    assert "14/04/2025" in body  # the cell's vote due 30 working days after 01/03/2025
    refused = client.post(rec, {**good, "rec-yes": "1"})
    assert refused.status_code == 200 and "[M8]" in refused.content.decode()
    late.refresh_from_db()
    assert late.status == MemberStatus.PROBATIONARY
    assert client.post(rec, good).status_code == 302
    late.refresh_from_db()
    assert late.status == MemberStatus.OFFICIAL and late.official_on == D(2025, 3, 1)

    off = reverse("admissions:probation_strike_off", args=[unfit.pk]) + f"?org={tree.commune.pk}&ngay=15/05/2025"
    refused = client.post(off, {"off-decided_on": "20/05/2025", "off-decision_ref": "QĐ 79", "off-reason": ""})
    assert "Chưa nhập lý do không công nhận." in refused.content.decode()
    assert client.post(off, {"off-decided_on": "20/05/2025", "off-decision_ref": "QĐ 79",
                             "off-reason": "Không tiến bộ sau thời gian dự bị."}).status_code == 302
    unfit.refresh_from_db()
    assert unfit.status == MemberStatus.STRUCK_OFF


def test_probations_page_queries(client, tree, levels, django_assert_num_queries):
    for i, cell in enumerate((tree.cell1, tree.cell2, tree.cell1)):
        tree.member(f"Dự Bị Số {i}", org=cell, admitted=D(2024, 3, 1 + i), official=None)
    client.force_login(levels["district"])
    page(client, "probations", org=tree.commune.pk, ngay="15/05/2025")
    with django_assert_num_queries(PROBATION_QUERIES):
        page(client, "probations", org=tree.commune.pk, ngay="15/05/2025")


# --- 3. screening -----------------------------------------------------------------------------------------------------

def absent(member, org, days):
    for day in days:
        meeting = Meeting.objects.create(org=org, kind="regular", month=day.replace(day=1), date=day)
        Attendance.objects.create(meeting=meeting, member=member, status="U", org=org, date=day)


def test_screening_decided_by_the_cell(client, tree, levels):
    away = tree.member("Vi Văn Vắng", org=tree.cell1)
    absent(away, tree.cell1, [D(2024, 9, 3), D(2024, 12, 3), D(2025, 2, 3)])
    client.force_login(levels["inspection"])
    body = page(client, "screening", org=tree.commune.pk, ngay="01/05/2025")
    assert "Vi Văn Vắng" in body and "Vắng sinh hoạt không lý do 3 lần" in body
    assert f'id="decide-{away.pk}"' not in body
    url = reverse("admissions:screening_decide", args=[away.pk]) + f"?org={tree.cell1.pk}&ngay=01/05/2025"
    data = {"scr-outcome": "keep", "scr-decided_on": "05/05/2025", "scr-reasons": "Vắng sinh hoạt 3 lần.",
            "scr-note": ""}
    assert client.post(url, {**data, "scr-note": "Giao chi ủy giúp đỡ."}).status_code == 403

    client.force_login(levels["secretary"])
    body = page(client, "screening", org=tree.cell1.pk, ngay="01/05/2025")
    assert f'id="decide-{away.pk}"' in body
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Giữ lại đảng viên thì ghi rõ lý do, biện pháp giáo dục." in refused.content.decode()
    assert not ScreeningDecision.objects.exists()
    assert client.post(url, {**data, "scr-note": "Giao chi ủy giúp đỡ."}).status_code == 302
    row = ScreeningDecision.objects.get()
    assert (row.member, row.outcome, row.decided_on) == (away, "keep", D(2025, 5, 5))
    assert f'id="case-{away.pk}"' not in page(client, "screening", org=tree.cell1.pk, ngay="01/05/2025")


def test_screening_page_queries(client, tree, levels, django_assert_num_queries):
    for i, cell in enumerate((tree.cell1, tree.cell2, tree.cell1)):
        m = tree.member(f"Vắng Mặt Số {i}", org=cell)
        absent(m, cell, [D(2024, 9, 3 + i), D(2024, 12, 3 + i), D(2025, 2, 3 + i)])
    debtor = tree.member("Đinh Văn Nợ", org=tree.cell2)
    owing(debtor, tree.actor, tree.cell2, {1, 2, 3})
    client.force_login(levels["commune"])
    body = page(client, "screening", org=tree.commune.pk, ngay="01/05/2025")
    assert "Không đóng đảng phí 3 tháng không có lý do (tháng 01/2025, 02/2025, 03/2025)." in body
    with django_assert_num_queries(SCREENING_QUERIES):
        page(client, "screening", org=tree.commune.pk, ngay="01/05/2025")
    for i in range(2):  # more debtors, the same queries
        owing(tree.member(f"Nợ Phí Số {i}", org=tree.cell1), tree.actor, tree.cell1, {2, 3, 4})
    with django_assert_num_queries(SCREENING_QUERIES):
        assert page(client, "screening", org=tree.commune.pk, ngay="01/05/2025").count("<li>Không đóng đảng phí") == 3


# --- 4. Huy hiệu -------------------------------------------------------------------------------------------------------

@pytest.fixture
def old_tree(admin):
    tree = Tree(admin, founded=D(1970, 1, 1))
    tree.member("Trần Văn Lão", org=tree.cell1, admitted=D(1976, 2, 3), official=D(1977, 2, 3), born=D(1950, 5, 1))
    tree.member("Phạm Văn Trẻ", org=tree.cell2, admitted=D(1996, 1, 5), official=D(1997, 1, 5), born=D(1975, 5, 1))
    return tree


def test_badges_page_and_xlsx(client, old_tree):
    tree = old_tree
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = page(client, "badges", org=tree.commune.pk, ngay="03/02/2026")
    assert "Trần Văn Lão" in body and "50 năm" in body and "Phạm Văn Trẻ" in body and "30 năm" in body
    assert f'{reverse("admissions:badges_xlsx")}?org={tree.commune.pk}&amp;ngay=03%2F02%2F2026' in body
    response = client.get(reverse("admissions:badges_xlsx"), {"org": tree.commune.pk, "ngay": "03/02/2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''Danh%20s%C3%A1ch" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    names = [r[1] for r in rows]
    assert "Trần Văn Lão" in names and "Phạm Văn Trẻ" in names
    lao = rows[names.index("Trần Văn Lão")]
    assert lao[6] == "50 năm" and lao[7] == "03/02/2026"
    # a cell's secretary gets the cell's list only
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell2))
    body = page(client, "badges", ngay="03/02/2026")
    assert "Phạm Văn Trẻ" in body and "Trần Văn Lão" not in body
    # a bad day is named and the default award day used
    body = page(client, "badges", ngay="31/02/2026")
    assert "31/02/2026" in body and "không hợp lệ" in body


def test_badges_page_queries(client, old_tree, django_assert_num_queries):
    client.force_login(user_with(Role.ORG_COMMISSION, org=old_tree.commune))
    page(client, "badges", org=old_tree.commune.pk, ngay="03/02/2026")
    with django_assert_num_queries(BADGES_QUERIES):
        page(client, "badges", org=old_tree.commune.pk, ngay="03/02/2026")


PLANS_QUERIES = 23  # session, user, scope, org, crumbs, plans, children, measures (set-based)
PROBATION_QUERIES = 9
SCREENING_QUERIES = 15  # … ratings, absences, probations, decisions, the dues pass (5 under 342), members
BADGES_QUERIES = 8  # … members, registrations, admission decisions (M10: seniority from the decision)
