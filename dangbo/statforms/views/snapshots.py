"""Finalising the statistics forms on screen (issue 10, Deliver 5): the "Chốt số liệu" action of the form shown
(POST; the committee of the org only), the finalisation status of an org's children for a period (``chot-so/``)
and a snapshot compared with the figures computed now (``doi-chieu/<pk>/``). Outside the scope: 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.numbers import format_int
from dangbo.core.views import get_or_404, run_service
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.statforms import services, snapshots
from dangbo.statforms.forms import PeriodForm

T = "statforms/"
PAGE = 50


class StatusForm(PeriodForm):
    """The period alone: the children's page covers every form of the guidance."""

    bieu = forms.CharField(required=False, widget=forms.HiddenInput)


def _org(request) -> Org | None:
    pk = request.GET.getlist("org")
    if pk and pk[-1]:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk[-1])
    return org_selectors.org_roots(user=request.user).select_related("type__level").first()


def _name(value: int | None) -> str:
    return "—" if value is None else format_int(value)


@login_required
def finalise(request, pk):
    """POST: freeze the form and period of the query string (the page's choice) for the org ``pk``."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    back = reverse("statforms:table") + "?" + request.GET.urlencode()
    form = PeriodForm(request.GET)
    if request.method != "POST" or not form.is_bound:
        return redirect(back)
    if not services.may_finalise(request.user, org):
        raise PermissionDenied(f"Số liệu thống kê của {org.name} do cấp ủy {org.name} chốt; tài khoản của bạn không "
                               "có quyền ở cấp đó.")
    chosen = form.chosen()
    if chosen is None:
        messages.error(request, "Kỳ báo cáo hoặc biểu mẫu không hợp lệ: chưa chốt số liệu.")
        return redirect(back)
    code, period = chosen
    snap = run_service(request, None, lambda: services.form_finalise(actor=request.user, org=org, code=code,
                                                                      period=period))
    if snap is not None:
        again = " (thay cho lần chốt trước)" if snap.supersedes_id else ""
        messages.success(request, f"Đã chốt số liệu {snap.number} của {org.name}, {period.label}{again}.")
    return redirect(back)


@login_required
def children(request):
    """Which orgs directly under the org (in the tree of the period's end) have finalised which forms."""
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    form = StatusForm(request.GET)
    context = {"org": org, "ancestors": org_selectors.org_ancestors(user=request.user, org=org), "form": form}
    chosen = form.chosen()
    if chosen is not None:
        _code, period = chosen
        try:
            rows = snapshots.children_status(user=request.user, org=org, period=period)
        except OutOfScope as exc:
            raise Http404(exc.message) from exc
        page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
        items = [{"child": c, "forms": [{"status": f, "when": snapshots.finalised_when(f.snapshot) if f.snapshot
                                         else "", "who": snapshots.finaliser_name(f.snapshot) if f.snapshot else ""}
                                        for f in c.forms]} for c in page]
        context |= {"period": period, "page": page, "items": items, "forms": rows[0].forms if rows else [],
                    "complete": sum(1 for c in rows if c.complete), "total": len(rows)}
    return render(request, T + "children.html", context)


@login_required
def compare(request, pk):
    """A snapshot's frozen figures against the figures computed now, and the events recorded since."""
    snap = get_or_404(snapshots.snapshot_get, user=request.user, pk=pk)
    try:
        found = snapshots.compare(user=request.user, snapshot=snap)
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:  # the form is no longer in the guidance of the period
        messages.error(request, exc.message)
        found = None
    context = {"org": snap.org, "ancestors": org_selectors.org_ancestors(user=request.user, org=snap.org),
               "snap": snap, "when": snapshots.finalised_when(snap), "who": snapshots.finaliser_name(snap),
               "history": list(snapshots.snapshots_of(user=request.user, org=snap.org,
                                                      period=snapshots.period_of(snap), code=snap.form)[:20])}
    if found is not None:
        events = Paginator(found.events, PAGE).get_page(request.GET.get("page"))
        context |= {"changes": [{"c": c, "frozen": _name(c.frozen), "now": _name(c.now)} for c in found.changes],
                    "events": events, "first": events.start_index()}
    return render(request, T + "compare.html", context)
