"""What every meeting page shares: the cell or meeting fetched through the user's scope, who may write or decide
for the committee above, and the service's warnings shown as messages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import parse_date, today
from dangbo.core.views import get_or_404
from dangbo.meetings import selectors
from dangbo.meetings.choices import LEVEL_ORDER, MeetingKind, Presence
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.orgs.rules import deciding_path

T = "meetings/"


def page(request, name: str, context: dict):
    return render(request, T + name, {"today": today(), "Kind": MeetingKind, "Presence": Presence,
                                      "levels": LEVEL_ORDER, **context})


def cell_for(request, pk, *, write: bool = False) -> Org:
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk, write=write)
    if not org.type.is_cell:
        raise Http404("Chỉ chi bộ mới ghi kỳ sinh hoạt.")
    return org


def meeting_for(request, pk, *, write: bool = False):
    return get_or_404(selectors.meeting_get, user=request.user, pk=pk, write=write)


def can_write(user, org: Org) -> bool:
    return scope_for(user).covers_path(org.path, write=True)


def can_read_org(user, org: Org) -> bool:
    """Whether the org's own pages open for the user (a member sees their cell's meetings, not its pages)."""
    return scope_for(user).covers_path(org.path)


def decides_above(user, org: Org) -> bool:
    """Whether the user acts for the committee directly above the cell (the superior's score, G3)."""
    return scope_for(user).may_decide_for(deciding_path(org.path, Org.steplen))


def show_warnings(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def posted_date(request, fallback):
    """The meeting day just posted (the roster and the preparers are those of that day), else ``fallback``."""
    if request.method != "POST":
        return fallback
    try:
        return parse_date(request.POST.get("date")) or fallback
    except ValueError:
        return fallback
