"""The cell's meetings page month by month, the cell finder, the member's own page; what each role is shown, and
the query bound of the cell page."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.tests.test_links_by_role import links_of
from dangbo.core.dates import today
from dangbo.core.testing import Role, user_with
from dangbo.meetings import selectors, services
from dangbo.meetings.selectors.cell import due_windows, windows_for

pytestmark = pytest.mark.django_db
D = dt.date


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def month_row(page: str, month: dt.date) -> str:
    found = re.search(rf'<tr id="thang-{month:%Y-%m}".*?</tr>', page, re.S)
    assert found, f"no row for {month:%m/%Y}"
    return found.group(0)


def held(admin, org, day, kind="regular", answers=None, **data):
    """A meeting through the services, with attendance (everyone present unless ``answers`` says otherwise)."""
    meeting = services.meeting_save(actor=admin, org=org, kind=kind, date=day, **data).meeting
    if day <= today():
        entries = {m.pk: (answers or {}).get(m.pk, ("P", "")) for m, exempt in services.roster(meeting) if not exempt}
        meeting = services.attendance_record(actor=admin, meeting=meeting, entries=entries)
    return meeting


@pytest.fixture
def schedule(tree, admin):
    return services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3,
                                 valid_from=D(2020, 1, 1))


def test_months_show_the_regular_meeting_or_the_missing_one_with_its_window(client, tree, admin, people,
                                                                           schedule, secretary):
    a, b, c, d = people
    current = today().replace(day=1)
    m2, m3 = current - relativedelta(months=2), current - relativedelta(months=3)
    meeting = held(admin, tree.cell1, m2.replace(day=3), starts_at=dt.time(8), ends_at=dt.time(10),
                   conclusion="Tập trung thu hoạch cà phê", answers={b.pk: ("E", "ốm"), c.pk: ("U", "")})
    services.level_record(actor=admin, meeting=meeting, level="good")
    held(admin, tree.cell1, m2.replace(day=15), kind="thematic", agenda="Học tập Nghị quyết")
    client.force_login(secretary)
    page = body(client.get(reverse("meetings:cell", kwargs={"pk": tree.cell1.pk})))
    row = month_row(page, m2)
    assert "có mặt 2/4" in row and "vắng có lý do 1" in row and "vắng không lý do 1" in row
    assert "Tốt" in row and "có kết luận" in row and "Sinh hoạt chuyên đề" in row
    assert "chưa có kết luận" in row  # the thematic meeting has none
    missing = month_row(page, m3)
    assert "chưa họp" in missing and f"hạn 03/{m3:%m/%Y}" in missing and "ghi kỳ họp" in missing
    # the next regular meetings due, from the schedule
    due = re.search(r'<div class="due-cards" id="due">.*?</div></div>', page, re.S).group(0)
    assert "Ngày 03/" in due
    assert page.count('<tr id="thang-') == 12


def test_older_months_page_back_and_stop_at_the_founding(client, tree, admin, secretary):
    client.force_login(secretary)
    url = reverse("meetings:cell", kwargs={"pk": tree.cell1.pk})
    page = body(client.get(url, {"truoc": 1}))
    first = today().replace(day=1) + relativedelta(months=1) - relativedelta(months=12)
    assert f'id="thang-{first:%Y-%m}"' in page and "12 tháng sau" in page
    assert 'id="due"' not in page
    far = body(client.get(url, {"truoc": 40}))  # bounded: never months before the cell was founded (2015)
    assert "thang-2014" not in far
    assert body(client.get(url, {"truoc": "x"}))  # a bad page number is the first page


def test_read_only_role_sees_no_write_action(client, tree, admin, people, inspection):
    held(admin, tree.cell1, D(2024, 3, 3))
    client.force_login(inspection)
    page = body(client.get(reverse("meetings:cell", kwargs={"pk": tree.cell1.pk}, ), {"truoc": 0}))
    for action in ("meetings:month", "meetings:create"):
        assert reverse(action, kwargs={"pk": tree.cell1.pk}) not in page
        assert client.get(reverse(action, kwargs={"pk": tree.cell1.pk})).status_code == 404
    org_page = body(client.get(reverse("orgs:detail", kwargs={"pk": tree.cell1.pk})))
    assert reverse("meetings:cell", kwargs={"pk": tree.cell1.pk}) in org_page
    assert reverse("meetings:month", kwargs={"pk": tree.cell1.pk}) not in org_page


def test_not_a_cell_has_no_meetings_page(client, tree, admin):
    client.force_login(admin)
    assert client.get(reverse("meetings:cell", kwargs={"pk": tree.commune.pk})).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


CELL_PAGE_QUERIES = 12


def test_cell_page_queries_do_not_grow_with_members_or_meetings(client, tree, admin, schedule, secretary):
    current = today().replace(day=1)
    for i in range(3):
        tree.member(f"Nguyễn Văn Ba {i}", org=tree.cell1)
    for i in range(3):
        held(admin, tree.cell1, (current - relativedelta(months=i + 1)).replace(day=3))
    client.force_login(secretary)
    url = reverse("meetings:cell", kwargs={"pk": tree.cell1.pk})
    small = _count(client, url)
    for i in range(27):
        tree.member(f"Trần Văn Mười {i}", org=tree.cell1)
    for i in range(27):  # more kinds of meeting in the same months
        held(admin, tree.cell1, (current - relativedelta(months=i % 9 + 1)).replace(day=5 + i // 9),
             kind="thematic" if i % 2 else "preparation", agenda="Chuyên đề")
    large = _count(client, url)
    assert small == large == CELL_PAGE_QUERIES, (small, large)


def test_windows_of_a_span_are_those_of_each_month(tree, admin):
    services.schedule_set(actor=admin, org=tree.district, kind="window", start_day=-7, end_day=10,
                          ends_next_month=True, valid_from=D(2023, 1, 1))
    services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3, valid_from=D(2024, 6, 1))
    months = [D(2024, m, 1) for m in range(1, 13)] + [D(2022, 12, 1)]
    many = windows_for(org=tree.cell1, months=months)
    for m in months:
        assert many[m] == selectors.window_of(org=tree.cell1, month_first=m), m
    assert many[D(2024, 2, 1)][:2] == (D(2024, 2, 23), D(2024, 3, 10))
    assert many[D(2024, 7, 1)][:2] == (D(2024, 7, 3), D(2024, 7, 3))
    for day in (D(2024, 2, 20), D(2024, 3, 5), D(2024, 3, 12), D(2024, 5, 31), D(2024, 6, 2), D(2024, 6, 4)):
        assert due_windows(org=tree.cell1, on=day) == selectors.next_due(org=tree.cell1, on=day, count=2), day


# --- the cell finder and the navigation ------------------------------------------------------------------------------

def test_finder_sends_a_one_cell_user_straight_to_the_cell(client, tree, secretary):
    client.force_login(secretary)
    response = client.get(reverse("meetings:cells"))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:cell",
                                                                           kwargs={"pk": tree.cell1.pk})


def test_finder_searches_the_cells_of_the_scope_only(client, tree, commission):
    client.force_login(commission)
    page = body(client.get(reverse("meetings:cells"), {"q": "thon"}))
    assert "Chi bộ thôn Đạ Nghịt" in page and "Chi bộ thôn Păng Tiêng" in page
    assert "Liên Hợp" not in page  # a cell of another district
    assert "Sinh hoạt chi bộ" in body(client.get(reverse("orgs:tree"), follow=True))


def test_member_goes_to_their_own_page(client, tree, people):
    client.force_login(user_with(Role.MEMBER, member=people[0]))
    response = client.get(reverse("meetings:cells"))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:mine")
    nav = body(client.get(reverse("orgs:tree"), follow=True))
    assert reverse("meetings:mine") in nav and reverse("meetings:cells") not in nav


# --- the member's own page -----------------------------------------------------------------------------------------

def test_member_sees_next_meetings_and_own_attendance_only(client, tree, admin, people, schedule):
    a, b, c, d = people
    held(admin, tree.cell1, D(2024, 3, 3), answers={a.pk: ("E", "đi công tác"), b.pk: ("E", "ốm nặng")})
    held(admin, tree.cell1, D(2024, 4, 3), answers={a.pk: ("U", "")})
    ahead = today() + dt.timedelta(days=3)
    services.meeting_save(actor=admin, org=tree.cell1, kind="thematic", date=ahead, agenda="Học tập chuyên đề",
                          place="Hội trường thôn")
    services.task_assign(actor=admin, member=a, title="Vận động hội viên nông dân", assigned_on=D(2024, 5, 1))
    client.force_login(user_with(Role.MEMBER, member=a))
    page = body(client.get(reverse("meetings:mine")))
    assert "Chi bộ thôn Đạ Nghịt" in page and "Hội trường thôn" in page and ahead.strftime("%d/%m/%Y") in page
    assert "Sinh hoạt định kỳ tháng" in page  # the due windows
    history = re.search(r'<table class="responsive" id="history">.*?</table>', page, re.S).group(0)
    assert "đi công tác" in history and "Vắng không lý do" in history and "ốm nặng" not in history
    assert "Vận động hội viên nông dân" in page
    # every link it shows opens for the member (the meeting pages of their cell, not the cell's org pages)
    for url in links_of(page):
        assert client.get(url).status_code in (200, 302), url


def test_account_without_member_record_gets_an_explanation(client, tree, secretary):
    client.force_login(secretary)
    assert "chưa gắn với hồ sơ đảng viên" in body(client.get(reverse("meetings:mine")))


# --- every link of these pages opens for the role that is shown it --------------------------------------------------

ROLES = {
    "secretary": lambda t, p: user_with(Role.CELL_SECRETARY, org=t.cell1),
    "commission": lambda t, p: user_with(Role.ORG_COMMISSION, org=t.commune),
    "inspection": lambda t, p: user_with(Role.INSPECTION, org=t.district),
    "member": lambda t, p: user_with(Role.MEMBER, member=p[0]),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_link_of_the_meeting_pages_opens_for_the_role(client, tree, admin, people, schedule, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = held(admin, tree.cell1, today().replace(day=3) - relativedelta(months=1), conclusion="Kết luận")
    services.file_attach(actor=admin, meeting=meeting,
                         upload=SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    client.force_login(ROLES[role](tree, people))
    start = reverse("meetings:mine") if role == "member" else reverse("meetings:cell", kwargs={"pk": tree.cell1.pk})
    seen, queue = set(), [start, reverse("meetings:detail", kwargs={"pk": meeting.pk})]
    while queue and len(seen) < 80:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302), (role, url, response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue += [u for u in links_of(response.content.decode()) if u.startswith("/sinh-hoat/")]
    assert len(seen) > 2
