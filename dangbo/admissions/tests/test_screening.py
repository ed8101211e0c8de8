"""Screening (rà soát, sàng lọc — M11): the members the data says to consider, with the reasons, and the
decision recorded as a lifecycle event or a kept note."""

import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.admissions import screening as screening_selectors
from dangbo.admissions import services
from dangbo.admissions.models import ScreeningDecision
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import user_with
from dangbo.dues import services as dues
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import MemberStatus
from dangbo.orgs.models import Org
from dangbo.reviews.models import Assessment

pytestmark = pytest.mark.django_db
D = dt.date


def rated(member, year, level, org):
    # a decided review of past years, as an import would leave it (the reviews app's own flow is tested there)
    Assessment.objects.create(year=year, subject="member", member=member, org=org, approver=Org.objects.get_parent(org),
                              regulation="366-QĐ/TW",
                              status="approved", final_level=level)


def absent(member, org, days):
    for day in days:
        meeting = Meeting.objects.create(org=org, kind="regular", month=day.replace(day=1), date=day)
        Attendance.objects.create(meeting=meeting, member=member, status="U", org=org, date=day)


def owing(member, actor, org, unpaid: set[int]):
    """A pension of 6.000.000 đ (30.000 đ a month under 342) and every month of 05/2024–04/2025 paid but ``unpaid``
    (the months of 2025 given by number)."""
    dues.declare_basis(actor=actor, member=member, category="pension", basis=6_000_000, valid_from=D(2024, 1, 1))
    for n in range(12):
        month = D(2024 + (4 + n) // 12, (4 + n) % 12 + 1, 1)
        if not (month.year == 2025 and month.month in unpaid):
            dues.record_payment(actor=actor, member=member, org=org, month=month, amount=30_000, paid_on=month)


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
    found = {c.member.pk: c.reasons for c in screening_selectors.screening(user=commune, org=tree.commune, on=D(2025, 5, 1))}
    assert set(found) == {two_years.pk, away.pk, late.pk}
    assert found[two_years.pk] == ("Xếp loại không hoàn thành nhiệm vụ hai năm liền (2023, 2024).",)
    assert found[away.pk] == ("Vắng sinh hoạt không lý do 3 lần trong 12 tháng.",)
    assert "quá hạn xét công nhận" in found[late.pk][0]
    with pytest.raises(OutOfScope):
        screening_selectors.screening(user=user_with(Role.CELL_SECRETARY, org=tree.cell1), org=tree.commune,
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
    left = {c.member.pk for c in screening_selectors.screening(user=commune, org=tree.commune, on=D(2025, 6, 1))}
    assert left == {late.pk}  # decided ones leave the list for a year


def test_dues_unpaid_three_months_without_reason(tree, admin):
    """D3 fed into M11: 3 unpaid months with no relief in the 12 months before the month of the screening; a
    deferral in force is a reason, 2 months are under the bar, the month of the screening is still open."""
    debtor = tree.member("Đinh Văn Nợ", org=tree.cell1)
    deferred = tree.member("Mạc Văn Hoãn", org=tree.cell1)
    two = tree.member("Chu Văn Hai", org=tree.cell2)
    owing(debtor, admin, tree.cell1, {1, 3, 4})
    owing(deferred, admin, tree.cell1, {2, 3, 4})
    dues.grant_relief(actor=admin, member=deferred, kind="defer", from_month=D(2025, 2, 1), to_month=D(2025, 4, 1),
                      decision_ref="05-QĐ/ĐU", decided_on=D(2025, 1, 20), reason="Đi làm ăn xa")
    owing(two, admin, tree.cell2, {3, 4})
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    found = {c.member.pk: c.reasons for c in screening_selectors.screening(user=commune, org=tree.commune, on=D(2025, 5, 20))}
    assert found == {debtor.pk: ("Không đóng đảng phí 3 tháng không có lý do (tháng 01/2025, 03/2025, 04/2025).",)}
    # on 20/04/2025 the window is 04/2024–03/2025 (April 2025 still open; 04/2024 was never paid here)
    early = screening_selectors.screening(user=commune, org=tree.commune, on=D(2025, 4, 20))
    assert [(c.member, c.reasons) for c in early] == [
        (debtor, ("Không đóng đảng phí 3 tháng không có lý do (tháng 04/2024, 01/2025, 03/2025).",))]
    # a screening of cell 2 only does not see cell 1's debtor
    assert screening_selectors.screening(user=commune, org=tree.cell2, on=D(2025, 5, 20)) == []
