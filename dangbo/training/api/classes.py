"""An org's training classes: the list of its subtree's, opening one, editing one (T1–T3)."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, Page, require_write
from dangbo.orgs.api import org_in_scope
from dangbo.training import selectors, services
from dangbo.training.api.common import class_in_scope
from dangbo.training.choices import CourseKind

router = Router(tags=["Đào tạo, bồi dưỡng"])
P = "/training"


class ClassOut(Schema):
    id: int
    org_id: int = Field(description="tổ chức mở lớp (phạm vi)")
    kind: CourseKind
    name: str
    organiser_id: int | None
    institution: str
    organiser_name: str
    starts_on: dt.date
    ends_on: dt.date
    place: str


class ClassFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    kind: CourseKind | None = None
    year: int | None = Field(None, ge=1945, le=2100)


class ClassIn(In):
    org: int = Field(description="tổ chức mở lớp")
    kind: CourseKind
    name: str = Field(max_length=200)
    organiser: int | None = Field(None, description="đơn vị tổ chức là tổ chức đảng; hoặc ghi institution")
    institution: str = Field("", max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    place: str = Field("", max_length=200)


class ClassPatch(In):
    """Only the fields sent change; the rest of the class stays."""

    kind: CourseKind | None = None
    name: str | None = Field(None, max_length=200)
    organiser: int | None = Field(None, description="tổ chức đảng là đơn vị tổ chức (khi đó institution để trống)")
    institution: str | None = Field(None, max_length=200)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    place: str | None = Field(None, max_length=200)


@router.get(f"{P}/classes", response={200: list[ClassOut], **ERRORS},
            summary="Các lớp đào tạo, bồi dưỡng do các tổ chức trong cây của một tổ chức mở")
@paginate(Page)
def class_list(request, filters: Query[ClassFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return selectors.classes_of(user=request.auth, org=org, kind=filters.kind.value if filters.kind else "",
                                year=filters.year)


@router.post(f"{P}/classes", response={201: ClassOut, **ERRORS}, summary="Mở một lớp đào tạo, bồi dưỡng")
def class_create(request, payload: ClassIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    organiser = org_in_scope(user, payload.organiser, "organiser") if payload.organiser is not None else None
    data = payload.dict(exclude={"org"})
    data.update(kind=payload.kind.value, organiser=organiser)
    return Status(201, services.class_create(actor=user, org=org, data=data))


@router.patch(f"{P}/classes/{{class_id}}", response={200: ClassOut, **ERRORS}, summary="Sửa một lớp đào tạo, bồi dưỡng")
def class_update(request, class_id: int, payload: ClassPatch):
    user = request.auth
    klass = class_in_scope(user, class_id)
    require_write(user, klass.org.path, field="class_id")
    data = payload.dict(exclude_unset=True)
    if data.get("kind") is not None:
        data["kind"] = payload.kind.value
    if "organiser" in data:
        data["organiser"] = org_in_scope(user, payload.organiser, "organiser") if payload.organiser else None
    for key in ("name", "institution", "place", "starts_on", "ends_on", "kind"):
        if key in data and data[key] is None:
            data[key] = "" if key in ("name", "institution", "place") else None
    return services.class_update(actor=user, training_class=klass, data=data)
