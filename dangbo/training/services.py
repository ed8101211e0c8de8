"""Every write of training classes and enrolments: scoped by the class's ``org`` (outside the scope: not found;
read-only: 403 through ``require_path(write=True)``), audited. A pass updates the person's one qualification
record: the member's ``political_theory`` through the members service (T1/T3), a candidate's awareness
certificate as the admission file's COURSE step through the admissions service (T3, checked at the cell's vote)."""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules as admission_rules
from dangbo.admissions import services as admission_services
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import Candidate
from dangbo.core.exceptions import DomainError
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.orgs.models import Org
from dangbo.training import rules
from dangbo.training.choices import CourseKind, Result
from dangbo.training.models import Enrolment, TrainingClass

FIELDS = ("kind", "name", "organiser", "institution", "starts_on", "ends_on", "place")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _clean(data: dict) -> dict:
    clean = {k: data[k] for k in FIELDS if k in data}
    for key in ("name", "institution", "place"):
        if key in clean:
            clean[key] = " ".join((clean[key] or "").split())
    return clean


def _check(row: TrainingClass) -> None:
    rules.check_kind(row.kind)
    if not row.name:
        raise DomainError("Phải ghi tên lớp.", field="name")
    rules.check_organiser(row.organiser_id is not None, row.institution)
    if row.starts_on is None:
        raise DomainError("Phải ghi ngày khai giảng.", field="starts_on")
    if row.ends_on is None:
        raise DomainError("Phải ghi ngày bế giảng.", field="ends_on")
    rules.check_dates(row.starts_on, row.ends_on)
    organiser = row.organiser
    if organiser is not None:
        # T2: the organiser org runs the class, so it must exist for the class's whole span.
        if row.starts_on < organiser.founded_on:
            raise DomainError(f"{organiser.name} thành lập ngày {organiser.founded_on:%d/%m/%Y}, sau ngày khai "
                              "giảng.", field="starts_on")
        if organiser.ended_on is not None and row.ends_on > organiser.ended_on:
            raise DomainError(f"{organiser.name} chấm dứt hoạt động ngày {organiser.ended_on:%d/%m/%Y}, trước ngày "
                              "bế giảng.", field="ends_on")


@transaction.atomic
def class_create(*, actor, org: Org, data: dict) -> TrainingClass:
    """A class opened (or kept) by ``org``; an organiser org must be in the actor's scope too."""
    scope_for(actor).require_path(org.path, write=True)
    clean = _clean(data)
    organiser = clean.get("organiser")
    if organiser is not None:
        scope_for(actor).require_path(organiser.path)
    row = TrainingClass(org=org, created_by=_user(actor), **clean)
    _check(row)
    row.save()
    audit.record(actor=actor, action="training_class_create", instance=row, before=None, org_path=org.path)
    return row


@transaction.atomic
def class_update(*, actor, training_class: TrainingClass, data: dict) -> TrainingClass:
    """The class's fields in ``data`` changed, checked as at its opening (T1, T2, T4) and against the certificates
    already issued (T3: none dated before the class started)."""
    row = TrainingClass.objects.select_for_update().select_related("org").get(pk=training_class.pk)
    scope_for(actor).require_path(row.org.path, write=True)
    before = audit.snapshot(row)
    clean = _clean(data)
    if clean.get("organiser") is not None:
        scope_for(actor).require_path(clean["organiser"].path)
    for key, value in clean.items():
        setattr(row, key, value)
    _check(row)
    first = row.enrolments.filter(certificate_date__lt=row.starts_on).order_by("certificate_date").first()
    if first is not None:
        raise DomainError("Đã có giấy chứng nhận cấp trước ngày khai giảng mới.", field="starts_on")
    row.save()
    audit.record(actor=actor, action="training_class_update", instance=row, before=before, org_path=row.org.path)
    return row


@transaction.atomic
def enrol(*, actor, training_class: TrainingClass, member: Member | None = None,
          candidate: Candidate | None = None) -> Enrolment:
    """A member or a candidate (exactly one, read through the actor's scope) into the class, once."""
    row = TrainingClass.objects.select_for_update().select_related("org").get(pk=training_class.pk)
    scope = scope_for(actor)
    scope.require_path(row.org.path, write=True)
    if (member is None) == (candidate is None):
        raise DomainError("Phải chọn một học viên: một đảng viên hoặc một quần chúng ưu tú.", field="member")
    if member is not None:
        if member.org_id is None or not scope.covers_path(member.org.path):
            raise DomainError("Đảng viên được chọn không thuộc phạm vi của bạn.", field="member")
        if row.enrolments.filter(member=member).exists():
            raise DomainError(f"Đồng chí {member.full_name} đã có trong lớp.", field="member")
    else:
        scope.require_path(candidate.org.path)
        if row.kind != CourseKind.AWARENESS:
            raise DomainError("Quần chúng ưu tú chỉ học lớp bồi dưỡng nhận thức về Đảng.", field="candidate")
        if row.enrolments.filter(candidate=candidate).exists():
            raise DomainError(f"{candidate.full_name} đã có trong lớp.", field="candidate")
    enrolment = Enrolment.objects.create(training_class=row, member=member, candidate=candidate)
    audit.record(actor=actor, action="training_enrol", instance=enrolment, before=None, org_path=row.org.path)
    return enrolment


@transaction.atomic
def result_record(*, actor, enrolment: Enrolment, result: str, certificate_number: str = "",
                  certificate_date: dt.date | None = None) -> Enrolment:
    """The learner's result and certificate (T3); a pass updates their qualification (see the module)."""
    row = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "training_class__org", "member__org", "candidate__org").get(pk=enrolment.pk)
    klass = row.training_class
    scope_for(actor).require_path(klass.org.path, write=True)
    number = " ".join((certificate_number or "").split())
    rules.check_result(row.result, result, klass.starts_on, certificate_date, number)
    if result == Result.PASSED and rules.needs_certificate_date(klass.kind) and certificate_date is None:
        raise DomainError("Phải ghi ngày cấp giấy chứng nhận.", field="certificate_date")
    before = audit.snapshot(row)
    row.result, row.certificate_number, row.certificate_date = result, number, certificate_date
    row.save()
    audit.record(actor=actor, action="training_result_record", instance=row, before=before, org_path=klass.org.path)
    if result == Result.PASSED:
        _qualify(actor, row)
    return row


def _qualify(actor, row: Enrolment) -> None:
    klass, scope = row.training_class, scope_for(actor)
    if row.member_id:
        member = row.member
        level = rules.theory_after(klass.kind, True, member.political_theory)
        if level and member.org_id and scope.covers_path(member.org.path, write=True):
            member_services.member_update(actor=actor, member=member, data={"political_theory": level})
        return
    candidate = row.candidate
    if klass.kind != CourseKind.AWARENESS or candidate.stage in (Stage.ADMITTED, Stage.STOPPED):
        return
    if not scope.covers_path(candidate.org.path, write=True):
        return
    issued = row.certificate_date.isoformat()
    if candidate.steps.filter(step=admission_rules.COURSE, detail__issued_on=issued).exists():
        return
    admission_services.step_record(
        actor=actor, candidate=candidate, step=admission_rules.COURSE, date=row.certificate_date,
        document_ref=row.certificate_number, decided_by=klass.organiser_name,
        detail={"issued_on": row.certificate_date})
