"""A class's learners: enrolling a member or a candidate, recording a result and its certificate (T2, T3)."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from dangbo.admissions.selectors import candidate_get
from dangbo.core.api import ERRORS, In
from dangbo.core.exceptions import OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.training import selectors, services
from dangbo.training.api.common import class_in_scope, with_field
from dangbo.training.choices import Result

router = Router(tags=["Đào tạo, bồi dưỡng"])
P = "/training"


class EnrolmentOut(Schema):
    id: int
    class_id: int = Field(alias="training_class_id")
    member_id: int | None
    candidate_id: int | None
    person_name: str
    result: Result
    certificate_number: str
    certificate_date: dt.date | None


class EnrolIn(In):
    member: int | None = None
    candidate: int | None = Field(None, description="hoặc: quần chúng ưu tú (chỉ một trong hai)")


class ResultIn(In):
    result: Result
    certificate_number: str = Field("", max_length=60)
    certificate_date: dt.date | None = None


@router.get(f"{P}/classes/{{class_id}}/enrolments", response={200: list[EnrolmentOut], **ERRORS},
            summary="Học viên của một lớp")
def enrolment_list(request, class_id: int):
    return list(selectors.enrolments_of(class_in_scope(request.auth, class_id)))


@router.post(f"{P}/classes/{{class_id}}/enrolments", response={201: EnrolmentOut, **ERRORS},
             summary="Ghi một đảng viên hoặc một quần chúng ưu tú vào lớp")
def enrol(request, class_id: int, payload: EnrolIn):
    user = request.auth
    klass = class_in_scope(user, class_id)
    try:
        member = member_selectors.member_get(user=user, pk=payload.member) if payload.member is not None else None
    except OutOfScope as exc:
        raise with_field(exc, "member") from None
    try:
        candidate = candidate_get(user=user, pk=payload.candidate) if payload.candidate is not None else None
    except OutOfScope as exc:
        raise with_field(exc, "candidate") from None
    return Status(201, services.enrol(actor=user, training_class=klass, member=member, candidate=candidate))


@router.post(f"{P}/classes/{{class_id}}/enrolments/{{enrolment_id}}/result",
             response={200: EnrolmentOut, **ERRORS}, summary="Ghi kết quả học tập và giấy chứng nhận")
def result_record(request, class_id: int, enrolment_id: int, payload: ResultIn):
    user = request.auth
    klass = class_in_scope(user, class_id)
    try:
        row = selectors.enrolment_get(user=user, training_class=klass, pk=enrolment_id)
    except OutOfScope as exc:
        raise with_field(exc, "enrolment_id") from None
    return services.result_record(actor=user, enrolment=row, result=payload.result.value,
                                  certificate_number=payload.certificate_number,
                                  certificate_date=payload.certificate_date)
