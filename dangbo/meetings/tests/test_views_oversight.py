"""Pages of the committees above the cells: schedule rules, scoring sheets, topic plans and their approval, the
superior attendees and the six-monthly check — each happy path, each bad input (Vietnamese message, nothing
changed), and each refusal: the read-only inspection role and a cell secretary acting above her level."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.dates import today
from dangbo.core.testing import user_with
from dangbo.meetings import reference, services
from dangbo.meetings.models import AttendanceAssignment, OversightCheck, ScheduleRule, ScoringSheet, TopicPlan

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = today().year


def body(response) -> str:
    return response.content.decode()


def main(page: str) -> str:
    """The page without its header (whose logout button is a form)."""
    return page.split("<main>", 1)[1]


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs=kwargs)


# --- schedule rules -----------------------------------------------------------------------------------------------

def test_committee_sets_a_fixed_day_then_a_window_and_the_cell_shows_whose_rule_applies(client, tree, commission,
                                                                                         secretary):
    client.force_login(commission)
    page = body(client.get(url("schedule", pk=tree.commune.pk)))
    assert 'id="schedule-form"' in page
    response = client.post(url("schedule", pk=tree.commune.pk), {
        "kind": "fixed", "start_day": "3", "valid_from": "01/01/2024", "decision_ref": "05-QĐ/ĐU"})
    assert response.status_code == 302
    client.post(url("schedule", pk=tree.commune.pk), {
        "kind": "window", "start_day": "-7", "end_day": "10", "ends_next_month": "on", "valid_from": "01/01/2025"})
    old, new = ScheduleRule.objects.filter(org=tree.commune).order_by("valid_from")
    assert old.valid_to == D(2025, 1, 1) and new.valid_to is None
    page = body(client.get(url("schedule", pk=tree.commune.pk)))
    assert "ngày mùng 3 hằng tháng" in page and "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau" in page
    assert "từ 01/01/2024 đến 01/01/2025" in page

    client.force_login(secretary)
    page = body(client.get(url("schedule", pk=tree.cell1.pk)))
    assert "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau" in page and "Đảng bộ xã Đạ Sar quy định" in page
    assert 'id="schedule-form"' not in page and 'id="due"' in page


def test_bad_schedule_is_refused_in_vietnamese_and_nothing_changes(client, tree, commission):
    client.force_login(commission)
    audit = AuditEntry.objects.count()
    response = client.post(url("schedule", pk=tree.commune.pk),
                           {"kind": "window", "start_day": "-7", "valid_from": "01/01/2024"})
    assert response.status_code == 200 and "cần “đến ngày” từ 1 đến 31" in body(response)
    response = client.post(url("schedule", pk=tree.commune.pk),
                           {"kind": "fixed", "start_day": "3", "valid_from": "2024-01-01"})
    assert "Ngày phải có dạng dd/mm/yyyy." in body(response)
    assert not ScheduleRule.objects.exists() and AuditEntry.objects.count() == audit


def test_cell_secretary_cannot_set_a_schedule_even_for_her_own_cell(client, tree, secretary):
    client.force_login(secretary)
    for org in (tree.cell1,):
        response = client.post(url("schedule", pk=org.pk), {"kind": "fixed", "start_day": "5",
                                                            "valid_from": "01/01/2024"})
        assert response.status_code == 403 and "cấp ủy cấp trên trực tiếp" in body(response)
    assert client.get(url("schedule", pk=tree.commune.pk)).status_code == 404
    assert not ScheduleRule.objects.exists()


def test_commune_may_set_a_rule_for_one_cell(client, tree, commission):
    client.force_login(commission)
    assert 'id="schedule-form"' in body(client.get(url("schedule", pk=tree.cell1.pk)))
    client.post(url("schedule", pk=tree.cell1.pk), {"kind": "fixed", "start_day": "5", "valid_from": "01/01/2024"})
    assert ScheduleRule.objects.get(org=tree.cell1).start_day == 5


def test_inspection_reads_without_forms_and_is_refused_on_post(client, tree, inspection, admin):
    services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3, valid_from=D(2024, 1, 1))
    client.force_login(inspection)
    page = body(client.get(url("schedule", pk=tree.commune.pk)))
    assert "ngày mùng 3 hằng tháng" in page and "<form" not in main(page)
    assert client.post(url("schedule", pk=tree.commune.pk), {"kind": "fixed", "start_day": "5",
                                                            "valid_from": "01/01/2025"}).status_code == 404
    assert ScheduleRule.objects.count() == 1


# --- scoring sheets ----------------------------------------------------------------------------------------------

def _sheet_post(criteria, **over):
    data = {"name": "Phiếu chấm điểm 2024", "kind": "regular", "valid_from": "01/01/2024", "good_from": "90",
            "fair_from": "70", "average_from": "50", "bottom_label": "Kém",
            "tc-TOTAL_FORMS": str(len(criteria) + 1), "tc-INITIAL_FORMS": "0"}
    for n, c in enumerate(criteria):
        data.update({f"tc-{n}-code": c["code"], f"tc-{n}-name": c["name"], f"tc-{n}-points": str(c["points"])})
        if c["must_full"]:
            data[f"tc-{n}-must_full"] = "on"
    data.update(over)
    return data


def test_province_issues_a_sheet_from_the_example_and_cells_see_it_in_force(client, tree, secretary):
    province = user_with(Role.ORG_COMMISSION, org=tree.province)
    client.force_login(province)
    form = body(client.get(url("sheet_new", pk=tree.province.pk) + "?mau=1"))
    assert "Thời gian sinh hoạt từ 90 phút trở lên" in form and 'name="tc-9-code"' in form
    response = client.post(url("sheet_new", pk=tree.province.pk), _sheet_post(reference.example_sheet_criteria()))
    sheet = ScoringSheet.objects.get()
    assert response.status_code == 302 and len(sheet.criteria) == 10 and sheet.good_from == 90
    assert {c["code"] for c in sheet.criteria if c["must_full"]} == {"attendance", "duration", "speaking", "minutes"}
    page = body(client.get(url("sheet", pk=tree.province.pk, sheet_pk=sheet.pk)))
    assert "Tổng điểm" in page and ">100<" in page and "dưới 50 điểm" in page and "Ban hành phiếu mới dựa" in page

    client.force_login(secretary)
    page = body(client.get(url("sheets", pk=tree.cell1.pk)))
    assert "Phiếu chấm điểm 2024" in page and "Ban hành phiếu mới" not in page
    detail = client.get(url("sheet", pk=tree.cell1.pk, sheet_pk=sheet.pk))
    assert detail.status_code == 200 and "Ban hành phiếu mới dựa" not in body(detail)
    assert client.get(url("sheet_new", pk=tree.cell1.pk)).status_code == 403
    assert client.post(url("sheet_new", pk=tree.cell1.pk), _sheet_post(reference.example_sheet_criteria())
                       ).status_code == 403
    assert ScoringSheet.objects.count() == 1


def test_bad_sheet_is_refused_in_vietnamese_and_nothing_is_issued(client, tree):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.province))
    criteria = reference.example_sheet_criteria()
    response = client.post(url("sheet_new", pk=tree.province.pk), _sheet_post(criteria, fair_from="95"))
    assert response.status_code == 200 and "Ngưỡng điểm phải giảm dần" in body(response)
    response = client.post(url("sheet_new", pk=tree.province.pk), _sheet_post(criteria, **{"tc-1-points": ""}))
    assert "Tiêu chí cần điểm tối đa." in body(response)
    response = client.post(url("sheet_new", pk=tree.province.pk), _sheet_post(criteria, **{"tc-1-code": "attendance"}))
    assert "Mỗi tiêu chí cần một mã riêng." in body(response)
    assert not ScoringSheet.objects.exists()


# --- topic plan -------------------------------------------------------------------------------------------------------

def _topics(*rows):
    data = {"cd-TOTAL_FORMS": str(len(rows)), "cd-INITIAL_FORMS": "0"}
    for n, (quarter, title) in enumerate(rows):
        data.update({f"cd-{n}-quarter": str(quarter), f"cd-{n}-title": title})
    return data


def test_cell_plans_its_topics_and_only_the_superior_approves(client, tree, secretary, commission):
    plan_url, approve_url = url("topic_plan", pk=tree.cell1.pk, year=2024), url("topic_plan_approve",
                                                                               pk=tree.cell1.pk, year=2024)
    client.force_login(secretary)
    response = client.post(plan_url, _topics((1, "Học tập và làm theo Bác"), (3, "Chuyển đổi số"), (4, "")))
    assert response.status_code == 302
    plan = TopicPlan.objects.get(org=tree.cell1, year=2024)
    assert sorted(plan.topics.values_list("quarter", "title")) == [(1, "Học tập và làm theo Bác"), (3, "Chuyển đổi số")]
    page = body(client.get(plan_url))
    assert "Chưa được cấp trên duyệt" in page and 'id="approve-form"' not in page and 'id="plan-form"' in page
    response = client.post(approve_url, {"approved_on": "15/02/2024"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.approved_on is None

    client.force_login(commission)
    assert 'id="approve-form"' in body(client.get(plan_url))
    assert "Ngày phải có dạng" in body(client.post(approve_url, {"approved_on": "31/02/2024"}))
    assert client.post(approve_url, {"approved_on": "15/02/2024", "approved_ref": "12-CV/ĐU"}).status_code == 302
    plan.refresh_from_db()
    assert plan.approved_on == D(2024, 2, 15)

    client.force_login(secretary)
    page = body(client.get(plan_url))
    assert "Cấp trên đã duyệt" in page and 'id="plan-form"' not in page
    response = client.post(plan_url, _topics((2, "Khác")))
    assert "đã được cấp trên duyệt" in body(response)
    assert plan.topics.count() == 2


def test_topic_plan_is_a_cells_page_and_bounds_its_year(client, tree, commission):
    client.force_login(commission)
    assert client.get(url("topic_plan", pk=tree.commune.pk, year=2024)).status_code == 404
    assert client.get(url("topic_plan", pk=tree.cell1.pk, year=1990)).status_code == 404
    assert client.get(url("topic_plan", pk=tree.cell1.pk, year=YEAR + 1)).status_code == 200


def test_inspection_cannot_plan_or_approve(client, tree, inspection):
    client.force_login(inspection)
    page = body(client.get(url("topic_plan", pk=tree.cell1.pk, year=2024)))
    assert "<form" not in main(page)
    assert client.post(url("topic_plan", pk=tree.cell1.pk, year=2024), _topics((1, "X"))).status_code == 404
    assert client.post(url("topic_plan_approve", pk=tree.cell1.pk, year=2024),
                       {"approved_on": "15/02/2024"}).status_code == 404
    assert not TopicPlan.objects.exists()


# --- superior attendees -----------------------------------------------------------------------------------------------

def test_superior_assigns_a_committee_member_and_the_list_counts_meetings_attended(client, tree, commission, leader,
                                                                                     admin):
    bystander = tree.member("Đỗ Văn Ngoài", org=tree.cell2)
    client.force_login(commission)
    page = body(client.get(url("cell_assignments", pk=tree.cell1.pk)))
    assert "Hà Văn Cấp Trên — Ủy viên Ban Thường vụ, Đảng bộ xã Đạ Sar" in page
    assert "Đỗ Văn Ngoài" not in page  # only the seats above the cell, never every member in scope
    response = client.post(url("cell_assignments", pk=tree.cell1.pk), {"member": leader.pk,
                                                                        "valid_from": "01/01/2024"})
    assert response.status_code == 302
    assignment = AttendanceAssignment.objects.get()
    assert (assignment.cell, assignment.member, assignment.org) == (tree.cell1, leader, tree.commune)
    for day in (D(2024, 3, 3), D(2024, 4, 3)):
        meeting = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=day).meeting
    services.guests_set(actor=admin, meeting=meeting, member_ids=[leader.pk])
    page = body(client.get(url("assignments", pk=tree.commune.pk) + "?year=2024"))
    assert "Hà Văn Cấp Trên" in page and "đã dự 1/2 kỳ" in page
    assert "đã dự 1/2 kỳ" in body(client.get(url("cell_assignments", pk=tree.cell1.pk)))

    response = client.post(url("cell_assignments", pk=tree.cell1.pk), {"member": bystander.pk,
                                                                        "valid_from": "01/01/2024"})
    assert response.status_code == 200 and AttendanceAssignment.objects.count() == 1
    response = client.post(url("assignment_end", pk=assignment.pk), {"valid_to": "01/12/2023"}, follow=True)
    assert "Ngày thôi phân công phải sau ngày phân công." in body(response)
    assignment.refresh_from_db()
    assert assignment.valid_to is None
    client.post(url("assignment_end", pk=assignment.pk), {"valid_to": "01/07/2024"})
    assignment.refresh_from_db()
    assert assignment.valid_to == D(2024, 7, 1)


def test_cell_secretary_sees_her_attendees_but_cannot_assign_or_end(client, tree, secretary, leader, admin):
    row = services.assignment_set(actor=admin, cell=tree.cell1, member=leader, valid_from=D(2024, 1, 1))
    client.force_login(secretary)
    page = body(client.get(url("cell_assignments", pk=tree.cell1.pk)))
    assert "Hà Văn Cấp Trên" in page and 'id="assign-form"' not in page and "Thôi</button>" not in page
    assert client.post(url("cell_assignments", pk=tree.cell1.pk),
                       {"member": leader.pk, "valid_from": "01/02/2024"}).status_code == 403
    assert client.post(url("assignment_end", pk=row.pk), {"valid_to": "01/07/2024"}).status_code == 403
    assert client.get(url("assignments", pk=tree.commune.pk)).status_code == 404
    row.refresh_from_db()
    assert row.valid_to is None and AttendanceAssignment.objects.count() == 1


def test_inspection_cannot_assign(client, tree, inspection, leader):
    client.force_login(inspection)
    assert 'id="assign-form"' not in body(client.get(url("cell_assignments", pk=tree.cell1.pk)))
    assert client.post(url("cell_assignments", pk=tree.cell1.pk),
                       {"member": leader.pk, "valid_from": "01/02/2024"}).status_code == 404
    assert not AttendanceAssignment.objects.exists()


# --- the six-monthly check -------------------------------------------------------------------------------------------

def test_superior_records_the_six_monthly_check_and_sees_what_is_missing(client, tree, commission):
    client.force_login(commission)
    checks_url = url("oversight_checks", pk=tree.commune.pk) + "?year=2024&half=1"
    page = body(client.get(checks_url))
    assert page.count("chưa kiểm tra</span>") == 2 and "ghi kết quả kiểm tra" in page
    record = url("check_record", pk=tree.cell1.pk)
    response = client.post(record, {"year": "2024", "half": "1", "checked_on": "20/06/2024",
                                    "findings": "Sinh hoạt đều, nội dung còn dàn trải"})
    assert response.status_code == 302
    check = OversightCheck.objects.get()
    assert (check.cell, check.org, check.checked_on) == (tree.cell1, tree.commune, D(2024, 6, 20))
    page = body(client.get(checks_url))
    assert "Sinh hoạt đều, nội dung còn dàn trải" in page and page.count("chưa kiểm tra</span>") == 1
    missing = body(client.get(checks_url + "&thieu=on"))
    assert tree.cell2.name in missing and tree.cell1.name not in missing.split('id="checks"')[1]


def test_bad_check_is_refused_in_vietnamese(client, tree, commission):
    client.force_login(commission)
    record = url("check_record", pk=tree.cell1.pk)
    response = client.post(record, {"year": "2024", "half": "2", "checked_on": "20/06/2024", "findings": "x"})
    assert "Ngày kiểm tra phải từ 01/07/2024." in body(response)
    response = client.post(record, {"year": "2024", "half": "1", "checked_on": "20/06/2024", "findings": ""})
    assert "Trường này là bắt buộc." in body(response)
    assert not OversightCheck.objects.exists()


def test_cell_secretary_and_inspection_cannot_check(client, tree, secretary, inspection):
    record = url("check_record", pk=tree.cell1.pk)
    data = {"year": "2024", "half": "1", "checked_on": "20/06/2024", "findings": "Tốt"}
    client.force_login(secretary)
    assert client.get(record).status_code == 403
    assert client.post(record, data).status_code == 403
    page = body(client.get(url("oversight_checks", pk=tree.cell1.pk) + "?year=2024&half=1"))
    assert "chưa kiểm tra</span>" in page and "ghi kết quả kiểm tra" not in page
    client.force_login(inspection)
    assert "ghi kết quả kiểm tra" not in body(client.get(url("oversight_checks", pk=tree.commune.pk)))
    assert client.post(record, data).status_code == 404
    assert not OversightCheck.objects.exists()
