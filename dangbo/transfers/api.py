"""Transfers with their letters over JSON, mounted at /api/ by ``dangbo.api`` (RULES.md M14; docs/transfers.md):
an org's letters out of and into its subtree as they stood on a date, one letter, the letter as DOCX, issuing a
giấy giới thiệu sinh hoạt đảng (the competent committee — the grassroots one inside its superior's area, the
superior beyond), the receiving side's confirmation, and the members who left and never arrived. Reads through
``transfers.selectors``, every change through ``transfers.services``: another level's letter 403
(``PowerViolation``), a late receipt or an out-of-span stay 400 until ``note`` holds the reason, outside the scope
404."""

import datetime as dt
from typing import Literal

from django.db.models import DateField, Value
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.accounts.scope import scope_for
from dangbo.core.api import ERRORS, Forbidden, In, NoticeOut, Page
from dangbo.core.dates import today
from dangbo.core.docx_format import CONTENT_TYPE as DOCX_TYPE
from dangbo.core.exceptions import OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.orgs.models import Org
from dangbo.transfers import documents, rules, selectors, services
from dangbo.transfers.choices import LetterKind, LetterState, Reason

router = Router(tags=["Chuyển sinh hoạt đảng"])


# --- output --------------------------------------------------------------------------------------------------------

class LetterOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: LetterKind
    kind_name: str
    number: str = Field(description="số giấy giới thiệu")
    issued_on: dt.date = Field(description="ngày giới thiệu")
    issuer_id: int = Field(description="tổ chức có cấp ủy cấp giấy (M14)")
    issuer_name: str
    from_org_id: int = Field(description="chi bộ nơi đi")
    from_org_name: str
    to_org_id: int | None = Field(description="chi bộ nơi đến trong hệ thống")
    to_external: str = Field(description="nơi đến ngoài hệ thống (khi to_org_id null)")
    destination: str = Field(description="tên nơi đến")
    reason: Reason
    reason_name: str
    stay_until: dt.date | None = Field(description="sinh hoạt tạm thời đến ngày")
    decision_ref: str
    present_by: dt.date = Field(description="hạn xuất trình: 30 ngày làm việc sau ngày giới thiệu")
    note: str
    received_on: dt.date | None = Field(description="ngày nơi đến nhận sinh hoạt (hoặc ngày nhận phiếu báo)")
    receipt_note: str = Field(description="lý do chậm, khi xuất trình quá hạn")
    state: LetterState = Field(description="tình trạng vào ngày xét (danh sách) hoặc hôm nay (một giấy)")

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_issuer_name(obj):
        return obj.issuer.name

    @staticmethod
    def resolve_from_org_name(obj):
        return obj.from_org.name

    @staticmethod
    def resolve_destination(obj):
        return obj.destination_name

    @staticmethod
    def resolve_reason_name(obj):
        return obj.get_reason_display()

    @staticmethod
    def resolve_state(obj):
        on = getattr(obj, "state_on", None) or today()
        return rules.state_on(present_by=obj.present_by, received_on=obj.received_on, on=on)


class LetterSavedOut(Schema):
    letter: LetterOut
    notices: list[NoticeOut] = Field(description="điều được phép khi có lý do (đã ghi trong ghi chú)")


# --- input ---------------------------------------------------------------------------------------------------------

class LetterIn(In):
    member: int = Field(description="đảng viên (đang sinh hoạt tại một chi bộ)")
    kind: LetterKind
    issued_on: dt.date = Field(description="ngày giới thiệu")
    reason: Reason
    to_org: int | None = Field(None, description="chi bộ nơi đến trong hệ thống")
    to_external: str = Field("", max_length=255, description="hoặc: tên tổ chức đảng nơi đến ngoài hệ thống")
    stay_until: dt.date | None = Field(None, description="giấy tạm thời: sinh hoạt tạm thời đến ngày")
    number: str = Field("", max_length=40, description="số giấy (để trống: số tiếp theo của cấp ủy cấp giấy)")
    decision_ref: str = Field("", max_length=120, description="quyết định, văn bản làm căn cứ")
    note: str = Field("", description="lý do (bắt buộc khi thời hạn tạm thời ngoài khoảng M14 cho phép)")


class ReceiveIn(In):
    received_on: dt.date = Field(description="ngày đảng viên xuất trình, chi bộ nơi đến nhận sinh hoạt")
    note: str = Field("", description="lý do chậm (bắt buộc khi quá 30 ngày làm việc)")


class LetterFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    direction: Literal["out", "in"] = Field("out", description="out: đảng viên chuyển đi; in: chuyển đến")
    state: LetterState | None = Field(None, description="tình trạng vào ngày xét")
    on: dt.date | None = Field(None, description="ngày xét (mặc định: hôm nay); chỉ các giấy cấp đến ngày này")
    kind: LetterKind | None = None
    q: str = Field("", description="tìm theo họ tên đảng viên (không phân biệt dấu) hoặc số giấy")


class DayFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="ngày xét (mặc định: hôm nay)")


# --- helpers --------------------------------------------------------------------------------------------------------

def _stated(qs, on: dt.date):
    """The rows of a list with the day their state is read on."""
    return qs.annotate(state_on=Value(on, output_field=DateField()))


def _destination(pk: int | None) -> Org | None:
    """Any active cell of the system may receive, read through the public directory (transfers.selectors)."""
    return None if pk is None else selectors.destination_get(pk)


def _saved(result) -> dict:
    return {"letter": result.letter, "notices": list(result.notices)}


# --- endpoints ------------------------------------------------------------------------------------------------------

@router.get("/transfers/letters", response={200: list[LetterOut], **ERRORS},
            summary="Giấy giới thiệu sinh hoạt đảng của đảng viên chuyển đi khỏi (out) hoặc chuyển đến (in) cây của "
                    "một tổ chức, như vào ngày xét; mới nhất trước")
@paginate(Page)
def letter_list(request, filters: Query[LetterFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    on = filters.on or today()
    qs = selectors.letters_of(user=user, org=org, direction=filters.direction, state=filters.state or "", on=on,
                              kind=filters.kind or "", q=filters.q)
    return _stated(qs, on)


@router.get("/transfers/not-arrived", response={200: list[LetterOut], **ERRORS},
            summary="Đảng viên đã chuyển đi nhưng quá hạn 30 ngày làm việc chưa đến nơi mới (M14); hạn sớm nhất trước")
@paginate(Page)
def not_arrived(request, filters: Query[DayFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    on = filters.on or today()
    return _stated(selectors.not_arrived(user=user, org=org, on=on), on)


@router.get("/transfers/letters/{letter_id}", response={200: LetterOut, **ERRORS},
            summary="Một giấy giới thiệu: nơi đi, nơi đến, hạn xuất trình, xác nhận của nơi đến")
def letter_detail(request, letter_id: int):
    return selectors.letter_get(user=request.auth, pk=letter_id)


@router.get("/transfers/letters/{letter_id}/docx", response=ERRORS,
            summary="Giấy giới thiệu sinh hoạt đảng (DOCX, thể thức văn bản của Đảng) với phiếu báo đã nhận",
            openapi_extra={"responses": {200: {"description": "tệp DOCX", "content": {
                DOCX_TYPE: {"schema": {"type": "string", "format": "binary"}}}}}})
def letter_docx(request, letter_id: int):
    letter = selectors.letter_get(user=request.auth, pk=letter_id)
    response = HttpResponse(documents.render(selectors.letter_document(letter)), content_type=DOCX_TYPE)
    name = f"Giấy giới thiệu sinh hoạt đảng {letter.number} - {letter.member.full_name}.docx".replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@router.post("/transfers/letters", response={201: LetterSavedOut, **ERRORS},
             summary="Cấp giấy giới thiệu sinh hoạt đảng (chính thức: đảng viên rời danh sách chi bộ từ ngày giới "
                     "thiệu; tạm thời: vẫn sinh hoạt chính thức ở nơi cũ) — cấp ủy có thẩm quyền theo M14")
def letter_issue(request, payload: LetterIn):
    user = request.auth
    try:
        member = member_selectors.member_get(user=user, pk=payload.member)
    except OutOfScope as exc:
        exc.field = "member"
        raise
    result = services.letter_issue(
        actor=user, member=member, kind=payload.kind.value, issued_on=payload.issued_on,
        reason=payload.reason.value, to_org=_destination(payload.to_org), to_external=payload.to_external,
        stay_until=payload.stay_until, number=payload.number, decision_ref=payload.decision_ref, note=payload.note)
    return Status(201, _saved(result))


@router.post("/transfers/letters/{letter_id}/receive", response={200: LetterSavedOut, **ERRORS},
             summary="Nơi đến xác nhận đảng viên đã xuất trình giấy (giấy ra ngoài hệ thống: nơi đi ghi phiếu báo "
                     "đã nhận gửi về); quá hạn phải ghi lý do")
def letter_receive(request, letter_id: int, payload: ReceiveIn):
    user = request.auth
    letter = selectors.letter_get(user=user, pk=letter_id)
    receiving = letter.to_org or letter.from_org
    if not scope_for(user).covers_path(receiving.path, write=True):
        raise Forbidden(f"Chỉ {receiving.name} xác nhận đã nhận giấy giới thiệu số {letter.number}.")
    result = services.letter_receive(actor=user, letter=letter, received_on=payload.received_on, note=payload.note)
    return _saved(result)
