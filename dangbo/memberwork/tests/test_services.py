"""The registers' writes with the user of each level: the grassroots committee (or above) records, the cell may
not (403), outside the scope is not found; the rules' refusals name their field, the Huy hiệu warning needs a
reason; every write audited."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import PowerViolation
from dangbo.core.testing import Role, user_with
from dangbo.memberwork import services
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward

pytestmark = pytest.mark.django_db
D = dt.date


def refused(call, field=None, cls=DomainError):
    with pytest.raises(cls) as exc:
        call()
    if field is not None:
        assert exc.value.field == field, exc.value.message
    return exc.value.message


def test_member_reward_recorded_by_the_grassroots_committee_not_the_cell(old_tree):
    t = old_tree
    an = t.member("Nguyễn Văn An", admitted=D(2010, 3, 1), official=D(2011, 3, 1))
    commune = user_with(Role.ORG_COMMISSION, org=t.commune)
    cell = user_with(Role.CELL_SECRETARY, org=t.cell1)
    args = {"form": RewardForm.MERIT, "level": RewardLevel.GRASSROOTS, "awarded_on": D(2024, 12, 20),
            "decision_ref": "15-QĐ/ĐU", "decided_by": "Đảng ủy xã Đạ Sar", "member": an}
    message = refused(lambda: services.reward_record(actor=cell, **args), cls=PowerViolation)
    assert "Đảng bộ xã Đạ Sar" in message
    outsider = user_with(Role.ORG_COMMISSION, org=t.other_district)
    with pytest.raises(OutOfScope):
        services.reward_record(actor=outsider, **args)
    reward = services.reward_record(actor=commune, **args)
    assert (reward.org, reward.member, reward.recipient_name) == (t.cell1, an, "Nguyễn Văn An")
    assert AuditEntry.objects.filter(action="reward_record", object_id=str(reward.pk), org_path=t.cell1.path).exists()


def test_reward_forms_follow_the_rows_of_form_7(old_tree):
    t = old_tree
    an = t.member("Nguyễn Văn An")
    base = {"level": RewardLevel.DISTRICT, "awarded_on": D(2024, 12, 20), "decision_ref": "1-QĐ/HU",
            "decided_by": "Ban Thường vụ Huyện ủy"}
    assert "Đảng viên chỉ được ghi" in refused(lambda: services.reward_record(
        actor=t.actor, form=RewardForm.FLAG, member=an, **base), "form")
    assert "Tổ chức đảng cấp trên cơ sở" in refused(lambda: services.reward_record(
        actor=t.actor, form=RewardForm.MERIT, org=t.district, **base), "form")
    assert "cờ thi đua" in refused(lambda: services.reward_record(
        actor=t.actor, form=RewardForm.FLAG, org=t.cell1, **base), "form")
    refused(lambda: services.reward_record(actor=t.actor, form=RewardForm.MERIT, **base), "recipient_org")
    refused(lambda: services.reward_record(actor=t.actor, form=RewardForm.MERIT, org=t.cell1, member=an, **base),
            "recipient_org")
    assert "số quyết định" in refused(lambda: services.reward_record(
        actor=t.actor, form=RewardForm.MERIT, org=t.cell1, **{**base, "decision_ref": "  "}), "decision_ref")
    assert Reward.objects.count() == 0
    services.reward_record(actor=t.actor, form=RewardForm.FLAG, org=t.commune, **base)
    services.reward_record(actor=t.actor, form=RewardForm.CERTIFICATE, org=t.district, **base)
    assert Reward.objects.count() == 2


def test_badge_warns_under_the_step_and_is_given_once(old_tree):
    t = old_tree
    binh = t.member("Trần Thị Bình", gender="F", admitted=D(1994, 6, 1), official=D(1995, 6, 1),
                    born=D(1966, 4, 2))
    commune = user_with(Role.ORG_COMMISSION, org=t.commune)
    args = {"member": binh, "awarded_on": D(2024, 2, 3), "decision_ref": "120-QĐ/HU"}
    # seniority 29 years 8 months on 03/02/2024: a warning, recorded only with the reason
    message = refused(lambda: services.badge_award(actor=commune, years=30, **args), "note")
    assert "29 năm 8 tháng" in message and "Ghi lý do" in message
    assert BadgeAward.objects.count() == 0
    early = services.badge_award(actor=commune, years=30, note="Đồng chí ốm nặng: trao sớm theo đề nghị.", **args)
    assert [n.rule.code for n in early.notices] == ["M10"] and early.award.org == t.cell1
    assert "đã nhận Huy hiệu 30" in refused(lambda: services.badge_award(
        actor=commune, years=30, **{**args, "awarded_on": D(2024, 9, 2)}), "years")
    refused(lambda: services.badge_award(actor=commune, years=35, **args), "years")
    refused(lambda: services.badge_award(actor=user_with(Role.CELL_SECRETARY, org=t.cell1), years=40,
                                         note="x", **args), cls=PowerViolation)
    assert AuditEntry.objects.filter(action="badge_award_record").count() == 1


def test_badge_due_is_given_without_a_warning(old_tree):
    t = old_tree
    chi = t.member("Lê Văn Chí", admitted=D(1979, 2, 3), official=D(1980, 2, 3), org=t.agency,
                   born=D(1955, 1, 9))
    result = services.badge_award(actor=user_with(Role.ORG_COMMISSION, org=t.agency), member=chi, years=45,
                                  awarded_on=D(2024, 5, 19), decision_ref="88-QĐ/HU")
    assert result.notices == () and result.award.org == t.agency


def test_cards_first_to_an_official_member_once_and_on_the_member_record(old_tree):
    t = old_tree
    em = t.member("Phạm Văn Em", admitted=D(2023, 3, 1), official=D(2024, 3, 1))
    commune = user_with(Role.ORG_COMMISSION, org=t.commune)
    first = {"member": em, "kind": CardKind.FIRST, "card_number": "079 085 001 234"}
    assert "chưa là đảng viên chính thức" in refused(lambda: services.card_issue(
        actor=commune, issued_on=D(2024, 2, 1), **first), "issued_on")
    refused(lambda: services.card_issue(actor=commune, issued_on=D(2024, 4, 1), **{**first, "card_number": "12A"}),
            "card_number")
    refused(lambda: services.card_issue(actor=user_with(Role.CELL_SECRETARY, org=t.cell1), issued_on=D(2024, 4, 1),
                                        **first), cls=PowerViolation)
    issue = services.card_issue(actor=commune, issued_on=D(2024, 4, 1), **first)
    em.refresh_from_db()
    assert (issue.card_number, em.card_number, issue.org) == ("079085001234", "079085001234", t.cell1)
    assert "đã được phát thẻ lần đầu" in refused(lambda: services.card_issue(
        actor=commune, issued_on=D(2024, 5, 1), **{**first, "card_number": "079085001235"}), "kind")
    an = t.member("Nguyễn Văn An")
    assert "Phạm Văn Em" in refused(lambda: services.card_issue(
        actor=commune, member=an, kind=CardKind.LOST, issued_on=D(2024, 5, 1), card_number="079085001234"),
        "card_number")
    services.card_issue(actor=commune, member=em, kind=CardKind.LOST, issued_on=D(2024, 9, 1),
                        card_number="079085009999")
    em.refresh_from_db()
    assert em.card_number == "079085009999" and CardIssue.objects.count() == 2
    assert AuditEntry.objects.filter(action="card_issue_record").count() == 2
    assert AuditEntry.objects.filter(action="member_update", object_id=str(em.pk)).count() == 2
