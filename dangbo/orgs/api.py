"""The org tree over JSON: reads through ``orgs.selectors``, restructuring through ``orgs.services``."""

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.members.choices import MemberStatus
from dangbo.members.selectors import status_counts
from dangbo.orgs import selectors, services
from dangbo.orgs.models import Org, OrgKind, OrgStatus, OrgType

router = Router(tags=["Tổ chức đảng"])
STEP = Org.steplen


class OrgOut(Schema):
    id: int
    name: str
    code: str | None
    type: str = Field(description="mã loại tổ chức (dang_bo_co_so, chi_bo_truc_thuoc, …)")
    type_name: str
    level_rank: int = Field(description="thứ bậc cấp, 1 là cao nhất")
    kind: str | None = Field(description="mã loại hình (xa, thon, …)")
    kind_name: str | None
    is_cell: bool
    status: OrgStatus
    founded_on: dt.date
    ended_on: dt.date | None
    place: str
    depth: int
    parent_id: int | None

    @staticmethod
    def resolve_type(obj):
        return obj.type.code

    @staticmethod
    def resolve_type_name(obj):
        return obj.type.name

    @staticmethod
    def resolve_level_rank(obj):
        return obj.type.level.rank

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.code if obj.kind_id else None

    @staticmethod
    def resolve_kind_name(obj):
        return obj.kind.name if obj.kind_id else None

    @staticmethod
    def resolve_is_cell(obj):
        return obj.type.is_cell

    @staticmethod
    def resolve_parent_id(obj):
        if hasattr(obj, "parent_pk"):
            return obj.parent_pk
        # A single object (after a write) was not annotated: one indexed lookup.
        return Org.objects.filter(path=obj.path[:-STEP]).values_list("pk", flat=True).first() if obj.depth > 1 else None


class StatusCountsOut(Schema):
    probationary: int = 0
    official: int = 0
    transferred_out: int = 0
    struck_off: int = 0
    dismissed: int = 0
    expelled: int = 0
    deceased: int = 0
    active: int = Field(0, description="dự bị + chính thức")
    exempt: int = Field(0, description="đang sinh hoạt và được miễn công tác, sinh hoạt")


class OrgDetailOut(OrgOut):
    counts: StatusCountsOut = Field(description="đảng viên của cả cây bên dưới, theo trạng thái")


class PlacementOut(Schema):
    org_id: int
    parent_id: int | None
    name: str = Field(description="tên tại ngày được hỏi")
    depth: int = Field(description="độ sâu trong cây tại ngày được hỏi (1 là gốc)")
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="hết hiệu lực từ ngày (không tính ngày này); null là đến nay")

    @staticmethod
    def resolve_depth(obj):
        return len(obj.path) // STEP


class OrgFilters(Schema):
    q: str = Field("", description="tìm theo tên, không phân biệt dấu")
    type: str = Field("", description="mã loại tổ chức")
    kind: str = Field("", description="mã loại hình")
    within: int | None = Field(None, description="chỉ trong cây của tổ chức này")
    include_ended: bool = Field(False, description="gồm cả tổ chức đã kết thúc hoạt động")


class OrgCreateIn(In):
    parent_id: int | None = Field(description="tổ chức cấp trên; null là tổ chức cấp cao nhất (quản trị hệ thống)")
    name: str = Field(max_length=255)
    type: str = Field(description="mã loại tổ chức")
    kind: str | None = Field(None, description="mã loại hình")
    founded_on: dt.date
    code: str | None = Field(None, max_length=40)
    place: str = Field("", max_length=120)
    decision_ref: str = Field("", max_length=80)


class RenameIn(In):
    name: str = Field(max_length=255)
    on: dt.date
    decision_ref: str = Field("", max_length=80)


class TransferIn(In):
    new_parent_id: int
    on: dt.date
    decision_ref: str = Field("", max_length=80)
    note: str = ""


def org_in_scope(user, pk, field: str | None = None, write: bool = False) -> Org:
    """The org ``pk`` as the API reads it for every app: 404 naming ``field`` outside the scope, 403 when it must
    be written and the user may only read it."""
    try:
        org = selectors.org_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise
    if write:
        require_write(user, org.path, field=field)
    return org


def writable(user, pk, field: str | None = None) -> Org:
    return org_in_scope(user, pk, field, write=True)


def org_type(code: str, field: str = "type") -> OrgType:
    found = OrgType.objects.select_related("level").filter(code=code).first()
    if found is None:
        codes = ", ".join(OrgType.objects.values_list("code", flat=True))
        raise DomainError(f"Loại tổ chức “{code}” không có trong danh mục (có: {codes}).", field=field)
    return found


def org_kind(code: str | None, field: str = "kind") -> OrgKind | None:
    if not code:
        return None
    found = OrgKind.objects.filter(code=code).first()
    if found is None:
        raise DomainError(f"Loại hình “{code}” không có trong danh mục.", field=field)
    return found


def with_parent(qs: QuerySet[Org]) -> QuerySet[Org]:
    """Each org's parent id from the materialised path, in the same query (no query per row)."""
    parent = Org.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEP)).values("pk")[:1]
    return qs.annotate(parent_pk=Subquery(parent))


@router.get("/orgs", response={200: list[OrgOut], **ERRORS}, summary="Danh sách tổ chức trong phạm vi")
@paginate(Page)
def org_list(request, filters: Query[OrgFilters]):
    within = org_in_scope(request.auth, filters.within, "within") if filters.within is not None else None
    qs = selectors.org_list(user=request.auth, q=filters.q, type_code=filters.type, kind_code=filters.kind,
                            within=within, include_ended=filters.include_ended)
    return with_parent(qs)


@router.get("/orgs/{org_id}", response={200: OrgDetailOut, **ERRORS}, summary="Một tổ chức, kèm số đảng viên")
def org_detail(request, org_id: int):
    org = with_parent(selectors.org_queryset(user=request.auth)).filter(pk=org_id).first()
    if org is None:
        raise OutOfScope()
    counts = status_counts(user=request.auth, org=org)
    org.counts = {key: counts.get(key, 0) for key in [*MemberStatus.values, "active", "exempt"]}
    return org


@router.get("/orgs/{org_id}/children", response={200: list[OrgOut], **ERRORS}, summary="Tổ chức trực thuộc")
def org_children(request, org_id: int, include_ended: bool = False):
    org = org_in_scope(request.auth, org_id)
    return with_parent(selectors.org_children(user=request.auth, org=org, include_ended=include_ended))


@router.get("/orgs/{org_id}/tree", response={200: list[PlacementOut], **ERRORS},
            summary="Cây tổ chức tại một ngày (tên, cấp trên của ngày đó)")
@paginate(Page)
def org_tree_on(request, org_id: int, on: dt.date | None = None):
    org = org_in_scope(request.auth, org_id)
    return selectors.tree_on(user=request.auth, org=org, on=on or today())


@router.post("/orgs", response={201: OrgOut, **ERRORS}, summary="Thành lập tổ chức")
def org_create(request, payload: OrgCreateIn):
    user = request.auth
    parent = writable(user, payload.parent_id, "parent_id") if payload.parent_id is not None else None
    org = services.org_create(
        actor=user, parent=parent, name=payload.name, type=org_type(payload.type), kind=org_kind(payload.kind),
        founded_on=payload.founded_on, code=payload.code, place=payload.place, decision_ref=payload.decision_ref)
    return Status(201, org)


@router.post("/orgs/{org_id}/rename", response={200: OrgOut, **ERRORS}, summary="Đổi tên")
def org_rename(request, org_id: int, payload: RenameIn):
    org = writable(request.auth, org_id)
    return services.org_rename(actor=request.auth, org=org, name=payload.name, on=payload.on,
                               decision_ref=payload.decision_ref)


@router.post("/orgs/{org_id}/transfer", response={200: OrgOut, **ERRORS}, summary="Chuyển giao (đổi cấp trên)")
def org_transfer(request, org_id: int, payload: TransferIn):
    org = writable(request.auth, org_id)
    new_parent = writable(request.auth, payload.new_parent_id, "new_parent_id")
    return services.org_transfer(actor=request.auth, org=org, new_parent=new_parent, on=payload.on,
                                 decision_ref=payload.decision_ref, note=payload.note)
