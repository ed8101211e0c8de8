import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import PowerViolation
from dangbo.core.testing import admin_user, user_with
from dangbo.workdays import selectors, services
from dangbo.workdays.models import DayOverride

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_recorded_day_off_moves_the_deadline(tree):
    admin = admin_user("lich")
    assert selectors.deadline(D(2027, 1, 1), 2) == D(2027, 1, 5)
    services.override_save(actor=admin, day=D(2027, 1, 4), kind="off", name="Nghỉ bù Tết Dương lịch",
                           document="Thông báo 1/TB-BLĐTBXH ngày 01/12/2026")
    assert selectors.deadline(D(2027, 1, 1), 2) == D(2027, 1, 6)
    assert (D(2027, 1, 4), "Nghỉ bù Tết Dương lịch", "nghỉ") in selectors.days_off(2027)
    entry = AuditEntry.objects.get(action="workday_override_save")
    assert entry.after["name"] == "Nghỉ bù Tết Dương lịch"
    # the same day again replaces it
    services.override_save(actor=admin, day=D(2027, 1, 4), kind="work", name="Làm việc bình thường", document="x")
    assert DayOverride.objects.count() == 1 and selectors.deadline(D(2027, 1, 1), 2) == D(2027, 1, 5)
    services.override_delete(actor=admin, override=DayOverride.objects.get())
    assert not DayOverride.objects.exists()


def test_only_the_system_administrator_records_the_calendar(tree):
    commission = user_with(Role.ORG_COMMISSION, org=tree.district)
    with pytest.raises(PowerViolation):
        services.override_save(actor=commission, day=D(2027, 1, 4), kind="off", name="x", document="y")
    assert not DayOverride.objects.exists()


@pytest.mark.parametrize("field,values", [("kind", {"kind": "holiday"}), ("name", {"name": " "}),
                                          ("document", {"document": ""})])
def test_bad_input_names_the_field_and_changes_nothing(tree, field, values):
    data = {"day": D(2027, 1, 4), "kind": "off", "name": "Nghỉ", "document": "Văn bản", **values}
    with pytest.raises(DomainError) as refused:
        services.override_save(actor=admin_user("lich"), **data)
    assert refused.value.field == field
    assert not DayOverride.objects.exists()


def test_the_years_days_off_list_the_weekdays_off_and_the_saturdays_worked():
    days = {d: (name, what) for d, name, what in selectors.days_off(2025)}
    assert days[D(2025, 5, 2)][1] == "nghỉ" and days[D(2025, 4, 26)] == ("Ngày làm bù", "làm bù")
    assert D(2025, 2, 1) not in days  # Mùng bốn Tết fell on a Saturday: no weekday lost
