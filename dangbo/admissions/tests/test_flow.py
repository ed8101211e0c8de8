"""A candidate from the list to the ceremony through the services: each step's rule, the powers by level, the
notices that need a reason, and the member the ceremony makes (RULES.md M1–M6)."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry, Role
from dangbo.admissions import services
from dangbo.admissions.choices import Stage
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import PowerViolation, RuleViolation
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind, MemberStatus

pytestmark = pytest.mark.django_db
D = dt.date
PERSON = {"full_name": "  Ka   Thị  Hương ", "date_of_birth": D(2000, 3, 8), "gender": "F", "ethnicity": "Cơ Ho",
          "general_education": "thpt", "occupation": "Giáo viên", "source": "doan_vien",
          "groups": ["dan_toc_thieu_so", "thanh_nien"], "listed_on": D(2024, 9, 1)}


@pytest.fixture
def people(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    binh = tree.member("Trần Văn Bình", org=tree.cell1)
    return tree, secretary, commune, district, an, binh


def file_ready(tree, secretary, an, binh):
    c = services.candidate_create(actor=secretary, org=tree.cell1, data=dict(PERSON), helper=an)
    rec = services.step_record
    rec(actor=secretary, candidate=c, step="course", date=D(2024, 10, 20), detail={"issued_on": D(2024, 10, 18)},
        document_ref="CN 125/TTCT")
    rec(actor=secretary, candidate=c, step="application", date=D(2024, 11, 1))
    rec(actor=secretary, candidate=c, step="background", date=D(2024, 12, 2), decided_by="Đảng ủy xã Đạ Sar")
    for who in (an, binh):
        services.introducer_add(actor=secretary, candidate=c, member=who, route="two_members",
                                together_since=D(2022, 1, 1), given_on=D(2024, 12, 10))
    rec(actor=secretary, candidate=c, step="introduction", date=D(2024, 12, 10))
    rec(actor=secretary, candidate=c, step="comments", date=D(2024, 12, 20))
    return c


def test_from_the_list_to_the_ceremony(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    assert c.full_name == "Ka Thị Hương" and c.stage == Stage.PREPARING
    vote = services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 6),
                                detail={"yes": 2, "eligible": 3})
    assert vote.step.passed and vote.notices == ()
    services.step_record(actor=commune, candidate=c, step="grassroots", date=D(2025, 1, 15),
                         document_ref="NQ 12-NQ/ĐU")
    services.step_record(actor=district, candidate=c, step="decision", date=D(2025, 2, 20),
                         document_ref="QĐ 345-QĐ/HU", decided_by="Ban Thường vụ Huyện ủy")
    result = services.step_record(actor=secretary, candidate=c, step="ceremony", date=D(2025, 3, 3))
    c.refresh_from_db()
    assert c.stage == Stage.ADMITTED and c.member is not None
    member = c.member
    assert member.status == MemberStatus.PROBATIONARY and member.admitted_on == D(2025, 3, 3)
    assert member.org_id == tree.cell1.pk and member.full_name == "Ka Thị Hương" and member.is_youth_union
    admit = member.events.get(kind=EventKind.ADMIT)
    assert admit.decision_ref == "QĐ 345-QĐ/HU" and admit.considered_on == D(2025, 1, 6)
    assert result.step.detail["due"] == "2025-04-03"  # 30 working days from the decision (20/02/2025)
    assert AuditEntry.objects.filter(action="admission_step").count() == 9


def test_a_step_out_of_order_names_what_is_missing(people):
    tree, secretary, commune, district, an, binh = people
    c = services.candidate_create(actor=secretary, org=tree.cell1, data=dict(PERSON))
    with pytest.raises(RuleViolation) as refused:
        services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 6),
                             detail={"yes": 3, "eligible": 3})
    assert refused.value.code == "M4" and "1-KNĐ" in refused.value.message and "CN-NTVĐ" in refused.value.message
    assert not c.steps.exists()


def test_powers_by_level(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 6),
                         detail={"yes": 3, "eligible": 3})
    with pytest.raises(PowerViolation) as refused:
        services.step_record(actor=secretary, candidate=c, step="grassroots", date=D(2025, 1, 15))
    assert "Đảng bộ xã Đạ Sar" in refused.value.message
    services.step_record(actor=commune, candidate=c, step="grassroots", date=D(2025, 1, 15))
    with pytest.raises(PowerViolation) as refused:
        services.step_record(actor=commune, candidate=c, step="decision", date=D(2025, 2, 20))
    assert "Đảng bộ huyện Lạc Dương" in refused.value.message
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with pytest.raises(OutOfScope):
        services.step_record(actor=outsider, candidate=c, step="decision", date=D(2025, 2, 20))


def test_the_vote_needs_two_thirds_and_is_taken_again(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    first = services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 6),
                                 detail={"yes": 1, "eligible": 3})
    assert not first.step.passed
    c.refresh_from_db()
    assert c.stage == Stage.PREPARING
    with pytest.raises(RuleViolation):  # not passed: the proposal cannot follow
        services.step_record(actor=commune, candidate=c, step="grassroots", date=D(2025, 1, 15))
    second = services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 2, 3),
                                  detail={"yes": 2, "eligible": 3})
    assert second.step.attempt == 2 and second.step.passed


def test_late_decision_needs_its_reason(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 6),
                         detail={"yes": 3, "eligible": 3})
    services.step_record(actor=commune, candidate=c, step="grassroots", date=D(2025, 1, 15))
    # 60 working days from 06/01/2025 run past Tết 2025: the deadline is 08/04/2025
    with pytest.raises(RuleViolation) as refused:
        services.step_record(actor=district, candidate=c, step="decision", date=D(2025, 4, 9))
    assert refused.value.code == "M5" and "hạn 08/04/2025" in refused.value.message
    done = services.step_record(actor=district, candidate=c, step="decision", date=D(2025, 4, 9),
                                note="Chờ kết quả thẩm tra lý lịch ở tỉnh khác.")
    assert done.notices and done.step.note.startswith("Chờ")


def test_certificate_expired_and_stale_file_are_refused(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    with pytest.raises(RuleViolation) as refused:
        services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 11, 1),
                             detail={"yes": 3, "eligible": 3})
    assert "quá 12 tháng" in refused.value.message and "3-KNĐ" in refused.value.message


def test_bad_person_data_names_the_field(people):
    tree, secretary, *_ = people
    for field, value in (("full_name", " "), ("cccd", "12345"), ("groups", ["nobody"])):
        with pytest.raises(DomainError) as refused:
            services.candidate_create(actor=secretary, org=tree.cell1, data={**PERSON, field: value})
        assert refused.value.field == field
    with pytest.raises(DomainError) as refused:
        services.candidate_create(actor=user_with(Role.ORG_COMMISSION, org=tree.district), org=tree.commune,
                                  data=dict(PERSON))
    assert refused.value.field == "org"


def test_introducers_are_checked_as_they_are_added(people):
    tree, secretary, commune, district, an, binh = people
    c = services.candidate_create(actor=secretary, org=tree.cell1, data=dict(PERSON))
    new = tree.member("Lê Thị Cúc", org=tree.cell1, admitted=D(2024, 6, 1), official=None)
    with pytest.raises(RuleViolation) as refused:
        services.introducer_add(actor=secretary, candidate=c, member=new, route="two_members",
                                together_since=D(2020, 1, 1), given_on=D(2024, 12, 10))
    assert "dự bị" in refused.value.message
    with pytest.raises(RuleViolation):
        services.introducer_add(actor=secretary, candidate=c, member=an, route="two_members",
                                together_since=D(2024, 6, 1), given_on=D(2024, 12, 10))
