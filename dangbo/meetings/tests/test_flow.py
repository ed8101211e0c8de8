"""The secretary's month through the services: schedule, meeting, attendance, score, and what is refused."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import PowerViolation
from dangbo.core.testing import Role, user_with
from dangbo.meetings import selectors, services
from dangbo.meetings.models import Attendance
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(tree):
    a = tree.member("Nguyễn Văn An")
    b = tree.member("Trần Thị Bình", gender="F")
    c = tree.member("Lê Văn Cường")
    d = tree.member("Phạm Văn Dũng")
    return tree, [a, b, c, d]


def test_schedule_window_of_the_nearest_committee(tree, admin):
    services.schedule_set(actor=admin, org=tree.district, kind="window", start_day=-7, end_day=10,
                          ends_next_month=True, valid_from=dt.date(2024, 1, 1))
    services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3, valid_from=dt.date(2024, 6, 1))
    start, end, rule = selectors.window_of(org=tree.cell1, month_first=dt.date(2024, 7, 1))
    assert (start, end) == (dt.date(2024, 7, 3), dt.date(2024, 7, 3)) and rule.org == tree.commune
    start, end, _ = selectors.window_of(org=tree.agency, month_first=dt.date(2024, 2, 1))
    assert (start, end) == (dt.date(2024, 2, 23), dt.date(2024, 3, 10))


def test_cell_secretary_may_not_set_the_schedule(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    with pytest.raises(PowerViolation):
        services.schedule_set(actor=secretary, org=tree.commune, kind="fixed", start_day=3,
                              valid_from=dt.date(2024, 1, 1))


def test_attendance_counts_everyone_but_the_exempt(cell, admin):
    tree, (a, b, c, d) = cell
    event_record(actor=admin, member=d, kind="exempt", date=dt.date(2023, 1, 10))
    saved = services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=dt.date(2024, 3, 3),
                                  starts_at=dt.time(8), ends_at=dt.time(9, 45), conclusion="")
    assert saved.warnings and "nghị quyết" in saved.warnings[0]
    m = saved.meeting
    with pytest.raises(DomainError, match="cần ghi lý do"):
        services.attendance_record(actor=admin, meeting=m, entries={a.pk: ("P", ""), b.pk: ("E", ""),
                                                                     c.pk: ("U", "")})
    services.attendance_record(actor=admin, meeting=m, entries={a.pk: ("P", ""), b.pk: ("E", "ốm"),
                                                                 c.pk: ("U", ""), d.pk: ("P", "")})
    m.refresh_from_db()
    assert (m.present, m.excused, m.unexcused, m.exempt) == (1, 1, 1, 1)
    assert Attendance.objects.get(meeting=m, member=d).status == "X"
    assert AuditEntry.objects.filter(action="meeting_attendance").count() == 1


def test_meeting_outside_the_cells_life_or_scope_is_refused(tree, admin):
    with pytest.raises(DomainError, match="không hoạt động"):
        services.meeting_save(actor=admin, org=tree.cell1, kind="regular", date=dt.date(2014, 3, 3))
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_commune)
    with pytest.raises(OutOfScope):
        services.meeting_save(actor=outsider, org=tree.cell1, kind="regular", date=dt.date(2024, 3, 3))
    with pytest.raises(DomainError, match="không phải chi bộ"):
        services.meeting_save(actor=admin, org=tree.commune, kind="regular", date=dt.date(2024, 3, 3))
