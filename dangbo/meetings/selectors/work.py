"""Reads of the cell's work with its members (Hướng dẫn 38-HD/BTCTW): for each member of a cell (or of a
subtree) in a year, the tasks assigned, the written commitment, the personal plan and the residence liaison, and
who is missing each. One query for the rows and one for the totals, however many members: every fact is a
correlated ``EXISTS`` / count on an indexed (member, …) column."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope, get_or_out_of_scope
from dangbo.meetings.choices import PaperKind
from dangbo.meetings.models import MemberTask, ResidenceLiaison, YearlyPaper
from dangbo.meetings.selectors import liaisons_of, papers_of, tasks_of
from dangbo.members.choices import EventKind, RegistrationKind
from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.members.selectors import cell_roster_on, members_on
from dangbo.orgs.models import Org

# "who is missing": filter code → (label, condition on the annotated rows)
MISSING = {
    "task": ("Chưa được phân công nhiệm vụ", Q(tasks=0)),
    "commitment": ("Chưa có bản cam kết", Q(has_commitment=False)),
    "plan": ("Chưa có kế hoạch cá nhân", Q(has_plan=False)),
    "liaison": ("Chưa có nhận xét nơi cư trú", Q(liaison_confirmed=False, cell_residential=False)),
}
ANY_MISSING = "any"
RECENT_YEARS = 3


def roster_day(year: int, day: dt.date) -> dt.date:
    """The day a year's roster is read on: 31/12 of a past year, today for the current (or a coming) year."""
    return dt.date(year, 12, 31) if year < day.year else day


def missing_q(code: str) -> Q:
    if code == ANY_MISSING:
        q = Q()
        for _, cond in MISSING.values():
            q |= cond
        return q
    return MISSING[code][1] if code in MISSING else Q()


def _annotate(qs: QuerySet[Member], year: int, on: dt.date) -> QuerySet[Member]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    reg = (Registration.objects.filter(member=OuterRef("pk"), kind=RegistrationKind.OFFICIAL, valid_from__lte=on)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).order_by("-valid_from"))
    tasks = MemberTask.objects.filter(member=OuterRef("pk"), assigned_on__gte=first, assigned_on__lte=last)

    def count(sub):
        return Coalesce(Subquery(sub.order_by().values("member").annotate(n=Count("pk")).values("n")[:1]), 0)

    def paper(kind):
        return Exists(YearlyPaper.objects.filter(member=OuterRef("pk"), year=year, kind=kind))

    liaison = ResidenceLiaison.objects.filter(member=OuterRef("pk"), year=year)
    last_exemption = (LifecycleEvent.objects.filter(
        member=OuterRef("pk"), kind__in=[EventKind.EXEMPT, EventKind.EXEMPT_END], date__lte=on, is_void=False,
        superseded_by__isnull=True).order_by("-date", "-id").values("kind")[:1])
    return qs.annotate(
        cell_id=Subquery(reg.values("org_id")[:1]),
        cell_name=Subquery(reg.values("org__name")[:1]),
        cell_path=Subquery(reg.values("org__path")[:1]),
        cell_residential=Coalesce(Subquery(reg.values("org__kind__is_residential")[:1]), False),
        tasks=count(tasks),
        tasks_open=count(tasks.filter(done_on__isnull=True)),
        has_commitment=paper(PaperKind.COMMITMENT),
        has_plan=paper(PaperKind.PERSONAL_PLAN),
        liaison_introduced=Exists(liaison.filter(Q(introduced_on__isnull=False) | Q(residence_cell__isnull=False)
                                                 | ~Q(residence_cell_name=""))),
        liaison_confirmed=Exists(liaison.filter(confirmed_on__isnull=False)),
        exemption=Subquery(last_exemption),
    )


def work_rows(*, user, org: Org, year: int, on: dt.date, missing: str = "") -> QuerySet[Member]:
    """The members of the cell ``org`` on ``on`` (of its subtree if it is a committee), in Vietnamese name order
    (a subtree: by cell, then name), each with its year's work; ``missing`` keeps those missing that item."""
    scope_for(user).require_path(org.path)
    qs = cell_roster_on(org=org, on=on) if org.type.is_cell else members_on(user=user, org=org, on=on)
    qs = _annotate(qs.select_related("org"), year, on)
    if missing:
        qs = qs.filter(missing_q(missing))
    return qs.order_by("sort_key", "id") if org.type.is_cell else qs.order_by("cell_path", "sort_key", "id")


def work_totals(rows: QuerySet[Member]) -> dict:
    """How many rows, and how many are missing each item (one query)."""
    return rows.order_by().aggregate(
        members=Count("pk"), **{f"no_{code}": Count("pk", filter=cond) for code, (_, cond) in MISSING.items()})


def is_exempt(row: Member) -> bool:
    return row.exemption == EventKind.EXEMPT


# --- one member ---------------------------------------------------------------------------------------------------

def _require_member(user, member: Member) -> None:
    if not Member.objects.filter(scope_for(user).member_q(), pk=member.pk).exists():
        raise OutOfScope()


def member_year(*, user, member: Member, year: int) -> dict:
    """The member's tasks, papers and residence liaison of one year."""
    _require_member(user, member)
    return {
        "tasks": list(MemberTask.objects.filter(member=member, assigned_on__year=year).select_related("org")
                      .order_by("assigned_on", "id")),
        "papers": {p.kind: p for p in YearlyPaper.objects.filter(member=member, year=year)},
        "liaison": ResidenceLiaison.objects.filter(member=member, year=year).select_related("residence_cell").first(),
    }


def member_recent(*, user, member: Member, year: int) -> dict:
    """The member's tasks, papers and liaisons of the recent years up to ``year``, newest first (the member's page;
    a member reading her own record sees them too)."""
    since = year - RECENT_YEARS + 1
    return {
        "year": year, "since": since,
        "tasks": list(tasks_of(user=user, member=member).filter(assigned_on__gte=dt.date(since, 1, 1))
                      .order_by("-assigned_on", "-id")[:50]),
        "papers": list(papers_of(user=user, member=member).filter(year__gte=since).order_by("-year", "kind")),
        "liaisons": list(liaisons_of(user=user, member=member).filter(year__gte=since).order_by("-year")),
    }


def task_get(*, user, pk, write: bool = False) -> MemberTask:
    task = get_or_out_of_scope(MemberTask.objects.select_related("org", "member"), pk=pk)
    scope_for(user).require_path(task.org.path, write=write)
    return task
