"""Every write of the member-work registers: scoped (outside the scope: not found), power-checked (the
grassroots committee of the member's cell or of the rewarded org, or a level above it, records — ``scope_for(actor)
.may_decide_for(path)``; another level: ``PowerViolation``, 403) and audited."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import seniority_of
from dangbo.core.dates import format_date
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import Notice, PowerViolation, Rule, RuleViolation, require_reasons
from dangbo.members import services as member_services
from dangbo.members.choices import ACTIVE_STATUSES, RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.memberwork import rules
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import grassroots_of


@dataclass
class BadgeResult:
    award: BadgeAward
    notices: tuple[Notice, ...]


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def recorder_of(org: Org) -> Org:
    """The committee that records for ``org`` (a cell, or a rewarded org): its grassroots org, or the org itself
    above the grassroots level."""
    return grassroots_of(org)


def may_record(actor, org: Org) -> bool:
    return scope_for(actor).may_decide_for(recorder_of(org).path)


def _require_power(actor, org: Org, rule: Rule, what: str) -> None:
    scope_for(actor).require_path(org.path)
    recorder = recorder_of(org)
    if not scope_for(actor).may_decide_for(recorder.path):
        raise PowerViolation(rule, f"{what} do {recorder.name} (hoặc cấp ủy cấp trên) ghi nhận; tài khoản của bạn "
                             "không có quyền ở cấp đó.")


def cell_on(member: Member, on: dt.date) -> tuple[Org | None, bool]:
    """The cell the member was registered in on ``on`` and True; else the cell of their last registration before
    it and False (None when they had none)."""
    regs = Registration.objects.filter(member=member, kind=RegistrationKind.OFFICIAL, valid_from__lte=on)
    covering = regs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).select_related("org__type").first()
    if covering is not None:
        return covering.org, True
    last = regs.select_related("org__type").order_by("-valid_from").first()
    return (last.org if last else None), False


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise DomainError(f"Phải ghi {label}.", field=field)
    return value


def _active(org: Org, on: dt.date) -> bool:
    return org.founded_on <= on and (org.ended_on is None or org.ended_on > on)


@transaction.atomic
def reward_record(*, actor, form: str, level: str, awarded_on: dt.date, decision_ref: str, decided_by: str,
                  org: Org | None = None, member: Member | None = None, reason: str = "", note: str = "") -> Reward:
    """A cờ thi đua, bằng khen or giấy khen to ``org`` or to ``member`` (exactly one), of a form Biểu 7 has a row
    for, recorded by the recipient's grassroots committee or a level above."""
    if form not in RewardForm.values:
        raise DomainError(f"Hình thức khen thưởng “{form}” không hợp lệ.", field="form")
    if level not in RewardLevel.values:
        raise DomainError(f"Cấp khen thưởng “{level}” không hợp lệ.", field="level")
    if (org is None) == (member is None):
        raise DomainError("Phải chọn một đối tượng được khen: một tổ chức đảng hoặc một đảng viên.",
                          field="recipient_org")
    decision_ref = _text(decision_ref, "decision_ref", "số quyết định khen thưởng")
    decided_by = _text(decided_by, "decided_by", "cơ quan quyết định khen thưởng")
    if member is not None:
        cell, registered = cell_on(member, awarded_on)
        if cell is None or not registered:
            raise RuleViolation(rules.REWARD, f"Ngày {format_date(awarded_on)} đồng chí {member.full_name} không "
                                "sinh hoạt tại chi bộ nào.", field="awarded_on")
        recipient = rules.recipient_of(member=True)
        unit = cell
    else:
        org = Org.objects.select_related("type__level").get(pk=org.pk)
        recipient = rules.recipient_of(level_code=org.type.level.code, is_grassroots=org.type.is_grassroots,
                                       is_party_group=org.type.is_party_group)
        if not _active(org, awarded_on):
            raise RuleViolation(rules.REWARD, f"{org.name} không hoạt động ngày {format_date(awarded_on)}.",
                                field="awarded_on")
        unit = org
    rules.check_reward_form(recipient, form)
    _require_power(actor, unit, rules.REWARD, "Khen thưởng của " + (member.full_name if member else unit.name))
    reward = Reward.objects.create(
        org=unit, member=member, form=form, level=level, awarded_on=awarded_on, decision_ref=decision_ref,
        decided_by=decided_by, reason=_text(reason, "reason", "", required=False), note=note.strip(),
        created_by=_user(actor))
    audit.record(actor=actor, action="reward_record", instance=reward, before=None, org_path=unit.path)
    return reward


@transaction.atomic
def badge_award(*, actor, member: Member, years: int, awarded_on: dt.date, decision_ref: str, decided_by: str = "",
                note: str = "") -> BadgeResult:
    """A Huy hiệu Đảng at the step ``years`` (M16), once per member and step. Seniority on the day (M10) below the
    step is a notice: recorded only with the reason (the competent committee's early award) in ``note``."""
    rules.check_badge_years(years)
    decision_ref = _text(decision_ref, "decision_ref", "số quyết định tặng Huy hiệu")
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    cell, _registered = cell_on(member, awarded_on)
    if cell is None:
        raise RuleViolation(rules.BADGE, f"Ngày {format_date(awarded_on)} đồng chí {member.full_name} chưa sinh hoạt "
                            "tại chi bộ nào.", field="awarded_on")
    _require_power(actor, cell, rules.BADGE, f"Huy hiệu Đảng của đồng chí {member.full_name}")
    given = BadgeAward.objects.filter(member=member, years=years).first()
    if given is not None:
        raise RuleViolation(rules.BADGE, f"Đồng chí {member.full_name} đã nhận Huy hiệu {years} năm tuổi Đảng ngày "
                            f"{format_date(given.awarded_on)} (quyết định {given.decision_ref}).", field="years")
    seniority = seniority_of(member, awarded_on)
    notice = rules.badge_notice(years=years, seniority=(seniority.years, seniority.months) if seniority else None,
                                on=awarded_on)
    notices = (notice,) if notice else ()
    require_reasons(notices, note)
    award = BadgeAward.objects.create(
        member=member, org=cell, years=years, awarded_on=awarded_on, decision_ref=decision_ref,
        decided_by=_text(decided_by, "decided_by", "", required=False), note=note.strip(), created_by=_user(actor))
    audit.record(actor=actor, action="badge_award_record", instance=award, before=None, org_path=cell.path)
    return BadgeResult(award, notices)


@transaction.atomic
def card_issue(*, actor, member: Member, kind: str, issued_on: dt.date, card_number: str, decision_ref: str = "",
               note: str = "") -> CardIssue:
    """A party card: the first to an official member, a reissue after loss, a replacement when damaged. The number
    also goes on the member record (``members.services.member_update``) when this is their latest card and their
    cell is still within the actor's reach."""
    if kind not in CardKind.values:
        raise DomainError(f"Loại phát thẻ “{kind}” không hợp lệ.", field="kind")
    number = rules.clean_card_number(card_number)
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    cell, registered = cell_on(member, issued_on)
    if cell is None:
        raise RuleViolation(rules.CARD, f"Ngày {format_date(issued_on)} đồng chí {member.full_name} không sinh hoạt "
                            "tại chi bộ nào.", field="issued_on")
    _require_power(actor, cell, rules.CARD, f"Thẻ đảng viên của đồng chí {member.full_name}")
    first = CardIssue.objects.filter(member=member, kind=CardKind.FIRST).first()
    rules.check_card(kind=kind, on=issued_on, official_on=member.official_on, registered=registered,
                     first_issued_on=first.issued_on if first else None)
    holder = (Member.objects.filter(card_number=number).exclude(pk=member.pk).first()
              or next((c.member for c in CardIssue.objects.filter(card_number=number).exclude(member=member)
                       .select_related("member")[:1]), None))
    if holder is not None:
        raise RuleViolation(rules.CARD, f"Số thẻ {number} đã là thẻ của đồng chí {holder.full_name}.",
                            field="card_number")
    issue = CardIssue.objects.create(member=member, org=cell, kind=kind, issued_on=issued_on, card_number=number,
                                     decision_ref=_text(decision_ref, "decision_ref", "", required=False),
                                     note=note.strip(), created_by=_user(actor))
    audit.record(actor=actor, action="card_issue_record", instance=issue, before=None, org_path=cell.path)
    latest = not CardIssue.objects.filter(member=member, issued_on__gt=issued_on).exists()
    reach = member.org_id is not None and scope_for(actor).covers_path(member.org.path, write=True)
    if latest and reach and member.status in ACTIVE_STATUSES and member.card_number != number:
        member_services.member_update(actor=actor, member=member, data={"card_number": number})
    return issue
