"""Builds the plain facts the pure rules need from the database (reads only; set-based per batch)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from dangbo.members.choices import MemberCategory, PostKind
from dangbo.members.models import DisciplineDecision, Member, MemberPost
from dangbo.orgs.models import CommitteeSeat, Org
from dangbo.reviews import rules
from dangbo.reviews.models import Assessment, CriteriaSet


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def disciplined_member_ids(member_ids, year: int) -> set[int]:
    start, end = year_bounds(year)
    return set(DisciplineDecision.objects.filter(member_id__in=member_ids, date__range=(start, end))
               .values_list("member_id", flat=True))


def _names(a: Assessment) -> tuple[tuple[str, str], ...]:
    return tuple((c["code"], c["name"]) for c in a.criteria_set.criteria) if a.criteria_set_id else ()


def member_facts(assessment: Assessment, *, disciplined: set[int] | None = None) -> rules.AssessmentFacts:
    a = assessment
    if disciplined is None:
        disciplined = disciplined_member_ids([a.member_id], a.year)
    political = a.criteria_set.political_codes if a.criteria_set_id else frozenset()
    return rules.AssessmentFacts(
        marks=tuple(sorted((a.marks or {}).items())), political_criteria=political,
        criterion_names=_names(a), score=a.score, tasks_total=a.tasks_total, tasks_on_time=a.tasks_on_time,
        tasks_exceeding=a.tasks_exceeding,
        shortcomings_total=a.shortcomings_total, shortcomings_fixed=a.shortcomings_fixed,
        targets_met_share=Decimal(a.targets_met_pct) / 100 if a.targets_met_pct is not None else None,
        disciplined_in_year=a.member_id in disciplined, discipline_self_corrected=a.discipline_self_corrected,
        sick_leave_months=a.sick_leave_months,
    )


def org_facts(assessment: Assessment) -> rules.AssessmentFacts:
    """An org's facts: its own discipline, its leadership's, its sub-units' and members' results."""
    a = assessment
    org = a.subject_org
    start, end = year_bounds(a.year)
    own = DisciplineDecision.objects.filter(org=org, is_org_discipline=True, date__range=(start, end)).exists()
    leaders = CommitteeSeat.objects.filter(
        committee__term__org=org, starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    forms = list(DisciplineDecision.objects.filter(member_id__in=leaders.values("member_id"),
                                                   date__range=(start, end)).values_list("form", flat=True))
    heaviest = max(forms, key=lambda f: rules.DISCIPLINE_RANK.get(f, 0)) if forms else None
    children = Org.objects.filter(path__startswith=org.path, depth=org.depth + 1)
    child_ids = list(children.values_list("pk", flat=True))
    disciplined_children = DisciplineDecision.objects.filter(
        org_id__in=child_ids, is_org_discipline=True, date__range=(start, end)).values("org_id").distinct().count()
    if org.type.is_cell:
        levels = Assessment.objects.filter(year=a.year, subject="member", org=org).exclude(final_level="")
    else:
        levels = Assessment.objects.filter(year=a.year, subject="org", subject_org_id__in=child_ids).exclude(
            final_level="")
    political = a.criteria_set.political_codes if a.criteria_set_id else frozenset()
    return rules.AssessmentFacts(
        is_org=True, marks=tuple(sorted((a.marks or {}).items())), political_criteria=political,
        criterion_names=_names(a), score=a.score,
        tasks_total=a.tasks_total, tasks_on_time=a.tasks_on_time, tasks_exceeding=a.tasks_exceeding,
        shortcomings_total=a.shortcomings_total, shortcomings_fixed=a.shortcomings_fixed,
        targets_met_share=Decimal(a.targets_met_pct) / 100 if a.targets_met_pct is not None else None,
        disciplined_in_year=own, leadership_discipline=heaviest, subordinate_units=len(child_ids),
        subordinate_disciplined=disciplined_children, subordinate_misconduct=a.subordinate_misconduct,
        disunity=a.disunity, subunit_levels=tuple(levels.values_list("final_level", flat=True)),
    )


def facts_for(assessment: Assessment, **kw) -> rules.AssessmentFacts:
    return org_facts(assessment) if assessment.subject == "org" else member_facts(assessment, **kw)


def member_groups(members: list[Member], on: dt.date) -> dict[int, str]:
    """The criteria group of each member: leader, village, retired or general (one query per kind of fact)."""
    ids = [m.pk for m in members]
    leaders = set(CommitteeSeat.objects.filter(member_id__in=ids, ends_on__isnull=True).values_list(
        "member_id", flat=True))
    leaders |= set(MemberPost.objects.filter(
        member_id__in=ids, kind__in=[PostKind.AGENCY_HEAD, PostKind.COUNCIL_CHAIR, PostKind.PEOPLE_COMMITTEE_CHAIR],
        starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on)).values_list("member_id", flat=True))
    out = {}
    for m in members:
        if m.pk in leaders:
            out[m.pk] = "leader"
        elif m.category == MemberCategory.RETIRED:
            out[m.pk] = "retired"
        elif m.org_id and m.org.kind_id and m.org.kind.is_residential:
            out[m.pk] = "village"
        else:
            out[m.pk] = ""
    return out


def criteria_sets(regulation: str) -> dict[tuple[str, str], CriteriaSet]:
    """(subject, group) → set, with the general set as fallback for groups a regulation does not split."""
    sets = {(s.subject, s.member_group or s.org_group): s for s in CriteriaSet.objects.filter(regulation=regulation)}
    return sets


def pick_set(sets, subject: str, group: str) -> CriteriaSet | None:
    return sets.get((subject, group)) or sets.get((subject, ""))
