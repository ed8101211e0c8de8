import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import cccd_for, user_with
from dangbo.members.choices import EventKind, MemberStatus
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member, Registration
from dangbo.members.services import (
    discipline_record,
    event_correct,
    event_record,
    member_create,
    member_rebuild,
    member_update,
)

D = dt.date


def counts():
    return (Member.objects.count(), LifecycleEvent.objects.count(), Registration.objects.count(),
            AuditEntry.objects.count(), DisciplineDecision.objects.count())


def test_create_records_events_projection_and_audit(tree, admin):
    m = tree.member()
    assert [e.kind for e in m.events.all()] == ["admit", "recognize"]
    assert (m.admitted_on, m.official_on) == (D(2018, 5, 19), D(2019, 5, 19))
    entry = AuditEntry.objects.get(action="member_create", object_id=str(m.pk))
    assert entry.actor == admin and entry.org_path == tree.cell1.path


def test_refused_event_changes_nothing(tree, admin):
    m = tree.member()
    before = counts()
    with pytest.raises(DomainError, match="đã là đảng viên chính thức"):
        event_record(actor=admin, member=m, kind=EventKind.RECOGNIZE, date=D(2020, 1, 1))
    assert counts() == before
    m.refresh_from_db()
    assert m.status == MemberStatus.OFFICIAL


def test_duplicate_and_invalid_cccd_refused_with_field(tree, admin):
    m = tree.member()
    with pytest.raises(DomainError) as err:
        member_create(actor=admin, data={"full_name": "Lê Văn Bảo", "date_of_birth": m.date_of_birth,
                                         "gender": "M", "cccd": m.cccd}, org=tree.cell1, admitted_on=D(2020, 1, 1))
    assert err.value.field == "cccd" and "đã có" in err.value.message
    with pytest.raises(DomainError) as err:
        member_create(actor=admin, data={"full_name": "Lê Văn Bảo", "date_of_birth": D(1990, 1, 1),
                                         "gender": "M", "cccd": "12345"}, org=tree.cell1, admitted_on=D(2020, 1, 1))
    assert err.value.field == "cccd"
    assert Member.objects.count() == 1


def test_member_created_in_a_branch_not_a_cell_is_refused_and_rolled_back(tree, admin):
    before = counts()
    with pytest.raises(DomainError, match="không phải chi bộ"):
        member_create(actor=admin, data={"full_name": "Lê Văn Bảo", "date_of_birth": D(1990, 1, 1), "gender": "M"},
                      org=tree.commune, admitted_on=D(2020, 1, 1))
    assert counts() == before


def test_update_is_audited_with_before_and_after(tree, admin):
    m = tree.member()
    member_update(actor=admin, member=m, data={"hometown": "Bình Định"})
    entry = AuditEntry.objects.get(action="member_update")
    assert entry.before == {"hometown": ""} and entry.after == {"hometown": "Bình Định"}


def test_correction_supersedes_and_replays(tree, admin):
    m = tree.member()
    transfer = event_record(actor=admin, member=m, kind=EventKind.TRANSFER, date=D(2022, 1, 1), org=tree.cell2)
    event_correct(actor=admin, event=transfer, date=D(2022, 3, 1), note="Ghi nhầm ngày quyết định")
    m.refresh_from_db()
    reg = Registration.objects.get(member=m, org=tree.cell2)
    assert reg.valid_from == D(2022, 3, 1)
    assert LifecycleEvent.objects.filter(member=m).count() == 4  # the wrong row stays, superseded
    event_correct(actor=admin, event=LifecycleEvent.objects.get(supersedes=transfer), void=True, note="Không chuyển")
    m.refresh_from_db()
    assert m.org == tree.cell1
    with pytest.raises(DomainError, match="lý do"):
        event_correct(actor=admin, event=m.events.get(kind="admit"), date=D(2018, 6, 1), note="")


def test_correction_that_breaks_history_is_refused(tree, admin):
    m = tree.member()
    admit = m.events.get(kind="admit")
    with pytest.raises(DomainError, match="12 tháng"):
        event_correct(actor=admin, event=admit, date=D(2019, 1, 1), note="sửa ngày")


def test_expulsion_discipline_ends_membership(tree, admin):
    m = tree.member()
    discipline_record(actor=admin, member=m, form="expulsion", date=D(2023, 3, 1), decided_by="UBKT Huyện ủy",
                      reason="Vi phạm nghiêm trọng")
    m.refresh_from_db()
    assert m.status == MemberStatus.EXPELLED and m.left_on == D(2023, 3, 1)


def test_probationary_cannot_be_removed_from_post(tree, admin):
    m = tree.member(admitted=D(2024, 1, 1), official=None)
    with pytest.raises(DomainError) as err:
        discipline_record(actor=admin, member=m, form="removal", date=D(2024, 6, 1), decided_by="Chi bộ",
                          reason="x")
    assert err.value.code == "M15"
    assert not DisciplineDecision.objects.exists()


def test_org_discipline(tree, admin):
    d = discipline_record(actor=admin, org=tree.cell1, form="warning", date=D(2023, 3, 1), decided_by="BTV Huyện ủy",
                          reason="Buông lỏng lãnh đạo")
    assert d.is_org_discipline
    with pytest.raises(DomainError):
        discipline_record(actor=admin, org=tree.cell1, form="removal", date=D(2023, 3, 1), decided_by="x", reason="y")


def test_services_refuse_outside_write_scope(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    inspector = user_with(Role.INSPECTION, org=tree.district)
    m = tree.member(org=tree.cell1)
    before = counts()
    for actor in (secretary, inspector):
        with pytest.raises(OutOfScope):
            event_record(actor=actor, member=m, kind=EventKind.EXEMPT, date=D(2023, 1, 1))
        with pytest.raises(OutOfScope):
            member_update(actor=actor, member=m, data={"hometown": "X"})
        with pytest.raises(OutOfScope):
            member_create(actor=actor, data={"full_name": "A B", "date_of_birth": D(1990, 1, 1), "gender": "M"},
                          org=tree.cell1, admitted_on=D(2020, 1, 1))
    assert counts() == before
    # a secretary cannot pull a member into their cell from outside either
    with pytest.raises(OutOfScope):
        event_record(actor=secretary, member=m, kind=EventKind.TRANSFER, date=D(2023, 1, 1), org=tree.cell2)


def test_secretary_writes_in_own_cell(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    m = member_create(actor=secretary, data={"full_name": "Hà Thị Mai", "date_of_birth": D(1995, 4, 4),
                                             "gender": "F", "cccd": cccd_for("F", D(1995, 4, 4), 777)},
                      org=tree.cell2, admitted_on=D(2021, 2, 3))
    assert m.status == MemberStatus.PROBATIONARY


def test_rebuild_is_identity(tree, admin):
    m = tree.member()
    event_record(actor=admin, member=m, kind=EventKind.TEMP_TRANSFER, date=D(2021, 1, 1), org=tree.cell2)
    before = list(Registration.objects.filter(member=m).values_list("org_id", "kind", "valid_from", "valid_to"))
    member_rebuild(m)
    after = list(Registration.objects.filter(member=m).values_list("org_id", "kind", "valid_from", "valid_to"))
    assert before == after
