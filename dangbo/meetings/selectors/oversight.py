"""Reads for the committees above the cells: who may set a schedule, issue a sheet or act for the superior; the
rules and sheets of an org; the members assigned to attend cells with how often they came (003); the six-monthly
checks of the cells under a committee. Every list is one query (or a fixed few) whatever the number of cells."""

import datetime as dt

from django.db.models import Count, DateField, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.meetings.choices import CELL_SESSIONS, MeetingKind
from dangbo.meetings.models import AttendanceAssignment, Meeting, OversightCheck, ScheduleRule, ScoringSheet
from dangbo.orgs.models import Org
from dangbo.orgs.rules import deciding_path

FAR = dt.date(9999, 12, 31)


# --- powers: who acts for which committee ------------------------------------------------------------------------

def schedule_decider(org: Org) -> str:
    """The path of the committee that sets ``org``'s schedule: its own for a committee, its superior's for a cell."""
    return deciding_path(org.path, Org.steplen) if org.type.is_cell else org.path


def may_set_schedule(*, user, org: Org) -> bool:
    return scope_for(user).may_decide_for(schedule_decider(org))


def may_issue_sheet(*, user, org: Org) -> bool:
    """Scoring sheets are issued by a committee (the province, a bloc committee…), never by a cell (G3)."""
    return not org.type.is_cell and scope_for(user).may_decide_for(org.path)


def acts_above(*, user, org: Org) -> bool:
    """Whether the user acts for the committee directly above ``org`` (approves its plan, assigns attendees,
    records the six-monthly check)."""
    return scope_for(user).may_decide_for(deciding_path(org.path, Org.steplen))


# --- schedules and sheets ------------------------------------------------------------------------------------------

def schedules_of(*, user, org: Org) -> QuerySet[ScheduleRule]:
    """The rules ``org``'s committee set, newest first (current and past)."""
    scope_for(user).require_path(org.path)
    return ScheduleRule.objects.filter(org=org).order_by("-valid_from", "-id")


def sheets_of(*, user, org: Org) -> QuerySet[ScoringSheet]:
    scope_for(user).require_path(org.path)
    return ScoringSheet.objects.filter(org=org).order_by("kind", "-valid_from", "-id")


def _ancestor_paths(org: Org) -> list[str]:
    return [org.path[:n] for n in range(len(org.path), 0, -Org.steplen)]


def sheets_in_force(*, user, org: Org, on: dt.date) -> list[ScoringSheet]:
    """For each kind of meeting, the sheet of the nearest level at or above ``org`` valid on ``on`` (one query)."""
    scope_for(user).require_path(org.path)
    paths = _ancestor_paths(org)
    rows = list(ScoringSheet.objects.filter(org__path__in=paths, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).select_related("org"))
    out = []
    for kind in MeetingKind.values:
        found = sorted((s for s in rows if s.kind == kind), key=lambda s: -len(s.org.path))
        if found:
            out.append(found[0])
    return out


def sheet_for(*, user, org: Org, pk) -> ScoringSheet:
    """A sheet as seen from ``org``: one it issued or one of its ancestors issued (the sheets that apply to it)."""
    scope_for(user).require_path(org.path)
    return get_or_out_of_scope(ScoringSheet.objects.select_related("org"), pk=pk,
                               org__path__in=_ancestor_paths(org))


# --- superior attendees (003) ----------------------------------------------------------------------------------------

def _with_attendance(qs: QuerySet[AttendanceAssignment], start: dt.date, end: dt.date):
    """Annotate each assignment with ``held`` (the cell's meetings while it ran, within [start, end]) and
    ``attended`` (those of them the assigned member attended, as a recorded guest)."""
    held = (Meeting.objects.filter(org=OuterRef("cell"), kind__in=CELL_SESSIONS, date__gte=start, date__lte=end)
            .filter(date__gte=OuterRef("valid_from"))
            .filter(date__lt=Coalesce(OuterRef("valid_to"), Value(FAR, output_field=DateField()))))
    attended = held.filter(guests__member=OuterRef("member"))

    def count(sub):
        return Coalesce(Subquery(sub.order_by().values("org").annotate(n=Count("pk")).values("n")[:1]), 0)

    return qs.annotate(held=count(held), attended=count(attended))


def assignment_rows(*, user, org: Org, start: dt.date, end: dt.date) -> QuerySet[AttendanceAssignment]:
    """The assignments to attend the cells of ``org``'s subtree that ran within [start, end], with how many of the
    cell's meetings in that time the member attended ("đã dự N/M kỳ")."""
    scope_for(user).require_path(org.path)
    qs = (AttendanceAssignment.objects
          .filter(cell__in=Org.objects.filter(path__startswith=org.path).values("id"), valid_from__lte=end)
          .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
          .select_related("cell", "member", "org").order_by("cell_id", "valid_from", "id"))
    return _with_attendance(qs, start, end)


def cell_assignments(*, user, cell: Org, on: dt.date) -> QuerySet[AttendanceAssignment]:
    """Every assignment to attend ``cell``, newest first, with its attendance up to ``on``."""
    scope_for(user).require_path(cell.path)
    qs = (AttendanceAssignment.objects.filter(cell=cell).select_related("member", "org")
          .order_by("-valid_from", "-id"))
    return _with_attendance(qs, dt.date(1900, 1, 1), on)


def assignment_get(*, user, pk, write: bool = False) -> AttendanceAssignment:
    row = get_or_out_of_scope(AttendanceAssignment.objects.select_related("cell", "member"), pk=pk)
    scope_for(user).require_path(row.cell.path, write=write)
    return row


# --- the six-monthly check (003) -------------------------------------------------------------------------------------

def half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def check_rows(*, user, org: Org, year: int, half: int, missing_only: bool = False) -> QuerySet[Org]:
    """The cells of ``org``'s subtree active in that half-year, in tree order, each with its check of the half if
    there is one (``chk__…``); ``missing_only`` keeps the cells not checked yet."""
    scope_for(user).require_path(org.path)
    start, end = half_bounds(year, half)
    qs = (Org.objects.filter(path__startswith=org.path, type__is_cell=True, founded_on__lte=end)
          .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
          .annotate(chk=FilteredRelation("meeting_checks", condition=Q(meeting_checks__year=year,
                                                                       meeting_checks__half=half)))
          .annotate(checked_on=F("chk__checked_on"), findings=F("chk__findings"),
                    checker=F("chk__org__name"))
          .order_by("path"))
    if missing_only:
        qs = qs.filter(chk__id__isnull=True)
    return qs


def check_totals(*, user, org: Org, year: int, half: int) -> dict:
    qs = check_rows(user=user, org=org, year=year, half=half)
    return qs.aggregate(cells=Count("pk"), done=Count("chk__id"))


def checks_of(*, user, cell: Org) -> QuerySet[OversightCheck]:
    """The checks of one cell's meetings, newest half-year first."""
    scope_for(user).require_path(cell.path)
    return OversightCheck.objects.filter(cell=cell).select_related("org").order_by("-year", "-half")
