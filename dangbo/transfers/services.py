"""Writes of transfers with their letters, each checked against M14, power-checked and audited. The lifecycle
facts go through ``members.services.event_record``, which checks the member's history as for any other fact."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import Notice, PowerViolation, RuleViolation, require_reasons
from dangbo.core.uniqueness import UniqueKey, unique_write
from dangbo.members import services as member_services
from dangbo.members.choices import ACTIVE_STATUSES, EventKind
from dangbo.members.models import Member
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import grassroots_of
from dangbo.transfers import rules
from dangbo.transfers.choices import LetterKind, Reason
from dangbo.transfers.models import TransferLetter
from dangbo.workdays.rules import deadline_years
from dangbo.workdays.selectors import calendar_for

# The issuer is the actor's own committee (M14), so a number it already gave is in scope and may be named.
NUMBER_KEY = UniqueKey("số giấy giới thiệu", "number", "giấy này")


@dataclass
class LetterResult:
    letter: TransferLetter
    notices: tuple[Notice, ...]


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def issuer_of(member_org: Org, to_org: Org | None) -> Org:
    """The committee competent to issue the letter (M14), as an org of the tree."""
    grassroots = grassroots_of(member_org)
    path = rules.issuer_path(grassroots_path=grassroots.path, destination_path=to_org.path if to_org else None,
                             steplen=Org.steplen)
    return grassroots if path == grassroots.path else Org.objects.get(path=path)


def may_issue(actor, member_org: Org, to_org: Org | None = None) -> bool:
    """Whether ``actor`` may issue a letter for a member of ``member_org``: the grassroots committee always covers
    a move inside its superior's area; a move further out needs the superior."""
    return scope_for(actor).may_decide_for(issuer_of(member_org, to_org).path)


def _next_number(issuer: Org, year: int) -> str:
    issued = TransferLetter.objects.filter(issuer=issuer, issued_on__year=year).count()
    suffix = (issuer.code or "").upper() or "ĐU"
    while True:  # a number typed by hand may already hold the next slot
        issued += 1
        number = f"{issued:02d}-GGT/{suffix}"
        if not TransferLetter.objects.filter(issuer=issuer, number=number).exists():
            return number


def _require_cell(org: Org, on: dt.date, field: str) -> None:
    if not org.type.is_cell:
        raise RuleViolation(rules.M14, f"{org.name} không phải chi bộ; đảng viên chỉ sinh hoạt tại chi bộ.",
                            field=field)
    if org.founded_on > on or (org.ended_on is not None and org.ended_on <= on):
        raise RuleViolation(rules.M14, f"{org.name} không hoạt động ngày {format_date(on)}.", field=field)


@transaction.atomic
def letter_issue(*, actor, member: Member, kind: str, issued_on: dt.date, reason: str, to_org: Org | None = None,
                 to_external: str = "", stay_until: dt.date | None = None, number: str = "", decision_ref: str = "",
                 note: str = "") -> LetterResult:
    """Issue a giấy giới thiệu sinh hoạt đảng. Official: the member leaves the sending cell's list today
    (``transfer_out``) and is on no list until the receiving cell confirms. Temporary: the temporary registration
    starts at the receiving cell (``temp_transfer``) while the official one stays home."""
    if kind not in LetterKind.values:
        raise DomainError(f"Loại giấy “{kind}” không hợp lệ.", field="kind")
    if reason not in Reason.values:
        raise DomainError(f"Lý do “{reason}” không hợp lệ.", field="reason")
    member = Member.objects.select_for_update(of=("self",)).select_related("org__type").get(pk=member.pk)
    scope_for(actor).require_path(member.org.path if member.org else "")
    if member.status not in ACTIVE_STATUSES or member.org is None:
        raise RuleViolation(rules.M14, f"Đồng chí {member.full_name} không đang sinh hoạt tại chi bộ nào: không thể "
                            "giới thiệu sinh hoạt đảng.", field="member")
    rules.check_destination(kind=kind, reason=reason, from_org_id=member.org_id,
                            to_org_id=to_org.pk if to_org else None, to_external=to_external)
    if to_org is not None:
        _require_cell(to_org, issued_on, "to_org")
    issuer = issuer_of(member.org, to_org)
    if not scope_for(actor).may_decide_for(issuer.path):
        raise PowerViolation(rules.M14_POWER, f"Giấy giới thiệu sinh hoạt đảng của đồng chí {member.full_name} đến "
                             f"{to_org.name if to_org else to_external} do {issuer.name} cấp; tài khoản của bạn không "
                             "có quyền ở cấp đó.")
    open_letter = TransferLetter.objects.filter(member=member, received_on__isnull=True).first()
    if open_letter is not None:
        raise RuleViolation(rules.M14, f"Đồng chí {member.full_name} đang có giấy giới thiệu số {open_letter.number} "
                            f"({format_date(open_letter.issued_on)}) chưa được nơi đến xác nhận.", field="member")
    notices = []
    if kind == LetterKind.TEMPORARY:
        notice = rules.temporary_notice(reason=reason, issued_on=issued_on, stay_until=stay_until)
        notices = [notice] if notice else []
    else:
        stay_until = None
    require_reasons(notices, note)
    number = " ".join(number.split()) or _next_number(issuer, issued_on.year)
    if TransferLetter.objects.filter(issuer=issuer, number=number).exists():
        raise DomainError(f"{issuer.name} đã cấp giấy giới thiệu số {number}.", field="number")
    letter = TransferLetter(
        member=member, kind=kind, number=number, issued_on=issued_on, issuer=issuer, from_org=member.org,
        to_org=to_org, to_external=to_external.strip(), reason=reason, stay_until=stay_until,
        decision_ref=decision_ref.strip(), note=note.strip(), created_by=_user(actor),
        present_by=rules.present_by(calendar_for(deadline_years(issued_on, rules.PRESENT_WITHIN)), issued_on),
    )
    words = f"Giấy giới thiệu sinh hoạt đảng số {number}"
    if kind == LetterKind.OFFICIAL:
        letter.out_event = member_services.event_record(
            actor=actor, member=member, kind=EventKind.TRANSFER_OUT, date=issued_on,
            external_org=letter.destination_name, decision_ref=decision_ref or number, decided_by=issuer.name,
            note=words)
    elif to_org is not None:
        letter.out_event = member_services.event_record(
            actor=actor, member=member, kind=EventKind.TEMP_TRANSFER, date=issued_on, org=to_org,
            decision_ref=decision_ref or number, decided_by=issuer.name, note=words)
    with unique_write(NUMBER_KEY, lambda: TransferLetter.objects.filter(issuer=issuer, number=number).exists()):
        letter.save()
    audit.record(actor=actor, action="transfer_letter_issue", instance=letter, before=None,
                 org_path=letter.from_org.path)
    return LetterResult(letter, tuple(notices))


@transaction.atomic
def letter_receive(*, actor, letter: TransferLetter, received_on: dt.date, note: str = "") -> LetterResult:
    """The receiving side confirms the member presented the letter. In the system: the receiving cell, which puts
    an official transfer on its list (``transfer_in``). Out of the system: the sending side records the returned
    stub (phiếu báo đã nhận). Late: recorded with the reason (M14)."""
    letter = TransferLetter.objects.select_for_update(of=("self",)).select_related(
        "member", "to_org__type", "from_org").get(pk=letter.pk)
    if letter.received_on is not None:
        raise RuleViolation(rules.M14, f"Giấy giới thiệu số {letter.number} đã được xác nhận ngày "
                            f"{format_date(letter.received_on)}.", field="received_on")
    receiving = letter.to_org or letter.from_org
    scope_for(actor).require_path(receiving.path, write=True)
    cal = calendar_for(range(letter.issued_on.year, max(received_on.year, letter.present_by.year) + 1))
    notice = rules.receipt_notice(cal, issued_on=letter.issued_on, present_by=letter.present_by,
                                  received_on=received_on)
    notices = [notice] if notice else []
    require_reasons(notices, note)
    before = audit.snapshot(letter)
    if letter.kind == LetterKind.OFFICIAL and letter.to_org is not None:
        _require_cell(letter.to_org, received_on, "received_on")
        letter.in_event = member_services.event_record(
            actor=actor, member=letter.member, kind=EventKind.TRANSFER_IN, date=received_on, org=letter.to_org,
            external_org=letter.from_org.name, decision_ref=letter.number, decided_by=letter.issuer.name,
            note=f"Nhận sinh hoạt theo giấy giới thiệu số {letter.number}")
    letter.received_on = received_on
    letter.receipt_note = note.strip()
    letter.received_by = _user(actor)
    letter.save(update_fields=["received_on", "receipt_note", "received_by", "in_event"])
    audit.record(actor=actor, action="transfer_letter_receive", instance=letter, before=before,
                 org_path=receiving.path)
    return LetterResult(letter, tuple(notices))
