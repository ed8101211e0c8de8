"""Admission plans set top-down and read bottom-up (admissions_vs_plan), and probation: recognition and
striking off the probationary list by the competent committee (RULES.md M7–M9)."""

import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.admissions import selectors, services
from dangbo.core.exceptions import DomainError
from dangbo.core.periods import year
from dangbo.core.rules import PowerViolation, RuleViolation
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind, MemberStatus
from dangbo.orgs.models import Org
from dangbo.targets import registry

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def levels(tree):
    return {"secretary": user_with(Role.CELL_SECRETARY, org=tree.cell1),
            "commune": user_with(Role.ORG_COMMISSION, org=tree.commune),
            "district": user_with(Role.ORG_COMMISSION, org=tree.district)}


def test_quotas_are_set_by_the_superior(tree, levels):
    services.plan_set(actor=levels["district"], org=tree.commune, year=2025, quota=3, decided_on=D(2025, 1, 10))
    services.plan_set(actor=levels["commune"], org=tree.cell1, year=2025, quota=2, decided_on=D(2025, 1, 20))
    with pytest.raises(PowerViolation):
        services.plan_set(actor=levels["commune"], org=tree.commune, year=2025, quota=9, decided_on=D(2025, 1, 10))
    with pytest.raises(PowerViolation):
        services.plan_set(actor=levels["secretary"], org=tree.cell1, year=2025, quota=9, decided_on=D(2025, 1, 10))
    with pytest.raises(DomainError) as refused:
        services.plan_set(actor=levels["commune"], org=tree.cell2, year=2025, quota=-1, decided_on=D(2025, 1, 10))
    assert refused.value.field == "quota"
    again = services.plan_set(actor=levels["commune"], org=tree.cell1, year=2025, quota=4, decided_on=D(2025, 2, 1))
    assert again.quota == 4
    assert [p.org_id for p in selectors.plans_of(user=levels["commune"], org=tree.commune, year=2025)] == [
        tree.commune.pk, tree.cell1.pk]


def test_admissions_against_the_plan(tree, levels):
    services.plan_set(actor=levels["district"], org=tree.commune, year=2025, quota=3, decided_on=D(2025, 1, 10))
    for cell in (tree.cell1, tree.cell2):
        services.plan_set(actor=levels["commune"], org=cell, year=2025, quota=2, decided_on=D(2025, 1, 20))
    for name, org in (("Hoàng Văn Hải", tree.cell1), ("Lý Thị Hoa", tree.cell1), ("Đào Văn Quý", tree.agency)):
        tree.member(name, org=org, admitted=D(2025, 5, 19), official=None)
    tree.member("Phan Văn Cũ", org=tree.cell1, admitted=D(2024, 5, 19), official=None)  # another year
    y = year(2025)

    def figures(org):
        m = registry.measure("admissions_vs_plan", org=org, period=y)
        return None if m is None else (m.numerator, m.denominator)

    assert figures(tree.commune) == (2, 3)  # its own quota, not the sum of its cells' (4)
    assert figures(tree.district) == (3, 3)  # no quota of its own: the commune's, the highest below
    assert figures(tree.cell2) == (0, 2)
    assert figures(tree.agency) is None  # no plan: chưa có dữ liệu
    kids = list(Org.objects.get_children(tree.district))
    assert {k: (m and (m.numerator, m.denominator)) for k, m in registry.measure_children(
        "admissions_vs_plan", org=tree.district, period=y, kids=kids).items()} == {
        tree.commune.pk: (2, 3), tree.agency.pk: None}
    cells = [tree.cell1, tree.cell2]
    assert {k: (m.numerator, m.denominator) for k, m in registry.measure_children(
        "admissions_vs_plan", org=tree.commune, period=y, kids=cells).items()} == {
        tree.cell1.pk: (2, 2), tree.cell2.pk: (0, 2)}


def test_recognition_by_the_competent_committee(tree, levels):
    new = tree.member("Hoàng Văn Hải", org=tree.cell1, admitted=D(2024, 3, 1), official=None)
    args = {"member": new, "vote_on": D(2025, 3, 10), "yes": 2, "eligible": 3, "decision_ref": "QĐ 77-QĐ/HU",
            "decided_on": D(2025, 3, 20)}
    with pytest.raises(PowerViolation):
        services.recognition_record(actor=levels["secretary"], **args)
    with pytest.raises(PowerViolation):
        services.recognition_record(actor=levels["commune"], **args)
    with pytest.raises(RuleViolation) as refused:
        services.recognition_record(actor=levels["district"], **{**args, "vote_on": D(2025, 2, 28)})
    assert refused.value.code == "M7"
    with pytest.raises(RuleViolation) as refused:
        services.recognition_record(actor=levels["district"], **{**args, "yes": 1})
    assert refused.value.code == "M8"
    assert services.recognition_record(actor=levels["district"], **args) is None
    new.refresh_from_db()
    assert new.status == MemberStatus.OFFICIAL and new.official_on == D(2025, 3, 1)  # the end of the 12 months
    assert new.events.get(kind=EventKind.RECOGNIZE).considered_on == D(2025, 3, 10)


def test_a_late_vote_needs_its_reason(tree, levels):
    new = tree.member("Lý Thị Hoa", org=tree.cell1, admitted=D(2024, 3, 1), official=None)
    args = {"member": new, "vote_on": D(2025, 5, 5), "yes": 3, "eligible": 3, "decision_ref": "QĐ 78",
            "decided_on": D(2025, 5, 20)}
    with pytest.raises(RuleViolation) as refused:
        services.recognition_record(actor=levels["district"], **args)
    assert "hạn 14/04/2025" in refused.value.message  # 30 working days from Saturday 01/03/2025, 07/04 (Giỗ Tổ) off
    notice = services.recognition_record(actor=levels["district"], note="Đồng chí đi học dài hạn.", **args)
    assert notice is not None
    new.refresh_from_db()
    assert new.official_on == D(2025, 3, 1)


def test_struck_off_the_probationary_list(tree, levels):
    new = tree.member("Đào Văn Quý", org=tree.cell1, admitted=D(2024, 3, 1), official=None)
    with pytest.raises(DomainError) as refused:
        services.probation_strike_off(actor=levels["district"], member=new, decided_on=D(2025, 3, 20),
                                      decision_ref="QĐ 79", reason=" ")
    assert refused.value.field == "reason"
    services.probation_strike_off(actor=levels["district"], member=new, decided_on=D(2025, 3, 20),
                                  decision_ref="QĐ 79", reason="Không tiến bộ sau thời gian dự bị.")
    new.refresh_from_db()
    assert new.status == MemberStatus.STRUCK_OFF
    with pytest.raises(DomainError):  # no longer probationary
        services.probation_strike_off(actor=levels["district"], member=new, decided_on=D(2025, 3, 21),
                                      decision_ref="QĐ 80", reason="x")


def test_probations_due_and_overdue(tree, levels):
    late = tree.member("Hoàng Văn Hải", org=tree.cell1, admitted=D(2024, 3, 1), official=None)
    soon = tree.member("Lý Thị Hoa", org=tree.cell2, admitted=D(2024, 6, 20), official=None)
    tree.member("Phan Văn Mới", org=tree.cell1, admitted=D(2025, 1, 5), official=None)  # not yet
    found = selectors.probations_due(user=levels["commune"], org=tree.commune, on=D(2025, 5, 15))
    assert [(p.member.pk, p.overdue) for p in found] == [(late.pk, True), (soon.pk, False)]
    assert found[1].ends_on == D(2025, 6, 20)
