"""Reads for the case pages (issue 14, wave 2), built on ``inspection.selectors``: a page of the cases the user may
see (only the rows shown are logged as read, so a long list costs one log write, not one per case), whether a
case is concluded, and the follow-ups of a case that are overdue. Confidential rows come only from
``selectors.visible_cases``."""

import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import Q

from dangbo.accounts import audit
from dangbo.core.text import word_prefix_pattern
from dangbo.inspection import rules
from dangbo.inspection.models import FollowUp
from dangbo.inspection.selectors import visible_cases
from dangbo.orgs.models import Org

OPEN, CONCLUDED = "open", "concluded"
STATUSES = [(OPEN, "Đang tiến hành"), (CONCLUDED, "Đã kết luận")]
PER_PAGE = 50


def case_page(*, user, number=1, org: Org | None = None, q: str = "", kind: str = "", status: str = "",
              year: int | None = None, per_page: int = PER_PAGE) -> Page:
    """One page of the cases the user may see, newest first; ``q`` finds a subject member's name (word starts,
    accents folded) only among them. The cases on the page are logged as read."""
    qs = visible_cases(user).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(decided_on__year=year)
    if status == OPEN:
        qs = qs.filter(concluded_on__isnull=True)
    elif status == CONCLUDED:
        qs = qs.filter(concluded_on__isnull=False)
    if word_prefix_pattern(q):
        qs = qs.filter(pk__in=visible_cases(user).filter(
            Q(subjects__member__search_text__words=q)).values("pk"))
    page = Paginator(qs.order_by("-decided_on", "-id"), per_page).get_page(number)
    page.object_list = list(page.object_list)
    audit.record_reads(actor=user, instances=page.object_list, org_path_of_row=lambda c: c.org.path)
    return page


def overdue_ids(follow_ups: list[FollowUp], as_of: dt.date) -> set[int]:
    """K4: which of a case's follow-ups (read through ``selectors.case_parts``) are late on ``as_of``."""
    return set(rules.overdue([rules.FollowUpFact(f.pk, f.due_on, f.done_on) for f in follow_ups], as_of))
