"""Recorded approvals for over-60 admission and re-admission, stored and audited; imports flag instead of
refusing (issue 7, point 2)."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import cccd_for
from dangbo.members.choices import EventKind, LeaveReason, MemberStatus
from dangbo.members.models import EventApproval, LifecycleEvent, Member
from dangbo.members.services import event_correct, event_record, member_create

D = dt.date
OLD = D(1960, 1, 10)
LETTER = {"rule": "M1", "decision_ref": "125-CV/TU", "decided_on": D(2021, 8, 1),
          "decided_by": "Ban Thường vụ Tỉnh ủy Lâm Đồng", "reason": "Già làng có uy tín, thôn chưa có đảng viên"}


def _old(tree, **kw):
    data = {"full_name": "K'Brơi", "date_of_birth": OLD, "gender": "M", "cccd": cccd_for("M", OLD, 990001)}
    return member_create(actor=tree.actor, data=data, org=tree.cell1, admitted_on=D(2021, 10, 1),
                         considered_on=D(2021, 9, 1), **kw)


def test_over_60_admission_refused_without_the_letter_and_nothing_saved(tree):
    with pytest.raises(DomainError) as err:
        _old(tree)
    assert err.value.code == "M1" and "61 tuổi 7 tháng" in err.value.message and err.value.field == "approval"
    assert not Member.objects.filter(full_name="K'Brơi").exists()
    with pytest.raises(DomainError, match="phải ghi số văn bản"):
        _old(tree, approvals=[{**LETTER, "decision_ref": ""}])


def test_over_60_admission_with_the_letter_is_stored_and_audited(tree):
    m = _old(tree, approvals=[LETTER])
    assert m.status == MemberStatus.PROBATIONARY
    letter = EventApproval.objects.get(event__member=m)
    assert (letter.rule, letter.decision_ref, letter.decided_on, letter.is_flag) == ("M1", "125-CV/TU", D(2021, 8, 1),
                                                                                     False)
    assert "24-QĐ/TW" in letter.citation
    assert AuditEntry.objects.filter(action="event_approval", object_id=str(letter.pk)).exists()


def test_import_of_a_past_decision_is_recorded_with_a_flag(tree):
    m = _old(tree, as_decided=True)
    flag = EventApproval.objects.get(event__member=m)
    assert flag.is_flag and flag.rule == "M1" and "chưa ghi nhận" in flag.reason and not flag.decision_ref


def test_expelled_member_readmitted_with_the_provincial_consent(tree, admin):
    m = tree.member("Hoàng Văn Lại", admitted=D(2016, 5, 19), official=D(2017, 5, 19))
    event_record(actor=admin, member=m, kind=EventKind.EXPEL, date=D(2020, 1, 1), leave_reason=LeaveReason.OTHER)
    with pytest.raises(DomainError) as err:
        event_record(actor=admin, member=m, kind=EventKind.ADMIT, date=D(2024, 3, 1), org=tree.cell1)
    assert err.value.code == "M12" and "Ban Thường vụ tỉnh ủy" in err.value.message
    consent = {**LETTER, "rule": "M12", "decided_on": D(2024, 2, 1)}
    admit = event_record(actor=admin, member=m, kind=EventKind.ADMIT, date=D(2024, 3, 1), org=tree.cell1,
                         approvals=[consent])
    m.refresh_from_db()
    assert m.status == MemberStatus.PROBATIONARY and m.admitted_on == D(2024, 3, 1)
    assert admit.approvals.get().rule == "M12"
    # A correction keeps the letter the fact rested on.
    fixed = event_correct(actor=admin, event=admit, date=D(2024, 3, 5), note="Sai ngày")
    assert fixed.approvals.get().decision_ref == "125-CV/TU"


def test_readmission_refused_for_a_listed_reason_names_it(tree, admin):
    m = tree.member("Hoàng Văn Bỏ", admitted=D(2016, 5, 19), official=D(2017, 5, 19))
    event_record(actor=admin, member=m, kind=EventKind.STRIKE_OFF, date=D(2018, 1, 1),
                 leave_reason=LeaveReason.ABANDONED)
    before = LifecycleEvent.objects.count()
    with pytest.raises(DomainError, match="tự bỏ sinh hoạt đảng"):
        event_record(actor=admin, member=m, kind=EventKind.ADMIT, date=D(2024, 3, 1), org=tree.cell1,
                     approvals=[{**LETTER, "rule": "M12", "decided_on": D(2024, 2, 1)}])
    assert LifecycleEvent.objects.count() == before


def test_readmission_through_the_event_form_records_the_letter(client, tree, admin):
    from django.urls import reverse

    m = tree.member("Hoàng Văn Lại", admitted=D(2016, 5, 19), official=D(2017, 5, 19))
    event_record(actor=admin, member=m, kind=EventKind.EXPEL, date=D(2020, 1, 1), leave_reason=LeaveReason.OTHER)
    client.force_login(admin)
    url = reverse("members:event", kwargs={"pk": m.pk})
    detail = client.get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert "kind=admit" in detail  # an expelled member may be re-admitted, not only restored
    form = {"kind": "admit", "date": "01/03/2024", "org": tree.cell1.pk}
    body = client.post(url, form).content.decode()
    assert "Ban Thường vụ tỉnh ủy" in body and "294-QĐ/TW" not in body and "232-QĐ/TW" not in body
    response = client.post(url, {**form, "approval": "88-CV/TU", "approval_on": "01/02/2024",
                                 "approval_by": "Ban Thường vụ Tỉnh ủy", "approval_reason": "Đủ 36 tháng"})
    assert response.status_code == 302
    assert EventApproval.objects.get(event__member=m).decision_ref == "88-CV/TU"
    page = client.get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert "văn bản đồng ý 88-CV/TU ngày 01/02/2024 của Ban Thường vụ Tỉnh ủy" in page


def test_older_records_without_letters_still_take_new_events(tree, admin):
    m = _old(tree, approvals=[LETTER])
    EventApproval.objects.all().delete()  # as a member recorded before letters were kept
    event_record(actor=admin, member=m, kind=EventKind.RECOGNIZE, date=D(2022, 10, 5))
    m.refresh_from_db()
    assert m.status == MemberStatus.OFFICIAL
