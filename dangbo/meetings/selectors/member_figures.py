"""The cell's work with its members (38-HD/BTCTW) counted over a subtree: per org of registration, the members
on a day and how many of them were assigned a task in the period, signed the year's commitment, keep the year's
personal plan, and — of those in work — had their contact with the cell where they live confirmed. One grouped
query whatever the number of orgs (unscoped: callers have checked scope)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from dangbo.meetings.choices import PaperKind
from dangbo.meetings.models import MemberTask, ResidenceLiaison, YearlyPaper
from dangbo.meetings.selectors.subtree import exempt_on_day
from dangbo.members.choices import MemberCategory, RegistrationKind
from dangbo.members.models import Registration
from dangbo.orgs.selectors import subtree_org_ids_on

# members in work (TARGETS.md residence_liaison_rate): those with a workplace cell and a residence elsewhere
WORKING = (MemberCategory.CIVIL_SERVANT, MemberCategory.ARMED_FORCES, MemberCategory.WORKER,
           MemberCategory.ENTERPRISE_EMPLOYEE)


@dataclass
class MemberFigures:
    members: int = 0  # official members on the day, exempt ones (M13) left out
    tasked: int = 0
    committed: int = 0
    planned: int = 0
    working: int = 0
    liaised: int = 0

    def add(self, other: "MemberFigures") -> "MemberFigures":
        for name in ("members", "tasked", "committed", "planned", "working", "liaised"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def members_on(org, on: dt.date, only: list[int] | None = None):
    """Official registrations in ``org``'s subtree (tree of ``on``) — or in the orgs ``only`` — valid on ``on``,
    exempt members left out."""
    orgs = subtree_org_ids_on(org=org, on=on) if only is None else only
    return (Registration.objects.filter(kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=orgs)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).filter(~exempt_on_day(on)))


def figures_by_org(*, org, start: dt.date, on: dt.date, only: list[int] | None = None) -> dict[int, MemberFigures]:
    """Per org of registration: tasks assigned from ``start`` to ``on``; papers and confirmed residence
    contact of ``on``'s year. Each fact is one index probe per member (a correlated EXISTS): the subtree's members
    are read once, the facts of the rest of the country never."""
    year = on.year
    member = OuterRef("member_id")
    tasked = Exists(MemberTask.objects.filter(member_id=member, assigned_on__gte=start, assigned_on__lte=on))
    committed = Exists(YearlyPaper.objects.filter(member_id=member, year=year, kind=PaperKind.COMMITMENT))
    planned = Exists(YearlyPaper.objects.filter(member_id=member, year=year, kind=PaperKind.PERSONAL_PLAN))
    # a member of a village cell lives where they meet: no residence to keep in touch with (as the work page)
    working = Q(member__category__in=WORKING) & ~Q(org__kind__is_residential=True)
    liaised = working & Q(Exists(ResidenceLiaison.objects.filter(member_id=member, year=year,
                                                                 confirmed_on__isnull=False)))

    def count(condition=None):
        return Count("member_id", distinct=True, filter=condition)

    rows = members_on(org, on, only).values("org_id").annotate(
        n=count(), tasked=count(Q(tasked)), committed=count(Q(committed)), planned=count(Q(planned)),
        working=count(working), liaised=count(liaised)).order_by()
    return {r["org_id"]: MemberFigures(r["n"], r["tasked"], r["committed"], r["planned"], r["working"],
                                       r["liaised"]) for r in rows}
