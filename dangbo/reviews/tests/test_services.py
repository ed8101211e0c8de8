import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind
from dangbo.members.services import discipline_record, event_record
from dangbo.reviews import services
from dangbo.reviews.choices import Exclusion, Level, Status
from dangbo.reviews.models import Assessment, RemediationPlan

D = dt.date


@pytest.fixture
def cell_members(tree, admin):
    names = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Em", "Vũ Văn Phong",
             "Đặng Văn Giang", "Bùi Văn Hải", "Đỗ Văn Khoa", "Hồ Văn Lâm", "Ngô Văn Minh"]
    return [tree.member(n, org=tree.cell1) for n in names]


def open_2024(tree, admin):
    return services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))


def test_campaign_creates_assessments_with_exclusions_and_approvers(tree, admin, cell_members):
    new = tree.member("Lý Thị Mới", org=tree.cell2, gender="F", admitted=D(2024, 9, 1), official=None)
    old = cell_members[0]
    event_record(actor=admin, member=old, kind=EventKind.EXEMPT, date=D(2024, 3, 1))
    campaign = open_2024(tree, admin)
    assert campaign.regulation == "124-QĐ/TW"
    a_new = Assessment.objects.get(member=new, year=2024)
    assert a_new.status == Status.EXCLUDED and a_new.exclusion == Exclusion.NEW_MEMBER
    assert Assessment.objects.get(member=old).exclusion == Exclusion.EXEMPT
    a = Assessment.objects.get(member=cell_members[1])
    assert a.org == tree.cell1 and a.approver == tree.commune  # the grassroots committee decides (R2)
    org_a = Assessment.objects.get(subject_org=tree.cell1)
    assert org_a.approver == tree.commune
    assert Assessment.objects.get(subject_org=tree.commune).approver == tree.district
    assert Assessment.objects.get(subject_org=tree.agency).approver == tree.district
    again = open_2024(tree, admin)
    assert again.added == 0


def test_propose_checks_rules_and_approve_checks_quota(tree, admin, cell_members):
    open_2024(tree, admin)
    rows = {a.pk: {"level": Level.GOOD} for a in Assessment.objects.filter(year=2024, org=tree.cell1, subject="member")}
    ids = list(rows)
    for pk in ids[:3]:
        rows[pk] = {"level": Level.EXCELLENT}
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    assert services.unit_propose(actor=secretary, unit=tree.cell1, year=2024, rows=rows) == 11
    # a cell secretary of a chi bộ trực thuộc cannot approve: the grassroots committee decides
    with pytest.raises(OutOfScope):
        services.assessments_approve(actor=secretary, approver=tree.commune, year=2024)
    # 3 excellent among 11 good-or-above > 20% (max 2): the whole approval is refused, nothing written
    with pytest.raises(DomainError) as err:
        services.assessments_approve(actor=admin, approver=tree.commune, year=2024)
    assert err.value.code == "R4-QUOTA" and "Đảng bộ xã Đạ Sar" in err.value.message
    assert not Assessment.objects.filter(status=Status.APPROVED).exists()
    n = services.assessments_approve(actor=admin, approver=tree.commune, year=2024, levels={ids[0]: Level.GOOD})
    assert n == 11
    assert Assessment.objects.filter(final_level=Level.EXCELLENT).count() == 2


def test_discipline_in_year_blocks_a_good_proposal(tree, admin, cell_members):
    m = cell_members[2]
    discipline_record(actor=admin, member=m, form="reprimand", date=D(2024, 5, 1), decided_by="Chi bộ", reason="x")
    open_2024(tree, admin)
    a = Assessment.objects.get(member=m, year=2024)
    with pytest.raises(DomainError) as err:
        services.assessment_propose(actor=admin, assessment=a, level=Level.GOOD)
    assert err.value.code == "R-KL" and m.full_name in err.value.message
    services.assessment_propose(actor=admin, assessment=a, level=Level.NOT_COMPLETED)


def test_unit_propose_is_all_or_nothing_with_the_name_of_the_bad_row(tree, admin, cell_members):
    open_2024(tree, admin)
    qs = Assessment.objects.filter(year=2024, org=tree.cell1, subject="member").order_by("id")
    rows = {a.pk: {"level": Level.GOOD} for a in qs}
    bad = qs[4]
    rows[bad.pk] = {"level": Level.GOOD, "marks": {"nhiem_vu": "kem"}}
    with pytest.raises(DomainError) as err:
        services.unit_propose(actor=admin, unit=tree.cell1, year=2024, rows=rows)
    assert bad.member.full_name in err.value.message
    assert not Assessment.objects.filter(status=Status.PROPOSED).exists()


def test_org_rating_remediation_plan_and_pointed_review(tree, admin, cell_members):
    open_2024(tree, admin)
    a = Assessment.objects.get(subject_org=tree.cell2, year=2024)
    services.assessment_propose(actor=admin, assessment=a, level=Level.COMPLETED)
    services.assessments_approve(actor=admin, approver=tree.commune, year=2024, ids=[a.pk])
    plan = RemediationPlan.objects.get(subject_org=tree.cell2)
    assert plan.reason == "weak_rating"
    m = Assessment.objects.get(member=cell_members[0])
    services.pointed_review_set(actor=admin, assessment=m, note="Chưa gương mẫu ở nơi cư trú")
    assert RemediationPlan.objects.get(member=cell_members[0]).reason == "pointed_review"


def test_approved_result_is_locked_until_reopened(tree, admin, cell_members):
    open_2024(tree, admin)
    a = Assessment.objects.get(member=cell_members[0])
    services.assessment_propose(actor=admin, assessment=a, level=Level.GOOD)
    services.assessments_approve(actor=admin, approver=tree.commune, year=2024, ids=[a.pk])
    with pytest.raises(DomainError, match="đã được quyết định"):
        services.assessment_propose(actor=admin, assessment=a, level=Level.COMPLETED)
    services.assessment_reopen(actor=admin, assessment=a, reason="Sai sót")
    services.assessment_propose(actor=admin, assessment=a, level=Level.COMPLETED)


def test_366_score_entry(tree, admin, cell_members):
    services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))
    a = Assessment.objects.get(member=cell_members[0], year=2025)
    assert a.criteria_set.regulation == "366-QĐ/TW"
    with pytest.raises(DomainError, match="0 đến 100"):
        services.assessment_propose(actor=admin, assessment=a, level=Level.GOOD, data={"score": "120"})
    with pytest.raises(DomainError) as err:
        services.assessment_propose(actor=admin, assessment=a, level=Level.EXCELLENT,
                                    data={"score": "92", "tasks_total": 10, "tasks_on_time": 10,
                                          "tasks_exceeding": 1})
    assert err.value.code == "R6"
    services.assessment_propose(actor=admin, assessment=a, level=Level.GOOD,
                                data={"score": "92", "tasks_total": 10, "tasks_on_time": 10, "tasks_exceeding": 1})


def test_member_self_assessment_by_member_role(tree, admin, cell_members):
    open_2024(tree, admin)
    me = cell_members[0]
    user = user_with(Role.MEMBER, member=me)
    a = Assessment.objects.get(member=me)
    services.assessment_self(actor=user, assessment=a, level=Level.GOOD, data={"self_comment": "Hoàn thành"})
    other = Assessment.objects.get(member=cell_members[1])
    with pytest.raises(OutOfScope):
        services.assessment_self(actor=user, assessment=other, level=Level.GOOD)


def test_registration(tree, admin, cell_members):
    reg = services.registration_record(actor=admin, year=2024, level=Level.EXCELLENT, registered_on=D(2024, 1, 10),
                                       member=cell_members[0])
    assert reg.org == tree.cell1
    services.registration_record(actor=admin, year=2024, level=Level.GOOD, registered_on=D(2024, 1, 12),
                                 member=cell_members[0])
    reg.refresh_from_db()
    assert reg.level == Level.GOOD
    with pytest.raises(DomainError, match="đầu năm"):
        services.registration_record(actor=admin, year=2024, level=Level.GOOD, registered_on=D(2021, 1, 1),
                                     org=tree.cell1)
