"""The confidentiality dimension (issue 14 point 5, RULES.md K5): cases and denunciations are seen only by the
inspection grants over the handling org and by the users named on them — never by the org commission, the cell
secretary or the admin of the tree, not even through a search by the member's name or the audit list; the
denouncer only by those named with ``may_see_denouncer``; every read logged."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.accounts.selectors import audit_list
from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import Role, user_with
from dangbo.inspection import selectors, services
from dangbo.inspection.tests.conftest import open_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(tree, inspector, an):
    case = open_case(tree, inspector, members=[an], topic="Dấu hiệu vi phạm về đất đai")
    letter = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
        "denouncer_contact": "0912 345 678", "subject_member": an, "content": "Sử dụng đất công sai mục đích"})
    return case, letter


def _sees_nothing(user, case, letter):
    assert selectors.case_list(user=user) == []
    assert selectors.case_list(user=user, q="Nguyễn Văn An") == []
    assert selectors.case_list(user=user, q="nguyen van an") == []
    assert selectors.denunciation_list(user=user) == []
    assert selectors.complaint_list(user=user) == []
    assert selectors.follow_ups_overdue(user=user, as_of=D(2030, 1, 1)) == []
    for get, pk in ((selectors.case_get, case.pk), (selectors.denunciation_get, letter.pk)):
        with pytest.raises(OutOfScope):
            get(user=user, pk=pk)


def test_commission_secretary_and_admin_see_nothing(tree, records, commission, secretary, admin):
    case, letter = records
    for user in (commission, secretary, admin, user_with(Role.INSPECTION, org=tree.other_district)):
        _sees_nothing(user, case, letter)
    # nor through the audit list: neither the writes nor the reads of confidential records
    for user in (commission, admin):
        assert not audit_list(user=user).filter(model__startswith="inspection.").exclude(
            model__in=["inspection.Programme", "inspection.PlanItem"]).exists()
    # and nobody may write them
    with pytest.raises(OutOfScope):
        services.case_step_add(actor=commission, case=case, step="plan", date=D(2024, 3, 5))
    with pytest.raises(OutOfScope):
        services.denunciation_screen(actor=admin, denunciation=letter, on=D(2024, 2, 2))


def test_the_inspection_commission_finds_its_cases(tree, records, inspector):
    case, letter = records
    provincial = user_with(Role.INSPECTION, org=tree.province)  # the org above the handling body
    for user in (inspector, provincial):
        assert selectors.case_list(user=user, q="nguyen van") == [case]
        assert selectors.case_get(user=user, pk=case.pk) == case
        assert [r.pk for r in selectors.denunciation_list(user=user)] == [letter.pk]
    assert audit_list(user=inspector).filter(model="inspection.Case", action="inspection_case_open").exists()


def test_a_named_official_sees_the_record_and_the_denouncer_only_when_allowed(tree, records, inspector, commission):
    case, letter = records
    services.access_grant(actor=inspector, user=commission, case=case)
    services.access_grant(actor=inspector, user=commission, denunciation=letter)
    assert selectors.case_list(user=commission, q="Nguyễn Văn An") == [case]
    seen = selectors.denunciation_get(user=commission, pk=letter.pk)
    assert seen.denouncer_hidden and (seen.denouncer_name, seen.denouncer_address, seen.denouncer_contact) == (
        "", "", "")
    assert seen.content == "Sử dụng đất công sai mục đích"
    assert selectors.denunciation_get(user=inspector, pk=letter.pk).denouncer_name == "Lê Thị Tố"  # the receiver
    # another member of the commission, not named on the letter, does not see who denounced either
    other = user_with(Role.INSPECTION, org=tree.district)
    assert selectors.denunciation_get(user=other, pk=letter.pk).denouncer_name == ""
    services.access_grant(actor=inspector, user=commission, denunciation=letter, may_see_denouncer=True)
    assert selectors.denunciation_list(user=commission)[0].denouncer_name == "Lê Thị Tố"
    # only the inspection commission names people
    with pytest.raises(OutOfScope):
        services.access_grant(actor=commission, user=other, case=case)


def test_every_confidential_read_is_logged(tree, records, inspector, commission):
    case, letter = records
    reads = AuditEntry.objects.filter(action="inspection_read")
    assert reads.count() == 0
    selectors.case_get(user=inspector, pk=case.pk)
    selectors.case_list(user=inspector)
    selectors.denunciation_list(user=inspector)
    rows = list(reads.order_by("id").values_list("actor__username", "model", "object_id", "org_path"))
    assert rows == [("ubkt", "inspection.Case", str(case.pk), tree.district.path),
                    ("ubkt", "inspection.Case", str(case.pk), tree.district.path),
                    ("ubkt", "inspection.Denunciation", str(letter.pk), tree.district.path)]
    assert all("Lê Thị Tố" not in e.object_repr and "Nguyễn" not in e.object_repr for e in reads)
    # a failed attempt reads nothing, logs nothing
    with pytest.raises(OutOfScope):
        selectors.case_get(user=commission, pk=case.pk)
    assert reads.count() == 3


def test_a_cell_checking_its_member_is_named_on_its_case(tree, secretary, commission, an):
    case = open_case(tree, secretary, org=tree.cell1, members=[an], body="cell", kind="compliance")
    assert selectors.case_list(user=secretary) == [case]
    services.case_step_add(actor=secretary, case=case, step="self_report", date=D(2024, 3, 10))
    _sees_nothing(commission, case, type("L", (), {"pk": 0})())
    with pytest.raises(OutOfScope):  # a commission case is not the cell's to open
        open_case(tree, secretary, org=tree.cell1, members=[an])
