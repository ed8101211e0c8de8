"""K10: the period's figures of a subtree, exact values; who may read them; the sentence of the report."""

import datetime as dt

import pytest

from dangbo.accounts.models import Grant
from dangbo.core.exceptions import OutOfScope
from dangbo.core.periods import year
from dangbo.core.testing import Role, user_with
from dangbo.inspection import figures, paragraphs, services
from dangbo.inspection.figures import CELL, COMMISSION, COMMITTEE, Letters, Tally
from dangbo.inspection.tests.conftest import open_case
from dangbo.members import services as member_services

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def work(tree, inspector):
    """A year of work in the district (2024), and some that must not count: 2023's, another district's."""
    an, binh, chi = (tree.member(n, org=tree.cell1) for n in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Chí"))
    dung = tree.member("Phạm Văn Dũng", org=tree.cell2)
    em = tree.member("Hoàng Văn Em", org=tree.cell2)
    # the commission: a compliance check (1 org, 2 members), a check on signs of violation (1 member), a finance
    # check (1 org), a continuous supervision (1 org)
    open_case(tree, inspector, kind="compliance", members=[an, binh], orgs=[tree.cell1])
    open_case(tree, inspector, kind="violation", members=[an])
    open_case(tree, inspector, kind="finance", orgs=[tree.commune], decided_on=D(2024, 6, 1))
    open_case(tree, inspector, kind="sup_continuous", orgs=[tree.cell2], decided_on=D(2024, 12, 31))
    # the commune's standing committee: a check of two cells, a thematic supervision of a member
    open_case(tree, inspector, org=tree.commune, body="standing", kind="compliance", orgs=[tree.cell1, tree.cell2])
    open_case(tree, inspector, org=tree.commune, body="committee", kind="sup_thematic", members=[dung])
    # the cell checks three of its members
    open_case(tree, inspector, org=tree.cell1, body="cell", kind="compliance", members=[an, binh, chi])
    # not counted: a denunciation case (counted as letters), 2023's check, another district's
    handling = [open_case(tree, inspector, kind="denunciation", members=[m], decided_on=day)
                for m, day in ((binh, D(2023, 11, 10)), (an, D(2024, 2, 10)))]
    open_case(tree, inspector, kind="compliance", members=[an], decided_on=D(2023, 12, 31))
    other = user_with(Role.INSPECTION, org=tree.other_district)
    stranger = tree.member("Vũ Văn Xa", org=tree.other_cell)
    open_case(tree, other, org=tree.other_district, kind="compliance", members=[stranger])
    # letters: one resolved, one anonymous (not handled), one in progress; one of 2023 resolved in 2024
    old = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2023, 11, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2", "subject_member": binh, "content": "x"})
    done = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2", "subject_member": an, "content": "x"})
    anon = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 3, 1), "anonymous": True, "subject_member": an, "content": "x"})
    running = services.denunciation_receive(actor=inspector, org=tree.commune, data={
        "received_on": D(2024, 11, 1), "denouncer_name": "Ngô Văn Tư", "denouncer_address": "Thôn 3", "subject_member": chi, "content": "x"})
    for letter in (old, done, running):
        services.denunciation_screen(actor=inspector, denunciation=letter, on=letter.received_on + dt.timedelta(3))
    services.denunciation_screen(actor=inspector, denunciation=anon, on=D(2024, 3, 2))
    for letter, case, day in ((old, handling[0], D(2024, 1, 15)), (done, handling[1], D(2024, 4, 1))):
        services.denunciation_assign(actor=inspector, denunciation=letter, case=case)
        services.denunciation_resolve(actor=inspector, denunciation=letter, resolved_on=day, outcome="false",
                                      outcome_note="Tố cáo sai", notified_on=day)
    # discipline: khiển trách, cảnh cáo, khai trừ of members, a khiển trách of a cell; one of 2023
    member_services.discipline_record(actor=tree.actor, member=binh, form="warning", date=D(2023, 6, 1),
                                      decided_by="Chi bộ", reason="Vi phạm cũ")
    member_services.discipline_record(actor=tree.actor, member=an, form="reprimand", date=D(2024, 5, 1),
                                      decided_by="Chi bộ", reason="Vi phạm")
    warned = member_services.discipline_record(actor=tree.actor, member=binh, form="warning", date=D(2024, 5, 2),
                                               decided_by="Chi bộ", reason="Vi phạm")
    member_services.discipline_record(actor=tree.actor, member=chi, form="expulsion", date=D(2024, 7, 1),
                                      decided_by="Ban Thường vụ", reason="Vi phạm nghiêm trọng")
    member_services.discipline_record(actor=tree.actor, org=tree.cell2, form="reprimand", date=D(2024, 8, 1),
                                      decided_by="Ban Thường vụ", reason="Buông lỏng lãnh đạo")
    complaint = services.complaint_receive(actor=inspector, org=tree.district, decision=warned,
                                           received_on=D(2024, 5, 20), decision_received_on=D(2024, 5, 5))
    services.complaint_decide(actor=inspector, complaint=complaint, result="upheld", resolved_on=D(2024, 7, 1),
                              note="Giữ nguyên")
    # leavers: a strike-off and a cho ra khỏi Đảng
    member_services.event_record(actor=tree.actor, member=dung, kind="strike_off", date=D(2024, 9, 1),
                                 leave_reason="abandoned", decided_by="Đảng ủy xã")
    member_services.event_record(actor=tree.actor, member=em, kind="dismiss", date=D(2024, 10, 1),
                                 leave_reason="resigned", decided_by="Đảng ủy xã")


def test_the_district_year_exact(tree, inspector, work, django_assert_num_queries):
    with django_assert_num_queries(6):  # the subtree's placement, cases, letters, complaints, discipline, leavers
        f = figures.figures(user=inspector, org=tree.district, period=year(2024))
    assert f.checks[COMMISSION] == Tally(3, 2, 3)
    assert f.checks[COMMITTEE] == Tally(1, 2, 0)
    assert f.checks[CELL] == Tally(1, 0, 3)
    assert f.supervisions[COMMISSION] == Tally(1, 1, 0)
    assert f.supervisions[COMMITTEE] == Tally(1, 0, 1)
    assert f.all_checks == Tally(5, 4, 6) and f.all_supervisions == Tally(2, 1, 1)
    assert f.violation_checks == Tally(1, 0, 1) and f.finance_checks == Tally(1, 1, 0)
    assert f.denunciations == Letters(received=3, not_handled=1, taken_up=2, resolved=2, in_progress=1)
    assert (f.complaints_received, f.complaints_settled) == (1, 1)
    assert f.members_disciplined == {"reprimand": 1, "warning": 1, "removal": 0, "expulsion": 1}
    assert f.members_disciplined_total == 3
    assert f.orgs_disciplined == {"reprimand": 1, "warning": 0, "disbandment": 0}
    assert (f.struck_off, f.dismissed) == (1, 1)
    text = paragraphs.sentence(f)
    assert text == (
        "Trong năm 2024, các cấp ủy, tổ chức đảng đã tiến hành kiểm tra 02 tổ chức đảng, giám sát 01 cán bộ, "
        "đảng viên; ủy ban kiểm tra cấp ủy các cấp kiểm tra 02 tổ chức đảng và 03 đảng viên, giám sát 01 tổ chức "
        "đảng; các chi bộ đã kiểm tra 03 đảng viên; kiểm tra khi có dấu hiệu vi phạm 01 cuộc, kiểm tra tài chính "
        "đảng 01 cuộc; tiếp nhận 03 đơn tố cáo, trong đó 01 đơn không đủ điều kiện xem xét, giải quyết xong 02 đơn "
        "(01 đơn đang giải quyết); giải quyết 01 đơn khiếu nại kỷ luật; xem xét và xử lý kỷ luật đối với 03 đảng "
        "viên vi phạm (01 trường hợp khiển trách, 01 trường hợp cảnh cáo, 01 trường hợp khai trừ ra khỏi Đảng) và "
        "01 tổ chức đảng (01 trường hợp khiển trách); xóa tên 01 đảng viên, cho ra khỏi Đảng 01 đảng viên.")


def test_a_cell_and_another_year(tree, inspector, work):
    cell = figures.figures(user=inspector, org=tree.cell1, period=year(2024))
    assert cell.all_checks == Tally(1, 0, 3) and cell.all_supervisions == Tally()
    assert cell.members_disciplined == {"reprimand": 1, "warning": 1, "removal": 0, "expulsion": 1}
    assert cell.denunciations == Letters() and cell.orgs_disciplined_total == 0
    last = figures.figures(user=inspector, org=tree.district, period=year(2023))
    assert last.checks[COMMISSION] == Tally(1, 0, 1)
    assert last.denunciations == Letters(received=1, taken_up=1, in_progress=1)
    assert last.members_disciplined["warning"] == 1
    empty = figures.figures(user=inspector, org=tree.district, period=year(2020))
    assert paragraphs.sentence(empty).startswith("Trong năm 2020, hệ thống chưa ghi nhận")


def test_who_may_read_the_counts(tree, inspector, commission, secretary, work):
    assert figures.figures(user=commission, org=tree.commune, period=year(2024)).all_checks == Tally(2, 2, 3)
    admin = user_with(Role.ADMIN, org=tree.province)
    for user in (secretary, admin, user_with(Role.ORG_COMMISSION, org=tree.other_district),
                 user_with(Role.INSPECTION, org=tree.other_district), user_with(Role.ORG_COMMISSION, org=tree.cell2),
                 user_with(Role.MEMBER, member=tree.member("Đinh Thị Mai", org=tree.cell1, gender="F"))):
        with pytest.raises(OutOfScope):
            figures.figures(user=user, org=tree.cell1, period=year(2024))
    # a cell secretary who is also an organization commission elsewhere gains nothing here
    both = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    Grant.objects.create(user=both, role=Role.ORG_COMMISSION, org=tree.other_district)
    assert not figures.may_read(both, tree.cell1)
