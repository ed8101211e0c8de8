"""No event into an org that did not exist on its date, nor one that leaves a member in an org after it ended
(issue 7, point 4)."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import otype
from dangbo.members.choices import EventKind, MemberStatus
from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.members.selectors import members_on
from dangbo.members.services import event_correct, event_record
from dangbo.orgs.services import org_create
from dangbo.structure.services import org_dissolve, org_merge

D = dt.date
MERGED = D(2024, 7, 1)


@pytest.fixture
def merged(tree, admin):
    """Chi bộ thôn Păng Tiêng (cell2) merged into Chi bộ thôn Đạ Nghịt (cell1) on 01/07/2024."""
    for i in range(3):
        tree.member(f"Trần Văn Nhận{i}", org=tree.cell2)
    org_merge(actor=admin, sources=[tree.cell2], into=tree.cell1, on=MERGED)
    tree.cell2.refresh_from_db()
    return tree


def _snapshot(member):
    return (LifecycleEvent.objects.filter(member=member).count(), Registration.objects.filter(member=member).count(),
            AuditEntry.objects.count())


def test_transfer_dated_before_a_merge_recorded_after_it_is_refused(merged, admin):
    m = merged.member("Lê Văn Chuyển", org=merged.agency)
    before = _snapshot(m)
    with pytest.raises(DomainError) as err:
        event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2024, 6, 15), org=merged.cell2)
    message = err.value.message
    assert "Chi bộ thôn Păng Tiêng đã kết thúc hoạt động từ ngày 01/07/2024" in message
    assert "sáp nhập vào Chi bộ thôn Đạ Nghịt" in message and "15/06/2024" in message
    assert err.value.code == "M-SEQ" and err.value.citation
    assert _snapshot(m) == before
    m.refresh_from_db()
    assert m.org_id == merged.agency.pk


def test_transfer_into_an_org_after_it_was_merged_away_or_before_it_was_founded(merged, admin):
    m = merged.member("Lê Văn Chuyển", org=merged.agency)
    with pytest.raises(DomainError, match="đã giải thể hoặc kết thúc hoạt động"):
        event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2024, 8, 1), org=merged.cell2)
    young = org_create(actor=admin, parent=merged.commune, name="Chi bộ thôn Mới", type=otype("chi_bo_truc_thuoc"),
                       founded_on=D(2023, 1, 1))
    with pytest.raises(DomainError, match="chưa được thành lập"):
        event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2022, 6, 1), org=young)


def test_admission_into_a_cell_dissolved_since_is_refused(tree, admin):
    gone = org_create(actor=admin, parent=tree.commune, name="Chi bộ thôn Cũ", type=otype("chi_bo_truc_thuoc"),
                      founded_on=D(2016, 1, 1))
    org_dissolve(actor=admin, org=gone, on=D(2022, 1, 1))
    gone.refresh_from_db()
    with pytest.raises(DomainError, match="Chi bộ thôn Cũ đã kết thúc hoạt động từ ngày 01/01/2022 \\(giải thể\\)"):
        tree.member("Phạm Văn Mới", org=gone, admitted=D(2021, 3, 1), official=None)
    with pytest.raises(DomainError, match="đã giải thể hoặc kết thúc hoạt động"):
        tree.member("Phạm Văn Mới", org=gone, admitted=D(2023, 3, 1), official=None)


def test_correction_cannot_move_an_event_into_an_org_that_had_ended(merged, admin):
    m = merged.member("Lê Văn Chuyển", org=merged.agency)
    moved = event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2024, 8, 1), org=merged.cell1)
    with pytest.raises(DomainError, match="đã kết thúc hoạt động từ ngày 01/07/2024"):
        event_correct(actor=admin, event=moved, date=D(2024, 6, 15), org=merged.cell2, note="Sai chi bộ")


def test_back_dated_transfer_can_follow_the_merge_with_its_audit(merged, admin):
    m = merged.member("Lê Văn Chuyển", org=merged.agency)
    event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2024, 6, 15), org=merged.cell2,
                 follow_restructuring=True)
    m.refresh_from_db()
    assert m.status == MemberStatus.OFFICIAL and m.org_id == merged.cell1.pk
    follow = LifecycleEvent.objects.get(member=m, kind=EventKind.TRANSFER, date=MERGED)
    assert follow.org_id == merged.cell1.pk and "sáp nhập vào Chi bộ thôn Đạ Nghịt" in follow.note
    assert AuditEntry.objects.filter(action="event_follow_restructuring", object_id=str(follow.pk)).exists()
    # In the as-of lists on both sides of the merge.
    assert m in members_on(user=admin, org=merged.cell2, on=D(2024, 6, 20))
    assert m in members_on(user=admin, org=merged.cell1, on=D(2024, 7, 2))


def test_back_dated_event_names_the_org_of_its_date(merged, admin):
    m = Member.objects.get(full_name="Trần Văn Nhận0")  # admitted in cell2 in 2018, moved to cell1 by the merge
    exempt = event_record(actor=admin, member=m, kind=EventKind.EXEMPT, date=D(2020, 3, 1))
    assert exempt.org_id == merged.cell2.pk
    late = event_record(actor=admin, member=m, kind=EventKind.EXEMPT_END, date=D(2024, 9, 1))
    assert late.org_id == merged.cell1.pk
