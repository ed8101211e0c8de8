"""Members due for the Huy hiệu on an award day, scoped, and the XLSX the commission sends up (M10, M16)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.admissions import selectors
from dangbo.admissions.exports import badges_xlsx
from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import Tree, user_with
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db
D = dt.date


def test_badges_due_for_the_3_2_ceremony(admin):
    tree = Tree(admin, founded=D(1970, 1, 1))
    old = tree.member("Trần Văn Lão", org=tree.cell1, admitted=D(1976, 2, 3), official=D(1977, 2, 3),
                      born=D(1950, 5, 1))
    gap = tree.member("Lê Văn Khuyết", org=tree.cell2, admitted=D(1981, 1, 10), official=D(1982, 1, 10),
                      born=D(1958, 5, 1))
    event_record(actor=admin, member=gap, kind="strike_off", date=D(1990, 1, 1), leave_reason="resigned_family")
    event_record(actor=admin, member=gap, kind="admit", date=D(1993, 2, 1), org=tree.cell2,
                 considered_on=D(1993, 1, 20), approvals=[{
                     "rule": "M12", "decision_ref": "12-CV/TU", "decided_on": D(1993, 1, 10),
                     "decided_by": "Ban Thường vụ Tỉnh ủy", "reason": "Kết nạp lại"}])
    event_record(actor=admin, member=gap, kind="recognize", date=D(1994, 2, 1))
    young = tree.member("Phạm Văn Trẻ", org=tree.cell1, admitted=D(1996, 1, 5), official=D(1997, 1, 5),
                        born=D(1975, 5, 1))
    tree.member("Ngô Văn Xa", org=tree.other_cell, admitted=D(1975, 1, 1), official=D(1976, 1, 1),
                born=D(1950, 5, 1))
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    due = selectors.badges_due(user=commune, org=tree.commune, on=D(2026, 2, 3))
    assert [(b.member.pk, b.years, b.reached_on) for b in due] == [
        (old.pk, 50, D(2026, 2, 3)), (young.pk, 30, D(2026, 1, 5))]
    # reached on last year's ceremony day: that list's, not this one's
    assert old.pk not in [b.member.pk for b in selectors.badges_due(user=commune, org=tree.commune, on=D(2027, 2, 3))]
    # away from 01/01/1990 to 01/02/1993: 40 years are reached that much later than 10/01/2021
    start = D(1981, 1, 10) + (D(1993, 2, 1) - D(1990, 1, 1))
    later = selectors.badges_due(user=commune, org=tree.commune, on=D(2025, 2, 3))
    assert (gap.pk, 40, start.replace(year=2024)) in [(b.member.pk, b.years, b.reached_on) for b in later]
    with pytest.raises(OutOfScope):
        selectors.badges_due(user=commune, org=tree.district, on=D(2026, 2, 3))
    sheet = load_workbook(io.BytesIO(badges_xlsx(due, D(2026, 2, 3)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and rows[1][1] == "Trần Văn Lão" and rows[1][6] == "50 năm"
    assert rows[1][4] == "03/02/1976" and rows[2][5] == "30 năm" and rows[2][6] == "30 năm"  # 30 years and 29 days
