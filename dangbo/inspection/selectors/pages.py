"""Reads for the case pages, built on ``inspection.selectors``: a page of the cases the user may
see (only the rows shown are logged as read, so a long list costs one log write, not one per case), whether a
case is concluded, and the follow-ups of a case that are overdue. Confidential rows come only from
``selectors.visible_cases``."""

import datetime as dt

from django.core.paginator import Page, Paginator

from dangbo.inspection import rules
from dangbo.inspection.models import FollowUp
from dangbo.inspection.selectors import as_read, case_query

OPEN, CONCLUDED = "open", "concluded"
STATUSES = [(OPEN, "Đang tiến hành"), (CONCLUDED, "Đã kết luận")]
PER_PAGE = 50


def case_page(*, user, number=1, per_page: int | None = None, **filters) -> Page:
    """One page of ``selectors.case_query``; only the cases on the page are read (logged)."""
    page = Paginator(case_query(user=user, **filters), per_page or PER_PAGE).get_page(number)
    page.object_list = as_read(user, list(page.object_list))
    return page


def overdue_ids(follow_ups: list[FollowUp], as_of: dt.date) -> set[int]:
    """K4: which of a case's follow-ups (read through ``selectors.case_parts``) are late on ``as_of``."""
    return set(rules.overdue([rules.FollowUpFact(f.pk, f.due_on, f.done_on) for f in follow_ups], as_of))
