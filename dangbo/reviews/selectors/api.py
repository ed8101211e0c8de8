"""The scoped assessment list the API pages through (the entry screens read a unit at a time through
``selectors.unit_sheet``; the API lists across a subtree)."""

from django.db.models import Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_ids
from dangbo.reviews.models import Assessment


def assessment_list(*, user, year: int | None = None, org: Org | None = None, status: str = "",
                    subject: str = "") -> QuerySet[Assessment]:
    """Assessments of the orgs in scope (a member also sees their own), in tree and name order."""
    scope = scope_for(user)
    q = scope.org_q(field="org__path")
    if not scope.is_admin and scope.own_member_ids:
        q |= Q(member_id__in=list(scope.own_member_ids))
    qs = Assessment.objects.filter(q)
    if year is not None:
        qs = qs.filter(year=year)
    if org is not None:
        qs = qs.filter(org_id__in=subtree_ids(org))
    if status:
        qs = qs.filter(status=status)
    if subject:
        qs = qs.filter(subject=subject)
    return (qs.select_related("member", "subject_org", "org", "approver")
            .order_by("-year", "org__path", "subject", "member__sort_key", "id"))
