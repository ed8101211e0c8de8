"""Out-of-scope cases of the rating statistics routes (collected by accounts/tests/test_scope_routes.py).

Every stats route takes its org from the query string, so all are list routes here: without ``?org=`` they
show the top of the user's own scope, and must never name the victim or its cell. ``?org=`` and ``?child=``
pointing outside the scope answer 404 — tried in ``test_views_stats.py``.
"""

import datetime as dt

from dangbo.core.dates import today
from dangbo.reviews import services
from dangbo.reviews.choices import Level, Status
from dangbo.reviews.models import Assessment

YEAR = today().year - 1


def setup(tree, objs):
    """Last year's review of the district with the victim and its cell rated (kept if another module did it)."""
    services.campaign_open(actor=tree.actor, org=tree.district, year=YEAR, opens_on=dt.date(YEAR, 12, 1))
    for lookup, approver in (({"member": objs["member"]}, tree.commune), ({"subject_org": tree.cell1}, tree.commune)):
        a = Assessment.objects.get(year=YEAR, **lookup)
        if a.status == Status.APPROVED:
            continue
        if a.status != Status.PROPOSED:
            services.assessment_propose(actor=tree.actor, assessment=a, level=Level.GOOD)
        services.assessments_approve(actor=tree.actor, approver=approver, year=YEAR, ids=[a.pk])


ROUTES: dict = {}
LIST_ROUTES = {"reviews:stats", "reviews:stats_xlsx", "reviews:stats_people"}
