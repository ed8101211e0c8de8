"""Reads of classes and enrolments through the acting user's scope (by the class's ``org``), the learner picker,
and the counts of T4."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import candidate_list
from dangbo.core.exceptions import OutOfScope
from dangbo.core.text import word_prefix_pattern
from dangbo.members.selectors import member_list
from dangbo.orgs.models import Org
from dangbo.training.choices import CourseKind, Result
from dangbo.training.models import Enrolment, TrainingClass
from dangbo.training.rules import THEORY_LEVELS, KindCount

PICKER_CHOICES = 20


def classes_of(*, user, org: Org, kind: str = "", year: int | None = None) -> QuerySet[TrainingClass]:
    """Classes opened by the orgs of ``org``'s subtree, newest first, by kind and by the year they start."""
    scope_for(user).require_path(org.path)
    qs = TrainingClass.objects.filter(org__path__startswith=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.select_related("org", "organiser").annotate(
        learners=Count("enrolments")).order_by("-starts_on", "-id")


def class_get(*, user, pk, write: bool = False) -> TrainingClass:
    try:
        row = TrainingClass.objects.select_related("org", "organiser").get(pk=pk)
    except (TrainingClass.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc
    scope_for(user).require_path(row.org.path, write=write)
    return row


def enrolments_of(training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The learners of a class (the caller has read the class through ``class_get``)."""
    return training_class.enrolments.select_related("member__org", "candidate__org").order_by("id")


def enrolment_get(*, user, training_class: TrainingClass, pk) -> Enrolment:
    try:
        return enrolments_of(training_class).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def learner_choices(*, user, org: Org, q: str) -> tuple[list, list]:
    """The learner picker: at most 20 members and 20 candidates of ``org``'s subtree in the user's scope whose
    name starts with what was typed (nothing before something is typed: never a list of everyone)."""
    if not word_prefix_pattern(q):
        return [], []
    return (list(member_list(user=user, org=org, q=q)[:PICKER_CHOICES]),
            list(candidate_list(user=user, org=org, q=q)[:PICKER_CHOICES]))


def counts(*, user, org: Org, start: dt.date, end: dt.date, kind: str = "") -> list[KindCount]:
    """T4: per kind, the classes of ``org``'s subtree starting from ``start`` to ``end``, their enrolments,
    passes and distinct persons (a member and a candidate are distinct persons)."""
    scope_for(user).require_path(org.path)
    classes = TrainingClass.objects.filter(org__path__startswith=org.path, starts_on__gte=start, starts_on__lte=end)
    if kind:
        classes = classes.filter(kind=kind)
    per_kind = dict(classes.values_list("kind").annotate(n=Count("id")))
    rows = Enrolment.objects.filter(training_class__in=classes).values("training_class__kind").annotate(
        n=Count("id"), passes=Count("id", filter=Q(result=Result.PASSED)),
        members=Count("member", distinct=True), candidates=Count("candidate", distinct=True))
    by_kind = {r["training_class__kind"]: r for r in rows}
    out = []
    for value in CourseKind.values:
        if value not in per_kind:
            continue
        r = by_kind.get(value, {})
        out.append(KindCount(value, per_kind[value], r.get("n", 0), r.get("passes", 0),
                             r.get("members", 0) + r.get("candidates", 0)))
    return out


def theory_sent(*, user, org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """T4, seed 002 footnote 23: per political-theory level (cao cấp, trung cấp, sơ cấp), the distinct persons of
    ``org``'s subtree (by the org they belong to now) enrolled in a class of that level starting from ``start`` to
    ``end`` — people sent, whichever school opened the class and whatever its result. One read."""
    scope_for(user).require_path(org.path)
    rows = Enrolment.objects.filter(
        Q(member__org__path__startswith=org.path) | Q(candidate__org__path__startswith=org.path),
        training_class__kind__in=THEORY_LEVELS, training_class__starts_on__gte=start,
        training_class__starts_on__lte=end,
    ).values("training_class__kind").annotate(members=Count("member", distinct=True),
                                               candidates=Count("candidate", distinct=True)).order_by()
    found = {r["training_class__kind"]: r["members"] + r["candidates"] for r in rows}
    return {kind: found.get(kind, 0) for kind in THEORY_LEVELS}
