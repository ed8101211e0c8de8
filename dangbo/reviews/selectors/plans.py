"""Reads of remediation plans (R7), scoped: who owes a plan, who is late, and who should have one but has none.

“Late” is always relative to a day passed in (``on``), never the clock, so lists and tests agree.
"""

import datetime as dt

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_ids
from dangbo.reviews import rules
from dangbo.reviews.choices import LEVEL_ORDER, ItemStatus, Subject
from dangbo.reviews.models import Assessment, RemediationItem, RemediationPlan

# The levels that oblige an org to make a plan, as the rule decides them (R7: HTNV or lower).
WEAK_ORG_LEVELS = [lv.value for lv in LEVEL_ORDER if rules.remediation_required(lv, pointed=False, is_org=True)]


def _scope_q(user, *, write: bool, field: str = "org__path", own: str = "member_id") -> Q:
    scope = scope_for(user)
    q = scope.org_q(write=write, field=field)
    if not write and not scope.is_admin and scope.own_member_ids:
        q |= Q(**{f"{own}__in": scope.own_member_ids})
    return q


def plan_queryset(*, user, write: bool = False) -> QuerySet[RemediationPlan]:
    """Plans of the orgs in scope; a member also sees their own plan (read only)."""
    return (RemediationPlan.objects.filter(_scope_q(user, write=write))
            .select_related("org", "member", "subject_org", "assessment"))


def plan_get(*, user, pk, write: bool = False) -> RemediationPlan:
    try:
        return plan_queryset(user=user, write=write).get(pk=pk)
    except (RemediationPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def item_get(*, plan: RemediationPlan, pk) -> RemediationItem:
    """An item of a plan the caller already fetched through ``plan_get``."""
    try:
        return RemediationItem.objects.select_related("plan__org").get(plan=plan, pk=pk)
    except (RemediationItem.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScope() from exc


def plan_items(*, plan: RemediationPlan) -> QuerySet[RemediationItem]:
    return plan.items.order_by("deadline", "id")


def plans_owed(*, user, year: int, org: Org | None = None, on: dt.date, late_only: bool = False
               ) -> QuerySet[RemediationPlan]:
    """Every plan of the year in the subtree, with its item counts and how late it is on ``on``:
    ``is_late`` (due date passed, not submitted), ``items_late`` (deadline passed, still open)."""
    qs = plan_queryset(user=user).filter(year=year)
    if org is not None:
        qs = qs.filter(org_id__in=subtree_ids(org))
    qs = qs.annotate(
        items_total=Count("items"), items_done=Count("items", filter=Q(items__status=ItemStatus.DONE)),
        items_open=Count("items", filter=Q(items__status=ItemStatus.OPEN)),
        items_late=Count("items", filter=Q(items__status=ItemStatus.OPEN, items__deadline__lt=on)),
        is_late=Case(When(submitted_on__isnull=True, due_on__lt=on, then=Value(True)), default=Value(False),
                     output_field=BooleanField()))
    if late_only:
        qs = qs.filter(Q(is_late=True) | Q(items_late__gt=0))
    return qs.order_by("org__path", "subject_org__path", "member__sort_key", "id")


def plans_missing(*, user, year: int, org: Org | None = None) -> QuerySet[Assessment]:
    """The check of R7: orgs rated HTNV or lower and anyone pointed at, with no plan yet."""
    qs = Assessment.objects.filter(_scope_q(user, write=False), year=year, plan__isnull=True).filter(
        Q(pointed_review=True) | Q(subject=Subject.ORG, final_level__in=WEAK_ORG_LEVELS))
    if org is not None:
        qs = qs.filter(org_id__in=subtree_ids(org))
    return qs.select_related("org", "member", "subject_org").order_by("org__path", "subject", "member__sort_key")
