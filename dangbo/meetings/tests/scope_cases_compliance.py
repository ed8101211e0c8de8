"""Out-of-scope cases of the compliance and statistics routes (collected by accounts/tests/test_scope_routes.py).

Every route takes its org from the query string, so all are list routes: without ``?org=`` they show the top of
the user's own scope and must never name the victim (a repeat absentee of cell1) or cell1 (which lacks meetings
and has one without conclusion). ``?org=`` outside the scope answers 404 — tried in ``test_views_compliance.py``.
"""

import datetime as dt

from dangbo.core.dates import today
from dangbo.meetings import services


def setup(tree, objs):
    """Three regular meetings of cell1 in the last months, everyone absent without reason, one unrated."""
    first = today().replace(day=1)
    for back in (3, 4, 5):
        day = (first - dt.timedelta(days=28 * back)).replace(day=5)
        saved = services.meeting_save(actor=tree.actor, org=tree.cell1, kind="regular", date=day, conclusion="",
                                      agenda="Sinh hoạt")
        entries = {member.pk: ("U", "") for member, exempt in services.roster(saved.meeting) if not exempt}
        services.attendance_record(actor=tree.actor, meeting=saved.meeting, entries=entries)
        services.level_record(actor=tree.actor, meeting=saved.meeting, level="fair")


ROUTES: dict = {}
LIST_ROUTES = {"meetings:alerts", "meetings:alerts_xlsx", "meetings:ratings", "meetings:ratings_xlsx"}
