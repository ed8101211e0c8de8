"""Classes, enrolments and results: audited, refused with the field named and nothing changed; a pass updates the
member's political theory and the candidate's admission file (one source each); the T4 counts."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.admissions import services as admission_services
from dangbo.admissions.models import AdmissionStep
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.testing import Role, user_with
from dangbo.training import rules, selectors, services
from dangbo.training.models import Enrolment, TrainingClass

pytestmark = pytest.mark.django_db
D = dt.date


def _class(tree, kind="so_cap", **extra):
    data = {"kind": kind, "name": "Lớp 1", "organiser": tree.district, "starts_on": D(2024, 5, 6),
            "ends_on": D(2024, 6, 6), "place": "Hội trường", **extra}
    return services.class_create(actor=tree.actor, org=tree.district, data=data)


def test_llct_pass_raises_the_member_theory_audited(tree):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    klass = _class(tree)
    row = services.enrol(actor=tree.actor, training_class=klass, member=an)
    services.result_record(actor=tree.actor, enrolment=row, result="passed", certificate_number="SC-12",
                           certificate_date=D(2024, 6, 6))
    an.refresh_from_db()
    assert an.political_theory == "so_cap"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"training_class_create", "training_enrol", "training_result_record", "member_update"} <= actions


def test_awareness_pass_records_the_candidate_course_step(tree):
    cand = admission_services.candidate_create(actor=tree.actor, org=tree.cell1, data={
        "full_name": "Lê Văn Cường", "date_of_birth": D(1998, 5, 1), "gender": "M", "general_education": "thpt",
        "listed_on": D(2024, 1, 1)})
    klass = _class(tree, kind="nhan_thuc", organiser=None, institution="Trung tâm chính trị")
    row = services.enrol(actor=tree.actor, training_class=klass, candidate=cand)
    with pytest.raises(DomainError) as exc:
        services.result_record(actor=tree.actor, enrolment=row, result="passed", certificate_number="9")
    assert exc.value.field == "certificate_date"
    services.result_record(actor=tree.actor, enrolment=row, result="passed", certificate_number="9",
                           certificate_date=D(2024, 6, 7))
    step = AdmissionStep.objects.get(candidate=cand, step="course")
    assert step.detail["issued_on"] == "2024-06-07" and step.document_ref == "9"


def test_bad_input_names_the_field_and_changes_nothing(tree):
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    klass = _class(tree)
    services.enrol(actor=tree.actor, training_class=klass, member=an)
    before = (TrainingClass.objects.count(), Enrolment.objects.count(), AuditEntry.objects.count())
    cases = [
        (lambda: _class(tree, ends_on=D(2024, 5, 1)), "ends_on"),
        (lambda: _class(tree, institution="Trường"), "institution"),
        (lambda: _class(tree, kind="x"), "kind"),
        (lambda: services.enrol(actor=tree.actor, training_class=klass, member=an), "member"),
        (lambda: services.result_record(actor=tree.actor, enrolment=Enrolment.objects.get(), result="passed",
                                        certificate_date=D(2024, 5, 1)), "certificate_date"),
    ]
    for call, field in cases:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.field == field
    assert (TrainingClass.objects.count(), Enrolment.objects.count(), AuditEntry.objects.count()) == before


def test_outsider_cannot_read_or_write(tree):
    klass = _class(tree)
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with pytest.raises(OutOfScope):
        selectors.class_get(user=outsider, pk=klass.pk)
    with pytest.raises(OutOfScope):
        services.class_update(actor=outsider, training_class=klass, data={"name": "X"})


def test_counts_and_sentence(tree):
    a, b = tree.member("Nguyễn Văn An", org=tree.cell1), tree.member("Trần Văn Bình", org=tree.cell2)
    for kind in ("nhan_thuc", "dv_moi", "dv_moi"):
        k = _class(tree, kind=kind)
        for m in (a, b):
            services.enrol(actor=tree.actor, training_class=k, member=m)
    counts = selectors.counts(user=tree.actor, org=tree.district, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert [(c.kind, c.classes, c.enrolments, c.passes, c.persons) for c in counts] == [
        ("nhan_thuc", 1, 2, 0, 2), ("dv_moi", 2, 4, 0, 2)]
    assert rules.report_sentence(counts) == ("3 lớp bồi dưỡng nhận thức về Đảng, bồi dưỡng cho đảng viên mới, "
                                             "với 6 học viên")


def test_class_update_audited_and_checked_as_at_opening(tree):
    klass = _class(tree)
    before = (list(TrainingClass.objects.values()), AuditEntry.objects.count())
    for data, field in (({"ends_on": D(2024, 5, 1)}, "ends_on"), ({"name": " "}, "name"),
                        ({"kind": "x"}, "kind"), ({"starts_on": D(2014, 12, 1)}, "starts_on")):
        with pytest.raises(DomainError) as exc:
            services.class_update(actor=tree.actor, training_class=klass, data=data)
        assert exc.value.field == field
    assert (list(TrainingClass.objects.values()), AuditEntry.objects.count()) == before
    reader = user_with(Role.INSPECTION, org=tree.district)
    with pytest.raises(DomainError):
        services.class_update(actor=reader, training_class=klass, data={"name": "X"})
    row = services.class_update(actor=tree.actor, training_class=klass, data={"name": "Lớp 2", "place": "Xã"})
    assert (row.name, row.place, row.starts_on) == ("Lớp 2", "Xã", D(2024, 5, 6))
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "training_class_update"


def test_class_dates_within_the_organisers_life(tree):
    """T2: the organiser org must exist from the opening to the closing of the class."""
    with pytest.raises(DomainError) as exc:
        _class(tree, starts_on=D(2014, 6, 1))
    assert exc.value.field == "starts_on"
    assert not TrainingClass.objects.exists()
