"""Training classes over JSON, mounted at /api/ by ``dangbo.api``: an org's classes, opening one, its learners,
enrolling a member or a candidate, recording a result. Reads through ``training.selectors``, every change through
``training.services``; outside the scope 404."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.admissions.selectors import candidate_get
from dangbo.core.api import ERRORS, In, Page
from dangbo.core.exceptions import OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.training import selectors, services
from dangbo.training.choices import CourseKind, Result

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


class EnrolmentOut(Schema):
    id: int
    class_id: int = Field(alias="training_class_id")
    member_id: int | None
    candidate_id: int | None
    person_name: str
    result: Result
    certificate_number: str
    certificate_date: dt.date | None


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


class EnrolIn(In):
    member: int | None = None
    candidate: int | None = Field(None, description="hoặc: quần chúng ưu tú (chỉ một trong hai)")


class ResultIn(In):
    result: Result
    certificate_number: str = Field("", max_length=60)
    certificate_date: dt.date | None = None


def _field(exc: OutOfScope, field: str):
    exc.field = field
    return exc


def _class(user, pk):
    try:
        return selectors.class_get(user=user, pk=pk)
    except OutOfScope as exc:
        raise _field(exc, "class_id") from None


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


@router.get(f"{P}/classes/{{class_id}}/enrolments", response={200: list[EnrolmentOut], **ERRORS},
            summary="Học viên của một lớp")
def enrolment_list(request, class_id: int):
    return list(selectors.enrolments_of(_class(request.auth, class_id)))


@router.post(f"{P}/classes/{{class_id}}/enrolments", response={201: EnrolmentOut, **ERRORS},
             summary="Ghi một đảng viên hoặc một quần chúng ưu tú vào lớp")
def enrol(request, class_id: int, payload: EnrolIn):
    user = request.auth
    klass = _class(user, class_id)
    try:
        member = member_selectors.member_get(user=user, pk=payload.member) if payload.member is not None else None
    except OutOfScope as exc:
        raise _field(exc, "member") from None
    try:
        candidate = candidate_get(user=user, pk=payload.candidate) if payload.candidate is not None else None
    except OutOfScope as exc:
        raise _field(exc, "candidate") from None
    return Status(201, services.enrol(actor=user, training_class=klass, member=member, candidate=candidate))


@router.post(f"{P}/classes/{{class_id}}/enrolments/{{enrolment_id}}/result",
             response={200: EnrolmentOut, **ERRORS}, summary="Ghi kết quả học tập và giấy chứng nhận")
def result_record(request, class_id: int, enrolment_id: int, payload: ResultIn):
    user = request.auth
    klass = _class(user, class_id)
    try:
        row = selectors.enrolment_get(user=user, training_class=klass, pk=enrolment_id)
    except OutOfScope as exc:
        raise _field(exc, "enrolment_id") from None
    return services.result_record(actor=user, enrolment=row, result=payload.result.value,
                                  certificate_number=payload.certificate_number,
                                  certificate_date=payload.certificate_date)
