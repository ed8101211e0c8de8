"""Reads of inspection work, through the acting user — with a scope dimension of its own.

Programmes and plans are ordinary records of their org (read scope, or an inspection grant). Cases, their subjects,
steps, follow-ups and proposals, denunciations and complaints are confidential (RULES.md K5; issue 14 point 5): a
user sees one only (a) with an INSPECTION grant on the handling org or above it (``Scope.inspection_paths``), or
(b) when named on it (``CaseAccess``). Admins, org commissions and cell secretaries of the tree see nothing of
them unless named. The denouncer's identity is blanked for whoever is not named with ``may_see_denouncer``. Every
confidential record returned is logged (``accounts.audit.record_reads``): reading is itself audited."""

import datetime as dt

from django.db.models import Count, Q

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.text import fold, word_prefix_pattern
from dangbo.inspection import rules
from dangbo.inspection.models import (
    Case,
    CaseAccess,
    Denunciation,
    DisciplineComplaint,
    DisciplineProposal,
    FollowUp,
    PlanItem,
    Programme,
)
from dangbo.inspection.models.letters import DENOUNCER_FIELDS
from dangbo.members.models import DisciplineDecision
from dangbo.orgs.models import Org


def _org_path(row) -> str:
    return row.org.path


def _logged(user, rows: list, path_of=_org_path) -> list:
    audit.record_reads(actor=user, instances=rows, org_path_of_row=path_of)
    return rows


# --- programmes (not confidential) -----------------------------------------------------------------------------

def _programme_q(user) -> Q:
    scope = scope_for(user)
    return scope.org_q(field="org__path") | scope.inspection_q()


def programme_list(*, user, org: Org | None = None, year: int | None = None, kind: str = ""):
    """Programmes and plans of the orgs the user may read (of ``org``'s subtree), newest first."""
    qs = Programme.objects.filter(_programme_q(user)).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if year:
        qs = qs.filter(Q(year=year) | Q(first_year__lte=year, last_year__gte=year))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(items_count=Count("items")).order_by("org__path", "-year", "-first_year", "id")


def programme_get(*, user, pk) -> Programme:
    return get_or_out_of_scope(Programme.objects.filter(_programme_q(user)).select_related("org"), pk=pk)


def plan_items(programme: Programme):
    """The items of a programme (read through ``programme_get``) with how many cases carry each out: progress."""
    return programme.items.select_related("org", "member").annotate(cases_count=Count("cases")).order_by(
        "quarter", "month", "id")


# --- cases (confidential) --------------------------------------------------------------------------------------

def _named(user, field: str):
    uid = getattr(user, "pk", None)
    return CaseAccess.objects.filter(user_id=uid, **{f"{field}__isnull": False}).values(f"{field}_id")


def visible_cases(user):
    """The cases the user may see (unlogged: for counts and for the other selectors to build on)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(scope_for(user).inspection_q() | Q(pk__in=_named(user, "case")))


def case_query(*, user, org: Org | None = None, q: str = "", kind: str = "", year: int | None = None,
               status: str = ""):
    """The cases the user may see, newest first, unread: a page logs the rows it shows (``as_read``), so a long
    list costs one log write per row shown, not one per case. ``q`` finds a subject member's name (word starts,
    accents folded) or words of the topic, only among them; ``status``: "open" or "concluded"."""
    qs = visible_cases(user).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(decided_on__year=year)
    if status == "open":
        qs = qs.filter(concluded_on__isnull=True)
    elif status == "concluded":
        qs = qs.filter(concluded_on__isnull=False)
    if word_prefix_pattern(q):
        qs = qs.filter(pk__in=visible_cases(user).filter(
            Q(subjects__member__search_text__words=q) | Q(topic__icontains=q.strip())).values("pk"))
    return qs.order_by("-decided_on", "-id")


def as_read(user, rows: list) -> list:
    """Confidential rows about to be shown: each read logged; on denunciations the denouncer blanked where the user
    is not named with ``may_see_denouncer``."""
    if rows and isinstance(rows[0], Denunciation):
        _hide_denouncer(user, rows)
    return _logged(user, rows)


def case_list(*, user, **filters) -> list[Case]:
    """Every case ``case_query`` finds, read (and logged): for a bounded list; pages use ``case_query``."""
    return as_read(user, list(case_query(user=user, **filters)))


def case_get(*, user, pk) -> Case:
    """One case the user may see, else not found (nothing tells it exists); the read is logged."""
    case = get_or_out_of_scope(visible_cases(user).select_related("org", "plan_item"), pk=pk)
    return _logged(user, [case])[0]


def may_write_case(user, case: Case) -> bool:
    """An inspection grant over the handling org, or named on the case with write scope there."""
    scope = scope_for(user)
    if scope.covers_inspection(case.org.path):
        return True
    named = CaseAccess.objects.filter(user_id=getattr(user, "pk", None), case=case).exists()
    return named and scope.covers_path(case.org.path, write=True)


def case_parts(case: Case) -> dict:
    """Subjects, steps, follow-ups and proposals of a case read through ``case_get``."""
    return {
        "subjects": list(case.subjects.select_related("org", "member")),
        "steps": list(case.steps.all()),
        "follow_ups": list(case.follow_ups.select_related("org", "member")),
        "proposals": list(case.proposals.select_related("member", "org", "deciding_org", "decision")),
    }


def follow_ups_overdue(*, user, as_of: dt.date, org: Org | None = None) -> list[FollowUp]:
    """The follow-ups of the cases the user may see that are not done by their due date (K4); logged."""
    qs = FollowUp.objects.filter(case__in=visible_cases(user), done_on__isnull=True, due_on__lt=as_of)
    if org is not None:
        qs = qs.filter(case__org__path__startswith=org.path)
    rows = {f.pk: f for f in qs.select_related("case__org", "org", "member")}
    late = rules.overdue([rules.FollowUpFact(f.pk, f.due_on, f.done_on) for f in rows.values()], as_of)
    return _logged(user, [rows[pk] for pk in late], lambda f: f.case.org.path)


# --- denunciations and complaints (confidential) ---------------------------------------------------------------

def visible_denunciations(user):
    if not getattr(user, "is_authenticated", False):
        return Denunciation.objects.none()
    return Denunciation.objects.filter(scope_for(user).inspection_q() | Q(pk__in=_named(user, "denunciation")))


def _hide_denouncer(user, rows: list[Denunciation]) -> list[Denunciation]:
    """Blank the denouncer's identity on the rows the user is not named on with ``may_see_denouncer``."""
    allowed = set(CaseAccess.objects.filter(user_id=getattr(user, "pk", None), may_see_denouncer=True,
                                            denunciation_id__in=[r.pk for r in rows]).values_list(
        "denunciation_id", flat=True))
    for row in rows:
        row.denouncer_hidden = row.pk not in allowed
        if row.denouncer_hidden:
            for name in DENOUNCER_FIELDS:
                setattr(row, name, "")
    return rows


def denunciation_query(*, user, org: Org | None = None, status: str = "", q: str = ""):
    """The denunciations the user may see, newest first, unread (``as_read`` logs and masks the rows shown)."""
    qs = visible_denunciations(user).select_related("org", "subject_org", "subject_member", "case")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if status:
        qs = qs.filter(status=status)
    if word_prefix_pattern(q):
        qs = qs.filter(Q(subject_member__search_text__words=q) | Q(subject_org__search_name__contains=fold(q)))
    return qs.order_by("-received_on", "-id")


def denunciation_list(*, user, **filters) -> list[Denunciation]:
    """Every denunciation ``denunciation_query`` finds, read: for a bounded list."""
    return as_read(user, list(denunciation_query(user=user, **filters)))


def denunciation_get(*, user, pk) -> Denunciation:
    row = get_or_out_of_scope(visible_denunciations(user).select_related("org", "subject_org", "subject_member",
                                                                         "case"), pk=pk)
    return _logged(user, _hide_denouncer(user, [row]))[0]


def may_write_denunciation(user, row: Denunciation) -> bool:
    return scope_for(user).covers_inspection(row.org.path)


def complaint_query(*, user, org: Org | None = None):
    """Complaints handled by orgs under the user's inspection grants, newest first, unread (``as_read``)."""
    qs = DisciplineComplaint.objects.filter(scope_for(user).inspection_q()).select_related("org", "decision")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.order_by("-received_on", "-id")


def complaint_list(*, user, **filters) -> list[DisciplineComplaint]:
    return as_read(user, list(complaint_query(user=user, **filters)))


def complaint_get(*, user, pk) -> DisciplineComplaint:
    qs = DisciplineComplaint.objects.filter(scope_for(user).inspection_q()).select_related("org", "decision")
    return _logged(user, [get_or_out_of_scope(qs, pk=pk)])[0]


def plan_item_get(*, user, pk) -> PlanItem:
    return get_or_out_of_scope(PlanItem.objects.filter(programme__in=Programme.objects.filter(_programme_q(user)))
                               .select_related("programme__org", "org", "member"), pk=pk)



# --- for the JSON API (issue 14, wave 2) ------------------------------------------------------------------------

def follow_up_get(*, case: Case, pk) -> FollowUp:
    """A follow-up of ``case`` (read through ``case_get``, so already scoped and logged), else not found."""
    return get_or_out_of_scope(case.follow_ups.select_related("case__org", "org", "member"), pk=pk)


def proposal_get(*, user, pk) -> DisciplineProposal:
    """A discipline proposal of a case the user may see, else not found; the read is logged."""
    qs = DisciplineProposal.objects.filter(case__in=visible_cases(user)).select_related(
        "case__org", "member__org", "org", "deciding_org", "decision")
    return _logged(user, [get_or_out_of_scope(qs, pk=pk)], lambda p: p.case.org.path)[0]


def discipline_decision_get(*, user, pk) -> DisciplineDecision:
    """The discipline decision a complaint is against: one of an org (or a member's org) the user may read."""
    return get_or_out_of_scope(DisciplineDecision.objects.filter(scope_for(user).org_q(field="org__path"))
                               .select_related("org"), pk=pk)
