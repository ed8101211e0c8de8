"""A cell's meetings month by month, the page that finds a cell, and the member's own page ("Sinh hoạt của tôi")."""

from dateutil.relativedelta import relativedelta
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.meetings import selectors
from dangbo.meetings.forms.record import CellSearchForm
from dangbo.meetings.selectors import cell as cell_selectors
from dangbo.meetings.selectors import member as member_selectors
from dangbo.meetings.views.common import can_write, cell_for, page
from dangbo.orgs import selectors as org_selectors

MAX_PAGES_BACK = 40  # 40 × 12 months: further back than any cell's records


def _back(request) -> int:
    raw = request.GET.get("truoc", "")
    return min(int(raw), MAX_PAGES_BACK) if raw.isdigit() else 0


@login_required
def cells(request):
    """Which cell's meetings: the cells the user's roles sit on, or the few whose name matches what was typed.
    A member without other roles goes to their own page; a user of one cell goes straight to it."""
    scope = scope_for(request.user)
    form = CellSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    if not scope.read_paths and not scope.is_admin and scope.own_member_ids:
        return redirect("meetings:mine")
    own, found = cell_selectors.cells_for(user=request.user, q=q)
    if not q and len(own) == 1 and len(scope.read_paths) == 1:
        return redirect("meetings:cell", pk=own[0].pk)
    return page(request, "cells.html", {"form": form, "own": own, "found": found, "q": q})


@login_required
def cell(request, pk):
    """Month by month (12 a page, newest first): the regular meeting or "chưa họp" with its window, the other
    meetings counted for the month, attendance, level, conclusion; the next meetings due on top."""
    org = cell_for(request, pk)
    user, day = request.user, today()
    back = _back(request)
    newest = day.replace(day=1) + relativedelta(months=1)
    if org.ended_on is not None:  # a dissolved cell: its months end with it
        newest = min(newest, org.ended_on.replace(day=1))
    last = newest - relativedelta(months=cell_selectors.MONTHS_PER_PAGE * back)
    months = cell_selectors.span_months(last, first_allowed=org.founded_on)
    rows = cell_selectors.cell_months(user=user, org=org, months=months, on=day)
    by_month = {r.month: r for r in rows}
    due = []
    if back == 0 and org.is_active:
        for month, start, end in cell_selectors.due_windows(org=org, on=day):
            row = by_month.get(month)
            due.append({"month": month, "start": start, "end": end,
                        "meetings": row.regular if row else [], "open": start <= day})
    return page(request, "cell.html", {
        "org": org, "rows": rows, "due": due, "back": back,
        "older": bool(months) and back < MAX_PAGES_BACK and months[-1] > org.founded_on.replace(day=1),
        "ancestors": org_selectors.org_ancestors(user=user, org=org),
        "can_write": can_write(user, org) and org.is_active,
    })


@login_required
def mine(request):
    """The member's own page: the next meetings of their cell and their own attendance (Role.MEMBER)."""
    user, day = request.user, today()
    people = []
    for member in member_selectors.own_members(user=user):
        cell = member.org
        people.append({
            "member": member, "cell": cell,
            "due": cell_selectors.due_windows(org=cell, on=day) if cell and cell.is_active else [],
            "planned": member_selectors.planned(user=user, org=cell, on=day) if cell else [],
            "history": member_selectors.attendance_history(user=user, member=member),
            "absences": member_selectors.absences(user=user, member=member, on=day),
            "tasks": list(selectors.tasks_of(user=user, member=member)[:10]),
        })
    return page(request, "mine.html", {"people": people})
