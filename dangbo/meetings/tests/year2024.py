"""A year (2024) of meetings in the test district, every number of it counted by hand in the tests that use it.

Schedule: the district sets "tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau" (window 25/01–10/02 for
January); from 01/07/2024 the commune sets "ngày mùng 3 hằng tháng" for its two cells (nearest rule wins).

Cells on 31/12/2024 (4): cell1 and cell2 (commune), the agency cell, and "Chi bộ Công ty" founded 15/06/2024.

- cell1: a regular meeting every month in its window — January's held 08/02 (counted for January) —, a thematic
  meeting each quarter; chi ủy from 01/04/2024 with a preparation meeting before every regular meeting from
  April except November's (held the day after); all rated Tốt, all concluded.
- cell2: no March meeting; August's held 15/08 (window: 03/08); thematic in Q1–Q3 only; levels 8 Tốt, 3 Khá;
  its three thematic meetings without conclusion.
- agency: every month on the 28th, December's on 05/01/2025; March, June, September and December are combined
  sessions (thematic and regular in one); levels 10 Tốt, 1 Trung bình, 1 not rated.
- company cell: June to December on the 28th (owes June: founded before the window opened on 24/06; owes
  Q3 and Q4, not Q2); thematic in Q3 only, without conclusion; levels 5 Tốt, 1 Khá, 1 Yếu.
"""

import datetime as dt

import pytest

from dangbo.core.testing import okind, otype
from dangbo.meetings import services
from dangbo.members.services import event_record, member_update
from dangbo.orgs import services as org_services

D = dt.date


class Year:
    def __init__(self, tree, admin):
        self.tree, self.admin = tree, admin
        self.meetings: dict[tuple, object] = {}
        services.schedule_set(actor=admin, org=tree.district, kind="window", start_day=-7, end_day=10,
                              ends_next_month=True, valid_from=D(2020, 1, 1))
        services.schedule_set(actor=admin, org=tree.commune, kind="fixed", start_day=3, valid_from=D(2024, 7, 1))
        self.company = org_services.org_create(
            actor=admin, parent=tree.district, name="Chi bộ Công ty TNHH Đà Lạt Xanh", type=otype("chi_bo_co_so"),
            kind=okind("dn_tu_nhan"), founded_on=D(2024, 6, 15))
        self.cell1_committee = org_services.term_open(actor=admin, org=tree.cell1, name="2024–2027",
                                                      starts_on=D(2024, 4, 1))

    def meet(self, cell, kind, date, *, month=None, level="", conclusion="Chi bộ thống nhất kết luận.",
             combined=False, agenda="Nội dung"):
        saved = services.meeting_save(actor=self.admin, org=cell, kind=kind, date=date,
                                      month=month or date.replace(day=1), conclusion=conclusion,
                                      combined_session=combined, agenda=agenda,
                                      starts_at=dt.time(8), ends_at=dt.time(10))
        if level:
            services.level_record(actor=self.admin, meeting=saved.meeting, level=level)
        self.meetings[(cell.pk, kind, month or date.replace(day=1))] = saved.meeting
        return saved.meeting

    def build(self):
        t = self.tree
        for m in range(1, 13):
            first = D(2024, m, 1)
            # cell1
            date = D(2024, 2, 8) if m == 1 else (D(2024, m, 26) if m < 7 else D(2024, m, 3))
            if m >= 4 or m == 1:
                prep = D(2024, 11, 4) if m == 11 else date - dt.timedelta(days=2)
                self.meet(t.cell1, "preparation", prep, month=first, conclusion="")
            self.meet(t.cell1, "regular", date, month=first, level="good")
            # cell2
            if m != 3:
                date2 = D(2024, 8, 15) if m == 8 else (D(2024, m, 26) if m < 7 else D(2024, m, 3))
                self.meet(t.cell2, "regular", date2, month=first, level="fair" if m in (2, 5, 9) else "good")
            # agency
            date3 = D(2025, 1, 5) if m == 12 else D(2024, m, 28)
            level = {4: "average", 7: ""}.get(m, "good")
            self.meet(t.agency, "regular", date3, month=first, level=level, combined=m in (3, 6, 9, 12))
            # company
            if m >= 6:
                level = {8: "fair", 9: "poor"}.get(m, "good")
                self.meet(self.company, "regular", D(2024, m, 28), month=first, level=level)
        for q, m in enumerate((2, 5, 8, 11), start=1):
            self.meet(t.cell1, "thematic", D(2024, m, 15))
            if q < 4:
                self.meet(t.cell2, "thematic", D(2024, m, 16), conclusion="")
        self.meet(self.company, "thematic", D(2024, 8, 20), conclusion="")
        return self


@pytest.fixture
def year2024(tree, admin):
    return Year(tree, admin).build()


@pytest.fixture
def people2024(year2024, admin):
    """Members of the year's cells and their work, as ``test_indicators`` counts them by hand."""
    t = year2024.tree
    mk = t.member
    a, b = mk("Nguyễn Văn An"), mk("Trần Văn Bình")
    c, d = mk("Lê Văn Cường"), mk("Phạm Văn Dũng")
    e, f, x = (mk("Hoàng Thị E", gender="F", org=t.cell2), mk("Vũ Văn Phúc", org=t.cell2),
               mk("Đỗ Văn Xuân", org=t.cell2))
    g, h = mk("Ngô Văn Giang", org=t.agency), mk("Bùi Thị Hạnh", gender="F", org=t.agency)
    i = mk("Đinh Văn Ích", org=t.cell2)
    for who in (g, h):
        member_update(actor=admin, member=who, data={"category": "cbccvc"})
    member_update(actor=admin, member=i, data={"category": "cong_nhan"})
    event_record(actor=admin, member=x, kind="exempt", date=D(2023, 2, 1))
    event_record(actor=admin, member=x, kind="exempt_end", date=D(2024, 3, 1))
    for who in (a, b, c, d, x, g):
        services.task_assign(actor=admin, member=who, title="Phụ trách hộ gia đình", assigned_on=D(2024, 2, 20))
    services.task_assign(actor=admin, member=i, title="Tuyên truyền", assigned_on=D(2023, 5, 1))
    event_record(actor=admin, member=c, kind="exempt", date=D(2024, 5, 1))
    event_record(actor=admin, member=d, kind="transfer", date=D(2024, 10, 1), org=t.other_cell)
    event_record(actor=admin, member=i, kind="transfer", date=D(2024, 7, 1), org=year2024.company)
    for who in (a, b, e):
        services.paper_record(actor=admin, member=who, year=2024, kind="commitment", signed_on=D(2024, 1, 15))
    for who in (a, e):
        services.paper_record(actor=admin, member=who, year=2024, kind="plan", signed_on=D(2024, 1, 15))
    services.paper_record(actor=admin, member=f, year=2023, kind="commitment", signed_on=D(2023, 1, 15))
    services.liaison_record(actor=admin, member=g, year=2024, residence_cell=t.other_cell,
                            introduced_on=D(2024, 2, 1), confirmed_on=D(2024, 12, 10), comment="Tốt")
    services.liaison_record(actor=admin, member=h, year=2024, residence_cell_name="Chi bộ tổ dân phố 3",
                            introduced_on=D(2024, 2, 1))
    services.liaison_record(actor=admin, member=i, year=2024, residence_cell=t.cell1,
                            introduced_on=D(2024, 8, 1), confirmed_on=D(2024, 12, 1), comment="Gương mẫu")
    return t
