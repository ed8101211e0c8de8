"""K3: an org's term programmes and year plans of inspection and supervision, and their items (not confidential:
read with the org's read scope or an inspection grant; written by the org's committee or its commission)."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Id, In, Page
from dangbo.inspection import selectors, services
from dangbo.inspection.api.common import TAG, P, member_in_scope, plan_item_in_scope, programme_in_scope
from dangbo.inspection.choices import Body, ProgrammeKind, WorkKind
from dangbo.orgs.api import org_in_scope

router = Router(tags=[TAG])


class ProgrammeOut(Schema):
    id: int
    org_id: int = Field(description="tổ chức ban hành (phạm vi)")
    org_name: str
    body: Body
    kind: ProgrammeKind
    year: int | None
    first_year: int | None
    last_year: int | None
    title: str
    adopted_on: dt.date
    document_number: str

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class ProgrammeFilters(Schema):
    org: Id | None = Field(None, description="tổ chức (cả cây trực thuộc)")
    year: int | None = Field(None, ge=1945, le=2100, description="năm (kế hoạch năm, hoặc nhiệm kỳ chứa năm)")
    kind: ProgrammeKind | None = None


class ProgrammeIn(In):
    org: Id = Field(description="tổ chức ban hành")
    body: Body = Body.COMMITTEE
    kind: ProgrammeKind
    year: int | None = Field(None, ge=1945, le=2100, description="năm của kế hoạch năm")
    first_year: int | None = Field(None, ge=1945, le=2100, description="năm đầu nhiệm kỳ (chương trình)")
    last_year: int | None = Field(None, ge=1945, le=2100, description="năm cuối nhiệm kỳ (chương trình)")
    title: str = Field(max_length=255)
    adopted_on: dt.date
    document_number: str = Field("", max_length=60)


class ItemOut(Schema):
    id: int
    programme_id: int
    kind: WorkKind
    org_id: int | None = Field(description="tổ chức là đối tượng")
    member_id: int | None = Field(description="đảng viên là đối tượng")
    topic: str
    month: int | None
    quarter: int | None


class ItemProgressOut(ItemOut):
    cases_count: int = Field(description="số cuộc kiểm tra, giám sát đã thực hiện nội dung này")


class ItemIn(In):
    kind: WorkKind
    org: Id | None = Field(None, description="tổ chức là đối tượng (hoặc member)")
    member: Id | None = Field(None, description="đảng viên là đối tượng (hoặc org)")
    topic: str = Field(max_length=500)
    month: int | None = Field(None, ge=1, le=12)
    quarter: int | None = Field(None, ge=1, le=4)


@router.get(f"{P}/programmes", response={200: list[ProgrammeOut], **ERRORS},
            summary="Chương trình kiểm tra, giám sát nhiệm kỳ và kế hoạch năm của các tổ chức trong phạm vi")
@paginate(Page)
def programme_list(request, filters: Query[ProgrammeFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org") if filters.org is not None else None
    return selectors.programme_list(user=user, org=org, year=filters.year,
                                    kind=filters.kind.value if filters.kind else "")


@router.get(f"{P}/programmes/{{programme_id}}", response={200: ProgrammeOut, **ERRORS},
            summary="Một chương trình, kế hoạch kiểm tra, giám sát")
def programme_detail(request, programme_id: Id):
    return programme_in_scope(request.auth, programme_id)


@router.post(f"{P}/programmes", response={201: ProgrammeOut, **ERRORS},
             summary="Ban hành chương trình kiểm tra, giám sát nhiệm kỳ hoặc kế hoạch năm")
def programme_create(request, payload: ProgrammeIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    data = payload.dict(exclude={"org"})
    data.update(body=payload.body.value, kind=payload.kind.value)
    return Status(201, services.programme_save(actor=user, org=org, data=data))


@router.get(f"{P}/programmes/{{programme_id}}/items", response={200: list[ItemProgressOut], **ERRORS},
            summary="Các nội dung của một kế hoạch, với số cuộc đã thực hiện từng nội dung (tiến độ)")
def item_list(request, programme_id: Id):
    return list(selectors.plan_items(programme_in_scope(request.auth, programme_id)))


@router.get(f"{P}/plan-items/{{item_id}}", response={200: ItemOut, **ERRORS},
            summary="Một nội dung của kế hoạch kiểm tra, giám sát")
def item_detail(request, item_id: Id):
    return plan_item_in_scope(request.auth, item_id)


@router.post(f"{P}/programmes/{{programme_id}}/items", response={201: ItemOut, **ERRORS},
             summary="Thêm một nội dung vào kế hoạch kiểm tra, giám sát")
def item_create(request, programme_id: Id, payload: ItemIn):
    user = request.auth
    programme = programme_in_scope(user, programme_id)
    data = payload.dict(exclude={"org", "member"})
    data.update(kind=payload.kind.value,
                org=org_in_scope(user, payload.org, "org") if payload.org is not None else None,
                member=member_in_scope(user, payload.member, "member") if payload.member is not None else None)
    return Status(201, services.plan_item_save(actor=user, programme=programme, data=data))
