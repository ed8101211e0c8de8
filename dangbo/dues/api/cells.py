"""A cell's dues for a month (RULES D1, D4), recording a payment and reversing a wrong one (D5)."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from dangbo.core.api import ERRORS, Id, In, require_write
from dangbo.core.exceptions import OutOfScope
from dangbo.dues import selectors, services
from dangbo.dues.choices import Channel
from dangbo.members.api import member_in_scope
from dangbo.orgs.api import org_in_scope, writable

router = Router(tags=["Đảng phí"])
P = "/dues"


class DueOut(Schema):
    member_id: int
    member_name: str
    month: dt.date
    regime: str = Field(description="342 (342-QĐ/TW) hoặc 01 (01-QĐ/TW), theo tháng của đảng phí")
    category: str | None = Field(description="đối tượng đã kê khai (null: chưa kê khai)")
    full: int | None = Field(description="mức đóng trước miễn, giảm (đồng)")
    amount: int | None = Field(description="mức phải đóng (đồng); null: chưa xác định được, xem why")
    exempt: bool
    deferred: bool
    paid: int
    why: str


class DuesFilters(Schema):
    org: int = Field(description="chi bộ")
    month: dt.date = Field(description="ngày bất kỳ trong tháng của đảng phí")


class PaymentIn(In):
    member: int
    org: int = Field(description="chi bộ thu")
    month: dt.date
    amount: int = Field(description="số tiền (đồng); được đóng cao hơn mức phải đóng")
    paid_on: dt.date
    channel: Channel = Channel.CASH
    note: str = Field("", max_length=255)


class ReversalIn(In):
    on: dt.date = Field(description="ngày hủy")
    reason: str = Field(max_length=255, description="lý do hủy khoản thu")


class PaymentOut(Schema):
    id: int
    member_id: int
    org_id: int
    month: dt.date
    amount: int
    paid_on: dt.date
    channel: Channel
    reversal_of_id: int | None


@router.get(f"{P}/cell", response={200: list[DueOut], **ERRORS}, summary="Đảng phí của chi bộ trong một tháng")
def cell_dues(request, filters: Query[DuesFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    rows = selectors.cell_dues(user=request.auth, org=org, month=filters.month)
    return [{"member_id": r.member.pk, "member_name": r.member.full_name, "month": r.due.month,
             "regime": r.due.regime, "category": r.declaration.category if r.declaration else None,
             "full": r.due.full, "amount": r.due.amount, "exempt": r.due.exempt, "deferred": r.due.deferred,
             "paid": r.paid, "why": r.due.why} for r in rows]


@router.post(f"{P}/payments", response={201: PaymentOut, **ERRORS}, summary="Ghi thu đảng phí của một đảng viên")
def payment_record(request, payload: PaymentIn):
    user = request.auth
    member = member_in_scope(user, payload.member, "member")
    org = writable(user, payload.org, "org")
    payment = services.record_payment(actor=user, member=member, org=org, month=payload.month,
                                      amount=payload.amount, paid_on=payload.paid_on, channel=payload.channel,
                                      note=payload.note)
    return Status(201, payment)


@router.post(f"{P}/payments/{{payment_id}}/reversal", response={201: PaymentOut, **ERRORS},
             summary="Hủy một khoản thu ghi sai bằng bút toán đối ứng (không sửa, không xóa)")
def payment_reverse(request, payment_id: Id, payload: ReversalIn):
    user = request.auth
    try:
        payment = selectors.payment_read(user=user, pk=payment_id)
    except OutOfScope as exc:
        exc.field = "payment_id"
        raise
    require_write(user, payment.org.path, field="payment_id")
    return Status(201, services.reverse_payment(actor=user, payment=payment, on=payload.on, reason=payload.reason))
