"""What a member declared as the basis of their dues (RULES D1) and the reliefs granted them (D4), and what an org
sent up to its parent (D2, D5). Nothing is edited: a declaration supersedes the last from its month."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from dangbo.core.api import ERRORS, Id, In
from dangbo.dues import selectors, services
from dangbo.dues.choices import BasisCategory, Channel, Region, ReliefKind
from dangbo.members.api import member_in_scope
from dangbo.members.models import Member
from dangbo.orgs.api import org_in_scope, writable

router = Router(tags=["Đảng phí"])
P = "/dues"


class DeclarationIn(In):
    category: BasisCategory = Field(description="đối tượng đóng đảng phí (RULES D1)")
    valid_from: dt.date = Field(description="áp dụng từ tháng (ngày bất kỳ trong tháng)")
    basis: int | None = Field(None, ge=0, description="số tiền làm căn cứ (đồng); bắt buộc với lương, phụ cấp, "
                                                      "lương hưu, chế độ BHXH")
    region: Region | None = Field(None, description="vùng lương tối thiểu (1–4); bắt buộc với đảng viên khác")
    note: str = Field("", max_length=255)


class DeclarationOut(Schema):
    id: int
    member_id: int
    category: BasisCategory
    basis: int | None
    region: int | None
    valid_from: dt.date
    note: str


class ReliefIn(In):
    kind: ReliefKind = Field(description="miễn, giảm hay chậm đóng")
    percent: int | None = Field(None, description="mức giảm (%), chỉ khi giảm")
    from_month: dt.date
    to_month: dt.date = Field(description="tối đa 12 tháng")
    decision_ref: str = Field(max_length=80)
    decided_on: dt.date
    reason: str = Field(max_length=255)


class ReliefOut(Schema):
    id: int
    member_id: int
    kind: ReliefKind
    percent: int | None
    from_month: dt.date
    to_month: dt.date
    decision_ref: str
    decided_on: dt.date
    reason: str


class RemittanceIn(In):
    month: dt.date = Field(description="tháng của đảng phí (ngày bất kỳ trong tháng)")
    amount: int = Field(description="số tiền nộp (đồng)")
    sent_on: dt.date
    channel: Channel = Channel.BANK


class RemittanceOut(Schema):
    id: int
    from_org_id: int
    to_org_id: int
    month: dt.date
    amount: int
    sent_on: dt.date
    channel: Channel


def _member(user, pk: int, *, write: bool = False) -> Member:
    return member_in_scope(user, pk, "member_id", write)


@router.get(f"{P}/members/{{member_id}}/declarations", response={200: list[DeclarationOut], **ERRORS},
            summary="Các lần kê khai căn cứ đóng đảng phí của một đảng viên, mới nhất trước")
def declaration_list(request, member_id: Id):
    return list(selectors.declarations_of(_member(request.auth, member_id)))


@router.post(f"{P}/members/{{member_id}}/declarations", response={201: DeclarationOut, **ERRORS},
             summary="Kê khai căn cứ đóng đảng phí, áp dụng từ một tháng")
def declaration_create(request, member_id: Id, payload: DeclarationIn):
    user = request.auth
    member = _member(user, member_id, write=True)
    return Status(201, services.declare_basis(
        actor=user, member=member, category=payload.category.value, valid_from=payload.valid_from,
        basis=payload.basis, region=int(payload.region) if payload.region is not None else None, note=payload.note))


@router.get(f"{P}/members/{{member_id}}/reliefs", response={200: list[ReliefOut], **ERRORS},
            summary="Các quyết định miễn, giảm, chậm đóng đảng phí của một đảng viên")
def relief_list(request, member_id: Id):
    return list(selectors.reliefs_of(_member(request.auth, member_id)))


@router.post(f"{P}/members/{{member_id}}/reliefs", response={201: ReliefOut, **ERRORS},
             summary="Ghi quyết định miễn, giảm, chậm đóng đảng phí (tối đa 12 tháng)")
def relief_grant(request, member_id: Id, payload: ReliefIn):
    user = request.auth
    member = _member(user, member_id, write=True)
    return Status(201, services.grant_relief(
        actor=user, member=member, kind=payload.kind.value, from_month=payload.from_month,
        to_month=payload.to_month, decision_ref=payload.decision_ref, decided_on=payload.decided_on,
        reason=payload.reason, percent=payload.percent))


@router.get(f"{P}/orgs/{{org_id}}/remittances", response={200: list[RemittanceOut], **ERRORS},
            summary="Đảng phí một tổ chức đã nộp lên cấp trên, tháng mới nhất trước")
def remittance_list(request, org_id: Id):
    org = org_in_scope(request.auth, org_id, "org_id")
    return list(selectors.remittances_from(user=request.auth, org=org))


@router.post(f"{P}/orgs/{{org_id}}/remittances", response={201: RemittanceOut, **ERRORS},
             summary="Ghi một lần nộp đảng phí lên cấp trên")
def remittance_record(request, org_id: Id, payload: RemittanceIn):
    user = request.auth
    org = writable(user, org_id, "org_id")
    return Status(201, services.record_remittance(actor=user, from_org=org, month=payload.month,
                                                  amount=payload.amount, sent_on=payload.sent_on,
                                                  channel=payload.channel.value))
