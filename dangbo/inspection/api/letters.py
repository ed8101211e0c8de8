"""K5: denunciations — the list and one letter (confidential: the handling inspection commission and the named
officials only, each read logged; the denouncer's name, address and contact are in the answer only for a user
named on the letter with ``may_see_denouncer``, absent otherwise), receiving one, screening, assigning it to a
case, the resolution."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Id, In
from dangbo.inspection import selectors, services
from dangbo.inspection.api.common import (
    TAG,
    P,
    ReadPage,
    case_in_scope,
    letter_in_scope,
    member_in_scope,
    writing,
)
from dangbo.inspection.choices import DenunciationOutcome, DenunciationStatus, NotHandledReason
from dangbo.inspection.models.letters import DENOUNCER_FIELDS
from dangbo.orgs.api import org_in_scope

router = Router(tags=[TAG])

LETTER_FIELDS = ("id", "org_id", "received_on", "anonymous", "repeated", "new_evidence", "specific",
                 "subject_org_id", "subject_member_id", "content", "status", "not_handled_reason", "screening_note",
                 "case_id", "due_on", "resolved_on", "outcome", "outcome_note", "notified_on", "withdrawn_on")


class DenunciationOut(Schema):
    id: int
    org_id: int = Field(description="tổ chức tiếp nhận, giải quyết (phạm vi của hồ sơ)")
    received_on: dt.date
    denouncer_hidden: bool = Field(description="true: người dùng không được biết người tố cáo (các trường "
                                               "denouncer_* không có trong kết quả)")
    denouncer_name: str | None = Field(None, description="chỉ có với người được phân công biết người tố cáo")
    denouncer_address: str | None = Field(None, description="chỉ có với người được phân công biết người tố cáo")
    denouncer_contact: str | None = Field(None, description="chỉ có với người được phân công biết người tố cáo")
    anonymous: bool
    repeated: bool
    new_evidence: bool
    specific: bool
    subject_org_id: int | None
    subject_member_id: int | None
    subject_name: str = Field(description="tổ chức hoặc đảng viên bị tố cáo")
    content: str
    status: DenunciationStatus
    not_handled_reason: NotHandledReason | None
    screening_note: str
    case_id: int | None = Field(description="cuộc giải quyết tố cáo")
    due_on: dt.date | None = Field(description="hạn giải quyết")
    resolved_on: dt.date | None
    outcome: DenunciationOutcome | None
    outcome_note: str
    notified_on: dt.date | None
    withdrawn_on: dt.date | None


def shown(row) -> dict:
    """The letter as the user may see it: the denouncer's identity only when not hidden (else the keys are unset,
    and the operations drop unset keys)."""
    out = {name: getattr(row, name) for name in LETTER_FIELDS}
    out.update(not_handled_reason=row.not_handled_reason or None, outcome=row.outcome or None,
               denouncer_hidden=row.denouncer_hidden,
               subject_name=row.subject_member.full_name if row.subject_member_id else row.subject_org.name)
    if not row.denouncer_hidden:
        out.update({name: getattr(row, name) for name in DENOUNCER_FIELDS})
    return out


class DenunciationFilters(Schema):
    org: Id | None = Field(None, description="tổ chức tiếp nhận (cả cây trực thuộc)")
    status: DenunciationStatus | None = None
    q: str = Field("", max_length=100, description="họ tên đảng viên hoặc tên tổ chức bị tố cáo")


class DenunciationIn(In):
    org: Id = Field(description="tổ chức tiếp nhận")
    received_on: dt.date
    denouncer_name: str = Field("", max_length=200)
    denouncer_address: str = Field("", max_length=300)
    denouncer_contact: str = Field("", max_length=120)
    anonymous: bool = False
    repeated: bool = False
    new_evidence: bool = False
    specific: bool = True
    subject_org: Id | None = Field(None, description="tổ chức bị tố cáo (hoặc subject_member)")
    subject_member: Id | None = Field(None, description="đảng viên bị tố cáo (hoặc subject_org)")
    content: str = Field(max_length=20000)


class ScreenIn(In):
    on: dt.date = Field(description="ngày phân loại")
    note: str = Field("", max_length=2000)


class AssignIn(In):
    case: Id = Field(description="cuộc giải quyết tố cáo")


class ResolveIn(In):
    resolved_on: dt.date
    outcome: DenunciationOutcome
    outcome_note: str = Field(max_length=20000)
    notified_on: dt.date | None = None


class LetterPage(ReadPage):
    """A page of letters, read (logged, masked) and as the user may see them (``shown``)."""

    def paginate_queryset(self, queryset, pagination: ReadPage.Input, request, **params):
        out = super().paginate_queryset(queryset, pagination, request, **params)
        out["items"] = [shown(row) for row in out["items"]]
        return out


def read_again(user, row) -> dict:
    """The letter after a write, as the user may see it (read again through the selector, logged)."""
    return shown(selectors.denunciation_get(user=user, pk=row.pk))


@router.get(f"{P}/denunciations", response={200: list[DenunciationOut], **ERRORS}, exclude_unset=True,
            summary="Các đơn tố cáo người dùng được xem (hồ sơ mật; mỗi lần xem được ghi nhật ký)")
@paginate(LetterPage)
def letter_list(request, filters: Query[DenunciationFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org") if filters.org is not None else None
    return selectors.denunciation_query(user=user, org=org, status=filters.status.value if filters.status else "",
                                        q=filters.q)


@router.get(f"{P}/denunciations/{{denunciation_id}}", response={200: DenunciationOut, **ERRORS}, exclude_unset=True,
            summary="Một đơn tố cáo (người tố cáo chỉ hiện với người được phân công biết)")
def letter_detail(request, denunciation_id: Id):
    return shown(letter_in_scope(request.auth, denunciation_id))


@router.post(f"{P}/denunciations", response={201: DenunciationOut, **ERRORS}, exclude_unset=True,
             summary="Tiếp nhận một đơn tố cáo (người tiếp nhận được biết người tố cáo)")
def letter_receive(request, payload: DenunciationIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    data = payload.dict(exclude={"org", "subject_org", "subject_member"})
    data.update(subject_org=org_in_scope(user, payload.subject_org, "subject_org") if payload.subject_org else None,
                subject_member=member_in_scope(user, payload.subject_member, "subject_member")
                if payload.subject_member else None)
    with writing("org"):
        row = services.denunciation_receive(actor=user, org=org, data=data)
    return Status(201, read_again(user, row))


@router.post(f"{P}/denunciations/{{denunciation_id}}/screen", response={200: DenunciationOut, **ERRORS},
             exclude_unset=True, summary="Phân loại đơn: đủ điều kiện giải quyết (tính thời hạn) hoặc không xem xét")
def letter_screen(request, denunciation_id: Id, payload: ScreenIn):
    user = request.auth
    row = letter_in_scope(user, denunciation_id)
    with writing("denunciation_id"):
        row = services.denunciation_screen(actor=user, denunciation=row, on=payload.on, note=payload.note)
    return read_again(user, row)


@router.post(f"{P}/denunciations/{{denunciation_id}}/assign", response={200: DenunciationOut, **ERRORS},
             exclude_unset=True, summary="Giao đơn cho một cuộc giải quyết tố cáo")
def letter_assign(request, denunciation_id: Id, payload: AssignIn):
    user = request.auth
    row = letter_in_scope(user, denunciation_id)
    case = case_in_scope(user, payload.case, "case")
    with writing("denunciation_id"):
        row = services.denunciation_assign(actor=user, denunciation=row, case=case)
    return read_again(user, row)


@router.post(f"{P}/denunciations/{{denunciation_id}}/resolve", response={200: DenunciationOut, **ERRORS},
             exclude_unset=True, summary="Ghi kết quả giải quyết tố cáo và ngày thông báo người tố cáo")
def letter_resolve(request, denunciation_id: Id, payload: ResolveIn):
    user = request.auth
    row = letter_in_scope(user, denunciation_id)
    with writing("denunciation_id"):
        row = services.denunciation_resolve(actor=user, denunciation=row, resolved_on=payload.resolved_on,
                                            outcome=payload.outcome.value, outcome_note=payload.outcome_note,
                                            notified_on=payload.notified_on)
    return read_again(user, row)
