"""Training classes over JSON, mounted at /api/ by ``dangbo.api``: an org's classes, opening or editing one, its
learners, enrolling a member or a candidate, recording a result, who still needs training. Reads through ``training.selectors``, every change through
``training.services``; outside the scope 404."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.admissions.selectors import candidate_get
from dangbo.core.api import ERRORS, In, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.training import needs as training_needs
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


class ClassPatch(In):
    """Only the fields sent change; the rest of the class stays."""

    kind: CourseKind | None = None
    name: str | None = Field(None, max_length=200)
    organiser: int | None = Field(None, description="tổ chức đảng là đơn vị tổ chức (khi đó institution để trống)")
    institution: str | None = Field(None, max_length=200)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    place: str | None = Field(None, max_length=200)


class NeedsFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="tính đến ngày (mặc định: hôm nay)")


class SeatNeedOut(Schema):
    member_id: int
    member_name: str
    post: str = Field(description="chức vụ")
    org_id: int = Field(description="tổ chức của cấp ủy")
    org_name: str
    term_starts_on: dt.date


class ProbationerNeedOut(Schema):
    member_id: int
    member_name: str
    org_id: int | None
    org_name: str
    admitted_on: dt.date | None


class NeedsOut(Schema):
    org_id: int
    on: dt.date
    committee_people: int = Field(description="số người giữ chức vụ cấp ủy, bí thư chi bộ")
    committee_untrained: int = Field(description="số người trong đó chưa học nghiệp vụ công tác đảng trong nhiệm kỳ")
    seats: list[SeatNeedOut]
    probationers_total: int = Field(description="số đảng viên dự bị")
    probationers_untrained: int = Field(description="số đảng viên dự bị chưa học lớp đảng viên mới")
    probationers: list[ProbationerNeedOut]


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


@router.patch(f"{P}/classes/{{class_id}}", response={200: ClassOut, **ERRORS}, summary="Sửa một lớp đào tạo, bồi dưỡng")
def class_update(request, class_id: int, payload: ClassPatch):
    user = request.auth
    klass = _class(user, class_id)
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


@router.get(f"{P}/needs", response={200: NeedsOut, **ERRORS},
            summary="Những người còn phải học: cấp ủy viên, bí thư chi bộ chưa học nghiệp vụ; đảng viên dự bị chưa học "
                    "lớp đảng viên mới")
def needs(request, filters: Query[NeedsFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    found = training_needs.needs(user=request.auth, org=org, on=filters.on or today())
    seats = [{"member_id": s.member_id, "member_name": s.member.full_name, "post": s.get_post_display(),
              "org_id": s.committee.term.org_id, "org_name": s.committee.term.org.name,
              "term_starts_on": s.committee.term.starts_on} for s in found.seats]
    waiting = [{"member_id": m.pk, "member_name": m.full_name, "org_id": m.org_id,
                "org_name": m.org.name if m.org_id else "", "admitted_on": m.admitted_on} for m in found.probationers]
    return {"org_id": org.pk, "on": found.on, "committee_people": found.committee_people,
            "committee_untrained": found.seats_people, "seats": seats, "probationers_total": found.probationers_total,
            "probationers_untrained": found.probationers_count, "probationers": waiting}


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
