"""Every write of party dues: scoped for writing on the member's cell (outside it: not found), checked against
RULES D1/D4/D5, audited. Nothing is edited in place: declarations supersede, payments are reversed."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, Sum

from dangbo.accounts import audit
from dangbo.accounts.models import AuditEntry
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError
from dangbo.core.iters import batched
from dangbo.core.sql import ids_in, insert_returning
from dangbo.dues import rules
from dangbo.dues.book_selectors import org_kind
from dangbo.dues.choices import BasisCategory, Channel, Region
from dangbo.dues.models import Declaration, Payment, Relief, Remittance
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.orgs.models import Org

NEEDS_BASIS = (BasisCategory.SALARY, BasisCategory.SICK_LEAVE, BasisCategory.STIPEND, BasisCategory.PENSION)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _member_cell(actor, member: Member) -> Org:
    member = Member.objects.select_related("org").get(pk=member.pk)
    if member.org_id is None:
        raise DomainError(f"Đồng chí {member.full_name} hiện không sinh hoạt tại chi bộ nào.", field="member")
    scope_for(actor).require_path(member.org.path, write=True)
    return member.org


def _text(value: str, field: str, label: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise DomainError(f"Phải ghi {label}.", field=field)
    return value


def _whole(value, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(f"{label} phải là số đồng nguyên, không âm.", field=field)
    return value


@transaction.atomic
def declare_basis(*, actor, member: Member, category: str, valid_from: dt.date, basis: int | None = None,
                  region: int | None = None, note: str = "") -> Declaration:
    """RULES D1 (01-QĐ/TW art. 2: members declare their income to the cell): a new declaration from the month of
    ``valid_from``; the earlier ones stay as history and stop applying from that month."""
    cell = _member_cell(actor, member)
    if category not in BasisCategory.values:
        raise DomainError(f"Đối tượng đóng đảng phí “{category}” không hợp lệ.", field="category")
    if category in NEEDS_BASIS:
        if basis is None:
            raise DomainError("Phải ghi số tiền làm căn cứ đóng đảng phí.", field="basis")
        basis = _whole(basis, "basis", "Số tiền làm căn cứ")
    elif basis is not None:
        basis = _whole(basis, "basis", "Số tiền làm căn cứ")
    if region is not None and region not in Region.values:
        raise DomainError("Vùng lương tối thiểu phải là vùng I, II, III hoặc IV.", field="region")
    if category == BasisCategory.OTHER and region is None:
        raise DomainError("Phải chọn vùng lương tối thiểu nơi đảng viên sinh hoạt.", field="region")
    row = Declaration.objects.create(member=member, category=category, basis=basis, region=region,
                                     valid_from=rules.month_start(valid_from), note=" ".join(note.split()),
                                     created_by=_user(actor))
    audit.record(actor=actor, action="dues_declare", instance=row, before=None, org_path=cell.path)
    return row


@transaction.atomic
def grant_relief(*, actor, member: Member, kind: str, from_month: dt.date, to_month: dt.date, decision_ref: str,
                 decided_on: dt.date, reason: str, percent: int | None = None) -> Relief:
    """RULES D4: an exemption, a 30/50/70% cut or a deferral, for at most 12 months, on a decision; one relief at
    a time for a month."""
    cell = _member_cell(actor, member)
    from_month, to_month = rules.month_start(from_month), rules.month_start(to_month)
    rules.check_relief(kind=kind, percent=percent, from_month=from_month, to_month=to_month)
    decision_ref = _text(decision_ref, "decision_ref", "số quyết định")
    reason = _text(reason, "reason", "lý do miễn, giảm, chậm đóng")
    if not isinstance(decided_on, dt.date):
        raise DomainError("Phải ghi ngày quyết định.", field="decided_on")
    clash = Relief.objects.filter(member=member, from_month__lte=to_month, to_month__gte=from_month).first()
    if clash is not None:
        raise DomainError(f"Đã có quyết định {clash.decision_ref} ({clash.from_month:%m/%Y}–{clash.to_month:%m/%Y}) "
                          "trùng thời gian.", field="from_month")
    row = Relief.objects.create(member=member, kind=kind, percent=percent if kind == "reduce" else None,
                                from_month=from_month, to_month=to_month, decision_ref=decision_ref,
                                decided_on=decided_on, reason=reason, created_by=_user(actor))
    audit.record(actor=actor, action="dues_relief_grant", instance=row, before=None, org_path=cell.path)
    return row


def _registered_in(member: Member, org: Org, month: dt.date) -> bool:
    last = rules.add_months(month, 1)
    return Registration.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=month), member=member, org=org, kind=RegistrationKind.OFFICIAL,
        valid_from__lt=last).exists()


@transaction.atomic
def record_payment(*, actor, member: Member, org: Org, month: dt.date, amount: int, paid_on: dt.date,
                   channel: str = Channel.CASH, note: str = "") -> Payment:
    """RULES D5: a member's payment for ``month`` collected by ``org`` (the cell they were registered in that
    month), any channel recorded; a member may pay more than due (D1)."""
    scope_for(actor).require_path(org.path, write=True)
    month = rules.month_start(month)
    rules.check_payment(amount)
    if channel not in Channel.values:
        raise DomainError(f"Hình thức nộp “{channel}” không hợp lệ.", field="channel")
    if not isinstance(paid_on, dt.date):
        raise DomainError("Phải ghi ngày đóng.", field="paid_on")
    if not _registered_in(member, org, month):
        raise DomainError(f"Tháng {month:%m/%Y} đồng chí {member.full_name} không sinh hoạt tại {org.name}.",
                          field="member")
    row = Payment.objects.create(member=member, org=org, month=month, amount=amount, paid_on=paid_on,
                                 channel=channel, note=" ".join(note.split()), created_by=_user(actor))
    audit.record(actor=actor, action="dues_payment_record", instance=row, before=None, org_path=org.path)
    return row


@transaction.atomic
def reverse_payment(*, actor, payment: Payment, on: dt.date, reason: str) -> Payment:
    """RULES D5: a wrong payment is cancelled by a row of the opposite amount, never edited or deleted."""
    payment = Payment.objects.select_for_update(of=("self",)).select_related("org").get(pk=payment.pk)
    scope_for(actor).require_path(payment.org.path, write=True)
    reason = _text(reason, "reason", "lý do hủy khoản thu")
    if payment.reversal_of_id is not None:
        raise DomainError("Không hủy một bút toán hủy; hãy ghi lại khoản thu đúng.", field="payment")
    if Payment.objects.filter(reversal_of=payment).exists():
        raise DomainError("Khoản thu này đã được hủy.", field="payment")
    row = Payment.objects.create(member_id=payment.member_id, org=payment.org, month=payment.month,
                                 amount=-payment.amount, paid_on=on, channel=payment.channel, reversal_of=payment,
                                 note=reason, created_by=_user(actor))
    audit.record(actor=actor, action="dues_payment_reverse", instance=row, before=None, org_path=payment.org.path)
    return row


@transaction.atomic
def record_remittance(*, actor, from_org: Org, month: dt.date, amount: int, sent_on: dt.date,
                      channel: str = Channel.BANK) -> Remittance:
    """RULES D2, D5: what ``from_org`` sent to its parent for ``month``."""
    scope_for(actor).require_path(from_org.path, write=True)
    to_org = Org.objects.get_parent(from_org)
    if to_org is None:
        raise DomainError(f"{from_org.name} không có cấp trên để nộp.", field="from_org")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError("Số tiền nộp phải là số đồng nguyên dương.", field="amount")
    if channel not in Channel.values:
        raise DomainError(f"Hình thức nộp “{channel}” không hợp lệ.", field="channel")
    row = Remittance.objects.create(from_org=from_org, to_org=to_org, month=rules.month_start(month), amount=amount,
                                    sent_on=sent_on, channel=channel, created_by=_user(actor))
    audit.record(actor=actor, action="dues_remit", instance=row, before=None, org_path=from_org.path)
    return row


@transaction.atomic
def record_payments(*, actor, org: Org, month: dt.date, entries: list[tuple[Member, int, dt.date]],
                    channel: str = Channel.CASH) -> list[Payment]:
    """The cell's monthly collection sheet saved at once: each ticked member's payment (``record_payment``); one
    refusal and nothing of the sheet is saved."""
    return [record_payment(actor=actor, member=member, org=org, month=month, amount=amount, paid_on=paid_on,
                           channel=channel) for member, amount, paid_on in entries]


def _subtree(org: Org):
    """The orgs of ``org``'s subtree, the prefix also as a range: SQLite's LIKE ignores case and the path index."""
    return Org.objects.filter(path__startswith=org.path, path__gte=org.path, path__lt=org.path + "~")


@transaction.atomic
def record_collection(*, actor, org: Org, month: dt.date, entries: list[tuple[int, int, int]], paid_on: dt.date,
                      channel: str = Channel.CASH) -> int:
    """The month's collection of every cell of the subtree of ``org`` at once (``record_payments`` for a province):
    ``entries`` (member id, cell id, amount) checked as ``record_payment`` does — the member registered in that
    cell in the month, read in one query for the subtree — then written with one audit entry each, in batches.
    One refusal and nothing is saved. Returns the number of payments."""
    scope_for(actor).require_path(org.path, write=True)
    month = rules.month_start(month)
    if channel not in Channel.values:
        raise DomainError(f"Hình thức nộp “{channel}” không hợp lệ.", field="channel")
    if not isinstance(paid_on, dt.date):
        raise DomainError("Phải ghi ngày đóng.", field="paid_on")
    for _member_id, _cell_id, amount in entries:
        rules.check_payment(amount)
    paths = dict(_subtree(org).values_list("pk", "path"))
    registered: set[tuple[int, int]] = set()
    for chunk in batched(list(paths), 20_000):
        registered.update(Registration.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=month), ids_in(Registration, "org_id", chunk),
            kind=RegistrationKind.OFFICIAL, valid_from__lt=rules.add_months(month, 1))
            .values_list("member_id", "org_id"))
    for member_id, cell_id, _amount in entries:
        if (member_id, cell_id) not in registered:
            member = Member.objects.get(pk=member_id)
            raise DomainError(f"Tháng {month:%m/%Y} đồng chí {member.full_name} không sinh hoạt tại tổ chức được "
                              "ghi thu.", field="member")
    user = _user(actor)
    for part in batched(entries, 20_000):
        rows = [Payment(member_id=member_id, org_id=cell_id, month=month, amount=amount, paid_on=paid_on,
                        channel=channel, created_by=user) for member_id, cell_id, amount in part]
        insert_returning(Payment, rows)
        insert_returning(AuditEntry, [audit.entry(actor=actor, action="dues_payment_record", instance=row,
                                                  before=None, org_path=paths[row.org_id]) for row in rows])
    return len(entries)


@transaction.atomic
def remit_subtree(*, actor, org: Org, month: dt.date, sent_on: dt.date, channel: str = Channel.BANK) -> int:
    """RULES D2, D5 for a whole subtree: every org below ``org`` that has not remitted for ``month`` sends its
    parent what it has to send up (what it collected plus what its children sent it, less its share), deepest
    level first so each level sends on what it received; one audit entry per remittance. Returns their number."""
    scope_for(actor).require_path(org.path, write=True)
    month = rules.month_start(month)
    orgs = list(_subtree(org).select_related("type", "kind").order_by("-depth"))
    income: dict[int, int] = {}
    done: dict[int, int] = {}
    for chunk in batched([o.pk for o in orgs], 20_000):
        income.update(Payment.objects.filter(ids_in(Payment, "org_id", chunk), month=month)
                      .values("org_id").annotate(t=Sum("amount")).values_list("org_id", "t"))
        done.update(Remittance.objects.filter(ids_in(Remittance, "from_org_id", chunk), month=month)
                    .values("from_org_id").annotate(t=Sum("amount")).values_list("from_org_id", "t"))
    by_path = {o.path: o for o in orgs}
    rows = []
    for child in orgs:
        if child.pk == org.pk:
            continue
        parent = by_path[child.path[:-child.steplen]]
        if child.pk in done:  # sent already (a re-run, a hand entry): the parent received that
            income[parent.pk] = income.get(parent.pk, 0) + done[child.pk]
            continue
        _kept, to_send = rules.split(income.get(child.pk, 0), month=month, org_kind=org_kind(child))
        if to_send <= 0:
            continue
        income[parent.pk] = income.get(parent.pk, 0) + to_send
        rows.append(Remittance(from_org_id=child.pk, to_org_id=parent.pk, month=month, amount=to_send,
                               sent_on=sent_on, channel=channel, created_by=_user(actor)))
    paths = {o.pk: o.path for o in orgs}
    for part in batched(rows, 20_000):
        insert_returning(Remittance, part)
        insert_returning(AuditEntry, [audit.entry(actor=actor, action="dues_remit", instance=row, before=None,
                                                  org_path=paths[row.from_org_id]) for row in part])
    return len(rows)
