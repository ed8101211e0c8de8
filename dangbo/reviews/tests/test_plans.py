"""Remediation plans (R7): who owes a plan and who is late on a given day, the check for missing plans, the
item status flow, and the plan pages under scope."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import user_with
from dangbo.reviews import services
from dangbo.reviews.choices import ItemStatus, Level, PlanReason, Status
from dangbo.reviews.models import Assessment, RemediationItem, RemediationPlan
from dangbo.reviews.selectors import plans as selectors_plans

D = dt.date


@pytest.fixture
def plans(tree, admin):
    """2024: cell2 rated HTNV (plan due 30 days after the approval), a member of cell1 pointed at (plan due
    30 days after 15/01/2025), and the agency rated HTNV by hand-loaded data (no plan yet)."""
    pointed = tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Trần Văn Bình", org=tree.cell2)
    services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    weak = Assessment.objects.get(subject_org=tree.cell2, year=2024)
    services.assessment_propose(actor=admin, assessment=weak, level=Level.COMPLETED, on=D(2024, 12, 10))
    services.assessments_approve(actor=admin, approver=tree.commune, year=2024, ids=[weak.pk], on=D(2024, 12, 20))
    services.pointed_review_set(actor=admin, assessment=Assessment.objects.get(member=pointed, year=2024),
                                note="Chưa gương mẫu ở nơi cư trú")
    Assessment.objects.filter(subject_org=tree.agency, year=2024).update(status=Status.APPROVED,
                                                                        final_level=Level.NOT_COMPLETED)
    return {"org_plan": RemediationPlan.objects.get(subject_org=tree.cell2),
            "member_plan": RemediationPlan.objects.get(member=pointed), "pointed": pointed}


def owed(user, on, **kw):
    return {p.pk: p for p in selectors_plans.plans_owed(user=user, year=2024, on=on, **kw)}


def test_who_owes_a_plan_and_who_is_late(tree, admin, plans):
    org_plan, member_plan = plans["org_plan"], plans["member_plan"]
    assert (org_plan.reason, org_plan.due_on, org_plan.org) == (PlanReason.WEAK_RATING, D(2025, 1, 19), tree.cell2)
    assert (member_plan.reason, member_plan.due_on) == (PlanReason.POINTED_REVIEW, D(2025, 2, 14))
    assert set(owed(admin, D(2025, 1, 1))) == {org_plan.pk, member_plan.pk}
    assert not any(p.is_late for p in owed(admin, D(2025, 1, 19)).values())  # due today is not late yet
    on = D(2025, 1, 20)
    assert [p.is_late for p in owed(admin, on).values()] == [False, True]  # ordered by tree: cell1 first
    assert list(owed(admin, on, late_only=True)) == [org_plan.pk]
    services.plan_submit(actor=admin, plan=org_plan, summary="Củng cố sinh hoạt chi bộ", submitted_on=D(2025, 1, 25))
    assert not owed(admin, D(2025, 3, 1), late_only=False)[org_plan.pk].is_late  # submitted, even if late
    assert set(owed(admin, D(2025, 3, 1), late_only=True)) == {member_plan.pk}
    assert list(owed(admin, on, org=tree.cell2)) == [org_plan.pk]


def test_items_past_their_deadline_make_a_plan_late(tree, admin, plans):
    plan = plans["org_plan"]
    services.plan_submit(actor=admin, plan=plan, summary="Kế hoạch", submitted_on=D(2025, 1, 10))
    a = services.plan_item_add(actor=admin, plan=plan, description="Sinh hoạt đúng kỳ", owner="Bí thư chi bộ",
                               deadline=D(2025, 3, 31))
    b = services.plan_item_add(actor=admin, plan=plan, description="Kiểm tra đảng viên", owner="Chi ủy",
                               deadline=D(2025, 6, 30))
    row = owed(admin, D(2025, 4, 1))[plan.pk]
    assert (row.items_total, row.items_open, row.items_done, row.items_late) == (2, 2, 0, 1)
    assert list(owed(admin, D(2025, 4, 1), late_only=True, org=tree.cell2)) == [plan.pk]  # submitted, item late
    services.plan_item_set_status(actor=admin, item=a, status=ItemStatus.DONE, done_on=D(2025, 4, 2))
    services.plan_item_set_status(actor=admin, item=b, status=ItemStatus.DROPPED)
    row = owed(admin, D(2025, 12, 1))[plan.pk]
    assert (row.items_total, row.items_open, row.items_done, row.items_late) == (2, 0, 1, 0)
    assert not owed(admin, D(2025, 12, 1), late_only=True, org=tree.cell2)


def test_item_status_flow(tree, admin, plans):
    item = services.plan_item_add(actor=admin, plan=plans["org_plan"], description="Sinh hoạt đúng kỳ",
                                  owner="Bí thư chi bộ", deadline=D(2025, 3, 31))
    assert item.status == ItemStatus.OPEN
    with pytest.raises(DomainError, match="Phải ghi ngày hoàn thành"):
        services.plan_item_set_status(actor=admin, item=item, status=ItemStatus.DONE)
    with pytest.raises(DomainError, match="Trạng thái không hợp lệ"):
        services.plan_item_set_status(actor=admin, item=item, status="finished")
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    services.plan_item_set_status(actor=admin, item=item, status=ItemStatus.DONE, done_on=D(2025, 3, 20))
    assert (item.status, item.done_on) == (ItemStatus.DONE, D(2025, 3, 20))
    services.plan_item_set_status(actor=admin, item=item, status=ItemStatus.OPEN, done_on=D(2025, 3, 20))
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ItemStatus.OPEN, None)  # reopened: the done date goes
    with pytest.raises(DomainError, match="nội dung và người thực hiện"):
        services.plan_item_add(actor=admin, plan=plans["org_plan"], description=" ", owner="x",
                               deadline=D(2025, 3, 31))


def test_the_check_finds_missing_plans_and_fills_them(tree, admin, plans):
    missing = selectors_plans.plans_missing(user=admin, year=2024)
    assert [a.subject_org for a in missing] == [tree.agency]
    assert not selectors_plans.plans_missing(user=admin, year=2024, org=tree.commune)
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    assert not selectors_plans.plans_missing(user=secretary, year=2024)
    with pytest.raises(OutOfScope):
        services.plans_create_missing(actor=secretary, org=tree.district, year=2024, on=D(2025, 2, 1))
    audit = AuditEntry.objects.count()
    assert services.plans_create_missing(actor=admin, org=tree.district, year=2024, on=D(2025, 2, 1)) == 1
    plan = RemediationPlan.objects.get(subject_org=tree.agency)
    assert (plan.reason, plan.due_on, plan.org) == (PlanReason.WEAK_RATING, D(2025, 3, 3), tree.agency)
    assert AuditEntry.objects.count() == audit + 1
    assert not selectors_plans.plans_missing(user=admin, year=2024)
    assert services.plans_create_missing(actor=admin, org=tree.district, year=2024, on=D(2025, 2, 1)) == 0


def test_plans_are_scoped(tree, admin, plans):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    assert list(owed(secretary, D(2025, 1, 1))) == [plans["org_plan"].pk]
    with pytest.raises(OutOfScope):
        selectors_plans.plan_get(user=secretary, pk=plans["member_plan"].pk)
    me = user_with(Role.MEMBER, member=plans["pointed"])
    assert list(owed(me, D(2025, 1, 1))) == [plans["member_plan"].pk]
    assert selectors_plans.plan_get(user=me, pk=plans["member_plan"].pk)
    with pytest.raises(OutOfScope):
        selectors_plans.plan_get(user=me, pk=plans["member_plan"].pk, write=True)


# --- pages -----------------------------------------------------------------------------------------------------


def test_list_page_shows_plans_and_missing_ones(client, tree, plans):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    body = client.get(reverse("reviews:plans"), {"year": 2024}).content.decode()
    assert "Kế hoạch khắc phục hạn chế, yếu kém — năm 2024" in body
    assert "Nguyễn Văn An" in body and "Cấp trên gợi ý kiểm điểm" in body
    assert "Chi bộ thôn Păng Tiêng" in body and "Xếp loại hoàn thành nhiệm vụ trở xuống" in body
    assert "Chưa có kế hoạch (1)" in body and "Chi bộ Phòng Giáo dục" in body
    assert "Lập các kế hoạch còn thiếu" not in body  # no org chosen
    body = client.get(reverse("reviews:plans"), {"year": 2024, "org": tree.district.pk}).content.decode()
    assert "Lập các kế hoạch còn thiếu" in body
    response = client.post(reverse("reviews:plans_fill", kwargs={"pk": tree.district.pk, "year": 2024}),
                           follow=True)
    assert "Đã lập 1 kế hoạch khắc phục còn thiếu." in response.content.decode()
    assert RemediationPlan.objects.filter(subject_org=tree.agency).exists()


def test_plan_page_submit_add_item_and_set_status(client, tree, plans):
    plan = plans["org_plan"]
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell2))
    url = reverse("reviews:plan", kwargs={"pk": plan.pk})
    page = client.get(url).content.decode()
    assert "Kế hoạch khắc phục năm 2024 — Chi bộ thôn Păng Tiêng" in page and "Nộp kế hoạch" in page
    bad = client.post(reverse("reviews:plan_submit", kwargs={"pk": plan.pk}),
                      {"summary": "Củng cố", "submitted_on": "31/02/2025"})
    assert "Ngày phải có dạng dd/mm/yyyy." in bad.content.decode()
    plan.refresh_from_db()
    assert plan.submitted_on is None
    done = client.post(reverse("reviews:plan_submit", kwargs={"pk": plan.pk}),
                       {"summary": "Củng cố sinh hoạt", "submitted_on": "25/01/2025"})
    assert done.status_code == 302 and done["Location"] == url
    plan.refresh_from_db()
    assert (plan.summary, plan.submitted_on) == ("Củng cố sinh hoạt", D(2025, 1, 25))
    added = client.post(reverse("reviews:plan_item_add", kwargs={"pk": plan.pk}),
                        {"description": "Sinh hoạt đúng kỳ", "owner": "Bí thư chi bộ", "deadline": "31/03/2025"})
    assert added.status_code == 302
    item = RemediationItem.objects.get(plan=plan)
    status_url = reverse("reviews:plan_item_status", kwargs={"pk": plan.pk, "item_pk": item.pk})
    refused = client.post(status_url, {f"item{item.pk}-status": "done", f"item{item.pk}-done_on": ""})
    assert "Phải ghi ngày hoàn thành." in refused.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    client.post(status_url, {f"item{item.pk}-status": "done", f"item{item.pk}-done_on": "20/03/2025"})
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ItemStatus.DONE, D(2025, 3, 20))
    page = client.get(url).content.decode()
    assert "Đã khắc phục (20/03/2025)" in page and "31/03/2025" in page


def test_read_only_users_see_but_cannot_change(client, tree, plans):
    plan = plans["member_plan"]
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    page = client.get(reverse("reviews:plan", kwargs={"pk": plan.pk})).content.decode()
    assert "Chưa gương mẫu ở nơi cư trú" in page and "Nộp kế hoạch" not in page
    response = client.post(reverse("reviews:plan_submit", kwargs={"pk": plan.pk}),
                           {"summary": "x", "submitted_on": "01/02/2025"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.submitted_on is None
    client.force_login(user_with(Role.MEMBER, member=plans["pointed"]))
    assert client.get(reverse("reviews:plan", kwargs={"pk": plan.pk})).status_code == 200
    assert client.post(reverse("reviews:plan_item_add", kwargs={"pk": plan.pk}),
                       {"description": "x", "owner": "x", "deadline": "01/02/2025"}).status_code == 404
    assert not plan.items.exists()
