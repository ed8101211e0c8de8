"""The secretary's one page for this month's meeting: prefilled, the roster with exempt members shown as "Miễn",
meeting and attendance saved together or not at all, and a query count that does not grow with the cell."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.models import AuditEntry
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db
D = dt.date


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def month_url(tree):
    return reverse("meetings:month", kwargs={"pk": tree.cell1.pk})


def post_data(people, day, answers=None, **extra):
    data = {"date": day.strftime("%d/%m/%Y"), "starts_at": "19:30", "ends_at": "21:30", "conclusion_kind": "",
            "conclusion": "Chi bộ thống nhất ra quân làm đường giao thông nông thôn.", **extra}
    for m in people:
        status, reason = (answers or {}).get(m.pk, ("P", ""))
        data[f"attendance-{m.pk}"] = status
        data[f"reason-{m.pk}"] = reason
    return data


def state():
    return (list(Meeting.objects.order_by("id").values_list("date", "starts_at", "conclusion", "present", "excused",
                                                            "unexcused", "exempt")),
            list(Attendance.objects.order_by("id").values_list("member_id", "status", "reason")),
            AuditEntry.objects.count())


def test_page_is_prefilled_and_shows_exempt_members_as_not_selectable(client, tree, admin, people, secretary):
    a, b, c, d = people
    event_record(actor=admin, member=d, kind="exempt", date=D(2023, 1, 10))
    last = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=D(2024, 3, 3),
                                 starts_at=dt.time(19, 30), ends_at=dt.time(21)).meeting
    assert last.pk
    client.force_login(secretary)
    page = body(client.get(month_url(tree)))
    assert f'value="{today():%d/%m/%Y}"' in page and 'value="19:30"' in page and 'value="21:00"' in page
    assert f"Sinh hoạt tháng {today():%m/%Y}" in page or "Sinh hoạt tháng" in page
    for m in (a, b, c):
        assert f'name="attendance-{m.pk}" value="P"' in page and f'name="attendance-{m.pk}" value="E"' in page
    assert f'name="attendance-{d.pk}"' not in page
    exempt = re.search(r'<li class="exempt">.*?</li>', page, re.S).group(0)
    assert "Phạm Văn Dũng" in exempt and "Miễn" in exempt


def test_one_save_records_the_meeting_and_its_attendance(client, tree, admin, people, secretary):
    a, b, c, d = people
    event_record(actor=admin, member=d, kind="exempt", date=D(2023, 1, 10))
    client.force_login(secretary)
    day = today()
    response = client.post(month_url(tree), post_data([a, b, c], day, {b.pk: ("E", "Đi viện"), c.pk: ("U", "")}))
    m = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:attendance",
                                                                           kwargs={"pk": m.pk})
    assert (m.kind, m.date, m.starts_at, m.ends_at) == ("regular", day, dt.time(19, 30), dt.time(21, 30))
    assert m.conclusion.startswith("Chi bộ thống nhất") and m.conclusion_kind == "conclusion"
    assert (m.present, m.excused, m.unexcused, m.exempt) == (1, 1, 1, 1)
    assert Attendance.objects.get(meeting=m, member=b).reason == "Đi viện"
    page = body(client.get(response["Location"]))
    assert "Đã lưu kỳ sinh hoạt ngày" in page and "có mặt 1, vắng có lý do 1, vắng không lý do 1, miễn 1" in page
    saved = re.search(r'id="saved">.*?</p>', page, re.S).group(0)
    assert "có mặt 1/3" in saved and "có kết luận" in saved
    assert re.search(rf'name="attendance-{b.pk}" value="E" [^>]*checked', page)
    # opening "this month's meeting" again finds the same record
    assert f'value="{day:%d/%m/%Y}"' in body(client.get(month_url(tree)))
    client.post(month_url(tree), post_data([a, b, c], day, conclusion="Sửa kết luận"))
    assert Meeting.objects.count() == 1 and Meeting.objects.get().present == 3


def test_missing_reason_or_answer_changes_nothing(client, tree, admin, people, secretary):
    a, b, c, d = people
    client.force_login(secretary)
    before = state()
    page = body(client.post(month_url(tree), post_data(people, today(), {b.pk: ("E", "")})))
    assert "Trần Thị Bình vắng có lý do: cần ghi lý do." in page
    data = post_data(people, today())
    del data[f"attendance-{c.pk}"]
    page = body(client.post(month_url(tree), data))
    assert "Chưa điểm danh Lê Văn Cường." in page
    page = body(client.post(month_url(tree), post_data(people, today(), starts_at="21:00", ends_at="20:00")))
    assert "Giờ kết thúc phải sau giờ bắt đầu." in page
    assert state() == before


def test_a_refused_attendance_leaves_the_meeting_unchanged(client, tree, admin, people, secretary, monkeypatch):
    m = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=D(2024, 3, 3),
                              conclusion="Kết luận cũ").meeting
    client.force_login(secretary)
    before = state()

    def refuse(**kwargs):
        raise DomainError("Điểm danh bị từ chối.", field="attendance")
    monkeypatch.setattr(services, "attendance_record", refuse)
    page = body(client.post(reverse("meetings:attendance", kwargs={"pk": m.pk}),
                            post_data(people, D(2024, 3, 4), conclusion="Kết luận mới")))
    assert "Điểm danh bị từ chối." in page
    assert state() == before  # the meeting's new date and conclusion were rolled back with it
    m.refresh_from_db()
    assert (m.date, m.conclusion) == (D(2024, 3, 3), "Kết luận cũ")


def test_future_meeting_is_saved_without_attendance(client, tree, admin, people, secretary):
    client.force_login(secretary)
    ahead = today() + dt.timedelta(days=2)
    response = client.post(month_url(tree), post_data(people, ahead, conclusion="",
                                                      month=f"{today():%m/%Y}"), follow=True)
    m = Meeting.objects.get()
    assert m.date == ahead and not m.attendance.exists()
    assert "điểm danh sau khi họp" in body(response)


def test_last_months_meeting_while_its_window_is_open(client, tree, admin, people, secretary):
    """A window ending in the next month: until the 10th, "this month's meeting" is last month's if not held."""
    services.schedule_set(actor=admin, org=tree.commune, kind="window", start_day=-7, end_day=10,
                          ends_next_month=True, valid_from=D(2020, 1, 1))
    client.force_login(secretary)
    current = today().replace(day=1)
    previous = current - relativedelta(months=1)
    page = body(client.get(month_url(tree)))
    expected = previous if today().day <= 10 else current
    assert f'name="month" value="{expected:%m/%Y}"' in page
    other = current if expected == previous else previous
    page = body(client.get(month_url(tree), {"thang": f"{other:%m/%Y}"}))
    assert f'name="month" value="{other:%m/%Y}"' in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


PHONE_PAGE_QUERIES = (11, 7)  # this month's page, the same page of a given meeting


def test_phone_page_queries_do_not_grow_with_the_cell(client, tree, admin, secretary):
    for i in range(3):
        tree.member(f"Nguyễn Văn Ba {i}", org=tree.cell1)
    client.force_login(secretary)
    day = today()
    first = client.post(month_url(tree), post_data(list(tree.cell1.members.all()), day))
    url = first["Location"]
    small = (_count(client, month_url(tree)), _count(client, url))
    for i in range(27):
        tree.member(f"Trần Văn Mười {i}", org=tree.cell1)
    for i in range(27):
        services.meeting_save(actor=admin, org=tree.cell1, kind="thematic", date=D(2024, 1 + i % 12, 1 + i // 12),
                              agenda="Chuyên đề")
    client.post(url, post_data(list(tree.cell1.members.all()), day))
    large = (_count(client, month_url(tree)), _count(client, url))
    assert small == large, (small, large)
    assert small == PHONE_PAGE_QUERIES, small
