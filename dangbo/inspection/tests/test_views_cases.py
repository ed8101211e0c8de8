"""The programme, plan and case pages (issue 14, wave 2): the inspection commission opens a case from a plan item
or ad hoc, steps it through its phases, concludes it and follows it up; the org commission, the cell secretary and
the admin of the tree cannot open a case or find it (404, nothing listed, nothing found by the subject's name); a
user named on it can; the list and the screen cost the same number of queries with ten times more cases."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.audit import READ_ACTION
from dangbo.accounts.models import AuditEntry
from dangbo.core.testing import Role, user_with
from dangbo.inspection import services
from dangbo.inspection.models import Case, CaseStep, FollowUp, PlanItem, Programme
from dangbo.inspection.tests.conftest import open_case

pytestmark = pytest.mark.django_db
D = dt.date


def url(name, *args):
    return reverse(f"inspection:{name}", args=args)


@pytest.fixture
def case(tree, inspector, an):
    return open_case(tree, inspector, members=[an], topic="Dấu hiệu vi phạm về đất đai")


def test_the_inspection_commission_opens_steps_concludes_and_follows_up(client, tree, inspector, an, case):
    client.force_login(inspector)
    body = client.get(url("cases")).content.decode()
    assert "Dấu hiệu vi phạm về đất đai" in body and url("case_detail", case.pk) in body
    assert url("case_create", tree.district.pk) in body
    screen = client.get(url("case_detail", case.pk)).content.decode()
    assert "Nguyễn Văn An" in screen and "12-QĐ/UBKT" in screen and "Giai đoạn chuẩn bị" in screen
    # a step before the decision is refused, naming the field; nothing saved
    bad = client.post(url("case_step", case.pk), {"step": "verification", "date": "01/02/2024"}).content.decode()
    assert "trước ngày quyết định" in bad and CaseStep.objects.filter(case=case).count() == 1
    response = client.post(url("case_step", case.pk), {"step": "verification", "date": "15/03/2024",
                                                        "document_number": "BB-01", "note": "Làm việc tại xã"})
    assert response.status_code == 302
    assert CaseStep.objects.filter(case=case, step="verification", document_number="BB-01").exists()
    bad = client.post(url("case_conclude", case.pk), {"concluded_on": "01/05/2024", "conclusion": ""})
    assert "Phải ghi nội dung kết luận" in bad.content.decode()
    client.post(url("case_conclude", case.pk), {"concluded_on": "01/05/2024", "conclusion": "Có vi phạm nhỏ",
                                                "violation_found": "on"})
    case.refresh_from_db()
    assert case.concluded_on == D(2024, 5, 1) and case.violation_found
    subject = case.subjects.get()
    client.post(url("follow_up_add", case.pk), {"recommendation": "Trả lại đất", "due_on": "01/06/2024",
                                                "subject": subject.pk})
    late = FollowUp.objects.get(case=case)
    assert late.member == an
    screen = client.get(url("case_detail", case.pk)).content.decode()
    assert "Có vi phạm nhỏ" in screen and "quá hạn" in screen and f'id="follow-up-{late.pk}" class="overdue"' in screen
    client.post(url("follow_up_close", case.pk, late.pk), {"done_on": "10/06/2024", "note": "Đã trả"})
    late.refresh_from_db()
    assert late.done_on == D(2024, 6, 10)
    assert "quá hạn" not in client.get(url("case_detail", case.pk)).content.decode()
    # the list filters by status, kind and year, and finds the subject by name
    assert url("case_detail", case.pk) in client.get(url("cases"), {"status": "concluded"}).content.decode()
    assert url("case_detail", case.pk) not in client.get(url("cases"), {"status": "open"}).content.decode()
    assert url("case_detail", case.pk) not in client.get(url("cases"), {"kind": "finance"}).content.decode()
    assert url("case_detail", case.pk) not in client.get(url("cases"), {"year": 2023}).content.decode()
    assert url("case_detail", case.pk) in client.get(url("cases"), {"q": "nguyen van an"}).content.decode()
    assert url("case_detail", case.pk) not in client.get(url("cases"), {"q": "Trần"}).content.decode()


def test_open_a_case_ad_hoc_and_from_a_plan_item(client, tree, inspector, an):
    client.force_login(inspector)
    response = client.post(url("case_create", tree.district.pk), {
        "body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "Đột xuất",
        "decided_on": "01/03/2024", "member": an.pk})
    case = Case.objects.get(topic="Đột xuất")
    assert response.status_code == 302 and response["Location"] == url("case_detail", case.pk)
    assert [s.member for s in case.subjects.all()] == [an]
    # no subject: refused, the message shown
    body = client.post(url("case_create", tree.district.pk), {
        "body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "Không đối tượng",
        "decided_on": "01/03/2024"}).content.decode()
    assert "Phải ghi ít nhất một tổ chức hoặc đảng viên là đối tượng" in body
    # from a plan item: the page comes filled in from the item
    client.post(url("programme_create", tree.district.pk), {
        "kind": "year", "body": "commission", "title": "Kế hoạch năm 2024", "year": 2024, "adopted_on": "05/01/2024"})
    programme = Programme.objects.get(title="Kế hoạch năm 2024")
    client.post(url("plan_item_create", programme.pk), {"kind": "compliance", "topic": "Chấp hành Điều lệ",
                                                        "quarter": 2, "recipient_org": tree.cell1.pk})
    item = PlanItem.objects.get(programme=programme)
    assert item.org == tree.cell1
    detail = client.get(url("programme_detail", programme.pk)).content.decode()
    assert "Đã tiến hành 0/1 nội dung (0%)" in detail
    form = client.get(url("case_create", tree.district.pk), {"item": item.pk}).content.decode()
    assert "Chấp hành Điều lệ" in form and f'name="recipient_org" value="{item.org.pk}" checked' in form
    client.post(url("case_create", tree.district.pk) + f"?item={item.pk}", {
        "item": item.pk, "body": "commission", "kind": "compliance", "origin": "planned",
        "topic": "Chấp hành Điều lệ", "decided_on": "02/04/2024", "recipient_org": tree.cell1.pk})
    assert Case.objects.get(plan_item=item).subjects.get().org == tree.cell1
    assert "Đã tiến hành 1/1 nội dung (100%)" in client.get(url("programme_detail", programme.pk)).content.decode()


def test_programme_pages(client, tree, commission, secretary):
    client.force_login(commission)  # the org commission writes the tree: it may keep the committee's plans
    bad = client.post(url("programme_create", tree.commune.pk), {"kind": "term", "body": "committee",
                                                                "title": "Chương trình", "first_year": 2025,
                                                                "last_year": 2020, "adopted_on": "05/01/2021"})
    assert "Năm cuối nhiệm kỳ phải từ năm đầu trở đi" in bad.content.decode()
    client.post(url("programme_create", tree.commune.pk), {"kind": "term", "body": "committee",
                                                           "title": "Chương trình nhiệm kỳ", "first_year": 2020,
                                                           "last_year": 2025, "adopted_on": "05/01/2021"})
    programme = Programme.objects.get(title="Chương trình nhiệm kỳ")
    client.post(url("programme_update", programme.pk), {"kind": "term", "body": "committee",
                                                         "title": "Chương trình 2020–2025", "first_year": 2020,
                                                         "last_year": 2025, "adopted_on": "05/01/2021"})
    programme.refresh_from_db()
    assert programme.title == "Chương trình 2020–2025"
    bad = client.post(url("plan_item_create", programme.pk), {"kind": "compliance", "topic": "Không đối tượng"})
    assert "Phải ghi tổ chức hoặc đảng viên là đối tượng" in bad.content.decode()
    client.post(url("plan_item_create", programme.pk), {"kind": "compliance", "topic": "Chi bộ 1",
                                                        "month": 4, "recipient_org": tree.cell1.pk})
    item = PlanItem.objects.get(programme=programme)
    client.post(url("plan_item_update", item.pk), {"kind": "sup_thematic", "topic": "Chi bộ 1 (chuyên đề)",
                                                   "month": 5, "recipient_org": tree.cell1.pk})
    item.refresh_from_db()
    assert (item.kind, item.month) == ("sup_thematic", 5)
    listing = client.get(url("programmes"), {"year": 2023}).content.decode()
    assert "Chương trình 2020–2025" in listing
    # the org commission may not open a case: no link on the programme, 403 on the page
    detail = client.get(url("programme_detail", programme.pk)).content.decode()
    assert "Mở cuộc" not in detail
    assert client.get(url("case_create", tree.commune.pk)).status_code == 403
    # the cell secretary does not read the commune: 404
    client.force_login(secretary)
    assert client.get(url("programme_detail", programme.pk)).status_code == 404
    assert "Chương trình 2020–2025" not in client.get(url("programmes")).content.decode()


def test_commission_secretary_and_admin_cannot_open_or_find_a_case(client, tree, case, commission, secretary,
                                                                   admin):
    follow_up_case = case
    services.case_conclude(actor=user_with(Role.INSPECTION, org=tree.district), case=case, conclusion="Kết luận",
                           concluded_on=D(2024, 5, 1), violation_found=False)
    row = services.follow_up_add(actor=user_with(Role.INSPECTION, org=tree.province), case=follow_up_case,
                                 recommendation="Khắc phục", due_on=D(2024, 6, 1), org=tree.cell1)
    writes = [(url("case_step", case.pk), {"step": "plan", "date": "05/03/2024"}),
              (url("case_conclude", case.pk), {"concluded_on": "05/05/2024", "conclusion": "Khác"}),
              (url("follow_up_add", case.pk), {"recommendation": "X", "due_on": "01/07/2024"}),
              (url("follow_up_close", case.pk, row.pk), {"done_on": "01/07/2024"})]
    other_inspection = user_with(Role.INSPECTION, org=tree.other_district)
    for user in (commission, secretary, admin, other_inspection):
        client.force_login(user)
        assert client.get(url("case_detail", case.pk)).status_code == 404, user
        for target, data in writes:
            assert client.post(target, data).status_code == 404, (user, target)
        for params in ({}, {"q": "Nguyễn Văn An"}, {"q": "nguyen van an"}, {"kind": "violation"}):
            body = client.get(url("cases"), params).content.decode()
            assert url("case_detail", case.pk) not in body and "Dấu hiệu vi phạm về đất đai" not in body
            assert "Nguyễn Văn An" not in body.split("<tbody>")[1]  # the search box echoes what was typed
            assert "Không có cuộc kiểm tra, giám sát nào" in body
        if user is not other_inspection:  # no nav entry without an inspection grant
            assert "Kiểm tra, giám sát</a>" not in body
    assert CaseStep.objects.filter(case=case).count() == 1
    assert FollowUp.objects.get(pk=row.pk).done_on is None
    case.refresh_from_db()
    assert case.conclusion == "Kết luận"


def test_a_named_user_opens_the_case(client, tree, inspector, case):
    member = user_with(Role.MEMBER, member=tree.member("Trần Văn Bình", org=tree.cell2), username="binh")
    client.force_login(member)
    assert client.get(url("case_detail", case.pk)).status_code == 404
    services.access_grant(actor=inspector, user=member, case=case)
    assert client.get(url("case_detail", case.pk)).status_code == 200
    body = client.get(url("cases"), {"q": "Nguyễn Văn An"}).content.decode()
    assert url("case_detail", case.pk) in body
    # named without write scope over the handling org: reads, does not write
    screen = client.get(url("case_detail", case.pk)).content.decode()
    assert 'id="step-form"' not in screen
    assert client.post(url("case_step", case.pk), {"step": "plan", "date": "05/03/2024"}).status_code == 403
    assert AuditEntry.objects.filter(actor=member, action=READ_ACTION, object_id=str(case.pk)).exists()


def test_the_nav_entry_shows_to_the_inspection_commission(client, inspector):
    client.force_login(inspector)
    assert f'href="{url("cases")}">Kiểm tra, giám sát</a>' in client.get(url("programmes")).content.decode()


def _many_cases(tree, inspector, an, n):
    for i in range(n):
        c = open_case(tree, inspector, members=[an], topic=f"Cuộc {i}", decision_number=f"{i}-QĐ")
        services.case_step_add(actor=inspector, case=c, step="plan", date=D(2024, 3, 2))


def test_list_and_screen_queries_do_not_grow_with_cases(client, tree, inspector, an, case,
                                                        django_assert_num_queries):
    client.force_login(inspector)
    services.case_conclude(actor=inspector, case=case, conclusion="K", concluded_on=D(2024, 5, 1),
                           violation_found=True)
    services.follow_up_add(actor=inspector, case=case, recommendation="R", due_on=D(2024, 6, 1), member=an)
    _many_cases(tree, inspector, an, 3)
    client.get(url("cases"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url("cases"), {"q": "nguyen"})
    with django_assert_num_queries(SCREEN_QUERIES):
        client.get(url("case_detail", case.pk))
    _many_cases(tree, inspector, an, 36)  # 4 → 40 cases
    for i in range(3):
        services.case_step_add(actor=inspector, case=case, step="verification", date=D(2024, 4, 1 + i))
        services.follow_up_add(actor=inspector, case=case, recommendation=f"R{i}", due_on=D(2024, 7, 1), member=an)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url("cases"), {"q": "nguyen"})
    assert response.content.decode().count('<td data-label="Quyết định">') == 40
    with django_assert_num_queries(SCREEN_QUERIES):
        client.get(url("case_detail", case.pk))


# session, user, grants; count; the page; the read log; the roots to open from
LIST_QUERIES = 7
# session, user, grants; the case; the read log; subjects, steps, follow-ups, proposals; the team members
SCREEN_QUERIES = 10


def test_a_subject_out_of_scope_is_an_error_on_its_field(client, tree, inspector):
    """A member picked outside the user's scope (here: of another district) is refused on the ``member`` field; no
    case is opened."""
    outside = tree.member("Lò Văn Xa", org=tree.other_cell)
    client.force_login(inspector)
    body = client.post(url("case_create", tree.district.pk), {
        "body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "Ngoài phạm vi",
        "decided_on": "01/03/2024", "member": outside.pk}).content.decode()
    assert "Không tìm thấy trong phạm vi của bạn." in body
    assert not Case.objects.filter(topic="Ngoài phạm vi").exists()
