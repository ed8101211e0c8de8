"""Screening (rà soát, sàng lọc — M11): the members the data says to consider, with the reasons, and the
decision recorded as a lifecycle event or a kept note."""

import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.admissions import selectors, services
from dangbo.admissions.models import ScreeningDecision
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import user_with
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import MemberStatus
from dangbo.reviews.models import Assessment

pytestmark = pytest.mark.django_db
D = dt.date


def rated(member, year, level, org):
    # a decided review of past years, as an import would leave it (the reviews app's own flow is tested there)
    Assessment.objects.create(year=year, subject="member", member=member, org=org, approver=org.get_parent(),
                              regulation="366-QĐ/TW",
                              status="approved", final_level=level)


def absent(member, org, days):
    for day in days:
        meeting = Meeting.objects.create(org=org, kind="regular", month=day.replace(day=1), date=day)
        Attendance.objects.create(meeting=meeting, member=member, status="U", org=org, date=day)


def test_the_list_and_its_reasons(tree, admin):
    two_years = tree.member("Đỗ Văn Kém", org=tree.cell1)
    one_year = tree.member("Lý Văn Vừa", org=tree.cell1)
    away = tree.member("Vi Văn Vắng", org=tree.cell2)
    late = tree.member("Ka Văn Dự", org=tree.cell2, admitted=D(2024, 1, 10), official=None)
    tree.member("Hồ Văn Tốt", org=tree.cell1)
    for y in (2023, 2024):
        rated(two_years, y, "not_completed", tree.cell1)
    rated(one_year, 2024, "not_completed", tree.cell1)
    absent(away, tree.cell2, [D(2024, 9, 3), D(2024, 12, 3), D(2025, 2, 3)])
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    found = {c.member.pk: c.reasons for c in selectors.screening(user=commune, org=tree.commune, on=D(2025, 5, 1))}
    assert set(found) == {two_years.pk, away.pk, late.pk}
    assert found[two_years.pk] == ("Xếp loại không hoàn thành nhiệm vụ hai năm liền (2023, 2024).",)
    assert found[away.pk] == ("Vắng sinh hoạt không lý do 3 lần trong 12 tháng.",)
    assert "quá hạn xét công nhận" in found[late.pk][0]
    with pytest.raises(OutOfScope):
        selectors.screening(user=user_with(Role.CELL_SECRETARY, org=tree.cell1), org=tree.commune,
                            on=D(2025, 5, 1))

    services.screening_decide(actor=commune, member=away, outcome="strike_off", decided_on=D(2025, 5, 10),
                              reasons=found[away.pk][0], decision_ref="QĐ 5-QĐ/ĐU")
    away.refresh_from_db()
    assert away.status == MemberStatus.STRUCK_OFF
    with pytest.raises(DomainError) as refused:
        services.screening_decide(actor=commune, member=two_years, outcome="keep", decided_on=D(2025, 5, 10),
                                  reasons="x")
    assert refused.value.field == "note"
    services.screening_decide(actor=commune, member=two_years, outcome="keep", decided_on=D(2025, 5, 10),
                              reasons=found[two_years.pk][0], note="Chi bộ phân công đảng viên giúp đỡ 6 tháng.")
    assert ScreeningDecision.objects.count() == 2
    left = {c.member.pk for c in selectors.screening(user=commune, org=tree.commune, on=D(2025, 6, 1))}
    assert left == {late.pk}  # decided ones leave the list for a year
