"""The cell's work with its members (38-HD/BTCTW): the cell's year page with who is missing each item, one member's
year with its forms, the member's own page, the XLSX read back, and the query bound of the cell page."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.dates import today
from dangbo.core.testing import user_with
from dangbo.meetings import services
from dangbo.meetings.models import MemberTask, ResidenceLiaison, YearlyPaper
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2024


def body(response) -> str:
    return response.content.decode()


def main(page: str) -> str:
    return page.split("<main>", 1)[1]


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs=kwargs)


@pytest.fixture
def people(tree, admin):
    """cell1: An has everything for 2024, Bình only a task, Cường nothing (and is exempt)."""
    an = tree.member("Nguyễn Văn An")
    binh = tree.member("Trần Thị Bình", gender="F")
    cuong = tree.member("Lê Văn Cường")
    services.task_assign(actor=admin, member=an, title="Phụ trách tuyên truyền", assigned_on=D(2024, 2, 1))
    services.paper_record(actor=admin, member=an, year=YEAR, kind="commitment", signed_on=D(2024, 1, 10))
    services.paper_record(actor=admin, member=an, year=YEAR, kind="plan", signed_on=D(2024, 1, 10))
    services.task_assign(actor=admin, member=binh, title="Vận động hộ nghèo", assigned_on=D(2024, 3, 1))
    event_record(actor=admin, member=cuong, kind="exempt", date=D(2023, 5, 1))
    return an, binh, cuong


def test_cell_page_lists_the_roster_with_who_is_missing_each(client, tree, secretary, people):
    an, binh, cuong = people
    client.force_login(secretary)
    page = body(client.get(url("work", pk=tree.cell1.pk, year=YEAR)))
    assert all(m.full_name in page for m in people) and "miễn công tác, sinh hoạt" in page
    totals = page.split('id="work-totals"')[1].split("</div>\n<form")[0]
    assert "<b>3</b><span><a href=\"?\">Đảng viên" in totals and "<b>1</b><span><a href=\"?thieu=task\">" in totals
    assert "<b>2</b><span><a href=\"?thieu=commitment\">" in totals
    assert "Nơi cư trú" not in page.split('id="work"')[1]  # a village cell: members live there
    no_commitment = body(client.get(url("work", pk=tree.cell1.pk, year=YEAR), {"thieu": "commitment"}))
    table = no_commitment.split('id="work"')[1]
    assert binh.full_name in table and cuong.full_name in table and an.full_name not in table
    no_task = body(client.get(url("work", pk=tree.cell1.pk, year=YEAR), {"thieu": "task"})).split('id="work"')[1]
    assert cuong.full_name in no_task and binh.full_name not in no_task
    assert url("member_work", pk=an.pk, year=YEAR) in page


def test_working_members_need_the_residence_cells_comment(client, tree, admin, secretary):
    teacher = tree.member("Phạm Thị Giáo", org=tree.agency, gender="F")
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.agency))
    work_url = url("work", pk=tree.agency.pk, year=YEAR)
    assert "Chưa có nhận xét nơi cư trú" in body(client.get(work_url))
    services.liaison_record(actor=admin, member=teacher, year=YEAR, residence_cell_name="Chi bộ tổ dân phố 3",
                            introduced_on=D(2024, 2, 1))
    assert "Đã giới thiệu, chưa nhận xét" in body(client.get(work_url))
    assert teacher.full_name in body(client.get(work_url, {"thieu": "liaison"})).split('id="work"')[1]
    services.liaison_record(actor=admin, member=teacher, year=YEAR, residence_cell_name="Chi bộ tổ dân phố 3",
                            introduced_on=D(2024, 2, 1), confirmed_on=D(2024, 12, 1), comment="Gương mẫu")
    assert teacher.full_name not in body(client.get(work_url, {"thieu": "liaison"})).split('id="work"')[1]


def test_secretary_assigns_a_task_records_its_result_and_the_papers(client, tree, secretary, people):
    an, binh, cuong = people
    client.force_login(secretary)
    response = client.post(url("task_assign", pk=cuong.pk, year=YEAR),
                           {"title": "Theo dõi đoàn viên thanh niên", "assigned_on": "05/04/2024",
                            "due_on": "30/06/2024"})
    assert response.status_code == 302 and response["Location"].endswith("#nhiem-vu")
    task = MemberTask.objects.get(member=cuong)
    assert (task.org, task.due_on) == (tree.cell1, D(2024, 6, 30))
    client.post(url("task_result", pk=task.pk), {f"task{task.pk}-result": "Đã hoàn thành tốt",
                                                  f"task{task.pk}-done_on": "20/06/2024"})
    task.refresh_from_db()
    assert (task.result, task.done_on) == ("Đã hoàn thành tốt", D(2024, 6, 20))
    client.post(url("paper_record", pk=cuong.pk, year=YEAR), {"kind": "commitment", "signed_on": "15/01/2024",
                                                               "content": "Giữ gìn phẩm chất"})
    assert YearlyPaper.objects.filter(member=cuong, year=YEAR, kind="commitment").exists()
    page = body(client.get(url("member_work", pk=cuong.pk, year=YEAR)))
    assert "Hoàn thành 20/06/2024: Đã hoàn thành tốt" in page and "ký ngày 15/01/2024" in page
    assert 'id="task-form"' in page and 'id="paper-form"' in page


def test_bad_work_input_is_refused_in_vietnamese_and_nothing_changes(client, tree, secretary, people):
    an, _, cuong = people
    client.force_login(secretary)
    audit = AuditEntry.objects.count()
    response = client.post(url("task_assign", pk=cuong.pk, year=YEAR),
                           {"title": "X", "assigned_on": "05/04/2024", "due_on": "01/04/2024"})
    assert response.status_code == 200 and "Thời hạn phải sau ngày phân công." in body(response)
    response = client.post(url("task_assign", pk=cuong.pk, year=YEAR), {"title": "", "assigned_on": "05/04/2024"})
    assert "Trường này là bắt buộc." in body(response)
    response = client.post(url("paper_record", pk=cuong.pk, year=YEAR), {"kind": "plan", "signed_on": "15/01/2022"})
    assert "ký trong năm 2024" in body(response)
    task = MemberTask.objects.get(member=an)
    response = client.post(url("task_result", pk=task.pk), {f"task{task.pk}-result": "x",
                                                             f"task{task.pk}-done_on": "01/01/2024"})
    assert "Ngày hoàn thành phải sau ngày phân công." in body(response)
    response = client.post(url("liaison_record", pk=an.pk, year=YEAR), {"introduced_on": "01/02/2024"})
    assert "Chưa chọn hoặc ghi chi bộ nơi cư trú." in body(response)
    task.refresh_from_db()
    assert task.result == "" and MemberTask.objects.count() == 2 and not ResidenceLiaison.objects.exists()
    assert not YearlyPaper.objects.filter(member=cuong).exists() and AuditEntry.objects.count() == audit


def test_liaison_with_the_residence_cell_picked_in_the_system(client, tree, admin):
    teacher = tree.member("Phạm Thị Giáo", org=tree.agency, gender="F")
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    picker = body(client.get(url("cell_picker"), {"q": "pang tieng"}))
    assert tree.cell2.name in picker and f'value="{tree.cell2.pk}"' in picker and tree.commune.name not in picker
    client.post(url("liaison_record", pk=teacher.pk, year=YEAR), {
        "residence_cell": tree.cell2.pk, "introduced_on": "01/02/2024", "confirmed_on": "01/12/2024",
        "comment": "Tham gia sinh hoạt tổ dân cư đều"})
    row = ResidenceLiaison.objects.get()
    assert (row.residence_cell, row.confirmed_on) == (tree.cell2, D(2024, 12, 1))
    assert "Tham gia sinh hoạt tổ dân cư đều" in body(client.get(url("member_work", pk=teacher.pk, year=YEAR)))
    # a cell outside the user's scope cannot be picked (its id sent by hand)
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.agency))
    response = client.post(url("liaison_record", pk=teacher.pk, year=YEAR), {
        "residence_cell": tree.other_cell.pk, "introduced_on": "01/02/2024"})
    assert "không có trong phạm vi của bạn" in body(response)
    assert ResidenceLiaison.objects.get().residence_cell == tree.cell2


def test_inspection_reads_without_forms_and_is_refused_on_post(client, tree, inspection, people):
    an = people[0]
    client.force_login(inspection)
    assert "<form method=\"post\"" not in main(body(client.get(url("member_work", pk=an.pk, year=YEAR))))
    assert client.get(url("work", pk=tree.cell1.pk, year=YEAR)).status_code == 200
    for name, data in (("task_assign", {"title": "X", "assigned_on": "05/04/2024"}),
                       ("paper_record", {"kind": "plan", "signed_on": "15/01/2024"}),
                       ("liaison_record", {"residence_cell_name": "X", "introduced_on": "01/02/2024"})):
        assert client.post(url(name, pk=an.pk, year=YEAR), data).status_code == 404
    task = MemberTask.objects.get(member=an)
    assert client.post(url("task_result", pk=task.pk), {f"task{task.pk}-result": "x"}).status_code == 404
    assert MemberTask.objects.count() == 2 and YearlyPaper.objects.count() == 2


def test_member_sees_her_own_tasks_papers_and_liaison_on_her_page(client, tree, admin, people):
    an = people[0]
    this_year = today().year
    services.task_assign(actor=admin, member=an, title="Nhiệm vụ năm nay", assigned_on=today())
    client.force_login(user_with(Role.MEMBER, member=an))
    page = body(client.get(reverse("members:detail", kwargs={"pk": an.pk})))
    section = page.split('id="member-work"')[1]
    assert "Nhiệm vụ năm nay" in section
    if this_year - YEAR < 3:
        assert "Phụ trách tuyên truyền" in section and "Bản cam kết tu dưỡng, rèn luyện" in section
    assert "Xem chi tiết năm" in section
    own = client.get(url("member_work", pk=an.pk, year=this_year))
    assert own.status_code == 200 and "<form method=\"post\"" not in main(body(own))
    assert url("work", pk=tree.cell1.pk, year=this_year) not in body(own)
    assert client.get(url("member_work", pk=people[1].pk, year=YEAR)).status_code == 404
    assert client.post(url("task_assign", pk=an.pk, year=YEAR), {"title": "X", "assigned_on": "05/04/2024"}
                       ).status_code == 404


def test_secretary_sees_the_section_with_a_link_to_record(client, tree, secretary, people):
    client.force_login(secretary)
    page = body(client.get(reverse("members:detail", kwargs={"pk": people[0].pk})))
    assert "Phân công nhiệm vụ, ghi cam kết, nơi cư trú năm" in page


def test_missing_list_as_xlsx_for_a_cell_and_for_a_subtree(client, tree, admin, people):
    tree.member("Phạm Thị Giáo", org=tree.agency, gender="F")
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    response = client.get(url("work_export", pk=tree.cell1.pk, year=YEAR), {"thieu": "commitment"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "Công tác với đảng viên năm 2024 — Chi bộ thôn Đạ Nghịt" in ws["A1"].value
    assert [c.value for c in ws[3]][:4] == ["STT", "Họ và tên", "Chi bộ", "Miễn công tác, sinh hoạt"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    by_name = {r[1]: r for r in rows}
    assert set(by_name) == {"Trần Thị Bình", "Lê Văn Cường"}
    assert by_name["Lê Văn Cường"][3] == "Có" and by_name["Lê Văn Cường"][4] == 0
    assert by_name["Trần Thị Bình"][4:8] == [1, 1, "Chưa", "Chưa"]
    assert by_name["Trần Thị Bình"][8] == "Không áp dụng (chi bộ nơi cư trú)"
    assert by_name["Trần Thị Bình"][9] == "bản cam kết, kế hoạch cá nhân"

    subtree = client.get(url("work_export", pk=tree.district.pk, year=YEAR))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(subtree.content)).active.iter_rows(min_row=4)]
    names = [r[1] for r in rows]
    assert "Nguyễn Văn An" not in names  # nothing missing
    assert "Phạm Thị Giáo" in names and names.index("Phạm Thị Giáo") > names.index("Lê Văn Cường")  # by cell in tree order
    teacher = next(r for r in rows if r[1] == "Phạm Thị Giáo")
    assert teacher[2] == "Chi bộ Phòng Giáo dục" and "nhận xét nơi cư trú" in teacher[9]


def _cell_with(tree, admin, n):
    members = [tree.member(f"Đảng Viên Số {i:02d}") for i in range(n)]
    for m in members[::2]:
        services.task_assign(actor=admin, member=m, title="Nhiệm vụ", assigned_on=D(2024, 2, 1))
        services.paper_record(actor=admin, member=m, year=YEAR, kind="commitment", signed_on=D(2024, 1, 10))
    return members


@pytest.mark.parametrize("n", [3, 30])
def test_cell_page_queries_do_not_grow_with_the_members(client, tree, admin, secretary, n,
                                                        django_assert_num_queries):
    _cell_with(tree, admin, n)
    client.force_login(secretary)
    work_url = url("work", pk=tree.cell1.pk, year=YEAR)
    client.get(work_url)
    with django_assert_num_queries(7):
        response = client.get(work_url)
    assert body(response).count("Đảng Viên Số") == n
