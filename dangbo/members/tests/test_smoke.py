import datetime as dt

from dangbo.members.choices import EventKind, MemberStatus
from dangbo.members.selectors import members_on
from dangbo.members.services import event_record


def test_member_lifecycle_and_history(tree, admin):
    m = tree.member()
    assert m.status == MemberStatus.OFFICIAL
    assert m.org == tree.cell1
    event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=dt.date(2022, 1, 1), org=tree.cell2)
    m.refresh_from_db()
    assert m.org == tree.cell2
    assert list(members_on(user=admin, org=tree.cell1, on=dt.date(2021, 6, 1))) == [m]
    assert list(members_on(user=admin, org=tree.cell1, on=dt.date(2022, 6, 1))) == []
    assert list(members_on(user=admin, org=tree.commune, on=dt.date(2022, 6, 1))) == [m]
